"""English suspensions (codebook 7 and 13, issue 17).

Suspending aid, trade or links with another country is a SANCTION; suspending
sanctions or tariffs eases them (RETREAT ease); suspending one's own
operations, trading, mining or classes cuts no relation with anyone and is no
event. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def coded(text: str) -> list[tuple[str, str | None]]:
    """The (type, mode) of each event the full pipeline codes in English ``text``."""
    return [(e.event_type, e.mode) for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    "text",
    [
        "The government of Chile suspends copper mining in the north for 30 days.",
        "Trading in the shares remained suspended for a year.",
        "The university suspended classes after the storm.",
    ],
)
def test_suspending_ones_own_activity_is_no_event(text: str) -> None:
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The EU suspended sanctions on Syria for six months.",
        "Japan suspended its planned tariffs on Chinese steel.",
    ],
)
def test_suspending_sanctions_eases_them(text: str) -> None:
    assert coded(text) == [("RETREAT", "ease")]


@pytest.mark.parametrize(
    "text",
    [
        "Washington suspended its military aid to Niger.",
        "Germany suspends arms exports to Turkey.",
        "Peru suspends fish exports to Chile and announces a 20% tariff on Chilean wine.",
    ],
)
def test_suspending_aid_or_trade_with_a_country_stays_a_sanction(text: str) -> None:
    assert coded(text) == [("SANCTION", None)]
