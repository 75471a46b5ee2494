"""The embedded store: one SQLite file in WAL mode, one writer, many readers.

Why these settings:

- **WAL** lets readers (the API, a second CLI) read a consistent snapshot
  while the writer works, without "database is locked".
- **One writer, short transactions**: each :meth:`SqliteStore.save` is one
  ``BEGIN IMMEDIATE`` transaction holding the article, its mentions, events,
  LSH bands, full-text entry and source link, so a crash (even SIGKILL)
  leaves either the whole article or none of it. ``IMMEDIATE`` takes the
  write lock up front, so a second writer waits ``busy_timeout`` instead of
  failing half-way through.
- **synchronous = NORMAL**: in WAL mode this survives a killed process; only
  a power cut may lose the last transactions, never corrupt the file.
- **Checkpoints in the background**: copying the WAL back into the database
  file (and its two fsyncs) runs on a thread of its own instead of inside
  every ~15th save; see :class:`~veille.store.sqlite.checkpoints.Checkpointer`.
- Multi-statement reads run in one read transaction, so an article and its
  events always come from the same snapshot.

The schema is in :mod:`veille.store.schema`, its migrations in
:mod:`veille.store.sqlite.migrations`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from veille.errors import StoreError
from veille.records import ArticleResult
from veille.store._common import StoreCommon
from veille.store._core import check_events, check_limit, check_threshold, query_timeout_error
from veille.store._rows import INSERT_EVENT, Row, db_time
from veille.store.base import SaveOutcome, SearchHit
from veille.store.dialect import SQLITE
from veille.store.event_query import FOLD_FUNCTION, sql_fold
from veille.store.query import fts5_match, search_terms
from veille.store.sqlite.checkpoints import Checkpointer
from veille.store.sqlite.migrations import migrate

CACHE_KIB = 65536
"""SQLite page cache per connection, in KiB (the default is 2 MiB)."""

PROGRESS_STEPS = 2000
"""SQLite virtual-machine steps between two looks at a read's deadline (see time_limit)."""

READER_CACHE_KIB = 8192
"""Page cache of a read-only connection, in KiB: the API opens one per thread."""


