"""The release of people held is RETREAT release, whoever they are (codebook 7).

The noun "release" knew only prisoners, detainees, hostages and captives; a
journalist, an aid worker or a state's nationals freed by a group are released
too. The release of a report, a video or figures stays no event. Every
sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import types_and_modes


@pytest.mark.parametrize(
    "text",
    [
        "The militia announced the release of a Canadian journalist.",
        "The rebels confirmed the release of three Japanese aid workers.",
    ],
)
def test_people_released_are_freed(text: str) -> None:
    assert types_and_modes(text, "en") == [("RETREAT", "release")]


def test_a_report_released_is_no_event() -> None:
    assert (
        types_and_modes(
            "The ministry announced the release of a report on detained journalists.", "en"
        )
        == []
    )
