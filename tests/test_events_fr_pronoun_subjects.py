"""A French subject pronoun opening a sentence refers back to the last main subject (issue 18).

"Elle a ratifié l'accord" after "La Russie a signé le traité": the pronoun is
the earlier sentence's subject of its gender and number, not the last person
named (codebook 7.8, ``coreference``). Found on the French real-news train and
dev splits (``eval/real/gold/``); every sentence here is our own, written for
the test, never one of those sentences. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import last_sentence_event, pipeline_events, side_codes
from veille.records import Event


def last_event(text: str) -> Event:
    """The event coded in the last sentence of the French ``text``."""
    return last_sentence_event(text, "fr")


def test_elle_is_the_state_subject_not_the_last_person_named() -> None:
    event = last_event(
        "Le ministre français des Affaires étrangères a rencontré son homologue. "
        "La Russie a signé le traité avec la Chine. Elle a ratifié l'accord mardi."
    )
    assert side_codes(event.source) == ["RUS"]


def test_elles_is_the_plural_feminine_group_subject() -> None:
    event = last_event(
        "Le président malien a parlé. Les milices chiites sont efficaces. "
        "Elles ont attaqué un village près de Gao."
    )
    assert side_codes(event.source) == ["MLI"]
    assert event.source[0].sector == "REB"


def test_a_pronoun_of_another_gender_does_not_take_the_subject() -> None:
    event = last_event(
        "Le président brésilien Lula a pris la parole. "
        "La Chine a signé le traité avec l'Inde. Il a salué l'accord."
    )
    assert "CHN" not in side_codes(event.source)


def test_a_pronoun_in_a_reported_clause_is_its_own_sentences_subject() -> None:
    events = pipeline_events(
        "Le Canada a protesté. La Russie a affirmé qu'elle riposterait contre l'Ukraine.", "fr"
    )
    [reply] = [e for e in events if e.event_type == "ASSAULT"]
    assert side_codes(reply.source) == ["RUS"]
