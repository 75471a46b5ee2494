"""The coder's words are data: each language reads its own files, and a new row changes the coding.

The worked examples of docs/events.md are replayed here with the row added
to a copy of the packaged lexicon.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from veille.actors import get_resolver
from veille.errors import OntologyError
from veille.events.coder import EventCoder
from veille.events.lexicon import (
    load_lexicon,
    parse_calendar,
    parse_cues,
    parse_grammar,
    parse_quantities,
    parse_triggers,
    with_fallbacks,
)
from veille.events.quantities import find_durations, find_quantities
from veille.nlp import load_pipeline
from veille.records import Article, Event

TRIGGER_HEADER = "lemma\tpos\tevent_type\tmode\tcameo\twith\n"


@cache
def packaged(language: str) -> EventCoder:
    return EventCoder(language)


def code(coder: EventCoder, text: str) -> tuple[Event, ...]:
    doc = load_pipeline(coder.language)(text)
    mentions = get_resolver(coder.language).resolve_mentions(doc)
    article = Article(id="t", text=text, content_hash="", language=coder.language)
    return coder.code(doc, article, mentions)


def test_a_new_trigger_row_codes_the_word() -> None:
    text = "La Russie a dédaigné l'offre de l'OTAN."
    assert [e.event_type for e in code(packaged("fr"), text)] == ["AGREE"]  # from "offre"
    lexicon = load_lexicon("fr")
    added = parse_triggers(TRIGGER_HEADER + "dédaigner\tV\tREJECT\t\t\t\n")
    coder = EventCoder("fr", replace(lexicon, triggers=with_fallbacks(lexicon.triggers, added)))
    [event] = code(coder, text)
    assert (event.event_type, event.cameo, event.trigger.text) == ("REJECT", "120", "dédaigné")
    assert [s.code for s in event.source] == ["RUS"]
    assert [t.code for t in event.target] == ["NATO"]


def test_a_new_cue_row_attributes_the_event() -> None:
    text = "Le ministre russe de la Défense a martelé que Moscou respecterait le traité New START."
    [before] = code(packaged("fr"), text)
    assert before.attributed_to is None
    lexicon = load_lexicon("fr")
    cues = parse_cues("kind\tcue\nreport\tmarteler\n")
    extended = {kind: lexicon.cue(kind) | cues.get(kind, frozenset()) for kind in lexicon.cues}
    [after] = code(EventCoder("fr", replace(lexicon, cues=extended)), text)
    assert after.attributed_to is not None
    assert after.attributed_to.verb is not None
    assert after.attributed_to.verb.text == "martelé"
    assert after.attributed_to.text == "ministre russe de la Défense"


def test_each_language_reads_its_own_words() -> None:
    # "an" is the French year, an English article: an English amount keeps it.
    [amount] = find_quantities("The workers earn $5 an hour.", 0, "en")
    assert (amount.value, amount.unit) == (5.0, "USD")
    assert find_quantities("pendant 5 an", 0, "fr") == []  # a duration, not an amount
    # English number words are not French durations, nor French ones English.
    assert find_durations("pour two years", 0, "fr") == []
    assert [d.days for d in find_durations("for two years", 0, "en")] == [730]
    assert find_durations("for deux ans", 0, "en") == []


def test_a_language_without_a_lemma_file_guesses_no_lemma() -> None:
    assert load_lexicon("fr").lemma_guesses
    assert load_lexicon("en").lemma_guesses == ()


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_grammar, "target_cas\tto\n"),
        (parse_quantities, "numbre\tfive\t5\n"),
        (parse_calendar, "mois\tmai\t5\n"),
    ],
)
def test_an_unknown_kind_names_the_file_and_the_kinds(parse: object, text: str) -> None:
    with pytest.raises(OntologyError, match=r"x\.tsv: unknown kind .* must be one of"):
        parse(text, "x.tsv")  # type: ignore[operator]


def test_bad_values_and_widths_are_rejected() -> None:
    with pytest.raises(OntologyError, match="not a number"):
        parse_quantities("number\tfive\tcinq\n", "x.tsv")
    with pytest.raises(OntologyError, match="date_order"):
        parse_calendar("date_order\tyear day\t\n", "x.tsv")
    with pytest.raises(OntologyError, match=r"x\.tsv line 1: expected 3"):
        parse_calendar("month\tmai\n", "x.tsv")


def test_every_language_has_every_word_file() -> None:
    for language in ("fr", "en"):
        lexicon = load_lexicon(language)
        assert lexicon.grammar.target_cases
        assert lexicon.grammar.coordinators
        assert lexicon.quantities.numbers
        assert lexicon.quantities.duration_units
        assert len(lexicon.calendar.months) + len(lexicon.calendar.month_homographs) == 12
        assert lexicon.cue("circumstance")
