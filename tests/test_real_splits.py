"""The frozen split of the real-news corpus (eval/real) cannot change silently.

These tests read unit ids, groups, sources and flags only, and report counts:
they never print a record of the test split (eval/real/README.md, "Rules").
The pinned hashes below are the ones ``scripts/draw_real_splits.py`` wrote into
``eval/real/splits.json`` when the split was drawn (the sorted test ids, and
the test units' content); changing the test split or a test unit means
changing these constants in a reviewed commit, and saying why.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

REAL = Path(__file__).resolve().parents[1] / "eval" / "real"
PINNED_TEST_SHA256 = "6d08e151de07a681a0b58530a724265c48d0445ff8db13992becc2ab486ebe13"
PINNED_TEST_UNITS_SHA256 = "75d087be2bb7087ae00c847d43fd8ce021ae20e659e6bf234e699fd6d88648a5"
# The second frozen test split: French articles only, drawn once (eval/real/README.md).
PINNED_TEST2_SHA256 = "1cbd6aee33a6c615af2bd28c7bf296ea1932a67021d81bd9348bcacb9a128522"
PINNED_TEST2_UNITS_SHA256 = "9537f5cd5f39b2d0f0aa659d4519eb6316da10c364bc7466c5d0b2c62eb3e984"
SPLITS = ("train", "dev", "test", "test2")
FROZEN = ("test", "test2")
LANGUAGES = ("fr", "en")
KINDS = ("sentences", "articles")


def _splits() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REAL / "splits.json").read_text(encoding="utf-8"))
    return data


def _units(split: str, language: str, kind: str) -> list[dict[str, Any]]:
    path = REAL / "units" / split / f"{language}_{kind}.jsonl"
    if split == "test2" and not path.is_file():
        return []  # test2 has French articles only; splits.json lists the rest empty
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _canonical_hash(ids: list[str]) -> str:
    canonical = json.dumps(sorted(ids), separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _test_ids(splits: dict[str, Any], split: str = "test") -> list[str]:
    return [
        unit_id
        for language in LANGUAGES
        for kind in KINDS
        for unit_id in splits["splits"][split][language][kind]
    ]


def _frozen_units(split: str) -> tuple[list[dict[str, Any]], str]:
    """A frozen split's units sorted by id, and the sha256 of their canonical JSON."""
    units = sorted(
        (
            unit
            for language in LANGUAGES
            for kind in KINDS
            for unit in _units(split, language, kind)
        ),
        key=lambda unit: unit["id"],
    )
    canonical = json.dumps(units, separators=(",", ":"), ensure_ascii=True, sort_keys=True)
    return units, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_test_split_hash_is_pinned() -> None:
    splits = _splits()
    recomputed = _canonical_hash(_test_ids(splits))
    assert recomputed == splits["test_ids_sha256"], "splits.json test ids do not match its hash"
    assert recomputed == PINNED_TEST_SHA256, "the frozen test split changed"


def test_test_units_content_is_pinned() -> None:
    _, recomputed = _frozen_units("test")
    assert recomputed == _splits()["test_units_sha256"], "a test unit's content changed"
    assert recomputed == PINNED_TEST_UNITS_SHA256, "a test unit's content changed"


def test_second_test_split_is_pinned() -> None:
    splits = _splits()
    ids = _test_ids(splits, "test2")
    assert _canonical_hash(ids) == splits["test2_ids_sha256"] == PINNED_TEST2_SHA256
    units, recomputed = _frozen_units("test2")
    assert recomputed == splits["test2_units_sha256"] == PINNED_TEST2_UNITS_SHA256
    assert {unit["language"] for unit in units} == {"fr"}
    assert all(unit["kind"] == "article" for unit in units)


def test_seed_and_method_are_written_down() -> None:
    splits = _splits()
    assert splits["seed"] == 20261207  # the second draw; the first is under "retired"
    assert "by source document" in splits["method"].lower()
    assert splits["retired"]["seed"] == 20261206


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_unit_files_hold_exactly_the_listed_ids(split: str, language: str, kind: str) -> None:
    listed = _splits()["splits"][split][language][kind]
    ids = [unit["id"] for unit in _units(split, language, kind)]
    assert ids == sorted(ids) == listed
    assert all(unit["language"] == language for unit in _units(split, language, kind))


