""" "Insist" is a demand only with what it demands (codebook 3.2 and 8, issue 17).

"Japan insisted that China must release them" demands; "NATO insisted it
will stay" states. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [t for t, _ in types_and_modes(text, "en")]


def test_insisting_on_what_one_will_do_is_no_request() -> None:
    assert "REQUEST" not in types("Canada insisted it would keep its embassy in Beijing open.")


def test_insisting_that_another_must_act_is_a_request() -> None:
    assert types("Japan insisted that China must free the fishermen.") == ["REQUEST"]


def test_insisting_on_an_act_is_a_request() -> None:
    assert types("Japan insisted on an apology from China.") == ["REQUEST"]
