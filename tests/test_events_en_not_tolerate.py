"""A "will not tolerate" warns of a response: THREATEN, not a denied act (issue 17).

Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def test_will_not_tolerate_is_a_threat() -> None:
    events = pipeline_events("Japan said it would not tolerate Chinese incursions.", "en")
    assert [(e.event_type, e.negated) for e in events] == [("THREATEN", False)]


def test_no_longer_tolerate_is_a_threat() -> None:
    events = pipeline_events("Canada will no longer tolerate illegal fishing by Japan.", "en")
    assert [(e.event_type, e.negated) for e in events] == [("THREATEN", False)]


def test_tolerating_is_no_threat() -> None:
    assert pipeline_events("China has long tolerated the Japanese fishermen.", "en") == []
