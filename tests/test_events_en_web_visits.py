"""Visits to a website and hosting a video are no meeting (codebook 3.2).

"Visit" and "host" are CONSULT when people meet; web traffic ("visits to
the site") and storing content ("will keep hosting the clip") name no act.
Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types


@pytest.mark.parametrize(
    "text",
    [
        "Half of the visits to the website of the ministry came from Canada.",
        "Several forums in Japan said they would keep hosting the videos.",
    ],
)
def test_web_traffic_is_no_meeting(text: str) -> None:
    assert event_types(text, "en") == []


@pytest.mark.parametrize(
    "text",
    ["China hosted the President of Brazil in Beijing.", "The President of Brazil visited China."],
)
def test_a_state_visit_stays_a_meeting(text: str) -> None:
    assert event_types(text, "en") == ["CONSULT"]
