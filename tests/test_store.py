"""The SQLite store: opening, saving, re-saving, duplicates, errors and event queries."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from _records_factory import (
    long_text,
    make_article,
    make_error,
    make_event,
    make_mention,
    minhash_of,
    results,
)
from veille.errors import StoreError
from veille.records import ArticleResult, Event
from veille.store import SaveOutcome, SqliteStore, Store, open_store
from veille.store.minhash import choose_layout, estimated_jaccard


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    """A fresh store on each backend (``location`` comes from conftest.py)."""
    with open_store(location) as opened:
        yield opened


def result(article_id: str, text: str, *events_for: str, **fields: Any) -> ArticleResult:
    article = make_article(article_id, text, **fields)
    return ArticleResult(
        article=article,
        mentions=(make_mention(0, "Moscou"), make_mention(30, "OTAN", "NATO")),
        events=tuple(make_event(article_id, kind) for kind in events_for),
    )


# -- opening -------------------------------------------------------------------------


def test_open_store_accepts_paths_and_sqlite_urls(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        assert isinstance(store, SqliteStore)
        assert isinstance(store, Store)
        store.save(result("a1", "Un texte."), "s1")
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as again:
        assert again.count_articles() == 1
    with open_store(tmp_path / "nested" / "dir" / "b.db") as created:
        assert created.count_articles() == 0


def test_store_file_is_in_wal_mode(tmp_path: Path) -> None:
    open_store(tmp_path / "w.db").close()
    conn = sqlite3.connect(tmp_path / "w.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_postgresql_urls_go_to_the_postgres_backend() -> None:
    # No server listens on port 1: the PostgreSQL backend answers, not the SQLite one.
    # The backend itself is tested against a real server in test_store_postgres.py.
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://veille@127.0.0.1:1/news", busy_timeout=1)
    assert caught.value.code == "E-STORE-OPEN"
    assert "PostgreSQL" in caught.value.message


@pytest.mark.parametrize("location", ["ftp://host/x.db", "mysql://db", "sqlite://x.db"])
def test_unknown_locations_say_what_to_write(location: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(location)
    assert "sqlite:///" in caught.value.message or "file path" in caught.value.message


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path)


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a veille store"):
        open_store(path)
    assert path.read_bytes().startswith(b"these are my notes")


def test_someone_elses_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "E-STORE-FOREIGN"
    conn = sqlite3.connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert tables == {"customers"}


def test_a_closed_store_says_to_reopen(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_articles()


# -- saving and reading --------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(results())
def test_any_result_reads_back_identical(generated: ArticleResult) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "p.db") as store:
        assert store.save(generated, "src").status == "new"
        assert store.article(generated.article.id) == generated


def test_saving_the_same_result_again_changes_nothing(store: Store) -> None:
    first = result("a1", long_text(1), "ACCUSE", "MOBILIZE")
    assert store.save(first, "s1").status == "new"
    again = store.save(first, "s1")
    assert again == SaveOutcome("unchanged", "a1", refreshed=False)
    assert store.count_articles() == 1
    assert len(store.events()) == 2
    assert store.article("a1") == first


def test_recoding_replaces_events_instead_of_adding_them(store: Store) -> None:
    store.save(result("a1", long_text(1), "ACCUSE", "MOBILIZE"), "s1")
    recoded = ArticleResult(
        article=make_article("a1", long_text(1)),
        mentions=(make_mention(0, "Moscou"),),
        events=(make_event("a1", "CONSULT", source="RUS", target="BLR", coder="coder 2"),),
    )
    outcome = store.save(recoded, "s1")
    assert outcome.status == "unchanged"
    assert outcome.refreshed
    assert store.article("a1") == recoded
    assert [e.event_type for e in store.events()] == ["CONSULT"]
    assert store.events(actor="NATO") == []


def test_new_metadata_for_the_same_text_is_kept(store: Store) -> None:
    store.save(result("a1", long_text(1)), "s1")
    better = result("a1", long_text(1), author="James Keou")
    outcome = store.save(better, "s1")
    assert (outcome.status, outcome.refreshed) == ("unchanged", True)
    stored = store.article("a1")
    assert stored is not None
    assert stored.article.author == "James Keou"


def test_same_id_with_new_text_is_updated(store: Store) -> None:
    store.save(result("a1", "Première version : Moscou dénonce.", "ACCUSE"), "s1")
    outcome = store.save(result("a1", "Seconde version : Minsk coopère.", "COOPERATE"), "s1")
    assert outcome.status == "updated"
    stored = store.article("a1")
    assert stored is not None
    assert stored.article.text == "Seconde version : Minsk coopère."
    assert [e.event_type for e in store.events()] == ["COOPERATE"]
    assert store.count_articles() == 1


def test_failed_save_leaves_no_partial_article(store: Store) -> None:
    # The event date is not JSON-serialisable, so writing the event fails after
    # the article row was inserted inside the same transaction.
    broken = replace(make_event("a1"), event_date=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.save(ArticleResult(make_article("a1", long_text(1)), (), (broken,)), "s1")
    assert store.count_articles() == 0
    assert store.article("a1") is None
    assert not store.source_done("s1")
    assert store.search("Minsk") == []
    assert store.save(result("a1", long_text(1), "ACCUSE"), "s1").status == "new"


def test_events_must_belong_to_the_article(store: Store) -> None:
    foreign = ArticleResult(make_article("a1", "Texte."), (), (make_event("a2"),))
    with pytest.raises(StoreError) as caught:
        store.save(foreign, "s1")
    assert caught.value.code == "E-STORE-MISMATCH"
    assert store.count_articles() == 0


# -- duplicates ---------------------------------------------------------------------


def test_exact_duplicate_is_linked_not_stored(store: Store) -> None:
    store.save(result("a1", long_text(1), "ACCUSE"), "https://a.example/1")
    copy = result("a2", long_text(1), "ACCUSE", url="https://b.example/copy")
    outcome = store.save(copy, "https://b.example/copy")
    assert outcome == SaveOutcome("duplicate", "a2", duplicate_of="a1", similarity=1.0)
    assert store.count_articles() == 1
    assert len(store.events()) == 1
    assert store.article("a2") is None
    assert store.source_done("https://b.example/copy")
    assert store.duplicates_of("a1") == ["a2"]
    # Seeing the copy again neither stores it nor lists it twice.
    assert store.save(copy, "https://b.example/copy").status == "duplicate"
    assert store.duplicates_of("a1") == ["a2"]
    assert store.count_articles() == 1


def test_near_duplicate_is_stored_and_linked_to_the_earlier_article(store: Store) -> None:
    original = long_text(1)
    edited = original.replace("délégation 1005", "délégation officielle 1005", 1).replace(
        "dossier 30", "dossier trente", 1
    )
    store.save(result("a1", original, "ACCUSE"), "s1")
    outcome = store.save(result("a2", edited, "ACCUSE"), "s2")
    assert outcome.status == "near-duplicate"
    assert outcome.duplicate_of == "a1"
    assert outcome.similarity is not None
    assert outcome.similarity >= 0.8
    assert store.count_articles() == 2
    assert len(store.events()) == 2
    assert store.duplicates_of("a1") == ["a2"]
    assert store.save(result("a3", long_text(2)), "s3").status == "new"
    assert store.duplicates_of("a1") == ["a2"]


def half_shared(seed: int) -> tuple[str, str]:
    shared = long_text(seed, 40)
    return shared + " " + long_text(seed + 100, 20), shared + " " + long_text(seed + 200, 20)


def test_partly_similar_articles_are_not_near_duplicates(store: Store) -> None:
    first, second = half_shared(7)
    store.save(result("a1", first), "s1")
    outcome = store.save(result("a2", second), "s2")
    assert outcome.status == "new"
    assert store.duplicates_of("a1") == []


def test_a_save_hands_on_the_candidates_it_compared(store: Store) -> None:
    first, second = half_shared(7)
    original = long_text(1)
    edited = original.replace("délégation 1005", "délégation officielle 1005", 1)
    for index, text in enumerate((first, original, second, long_text(3)), start=1):
        store.save(result(f"a{index}", text), f"s{index}")
    outcome = store.save(result("a5", edited), "s5")
    assert outcome.status == "near-duplicate"
    assert outcome.candidates is not None
    assert outcome.candidates[0][0] == "a2"  # best first
    # The same list story clustering would otherwise ask the store for.
    assert list(outcome.candidates) == store.similar_articles("a5", 0.0)
    assert store.save(result("a5", edited), "s5").candidates is None  # unchanged: no check
    assert store.save(result("a6", edited), "s6").candidates is None  # exact duplicate


def test_threshold_can_be_lowered_even_for_articles_stored_before(tmp_path: Path) -> None:
    first, second = half_shared(7)
    with open_store(tmp_path / "t.db") as store:
        store.save(result("a1", first), "s1")
    with open_store(tmp_path / "t.db", near_duplicate_threshold=0.4) as lenient:
        outcome = lenient.save(result("a2", second), "s2")
    assert outcome.status == "near-duplicate"
    assert outcome.duplicate_of == "a1"


def test_articles_without_signature_are_never_near_duplicates(store: Store) -> None:
    store.save(result("a1", long_text(1), minhash=False), "s1")
    assert store.save(result("a2", long_text(1) + " Fin.", minhash=False), "s2").status == "new"


# -- errors --------------------------------------------------------------------------


def test_errors_are_recorded_once_and_cleared_on_success(store: Store) -> None:
    store.record_error(make_error("bad.txt", "E-EMPTY", "first try"))
    store.record_error(make_error("bad.txt", "E-BINARY", "second try"))
    store.record_error(make_error("other.bin", "E-BINARY"))
    found = {e.source: e for e in store.errors()}
    assert set(found) == {"bad.txt", "other.bin"}
    assert found["bad.txt"].message == "second try"
    assert found["bad.txt"].at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert not store.source_done("bad.txt")
    store.save(result("a1", "Le fichier est réparé."), "bad.txt")
    assert [e.source for e in store.errors()] == ["other.bin"]


# -- listing and events --------------------------------------------------------------


def test_articles_are_listed_newest_first(store: Store) -> None:
    for day, article_id in [(20, "old"), (24, "newest"), (22, "middle")]:
        store.save(
            result(article_id, long_text(day), published=datetime(2026, 11, day, tzinfo=UTC)),
            article_id,
        )
    store.save(result("undated", long_text(30), published=None), "undated")
    assert [a.id for a in store.articles()] == ["newest", "middle", "old", "undated"]
    assert [a.id for a in store.articles(limit=2, offset=1)] == ["middle", "old"]
    assert store.count_articles() == 4
    assert [a.id for a in store.iter_articles()] == ["old", "newest", "middle", "undated"]


def test_no_limit_lists_every_article(store: Store) -> None:
    # PostgreSQL once read limit=None as LIMIT -1, which it refuses (issue 23).
    for day in (20, 21, 22):
        store.save(result(f"a{day}", long_text(day)), f"s{day}")
    assert len(store.articles(limit=None)) == 3
    assert len(store.articles(limit=None, offset=1)) == 2


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


def types(events: list[Event]) -> list[str]:
    return [e.event_type for e in events]


def test_events_are_newest_first_and_filter_by_actor(coded: Store) -> None:
    assert types(coded.events()) == ["MOBILIZE", "AID", "CONSULT", "ACCUSE", "ACCUSE"]
    assert types(coded.events(actor="NATO")) == ["MOBILIZE", "ACCUSE"]
    assert types(coded.events(actor="nato")) == ["MOBILIZE", "ACCUSE"]
    assert types(coded.events(limit=2)) == ["MOBILIZE", "AID"]
    assert coded.events(actor="CHN") == []


def test_dyad_matches_either_direction(coded: Store) -> None:
    assert types(coded.events(dyad=("RUS", "BLR"))) == ["AID", "CONSULT"]
    assert types(coded.events(dyad=("BLR", "RUS"))) == ["AID", "CONSULT"]
    assert coded.events(dyad=("BLR", "NATO")) == []


def test_events_filter_by_type_and_inclusive_dates(coded: Store) -> None:
    assert len(coded.events(event_type="ACCUSE")) == 2
    assert types(coded.events(since="2026-11-22", until="2026-11-22")) == ["AID", "CONSULT"]
    assert types(coded.events(since="2026-11-21")) == ["MOBILIZE", "AID", "CONSULT"]
    assert types(coded.events(until="2026-11")) == ["MOBILIZE", "AID", "CONSULT", "ACCUSE"]


@pytest.mark.parametrize("bad", ["yesterday", "22/11/2026", "2026-11-22'; DROP TABLE events"])
def test_bad_date_filters_say_what_to_write(coded: Store, bad: str) -> None:
    with pytest.raises(StoreError, match="2026-11-22"):
        coded.events(since=bad)
    assert len(coded.events()) == 5


def test_negative_limits_are_refused(coded: Store) -> None:
    with pytest.raises(StoreError):
        coded.events(limit=-1)
    with pytest.raises(StoreError):
        coded.articles(offset=-5)


def test_delete_removes_everything_of_the_article(coded: Store) -> None:
    coded.save(result("a2", long_text(2), "ACCUSE"), "s2")
    assert coded.delete_article("a1")
    assert not coded.delete_article("a1")
    assert coded.article("a1") is None
    assert not coded.source_done("s1")
    assert types(coded.events()) == ["ACCUSE"]
    assert coded.count_articles() == 1
    if isinstance(coded, SqliteStore):
        assert coded.check() == []


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9, 1.0])
def test_band_layout_finds_pairs_at_the_threshold(threshold: float) -> None:
    layout = choose_layout(128, threshold)
    assert layout.bands * layout.rows <= 128
    assert layout.candidate_probability(threshold) >= 0.95
    # Clearly dissimilar pairs rarely become candidates.
    assert layout.candidate_probability(threshold / 3) < 0.5


def test_similarity_is_estimated_from_the_signatures() -> None:
    text = long_text(3)
    assert estimated_jaccard(minhash_of(text), minhash_of(text)) == 1.0
    assert estimated_jaccard(minhash_of(text), minhash_of(long_text(4))) < 0.5
    assert estimated_jaccard(minhash_of(text), ()) == 0.0
