"""A surname refers back to the unknown person named in full with a role (issue 18).

Sentences written for these tests (not in any gold file).
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


def resolve(nlp: Language, text: str) -> tuple[Mention, ...]:
    return get_resolver("en").resolve_mentions(nlp(text), as_of=date(2026, 3, 12))


def test_a_surname_takes_the_state_of_the_full_name_before_it(nlp_en: Language) -> None:
    mentions = resolve(
        nlp_en,
        "Ahmed Salim, the Kenyan interior minister, banned the march. "
        "Salim also asked the police to arrest the organisers.",
    )
    later = [m for m in mentions if m.text == "Salim"]
    assert [(m.country, m.sectors) for m in later] == [("KEN", ("GOV",))]


def test_a_surname_of_a_person_with_no_state_gets_none(nlp_en: Language) -> None:
    mentions = resolve(nlp_en, "Ahmed Salim walked to the market. Salim later bought some bread.")
    assert all(m.country is None for m in mentions if m.text == "Salim")
