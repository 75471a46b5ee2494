"""Draw the real-news corpus's second test split from the first draw's train part.

Usage::

    python scripts/redraw_real_test.py

Why and how are written in ``eval/real/README.md`` ("Second draw"): the first
test split was retired after the lead developer read annotators' reports on
its records. This script, run once:

* moves the first draw's test units into train (their batches, already
  annotated, move unchanged to ``annotation/batches/train-first-test/``);
* draws a new test split from the first draw's train units only, with seed
  ``SEED`` and the first draw's method and sizes (``draw_real_splits``);
* re-cuts the new test units and what is left of train into batches; dev and
  its batches are untouched;
* rewrites ``eval/real/units/`` and ``eval/real/splits.json`` (new pinned
  hashes, and the first draw's hashes under ``retired``).

Like the first draw it prints aggregate counts only, never a record.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import draw_real_splits as first  # a sibling script, not a package

SEED = 20261207
REAL = first.REAL
BATCHES = REAL / "annotation" / "batches"
KINDS = ("sentences", "articles")

METHOD = (
    f"Second draw, seed {SEED}: the first draw's test units became train; the new test split"
    " was drawn from the first draw's train units only (training-only units excluded), by"
    " source document (unit 'group'), with the first draw's method: sentence groups in"
    f" random.Random('{SEED}:split:<lang>:sentences') order fill test until it holds"
    f" >= {first.TEST_SENTENCES} units; the first {first.TEST_ARTICLES} article groups in"
    f" random.Random('{SEED}:split:<lang>:articles') order are test. Dev is the first draw's."
)


def _units(split: str, language: str, kind: str) -> list[dict[str, Any]]:
    return first.read_jsonl(REAL / "units" / split / f"{language}_{kind}.jsonl")


def _draw_test(units: list[dict[str, Any]], language: str, kind: str) -> set[str]:
    """Return the groups of ``units`` drawn into the new test split."""
    groups = sorted({u["group"] for u in units if not u.get("training_only")})
    random.Random(f"{SEED}:split:{language}:{kind}").shuffle(groups)
    if kind == "articles":
        return set(groups[: first.TEST_ARTICLES])
    sizes = Counter(u["group"] for u in units)
    chosen: set[str] = set()
    held = 0
    for group in groups:
        if held >= first.TEST_SENTENCES:
            break
        chosen.add(group)
        held += sizes[group]
    return chosen


def main() -> None:
    """Run the second draw (see the module docstring)."""
    old = json.loads((REAL / "splits.json").read_text(encoding="utf-8"))
    if old.get("seed") == SEED:
        raise SystemExit("the second draw is already done; nothing to do")
    retired = BATCHES / "train-first-test"
    shutil.move(str(BATCHES / "test"), str(retired))
    shutil.rmtree(BATCHES / "train")

    drawn: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {
        name: {lang: {} for lang in first.LANGUAGES} for name in first.SPLITS
    }
    for language in first.LANGUAGES:
        for kind in KINDS:
            pool = _units("train", language, kind)
            new_test = _draw_test(pool, language, kind)
            test = [u for u in pool if u["group"] in new_test]
            train = [u for u in pool if u["group"] not in new_test]
            train += _units("test", language, kind)
            drawn["test"][language][kind] = sorted(test, key=lambda u: u["id"])
            drawn["train"][language][kind] = sorted(train, key=lambda u: u["id"])
            drawn["dev"][language][kind] = _units("dev", language, kind)

    split_ids: dict[str, Any] = {}
    sizes: dict[str, Any] = {}
    retired_ids = {
        u["id"] for lang in first.LANGUAGES for k in KINDS for u in _units("test", lang, k)
    }
    for name in first.SPLITS:
        split_ids[name], sizes[name] = {}, {}
        for language in first.LANGUAGES:
            split_ids[name][language], sizes[name][language] = {}, {}
            for kind, units in drawn[name][language].items():
                first.write_jsonl(REAL / "units" / name / f"{language}_{kind}.jsonl", units)
                split_ids[name][language][kind] = [u["id"] for u in units]
                sizes[name][language][kind] = first.describe(units)
                if name == "dev":
                    continue
                # Train batches hold only units not already batched in the retired test.
                to_batch = [u for u in units if u["id"] not in retired_ids]
                size = (
                    first.SENTENCES_PER_BATCH if kind == "sentences" else first.ARTICLES_PER_BATCH
                )
                short = "sent" if kind == "sentences" else "art"
                seed = f"{SEED}:batches:{name}:{language}:{kind}"
                for number, batch in enumerate(first.batches(to_batch, size, seed), start=1):
                    first.write_jsonl(
                        BATCHES / name / f"{language}-{short}-{number:02d}.jsonl", batch
                    )

    test_ids = [
        unit_id
        for language in first.LANGUAGES
        for ids in split_ids["test"][language].values()
        for unit_id in ids
    ]
    test_units = [
        u
        for language in first.LANGUAGES
        for units in drawn["test"][language].values()
        for u in units
    ]
    splits = {
        "method": METHOD,
        "seed": SEED,
        "hash_method": first.HASH_METHOD,
        "test_ids_sha256": first.test_ids_sha256(test_ids),
        "test_units_sha256": first.test_units_sha256(test_units),
        "retired": {
            "reason": "the lead read annotators' reports on the first test split's records",
            "method": old["method"],
            "seed": old["seed"],
            "test_ids_sha256": old["test_ids_sha256"],
            "test_units_sha256": old["test_units_sha256"],
            "now_in": "train (batches: annotation/batches/train-first-test/)",
        },
        "sizes": sizes,
        "splits": split_ids,
    }
    first.write_splits(splits)


if __name__ == "__main__":
    main()
