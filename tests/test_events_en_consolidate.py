""" "Consolidate" is cooperation only when what is consolidated is a tie between parties.

Codebook 4.5: COOPERATE is material cooperation that both sides take part
in. "Consolidated its control of the town" or "consolidated power" is
shared with nobody; "consolidated their partnership" is. Every sentence is
our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_consolidating_control_is_no_cooperation() -> None:
    text = "The rebels consolidated their control of the port city on Monday."
    assert "COOPERATE" not in event_types(text, "en")


def test_consolidating_power_is_no_cooperation() -> None:
    text = "The general consolidated his power after the vote."
    assert "COOPERATE" not in event_types(text, "en")


def test_consolidating_a_partnership_is_still_cooperation() -> None:
    text = "Kenya and Ethiopia consolidated their partnership on border trade."
    assert event_types(text, "en") == ["COOPERATE"]
