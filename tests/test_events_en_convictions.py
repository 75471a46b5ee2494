"""English convictions (codebook 3.3, issue 17).

A conviction without prison is ACCUSE ``allege``; a conviction that comes with a
prison sentence is one COERCE ``arrest`` event. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import types_and_modes


def coded(text: str) -> list[tuple[str, str | None]]:
    """The (type, mode) of each event coded in the English ``text``."""
    return types_and_modes(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "A court in Oslo convicted the activist of vandalism.",
        "The opposition leader was convicted of perjury last week.",
        "The journalist was found guilty of espionage.",
    ],
)
def test_a_conviction_without_prison_is_an_accusation(text: str) -> None:
    assert coded(text) == [("ACCUSE", "allege")]


@pytest.mark.parametrize(
    "text",
    [
        "The former minister was convicted of corruption and sentenced to five years in prison.",
        "The journalist was found guilty of espionage and sentenced to ten years.",
    ],
)
def test_a_conviction_with_a_prison_sentence_is_one_arrest(text: str) -> None:
    assert coded(text) == [("COERCE", "arrest")]


def test_finding_something_else_is_no_conviction() -> None:
    assert coded("Police found weapons in the house.") == []
