"""Cost of places: the pipeline with place resolution and event location against without.

Usage: python benchmarks/bench_places.py [--docs 120] [--rounds 3] [--lang fr en]

Texts: the bundled sample articles of each language (``veille.samples``),
repeated to ``--docs`` documents and extracted once. Each round runs
``veille.engine.process_articles`` (parse, actors, events) on the same
articles twice, once with ``places=False`` (events still get their
lead/background salience) and once with ``places=True`` (place resolution,
event location), alternating which goes first so that warm-up and machine
noise fall on both. The ratio is the median time with places over the median
time without (target <= 1.10, at most 10% slower).

On a shared machine the end-to-end ratio moves with the load of other jobs,
so the stage is also timed alone: the same articles are parsed and coded
once, then place resolution and event location run on them; ``stage`` is
``1 + (time of the place stage) / (time of the pipeline without places)``,
the slowdown the stage alone adds.

Memory: the gazetteer is loaded in a fresh subprocess under ``tracemalloc``,
which reports the Python heap it holds once loaded (and its peak while
loading); the load time is taken in another fresh process without
``tracemalloc``, which slows allocation. The sample corpus ships with veille, so this
benchmark never needs ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import replace

from veille.engine import process_articles
from veille.extract import extract_article
from veille.records import Article, RawDocument
from veille.samples import REFERENCE_TIME, article_paths
from veille.settings import Settings

RATIO_TARGET = 1.10


def make_articles(language: str, count: int, settings: Settings) -> list[Article]:
    """Extract ``count`` sample articles of ``language`` (the corpus repeated)."""
    originals = [path.read_text("utf-8") for path in article_paths(language)]  # type: ignore[arg-type]
    articles = []
    for index in range(count):
        raw = RawDocument(
            source=f"bench-{index}", data=originals[index % len(originals)], media_type="text/plain"
        )
        articles.append(extract_article(raw, settings))
    return articles


def time_once(articles: list[Article], settings: Settings) -> float:
    start = time.perf_counter()
    process_articles(articles, settings)
    return time.perf_counter() - start


def time_stage(articles: list[Article], settings: Settings) -> float:
    """Time place resolution and event location alone, on articles parsed and coded once."""
    from veille.actors import get_resolver  # noqa: PLC0415
    from veille.events import get_coder  # noqa: PLC0415
    from veille.nlp import load_pipeline  # noqa: PLC0415
    from veille.places import get_place_resolver, locate_events  # noqa: PLC0415

    language = articles[0].language
    nlp = load_pipeline(language, settings.fr_model if language == "fr" else settings.en_model)
    docs = list(nlp.pipe(a.text for a in articles))
    actors, coder = get_resolver(language), get_coder(language)
    coded = []
    for doc, article in zip(docs, articles, strict=True):
        mentions = actors.resolve_mentions(doc)
        coded.append((doc, article, mentions, coder.code(doc, article, mentions)))
    resolver = get_place_resolver(language)
    start = time.perf_counter()
    for doc, article, mentions, events in coded:
        places = resolver.resolve_places(doc, mentions, article=article)
        locate_events(events, places, mentions, article, doc)
    return time.perf_counter() - start


def bench_language(language: str, docs: int, rounds: int) -> dict[str, float | int | str]:
    base = Settings.from_env(language=language, as_of=REFERENCE_TIME)
    off, on = replace(base, places=False), replace(base, places=True)
    articles = make_articles(language, docs, base)
    process_articles(articles[:8], on)  # load models, gazetteer and lexicons before timing
    with_places: list[float] = []
    without: list[float] = []
    for round_ in range(rounds):
        order = [(on, with_places), (off, without)]
        for settings, times in order if round_ % 2 == 0 else order[::-1]:
            times.append(time_once(articles, settings))
    results = process_articles(articles, on)
    located = sum(1 for r in results for e in r.events if e.location is not None)
    events = sum(len(r.events) for r in results)
    places = sum(len(r.places) for r in results)
    median_on, median_off = statistics.median(with_places), statistics.median(without)
    stage = statistics.median(time_stage(articles, base) for _ in range(rounds))
    return {
        "language": language,
        "docs": docs,
        "without_s": round(median_off, 3),
        "with_s": round(median_on, 3),
        "ratio": round(median_on / median_off, 3),
        "stage_s": round(stage, 3),
        "stage": round(1 + stage / median_off, 3),
        "docs_per_s_with": round(docs / median_on, 1),
        "places": places,
        "events": events,
        "located": located,
    }


def gazetteer_memory() -> dict[str, float]:
    """Load the gazetteer in a fresh process and report its heap and load time."""
    code = (
        "import json, time, tracemalloc\n"
        "tracemalloc.start()\n"
        "from veille.places.gazetteer import Gazetteer\n"
        "base = tracemalloc.get_traced_memory()[0]\n"
        "t = time.perf_counter()\n"
        "gaz = Gazetteer.load()\n"
        "elapsed = time.perf_counter() - t\n"
        "current, peak = tracemalloc.get_traced_memory()\n"
        "print(json.dumps({'places': len(gaz), 'held_mib': (current - base) / 2**20,"
        " 'peak_mib': (peak - base) / 2**20, 'load_s': elapsed}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(run.stdout)
    timing = (
        "import json, time\n"
        "from veille.places.gazetteer import Gazetteer\n"
        "t = time.perf_counter()\n"
        "Gazetteer.load()\n"
        "print(json.dumps(time.perf_counter() - t))\n"
    )
    run = subprocess.run([sys.executable, "-c", timing], capture_output=True, text=True, check=True)
    found["load_s"] = json.loads(run.stdout)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, default=120, help="documents per language")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median kept)")
    parser.add_argument("--lang", nargs="+", default=["fr", "en"], choices=["fr", "en"])
    args = parser.parse_args()
    memory = gazetteer_memory()
    print(
        f"gazetteer: {memory['places']:.0f} places, {memory['held_mib']:.1f} MiB held "
        f"(peak {memory['peak_mib']:.1f} MiB while loading), loaded in {memory['load_s']:.2f} s"
    )
    print(
        f"{'lang':4} {'docs':>5} {'without s':>10} {'with s':>8} {'ratio':>6} {'stage s':>8} "
        f"{'stage':>6} {'docs/s':>7} {'places':>7} {'events':>7} {'located':>8}"
    )
    worst = 0.0
    for language in args.lang:
        row = bench_language(language, args.docs, args.rounds)
        worst = max(worst, float(row["stage"]))
        print(
            f"{row['language']:4} {row['docs']:>5} {row['without_s']:>10} {row['with_s']:>8} "
            f"{row['ratio']:>6} {row['stage_s']:>8} {row['stage']:>6} "
            f"{row['docs_per_s_with']:>7} {row['places']:>7} "
            f"{row['events']:>7} {row['located']:>8}"
        )
    verdict = "within" if worst <= RATIO_TARGET else "ABOVE"
    print(f"\nworst stage ratio {worst:.3f}: {verdict} the target of {RATIO_TARGET:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
