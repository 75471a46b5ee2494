"""French "perturber" a class, a campus or a meeting is PROTEST `obstruct` (issue 17).

Codebook PROTEST: `obstruct` is blocking roads or buildings or occupying a
place; students who disrupt lectures or activists who disrupt a minister's
meeting obstruct it. What a cyber-attack, a storm or a strike disrupts
(traffic, hospitals, a firm) is no protest of its own. Every sentence here
is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.mode) for e in pipeline_events(text, "fr")]


def test_students_disrupting_lectures_protest() -> None:
    text = "Des étudiants opposés à la réforme ont perturbé les cours à l'université de Rennes."
    assert _types(text) == [("PROTEST", "obstruct")]


def test_activists_disrupting_a_meeting_protest() -> None:
    text = "Des militants écologistes ont perturbé le meeting du ministre à Nantes."
    assert ("PROTEST", "obstruct") in _types(text)


def test_a_storm_disrupting_traffic_is_no_protest() -> None:
    assert _types("La tempête a perturbé le trafic ferroviaire dans tout le pays.") == []