class SqliteStore(StoreCommon[sqlite3.Connection]):
    """The SQLite implementation of :class:`veille.store.Store`.

    ``near_duplicate_threshold`` is the estimated Jaccard similarity from
    which an article counts as a near-duplicate; ``busy_timeout`` is how many
    seconds a writer waits for another writer before giving up. A store may
    be shared between threads (calls are serialised by a lock); separate
    processes each open their own.
    """

    _META_TABLE = "meta"
    _SQL = SQLITE

    def __init__(
        self,
        path: str | Path,
        *,
        location: str | None = None,
        near_duplicate_threshold: float = 0.8,
        busy_timeout: float = 10.0,
        read_only: bool = False,
    ) -> None:
        """Open (creating and migrating when needed) the SQLite file at ``path``.

        ``read_only`` opens an existing store for reading only (``mode=ro``,
        ``query_only``), with a smaller page cache: the API opens one per
        reading thread. It neither creates nor migrates the file.
        """
        threshold = check_threshold(near_duplicate_threshold)
        self.location = location or str(path)
        self.threshold = threshold
        self._lock = threading.RLock()
        self._batching = False  # inside batch(): writes become savepoints of its transaction
        if read_only:
            self._conn: sqlite3.Connection | None = _connect_read_only(
                path, self.location, busy_timeout
            )
            self._checkpointer: Checkpointer | None = None
        else:
            self._conn = _connect(path, self.location, busy_timeout)
            self._checkpointer = Checkpointer.for_connection(self._conn, busy_timeout)
        # Also ends the checkpoint thread of a store dropped without close(), at the
        # latest when the interpreter exits; it refers to the checkpointer, not the store.
        self._stop_checkpoints = (
            None if self._checkpointer is None else weakref.finalize(self, self._checkpointer.stop)
        )

    def close(self) -> None:
        """Finish the background checkpoint, then release the connection; closing twice is harmless.

        The checkpointer's connection closes first, so that the writer's is
        the last one of this process and SQLite removes the WAL when no other
        process has the file open.
        """
        with self._lock:
            self._checkpointer = None
            try:
                if self._stop_checkpoints is not None:
                    self._stop_checkpoints()  # runs stop() once, however often close() is called
            finally:
                super().close()

    # -- lifecycle (enter and exit come from StoreCommon) ---------------------

    def _connection(self) -> sqlite3.Connection:
        """Return the open connection, or raise E-STORE-CLOSED."""
        if self._conn is None:
            raise self._closed_error()
        return self._conn

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run the writes of the block in one transaction, each in a savepoint of its own.

        See :meth:`veille.store.base.Store.batch`. The store's lock is held for
        the whole block, so other threads using this store wait for its end;
        a batch inside a batch is part of the outer one.
        """
        with self._lock:
            if self._batching:
                yield
                return
            with self._transaction("BEGIN IMMEDIATE", writes=True):
                self._batching = True
                try:
                    yield
                finally:
                    self._batching = False

    def data_version(self) -> int | None:
        """Return SQLite's ``data_version``: it changes when another connection commits."""
        with self._lock:
            row = self._connection().execute("PRAGMA data_version").fetchone()
        return int(row[0])

    @contextmanager
    def _transaction(self, begin: str, *, writes: bool) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._batching:
                yield from self._in_batch(writes=writes)
                return
            conn = self._connection()
            remaining = None if writes else self._remaining()
            if remaining is not None:
                _stop_at(conn, time.monotonic() + remaining)
            try:
                conn.execute(begin)
            except sqlite3.OperationalError as exc:
                raise _operational(exc, self.location) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                _rollback(conn)
                raise _operational(exc, self.location) from exc
            except BaseException:
                _rollback(conn)
                raise
            finally:
                if remaining is not None:
                    conn.set_progress_handler(None, 0)
            if writes and self._checkpointer is not None:
                self._checkpointer.committed(conn)

    def _in_batch(self, *, writes: bool) -> Iterator[sqlite3.Connection]:
        """Run one read or write inside the open batch; a write is undone alone if it fails."""
        conn = self._connection()
        if not writes:
            yield conn  # the batch's transaction is the snapshot
            return
        try:
            conn.execute("SAVEPOINT veille_write")
        except sqlite3.OperationalError as exc:
            raise _operational(exc, self.location) from exc
        try:
            yield conn
        except BaseException:
            try:
                conn.execute("ROLLBACK TO veille_write")
                conn.execute("RELEASE veille_write")
            except sqlite3.Error:
                pass  # the batch's own rollback undoes it anyway
            raise
        try:
            conn.execute("RELEASE veille_write")
        except sqlite3.OperationalError as exc:
            raise _operational(exc, self.location) from exc

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """Open a write transaction; IMMEDIATE takes the write lock up front."""
        return self._transaction("BEGIN IMMEDIATE", writes=True)

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        """Open a read transaction: one snapshot for all its statements."""
        return self._transaction("BEGIN", writes=False)

    def _one(
        self, conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
    ) -> sqlite3.Row | None:
        """Run ``sql`` and return its first row, or None."""
        row: sqlite3.Row | None = conn.execute(sql, params).fetchone()
        return row

    def _all(
        self, conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
    ) -> list[sqlite3.Row]:
        """Run ``sql`` and return all its rows."""
        return conn.execute(sql, params).fetchall()

    def _run(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> int:
        """Run ``sql`` and return how many rows it changed."""
        return conn.execute(sql, params).rowcount

    # -- writing ---------------------------------------------------------------

    def save(self, result: ArticleResult, source: str) -> SaveOutcome:
        """Store one article with its mentions and events in one transaction.

        See :mod:`veille.store.base` for what each status means.
        """
        check_events(result)
        # The source link is stamped with the time the save was asked for.
        now = db_time(datetime.now(UTC))
        with self._write() as conn:
            return self._save_one(conn, result, source, now)

    # -- row writers used by StoreCommon's save rules --------------------------

    def _values(self, row: Row) -> tuple[Any, ...]:
        """Return the column values of ``row`` in select order."""
        return tuple(cast(sqlite3.Row, row))

    def _many(self, conn: sqlite3.Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run ``sql`` once per row of ``rows``."""
        conn.executemany(sql, rows)

    def _insert_pk(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
        """Run the one-row ``INSERT`` ``sql``; return the new row's pk."""
        pk = conn.execute(sql, params).lastrowid
        assert pk is not None
        return pk

    def _insert_event_rows(
        self, conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]
    ) -> list[int]:
        """Insert ``events`` rows; return their pks in order."""
        # One executemany, then the keys SQLite gave the rows, instead of one
        # statement per event to learn its key: (article_id, ordinal) is unique.
        conn.executemany(INSERT_EVENT, rows)
        keys: dict[tuple[str, int], int] = {}
        for article_id in dict.fromkeys(row[0] for row in rows):
            found = conn.execute(
                "SELECT ordinal, pk FROM events WHERE article_id = ?", (article_id,)
            )
            keys.update(((article_id, row["ordinal"]), row["pk"]) for row in found)
        return [keys[row[0], row[1]] for row in rows]

    # -- reading ---------------------------------------------------------------

    def search(
        self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, accent-insensitive; best matches first."""
        match = fts5_match(search_terms(query))
        with self._read() as conn:
            rows = conn.execute(
                "SELECT a.id, a.title, "
                "snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet, "
                # Title matches weigh more than body matches.
                "bm25(articles_fts, 4.0, 1.0) AS score "
                "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY score, a.pk LIMIT ?",
                (marks[0], marks[1], match, check_limit(limit)),
            ).fetchall()
        # bm25 is lower-is-better; flip it so that a higher rank means more relevant.
        return [
            SearchHit(
                article_id=row["id"], title=row["title"], snippet=row["snippet"], rank=-row["score"]
            )
            for row in rows
        ]

    def check(self) -> list[str]:
        """Return problems found in the file and the full-text index (empty when consistent)."""
        problems: list[str] = []
        with self._read() as conn:
            problems += [
                f"integrity: {row[0]}"
                for row in conn.execute("PRAGMA integrity_check").fetchall()
                if row[0] != "ok"
            ]
            problems += [
                f"foreign key: {tuple(row)}"
                for row in conn.execute("PRAGMA foreign_key_check").fetchall()
            ]
        try:
            with self._write() as conn:
                # rank = 1 also compares the index with the articles table itself.
                conn.execute(
                    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
                )
        except sqlite3.DatabaseError as exc:
            problems.append(f"full-text index: {exc}; rebuild it with rebuild_search_index()")
        return problems

    def rebuild_search_index(self) -> None:
        """Rebuild the full-text index from the articles (when :meth:`check` found a problem)."""
        with self._write() as conn:
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def _connect(path: str | Path, location: str, busy_timeout: float) -> sqlite3.Connection:
    target = str(path)
    if target != ":memory:":
        file = Path(target).expanduser()
        if file.is_dir():
            raise StoreError(
                f"{location} is a folder; give a file path such as {file / 'veille.db'}",
                code="E-STORE-OPEN",
            )
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for {location} ({exc.strerror}); "
                "choose a writable location with --db or VEILLE_DB",
                code="E-STORE-OPEN",
            ) from exc
        target = str(file)
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, Python adds nothing.
        conn = sqlite3.connect(
            target, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot open {location}: {exc}; check the path and its permissions",
            code="E-STORE-OPEN",
        ) from exc
    conn.row_factory = sqlite3.Row
    # The event text filter folds accents and case in SQL (veille.store.event_query).
    conn.create_function(FOLD_FUNCTION, 1, sql_fold, deterministic=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        _enable_wal(conn, busy_timeout)
        conn.execute("PRAGMA synchronous = NORMAL")
        # 64 MiB of page cache instead of SQLite's 2 MiB: the index pages every
        # save and story lookup walks stay in memory as the store grows
        # (benchmarks/bench_stories.py measured lookups slowing past 10k articles).
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        migrate(conn, location)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, sqlite3.OperationalError):
            raise _operational(exc, location) from exc
        raise StoreError(
            f"{location} is not a veille store ({exc}); give --db a new file name",
            code="E-STORE-OPEN",
        ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_read_only(path: str | Path, location: str, busy_timeout: float) -> sqlite3.Connection:
    file = Path(str(path)).expanduser()
    if str(path) == ":memory:" or not file.is_file():
        raise StoreError(
            f"{location} is not an existing store file; open it for writing first",
            code="E-STORE-OPEN",
        )
    try:
        conn = sqlite3.connect(
            f"{file.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        conn.create_function(FOLD_FUNCTION, 1, sql_fold, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot open {location} for reading: {exc}; check the path and its permissions",
            code="E-STORE-OPEN",
        ) from exc
    return conn


def _enable_wal(conn: sqlite3.Connection, busy_timeout: float) -> None:
    # Switching a file to WAL needs an exclusive lock, and when several
    # connections open the same new file at once SQLite answers SQLITE_BUSY
    # straight away instead of calling the busy handler: retry until the
    # busy timeout, like every other statement waits.
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
        else:
            return


def _rollback(conn: sqlite3.Connection) -> None:
    # After some errors SQLite has already rolled back; a second ROLLBACK then fails.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _stop_at(conn: sqlite3.Connection, deadline: float) -> None:
    """Interrupt ``conn``'s statements once ``time.monotonic()`` passes ``deadline``."""
    # SQLite calls the handler every PROGRESS_STEPS virtual-machine steps (a
    # few microseconds of work); a true answer interrupts the statement.
    conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)


def _operational(exc: sqlite3.OperationalError, location: str) -> StoreError:
    if "interrupted" in str(exc):
        return query_timeout_error(location)
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(
            f"the store {location} is busy: another process kept writing longer than the "
            "busy timeout; wait for it to finish or run one writer at a time",
            code="E-STORE-LOCKED",
        )
    return StoreError(
        f"the store {location} failed: {exc}; check free disk space and permissions",
        code="E-STORE-IO",
    )
