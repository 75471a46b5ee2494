"""The real-news story set (eval/stories_real/): its frozen split, batches and licence guards.

The split was drawn once, from a seed written down before the draw; these
tests recompute it from the committed items and proposals and fail when the
test part changes (a changed item, window or seed). They read item ids and
windows only, never the text of a test item.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from veille.stories.realset import (
    DEV_ONLY_CORPORA,
    SPLIT_SEED,
    RealItem,
    digest_of_test_ids,
    draw_split,
    load_excluded,
    load_items,
)

SET = Path(__file__).resolve().parent.parent / "eval" / "stories_real"
PINNED_TEST_DIGEST = "2c2fa5a874dbb088aafaf5f682afb1e4c518289fed39ee179f9cdc6b3996131f"
"""SHA-256 of the sorted test item ids, drawn on 2026-12-06 with seed 20261208 (the third
draw: see the set's README for why the first two were retired)."""


@pytest.fixture(scope="module")
def items() -> list[RealItem]:
    return load_items(SET / "items.jsonl")


@pytest.fixture(scope="module")
def split() -> dict[str, object]:
    return json.loads((SET / "split.json").read_text(encoding="utf-8"))


def test_the_split_is_the_seeded_draw_and_its_test_ids_are_pinned(items, split):
    labels = json.loads((SET / "candidates" / "proposed_groups.json").read_text("utf-8"))
    parts = draw_split(items, labels, seed=SPLIT_SEED)
    assert parts == split["parts"]
    assert digest_of_test_ids(items, parts) == split["test_ids_sha256"] == PINNED_TEST_DIGEST


def test_another_seed_draws_another_test_part(items):
    labels = json.loads((SET / "candidates" / "proposed_groups.json").read_text("utf-8"))
    assert digest_of_test_ids(items, draw_split(items, labels, seed=SPLIT_SEED + 1)) != (
        PINNED_TEST_DIGEST
    )


def test_the_test_part_holds_enough_groups_and_no_hand_read_sample(items, split):
    parts = split["parts"]
    assert split["summary"]["test"]["candidate_groups"] >= 20
    for item in items:
        if item.source["corpus"] in DEV_ONLY_CORPORA:
            assert parts[item.window] == "dev", item.id


def test_items_have_unique_ids_and_texts_only_when_openly_licensed(items):
    assert len({i.id for i in items}) == len(items)
    for item in items:
        assert item.language in ("fr", "en")
        if item.source["corpus"] in DEV_ONLY_CORPORA:
            # Publishers' text stays in ../shared; only a pointer is committed.
            assert item.text is None, item.id
            assert item.title is None, item.id
        else:
            assert item.text, item.id
            assert "CC BY" in item.source["licence"], item.id


def test_batches_are_whole_windows_without_labels(items):
    # Batches were cut by the first draw's parts; the split was redrawn after the
    # annotation (see the README), so a batch may now hold windows of both parts.
    index = json.loads((SET / "annotation" / "batches.json").read_text(encoding="utf-8"))
    window_sizes = Counter(i.window for i in items)
    seen: Counter[str] = Counter()
    for name, entry in index.items():
        rows = [
            json.loads(line)
            for line in (SET / "annotation" / "batches" / name).read_text("utf-8").splitlines()
        ]
        assert len(rows) == entry["items"] <= 60
        for row in rows:
            assert set(row) == {"window", "id", "language", "date", "title", "text", "source"}
            seen[row["window"]] += 1
    assert seen == window_sizes


def test_items_left_out_of_dev_are_dev_items(items, split):
    excluded = load_excluded(SET / "excluded_from_dev.txt")
    windows = {i.id: i.window for i in items}
    assert excluded <= set(windows)
    assert all(split["parts"][windows[i]] == "dev" for i in excluded)
