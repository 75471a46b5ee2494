"""English exercises held by two states' forces are joint: COOPERATE (codebook 5, issue 17).

One side's exercise or drill is MOBILIZE; the forces of two states taking
part in it, or an exercise "with" another state, make it a joint one.
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
        "About 2,000 Thai troops and 900 Indonesian soldiers began the exercises on Monday.",
        "Serbia took part in military exercises with Belarus last year.",
        "The Indian navy and Australia's navy held drills together in the Bay of Bengal.",
        "The coast guards of Japan and Vietnam held trilateral naval exercises.",
    ],
)
def test_an_exercise_of_two_states_is_cooperation(text: str) -> None:
    assert types(text) == ["COOPERATE"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia held military exercises near the Ukrainian border.",
        "Russia held naval drills with 40 warships in the Baltic.",
    ],
)
def test_one_side_s_exercise_is_mobilisation(text: str) -> None:
    assert types(text) == ["MOBILIZE"]
