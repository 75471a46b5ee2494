"""API latency of ``GET /api/events`` on a store of 100,000 events, against raw SQL.

Usage: python benchmarks/bench_api.py [--events 100000] [--requests 30]

Builds a SQLite store of synthetic articles (20 events each, dates spread
over a year, actors drawn from a dozen codes, half the articles in English,
a third of the events located in one of five countries, one in five
background), serves it with ``veille serve`` on 127.0.0.1 and times, for typical
queries, the HTTP request for raw events (``merged=false``) against the raw
SQL query that returns the same rows (the stored JSON payloads, decoded).
The server is ``veille serve`` in its own process; the SQL side reads the
same indexed store, so the ratio is what the API adds: HTTP, validation, the
total count, the JSON answer. Prints p50/p95 of
each in milliseconds and the p50 ratio API/SQL, after the HTTP floor: the
same endpoint asked for no row, which no query can go below. On a shared
machine wall-clock times mostly measure waiting for a core, so it also
prints the CPU time per request of each side (the server process's, read
from /proc; the SQL thread's) and their ratio, which waiting does not inflate.

The last lines time merged events (the API's default: one record per
real-world event, built per story) for the same pages; their ratio is to the
raw SQL of the first page of the same events, as there is no SQL for merging.
Requests go only to the local server and stop after ``--requests`` per query.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from veille.records import ActorRef, Article, ArticleResult, Event, Location, Section, Span
from veille.store import open_store

EVENTS_PER_ARTICLE = 20
CODES = ("RUS", "BLR", "NATO", "USA", "FRA", "DEU", "CHN", "UKR", "EU", "IRN", "TUR", "POL")
TYPES = (("AGREE", "057", 8.0, 1), ("ACCUSE", "112", -2.0, 3), ("MOBILIZE", "154", -7.2, 4))
COUNTRIES = ("UKR", "RUS", "BLR", "POL", "FRA")
ORDER = "ORDER BY event_date DESC, pk"

Case = tuple[dict[str, Any], str, tuple[Any, ...]]


def build_store(path: Path, events: int, rng: random.Random) -> None:
    start = date(2026, 1, 1)
    with open_store(path) as store:
        for number in range(events // EVENTS_PER_ARTICLE):
            text = f"Article {number}. " + " ".join(f"Phrase {i} de test." for i in range(30))
            day = start + timedelta(days=number % 365)
            article = Article(
                id=f"bench{number:07d}",
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                title=f"Article {number}",
                language="en" if number % 2 else "fr",
                published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
                sections=(Section("body", 0, len(text)),),
            )
            coded = []
            for _ in range(EVENTS_PER_ARTICLE):
                kind, cameo, goldstein, quad = rng.choice(TYPES)
                a, b = rng.sample(CODES, 2)
                event = Event(
                    article_id=article.id,
                    event_type=kind,
                    trigger=Span(0, 7, "Article"),
                    sentence=Span(0, 20, text[:20]),
                    cameo=cameo,
                    goldstein=goldstein,
                    quad_class=quad,
                    source=(ActorRef(a, a, 0, 7),),
                    target=(ActorRef(b, b, 0, 7),),
                    event_date=day.isoformat(),
                    salience="background" if rng.random() < 0.2 else "lead",
                    coder="bench",
                )
                if rng.random() < 1 / 3:
                    country = rng.choice(COUNTRIES)
                    where = Location(
                        country, f"C:{country}", country, None, None, None, "country", True
                    )
                    event = replace(event, location=where)
                coded.append(event)
            store.save(ArticleResult(article, (), tuple(coded)), f"bench:{number}")


def serve(db: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """Start ``veille serve`` over ``db`` in its own process; return its URL and the process.

    A separate process, as in production: the server does not share the
    interpreter (its lock and garbage collector) with the timing client.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "veille", "--db", str(db), "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(f"{url}/api/events?limit=0", timeout=5).raise_for_status()
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("veille serve did not start") from None
            time.sleep(0.2)
        else:
            return url, process


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def raw_cases() -> dict[str, Case]:
    """Return raw-event queries, each with the SQL that returns the same rows from the store."""
    actor = "SELECT event_pk FROM event_actors WHERE code = ?"
    return {
        "latest 100": ({"limit": 100}, f"SELECT payload FROM events {ORDER} LIMIT 100", ()),
        "page 50 of 100": (
            {"limit": 100, "offset": 5000},
            f"SELECT payload FROM events {ORDER} LIMIT 100 OFFSET 5000",
            (),
        ),
        "actor=RUS, 100": (
            {"actor": "RUS", "limit": 100},
            f"SELECT payload FROM events WHERE pk IN ({actor}) {ORDER} LIMIT 100",
            ("RUS",),
        ),
        "dyad=RUS,BLR, 100": (
            {"dyad": "RUS,BLR", "limit": 100},
            "SELECT payload FROM events WHERE pk IN (SELECT a.event_pk FROM event_actors a "
            "JOIN event_actors b ON b.event_pk = a.event_pk WHERE a.code = ? AND b.code = ?) "
            f"{ORDER} LIMIT 100",
            ("RUS", "BLR"),
        ),
        "type=AGREE, June, 100": (
            {"type": "AGREE", "since": "2026-06-01", "until": "2026-06-30", "limit": 100},
            "SELECT payload FROM events WHERE event_type = ? AND event_date BETWEEN ? AND ? "
            f"{ORDER} LIMIT 100",
            ("AGREE", "2026-06-01", "2026-06-30"),
        ),
        "quad_class=4, 100": (
            {"quad_class": 4, "limit": 100},
            f"SELECT payload FROM events WHERE quad_class = ? {ORDER} LIMIT 100",
            (4,),
        ),
        "language=en, 100": (
            {"language": "en", "limit": 100},
            f"SELECT payload FROM events WHERE language = ? {ORDER} LIMIT 100",
            ("en",),
        ),
        "place=UKR, lead, 100": (
            {"place": "UKR", "salience": "lead", "limit": 100},
            "SELECT payload FROM events WHERE location_country = ? AND salience = 'lead' "
            f"{ORDER} LIMIT 100",
            ("UKR",),
        ),
    }


