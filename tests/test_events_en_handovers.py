"""Hostages and remains handed over are released or returned (codebook 7, RETREAT).

"handed over" was read only as aid (food, medicine). Handing over hostages
or detainees frees them (RETREAT ``release``); handing over remains or bodies
returns them (RETREAT ``return``). Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def coded(text: str) -> list[tuple[str, str | None]]:
    """The event types and modes the full pipeline codes in English ``text``."""
    return [(e.event_type, e.mode) for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Hamas handed over the remains of two hostages to Israel.", "return"),
        ("Three Israeli hostages are handed over to the Red Cross by Hamas in Gaza.", "release"),
        ("Venezuela hands over three American detainees to the United States.", "release"),
    ],
)
def test_hostages_and_remains_handed_over_are_a_retreat(text: str, mode: str) -> None:
    assert coded(text) == [("RETREAT", mode)]


def test_supplies_handed_over_stay_aid() -> None:
    assert coded("Germany handed over food and medicine to Ukraine.") == [("AID", None)]
