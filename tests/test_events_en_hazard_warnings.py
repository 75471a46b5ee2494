"""A warning of a natural hazard threatens nobody (codebook 3.2).

"Issue a warning" is THREATEN when an actor warns another; a tsunami, storm
or bushfire warning an emergency service issues to residents names a natural
disaster, which codebook 3.2 leaves uncoded. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types


@pytest.mark.parametrize(
    "text",
    [
        "The weather office of Canada issues a storm warning for the coast of Nova Scotia.",
        "The fire service issues an evacuation warning as a wildfire nears the town.",
    ],
)
def test_a_hazard_warning_is_no_threat(text: str) -> None:
    assert event_types(text, "en") == []


def test_a_warning_to_an_adversary_stays_a_threat() -> None:
    assert event_types("China issued a stern warning to Japan.", "en") == ["THREATEN"]
