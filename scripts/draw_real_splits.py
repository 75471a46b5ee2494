"""Draw the train/dev/test split of the real-news corpus and cut annotation batches.

Usage::

    python scripts/draw_real_splits.py --pool /tmp/real_pool

``--pool`` is the output folder of ``scripts/build_real_corpus.py``. The draw is
random BY SOURCE DOCUMENT (a unit's ``group``): every unit of one document
lands in the same split. The seed, 20261206, was fixed and written down in
``eval/real/README.md`` before the first draw. Per language:

* sentence units: groups in seeded random order fill the test split until it
  holds at least ``TEST_SENTENCES`` units, then the dev split until it holds at
  least ``DEV_SENTENCES``; the rest is train. Training-only units (the PLOVER
  GSR dev half) always go to train.
* article units: the first ``TEST_ARTICLES`` articles in seeded random order
  are test, the next ``DEV_ARTICLES`` dev, the rest train.

It writes ``eval/real/units/{train,dev,test}/{fr,en}_{sentences,articles}.jsonl``,
``eval/real/splits.json`` (method, seed, sorted ids per split and language, and
the sha256 of the canonical JSON of the sorted test id list) and the
annotation batches ``eval/real/annotation/batches/{split}/{lang}-{sent|art}-NN.jsonl``
(about ``SENTENCES_PER_BATCH`` sentence units or ``ARTICLES_PER_BATCH``
articles each; training-only units are not batched, they are annotated
already). It prints aggregate counts only, never a record.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "eval" / "real"
SEED = 20261206
SPLITS = ("train", "dev", "test")
LANGUAGES = ("fr", "en")
TEST_SENTENCES = 330
DEV_SENTENCES = 250
TEST_ARTICLES = 8
DEV_ARTICLES = 6
SENTENCES_PER_BATCH = 80
ARTICLES_PER_BATCH = 3

METHOD = (
    "Random by source document (unit 'group'). Per language, sentence groups are put in"
    f" random order (random.Random('{SEED}:split:<lang>:sentences'), groups sorted first) and"
    f" fill test until it holds >= {TEST_SENTENCES} units, then dev until >= {DEV_SENTENCES},"
    " the rest train; training-only units (PLOVER GSR dev) go to train. Article groups are put"
    f" in random order (random.Random('{SEED}:split:<lang>:articles')): the first"
    f" {TEST_ARTICLES} are test, the next {DEV_ARTICLES} dev, the rest train."
)
HASH_METHOD = (
    "test_ids_sha256: sha256 of json.dumps(sorted(all test unit ids, both languages and"
    " kinds), separators=(',', ':'), ensure_ascii=True) encoded as UTF-8;"
    " test_units_sha256: the same over the list of test unit objects sorted by id, with"
    " sort_keys=True"
)


def test_ids_sha256(test_ids: list[str]) -> str:
    """Hash the sorted test ids as the pinned canonical JSON."""
    canonical = json.dumps(sorted(test_ids), separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_units_sha256(units: list[dict[str, Any]]) -> str:
    """Hash the test units' content (sorted by id, keys sorted) so a text edit shows too."""
    ordered = sorted(units, key=lambda unit: unit["id"])
    canonical = json.dumps(ordered, separators=(",", ":"), ensure_ascii=True, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read one JSON object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_jsonl(path: Path, units: list[dict[str, Any]]) -> None:
    """Write units one per line, keys sorted, UTF-8 kept readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for unit in units:
            handle.write(json.dumps(unit, ensure_ascii=False, sort_keys=True) + "\n")


def draw_sentences(units: list[dict[str, Any]], language: str) -> dict[str, list[dict[str, Any]]]:
    """Split sentence units by group, filling test then dev to their minimum sizes."""
    split: dict[str, list[dict[str, Any]]] = {name: [] for name in SPLITS}
    drawable = [u for u in units if not u.get("training_only")]
    split["train"].extend(u for u in units if u.get("training_only"))
    by_group: dict[str, list[dict[str, Any]]] = {}
    for unit in drawable:
        by_group.setdefault(unit["group"], []).append(unit)
    order = sorted(by_group)
    random.Random(f"{SEED}:split:{language}:sentences").shuffle(order)
    for group in order:
        if len(split["test"]) < TEST_SENTENCES:
            target = "test"
        elif len(split["dev"]) < DEV_SENTENCES:
            target = "dev"
        else:
            target = "train"
        split[target].extend(by_group[group])
    return split


def draw_articles(units: list[dict[str, Any]], language: str) -> dict[str, list[dict[str, Any]]]:
    """Split article units: the first ones in seeded order are test, then dev."""
    by_group = {unit["group"]: unit for unit in units}
    order = sorted(by_group)
    random.Random(f"{SEED}:split:{language}:articles").shuffle(order)
    return {
        "test": [by_group[g] for g in order[:TEST_ARTICLES]],
        "dev": [by_group[g] for g in order[TEST_ARTICLES : TEST_ARTICLES + DEV_ARTICLES]],
        "train": [by_group[g] for g in order[TEST_ARTICLES + DEV_ARTICLES :]],
    }


def batches(units: list[dict[str, Any]], size: int, seed: str) -> list[list[dict[str, Any]]]:
    """Cut units into near-equal batches of about ``size``, in a seeded random order."""
    pending = sorted((u for u in units if not u.get("training_only")), key=lambda u: u["id"])
    if not pending:
        return []
    random.Random(seed).shuffle(pending)
    count = math.ceil(len(pending) / size)
    return [pending[i::count] for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", type=Path, required=True)
    args = parser.parse_args()

    for folder in (REAL / "units", REAL / "annotation" / "batches"):
        if folder.exists():
            shutil.rmtree(folder)
    drawn: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {
        name: {lang: {} for lang in LANGUAGES} for name in SPLITS
    }
    for language in LANGUAGES:
        sentences = draw_sentences(read_jsonl(args.pool / f"{language}_sentences.jsonl"), language)
        articles = draw_articles(read_jsonl(args.pool / f"{language}_articles.jsonl"), language)
        for name in SPLITS:
            drawn[name][language]["sentences"] = sorted(sentences[name], key=lambda u: u["id"])
            drawn[name][language]["articles"] = sorted(articles[name], key=lambda u: u["id"])

    split_ids: dict[str, Any] = {}
    sizes: dict[str, Any] = {}
    for name in SPLITS:
        split_ids[name] = {}
        sizes[name] = {}
        for language in LANGUAGES:
            split_ids[name][language] = {}
            sizes[name][language] = {}
            for kind, units in drawn[name][language].items():
                write_jsonl(REAL / "units" / name / f"{language}_{kind}.jsonl", units)
                split_ids[name][language][kind] = [u["id"] for u in units]
                sizes[name][language][kind] = describe(units)
                size = SENTENCES_PER_BATCH if kind == "sentences" else ARTICLES_PER_BATCH
                short = "sent" if kind == "sentences" else "art"
                seed = f"{SEED}:batches:{name}:{language}:{kind}"
                for number, batch in enumerate(batches(units, size, seed), start=1):
                    path = (
                        REAL
                        / "annotation"
                        / "batches"
                        / name
                        / f"{language}-{short}-{number:02d}.jsonl"
                    )
                    write_jsonl(path, batch)
                    sizes[name][language][kind].setdefault("batches", 0)
                    sizes[name][language][kind]["batches"] += 1

    test_ids = [
        unit_id
        for language in LANGUAGES
        for ids in split_ids["test"][language].values()
        for unit_id in ids
    ]
    splits = {
        "method": METHOD,
        "seed": SEED,
        "hash_method": HASH_METHOD,
        "test_ids_sha256": test_ids_sha256(test_ids),
        "test_units_sha256": test_units_sha256(
            [
                unit
                for language in LANGUAGES
                for units in drawn["test"][language].values()
                for unit in units
            ]
        ),
        "sizes": sizes,
        "splits": split_ids,
    }
    write_splits(splits)


def describe(units: list[dict[str, Any]]) -> dict[str, Any]:
    """Count a split's units for ``splits.json``: units, documents, sources, selections."""
    return {
        "units": len(units),
        "documents": len({u["group"] for u in units}),
        "by_source": dict(sorted(Counter(u["source"]["corpus"] for u in units).items())),
        "by_selection": dict(sorted(Counter(u["selection"] for u in units).items())),
    }


def write_splits(splits: dict[str, Any]) -> None:
    """Write ``splits.json`` and print its pinned hashes and sizes (never a record)."""
    (REAL / "splits.json").write_text(
        json.dumps(splits, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )
    pins = {key: splits[key] for key in ("test_ids_sha256", "test_units_sha256")}
    print(json.dumps({**pins, "sizes": splits["sizes"]}, indent=1))


if __name__ == "__main__":
    main()
