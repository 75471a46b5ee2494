"""Figures of one merged event compared across languages: kinds of things counted.

Events are built by hand, with quantity spans into the sentence text as the
event coder produces them, and merged with :func:`veille.stories.merge_events`.
"""

from __future__ import annotations

import pytest

from veille.records import ActorRef, Event, Quantity, Span
from veille.stories import merge_events
from veille.stories.kinds import quantity_kind, word_kind

SENTENCE_START = 120


def mobilize(article_id: str, sentence: str, figure: str, value: float, what: str) -> Event:
    """A NATO mobilisation reported by ``article_id`` with ``figure`` written in ``sentence``."""
    start = sentence.index(figure)
    quantity = Quantity(
        value,
        None,
        what,
        figure.startswith(("près", "some", "about")),
        SENTENCE_START + start,
        SENTENCE_START + start + len(figure),
    )
    return Event(
        article_id=article_id,
        event_type="MOBILIZE",
        trigger=Span(SENTENCE_START, SENTENCE_START + 4, sentence[:4]),
        sentence=Span(SENTENCE_START, SENTENCE_START + len(sentence), sentence),
        source=(ActorRef("NATO", "NATO", SENTENCE_START, SENTENCE_START + 4),),
        quantities=(quantity,),
    )


FR_60K = mobilize(
    "fr",
    "L’OTAN a mobilisé près de 60 000 militaires.",
    "près de 60 000 militaires",
    60000,
    "militaires",
)
EN_50K = mobilize("en", "NATO mobilised 50,000 troops.", "50,000 troops", 50000, "troops")
EN_60K = mobilize("en60", "NATO mobilised 60,000 soldiers.", "60,000 soldiers", 60000, "soldiers")
LANGUAGES = {"fr": "fr", "en": "en", "en60": "en"}


@pytest.mark.parametrize("order", [(FR_60K, EN_50K), (EN_50K, FR_60K)])
def test_french_and_english_figures_of_one_kind_disagree_with_both_sources(
    order: tuple[Event, Event],
) -> None:
    [merged] = merge_events("st-x", list(order), languages=LANGUAGES)
    [disagreement] = merged.disagreements
    assert disagreement.field == "quantity:troops"
    found = {v.value: (v.article_ids, v.as_written) for v in disagreement.values}
    assert found == {
        "50000": (("en",), ("50,000 troops",)),
        "60000": (("fr",), ("près de 60 000 militaires",)),
    }


@pytest.mark.parametrize("order", [(FR_60K, EN_60K), (EN_60K, FR_60K)])
def test_agreeing_figures_in_two_languages_are_one_figure_not_a_disagreement(
    order: tuple[Event, Event],
) -> None:
    [merged] = merge_events("st-x", list(order), languages=LANGUAGES)
    assert merged.disagreements == ()
    [figure] = merged.quantities
    assert (figure.value, figure.kind) == (60000, "troops")
    assert sorted(figure.article_ids) == ["en60", "fr"]
    assert figure.approximate  # "près de" is kept even though the English report is exact


def test_figures_of_different_kinds_are_not_compared() -> None:
    ships = mobilize("en", "NATO sent 50 warships.", "50 warships", 50, "warships")
    [merged] = merge_events("st-x", [FR_60K, ships], languages=LANGUAGES)
    assert merged.disagreements == ()
    assert sorted(q.kind or "" for q in merged.quantities) == ["ships", "troops"]


def test_three_reports_two_agreeing_across_languages_one_disagreeing() -> None:
    [merged] = merge_events("st-x", [EN_50K, FR_60K, EN_60K], languages=LANGUAGES)
    [disagreement] = merged.disagreements
    values = {v.value: sorted(v.article_ids) for v in disagreement.values}
    assert values == {"50000": ["en"], "60000": ["en60", "fr"]}


@pytest.mark.parametrize(
    ("word", "language", "kind"),
    [
        ("militaires", "fr", "troops"),
        ("Soldiers", "en", "troops"),
        ("d’aéronefs", "fr", "aircraft"),
        ("tués", None, "dead"),
        ("killed", "en", "dead"),
        ("personnes", "fr", "people"),
        ("documents", "en", "documents"),
        ("accords", "fr", "documents"),
        ("manifestants", "fr", "protesters"),
        ("Bunkers", "fr", "bunkers"),  # not in the table: kept, lower-cased
    ],
)
def test_counted_words_map_to_one_kind_per_thing(
    word: str, language: str | None, kind: str
) -> None:
    assert word_kind(word, language) == kind


def test_a_currency_unit_is_its_own_kind_whatever_the_word() -> None:
    euros = Quantity(1.5e9, "EUR", None, False, 0, 5)
    assert quantity_kind(euros, "fr") == quantity_kind(euros, "en") == "EUR"
    assert quantity_kind(Quantity(2.0, "USD", "dollars", False, 0, 5)) != "EUR"
