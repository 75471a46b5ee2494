"""The ``veille_events`` spaCy component: run by the engine, usable in a pipeline of one's own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy

from veille.engine import process_text
from veille.events.coder import EventCoder
from veille.events.component import COMPONENT_NAME
from veille.nlp import EVENTS_COMPONENT, load_pipeline, pipeline_name
from veille.records import Article
from veille.settings import Settings

FRENCH = "Moscou a dénoncé les exercices de l'OTAN près de ses frontières."


def test_every_loaded_pipeline_holds_the_component_disabled() -> None:
    nlp = load_pipeline("fr")
    assert EVENTS_COMPONENT == COMPONENT_NAME
    assert COMPONENT_NAME in nlp.component_names
    assert COMPONENT_NAME not in nlp.pipe_names  # nlp.pipe runs before actors and places
    assert nlp("La Russie a signé un accord.")._.veille_events == ()


def test_a_pipeline_of_ones_own_codes_events_after_actors_and_places() -> None:
    nlp = spacy.load(pipeline_name("en"))
    nlp.add_pipe("veille_actors")
    nlp.add_pipe("veille_places")
    nlp.add_pipe(COMPONENT_NAME)
    doc = nlp("Russia denounced NATO's military exercises near its borders.")
    [event] = doc._.veille_events
    assert event.event_type == "ACCUSE"
    assert [s.code for s in event.source] == ["RUS"]
    assert [t.code for t in event.target] == ["NATO"]
    assert event.article_id == ""  # no article set: a bare one made of the text
    bare = Article(id="", text=doc.text, content_hash="", language="en")
    coded = EventCoder("en").code(doc, bare, doc._.veille_mentions, doc._.places)
    assert doc._.veille_events == coded


@pytest.fixture
def french_coded_with_the_english_lexicon() -> Iterator[None]:
    """Configure the loaded French pipeline's component with the English lexicon, then undo it."""
    nlp = load_pipeline("fr", Settings().fr_model)  # the pipeline the engine loads
    nlp.replace_pipe(COMPONENT_NAME, COMPONENT_NAME, config={"language": "en"})
    nlp.disable_pipe(COMPONENT_NAME)
    try:
        yield
    finally:
        nlp.replace_pipe(COMPONENT_NAME, COMPONENT_NAME)
        nlp.disable_pipe(COMPONENT_NAME)


def test_the_engine_codes_with_the_pipeline_component(
    french_coded_with_the_english_lexicon: None,
) -> None:
    # The component's configuration reaches the engine's events: with the
    # English lexicon, "dénoncé" is no trigger.
    assert process_text(FRENCH, language="fr", as_of="2026-11-24").events == ()


def test_the_engine_runs_the_french_component() -> None:
    [event] = process_text(FRENCH, language="fr", as_of="2026-11-24").events
    assert (event.event_type, event.trigger.text) == ("ACCUSE", "dénoncé")
