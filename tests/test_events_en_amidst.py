""" "Amidst" places a noun in its circumstances, as "amid" does (cues, circumstance).

A trigger noun behind "amid", "after" or "despite" is the setting of the news,
not the news, when a shallower trigger carries it; "amidst" is the same word
and was missing. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_talks_behind_amidst_are_the_setting() -> None:
    text = "Japan expels two Chinese diplomats amidst a new round of negotiations."
    assert event_types(text, "en") == ["SANCTION"]


def test_talks_behind_amid_were_already_the_setting() -> None:
    text = "Japan expels two Chinese diplomats amid a new round of negotiations."
    assert event_types(text, "en") == ["SANCTION"]
