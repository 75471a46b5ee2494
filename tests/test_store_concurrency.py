"""Readers during writes: no partial articles, no "database is locked"; writers wait their turn."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from _records_factory import long_text, make_article, make_event
from veille.errors import StoreError
from veille.records import ArticleResult
from veille.store import open_store

EVENTS_PER_ARTICLE = 3


def coded(article_id: str, seed: int) -> ArticleResult:
    return ArticleResult(
        article=make_article(article_id, long_text(seed, 5)),
        events=tuple(make_event(article_id, kind) for kind in ("ACCUSE", "CONSULT", "AID")),
    )


def test_reader_never_sees_an_uncommitted_article(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with open_store(path) as store:
        store.save(coded("a1", 1), "s1")
    writer = sqlite3.connect(path, isolation_level=None, timeout=5)
    writer.execute("BEGIN IMMEDIATE")
    # Half an article: the row is in, its events are not, and nothing is committed.
    writer.execute(
        "INSERT INTO articles (id, content_hash, source_format, language, language_confidence, "
        "reading_time_estimated, text, sections, evidence, minhash, stored_at, updated_at) "
        "VALUES ('half', 'h', 'text', 'fr', 1.0, 0, 'Moscou en cours', '[]', '{}', '[]', 'x', 'x')"
    )
    try:
        started = time.monotonic()
        with open_store(path, busy_timeout=5) as reader:
            assert reader.count_articles() == 1
            assert reader.article("half") is None
            assert [a.id for a in reader.articles()] == ["a1"]
            assert reader.search("cours") == []
            assert len(reader.events()) == EVENTS_PER_ARTICLE
        # Readers do not wait for the writer in WAL mode.
        assert time.monotonic() - started < 2
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_readers_see_whole_articles_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    open_store(path).close()
    total = 60
    failures: list[BaseException] = []
    seen_counts: list[int] = []
    done = threading.Event()

    def write() -> None:
        try:
            with open_store(path) as store:
                for i in range(total):
                    store.save(coded(f"a{i}", i), f"s{i}")
        except BaseException as exc:  # report it to the main thread
            failures.append(exc)
        finally:
            done.set()

    def read() -> None:
        try:
            with open_store(path) as store:
                while not done.is_set() or not seen_counts or seen_counts[-1] < total:
                    listed = store.articles(limit=None)
                    seen_counts.append(len(listed))
                    for article in listed:
                        result = store.article(article.id)
                        assert result is not None
                        assert len(result.events) == EVENTS_PER_ARTICLE
                    if done.is_set() and len(listed) == total:
                        break
        except BaseException as exc:  # report it to the main thread
            failures.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert seen_counts[-1] == total
    assert seen_counts == sorted(seen_counts)


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    outcome: list[str] = []

    def save() -> None:
        with open_store(path, busy_timeout=10) as store:
            outcome.append(store.save(coded("a1", 1), "s1").status)

    thread = threading.Thread(target=save)
    thread.start()
    time.sleep(0.5)
    assert outcome == []  # still waiting for the lock
    holder.execute("COMMIT")
    holder.close()
    thread.join(timeout=30)
    assert outcome == ["new"]


def test_a_writer_that_waits_too_long_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(path, busy_timeout=0.2) as store:
            with pytest.raises(StoreError) as caught:
                store.save(coded("a1", 1), "s1")
            assert caught.value.code == "E-STORE-LOCKED"
            assert "one writer at a time" in caught.value.message
            assert store.count_articles() == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_one_store_can_be_shared_by_threads(tmp_path: Path) -> None:
    failures: list[BaseException] = []
    with open_store(tmp_path / "t.db") as store:

        def work(offset: int) -> None:
            try:
                for i in range(offset, offset + 15):
                    store.save(coded(f"a{i}", i), f"s{i}")
                    store.search("Minsk")
            except BaseException as exc:  # report it to the main thread
                failures.append(exc)

        threads = [threading.Thread(target=work, args=(n * 100,)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == []
        assert store.count_articles() == 45
        assert len(store.events()) == 45 * EVENTS_PER_ARTICLE
