"""Ingest throughput on real news pages, as a ratio against bare trafilatura.

Usage: python benchmarks/bench_ingest.py [--rounds 3] [--eval-dir ../shared/eval/html]

Same pages as ``bench_metadata.py``. Three ways of reading them, all in this
process and interleaved round by round so that a busy machine slows them alike:

* ``trafilatura``: ``trafilatura.bare_extraction(html, url=..., with_metadata=True)``,
  the baseline;
* ``veille extract``: ``veille.extract.extract_article`` (page metadata,
  trafilatura body, sections, language, dates, signatures);
* ``veille extract+store``: the same, then ``store.save(ArticleResult(article),
  source)`` into a fresh SQLite file per round (WAL, FTS5, near-duplicate
  check), without NLP.

Each figure is the median over the rounds; the ratio is veille's articles/s
over trafilatura's. Warm-up passes (language models, lxml, first SQLite file)
are not timed. When ``../shared`` is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_metadata import DEFAULT_EVAL_DIR, Page, load_pages
from veille.extract import extract_article
from veille.records import ArticleResult, RawDocument
from veille.settings import Settings
from veille.store import open_store

WARM_UP_PAGES = 5


def read_with_trafilatura(pages: list[Page], _workdir: Path) -> None:
    """Baseline: trafilatura's own extraction with metadata, nothing else."""
    import trafilatura  # noqa: PLC0415

    for page in pages:
        trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)


def read_with_veille(pages: list[Page], _workdir: Path) -> None:
    """Read the pages with veille's extraction stage alone."""
    settings = Settings()
    for page in pages:
        extract_article(_raw(page), settings)


def read_and_store_with_veille(pages: list[Page], workdir: Path) -> None:
    """Read the pages with veille, saving each article to a new SQLite store (no NLP)."""
    settings = Settings()
    # A new file per call: saving into last round's store would only find duplicates.
    with open_store(workdir / f"{time.monotonic_ns()}.db") as store:
        for page in pages:
            store.save(ArticleResult(extract_article(_raw(page), settings)), page.name)


def _raw(page: Page) -> RawDocument:
    return RawDocument(source=page.name, data=page.html, media_type="text/html", url=page.url)


MODES: dict[str, Callable[[list[Page], Path], None]] = {
    "trafilatura": read_with_trafilatura,
    "veille extract": read_with_veille,
    "veille extract+store": read_and_store_with_veille,
}


def measure(pages: list[Page], rounds: int, workdir: Path) -> dict[str, float]:
    """Return the median articles/s of each mode over ``rounds`` interleaved rounds."""
    for run in MODES.values():
        run(pages[:WARM_UP_PAGES], workdir)
    rates: dict[str, list[float]] = {name: [] for name in MODES}
    for index in range(rounds):
        names = list(MODES)
        # Rotate the order so no mode always runs first on a cold cache.
        names = names[index % len(names) :] + names[: index % len(names)]
        for name in names:
            start = time.perf_counter()
            MODES[name](pages, workdir)
            rates[name].append(len(pages) / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in rates.items()}


def main() -> int:
    """Run the benchmark and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.eval_dir.is_dir():
        print(f"{args.eval_dir} not found: the real pages live in ../shared; nothing to measure.")
        return 0
    pages = load_pages(args.eval_dir)
    megabytes = sum(len(p.html.encode("utf-8")) for p in pages) / 2**20
    print(f"{len(pages)} pages ({megabytes:.1f} MiB of HTML), median of {args.rounds} rounds")
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as tmp:
        rates = measure(pages, args.rounds, Path(tmp))
    baseline = rates["trafilatura"]
    print(f"\n{'mode':<22} {'articles/s':>10} {'ratio':>7}")
    for name, rate in rates.items():
        print(f"{name:<22} {rate:>10.1f} {rate / baseline:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