def test_no_document_crosses_splits_and_ids_are_unique() -> None:
    split_of_group: dict[str, set[str]] = {}
    ids: Counter[str] = Counter()
    for split in SPLITS:
        for language in LANGUAGES:
            for kind in KINDS:
                for unit in _units(split, language, kind):
                    split_of_group.setdefault(unit["group"], set()).add(split)
                    ids[unit["id"]] += 1
    crossing = [group for group, splits in split_of_group.items() if len(splits) > 1]
    assert not crossing, f"{len(crossing)} documents have units in more than one split"
    assert max(ids.values()) == 1, "a unit id appears twice"


@pytest.mark.parametrize("language", LANGUAGES)
def test_split_sizes_meet_the_issue(language: str) -> None:
    sizes = {
        (split, kind): len(_splits()["splits"][split][language][kind])
        for split in SPLITS
        for kind in KINDS
    }
    assert sizes["test", "sentences"] >= 330
    assert sizes["test", "articles"] >= 8
    assert sizes["dev", "sentences"] >= 250
    assert sizes["dev", "articles"] >= 6
    assert sum(sizes[split, "sentences"] for split in SPLITS) >= 1150
    assert sum(sizes[split, "articles"] for split in SPLITS) >= (24 if language == "fr" else 23)


def test_training_only_units_stay_in_train() -> None:
    for split in ("dev", *FROZEN):
        for language in LANGUAGES:
            for kind in KINDS:
                units = _units(split, language, kind)
                assert not any(u.get("training_only") for u in units)
                assert not any(u["source"]["corpus"] == "plover_gsr_dev" for u in units)
    train = _units("train", "en", "sentences")
    assert sum(u["source"]["corpus"] == "plover_gsr_dev" for u in train) == 161


@pytest.mark.parametrize("split", SPLITS)
def test_batches_cover_their_split_exactly(split: str) -> None:
    # Train's batches include the retired first test split's, annotated before the second draw.
    folders = [split, "train-first-test"] if split == "train" else [split]
    batched: Counter[str] = Counter()
    paths = [p for f in folders for p in (REAL / "annotation" / "batches" / f).glob("*.jsonl")]
    for path in sorted(paths):
        language, short, _number = path.stem.split("-")
        assert language in LANGUAGES
        assert short in {"sent", "art"}
        for line in path.read_text(encoding="utf-8").splitlines():
            batched[json.loads(line)["id"]] += 1
    expected = {
        unit["id"]
        for language in LANGUAGES
        for kind in KINDS
        for unit in _units(split, language, kind)
        if not unit.get("training_only")
    }
    assert set(batched) == expected
    assert max(batched.values()) == 1


def test_units_carry_source_licence_and_date() -> None:
    for split in SPLITS:
        for language in LANGUAGES:
            for kind in KINDS:
                for unit in _units(split, language, kind):
                    assert unit["kind"] == kind[:-1]
                    assert unit["source"]["corpus"]
                    assert unit["source"]["licence"]
                    assert date.fromisoformat(unit["date"]).isoformat() == unit["date"]
                    assert unit["text"].strip()
                    if kind == "articles":
                        assert unit["title"].strip()


PINNED_TEST_GOLD_SHA256 = {
    "en_articles.jsonl": "407e59006608cdc8e4f9e4c15740d82025c0dea3b088dee8db604639faa0fe05",
    "en_sentences.jsonl": "880ac2cb9058d22abdc179b59387437509c781705fb27eba55c8c01d94a336e9",
    "fr_articles.jsonl": "73577cbf21fd1a3ff0245bce13c02c143e4b569e0678cede02ff67cdcb318292",
    "fr_sentences.jsonl": "6b2b26ad2609a267ba1d1b0cd3953f27dfab0b41aa606047c541d987043dfcd9",
}
"""The adjudicated gold of the frozen test split, as filed by scripts/assemble_real_gold.py."""


def test_test_gold_is_pinned() -> None:
    # Hashes only: nothing of the test gold is read or printed.
    gold = REAL / "gold" / "test"
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in gold.glob("*.jsonl")}
    assert found == PINNED_TEST_GOLD_SHA256, "the frozen test gold changed"


PINNED_TEST2_GOLD_SHA256 = {
    "fr_articles.jsonl": "1e071551b1ced4c4f15f8334449da0b96605ff13a258f071a3283e8fed6fef5c",
}
"""The adjudicated gold of the second frozen test split (French articles)."""


def test_test2_gold_is_pinned() -> None:
    # Hashes only: nothing of the test2 gold is read or printed.
    gold = REAL / "gold" / "test2"
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in gold.glob("*.jsonl")}
    assert found == PINNED_TEST2_GOLD_SHA256, "the frozen test2 gold changed"
