"""Who faces, receives or suffers an act a noun names is its target (issue 17).

"Japan faced criticism from China" is China's accusation aimed at Japan:
the subject of an ``undergo`` verb undergoes the act, and a "from" phrase,
on the noun or on the verb, names who does it. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import only_event, side_codes


def sides(text: str, event_type: str) -> tuple[list[str | None], list[str | None]]:
    """The source and target codes of the one ``event_type`` event of English ``text``."""
    event = only_event(text, "en", event_type)
    return side_codes(event.source), side_codes(event.target)


def test_criticism_faced_is_aimed_at_who_faces_it() -> None:
    assert sides("Japan faced criticism from China over its fishing fleet.", "ACCUSE") == (
        ["CHN"],
        ["JPN"],
    )


def test_criticism_drawn_with_no_author_still_names_its_target() -> None:
    assert sides("Japan drew strong criticism.", "ACCUSE") == ([], ["JPN"])


def test_aid_received_from_a_state_is_that_state_s_aid() -> None:
    assert sides("Brazil received aid from Canada.", "AID") == (["CAN"], ["BRA"])
