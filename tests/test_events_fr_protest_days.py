"""French "journée" of a movement or of mobilisation is a protest (issue 17).

Codebook PROTEST and the dev article ruling « la 34ème journée des gilets
jaunes »: a movement's day N, like "entered the third week of a strike",
is PROTEST with mode null. A day of celebration, a sports round or a
festival day stays no event. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_a_day_of_mobilisation_is_a_protest() -> None:
    text = "Une nouvelle journée de mobilisation contre la réforme des retraites a eu lieu jeudi."
    assert _types(text) == ["PROTEST"]


def test_a_movement_day_is_a_protest() -> None:
    text = "Cette journée des « gilets jaunes » du 5 janvier est la huitième journée du mouvement."
    assert _types(text) == ["PROTEST"]


def test_a_sports_round_is_no_event() -> None:
    assert _types("Lyon a pris la tête du championnat lors de la dixième journée.") == []


def test_a_celebration_day_is_no_event() -> None:
    assert _types("La journée de la femme est célébrée chaque 8 mars.") == []
