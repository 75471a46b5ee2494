"""English pledges of force, coercion or sanctions are threats (codebook 11, issue 17).

"vowed to retaliate" warns of harm the speaker would cause: THREATEN, not
the AGREE a pledge of cooperation is. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text
from veille.records import Event


def coded(text: str) -> list[Event]:
    """The events the full pipeline codes in English ``text``."""
    return list(process_text(text, language="en").events)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("The Ukrainian president vowed to retaliate against Russia.", "violence"),
        ("Pyongyang vowed to launch a military operation against Seoul.", "violence"),
        ("Brussels pledged to impose new sanctions on Moscow.", "restrict"),
    ],
)
def test_a_pledge_of_material_conflict_is_a_threat(text: str, mode: str) -> None:
    events = coded(text)
    assert [(e.event_type, e.mode) for e in events] == [("THREATEN", mode)]
    assert not events[0].hypothetical


@pytest.mark.parametrize(
    "text",
    [
        # a pledge of cooperation, or not to step back, stays a promise
        "The EU pledged to send more aid to Sudan.",
        "Australia pledged not to withdraw forces from Afghanistan.",
        # agreeing on sanctions is no pledge to the target
        "EU ministers agreed to impose sanctions on Belarus.",
    ],
)
def test_other_pledges_and_agreements_stay_agreements(text: str) -> None:
    assert [e.event_type for e in coded(text)] == ["AGREE"]
