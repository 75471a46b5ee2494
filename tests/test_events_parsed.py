"""The coder's copy of a parse answers every question exactly as spaCy's Doc does."""

from __future__ import annotations

from typing import Any

import pytest

from veille.events.parsed import Morph, read_parse
from veille.nlp import load_pipeline

TEXTS = {
    "fr": [
        "Moscou et Minsk ont signé 14 documents.\n\nLe ministre a déclaré  que la Russie "
        "livrerait des armes, à condition que Kiev n'attaque pas.",
        "Titre\nSelon l'AFP, des manifestants ont été arrêtés par la police à Tunis.",
        "",
        "   ",
    ],
    "en": [
        "NATO's exercises, which began on Monday, were denounced by Russia.\n"
        "The minister said Washington would not send troops if talks failed.",
        "Headline\n\n\nProtesters marched through central Nairobi; police fired tear gas.",
        "",
    ],
}


def _spacy_view(t: Any) -> tuple[object, ...]:  # a spaCy Token or our Word
    return (
        t.i,
        t.text,
        t.lower_,
        t.lemma_,
        t.pos_,
        t.tag_,
        t.dep_,
        t.idx,
        t.whitespace_,
        t.is_punct,
        t.is_space,
        t.head.i,
        [c.i for c in t.children],
        [s.i for s in t.subtree],
        t.left_edge.i,
        t.right_edge.i,
        (t.sent.start, t.sent.end),
        [t.morph.get(f, []) for f in ("VerbForm", "Mood", "Tense", "PronType", "Number")],
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_token_reads_as_spacy_reads_it(language: str) -> None:
    nlp = load_pipeline(language)
    for text in TEXTS[language]:
        doc = nlp(text)
        parsed = read_parse(doc, text)
        assert parsed.text == doc.text
        assert [_spacy_view(w) for w in parsed] == [_spacy_view(t) for t in doc]
        assert [(s.start, s.end, s.text) for s in parsed.sents] == [
            (s.start, s.end, s.text) for s in doc.sents
        ]


def test_spans_cut_like_spacy_spans() -> None:
    doc = load_pipeline("fr")("La Russie a signé un accord avec la Biélorussie à Minsk.")
    parsed = read_parse(doc)
    for start, end in [(0, 3), (2, 9), (4, 4), (0, len(doc)), (8, 20)]:
        ours, theirs = parsed[start:end], doc[start:end]
        assert (ours.start, ours.end, len(ours)) == (theirs.start, theirs.end, len(theirs))
        assert [w.text for w in ours] == [t.text for t in theirs]
        if len(theirs):
            assert (ours.start_char, ours.end_char, ours.text) == (
                theirs.start_char,
                theirs.end_char,
                theirs.text,
            )
            assert ours[-1].i == theirs[-1].i
    with pytest.raises(IndexError):
        parsed[0:2][2]


def test_one_object_per_token() -> None:
    parsed = read_parse(load_pipeline("en")("Russia denounced the drills."))
    root = next(w for w in parsed if w.dep_ == "ROOT")
    assert root.head is root
    assert all(w.head is parsed[w.head.i] for w in parsed)
    assert root.is_ancestor(parsed[0])
    assert not parsed[0].is_ancestor(root)
    assert parsed[0].nbor(1) is parsed[1]
    with pytest.raises(IndexError):
        parsed[0].nbor(-1)


def test_morph_answers_like_spacy_morph_analysis() -> None:
    morph = Morph("Mood=Ind|PronType=Int,Rel|VerbForm=Fin")
    assert morph.get("PronType") == ["Int", "Rel"]
    assert morph.get("Tense") == []
    assert morph.get("Tense", ["Past"]) == ["Past"]
    assert Morph("").get("Mood") == []
