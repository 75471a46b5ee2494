"""English raids and searches by police or security forces are COERCE seize (codebook 15, issue 17).

Every sentence is our own, written for the test. Each runs the whole
pipeline (``veille.process_text``) as a user would.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    "text",
    [
        # a search by the police, or of someone's premises
        "Security forces searched the homes of two opposition leaders in Minsk.",
        "Federal agents searched the apartment of the former minister.",
        # a light verb hands the act to its noun, which knows who raids
        "Turkish police carried out a raid on the headquarters of a pro-Kurdish party.",
        "Police conducted raids on the homes of several journalists in Dhaka.",
        "The security service raided a monastery in Kyiv on Tuesday.",
    ],
)
def test_a_police_search_or_raid_is_coercion(text: str) -> None:
    assert types(text) == ["COERCE"]


@pytest.mark.parametrize(
    "text",
    [
        # looking for people, survivors or wreckage is no act of state power
        "Rescuers searched the rubble for survivors in Antakya.",
        "Police searched for the missing girl near Leeds.",
    ],
)
def test_searching_for_someone_is_no_event(text: str) -> None:
    assert types(text) == []


def test_an_armed_raid_stays_an_attack() -> None:
    assert "ASSAULT" in types("Rebel fighters carried out a raid on an army post near Goma.")
