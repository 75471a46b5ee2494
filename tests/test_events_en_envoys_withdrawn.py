"""Withdrawing an ambassador or envoy is SANCTION `withdraw` (codebook 13: "recalls an envoy").

'withdraw' is listed in the hand-written triggers, which hides the CAMEO row
that knew ambassadors: a withdrawn envoy fell to the bare row, RETREAT (forces
leaving an area). Troops withdrawn stay RETREAT. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import types_and_modes


def coded(text: str) -> list[tuple[str, str | None]]:
    """The event types and modes the full pipeline codes in English ``text``."""
    return types_and_modes(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "Saudi Arabia will withdraw its ambassador from Canada, the ministry said.",
        "Lithuania withdrew its envoy from Beijing on Tuesday.",
        "Peru announced the withdrawal of its ambassador from Mexico.",
    ],
)
def test_an_envoy_withdrawn_is_a_sanction(text: str) -> None:
    assert coded(text) == [("SANCTION", "withdraw")]


def test_troops_withdrawn_stay_a_retreat() -> None:
    assert coded("The army began to withdraw its troops from the border town.") == [
        ("RETREAT", "withdraw")
    ]
