"""A threat's target may stand one verb below its complement (codebook 11, THREATEN).

"warned that it might begin using force against Taiwan": the harm threatened is
"using force", hung on "begin"; the one it is aimed at is that verb's object.
Every sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import pipeline_events, side_codes


def sides(text: str) -> list[tuple[str, list[str | None], list[str | None]]]:
    """The type, source codes and target codes of each event in English ``text``."""
    return [
        (e.event_type, side_codes(e.source), side_codes(e.target))
        for e in pipeline_events(text, "en")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Chinese defence ministry warned that it might begin using force against Taiwan.",
            [("THREATEN", ["CHN"], ["TWN"])],
        ),
        (
            "Iran warned that it would start firing missiles at Israeli cities.",
            [("THREATEN", ["IRN"], ["ISR"])],
        ),
    ],
)
def test_a_threat_targets_the_object_one_verb_deeper(
    text: str, expected: list[tuple[str, list[str], list[str]]]
) -> None:
    assert sides(text) == expected


def test_a_threat_with_a_direct_target_keeps_it() -> None:
    assert sides("China threatened to use force against Taiwan.") == [
        ("THREATEN", ["CHN"], ["TWN"])
    ]
