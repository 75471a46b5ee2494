"""An English adjective that is a verb's bare form is no form of that verb (issue 17).

"free" in "a free trade agreement" or "feel free to" frees no one: a participle
differs from its verb's bare form ("freed"), so only a participle the tagger
read as an adjective takes the verb rows. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [t for t, _ in types_and_modes(text, "en")]


def test_a_free_trade_agreement_frees_no_one() -> None:
    assert types("Canada and Japan signed a free trade agreement.") == ["AGREE"]


def test_feel_free_is_no_release() -> None:
    assert types("Readers in Japan should feel free to send their questions.") == []


def test_breaking_free_is_no_release() -> None:
    assert types("The Canadian sailor said he survived by breaking free from the wreck.") == []


def test_freeing_prisoners_stays_a_release() -> None:
    assert types("China freed the Japanese fishermen.") == ["RETREAT"]
