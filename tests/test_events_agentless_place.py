"""The place an agentless act happens in is not its source (codebook 5.2, issue 18).

"Trois journalistes ont été arrêtés à Minsk" has an empty source: the town
says where the arrest happened, not who made it. The nearest-mention fallback
used to take such a town (or a street's name, or the patient's home region)
as the source of an agentless passive. Acts of harm keep the old reading (the
gold codes an unclaimed attack by the state of its place). Sentences written
for these tests (not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def sides(text: str) -> list[tuple[str, list[str], list[str]]]:
    result = process_text(text, language="fr")
    return [
        (e.event_type, [a.text for a in e.source], [a.text for a in e.target])
        for e in result.events
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Lundi à Dakar, trois militants ont été condamnés à six mois de prison.", "Dakar"),
        (
            "Dans la nuit, rue de Lille à Rouen, un homme qui avait tagué la façade de la "
            "mairie a été placé en garde à vue.",
            "Lille",
        ),
        (
            "Mardi, deux hommes, habitants de Vienne (Isère), ont été condamnés à un an de prison.",
            "Isère",
        ),
    ],
)
def test_the_place_of_an_agentless_arrest_is_not_its_source(text: str, place: str) -> None:
    found = sides(text)
    assert any(kind == "COERCE" for kind, _, _ in found), found
    assert all(place not in source for _, source, _ in found), found
    assert all(not source for kind, source, _ in found if kind == "COERCE"), found
