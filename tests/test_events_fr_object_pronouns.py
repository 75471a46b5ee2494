"""French object pronoun "lui" as a side: the person named before (issue 18, codebook 7.8).

"On lui reproche …" after a sentence naming a president aims the reproach at
that president (``coreference``). Found on the French real-news train split
(``eval/real/gold/``); every sentence here is our own, written for the test,
never one of those sentences. Each test runs the whole pipeline
(``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def _event_of(text: str, sentence_word: str, wanted: str) -> list[str | None]:
    """The target codes of the one ``wanted`` event whose sentence holds ``sentence_word``."""
    [event] = [
        e
        for e in pipeline_events(text, "fr")
        if e.event_type == wanted and sentence_word in e.sentence.text
    ]
    return side_codes(event.target)


def test_lui_is_the_person_named_before() -> None:
    text = (
        "Le Premier ministre péruvien Pedro Castillo a été destitué mardi. "
        "Les juges lui reprochent d'avoir détourné des fonds."
    )
    assert _event_of(text, "juges", "ACCUSE") == ["PER"]


def test_lui_is_never_the_subject_of_its_own_clause() -> None:
    text = (
        "Emmanuel Macron a reçu Olaf Scholz à Paris. "
        "Scholz lui a demandé de soutenir le plan européen."
    )
    assert _event_of(text, "Scholz lui", "REQUEST") == ["FRA"]
