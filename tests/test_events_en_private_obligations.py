"""An obligation or an application that names no actor is no REQUEST (codebook 3.1).

"Must" is a demand when someone makes it of an actor ("Russia must withdraw
its troops, the UN said"); a rule for travellers, or a person applying for a
visa, with no actor on either side and no word of public life, is no
political act. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import event_types


@pytest.mark.parametrize(
    "text",
    [
        "Travellers whose passports were lost must apply for new ones.",
        "Tourists must apply for a visa before the trip.",
    ],
)
def test_an_obligation_on_nobody_is_no_request(text: str) -> None:
    assert event_types(text, "en") == []


def test_a_demand_made_of_a_state_stays_a_request() -> None:
    assert "REQUEST" in event_types("China must end its drills near Japan, the UN said.", "en")
