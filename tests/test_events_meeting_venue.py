"""A meeting noun's city is where it is held, not a party to it (issue 18)."""

from __future__ import annotations

import pytest

from events_helpers import pipeline_events


def _consult_sides(text: str, language: str) -> list[tuple[list[str | None], list[str | None]]]:
    return [
        ([r.code for r in e.source], [r.code for r in e.target])
        for e in pipeline_events(text, language)
        if e.event_type == "CONSULT"
    ]


@pytest.mark.parametrize(
    ("text", "language", "sides"),
    [
        ("Le sommet de l'OTAN à Varsovie a commencé vendredi.", "fr", [(["NATO"], [])]),
        (
            "La Russie et la Turquie ont repris les négociations à Astana.",
            "fr",
            [(["RUS", "TUR"], [])],
        ),
        (
            "Les négociations d'Astana entre la Russie et la Turquie ont repris.",
            "fr",
            [(["RUS", "TUR"], [])],
        ),
        (
            "Les négociations d’Astana entre la Russie et la Turquie ont repris.",
            "fr",
            [(["RUS", "TUR"], [])],
        ),
        ("Russia and Turkey resumed talks in Astana.", "en", [(["RUS", "TUR"], [])]),
    ],
)
def test_the_city_of_a_meeting_is_no_side(text, language, sides):
    assert _consult_sides(text, language) == sides


def test_a_city_a_meeting_is_held_with_and_a_visits_destination_stay_sides():
    assert _consult_sides("Les négociations avec Moscou ont repris.", "fr") == [([], ["RUS"])]
    assert _consult_sides("La visite de Macron à Pékin a commencé.", "fr") == [(["FRA"], ["CHN"])]
    assert _consult_sides("Moscou et Pékin ont tenu un sommet.", "fr") == [(["RUS", "CHN"], [])]
