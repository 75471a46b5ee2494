"""The British spelling "Co-operation" names the same organisations (issue 18).

Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_the_gulf_co_operation_council_is_the_gcc() -> None:
    events = pipeline_events("The Gulf Co-operation Council condemned Iran.", "en")
    assert [side_codes(e.source) for e in events] == [["GCC"]]


def test_the_shanghai_co_operation_organisation_is_the_sco() -> None:
    events = pipeline_events("The Shanghai Co-operation Organisation condemned Japan.", "en")
    assert [side_codes(e.source) for e in events] == [["SCO"]]
