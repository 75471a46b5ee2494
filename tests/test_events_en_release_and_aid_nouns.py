"""English releases named by a noun, loans lent and food distributed (codebook 6 and 7, issue 17).

"ordered the release of the detainees" frees them (RETREAT release); a loan
lent and food distributions are AID. The release of a report or of figures
is no event. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("The Kenyan court ordered the release of twelve detained activists.", "RETREAT"),
        ("Egypt secured the release of forty Sudanese prisoners.", "RETREAT"),
        ("Japan has lent Sri Lanka 500 million dollars.", "AID"),
        ("The World Food Programme began food distributions to families in Tigray.", "AID"),
    ],
)
def test_release_loans_and_distributions(text: str, wanted: str) -> None:
    assert types(text) == [wanted]


@pytest.mark.parametrize(
    "text",
    [
        "The release of the annual report was delayed.",
        "Oil prices rose after the release of new trade figures.",
    ],
)
def test_the_release_of_a_document_is_no_event(text: str) -> None:
    assert types(text) == []
