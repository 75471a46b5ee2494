"""Events told in a relative clause: who acts and who is acted on (issue 17).

A relative pronoun ("qui", "que", "who", "which", "that") stands for the noun
its clause describes: in "le Hamas, qui a attaqué Israël", Hamas attacked.
Before, the pronoun named nobody, and the sides steps took the nearest
mention instead (Israel attacking itself) or left the source empty. Every
sentence here is our own, written for the test; each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text
from veille.records import Event


def only(text: str, language: str, event_type: str) -> Event:
    """The one event of ``event_type`` coded in ``text``."""
    found = [e for e in process_text(text, language=language).events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in found]
    return found[0]


def codes(side: tuple[object, ...]) -> set[str | None]:
    return {getattr(a, "code", None) for a in side}


@pytest.mark.parametrize(
    ("language", "text", "event_type", "source", "target"),
    [
        (
            "fr",
            "Le Hamas, qui a attaqué Israël le 7 octobre, est basé à Gaza.",
            "ASSAULT",
            "PSE",
            "ISR",
        ),
        (
            "en",
            "The European Union, which imposed sanctions on Russia in 2014, is based in Brussels.",
            "SANCTION",
            "EU",
            "RUS",
        ),
    ],
)
def test_a_subject_relative_pronoun_is_the_noun_its_clause_describes(
    language: str, text: str, event_type: str, source: str, target: str
) -> None:
    event = only(text, language, event_type)
    assert codes(event.source) == {source}
    assert target in codes(event.target)
