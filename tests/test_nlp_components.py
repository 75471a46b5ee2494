"""Pipeline components veille leaves out must not change what it finds."""

from __future__ import annotations

import spacy

from veille.engine import code_document
from veille.extract import extract_article
from veille.nlp import UNREAD_COMPONENTS, load_pipeline, pipeline_name
from veille.records import RawDocument
from veille.samples import REFERENCE_TIME, article_paths
from veille.settings import Settings


def test_the_french_pipeline_leaves_out_its_attribute_ruler() -> None:
    settings = Settings()
    name = pipeline_name("fr", settings.fr_model)
    assert "attribute_ruler" in UNREAD_COMPONENTS[name]
    lean = load_pipeline("fr", settings.fr_model)
    assert "attribute_ruler" not in lean.component_names
    assert "attribute_ruler" in spacy.load(name).component_names  # the package has one


def test_events_actors_and_places_are_those_of_the_whole_pipeline() -> None:
    settings = Settings(as_of=REFERENCE_TIME)
    name = pipeline_name("fr", settings.fr_model)
    lean = load_pipeline("fr", settings.fr_model)
    whole = spacy.load(name)
    whole.add_pipe("veille_line_breaks", before="parser")
    paths = article_paths("fr")
    assert paths
    for path in paths:
        raw = RawDocument(source=str(path), data=path.read_text("utf-8"), media_type="text/plain")
        article = extract_article(raw, settings)
        expected = code_document(whole(article.text), article, settings)
        assert expected.events  # the comparison has something to compare
        assert code_document(lean(article.text), article, settings) == expected, path.name
