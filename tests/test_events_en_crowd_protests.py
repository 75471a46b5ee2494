"""English crowds who "protest" demonstrate; a state that protests objects in words (issue 17).

Codebook 12: collective public action is PROTEST; a government's protest
is ACCUSE. The verb's subject or the crowd words near it tell which.
Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of people protest in the main square of Tbilisi.",
        "Kenyan students protested against the new university fees.",
    ],
)
def test_crowds_protesting_are_protests(text: str) -> None:
    assert types(text) == ["PROTEST"]


@pytest.mark.parametrize(
    "text",
    [
        "China protested to Japan over the visit to the shrine.",
        "Moscow protested the expulsion of its diplomats.",
    ],
)
def test_a_state_protesting_accuses(text: str) -> None:
    assert types(text) == ["ACCUSE"]
