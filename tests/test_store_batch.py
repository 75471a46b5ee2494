"""Store.batch: several saves in one transaction, each still all-or-nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from _records_factory import long_text, make_article, make_error, make_event
from veille.engine import ingest
from veille.records import ArticleResult
from veille.samples import REFERENCE_TIME, article_paths
from veille.settings import Settings
from veille.store import open_store
from veille.stories import assign_story


def result(article_id: str, seed: int) -> ArticleResult:
    article = make_article(article_id, long_text(seed))
    return ArticleResult(article, (), (make_event(article_id), make_event(article_id, "AID")))


def fail_events_of(path: Path, article_id: str) -> None:
    """Make SQLite refuse the events of ``article_id``, after its article row is written."""
    conn = sqlite3.connect(path)
    conn.execute(
        f"CREATE TRIGGER refuse_{article_id} BEFORE INSERT ON events "
        f"WHEN new.article_id = '{article_id}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    conn.commit()
    conn.close()


def test_other_connections_see_a_batch_once_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "batch.db"
    with open_store(path) as writer, open_store(path) as reader:
        with writer.batch():
            for index in range(3):
                outcome = writer.save(result(f"a{index}", index), f"s{index}")
                assign_story(writer, result(f"a{index}", index), outcome)
                assert writer.count_articles() == index + 1  # the writer sees its own
            assert reader.count_articles() == 0
        assert reader.count_articles() == 3
        assert reader.count_events() == 6
        assert all(reader.story_member(f"a{index}") is not None for index in range(3))


def test_a_failed_save_in_a_batch_leaves_no_trace_and_the_others_stay(tmp_path: Path) -> None:
    path = tmp_path / "batch.db"
    with open_store(path):
        pass
    fail_events_of(path, "bad")
    with open_store(path) as store:
        with store.batch():
            store.save(result("a1", 1), "s1")
            with pytest.raises(sqlite3.IntegrityError, match="refused"):
                store.save(result("bad", 2), "s2")
            store.save(result("a3", 3), "s3")
            store.record_error(make_error("s4"))
        assert store.article("bad") is None  # its article row went with its events
        assert not store.source_done("s2")
        assert {a.id for a in store.articles()} == {"a1", "a3"}
        assert store.count_events() == 4
        assert [e.source for e in store.errors()] == ["s4"]


def test_an_error_leaving_the_batch_undoes_all_of_it(tmp_path: Path) -> None:
    with open_store(tmp_path / "batch.db") as store:
        store.save(result("before", 0), "s0")

        def interrupted_batch() -> None:
            with store.batch():
                store.save(result("a1", 1), "s1")
                with store.batch():  # part of the outer batch
                    store.save(result("a2", 2), "s2")
                raise RuntimeError("stop")

        with pytest.raises(RuntimeError, match="stop"):
            interrupted_batch()
        assert [a.id for a in store.articles()] == ["before"]
        # The store is usable afterwards, in and out of batches.
        with store.batch():
            store.save(result("a1", 1), "s1")
        store.save(result("a2", 2), "s2")
        assert store.count_articles() == 3


def test_an_ingest_reports_what_its_batches_committed(tmp_path: Path) -> None:
    path = tmp_path / "ingest.db"
    folder = tmp_path / "corpus"
    folder.mkdir()
    for source in article_paths("en")[:3]:  # type: ignore[index]
        (folder / source.name).write_text(source.read_text("utf-8"), "utf-8")
    settings = Settings(as_of=REFERENCE_TIME)
    with open_store(path) as store:
        report = ingest([str(folder)], store=store, settings=settings)
    assert report.counts["new"] == 3
    with open_store(path) as store:
        assert store.count_articles() == 3
        assert {store.story_member(i) is not None for i in report.article_ids} == {True}
