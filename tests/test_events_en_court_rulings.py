"""A court that rules against, strikes down or overturns a measure restrains the executive.

The codebook rulings code a court decision against a government measure as
COERCE `restrict`, court → government. "Struck down" was read as an attack
and "ruled against" and "overturned a ban" were missed. Every sentence is our
own.
"""

from __future__ import annotations

import pytest

from events_helpers import types_and_modes


@pytest.mark.parametrize(
    "text",
    [
        "A federal judge in Canada ruled against the executive order on Friday.",
        "The Supreme Court of Canada struck down the government's ban on Monday.",
        "The high court of India overturned the state's ban on street vendors.",
    ],
)
def test_a_court_decision_against_a_measure_is_coercion(text: str) -> None:
    assert types_and_modes(text, "en") == [("COERCE", "restrict")]


def test_a_drone_strike_on_a_law_school_stays_an_attack() -> None:
    assert [t for t, _ in types_and_modes("A drone struck a law school in Kharkiv.", "en")] == [
        "ASSAULT"
    ]


def test_an_overturned_conviction_is_no_coercion() -> None:
    assert ("COERCE", "restrict") not in types_and_modes(
        "The appeals court of Canada overturned his conviction.", "en"
    )
