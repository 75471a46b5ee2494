"""Cost of the learned event detector: rules + model against the rules alone, same run.

Usage: python benchmarks/bench_event_model.py [--docs 60] [--rounds 3] [--lang fr en]

Texts: the bundled sample articles of each language (``veille.samples``),
repeated to ``--docs`` documents. Two measures per language, both in this
one process, the two sides interleaved round by round so that a busy
machine slows both alike:

* ``stage``: the event coder alone on the same parses (spaCy, actors and
  places done once beforehand): ``EventCoder`` with no proposer (the rules,
  ``VEILLE_EVENT_MODEL=off``) against ``EventCoder`` with the shipped
  model's proposer. The ratio is rules-only time over rules+model time
  (1.0: the model costs nothing; 0.5: the coder takes twice as long).
* ``pipeline``: ``veille.engine.process_articles`` end to end (extract
  aside: the articles are built once) with ``event_model="off"`` against
  ``"events"``; the ratio is docs/s with the model over docs/s without.

It also prints the artefact's size on disk and the memory the loaded model
takes (``tracemalloc``, the Python objects built from the JSON). Medians
over ``--rounds``. The sample corpus ships with veille, so this benchmark
never needs ``../shared``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace
from typing import Any

from veille.events.coder import EventCoder
from veille.events.model import DEFAULT_MODEL, OFF, load_model, make_proposer, model_path
from veille.samples import REFERENCE_TIME, article_paths
from veille.settings import Settings

LANGUAGES = ("fr", "en")


def make_records(language: str, count: int) -> list[dict[str, Any]]:
    """Return ``count`` sample articles of ``language`` as gold-shaped records (text only)."""
    originals = [path.read_text("utf-8") for path in article_paths(language)]  # type: ignore[arg-type]
    return [
        {
            "id": f"{language}-{index}",
            "text": originals[index % len(originals)],
            "language": language,
            "date": REFERENCE_TIME.isoformat(),
        }
        for index in range(count)
    ]


def time_stage(language: str, docs: int, rounds: int) -> tuple[float, float, int, int]:
    """Return the median seconds of the rules alone and of rules + model, and their event counts."""
    from veille.training.events import parse_records  # noqa: PLC0415 - heavy import

    settings = replace(Settings(as_of=REFERENCE_TIME), event_model=OFF)
    parsed = list(parse_records(make_records(language, docs), settings))
    rules = EventCoder(language)
    voted = EventCoder(language, proposer=make_proposer(DEFAULT_MODEL, language))
    counts = {}
    timings: dict[str, list[float]] = {"rules": [], "model": []}
    for coder, name in ((rules, "rules"), (voted, "model")):  # warm up, count events
        counts[name] = sum(len(coder.code(d, a, m, p)) for _, a, d, m, p in parsed)
    for _ in range(rounds):
        for coder, name in ((rules, "rules"), (voted, "model")):
            start = time.perf_counter()
            for _, article, doc, mentions, places in parsed:
                coder.code(doc, article, mentions, places)
            timings[name].append(time.perf_counter() - start)
    return (
        statistics.median(timings["rules"]),
        statistics.median(timings["model"]),
        counts["rules"],
        counts["model"],
    )


def time_pipeline(language: str, docs: int, rounds: int) -> tuple[float, float]:
    """Return the median docs/s of ``process_articles`` without and with the model."""
    from veille.engine import process_articles  # noqa: PLC0415
    from veille.training.events import _article  # noqa: PLC0415

    base = Settings(as_of=REFERENCE_TIME)
    articles = [_article(r, base) for r in make_records(language, docs)]
    sides = {name: replace(base, event_model=name) for name in (OFF, DEFAULT_MODEL)}
    for settings in sides.values():  # load both pipelines and warm them up
        process_articles(articles[:4], settings)
    rates: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, settings in sides.items():
            start = time.perf_counter()
            process_articles(articles, settings)
            rates[name].append(len(articles) / (time.perf_counter() - start))
    return statistics.median(rates[OFF]), statistics.median(rates[DEFAULT_MODEL])


def model_memory_mib() -> float:
    """Return the memory the loaded shipped model takes, in MiB (a fresh load)."""
    load_model.cache_clear()
    tracemalloc.start()
    load_model(DEFAULT_MODEL)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return current / 2**20


def main() -> int:
    """Run both measures per language and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    args = parser.parse_args()
    size = model_path(DEFAULT_MODEL).stat().st_size
    print(
        f"model artefact {size / 1024:.0f} KiB on disk, {model_memory_mib():.1f} MiB loaded; "
        f"{args.docs} docs per language, median of {args.rounds} rounds, one process"
    )
    print(
        f"\n{'lang':<4} {'rules s':>8} {'+model s':>9} {'stage ratio':>11} "
        f"{'events rules→model':>19} {'off docs/s':>11} {'model docs/s':>13} {'pipeline ratio':>15}"
    )
    for language in args.lang:
        rules_s, model_s, rules_n, model_n = time_stage(language, args.docs, args.rounds)
        off_rate, on_rate = time_pipeline(language, args.docs, args.rounds)
        print(
            f"{language:<4} {rules_s:>8.2f} {model_s:>9.2f} {rules_s / model_s:>11.2f} "
            f"{f'{rules_n}→{model_n}':>19} {off_rate:>11.1f} {on_rate:>13.1f} "
            f"{on_rate / off_rate:>15.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
