"""Towns the gazetteer places give their state to the groups of their context (issue 18).

"Police in Kharkiv", "seven people in Kharkiv": the actor base does not know
the town, the gazetteer does. Sentences written for these tests (not in any
gold file); each runs the whole pipeline, which resolves places before the
context pass reads them.
"""

from __future__ import annotations

from datetime import date

import pytest

from veille.actors import get_resolver
from veille.engine import process_text
from veille.nlp import load_pipeline


def group_country(text: str, group: str) -> str | None:
    mentions = process_text(text, language="en").mentions
    hits = [m for m in mentions if m.text == group]
    assert hits, [m.text for m in mentions]
    return hits[0].country


@pytest.mark.parametrize(
    ("text", "group", "expected"),
    [
        ("Russian missiles killed nine civilians in Kharkiv overnight.", "civilians", "UKR"),
        ("Police in Rosario arrested four suspects.", "Police", "ARG"),
        ("Thousands of protesters rallied in Marseille on Saturday.", "protesters", "FRA"),
        # Group words of civilians held or harmed where the act happens.
        ("Nine prisoners were killed during a riot in Kharkiv.", "prisoners", "UKR"),
        ("Rescuers found the survivors in Marseille on Sunday.", "survivors", "FRA"),
        ("Four miners died when gunmen attacked a mine in Rosario.", "miners", "ARG"),
        # Somalia's federal member states, which the gazetteer's tables lack.
        ("Puntland forces arrested four suspects on Monday.", "forces", "SOM"),
        ("Jubaland police detained two journalists.", "police", "SOM"),
    ],
)
def test_a_town_the_gazetteer_places_gives_a_group_its_state(
    text: str, group: str, expected: str
) -> None:
    assert group_country(text, group) == expected


def test_the_resolver_alone_still_works_without_places() -> None:
    doc = load_pipeline("en")("Thousands of protesters rallied in Marseille on Saturday.")
    mentions = get_resolver("en").resolve_mentions(doc, as_of=date(2026, 3, 12))
    assert [m.country for m in mentions if m.text == "protesters"] == [None]
