"""The NGEC quote recall tool: its split is drawn once and pinned, its test part never listed.

Rows here are our own, written in the judgments' format; the real quotes stay
in ``../shared`` and no test needs them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from script_helpers import load_script

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ngec_quotes.py"


def _script() -> ModuleType:
    return load_script(SCRIPT, "ngec_quotes")


def _write_judgments(path: Path) -> None:
    rows = [
        {
            "doc_id": "a",
            "stage": "verify",
            "event_type": "COERCE",
            "label": 1,
            "quote": "Police arrested the opposition leader in the capital.",
            "modes": [],
        },
        {
            "doc_id": "a",
            "stage": "verify",
            "event_type": "AID",
            "label": 0,
            "quote": "",
            "modes": [],
        },
        {
            "doc_id": "b",
            "stage": "screen",
            "event_type": "ACCUSE",
            "label": 1,
            "quote": "The minister accused the rebels of the attack.",
            "modes": [],
        },
        {
            "doc_id": "c",
            "stage": "verify",
            "event_type": "CONSULT",
            "label": None,
            "quote": "",
            "modes": [],
        },
        {
            "doc_id": "d",
            "stage": "verify",
            "event_type": "CONCEDE",
            "label": 1,
            "quote": "  ",
            "modes": [],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_only_verified_positives_with_a_quote_are_loaded(tmp_path: Path) -> None:
    script = _script()
    judgments = tmp_path / "judgments.jsonl"
    _write_judgments(judgments)
    quotes = script.load_quotes(judgments)
    assert [(q.doc_id, q.event_type) for q in quotes] == [("a", "COERCE")]


def test_the_split_is_the_same_every_time_and_puts_stories_read_before_it_in_dev() -> None:
    script = _script()
    stories = [f"story-{n}" for n in range(40)]
    first = script.draw_split(stories, seen=("story-3",))
    again = script.draw_split(reversed(stories), seen=("story-3",))
    assert first == again
    assert "story-3" in first["dev"]
    assert "story-3" not in first["test"]
    assert first["sizes"] == {"dev": 20, "test": 20}
    assert set(first["dev"]) | set(first["test"]) == set(stories)
    assert first["test_ids_sha256"] == script.ids_digest(first["test"])


def test_an_edited_test_part_is_refused(tmp_path: Path) -> None:
    script = _script()
    drawn = script.draw_split([f"s{n}" for n in range(10)], seen=())
    drawn["test"] = drawn["test"][1:]  # one story moved out of test by hand
    path = tmp_path / "split.json"
    path.write_text(json.dumps(drawn), encoding="utf-8")
    with pytest.raises(SystemExit, match="test_ids_sha256"):
        script.load_split(path)


def test_the_pinned_split_keeps_its_test_ids() -> None:
    script = _script()
    split = script.load_split()
    assert len(split["test"]) == 1398
    assert not set(split["dev"]) & set(split["test"])


def test_recall_counts_a_quote_found_when_one_of_its_events_has_the_type() -> None:
    script = _script()
    quotes = [
        script.Quote("x", "COERCE", "Police arrested the opposition leader in the capital."),
        script.Quote("y", "AID", "The weather was mild on Tuesday."),
    ]
    total, found, missed = script.recall_by_type(quotes, progress=False)
    assert total == Counter({"COERCE": 1, "AID": 1})
    assert found == Counter({"COERCE": 1})
    assert [q.doc_id for q in missed] == ["y"]
    table = script.recall_table(total, found)
    assert table["micro_recall"] == 0.5
    assert table["per_type"] == {"AID": 0.0, "COERCE": 1.0}


def test_errors_lists_dev_quotes_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    judgments = tmp_path / "judgments.jsonl"
    split = script.load_split()
    dev_story, test_story = split["dev"][0], split["test"][0]
    rows = [
        {
            "doc_id": dev_story,
            "stage": "verify",
            "event_type": "AID",
            "label": 1,
            "quote": "The weather was mild on Tuesday.",
            "modes": [],
        },
        {
            "doc_id": test_story,
            "stage": "verify",
            "event_type": "AID",
            "label": 1,
            "quote": "The sky was grey on Wednesday.",
            "modes": [],
        },
    ]
    judgments.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert script.main(["--judgments", str(judgments), "errors"]) == 0
    out = capsys.readouterr().out
    assert "mild on Tuesday" in out
    assert "grey on Wednesday" not in out
