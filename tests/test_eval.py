"""Scoring against gold files of both shapes, with runners that return hand-built events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from veille.eval import GoldFormatError, evaluate, format_report, load_gold, normalize_record
from veille.records import ActorRef, Condition, Event, Quantity, Span

FIXTURES = Path(__file__).parent / "fixtures" / "eval"


def ev(event_type: str, src: str | None = None, tgt: str | None = None, **kw: object) -> Event:
    return Event(
        article_id="a",
        event_type=event_type,
        trigger=Span(0, 1, "x"),
        sentence=Span(0, 1, "x"),
        source=(ActorRef(src, src, 0, 1),) if src else (),
        target=(ActorRef(tgt, tgt, 0, 1),) if tgt else (),
        **kw,  # type: ignore[arg-type]
    )


def runner(answers: dict[str, Sequence[Event]]):  # type: ignore[no-untyped-def]
    seen: list[tuple[str | None, str | None]] = []

    def run(text: str, language: str | None, date: str | None) -> Sequence[Event]:
        seen.append((language, date))
        return answers[text]

    run.seen = seen  # type: ignore[attr-defined]
    return run


def test_load_gold_reads_both_shapes_and_skips_comments() -> None:
    single = load_gold(FIXTURES / "single.jsonl")
    assert [r["single"] for r in single] == [True, True, True]
    assert single[1]["events"][0]["quantity"] == {"value": 168.0, "unit": None}
    lists = load_gold(FIXTURES / "events.jsonl")
    assert [len(r["events"]) for r in lists] == [2, 0, 1]
    assert lists[0]["date"] == "2025-03-12"
    assert lists[0]["language"] == "fr"


def test_perfect_single_records_score_one() -> None:
    records = load_gold(FIXTURES / "single.jsonl")
    run = runner(
        {
            "Norway denounced Japan.": [ev("ACCUSE", "NOR", "JPN", confidence=0.9)],
            "Japan deported 168 migrants.": [
                ev(
                    "COERCE",
                    "JPN",
                    quantities=(Quantity(168.0, None, "migrants", False, 0, 1),),
                    confidence=0.9,
                ),
                ev("ASSAULT", "JPN", confidence=0.2),  # less confident: not the main event
            ],
            "Canada praised India.": [ev("SUPPORT", "CAN", "IND", confidence=0.8)],
        }
    )
    report = evaluate(records, run)
    assert report.macro_f1 == 1.0
    assert report.micro_f1 == 1.0
    assert report.actor_accuracy == 1.0
    assert report.quantity_f1 == 1.0
    assert report.n_records == 3
    assert report.n_matched == 3
    assert run.seen[0] == ("en", None)  # type: ignore[attr-defined]


def test_wrong_and_missing_events_lower_the_scores() -> None:
    records = load_gold(FIXTURES / "single.jsonl")
    run = runner(
        {
            "Norway denounced Japan.": [ev("ACCUSE", "JPN", "NOR", confidence=0.9)],
            "Japan deported 168 migrants.": [],
            "Canada praised India.": [ev("REJECT", "CAN", "IND", confidence=0.8)],
        }
    )
    report = evaluate(records, run)
    assert report.per_type["ACCUSE"].f1 == 1.0
    assert report.per_type["SUPPORT"].recall == 0.0
    assert report.per_type["REJECT"].precision == 0.0
    assert report.per_type["COERCE"].recall == 0.0  # predicted "no event" where gold had one
    assert "NONE" not in report.per_type  # no gold record was empty
    assert 0 < report.micro_f1 < 1
    assert report.macro_f1 < report.micro_f1
    assert report.actor_accuracy == 0.0  # sides swapped


def test_event_lists_pair_events_and_score_details() -> None:
    records = load_gold(FIXTURES / "events.jsonl")
    text1, text2, text3 = (r["text"] for r in records)
    run = runner(
        {
            text1: [
                ev("ACCUSE", "FRA", "CHN", confidence=0.9),
                ev(
                    "AGREE",
                    "FRA",
                    "IND",
                    confidence=0.9,
                    quantities=(Quantity(3.0, None, "accords", False, 0, 1),),
                ),
            ],
            text2: [ev("ACCUSE", "FRA", confidence=0.5, section_kind="commentary")],
            text3: [ev("AGREE", "JPN", negated=False, condition=Condition("si", 0, 2))],
        }
    )
    report = evaluate(records, run)
    assert report.per_type["NONE"].f1 == 1.0  # commentary events are not reported events
    assert report.per_type["AGREE"].f1 == 1.0
    assert report.per_type["ACCUSE"].f1 == 1.0
    assert report.quantity_f1 == 1.0
    assert report.negation_accuracy == pytest.approx(2 / 3)
    assert report.condition_accuracy == 1.0
    assert run.seen[0] == ("fr", "2025-03-12")  # type: ignore[attr-defined]


def test_spurious_event_on_an_empty_record_is_a_false_positive() -> None:
    records = [{"text": "rien", "events": []}]
    report = evaluate(records, runner({"rien": [ev("ASSAULT", "FRA", confidence=0.5)]}))
    assert report.per_type["ASSAULT"].precision == 0.0
    assert report.per_type["NONE"].recall == 0.0
    assert report.micro_f1 == 0.0


def test_json_and_table_output() -> None:
    records = load_gold(FIXTURES / "single.jsonl")
    report = evaluate(records, runner({r["text"]: [] for r in records}))
    data = report.to_json()
    for key in (
        "macro_f1",
        "micro_f1",
        "per_type",
        "actor_accuracy",
        "quantity_f1",
        "negation_accuracy",
        "condition_accuracy",
        "n_records",
    ):
        assert key in data
    json.dumps(data)
    table = format_report(report)
    assert "macro F1" in table
    assert "ACCUSE" in table
    assert "n/a" in table


def test_bad_records_raise_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match=r"docs/eval\.md"):
        normalize_record({"text": "x"})
    with pytest.raises(GoldFormatError, match="'text'"):
        normalize_record({"event_type": "AGREE"})
    with pytest.raises(GoldFormatError, match="event 0"):
        normalize_record({"text": "x", "events": [{"type": "AGREE"}]})
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "events": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=":2:"):
        load_gold(bad)


def test_none_support_counts_empty_records_only() -> None:
    # A mistyped event is one confusion (AGREE read as REJECT), not a missed
    # event plus a spurious one; extra predictions are false positives of their
    # own type and never inflate the support of the "no event" class.
    records = [
        {"text": "a", "events": [{"event_type": "AGREE", "source": [], "target": []}]},
        {"text": "b", "events": []},
    ]
    run = runner(
        {
            "a": [ev("REJECT", "FRA", confidence=0.9), ev("ASSAULT", "FRA", confidence=0.2)],
            "b": [ev("ACCUSE", "FRA", confidence=0.7), ev("AID", "FRA", confidence=0.1)],
        }
    )
    report = evaluate(records, run)
    assert report.per_type["NONE"].support == 1
    assert report.per_type["NONE"].recall == 0.0
    assert report.per_type["AGREE"].support == 1
    assert report.per_type["AGREE"].recall == 0.0
    assert report.per_type["REJECT"].precision == 0.0
    assert report.per_type["ASSAULT"].support == 0
    assert report.per_type["AID"].precision == 0.0
    assert report.n_matched == 0


def test_a_record_level_event_loc_belongs_to_the_first_event() -> None:
    record = normalize_record(
        {
            "text": "Kenya and Uganda met in Kampala and signed a deal.",
            "event_loc": {"name": "Kampala", "country code": "UG"},
            "events": [{"event_type": "CONSULT"}, {"event_type": "AGREE"}],
        }
    )
    first, second = record["events"]
    assert first["event_loc"] == {"name": "Kampala", "country code": "UG"}
    assert "event_loc" not in second
    # An event's own place wins over the record's.
    own = normalize_record(
        {
            "text": "…",
            "event_loc": {"name": "Kampala"},
            "events": [{"event_type": "CONSULT", "event_loc": {"name": "Entebbe"}}],
        }
    )
    assert own["events"][0]["event_loc"] == {"name": "Entebbe"}


def test_background_events_are_optional() -> None:
    # A past act only recalled as context (codebook, "Background events") is
    # neither a miss when the coder leaves it out nor a false positive when it
    # codes it; the reported events are scored as usual.
    recalled = {"event_type": "COERCE", "source": [], "target": [], "background": True}
    accused = {"event_type": "ACCUSE", "source": [{"code": "UKR"}], "target": []}
    records = [
        {"text": "found", "events": [accused, recalled]},
        {"text": "omitted", "events": [accused, recalled]},
        {"text": "only recalled", "events": [recalled]},
    ]
    run = runner(
        {
            "found": [ev("ACCUSE", "UKR", confidence=0.9), ev("COERCE", "RUS", confidence=0.8)],
            "omitted": [ev("ACCUSE", "UKR", confidence=0.9)],
            "only recalled": [ev("COERCE", "RUS", confidence=0.8)],
        }
    )
    report = evaluate(records, run)
    assert "COERCE" not in report.per_type
    assert report.per_type["ACCUSE"].f1 == 1.0
    assert report.per_type["NONE"].f1 == 1.0  # the recalled-only record counts as "no event"
    assert report.micro_f1 == 1.0
    assert report.n_gold_events == 2


def test_a_background_event_does_not_take_the_prediction_of_a_reported_one() -> None:
    records = [
        {
            "text": "x",
            "events": [
                {"event_type": "ASSAULT", "source": [], "target": [], "background": True},
                {"event_type": "ASSAULT", "source": [], "target": []},
            ],
        },
        {"text": "y", "events": [{"event_type": "AID", "background": True}]},
    ]
    run = runner(
        {"x": [ev("ASSAULT", "RUS", confidence=0.9)], "y": [ev("SANCTION", "USA", confidence=0.5)]}
    )
    report = evaluate(records, run)
    assert report.per_type["ASSAULT"].f1 == 1.0
    # A prediction of another type than the recalled act is still a false positive.
    assert report.per_type["SANCTION"].precision == 0.0
    assert report.per_type["NONE"].recall == 0.0
