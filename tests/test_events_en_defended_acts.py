"""Defending an act in words is SUPPORT (codebook 3: "defending in words").

"Defend" was SUPPORT only with a right, a decision, a policy or a position;
defending a move, a ban or a deal is the same backing. Defending a town
stays no SUPPORT. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types


@pytest.mark.parametrize(
    "text",
    [
        "The government of Japan defended the move on Tuesday.",
        "China defended its ban on Japanese seafood.",
        "India defended the deal with Brazil in parliament.",
    ],
)
def test_defending_an_act_is_support(text: str) -> None:
    assert event_types(text, "en") == ["SUPPORT"]


def test_defending_a_town_is_no_support() -> None:
    assert "SUPPORT" not in event_types("Soldiers of Canada defended the town all night.", "en")
