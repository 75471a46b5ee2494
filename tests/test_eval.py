"""Scoring against gold files of both shapes, with runners that return hand-built events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from veille.errors import GoldFormatError
from veille.evaluation.events import (
    evaluate,
    format_report,
    load_gold,
    normalize_record,
)
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


def test_actor_recall_counts_the_actors_of_missed_events_too() -> None:
    # Finding one more event whose sides are half right lowers actor accuracy
    # (counted over found events only) but raises actor recall (over every
    # gold actor): a recall gain must not read as an actor loss.
    records = load_gold(FIXTURES / "single.jsonl")
    found_one = {
        "Norway denounced Japan.": [ev("ACCUSE", "NOR", "JPN", confidence=0.9)],
        "Japan deported 168 migrants.": [],
        "Canada praised India.": [],
    }
    found_two = found_one | {"Canada praised India.": [ev("SUPPORT", "CAN", confidence=0.8)]}
    before, after = evaluate(records, runner(found_one)), evaluate(records, runner(found_two))
    assert (before.actor_accuracy, after.actor_accuracy) == (1.0, 0.75)
    # Gold actors: NOR, JPN; JPN; CAN, IND (five in all).
    assert (before.actor_recall, after.actor_recall) == (0.4, 0.6)
    assert after.to_json()["actor_recall"] == 0.6
    assert "actor recall" in format_report(after)


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
        "actor_recall",
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


def sent_ev(event_type: str, sentence: str, src: str | None = None, **kw: object) -> Event:
    """An event predicted from ``sentence`` (article scoring pairs by sentence)."""
    return Event(
        article_id="a",
        event_type=event_type,
        trigger=Span(0, 1, "x"),
        sentence=Span(0, len(sentence), sentence),
        source=(ActorRef(src, src, 0, 1),) if src else (),
        **kw,  # type: ignore[arg-type]
    )


ARTICLE = {
    "id": "fr-a001",
    "kind": "article",
    "language": "fr",
    "date": "2025-03-12",
    "title": "Le Niger expulse l'ambassadeur de France",
    "text": "Niamey a expulsé l'ambassadeur de France lundi. "
    "La junte avait rompu la coopération militaire avec Paris en 2023. "
    "Le Mali a salué cette décision.",
    "events": [
        {
            "event_type": "SANCTION",
            "sentence": "Niamey a expulsé l'ambassadeur de France lundi.",
            "source": [{"text": "Niamey", "code": "NER"}],
            "target": [],
        },
        {
            "event_type": "SANCTION",
            "background": True,
            "sentence": "La junte avait rompu la coopération militaire avec Paris en 2023.",
            "source": [{"text": "La junte", "code": "NER", "how": "context"}],
            "target": [],
        },
        {
            "event_type": "SUPPORT",
            "sentence": "Le Mali a salué cette décision.",
            "source": [{"text": "Le Mali", "code": "MLI"}],
            "target": [],
        },
    ],
}


def test_an_article_is_read_as_its_title_line_then_its_body() -> None:
    record = normalize_record(ARTICLE)
    assert record["kind"] == "article"
    assert record["text"].startswith("Le Niger expulse l'ambassadeur de France\n\nNiamey")


def test_article_events_pair_only_within_their_sentence() -> None:
    # SUPPORT is found, but in the wrong sentence: it cannot pair with the gold SUPPORT.
    wrong_place = [
        sent_ev("SANCTION", "Niamey a expulsé l'ambassadeur de France lundi.", "NER"),
        sent_ev("SUPPORT", "Niamey a expulsé l'ambassadeur de France lundi.", "MLI"),
    ]
    report = evaluate([ARTICLE], runner({normalize_record(ARTICLE)["text"]: wrong_place}))
    assert report.per_type["SANCTION"].f1 == 1.0
    assert report.per_type["SUPPORT"].precision == 0.0
    assert report.per_type["SUPPORT"].recall == 0.0
    right_place = [wrong_place[0], sent_ev("SUPPORT", "Le Mali a salué cette décision.", "MLI")]
    report = evaluate([ARTICLE], runner({normalize_record(ARTICLE)["text"]: right_place}))
    assert report.macro_f1 == 1.0
    assert report.actor_accuracy == 1.0


def test_background_events_are_optional() -> None:
    text = normalize_record(ARTICLE)["text"]
    news_only = [
        sent_ev("SANCTION", "Niamey a expulsé l'ambassadeur de France lundi.", "NER"),
        sent_ev("SUPPORT", "Le Mali a salué cette décision.", "MLI"),
    ]
    background = sent_ev(
        "SANCTION", "La junte avait rompu la coopération militaire avec Paris en 2023.", "NER"
    )
    without = evaluate([ARTICLE], runner({text: news_only}))
    with_it = evaluate([ARTICLE], runner({text: [*news_only, background]}))
    assert without.macro_f1 == with_it.macro_f1 == 1.0
    # Found, the background event leaves the tally: neither a hit nor a false positive.
    assert without.n_matched == with_it.n_matched == 2
    # A background event in a sentence record is optional too.
    record = {"text": "t", "events": [{"event_type": "AID", "background": True}]}
    assert "AID" not in evaluate([record], runner({"t": []})).per_type


def test_articles_get_document_level_scores() -> None:
    text = normalize_record(ARTICLE)["text"]
    # SUPPORT found in the wrong sentence still counts at the document level;
    # a spurious ASSAULT is a document-level false positive.
    predicted = [
        sent_ev("SANCTION", "Niamey a expulsé l'ambassadeur de France lundi.", "NER"),
        sent_ev("SUPPORT", "Niamey a expulsé l'ambassadeur de France lundi.", "MLI"),
        sent_ev("ASSAULT", "Le Mali a salué cette décision.", "MLI"),
    ]
    report = evaluate([ARTICLE], runner({text: predicted}))
    assert report.n_documents == 1
    assert report.doc_micro_f1 == pytest.approx(0.8)  # 2 hits, 3 found, 2 gold types
    assert report.doc_macro_f1 == pytest.approx(2 / 3)  # SANCTION 1, SUPPORT 1, ASSAULT 0
    assert report.to_json()["doc_macro_f1"] == pytest.approx(0.6667)
    assert "article macro F1" in format_report(report)
    sentence_only = evaluate([{"text": "t", "events": []}], runner({"t": []}))
    assert sentence_only.doc_macro_f1 is None


def test_an_unknown_record_kind_is_refused() -> None:
    with pytest.raises(GoldFormatError, match="'kind'"):
        normalize_record({"text": "t", "events": [], "kind": "page"})


def test_an_announced_act_is_scored_by_plovers_convention_in_one_event_records_only() -> None:
    # Our codebook keeps the act's type; PLOVER codes the announcement a promise or a threat.
    aid = ev("AID", "JPN", "UKR", modality="announced", hypothetical=True, confidence=0.9)
    strike = ev("ASSAULT", "ISR", "LBN", modality="announced", hypothetical=True, confidence=0.9)
    single = [
        normalize_record(
            {
                "text": "Japan said it will send aid to Ukraine.",
                "event_type": "AGREE",
                "source": [{"code": "JPN"}],
                "target": [{"code": "UKR"}],
            },
            "g1",
        ),
        normalize_record(
            {
                "text": "Israel said it will strike Lebanon.",
                "event_type": "THREATEN",
                "source": [{"code": "ISR"}],
                "target": [{"code": "LBN"}],
            },
            "g2",
        ),
    ]
    run = runner({r["text"]: [e] for r, e in zip(single, (aid, strike), strict=True)})
    report = evaluate(single, run)
    assert report.macro_f1 == 1.0
    assert report.actor_accuracy == 1.0
    # A list record follows our codebook: the same prediction is an AID there.
    ours = [
        normalize_record(
            {
                "text": "Japan said it will send aid to Ukraine.",
                "events": [{"event_type": "AID", "source": ["JPN"], "target": ["UKR"]}],
            },
            "g3",
        )
    ]
    assert evaluate(ours, runner({ours[0]["text"]: [aid]})).macro_f1 == 1.0
    # A done act is never retyped.
    done = ev("AID", "JPN", "UKR", confidence=0.9)
    assert evaluate(single[:1], runner({single[0]["text"]: [done]})).macro_f1 == 0.0
