"""Full-text search: accent folding, phrases, ranking, hostile queries, index consistency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _records_factory import make_article
from conftest_backends import BACKENDS, fresh_database
from veille.errors import StoreError
from veille.records import ArticleResult
from veille.store import SqliteStore, Store, open_store

BELARUS = (
    "Moscou et Minsk renforcent la défense aérienne\n"
    "La Biélorussie et la Russie ont tenu une réunion conjointe des ministères de la Défense. "
    "L'OTAN poursuit ses exercices sur le flanc Est avec près de 60 000 militaires."
)
NATO = (
    "NATO exercises on the eastern flank\n"
    "The alliance said the defense ministers of Belarus were not invited to the meeting."
)
UNRELATED = "Le prix du blé augmente\nLes marchés agricoles européens restent tendus cette semaine."


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Three articles, stored then reopened, in SQLite and in PostgreSQL."""
    if request.param == "sqlite":
        location = str(tmp_path_factory.mktemp("search") / "search.db")
    else:
        location = fresh_database(request.getfixturevalue("pg_server"))
    with open_store(location) as opened:
        for article_id, text in [("by", BELARUS), ("nato", NATO), ("wheat", UNRELATED)]:
            article = make_article(article_id, text, title=text.split("\n")[0])
            opened.save(ArticleResult(article), article_id)
    with open_store(location) as reopened:
        yield reopened


def found(store: Store, query: str) -> list[str]:
    return [hit.article_id for hit in store.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bielorussie", ["by"]),
        ("biélorussie", ["by"]),
        ("BIELORUSSIE", ["by"]),
        ("ble", ["wheat"]),
        ("europeens", ["wheat"]),
        ("Minsk Moscou", ["by"]),
        ("Minsk Washington", []),
    ],
)
def test_accents_and_case_are_folded(store: Store, query: str, expected: list[str]) -> None:
    assert found(store, query) == expected


def test_defense_finds_french_and_english_articles(store: Store) -> None:
    assert sorted(found(store, "defense")) == ["by", "nato"]
    assert sorted(found(store, "défense")) == ["by", "nato"]


def test_decomposed_accents_in_the_query_still_match(store: Store) -> None:
    assert found(store, "de\u0301fense ae\u0301rienne") == ["by"]


def test_quoted_phrases_match_in_order(store: Store) -> None:
    assert found(store, '"flanc Est"') == ["by"]
    assert found(store, '"defense aerienne" Minsk') == ["by"]
    assert found(store, '"aerienne defense"') == []
    if isinstance(store, SqliteStore):
        # A known difference: PostgreSQL's French configuration drops "est" (a
        # form of "être") from a phrase, so '"Est flanc"' finds "flanc Est"
        # there; SQLite's FTS5 keeps every word.
        assert found(store, '"Est flanc"') == []


def test_every_word_is_required_even_or(store: Store) -> None:
    assert found(store, "flank exercises") == ["nato"]
    assert found(store, "flank OR exercices") == []


def test_title_matches_rank_above_body_matches(store: Store) -> None:
    # "défense" is in the title of "by" but only in the body of "nato".
    ranked = store.search("defense")
    assert ranked[0].article_id == "by"
    assert ranked[0].rank >= ranked[1].rank


def test_snippet_marks_the_match(store: Store) -> None:
    (hit,) = store.search("Bielorussie")
    assert "[Biélorussie]" in hit.snippet
    assert hit.title == "Moscou et Minsk renforcent la défense aérienne"
    (marked,) = store.search("Bielorussie", marks=("<mark>", "</mark>"))
    assert "<mark>Biélorussie</mark>" in marked.snippet


def test_limit_caps_the_hits(store: Store) -> None:
    assert len(store.search("defense", limit=1)) == 1


HOSTILE = [
    'Moscou"',
    '"Moscou',
    '"Moscou" "',
    "NEAR(Moscou Minsk",
    "NEAR(Moscou Minsk, 2)",
    "Moscou OR",
    "OR Moscou",
    "Moscou AND NOT Minsk",
    "-Moscou",
    "Moscou*",
    "*Moscou",
    "title:Moscou",
    "{title text}: Moscou",
    "^Moscou",
    "Moscou + Minsk",
    "'; DROP TABLE articles; --",
    "Moscou'); DELETE FROM articles; --",
    "Moscou \\ \x00 Minsk",
    "Moscou\x00Minsk",
    "Moscou\u200bMinsk",
    "(Moscou",
    "Moscou)",
    '""Moscou""',
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_plain_text(store: Store, query: str) -> None:
    hits = store.search(query)
    assert all(hit.article_id in {"by", "nato", "wheat"} for hit in hits)
    assert store.count_articles() == 3


def test_operator_words_are_searched_as_words(store: Store) -> None:
    assert found(store, "-Moscou") == ["by"]
    assert found(store, "Moscou*") == ["by"]
    assert found(store, "NEAR(Moscou") == []  # "near" is not in the text


@pytest.mark.parametrize("query", ["", "   ", '"', '""', "*", "-", "( )", "NEAR(", '"\'"'])
def test_queries_without_words_raise_a_clear_error(store: Store, query: str) -> None:
    if query.strip() in {"NEAR("}:
        assert store.search(query) == []  # "NEAR" is a word
        return
    with pytest.raises(StoreError) as caught:
        store.search(query)
    assert caught.value.code == "E-SEARCH-EMPTY"
    assert "quoted phrase" in caught.value.message


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_query_returns_hits_or_the_empty_query_error(store: Store, query: str) -> None:
    if any(ch.isalnum() for ch in query):
        hits = store.search(query)
        assert all(hit.article_id in {"by", "nato", "wheat"} for hit in hits)
    else:
        with pytest.raises(StoreError) as caught:
            store.search(query)
        assert caught.value.code == "E-SEARCH-EMPTY"


def test_index_follows_updates_and_deletes(tmp_path: Path) -> None:
    with open_store(tmp_path / "fts.db") as store:
        assert isinstance(store, SqliteStore)
        store.save(ArticleResult(make_article("a1", "Moscou dénonce l'OTAN.")), "s1")
        assert found(store, "denonce") == ["a1"]
        store.save(ArticleResult(make_article("a1", "Minsk coopère avec Moscou.")), "s1")
        assert found(store, "denonce") == []
        assert found(store, "coopere") == ["a1"]
        store.save(ArticleResult(make_article("a2", "Kiev coopère aussi.")), "s2")
        assert store.delete_article("a1")
        assert found(store, "coopere") == ["a2"]
        assert found(store, "Minsk") == []
        assert store.check() == []


def test_check_reports_a_damaged_index_and_rebuild_repairs_it(tmp_path: Path) -> None:
    import sqlite3  # noqa: PLC0415 - only this test damages the file directly

    path = tmp_path / "damaged.db"
    with open_store(path) as store:
        store.save(ArticleResult(make_article("a1", "Moscou dénonce l'OTAN.")), "s1")
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute(
        "INSERT INTO articles_fts (articles_fts, rowid, title, text) "
        "SELECT 'delete', pk, title, text FROM articles"
    )
    raw.close()
    with open_store(path) as store:
        assert isinstance(store, SqliteStore)
        assert found(store, "Moscou") == []
        problems = store.check()
        assert problems
        assert "rebuild_search_index" in problems[0]
        store.rebuild_search_index()
        assert store.check() == []
        assert found(store, "Moscou") == ["a1"]
