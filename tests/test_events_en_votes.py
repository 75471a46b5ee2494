"""A vote is no event (codebook 3.2, issue 17); what it decides may be one.

Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [t for t, _ in types_and_modes(text, "en")]


def test_voting_in_favor_of_a_text_is_no_concession() -> None:
    assert types("Japan voted in favor of the declaration on fishing.") == []


def test_what_a_vote_decides_is_coded() -> None:
    assert "SANCTION" in types("The European Union voted to impose sanctions on Belarus.")
