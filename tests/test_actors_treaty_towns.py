"""A town a signed text is named after names the text, not a government that acts."""

from __future__ import annotations

from datetime import date

import pytest

from actor_helpers import code, mention, resolver_for

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def fr():
    return resolver_for("fr", AS_OF)


@pytest.fixture(scope="module")
def en():
    return resolver_for("en", AS_OF)


@pytest.mark.parametrize(
    ("sentence", "town"),
    [
        ("Le Canada a quitté jeudi l'accord de Paris sur le climat.", "Paris"),
        ("Les deux camps disent respecter les accords de Minsk.", "Minsk"),
        ("Le Parlement a approuvé le traité de Lisbonne en 2008.", "Lisbonne"),
    ],
)
def test_french_treaty_town_codes_no_state(fr, sentence, town):
    assert code(mention(fr(sentence), town)) is None


@pytest.mark.parametrize(
    ("sentence", "town"),
    [
        ("Canada left the Paris agreement on Thursday.", "Paris"),
        ("Both camps say they respect the Minsk accords.", "Minsk"),
    ],
)
def test_english_treaty_town_codes_no_state(en, sentence, town):
    assert code(mention(en(sentence), town)) is None


def test_consent_of_a_capital_stays_its_government(fr):
    mentions = fr("L'opération a été menée avec l'accord de Moscou.")
    assert code(mention(mentions, "Moscou")) == "RUS"


def test_a_capital_that_signs_an_agreement_stays_its_government(en):
    assert code(mention(en("Moscow signed an agreement with Beijing."), "Moscow")) == "RUS"
