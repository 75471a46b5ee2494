"""A person state justice acts on takes the country of the police or court (codebook 3.3, issue 18).

Sentences written for these tests (not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def targets(text: str) -> list[tuple[str, list[str | None]]]:
    events = process_text(text, language="en").events
    return [(e.event_type, [a.code for a in e.target]) for e in events]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("A district court in Osaka, Japan, sentences Kenji Tanaka to life in prison.", "JPN"),
        ("Malaysian authorities said they arrested taxi driver Ahmad Bin Salleh.", "MYS"),
        ("Kenji Tanaka was detained by Japanese police on Monday.", "JPN"),
    ],
)
def test_the_person_state_justice_acts_on_takes_its_country(text: str, wanted: str) -> None:
    assert targets(text)[0] == ("COERCE", [wanted])


def test_a_date_is_nobody_acted_on() -> None:
    # "on Monday" is a proper noun after the verb, not a person arrested.
    events = process_text("Japanese police detained Kenji Tanaka on Monday.", language="en").events
    assert [a.text for e in events for a in e.target] == ["Kenji Tanaka"]
