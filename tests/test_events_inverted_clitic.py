"""A subject pronoun written after its verb refers back like any other (issue 18).

"Aussi menacent-ils de …", "menace-t-elle": French inverts the subject pronoun
after its verb, joined by a hyphen (and a euphonic "-t-"). The parser hangs
"-ils" on the verb, sometimes as a bare dependent or on the "-t", and the
coder did not read it as the pronoun "ils", so the act lost its source.
Sentences written for these tests (not in any gold file); each runs the whole
pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def threat_sources(text: str) -> list[list[str | None]]:
    result = process_text(text, language="fr")
    return [[a.code for a in e.source] for e in result.events if e.event_type == "THREATEN"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Les syndicats grecs ont rejeté la réforme. Aussi menacent-ils de bloquer le "
            "port du Pirée.",
            "GRC",
        ),
        (
            "La Russie a rejeté l'ultimatum. Aussi menace-t-elle de couper le gaz à la Moldavie.",
            "RUS",
        ),
        (
            "Le gouvernement malien a rompu avec la France. Aussi menace-t-il d'expulser "
            "l'ambassadeur français.",
            "MLI",
        ),
    ],
)
def test_an_inverted_subject_pronoun_takes_its_antecedent(text: str, code: str) -> None:
    found = threat_sources(text)
    assert found, text
    assert any(code in sources for sources in found), found
