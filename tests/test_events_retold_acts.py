"""One act told twice in a sentence is one event (codebook 5.5, issue 17).

A clause that describes a noun of an event ("the assassination of the
mayor, who was shot", "the strike on a hospital, which killed twelve")
often tells the same act again. Before, both were coded, one beside the
other, whenever their sides differed; now the main clause's event is kept
and takes the sides it lacked from the retelling. Every sentence here is our
own, written for the test; each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types, pipeline_events


@pytest.mark.parametrize(
    ("language", "text", "trigger"),
    [
        (
            "en",
            "The country mourns after the assassination of Ukrainian mayor Ivan Petrenko,"
            " who was shot by unknown gunmen on Saturday.",
            "assassination",
        ),
        (
            "fr",
            "Le pays est en deuil après l'assassinat du maire ukrainien Ivan Petrenko,"
            " qui a été abattu par des inconnus samedi.",
            "assassinat",
        ),
        (
            "en",
            "Kyiv declared national mourning after the Russian strike on a Ukrainian hospital,"
            " which killed twelve patients.",
            "strike",
        ),
    ],
)
def test_an_act_retold_in_a_clause_describing_its_noun_is_one_event(
    language: str, text: str, trigger: str
) -> None:
    events = pipeline_events(text, language)
    assert [(e.event_type, e.trigger.text) for e in events] == [("ASSAULT", trigger)]
    assert {a.code for a in events[0].target} == {"UKR"}


def test_a_clause_telling_another_kind_of_act_stays_its_own_event() -> None:
    """The clause on the victim tells what he had done: another act, kept apart."""
    text = (
        "The country mourns after the assassination of Ukrainian mayor Ivan Petrenko,"
        " who had accused Russia of war crimes."
    )
    types = sorted(event_types(text, "en"))
    assert types == ["ACCUSE", "ASSAULT"]
