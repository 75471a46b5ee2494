"""An attack that is the subject names the place it struck (issue 18).

"A Russian airstrike in Kyiv, Ukraine, kills one person": the victim names
no state, the attack's own place does. Sentences written for these tests
(not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("An Israeli airstrike in Khan Younis, Gaza, kills one person.", "PSE"),
        ("A Saudi airstrike in Saada, Yemen, kills one person.", "YEM"),
    ],
)
def test_the_place_of_an_attack_subject_is_the_target(text: str, wanted: str) -> None:
    events = process_text(text, language="en").events
    assert events
    assert [a.code for a in events[0].target] == [wanted]


@pytest.mark.parametrize(
    "text",
    [
        "Four soldiers are killed by Boko Haram fighters in Borno State, Nigeria.",
        "Gang members killed three police officers in Port-au-Prince, Haiti.",
    ],
)
def test_a_states_forces_are_no_own_forces_of_its_rebels(text: str) -> None:
    # The rebels share the state's code but are not the state: its forces are their target.
    events = [e for e in process_text(text, language="en").events if e.event_type == "ASSAULT"]
    assert events
    assert events[0].target


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("A Pakistani drone strike in Khost killed four civilians.", "PAK", "AFG"),
        ("A Pakistani drone strike in Khost, Afghanistan, wounded two boys.", "PAK", "AFG"),
    ],
)
def test_the_place_an_attack_subject_struck_is_no_source(
    text: str, source: str, target: str
) -> None:
    # The strike's adjective is who struck; the town it fell on is where, and whose.
    events = [e for e in process_text(text, language="en").events if e.event_type == "ASSAULT"]
    assert events
    assert [a.code for a in events[0].source] == [source]
    assert target in [a.code for a in events[0].target]
