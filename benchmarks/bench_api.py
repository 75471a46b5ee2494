"""API latency of ``GET /api/events`` on a store of 100,000 events, against raw SQL.

Usage: python benchmarks/bench_api.py [--events 100000] [--requests 30]

Builds a SQLite store of synthetic articles (20 events each, dates spread
over a year, actors drawn from a dozen codes), serves it with uvicorn on
127.0.0.1 and times, for a few typical queries, the HTTP request against the
raw SQL query that returns the same rows (the stored JSON payloads, decoded).
Prints p50/p95 of each in milliseconds and the p50 ratio API/SQL. Requests
go only to the local server and stop after ``--requests`` per query.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import socket
import sqlite3
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn

from veille.api import create_app
from veille.records import ActorRef, Article, ArticleResult, Event, Section, Span
from veille.settings import Settings
from veille.store import open_store

EVENTS_PER_ARTICLE = 20
CODES = ("RUS", "BLR", "NATO", "USA", "FRA", "DEU", "CHN", "UKR", "EU", "IRN", "TUR", "POL")
TYPES = (("AGREE", "057", 8.0, 1), ("ACCUSE", "112", -2.0, 3), ("MOBILIZE", "154", -7.2, 4))


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
                language="fr",
                published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
                sections=(Section("body", 0, len(text)),),
            )
            coded = []
            for _ in range(EVENTS_PER_ARTICLE):
                kind, cameo, goldstein, quad = rng.choice(TYPES)
                a, b = rng.sample(CODES, 2)
                coded.append(
                    Event(
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
                        coder="bench",
                    )
                )
            store.save(ArticleResult(article, (), tuple(coded)), f"bench:{number}")


def serve(db: Path) -> tuple[str, uvicorn.Server]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings.from_env({}, db=str(db)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


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
        conn = sqlite3.connect(db)
        cases = {
            "latest 100": (
                {"limit": 100},
                "SELECT payload FROM events ORDER BY event_date DESC, pk LIMIT 100",
                (),
            ),
            "actor=RUS, 100": (
                {"actor": "RUS", "limit": 100},
                "SELECT payload FROM events WHERE pk IN (SELECT event_pk FROM event_actors "
                "WHERE code = ?) ORDER BY event_date DESC, pk LIMIT 100",
                ("RUS",),
            ),
            "type=AGREE, June, 100": (
                {"type": "AGREE", "since": "2026-06-01", "until": "2026-06-30", "limit": 100},
                "SELECT payload FROM events WHERE event_type = ? AND event_date BETWEEN ? AND ? "
                "ORDER BY event_date DESC, pk LIMIT 100",
                ("AGREE", "2026-06-01", "2026-06-30"),
            ),
        }
        print(f"{'query':24} {'API p50':>9} {'API p95':>9} {'SQL p50':>9} {'SQL p95':>9} ratio")
        with httpx.Client(base_url=url, timeout=120) as client:
            for name, (params, sql, binds) in cases.items():
                api_times, sql_times = [], []
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    response = client.get("/api/events", params=params)
                    api_times.append((time.perf_counter() - t0) * 1000)
                    response.raise_for_status()
                    t0 = time.perf_counter()
                    rows = [json.loads(p) for (p,) in conn.execute(sql, binds)]
                    sql_times.append((time.perf_counter() - t0) * 1000)
                    assert len(rows) == len(response.json())
                api50, api95 = percentiles(api_times)
                sql50, sql95 = percentiles(sql_times)
                print(
                    f"{name:24} {api50:8.1f}ms {api95:8.1f}ms {sql50:8.1f}ms {sql95:8.1f}ms "
                    f"{api50 / sql50:5.1f}x"
                )
        conn.close()
        server.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
