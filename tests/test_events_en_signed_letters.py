"""Signing a letter or a petition is no agreement (codebook 4.1, issue 17).

AGREE binds its signers to a future act; a letter binds nobody, though what
it says may be an event of its own. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [t for t, _ in types_and_modes(text, "en")]


def test_a_signed_letter_is_no_agreement() -> None:
    text = "Eight Canadian senators signed a letter criticising the arrests in China."
    assert "AGREE" not in types(text)


def test_a_signed_petition_is_no_agreement() -> None:
    assert "AGREE" not in types("Canadian lawmakers signed a petition for the activist.")


def test_a_signed_treaty_stays_an_agreement() -> None:
    assert types("China and Japan signed a fisheries treaty.") == ["AGREE"]
