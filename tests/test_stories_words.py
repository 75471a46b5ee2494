"""Text keys of stories (veille.stories.words): names, concepts and stems of the title and lead.

The leads are written for these tests: one happening (a typhoon making
landfall) told in French and in English, and the same kind of report of
another happening.
"""

from __future__ import annotations

from dataclasses import replace

from _records_factory import make_article
from veille.records import ArticleResult, Mention, Section
from veille.stories.signals import key_cosine, shared_evidence
from veille.stories.words import text_keys

FR_TYPHOON = (
    "Le typhon Saola a touché terre samedi à Taïwan, où des pluies diluviennes ont provoqué "
    "des glissements de terrain et la fermeture des écoles."
)
EN_TYPHOON = (
    "Typhoon Saola makes landfall in Taiwan on Saturday, with torrential rain causing "
    "landslides and school closures."
)
EN_OTHER = (
    "Typhoon Damrey makes landfall in eastern China on Saturday, after heavy rain forced the "
    "evacuation of coastal towns."
)


def result(article_id: str, text: str, language: str, *mentions: Mention) -> ArticleResult:
    article = replace(make_article(article_id, text), language=language)
    return ArticleResult(article, tuple(mentions))


def test_a_french_and_an_english_lead_share_the_concept_and_the_name() -> None:
    fr = text_keys(result("fr", FR_TYPHOON, "fr"))
    en = text_keys(result("en", EN_TYPHOON, "en"))
    # séisme/earthquake-style concepts meet across languages; names are spelt alike.
    assert "c:typhoon" in fr
    assert "c:typhoon" in en
    assert "n:saola" in fr
    assert "n:saola" in en
    # Days are left out: every report of a week names them.
    assert not any("samedi" in k or "saturday" in k for k in (*fr, *en))
    # Stop words are no keys.
    assert not any(k.endswith((":with", ":dans", ":the")) for k in (*fr, *en))


def test_a_word_inside_a_resolved_actor_mention_is_no_name() -> None:
    # The actor is a key of its own (a:TWN); its words would count it twice.
    plain = text_keys(result("en", EN_TYPHOON, "en"))
    start = EN_TYPHOON.index("Taiwan")
    resolved = text_keys(
        result("en", EN_TYPHOON, "en", Mention(start, start + 6, "Taiwan", "country", "TWN"))
    )
    assert "n:taiwan" in plain
    assert "n:taiwan" not in resolved


def test_the_same_happening_shares_more_than_the_same_kind_of_report() -> None:
    fr = text_keys(result("fr", FR_TYPHOON, "fr"))
    en = text_keys(result("en", EN_TYPHOON, "en"))
    other = text_keys(result("other", EN_OTHER, "en"))
    assert key_cosine(fr, en) > key_cosine(en, other)
    # The storm's name is the distinctive evidence: the other typhoon lacks it.
    assert shared_evidence(fr, en)
    assert not shared_evidence(en, other)


def test_the_byline_gives_no_key() -> None:
    # Two reports by one journalist are not one happening (eval/stories 05a and 11a).
    byline = "- Hélène Marchetti: Bureau de Bruxelles\n"
    text = byline + EN_OTHER
    article = replace(
        make_article("by", text),
        language="en",
        sections=(Section("byline", 0, len(byline)), Section("body", len(byline), len(text))),
    )
    keys = text_keys(ArticleResult(article))
    assert "n:damrey" in keys
    assert not any("marchetti" in k or "bruxelles" in k for k in keys)
