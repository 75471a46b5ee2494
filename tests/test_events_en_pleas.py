"""English pleas in court (codebook 4, issue 17).

A defendant who pleads guilty admits fault in a legal case (CONCEDE); one who
pleads not guilty rejects the charges (REJECT), as the real-news train
adjudication rules; "pleaded for calm" stays a request. Every sentence is our own.
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
        (
            "The Colombian commander pleaded guilty to drug charges in the United States.",
            "CONCEDE",
        ),
        ("Two Venezuelan officials plead not guilty to charges of money laundering.", "REJECT"),
        ("The Mexican governor pleaded for calm.", "REQUEST"),
    ],
)
def test_pleas(text: str, wanted: str) -> None:
    assert types(text) == [wanted]
