"""The metadata page list (eval/metadata/pages.jsonl) and its frozen test part.

The test part was drawn once, by publisher, before any development
(eval/metadata/README.md). Its hash is pinned here: a change to which pages
are in it, or to the pages themselves, fails this test. These tests read the
page list only; they never open a test page nor run veille on one.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from script_helpers import load_script

PAGES = Path(__file__).resolve().parents[1] / "eval" / "metadata" / "pages.jsonl"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

# sha256 of the test part's expected values, written after the draw and before any development.
TEST_EXPECTED_SHA256 = "8cb0739a7f7f81decb55066d6266c8f8154a53ccad404a1cfb02ff5303909410"
# sha256 of the test part's membership: id, language, publisher and page hash of each test page.
TEST_MEMBERSHIP_SHA256 = "96a0ba21cfd2f0b02acd11ebab86f7af834e02dc18401790f0339bf6b0f8b87a"


def _records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in PAGES.read_text("utf-8").splitlines() if line.strip()]


def _digest(rows: list[object]) -> str:
    text = "\n".join(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def membership_digest(records: list[dict[str, Any]]) -> str:
    """Hash of which pages are in the test part, and of their content."""
    test = sorted((r for r in records if r["split"] == "test"), key=lambda r: r["id"])
    return _digest([[r["id"], r["language"], r["publisher"], r["sha256"]] for r in test])


def expected_digest(records: list[dict[str, Any]]) -> str:
    """Hash of the test part's expected values (title, authors, date, body hash, ...)."""
    test = sorted((r for r in records if r["split"] == "test"), key=lambda r: r["id"])
    return _digest([[r["id"], r["expected"], r.get("ours", [])] for r in test])


def test_the_test_part_is_the_one_drawn_before_development() -> None:
    assert membership_digest(_records()) == TEST_MEMBERSHIP_SHA256


def test_the_test_part_expectations_are_frozen() -> None:
    assert expected_digest(_records()) == TEST_EXPECTED_SHA256


def test_every_page_has_something_to_score() -> None:
    for record in _records():
        expected = record["expected"]
        assert expected["title"] or expected["body_sha256"], record["id"]
        if expected["title"]:
            assert isinstance(expected["authors"], list), record["id"]
            date = expected["date"]
            assert date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date), record["id"]


def test_no_publisher_is_on_both_sides() -> None:
    sides: dict[str, set[str]] = {}
    for record in _records():
        sides.setdefault(record["publisher"], set()).add(record["split"])
    assert [p for p, s in sides.items() if len(s) > 1] == []


def test_the_split_is_what_the_documented_draw_gives() -> None:
    module = load_script(SCRIPTS / "metadata_split.py", "metadata_split")
    records = module.drawn(_records())
    splits = module.draw(records)
    assert {r["id"]: splits[r["publisher"]] for r in records} == {
        r["id"]: r["split"] for r in records
    }


def test_pages_added_after_the_draw_are_dev_and_from_dev_publishers() -> None:
    records = _records()
    test_publishers = {r["publisher"] for r in records if r["split"] == "test"}
    added = [r for r in records if r.get("added")]
    assert added, "the French dev pages added in round 2 are marked"
    for record in added:
        assert record["split"] == "dev", record["id"]
        assert record["publisher"] not in test_publishers, record["id"]
        assert record["ours"], record["id"]  # expected values written by us


@pytest.mark.parametrize("language", ["fr", "en"])
def test_both_languages_are_on_both_sides(language: str) -> None:
    splits = {r["split"] for r in _records() if r["language"] == language}
    assert splits == {"dev", "test"}
