"""Releasing an assessment, an analysis or a document frees nobody (codebook 3.2).

"Release" is RETREAT `release` for people; a report or a video released is
no event, and an assessment, an estimate or a dossier is the same kind of
publication. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types


@pytest.mark.parametrize(
    "text",
    [
        "The Pentagon of Canada released a classified assessment on Friday.",
        "The claims rested on an analysis of the UN that was released in May.",
    ],
)
def test_a_released_document_is_no_event(text: str) -> None:
    assert event_types(text, "en") == []


def test_released_people_stay_a_retreat() -> None:
    assert event_types("China released two Japanese nationals on Monday.", "en") == ["RETREAT"]
