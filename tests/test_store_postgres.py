"""The same storage behaviour on both backends: SQLite and a real PostgreSQL server.

``location`` (from conftest_backends) is a fresh SQLite file or a fresh
PostgreSQL database; every test below runs once on each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from _records_factory import (
    long_text,
    make_article,
    make_error,
    make_event,
    make_mention,
    rich_event,
)
from veille.errors import StoreError
from veille.records import ActorRef, ArticleResult, Event, MetadataChoice, MetadataVote
from veille.store import SaveOutcome, Store, StoryMember, open_store
from veille.store.postgres import PostgresStore
from veille.store.postgres.rows import snippet
from veille.text import SEARCH_INDEX, fold


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with open_store(location) as opened:
        yield opened


def result(article_id: str, text: str, *events_for: str, **fields: Any) -> ArticleResult:
    return ArticleResult(
        article=make_article(article_id, text, **fields),
        mentions=(make_mention(0, "Moscou"), make_mention(30, "OTAN", "NATO")),
        events=tuple(make_event(article_id, kind) for kind in events_for),
    )


def types(events: list[Event]) -> list[str]:
    return [e.event_type for e in events]


def test_postgresql_urls_open_the_postgres_backend(pg_database: Callable[[], str]) -> None:
    url = pg_database()
    with open_store(url) as opened:
        assert isinstance(opened, PostgresStore)
        assert opened.location == url
    # Opening again finds the schema in place and keeps the rows.
    with open_store(url) as first:
        first.save(result("a1", long_text(1), "ACCUSE"), "s1")
    with open_store(url) as again:
        assert again.count_articles() == 1


def test_article_metadata_reads_back_with_the_page_offset(store: Store) -> None:
    # Issue 24: authors as a list, the organisation byline, the page's own
    # offset and day, and which source won each field, on both backends.
    montreal = timezone(timedelta(hours=-5))
    article = make_article(
        "a1",
        long_text(1),
        author="Jeanne Roy, Paul Tremblay",
        authors=("Jeanne Roy", "Paul Tremblay"),
        organisation="La Presse Canadienne",
        published=datetime(2026, 11, 22, 21, 30, tzinfo=montreal),
        published_date_local="2026-11-22",
        provenance={
            "authors": MetadataChoice(
                "Jeanne Roy, Paul Tremblay",
                "byline:article",
                ("json-ld:NewsArticle.author",),
                (MetadataVote("meta:author", "Jeanne Roy", 2.0),),
            )
        },
    )
    store.save(ArticleResult(article), "s1")
    stored = store.article("a1")
    assert stored is not None
    assert stored.article == article
    assert stored.article.published_at is not None
    assert stored.article.published_at.utcoffset() == timedelta(hours=-5)
    # Listing and date filters still order by the UTC instant (the 23rd in UTC).
    assert [a.id for a in store.articles()] == ["a1"]


def test_a_version_5_database_keeps_its_authors_as_one_name_lists(
    pg_database: Callable[[], str],
) -> None:
    # PostgreSQL migration 6, the same as SQLite's 8 (issue 24).
    import psycopg  # noqa: PLC0415

    from veille.store.postgres.migrations import PG_LATEST_VERSION, pg_migrate  # noqa: PLC0415

    url = pg_database()
    with psycopg.connect(url, autocommit=True) as conn:
        assert pg_migrate(conn, url, target=5) == 5
        conn.execute(
            "INSERT INTO articles (id, content_hash, source_format, title, author, language, "
            "language_confidence, reading_time_estimated, text, sections, evidence, minhash, "
            "stored_at, updated_at, search) VALUES ('old', 'h', 'text', 'Titre', 'Jeanne Roy', "
            "'fr', 0.9, 0, 'Titre\nTexte.', '[]', '{}', '[]', '2026-11-01T00:00:00.000000Z', "
            "'2026-11-01T00:00:00.000000Z', to_tsvector('simple', 'titre'))"
        )
    with open_store(url) as store:
        stored = store.article("old")
        assert stored is not None
        assert stored.article.authors == ("Jeanne Roy",)
        assert stored.article.published_date_local is None
    with psycopg.connect(url) as conn:
        version = conn.execute(
            "SELECT value FROM veille_meta WHERE key = 'schema_version'"
        ).fetchone()
        assert version is not None
        assert int(version[0]) == PG_LATEST_VERSION


def test_an_unreachable_server_says_what_to_check() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://veille:secret@127.0.0.1:1/news", busy_timeout=1)
    assert caught.value.code == "E-STORE-OPEN"
    assert "server runs" in caught.value.message
    assert "secret" not in caught.value.message


def test_someone_elses_tables_are_left_alone(pg_database: Callable[[], str]) -> None:
    import psycopg  # noqa: PLC0415

    url = pg_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (x int)")
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert caught.value.code == "E-STORE-FOREIGN"


def test_saved_article_reads_back_identical(store: Store) -> None:
    saved = ArticleResult(
        article=make_article(
            "a1",
            long_text(1),
            url="https://example.org/a1",
            author="James Keou",
            author_role="Directeur de Publication",
            published_text="il y a 2 jours",
            reading_time_minutes=2,
        ),
        mentions=(make_mention(0, "Moscou"), make_mention(30, "OTAN", "NATO")),
        events=(make_event("a1"), rich_event("a1")),
    )
    assert store.save(saved, "file:a1.txt") == SaveOutcome("new", "a1")
    assert store.article("a1") == saved
    assert store.article("missing") is None
    assert store.source_done("file:a1.txt")
    assert not store.source_done("file:other.txt")


def test_saving_again_is_unchanged_and_recoding_replaces_events(store: Store) -> None:
    first = result("a1", long_text(1), "ACCUSE", "MOBILIZE")
    assert store.save(first, "s1").status == "new"
    assert store.save(first, "s1") == SaveOutcome("unchanged", "a1", refreshed=False)
    assert store.count_events() == 2
    recoded = ArticleResult(
        make_article("a1", long_text(1), author="James Keou"),
        (make_mention(0, "Moscou"),),
        (make_event("a1", "CONSULT", source="RUS", target="BLR", coder="coder 2"),),
    )
    outcome = store.save(recoded, "s1")
    assert (outcome.status, outcome.refreshed) == ("unchanged", True)
    assert store.article("a1") == recoded
    assert types(store.events()) == ["CONSULT"]
    assert store.events(actor="NATO") == []


def test_same_id_with_new_text_is_updated(store: Store) -> None:
    store.save(result("a1", "Première version : Moscou dénonce.", "ACCUSE"), "s1")
    outcome = store.save(result("a1", "Seconde version : Minsk coopère.", "COOPERATE"), "s1")
    assert outcome.status == "updated"
    assert types(store.events()) == ["COOPERATE"]
    assert store.count_articles() == 1
    assert [hit.article_id for hit in store.search("Minsk")] == ["a1"]
    assert store.search("Moscou") == []


def test_failed_save_leaves_no_partial_article(store: Store) -> None:
    broken = replace(make_event("a1"), event_date=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.save(ArticleResult(make_article("a1", long_text(1)), (), (broken,)), "s1")
    assert store.count_articles() == 0
    assert not store.source_done("s1")
    assert store.save(result("a1", long_text(1), "ACCUSE"), "s1").status == "new"


def test_events_must_belong_to_the_article(store: Store) -> None:
    with pytest.raises(StoreError) as caught:
        store.save(ArticleResult(make_article("a1", "Texte."), (), (make_event("a2"),)), "s1")
    assert caught.value.code == "E-STORE-MISMATCH"
    assert store.count_articles() == 0


def test_exact_duplicate_is_linked_not_stored(store: Store) -> None:
    store.save(result("a1", long_text(1), "ACCUSE"), "https://a.example/1")
    copy = result("a2", long_text(1), "ACCUSE", url="https://b.example/copy")
    outcome = store.save(copy, "https://b.example/copy")
    assert outcome == SaveOutcome("duplicate", "a2", duplicate_of="a1", similarity=1.0)
    assert store.save(copy, "https://b.example/copy").status == "duplicate"
    assert store.count_articles() == 1
    assert store.count_events() == 1
    assert store.duplicates_of("a1") == ["a2"]
    assert store.original_of("a2") == "a1"


def test_near_duplicate_is_stored_and_linked(store: Store) -> None:
    original = long_text(1)
    edited = original.replace("délégation 1005", "délégation officielle 1005", 1)
    store.save(result("a1", original, "ACCUSE"), "s1")
    outcome = store.save(result("a2", edited, "ACCUSE"), "s2")
    assert (outcome.status, outcome.duplicate_of) == ("near-duplicate", "a1")
    assert outcome.similarity is not None
    assert outcome.similarity >= 0.8
    assert store.count_articles() == 2
    assert store.save(result("a3", long_text(2)), "s3").status == "new"
    assert store.duplicates_of("a1") == ["a2"]


def test_similar_articles_are_found_through_the_bands(store: Store) -> None:
    original = long_text(1)
    store.save(result("a1", original), "s1")
    store.save(result("a2", original.replace("délégation 1005", "délégation x 1005", 1)), "s2")
    store.save(result("a3", long_text(3)), "s3")
    (found,) = store.similar_articles("a1", 0.5)
    assert found[0] == "a2"
    assert found[1] >= 0.8
    assert store.similar_articles("missing", 0.5) == []


def test_partly_similar_articles_are_not_near_duplicates(store: Store) -> None:
    shared = long_text(7, 40)
    store.save(result("a1", shared + " " + long_text(107, 20)), "s1")
    assert store.save(result("a2", shared + " " + long_text(207, 20)), "s2").status == "new"


def test_threshold_can_be_lowered_for_stored_articles(location: str) -> None:
    shared = long_text(7, 40)
    with open_store(location) as strict:
        strict.save(result("a1", shared + " " + long_text(107, 20)), "s1")
    with open_store(location, near_duplicate_threshold=0.4) as lenient:
        outcome = lenient.save(result("a2", shared + " " + long_text(207, 20)), "s2")
    assert (outcome.status, outcome.duplicate_of) == ("near-duplicate", "a1")


def test_errors_are_recorded_once_and_cleared_on_success(store: Store) -> None:
    store.record_error(make_error("bad.txt", "E-EMPTY", "first try"))
    store.record_error(make_error("bad.txt", "E-BINARY", "second try"))
    store.record_error(make_error("other.bin", "E-BINARY"))
    found = {e.source: e for e in store.errors()}
    assert set(found) == {"bad.txt", "other.bin"}
    assert found["bad.txt"].message == "second try"
    assert found["bad.txt"].at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    store.save(result("a1", "Le fichier est réparé."), "bad.txt")
    assert [e.source for e in store.errors()] == ["other.bin"]


def test_articles_are_listed_newest_first(store: Store) -> None:
    for day, article_id in [(20, "old"), (24, "newest"), (22, "middle")]:
        published = datetime(2026, 11, day, tzinfo=UTC)
        store.save(result(article_id, long_text(day), published=published), article_id)
    store.save(result("undated", long_text(30), published=None), "undated")
    assert [a.id for a in store.articles()] == ["newest", "middle", "old", "undated"]
    assert [a.id for a in store.articles(limit=2, offset=1)] == ["middle", "old"]
    assert [a.id for a in store.iter_articles()] == ["old", "newest", "middle", "undated"]


@pytest.fixture
def coded(store: Store) -> Store:
    events = [
        make_event("a1", "ACCUSE", source="RUS", target="NATO", date="2026-11-20"),
        make_event("a1", "CONSULT", source="RUS", target="BLR", date="2026-11-22"),
        make_event("a1", "AID", source="BLR", target="RUS", date="2026-11-22T15:00:00Z"),
        make_event("a1", "MOBILIZE", source="NATO", target=None, date="2026-11-25"),
        make_event("a1", "ACCUSE", source="RUS", target="WEST", date=None),
    ]
    store.save(ArticleResult(make_article("a1", long_text(1)), (), tuple(events)), "s1")
    return store


def test_event_filters(coded: Store) -> None:
    assert types(coded.events()) == ["MOBILIZE", "AID", "CONSULT", "ACCUSE", "ACCUSE"]
    assert types(coded.events(actor="nato")) == ["MOBILIZE", "ACCUSE"]
    assert types(coded.events(limit=2)) == ["MOBILIZE", "AID"]
    assert types(coded.events(dyad=("BLR", "RUS"))) == ["AID", "CONSULT"]
    assert coded.events(dyad=("BLR", "NATO")) == []
    assert len(coded.events(event_type="accuse")) == 2
    assert types(coded.events(since="2026-11-22", until="2026-11-22")) == ["AID", "CONSULT"]
    assert types(coded.events(until="2026-11")) == ["MOBILIZE", "AID", "CONSULT", "ACCUSE"]
    # Storage order is the order the events were saved in.
    assert types(list(coded.iter_events())) == ["ACCUSE", "CONSULT", "AID", "MOBILIZE", "ACCUSE"]


def test_dyad_includes_bilateral_events_coded_on_one_side(store: Store) -> None:
    joint = make_event("a1", "AGREE", source="RUS", target=None)
    joint = replace(joint, source=(*joint.source, ActorRef("Minsk", "BLR", 10, 15)))
    store.save(ArticleResult(make_article("a1", long_text(1)), (), (joint,)), "s1")
    assert types(store.events(dyad=("BLR", "RUS"))) == ["AGREE"]
    assert types(store.events(dyad=("RUS", "BLR"))) == ["AGREE"]
    assert store.events(dyad=("RUS", "NATO")) == []


@pytest.mark.parametrize("bad", ["yesterday", "2026-11-22'; DROP TABLE events"])
def test_bad_filters_say_what_to_write(coded: Store, bad: str) -> None:
    with pytest.raises(StoreError, match="2026-11-22"):
        coded.events(since=bad)
    with pytest.raises(StoreError):
        coded.events(limit=-1)
    assert coded.count_events() == 5


def test_delete_removes_everything_of_the_article(coded: Store) -> None:
    coded.save(result("a2", long_text(2), "ACCUSE"), "s2")
    assert coded.delete_article("a1")
    assert not coded.delete_article("a1")
    assert not coded.source_done("s1")
    assert types(coded.events()) == ["ACCUSE"]
    assert coded.mention_counts(["NATO", "CHN"]) == {"NATO": 1, "CHN": 0}


def test_closed_store_says_to_reopen(location: str) -> None:
    opened = open_store(location)
    opened.close()
    opened.close()
    with pytest.raises(StoreError) as caught:
        opened.count_articles()
    assert caught.value.code == "E-STORE-CLOSED"


BELARUS = (
    "Moscou et Minsk renforcent la défense aérienne\n"
    "La Biélorussie et la Russie ont tenu une réunion conjointe des ministères de la Défense. "
    "L'OTAN poursuit ses exercices sur le flanc Est avec près de 60 000 militaires."
)
NATO = (
    "NATO exercises on the eastern flank\n"
    "The alliance said the defense ministers of Belarus were not invited to the meeting."
)


@pytest.fixture
def searchable(store: Store) -> Store:
    for article_id, text, language in [("by", BELARUS, "fr"), ("nato", NATO, "en")]:
        article = replace(
            make_article(article_id, text, title=text.split("\n")[0]), language=language
        )
        store.save(ArticleResult(article), article_id)
    return store


def found(store: Store, query: str) -> list[str]:
    return sorted(hit.article_id for hit in store.search(query))


def test_search_folds_accents_and_case_in_both_languages(searchable: Store) -> None:
    for query in ["Bielorussie", "biélorussie", "BIELORUSSIE", "de\u0301fense ae\u0301rienne"]:
        assert found(searchable, query) == ["by"], query
    assert found(searchable, "defense") == ["by", "nato"]
    assert found(searchable, "Minsk Washington") == []
    assert found(searchable, '"flanc Est" militaires') == ["by"]
    assert found(searchable, "flank exercises") == ["nato"]
    assert searchable.search("defense")[0].article_id == "by"  # title outranks body
    (hit,) = searchable.search("Bielorussie", marks=("<mark>", "</mark>"))
    assert "<mark>Biélorussie</mark>" in hit.snippet
    with pytest.raises(StoreError) as caught:
        searchable.search(' "" * ')
    assert caught.value.code == "E-SEARCH-EMPTY"
    for hostile in ["'; DROP TABLE articles; --", "Moscou\x00Minsk", "NEAR(Moscou", "-Moscou*"]:
        searchable.search(hostile)
    assert searchable.count_articles() == 2


def test_story_membership_round_trips(store: Store) -> None:
    store.save(result("a1", long_text(1)), "s1")
    store.save(result("a2", long_text(2)), "s2")
    first = StoryMember("a1", "st-a1", 740000, "2026-11-20|a1", {"RUS": 1.0})
    assert store.join_story(first, ["RUS"], []) == "st-a1"
    second = StoryMember("a2", "st-a2", 740001, "2026-11-19|a2", {"RUS": 0.5}, "structured", 0.7)
    assert store.join_story(second, ["RUS"], ["a1"]) == "st-a2"
    assert [m.article_id for m in store.story_members("st-a1")] == ["a2", "a1"]
    assert {m.article_id for m in store.story_candidates(["RUS"], 739999, 740002)} == {"a1", "a2"}
    (summary,) = store.stories()
    assert (summary.id, summary.size, summary.first_article) == ("st-a2", 2, "a2")


# -- PostgreSQL only ------------------------------------------------------------------


def test_postgres_search_stems_per_language(pg_database: Callable[[], str]) -> None:
    with open_store(pg_database()) as pg:
        article = make_article("by", BELARUS, title="Défense")
        pg.save(ArticleResult(article), "by")
        assert [h.article_id for h in pg.search("militaire")] == ["by"]
        assert [h.article_id for h in pg.search("exercice")] == ["by"]


def test_save_many_is_one_batch_with_save_semantics(pg_database: Callable[[], str]) -> None:
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        batch = [
            (result("a1", long_text(1), "ACCUSE"), "s1"),
            (result("a2", long_text(1)), "s2"),
            (result("a3", long_text(3), "AID"), "s3"),
        ]
        statuses = [o.status for o in pg.save_many(batch)]
        assert statuses == ["new", "duplicate", "new"]
        assert [o.status for o in pg.save_many(batch)] == ["unchanged", "duplicate", "unchanged"]
        assert pg.count_articles() == 2
        assert pg.count_events() == 2
        bad = [(result("a4", long_text(4)), "s4"), (result("a5", "x\x00y"), "s5")]
        with pytest.raises(StoreError) as caught:
            pg.save_many(bad)
        assert caught.value.code == "E-STORE-NUL"
        assert pg.count_articles() == 2


def test_fold_and_snippet_helpers() -> None:
    assert fold("Biélorussie\x00", SEARCH_INDEX) == "Bielorussie"
    marked = snippet("Titre", "Les militaires arrivent à Minsk.", ["militaire"], ("[", "]"))
    assert marked == "Les [militaires] arrivent à Minsk."


def test_a_database_from_a_newer_veille_is_refused_untouched(
    pg_database: Callable[[], str],
) -> None:
    import psycopg  # noqa: PLC0415

    from veille.store.postgres.migrations import PG_LATEST_VERSION  # noqa: PLC0415

    url = pg_database()
    open_store(url).close()
    newer = str(PG_LATEST_VERSION + 1)
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE veille_meta SET value = %s WHERE key = 'schema_version'", (newer,))
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert caught.value.code == "E-STORE-TOO-NEW"
    assert "upgrade veille" in caught.value.message
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT value FROM veille_meta WHERE key = 'schema_version'").fetchone()
    assert row is not None
    assert row[0] == newer
