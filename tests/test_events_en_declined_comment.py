"""Declining to comment is no event (codebook 3.2, issue 17); refusing a demand stays REJECT.

Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [t for t, _ in types_and_modes(text, "en")]


def test_declining_to_comment_is_no_rejection() -> None:
    assert types("A Canadian spokesman declined to comment on the report.") == []


def test_refusing_to_comment_is_no_rejection() -> None:
    assert types("The Japanese embassy refused to comment.") == []


def test_refusing_to_free_prisoners_is_a_rejection() -> None:
    assert types("China refused to free the Japanese fishermen.") == ["REJECT"]
