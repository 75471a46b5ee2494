"""Who "écope" of a prison term is its target (issue 17, codebook 3.3).

"X a écopé de deux ans de prison": a court sent X to prison, COERCE
`arrest` with X as target, never as source. A fine alone is no prison.
Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_a_prison_term_received_is_an_arrest_of_the_subject() -> None:
    [event] = pipeline_events("Un militant japonais a écopé de dix ans de réclusion.", "fr")
    assert (event.event_type, event.mode) == ("COERCE", "arrest")
    assert side_codes(event.source) == []
    assert side_codes(event.target) == ["JPN"]


def test_a_fine_received_is_no_arrest() -> None:
    assert pipeline_events("Le club a écopé d'une amende.", "fr") == []
