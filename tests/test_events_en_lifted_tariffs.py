"""Cancelling, scrapping, dropping or waiving tariffs and sanctions eases them (codebook 7).

RETREAT ``ease`` covers economic sanctions, embargoes and tariffs eased or
lifted, whatever the verb: "lift" and "suspend" already said so; "cancel",
"scrap", "revoke", "drop" and "exempt from" say it too. Cancelling a
planned attack is a de-escalation (RETREAT ``disarm``, real-news train
ruling), not the attack. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def coded(text: str) -> list[tuple[str, str | None]]:
    """The event types and modes the full pipeline codes in English ``text``."""
    return [(e.event_type, e.mode) for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    "text",
    [
        "Trump will cancel the planned tariffs on Denmark and Sweden.",
        "Washington exempted Mexican cars from the new tariffs.",
        "Britain scraps sanctions on Syria's central bank.",
        "Canada drops its tariffs on American steel.",
    ],
)
def test_tariffs_and_sanctions_cancelled_are_eased(text: str) -> None:
    assert coded(text) == [("RETREAT", "ease")]


def test_a_cancelled_attack_is_a_de_escalation() -> None:
    assert coded("Trump cancels a planned attack against Iran.") == [("RETREAT", "disarm")]
