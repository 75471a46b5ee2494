"""French "violer": defying a norm is REJECT, a rape is no event (issue 17).

Codebook REJECT `yield` covers "defying a law or court"; violating a truce,
a treaty or a border is that. To "violer" a person is a rape: a crime
between private persons, which codes nothing (codebook §3.2). Every sentence
here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_violating_a_truce_is_a_rejection() -> None:
    assert "REJECT" in _types("Les rebelles ont violé la trêve conclue la veille avec le Canada.")


def test_violating_airspace_is_a_rejection() -> None:
    assert "REJECT" in _types("Des avions chinois ont violé l'espace aérien du Japon.")


def test_a_rape_is_no_rejection() -> None:
    text = "Un homme de 30 ans est soupçonné d'avoir voulu violer une passante dans un parc."
    assert "REJECT" not in _types(text)


def test_a_rape_by_a_neighbour_is_no_rejection() -> None:
    assert "REJECT" not in _types("Le voisin a violé la jeune femme dans la cave de l'immeuble.")
