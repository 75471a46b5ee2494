"""Who dies is a victim, never the actor: the subject of a verb of dying is a target (issue 18).

"Trois civils sont morts lors d'un bombardement", "ont perdu la vie dans
l'explosion", "ont trouvé la mort dans une embuscade": the parser gives the
dead as the active subject of "mourir", "perdre" or "trouver", and the coder
used to make them the source of the attack. Sentences
written for these tests (not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def sides(text: str, language: str) -> list[tuple[list[str], list[str]]]:
    result = process_text(text, language=language)
    return [([a.text for a in e.source], [a.text for a in e.target]) for e in result.events]


@pytest.mark.parametrize(
    ("text", "language", "victims"),
    [
        ("Trois civils sont morts lors d'un bombardement sur Kharkiv.", "fr", "civils"),
        ("Quatre habitants ont péri dans l'explosion d'une bombe à Mossoul.", "fr", "habitants"),
        ("Deux civils ont perdu la vie dans l'attaque d'un village à Idleb.", "fr", "civils"),
        (
            "Deux policiers ont trouvé la mort lors d'une embuscade dans le nord du Burkina Faso.",
            "fr",
            "policiers",
        ),
        (
            "Six soldats nigérians ont trouvé la mort dans un bombardement.",
            "fr",
            "soldats nigérians",
        ),
    ],
)
def test_the_dead_are_the_target_of_the_attack(text: str, language: str, victims: str) -> None:
    found = sides(text, language)
    assert found, text
    assert all(victims not in source for source, _ in found), found
    assert any(victims in target for _, target in found), found
