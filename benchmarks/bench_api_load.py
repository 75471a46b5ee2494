"""API latency under 200 concurrent clients during an ingest, against one client in the same run.

Usage: python benchmarks/bench_api_load.py [--events 20000] [--clients 200] [--rounds 5]

Builds a SQLite store of synthetic events (``bench_api.build_store``), serves
it with ``veille serve`` in its own process, and starts ``veille ingest`` of
generated French articles into the same store in a third process, so that
every measurement runs while an ingest parses (one core) and commits a batch
of articles every few seconds. Then, with the ingest still running:

1. **one client**: the request mix below, one request at a time;
2. **burst**: ``--clients`` requests sent at the same instant (issue 20's
   reproduction: "200 concurrent GETs");
3. **concurrent clients**: ``--clients`` clients, each sending ``--rounds``
   requests of the mix back to back (no pause between requests);
4. **concurrent users**: the same, each client pausing before each request
   (exponential, mean ``--think`` seconds) as a person reading the page.

Phases 2 and 3 put every client's next request in the queue at once: on a
machine with ``c`` cores the last of ``n`` answers cannot come before ``n``
times the server's CPU per request divided by ``c``, so their p99 is bound
to be about ``n / c`` times the one-client latency whatever the server does
(Little's law); phase 4 is the load of people using the dashboard.

The mix is what the dashboard's list views ask: merged events (the default
listing), raw events, events of one actor, articles, stories, one article,
a search. It leaves out the timeline and network aggregates, which read
every matching event (their cost grows with the store; see README).

Prints p50/p95/p99 of each phase in milliseconds, the ratio of each
phase's p99 to the one-client p50 and to the one-client p99 (the target:
at most 10x), the requests that failed, the server's CPU per request (from
/proc: what waiting for a core does not inflate), and whether the ingest
was still running at the end. The
clients are asyncio tasks of this process, on the same 2 cores as
the server and the ingest, each with its own keep-alive connection (a
minimal HTTP/1.1 client: httpx's shared pool costs more than the server
under 200 concurrent requests). Requests go only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx

from bench_api import build_store, serve, server_cpu

SAMPLES = Path(__file__).parents[1] / "src" / "veille" / "samples" / "articles"
MIX = (
    "/api/events?limit=50",
    "/api/events?merged=false&limit=50",
    "/api/events?merged=false&actor=RUS&limit=50",
    "/api/articles?limit=20",
    "/api/stories?limit=20",
    "/api/articles/bench0000042",
    "/api/search?q=Phrase%20test&limit=20",
)
ONE_CLIENT_REQUESTS = 210


def write_corpus(folder: Path, count: int) -> Path:
    """Write ``count`` distinct French articles made from the bundled samples; return the folder."""
    corpus = folder / "corpus"
    corpus.mkdir()
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*_fr_*.txt"))]
    for number in range(count):
        title, _, body = texts[number % len(texts)].partition("\n")
        unique = f"Le porte-parole numéro {number} a confirmé ces informations lundi."
        text = f"{title} ({number})\n{body}\n\n{unique}\n"
        (corpus / f"a{number:05d}.txt").write_text(text, encoding="utf-8")
    return corpus


def start_ingest(db: Path, corpus: Path) -> subprocess.Popen[bytes]:
    """Start ``veille ingest`` of ``corpus`` into ``db`` in its own process."""
    command = [sys.executable, "-m", "veille", "--db", str(db), "ingest", str(corpus), "--lang"]
    return subprocess.Popen(
        [*command, "fr", "--as-of", "2026-11-24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_writes(url: str, before: int, ingest: subprocess.Popen[bytes]) -> None:
    """Return once the ingest has committed its first articles (spaCy is loaded and parsing)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and ingest.poll() is None:
        total = int(httpx.get(f"{url}/api/articles?limit=0", timeout=30).headers["x-total-count"])
        if total > before:
            return
        time.sleep(1)
    raise RuntimeError("the ingest wrote nothing")


class Connection:
    """One client's keep-alive HTTP/1.1 connection, with as little client work as possible.

    httpx's connection pool is shared by its requests and scans them on each
    event, which for 200 concurrent requests costs more than the server does;
    a browser keeps a connection of its own, and so does each client here.
    """

    def __init__(self, host: str, port: int) -> None:
        """Remember where to connect; :meth:`open` connects."""
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        """Connect (not timed)."""
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def get(self, path: str) -> int:
        """Send one GET and read the whole answer; return its status."""
        if self.reader is None or self.writer is None:
            raise RuntimeError("open() the connection first")
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        """Close the connection (one the server closed already included)."""
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
            self.reader = self.writer = None


async def timed_get(connection: Connection, path: str, latencies: list[float]) -> bool:
    """GET ``path``; record its latency in ms; return whether it answered 200.

    The server closes a connection idle for 5 s (uvicorn's keep-alive), as
    after a long pause; like a browser, the client then connects again and
    resends, and the latency includes it.
    """
    started = time.perf_counter()
    status = 0
    for attempt in range(2):
        try:
            status = await connection.get(path)
            break
        except (OSError, asyncio.IncompleteReadError, ValueError):
            await connection.close()
            if attempt == 0:
                await connection.open()
    latencies.append((time.perf_counter() - started) * 1000)
    return status == 200


