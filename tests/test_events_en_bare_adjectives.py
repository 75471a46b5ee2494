"""An English adjective that is a verb's bare form is no form of that verb (issue 17).

"free" in "a free trade agreement" or "feel free to" frees no one: a participle
differs from its verb's bare form ("freed"), so only a participle the tagger
read as an adjective takes the verb rows. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_a_free_trade_agreement_frees_no_one() -> None:
    assert event_types("Canada and Japan signed a free trade agreement.", "en") == ["AGREE"]


def test_feel_free_is_no_release() -> None:
    assert event_types("Readers in Japan should feel free to send their questions.", "en") == []


def test_breaking_free_is_no_release() -> None:
    assert (
        event_types("The Canadian sailor said he survived by breaking free from the wreck.", "en")
        == []
    )


def test_freeing_prisoners_stays_a_release() -> None:
    assert event_types("China freed the Japanese fishermen.", "en") == ["RETREAT"]
