"""Coordinated verbs share the object written after the second one (issue 18).

"Police arrested and questioned the protesters": the parse hangs the object
on "questioned" only. Sentences written for these tests (not in any gold
file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def first_target(text: str) -> list[str | None]:
    events = process_text(text, language="en").events
    assert events, "no event"
    return [a.code for a in events[0].target]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Turkish police detained and questioned five Syrian journalists.", ["SYR"]),
        ("Egyptian security forces arrested and interrogated two Sudanese traders.", ["SDN"]),
    ],
)
def test_the_first_of_two_coordinated_verbs_shares_the_object(text: str, wanted: list[str]) -> None:
    assert first_target(text) == wanted


def test_a_second_verb_with_its_own_subject_shares_nothing() -> None:
    # The second clause has its own subject: "Syria" is not what Turkey shelled.
    assert "SYR" not in first_target("Turkey shelled the border and Syria condemned the raid.")
