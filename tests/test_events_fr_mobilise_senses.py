"""French "mobiliser" moves forces only when forces are mobilised (issue 17).

Codebook MOBILIZE is a military or police move; mobilising money, means,
voters or rescuers is none. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_mobilising_funds_is_no_event() -> None:
    assert _types("La mairie a mobilisé des fonds pour rénover l'école.") == []


def test_voters_mobilised_by_an_election_are_no_event() -> None:
    text = "Les électeurs français ne sont pas encore mobilisés par les prochaines échéances."
    assert _types(text) == []


def test_forces_and_reservists_stay_mobilised() -> None:
    assert _types("La Russie a mobilisé 300 000 réservistes.") == ["MOBILIZE"]
    assert _types("Le Japon a mobilisé tous les moyens militaires disponibles.") == ["MOBILIZE"]


def test_a_group_that_mobilises_itself_stays_a_protest() -> None:
    assert _types("Les Gilets jaunes se sont mobilisés samedi à Paris.") == ["PROTEST"]
