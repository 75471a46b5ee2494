"""A warning about a danger nobody controls threatens nobody (codebook 11, boundaries).

"Warn" is THREATEN when the speaker names harm someone would do or warns an
actor; warning that the economy, the world or a region faces a danger, or
warning of a famine, is no event. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types


@pytest.mark.parametrize(
    "text",
    [
        "The finance minister of Canada warned that the economy was heading for a deep slump.",
        "The UN warned of a looming famine in the border provinces of Brazil.",
        "Speaking in Beijing, the minister warned that there was a growing risk of floods.",
        "The Chinese premier warned the collapse of the talks does not end the dangers ahead.",
    ],
)
def test_a_warning_of_a_danger_is_no_threat(text: str) -> None:
    assert event_types(text, "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "China warned that it would cut off gas deliveries to Japan.",
        "Japan warned China not to send more ships near the islands.",
        "India warned that Japan would face consequences.",
    ],
)
def test_a_warning_of_harm_by_an_actor_stays_a_threat(text: str) -> None:
    assert event_types(text, "en") == ["THREATEN"]
