"""How each event's actor was found: stated in its sentence, referred back to, or from context.

Issue 18 asks that an actor be taken from outside its sentence only through a
rule that says why, and that each event's actor record which way it came, so
that users and the dashboard can keep what the sentence itself says.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from _records_factory import long_text, make_article, make_event
from events_helpers import pipeline_events
from veille.evaluation.events import evaluate, format_report
from veille.records import ActorRef, ArticleResult, Event, Mention, Span, weakest_how
from veille.serialize import event_from_dict, to_dict
from veille.store import open_store


def hows(side: tuple[ActorRef, ...]) -> list[tuple[str | None, str | None]]:
    return [(ref.code, ref.how) for ref in side]


def coded(text: str, language: str, event_type: str) -> Event:
    (event,) = [e for e in pipeline_events(text, language) if e.event_type == event_type]
    return event


def test_actors_named_in_the_sentence_are_stated() -> None:
    event = coded("Egyptian police arrested three protesters in Cairo.", "en", "COERCE")
    assert hows(event.source) == [("EGY", "stated")]
    assert hows(event.target) == [("EGY", "stated")]


def test_a_pronoun_for_an_earlier_subject_is_coreference() -> None:
    text = "La Russie a signé un accord avec la Chine. Elle a ensuite menacé l'Ukraine."
    event = coded(text, "fr", "THREATEN")
    assert hows(event.source) == [("RUS", "coreference")]
    assert hows(event.target) == [("UKR", "stated")]


def test_sides_carried_over_from_the_last_event_are_context() -> None:
    text = "Moscou et Minsk ont signé un accord. Il prévoit des livraisons d'armes."
    event = coded(text, "fr", "AID")
    assert hows(event.source) == [("RUS", "context"), ("BLR", "context")]


def test_a_group_given_the_articles_state_is_context() -> None:
    text = "Le Mali traverse une crise. Les manifestants ont attaqué les soldats."
    event = coded(text, "fr", "ASSAULT")
    assert hows(event.source) == [("MLI", "context")]


def test_the_actor_a_reprisal_answers_is_context() -> None:
    text = "The EU imposed sanctions on Russia. Moscow promised retaliation."
    event = coded(text, "en", "THREATEN")
    assert hows(event.source) == [("RUS", "stated")]
    assert hows(event.target) == [("EU", "context")]


def test_a_named_group_or_person_whose_state_is_the_articles_is_stated() -> None:
    event = coded("Islamic State fighters attacked a village in Syria.", "en", "ASSAULT")
    assert hows(event.source) == [("SYR", "stated")]
    text = "La Russie vote une loi. Le député Andreï Issaïev a dénoncé les critiques."
    assert hows(coded(text, "fr", "ACCUSE").source) == [("RUS", "stated")]


def test_a_pronoun_for_a_group_whose_country_came_from_context_is_coreference() -> None:
    text = (
        "Le Mali traverse une crise. Les milices ont attaqué un village. "
        "Elles ont ensuite menacé la France."
    )
    assert hows(coded(text, "fr", "THREATEN").source) == [("MLI", "coreference")]


def with_hows(*hows: str | None, at: int = 0) -> Event:
    """An event whose source actors were found in the ways ``hows`` say, triggered at ``at``."""
    refs = tuple(ActorRef("x", f"C{i}", 0, 1, how=how) for i, how in enumerate(hows))  # type: ignore[arg-type]
    return replace(make_event("a1"), source=refs, target=(), trigger=Span(at, at + 1, "x"))


@pytest.mark.parametrize(
    ("hows_", "weakest"),
    [
        ((), "stated"),
        (("stated", "stated"), "stated"),
        (("stated", "coreference"), "coreference"),
        (("context", "coreference", "stated"), "context"),
        (("stated", None), None),
    ],
)
def test_an_event_is_as_weak_as_its_weakest_actor(
    hows_: tuple[str | None, ...], weakest: str | None
) -> None:
    assert weakest_how(with_hows(*hows_)) == weakest


def test_how_survives_the_public_json_and_old_records_read_as_unknown() -> None:
    event = with_hows("coreference")
    data = to_dict(event)
    assert data["source"][0]["how"] == "coreference"
    assert event_from_dict(data) == event
    del data["source"][0]["how"]
    assert event_from_dict(data).source[0].how is None


def test_the_store_filters_by_the_weakest_how_and_keeps_mentions_from_context(
    tmp_path: Path,
) -> None:
    kinds = (("stated",), ("stated", "coreference"), ("context",), (None,))
    events = tuple(with_hows(*kind, at=i) for i, kind in enumerate(kinds))
    mention = Mention(0, 6, "junte", "role", None, ("MIL",), "NER", 0.6, country_from_context=True)
    with open_store(tmp_path / "v.db") as store:
        store.save(ArticleResult(make_article("a1", long_text(4)), (mention,), events), "s1")
        listed = {
            how: sorted(e.trigger.start for e in store.events(actor_how=how))
            for how in ("stated", "coreference", "all")
        }
        stored = store.article("a1")
    assert listed == {"stated": [0], "coreference": [0, 1], "all": [0, 1, 2, 3]}
    assert stored is not None
    assert stored.mentions == (mention,)


def test_eval_splits_actor_recall_by_how_and_scores_how() -> None:
    gold = [
        {
            "text": "t",
            "kind": "article",
            "events": [
                {
                    "event_type": "ACCUSE",
                    "source": [{"code": "RUS", "how": "coreference"}],
                    "target": [{"code": "UKR"}],
                },
                {"event_type": "ASSAULT", "source": [{"code": "MLI", "how": "context"}]},
            ],
        }
    ]
    accuse = Event(
        "a", "ACCUSE", Span(0, 1, "x"), Span(0, 1, "x"),
        source=(ActorRef("elle", "RUS", 0, 1, how="coreference"),),
        target=(ActorRef("Ukraine", "UKR", 0, 1, how="context"),),
    )  # fmt: skip
    report = evaluate(gold, lambda text, language, date: [accuse])
    assert report.n_actors_by_how == {"stated": 1, "coreference": 1, "context": 1}
    assert report.actor_recall_by_how == {"stated": 1.0, "coreference": 1.0, "context": 0.0}
    assert report.actor_how_accuracy == 0.5


def test_a_pair_of_states_named_once_is_not_carried_into_later_sentences() -> None:
    # Issue 18: "Ils peuvent payer des impôts, recevoir une aide sociale" became
    # AID CAN+NZL, the heaviest edge of a network, from one earlier mention.
    text = (
        "Le Canada et la Nouvelle-Zélande ont ouvert leurs frontières. "
        "Les sans-papiers accumulent les papiers. "
        "Ils peuvent payer des impôts et recevoir une aide sociale."
    )
    carried = [
        e for e in pipeline_events(text, "fr") if {r.code for r in e.source} >= {"CAN", "NZL"}
    ]
    assert [e.event_type for e in carried] == []


def test_an_act_named_again_with_the_article_continues_the_last_act_of_its_type() -> None:
    text = (
        "NATO began a large exercise in Norway on Monday. Moscow accused Oslo of provocation. "
        "It is the first edition of the exercise since Sweden joined the alliance."
    )
    again = [e for e in pipeline_events(text, "en") if e.trigger.start > 100]
    assert [(e.event_type, hows(e.source)) for e in again] == [("MOBILIZE", [("NATO", "context")])]


def test_an_act_whose_clause_subject_names_an_earlier_act_again_takes_its_sides() -> None:
    # The reference article's pattern (eval/reference/seed_expected.json, event 8),
    # which the article's pair of states carried before that pair stopped being carried.
    text = (
        "La Russie et la Biélorussie renforcent leur coopération militaire. "
        "Le ministre a annoncé des livraisons d'armes. "
        "Cette coopération a été formalisée par la signature de 12 accords."
    )
    (signed,) = [e for e in pipeline_events(text, "fr") if e.event_type == "AGREE"]
    assert hows(signed.source) == [("RUS", "context"), ("BLR", "context")]


def test_an_act_named_again_with_what_it_adds_is_a_new_act() -> None:
    text = (
        "Moscou et Washington ont signé un accord en 2010. La Russie a livré des armes à la "
        "Biélorussie. La signature de 14 documents a suivi."
    )
    signed = [e for e in pipeline_events(text, "fr") if e.trigger.text == "signature"]
    assert all("USA" not in {r.code for r in e.source} for e in signed)


def test_eval_counts_actors_the_gold_does_not_have_as_imprecise_by_how() -> None:
    gold = [
        {
            "text": "t",
            "kind": "article",
            "events": [
                {"event_type": "ACCUSE", "source": [{"code": "RUS"}], "target": [{"code": "UKR"}]},
                {"event_type": "CONSULT", "source": [{"code": "FRA"}, {"code": "DEU"}]},
            ],
        }
    ]
    accuse = Event(
        "a", "ACCUSE", Span(0, 1, "x"), Span(0, 1, "x"),
        source=(ActorRef("Moscou", "RUS", 0, 1), ActorRef("Minsk", "BLR", 0, 1, how="context")),
        target=(ActorRef("Kiev", "UKR", 0, 1, how="coreference"),),
    )  # fmt: skip
    # Undirected gold: its actors are right on either side; a stray one is not.
    consult = Event(
        "b", "CONSULT", Span(2, 3, "y"), Span(2, 3, "y"),
        source=(ActorRef("Paris", "FRA", 2, 3, how="stated"),),
        target=(ActorRef("Berlin", "DEU", 2, 3), ActorRef("Rome", "ITA", 2, 3, how="context")),
    )  # fmt: skip
    report = evaluate(gold, lambda text, language, date: [accuse, consult])
    assert report.actor_accuracy == 1.0  # every gold actor is there
    assert report.n_predicted_actors_by_how == {"stated": 3, "coreference": 1, "context": 2}
    assert report.actor_precision_by_how == {"stated": 1.0, "coreference": 1.0, "context": 0.0}
    assert report.actor_precision == 4 / 6
    assert "actor precision, context" in format_report(report)