def merged_cases() -> dict[str, Case]:
    """Return merged pages, each against the raw SQL of the first page of the same events."""
    cases = raw_cases()
    return {
        f"merged {name}": ({**params, "merged": "true"}, sql, binds)
        for name, (params, sql, binds) in cases.items()
        if name in ("latest 100", "actor=RUS, 100", "type=AGREE, June, 100")
    }


@dataclass(frozen=True)
class Timing:
    """Wall-clock percentiles of both sides (ms), and CPU time per request of each (ms)."""

    api50: float
    api95: float
    sql50: float
    sql95: float
    api_cpu: float
    sql_cpu: float


def server_cpu(pid: int) -> float:
    """Return the CPU seconds (user + system) process ``pid`` has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # Fields 14 and 15 of stat (utime, stime), counted after the command name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_case(
    client: httpx.Client,
    conn: sqlite3.Connection,
    case: Case,
    requests: int,
    *,
    server: int,
    same_rows: bool,
) -> Timing:
    """Run one case ``requests`` times, alternating the API request and the SQL query."""
    params, sql, binds = case
    api_times, sql_times = [], []
    sql_cpu = 0.0
    cpu_before = server_cpu(server)
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get("/api/events", params=params)
        api_times.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        t0, c0 = time.perf_counter(), time.thread_time()
        rows = [json.loads(p) for (p,) in conn.execute(sql, binds)]
        sql_cpu += time.thread_time() - c0
        sql_times.append((time.perf_counter() - t0) * 1000)
        if same_rows:
            assert rows == response.json(), f"API and SQL rows differ for {params}"
    api_cpu = (server_cpu(server) - cpu_before) / requests * 1000
    return Timing(
        *percentiles(api_times), *percentiles(sql_times), api_cpu, sql_cpu / requests * 1000
    )


def run_cases(url: str, db: Path, requests: int, server: int) -> None:
    """Time every case against the server at ``url`` (process ``server``) and print the table."""
    conn = sqlite3.connect(db)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'query':28} {'API p50':>8} {'API p95':>8} {'SQL p50':>8} {'SQL p95':>8} {'ratio':>6}"
        f" {'API CPU':>8} {'SQL CPU':>8} {'CPU ratio':>9}"
    )
    with httpx.Client(base_url=url, timeout=120) as client:
        # The floor: an HTTP round trip through the same endpoint that returns no row.
        floor = ({"limit": 0, "merged": "false"}, "SELECT payload FROM events LIMIT 0", ())
        got = time_case(client, conn, floor, requests, server=server, same_rows=True)
        print(
            f"{'HTTP floor (limit=0)':28} {got.api50:6.1f}ms {got.api95:6.1f}ms {'':24}"
            f"{got.api_cpu:6.2f}ms"
        )
        for cases, same_rows in ((raw_cases(), True), (merged_cases(), False)):
            for name, (params, sql, binds) in cases.items():
                asked = {**params, "merged": "false"} if same_rows else params
                got = time_case(
                    client, conn, (asked, sql, binds), requests, server=server, same_rows=same_rows
                )
                print(
                    f"{name:28} {got.api50:6.1f}ms {got.api95:6.1f}ms {got.sql50:6.1f}ms "
                    f"{got.sql95:6.1f}ms {got.api50 / got.sql50:5.1f}x "
                    f"{got.api_cpu:6.2f}ms {got.sql_cpu:6.2f}ms {got.api_cpu / got.sql_cpu:8.1f}x"
                )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        began = time.monotonic()
        build_store(db, args.events, rng)
        print(f"store: {args.events} events built in {time.monotonic() - began:.0f} s")
        url, server = serve(db)
        try:
            run_cases(url, db, args.requests, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
