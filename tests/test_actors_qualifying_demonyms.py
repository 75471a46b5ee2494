"""Demonyms that qualify a thing give no state to the groups of their sentence (issue 18).

"Four people are killed in a Russian missile attack on Kharkiv, Ukraine": the
attack is Russian, its victims are Ukraine's. Sentences written for these
tests (not in any gold file).
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from veille.actors import get_resolver
from veille.nlp import load_pipeline
from veille.records import Mention


@pytest.fixture(scope="module")
def nlp_en() -> Language:
    return load_pipeline("en")


def country_of(nlp: Language, text: str, group: str) -> str | None:
    mentions: tuple[Mention, ...] = get_resolver("en").resolve_mentions(
        nlp(text), as_of=date(2026, 3, 12)
    )
    hits = [m for m in mentions if m.text == group]
    assert hits, f"no mention {group!r} in {[m.text for m in mentions]}"
    return hits[0].country


@pytest.mark.parametrize(
    ("text", "group", "expected"),
    [
        ("Six civilians died in an Israeli strike on a school in Gaza.", "civilians", "PSE"),
        ("Twelve people were hurt by Ukrainian drones over Belgorod, Russia.", "people", "RUS"),
        ("Students rallied outside the Chinese factory in Hanoi, Vietnam.", "Students", "VNM"),
    ],
)
def test_a_demonym_qualifying_a_thing_does_not_give_a_group_its_state(
    nlp_en: Language, text: str, group: str, expected: str
) -> None:
    assert country_of(nlp_en, text, group) == expected


def test_a_demonym_still_gives_the_state_when_the_sentence_names_no_other(
    nlp_en: Language,
) -> None:
    # Only the article's main state is left: the demonym is still counted there.
    assert country_of(nlp_en, "Protesters burned a Russian flag.", "Protesters") == "RUS"
