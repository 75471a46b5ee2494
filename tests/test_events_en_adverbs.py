"""An adverb is no form of a verb trigger (issue 17).

A word the tagger calls an adjective may be a participle it missed, so it
may take a verb's row; an adverb may not: "flew back to Lima" and "back in
1990" back nobody (SUPPORT is "to back" someone). The verb keeps its row.
Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in pipeline_events(text, "en")]


def test_an_adverb_back_is_no_support() -> None:
    assert types("The Peruvian minister flew back to Lima on Tuesday.") == []
    assert types("The Chilean senator travelled back to Santiago after the vote.") == []


def test_the_verb_back_is_still_support() -> None:
    assert types("Brazil backed Argentina's bid.") == ["SUPPORT"]