async def one_client(url: str) -> tuple[list[float], int]:
    """Send the mix one request at a time; return the latencies and failures."""
    latencies: list[float] = []
    failures = 0
    connection = Connection(*_address(url))
    await connection.open()
    for number in range(ONE_CLIENT_REQUESTS):
        failures += not await timed_get(connection, MIX[number % len(MIX)], latencies)
    await connection.close()
    return latencies, failures


async def many_clients(
    url: str, clients: int, rounds: int, think: float = 0.0
) -> tuple[list[float], int]:
    """Run ``clients`` clients of ``rounds`` requests each (1 round: a burst).

    Every client connects first; then all start at once. With ``think``,
    each client pauses a random time of that mean (exponential) before each
    request, as a person reading the dashboard.
    """
    latencies: list[float] = []
    rng = random.Random(11)
    plans = [
        [(rng.expovariate(1 / think) if think else 0.0, rng.choice(MIX)) for _ in range(rounds)]
        for _ in range(clients)
    ]
    connections = [Connection(*_address(url)) for _ in range(clients)]
    await asyncio.gather(*(connection.open() for connection in connections))
    start = asyncio.Event()

    async def run(connection: Connection, plan: list[tuple[float, str]]) -> int:
        await start.wait()
        failed = 0
        for pause, path in plan:
            await asyncio.sleep(pause)
            failed += not await timed_get(connection, path, latencies)
        return failed

    tasks = [asyncio.create_task(run(c, plan)) for c, plan in zip(connections, plans, strict=True)]
    await asyncio.sleep(0)
    start.set()
    failures = await asyncio.gather(*tasks)
    await asyncio.gather(*(connection.close() for connection in connections))
    return latencies, sum(failures)


def _address(url: str) -> tuple[str, int]:
    host, _, port = url.removeprefix("http://").partition(":")
    return host, int(port)


def quantile(samples: list[float], q: float) -> float:
    """Return the ``q`` quantile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def report(
    label: str,
    latencies: list[float],
    failures: int,
    cpu_seconds: float,
    base: tuple[float, float] | None,
) -> tuple[float, float]:
    """Print one phase's line; return its p50 and p99."""
    p50 = statistics.median(latencies)
    p95, p99 = quantile(latencies, 0.95), quantile(latencies, 0.99)
    ratios = f"{p99 / base[0]:8.1f}x{p99 / base[1]:8.1f}x" if base else f"{'':>18}"
    cpu = cpu_seconds / len(latencies) * 1000
    print(
        f"{label:<32}{len(latencies):>6}{failures:>5}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}"
        f"{ratios}{cpu:>9.2f}",
        flush=True,
    )
    return p50, p99


def measured(
    pid: int, phase: Callable[[], Coroutine[Any, Any, tuple[list[float], int]]]
) -> tuple[list[float], int, float]:
    """Run one phase; return its latencies, failures and the server's CPU seconds."""
    before = server_cpu(pid)
    latencies, failures = asyncio.run(phase())
    return latencies, failures, server_cpu(pid) - before


def main() -> int:
    """Build, serve, ingest, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1500, help="articles the ingest writes")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause of phase 4, s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "load.db"
        began = time.monotonic()
        build_store(db, args.events, random.Random(7))
        print(f"store: {args.events} events built in {time.monotonic() - began:.0f} s")
        corpus = write_corpus(folder, args.articles)
        url, server = serve(db)
        before = args.events // 20
        ingest = start_ingest(db, corpus)
        try:
            wait_for_writes(url, before, ingest)
            print(
                f"{'phase':<32}{'reqs':>6}{'fail':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
                f"{'p99/1p50':>9}{'p99/1p99':>9}{'CPU ms':>9}"
            )
            pid = server.pid
            base = report("one client", *measured(pid, lambda: one_client(url)), None)
            burst = measured(pid, lambda: many_clients(url, args.clients, 1))
            report(f"burst of {args.clients} GETs", *burst, base)
            loaded = measured(pid, lambda: many_clients(url, args.clients, args.rounds))
            report(f"{args.clients} clients x {args.rounds}, no pause", *loaded, base)
            paced = measured(
                pid, lambda: many_clients(url, args.clients, args.rounds, think=args.think)
            )
            report(f"{args.clients} clients x {args.rounds}, {args.think:g} s pauses", *paced, base)
            written = int(httpx.get(f"{url}/api/articles?limit=0").headers["x-total-count"])
            running = "still running" if ingest.poll() is None else "FINISHED before the end"
            print(f"ingest: {written - before} articles written, {running}")
        finally:
            for process in (ingest, server):
                process.terminate()
                process.wait(timeout=60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
