"""Events told in a relative clause: who acts and who is acted on (issue 17).

A relative pronoun ("qui", "que", "who", "which", "that") stands for the noun
its clause describes: in "le Hamas, qui a attaqué Israël", Hamas attacked.
Before, the pronoun named nobody, and the sides steps took the nearest
mention instead (Israel attacking itself) or left the source empty. A noun
trigger the clause acts on ("les sanctions que l'UE a imposées à la
Russie") takes the clause's subject as source and its complement as target;
before, both were sources, or nobody was. Every sentence here is our own,
written for the test; each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from events_helpers import only_event, side_codes


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
    event = only_event(text, language, event_type)
    assert set(side_codes(event.source)) == {source}
    assert target in set(side_codes(event.target))


@pytest.mark.parametrize(
    ("language", "text", "event_type", "source", "target"),
    [
        (
            "fr",
            "Les sanctions que l'Union européenne a imposées à la Russie restent en vigueur.",
            "SANCTION",
            "EU",
            "RUS",
        ),
        (
            "en",
            "The sanctions which the European Union imposed on Russia remain in force.",
            "SANCTION",
            "EU",
            "RUS",
        ),
    ],
)
def test_a_noun_the_relative_clause_acts_on_takes_the_clauses_subject_as_source(
    language: str, text: str, event_type: str, source: str, target: str
) -> None:
    event = only_event(text, language, event_type)
    assert set(side_codes(event.source)) == {source}
    assert set(side_codes(event.target)) == {target}
