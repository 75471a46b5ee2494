"""WAL checkpoints run off the writing thread and lose nothing, even when the writer is killed.

What the database file itself holds (without its WAL) shows what was
checkpointed: a copy of the file alone is opened and counted.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import veille.store.sqlite.checkpoints as sqlite_store
from _records_factory import long_text, make_article, make_event
from veille.records import ArticleResult
from veille.store import open_store

THREAD_NAME = "veille-wal-checkpoint"


def coded(article_id: str, seed: int) -> ArticleResult:
    return ArticleResult(
        article=make_article(article_id, long_text(seed, 5)),
        events=(make_event(article_id),),
    )


def checkpointed_articles(path: Path, scratch: Path) -> int:
    """Articles in the database file alone, as if its WAL were lost."""
    copy = scratch / "file-only.db"
    copy.unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    conn = sqlite3.connect(copy)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0  # not there yet, or copied half-way through a checkpoint
    finally:
        conn.close()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def checkpoint_threads() -> set[threading.Thread]:
    """The checkpoint threads running now (other tests' stores may still have theirs)."""
    return {thread for thread in threading.enumerate() if thread.name == THREAD_NAME}


def test_commits_reach_the_database_file_soon_after(tmp_path: Path) -> None:
    path = tmp_path / "idle.db"
    with open_store(path) as store:
        for n in range(3):
            store.save(coded(f"a{n}", n), f"s{n}")
        # Three small saves are far below SQLite's own 1000-page checkpoint.
        assert wait_until(lambda: checkpointed_articles(path, tmp_path) == 3)


def test_every_so_many_commits_wake_a_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "CHECKPOINT_DELAY_SECONDS", 3600.0)
    path = tmp_path / "count.db"
    with open_store(path) as store:
        for n in range(sqlite_store.CHECKPOINT_EVERY):
            store.save(coded(f"a{n}", n), f"s{n}")
        assert wait_until(
            lambda: checkpointed_articles(path, tmp_path) == sqlite_store.CHECKPOINT_EVERY
        )
        store.save(coded("late", 99), "late")
        time.sleep(0.3)
        # One commit more is neither CHECKPOINT_EVERY commits nor an hour old.
        assert checkpointed_articles(path, tmp_path) == sqlite_store.CHECKPOINT_EVERY


def test_close_checkpoints_while_another_connection_keeps_the_file_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "CHECKPOINT_DELAY_SECONDS", 3600.0)
    path = tmp_path / "close.db"
    open_store(path).close()
    other = sqlite3.connect(path)
    try:
        other.execute("SELECT count(*) FROM articles").fetchone()
        store = open_store(path)
        for n in range(5):
            store.save(coded(f"a{n}", n), f"s{n}")
        assert checkpointed_articles(path, tmp_path) == 0
        store.close()
        # The WAL stays (another connection is open), but it is copied and synced.
        assert Path(f"{path}-wal").exists()
        assert checkpointed_articles(path, tmp_path) == 5
    finally:
        other.close()


def test_wal_stays_bounded_when_background_checkpoints_cannot_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 100
    monkeypatch.setattr(sqlite_store, "WAL_LIMIT_PAGES", limit)
    monkeypatch.setattr(sqlite_store.Checkpointer, "_checkpoint", lambda _self, _conn: None)
    path = tmp_path / "bound.db"
    with open_store(path) as store:
        page_size = store._connection().execute("PRAGMA page_size").fetchone()[0]
        for n in range(60):
            store.save(coded(f"a{n}", n), f"s{n}")
        wal_pages = Path(f"{path}-wal").stat().st_size // page_size
        # The saves were copied all the same, by the writer's own checkpoints.
        assert checkpointed_articles(path, tmp_path) > 0
    # Sixty saves write about 2000 pages; the writer's own checkpoint at the limit
    # lets SQLite start the WAL over, so it never holds much more than the limit.
    assert wal_pages < 3 * limit


def test_a_store_that_only_reads_starts_no_thread(tmp_path: Path) -> None:
    path = tmp_path / "read.db"
    with open_store(path) as store:
        store.save(coded("a1", 1), "s1")
    running = checkpoint_threads()
    with open_store(path) as reader:
        assert [article.id for article in reader.articles()] == ["a1"]
        assert reader.search("ministre")
        assert checkpoint_threads() <= running


def test_memory_store_needs_no_checkpoints() -> None:
    running = checkpoint_threads()
    with open_store(":memory:") as store:
        for n in range(3):
            store.save(coded(f"a{n}", n), f"s{n}")
        assert store.count_articles() == 3
        assert checkpoint_threads() <= running


def test_close_ends_the_thread_and_a_dropped_store_does_too(tmp_path: Path) -> None:
    running = checkpoint_threads()
    store = open_store(tmp_path / "closed.db")
    store.save(coded("a1", 1), "s1")
    (started,) = checkpoint_threads() - running
    store.close()
    store.close()
    assert not started.is_alive()
    assert not Path(f"{tmp_path / 'closed.db'}-wal").exists()  # last connection: WAL removed

    dropped = open_store(tmp_path / "dropped.db")
    dropped.save(coded("a1", 1), "s1")
    (started,) = checkpoint_threads() - running
    del dropped
    gc.collect()
    assert wait_until(lambda: not started.is_alive())


def test_two_stores_on_one_file_keep_every_article(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    first, second = open_store(path), open_store(path)
    try:
        for n in range(3 * sqlite_store.CHECKPOINT_EVERY):
            (first if n % 2 else second).save(coded(f"a{n}", n), f"s{n}")
    finally:
        first.close()
        second.close()
    with open_store(path) as store:
        assert store.count_articles() == 3 * sqlite_store.CHECKPOINT_EVERY
        assert store.check() == []


_WRITER = """
import sys
from _records_factory import long_text, make_article, make_event
from veille.records import ArticleResult
from veille.store import open_store

store = open_store(sys.argv[1])
for n in range(100000):
    article_id = f"a{n}"
    store.save(
        ArticleResult(make_article(article_id, long_text(n, 5)), events=(make_event(article_id),)),
        f"s{n}",
    )
    print(article_id, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, 16, 40, 97])
def test_a_killed_writer_loses_nothing_it_reported_stored(tmp_path: Path, kill_after: int) -> None:
    path = tmp_path / "killed.db"
    tests = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported: list[str] = []
    try:
        assert writer.stdout is not None
        while len(reported) < kill_after:
            line = writer.stdout.readline()
            assert line, writer.stderr.read() if writer.stderr else "the writer stopped"
            reported.append(line.strip())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        for stream in (writer.stdout, writer.stderr):
            if stream is not None:
                stream.close()
    assert writer.returncode == -signal.SIGKILL
    with open_store(path) as store:
        stored = {article.id for article in store.iter_articles()}
        assert set(reported) <= stored
        assert store.check() == []
