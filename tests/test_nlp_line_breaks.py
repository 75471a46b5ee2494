"""A line break always ends a sentence, before the parser decides anything."""

from __future__ import annotations

import pytest

from veille.nlp import load_pipeline

TEXTS = {
    "fr": "Manœuvres à la frontière\nLa Russie a déployé des troupes\n\nLe Kremlin dément",
    "en": "Troops at the border\nRussia deployed troops\n\n  Moscow denies it",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_token_after_a_line_break_opens_a_sentence(language: str) -> None:
    doc = load_pipeline(language)(TEXTS[language])
    after_breaks = [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    assert len(after_breaks) == 2
    assert all(doc[i].is_sent_start for i in after_breaks)
    starts = {sent.start for sent in doc.sents}
    assert set(after_breaks) <= starts
    # Words after a plain space are not forced to start anything: the three
    # headlines stay three sentences, not one per word.
    assert len(list(doc.sents)) <= 5
