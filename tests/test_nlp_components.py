"""Pipeline components veille leaves out or replaces must not change what it finds."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.tokens import Doc

from veille.engine import code_document
from veille.extract import extract_article
from veille.nlp import UNREAD_COMPONENTS, load_pipeline, pipeline_name
from veille.records import RawDocument
from veille.rule_tables import AttributeTable, LemmaMemo, use_attribute_table, use_lemma_memo
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


# Colloquial forms, pronoun cases, expletives and whitespace tokens: the
# English ruler's rules beyond the tag map.
_ENGLISH_ODDITIES = (
    "Y'all ain't gonna believe it, nothin' is what I gotta say. Let's go!\n\n"
    "  There are  two men.\t It told you and me that I did it.  But he won't.\n"
)


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, str(t.head.i), t.ent_type_)
        for t in doc
    ]


def test_english_rule_components_are_read_as_tables_with_the_same_annotations() -> None:
    name = pipeline_name("en", Settings().en_model)
    lean = load_pipeline("en", Settings().en_model)
    assert isinstance(lean.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(lean.get_pipe("lemmatizer"), LemmaMemo)
    whole = spacy.load(name)
    whole.add_pipe("veille_line_breaks", before="parser")
    texts = [path.read_text("utf-8") for path in article_paths("en")]
    texts.append(_ENGLISH_ODDITIES)
    # Twice: the second time the lemmas come from the memo.
    for text in texts + texts:
        assert _annotations(lean(text)) == _annotations(whole(text)), text[:60]


def test_later_attribute_rules_override_earlier_ones_as_in_spacy() -> None:
    patterns: list[dict[str, Any]] = [
        {"patterns": [[{"LOWER": "sanctions"}]], "attrs": {"POS": "NOUN", "LEMMA": "x"}},
        {"patterns": [[{"TAG": {"IN": ["A", "B"]}}]], "attrs": {"POS": "VERB"}},
        {
            "patterns": [[{"LOWER": {"REGEX": "^sanc"}}, {"IS_SPACE": False}]],
            "attrs": {"LEMMA": "y"},
        },
        {
            "patterns": [[{"ORTH": "on"}, {"DEP": {"NOT_IN": [""]}}]],
            "attrs": {"POS": "ADP"},
            "index": -1,
        },
    ]
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    table = AttributeTable(nlp.vocab)
    table.add_patterns(patterns)
    words = ["Sanctions", "on", "Iran", "sanctions"]
    by_spacy, by_table = (
        Doc(nlp.vocab, words=words, tags=["A", "C", "B", "D"], deps=["ROOT", "prep", "pobj", "x"])
        for _ in range(2)
    )
    heads = (0, 0, 1, 0)
    for doc in (by_spacy, by_table):
        for token, head in zip(doc, heads, strict=True):
            token.head = doc[head]
    ruler(by_spacy)
    table(by_table)
    assert [(t.pos_, t.lemma_) for t in by_table] == [(t.pos_, t.lemma_) for t in by_spacy]
    assert [(t.pos_, t.lemma_) for t in by_table] == [
        ("VERB", "y"), ("", ""), ("ADP", ""), ("NOUN", "x"),
    ]  # fmt: skip


def test_a_ruler_with_rules_the_table_cannot_read_is_kept() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}}])  # type: ignore[attr-defined]
    assert not use_attribute_table(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_a_lemmatizer_not_known_to_depend_on_form_pos_and_features_alone_is_kept() -> None:
    nlp = spacy.blank("fr")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert type(lemmatizer).__name__ == "FrenchLemmatizer"
    assert not use_lemma_memo(nlp)
    assert nlp.get_pipe("lemmatizer") is lemmatizer
