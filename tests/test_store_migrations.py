"""Schema versions: empty files, older stores, current stores and stores from a newer veille."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from _records_factory import make_article, make_event
from veille.errors import StoreError
from veille.records import ArticleResult
from veille.store import open_store
from veille.store.sqlite.migrations import LATEST_VERSION, MIGRATIONS, migrate


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_migrations_are_numbered_one_after_the_other() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len(MIGRATIONS) == LATEST_VERSION
    assert all(m.description for m in MIGRATIONS)


@pytest.mark.parametrize("empty", ["zero-byte file", "sqlite file without tables"])
def test_a_version_0_file_is_migrated_to_the_latest(tmp_path: Path, empty: str) -> None:
    path = tmp_path / "v0.db"
    if empty == "zero-byte file":
        path.write_bytes(b"")
    else:
        sqlite3.connect(path).close()
    assert user_version(path) == 0
    with open_store(path) as store:
        store.save(ArticleResult(make_article("a1", "Moscou dénonce l'OTAN.")), "s1")
        assert [h.article_id for h in store.search("denonce")] == ["a1"]
    assert user_version(path) == LATEST_VERSION


def test_an_up_to_date_store_opens_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "current.db"
    saved = ArticleResult(make_article("a1", "Moscou dénonce l'OTAN."), (), (make_event("a1"),))
    with open_store(path) as store:
        store.save(saved, "s1")
    for _ in range(2):
        with open_store(path) as store:
            assert store.article("a1") == saved
            assert store.count_articles() == 1
    assert user_version(path) == LATEST_VERSION


def test_a_version_1_store_gains_search_over_the_articles_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, str(path), target=1) == 1
    # An article written by a veille that had no full-text search yet.
    conn.execute(
        "INSERT INTO articles (id, content_hash, source_format, title, language, "
        "language_confidence, reading_time_estimated, text, sections, evidence, minhash, "
        "stored_at, updated_at) VALUES ('old', 'h', 'text', 'Biélorussie', 'fr', 0.9, 0, "
        "'Biélorussie\nMinsk accueille la réunion.', '[]', '{}', '[]', "
        "'2026-11-01T00:00:00.000000Z', '2026-11-01T00:00:00.000000Z')"
    )
    conn.close()
    assert user_version(path) == 1
    with open_store(path) as store:
        assert user_version(path) == LATEST_VERSION
        assert [h.article_id for h in store.search("Bielorussie")] == ["old"]
        stored = store.article("old")
        assert stored is not None
        assert stored.article.title == "Biélorussie"
        assert store.save(ArticleResult(make_article("new", "Kiev répond.")), "s2").status == "new"


def test_a_store_from_a_newer_veille_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with open_store(path) as store:
        store.save(ArticleResult(make_article("a1", "Texte.")), "s1")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "E-STORE-TOO-NEW"
    assert "upgrade veille" in caught.value.message
    assert user_version(path) == LATEST_VERSION + 1


def test_several_openers_of_a_new_file_race_safely(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def open_and_save(n: int) -> None:
        try:
            start.wait()
            with open_store(path) as store:
                store.save(ArticleResult(make_article(f"a{n}", f"Texte numéro {n}.")), f"s{n}")
        except BaseException as exc:  # report it to the main thread
            failures.append(exc)

    threads = [threading.Thread(target=open_and_save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert user_version(path) == LATEST_VERSION
    with open_store(path) as store:
        assert store.count_articles() == 4


def test_a_version_7_store_keeps_its_authors_as_one_name_lists(tmp_path: Path) -> None:
    # Migration 8 (issue 24): authors become a list; older rows had one string.
    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, str(path), target=7) == 7
    conn.execute(
        "INSERT INTO articles (id, content_hash, source_format, title, author, published_at, "
        "language, language_confidence, reading_time_estimated, text, sections, evidence, "
        "minhash, stored_at, updated_at) VALUES ('old', 'h', 'text', 'Titre', 'Jeanne Roy', "
        "'2026-11-23T02:30:00.000000Z', 'fr', 0.9, 0, 'Titre\nTexte.', '[]', '{}', '[]', "
        "'2026-11-01T00:00:00.000000Z', '2026-11-01T00:00:00.000000Z')"
    )
    conn.close()
    with open_store(path) as store:
        assert user_version(path) == LATEST_VERSION
        stored = store.article("old")
        assert stored is not None
        article = stored.article
        assert (article.author, article.authors, article.organisation) == (
            "Jeanne Roy",
            ("Jeanne Roy",),
            None,
        )
        # The day the page stated was never stored: it stays unknown, not guessed from UTC.
        assert article.published_date_local is None
        assert article.provenance == {}
