"""Background WAL checkpoints of the SQLite store (see :class:`Checkpointer`)."""

from __future__ import annotations

import sqlite3
import threading

CHECKPOINT_EVERY = 16
"""Write transactions between two background checkpoints. An article's save and story
commits write about 70 pages, so this is at most SQLite's own 1000-page interval: the
WAL, which each checkpoint syncs to disk, is synced at least as often as before."""

CHECKPOINT_DELAY_SECONDS = 0.1
"""Longest a commit waits for the background checkpoint when fewer than CHECKPOINT_EVERY follow."""

WAL_LIMIT_PAGES = 8000
"""WAL pages from which the writer checkpoints at commit itself, as SQLite does at 1000:
the bound on the WAL (about 32 MiB) when the background checkpoints fall behind."""


class Checkpointer:
    """Copies the WAL into the database file from a thread of its own.

    Why: SQLite's automatic checkpoint runs inside the COMMIT that takes the
    WAL past 1000 pages, on the ingest thread, and waits there for two fsyncs
    (about 10 ms, so about 1 ms per saved article on average). Here the writer
    only counts its commits; a thread runs ``PRAGMA wal_checkpoint(PASSIVE)``
    on its own connection once :data:`CHECKPOINT_EVERY` commits are waiting,
    or :data:`CHECKPOINT_DELAY_SECONDS` after the oldest one. sqlite3 releases
    the GIL while SQLite works, so the fsync waits overlap the pipeline's
    work; PASSIVE never waits for, nor blocks, the writer or the readers.

    The delay matters too: SQLite starts the WAL over from its beginning only
    when a write finds it wholly copied. Saves come in bursts (one per spaCy
    batch), so copying the tail of a burst while the next batch is parsed
    keeps the WAL at about one burst's size.

    Durability is what it was: a commit is in the WAL file before ``save``
    returns, so a killed process loses nothing (SQLite replays the WAL at the
    next open), and the WAL reaches the disk at each checkpoint, at least as
    often as before. If the thread falls behind (a slow disk, a reader holding
    an old snapshot), the writer checkpoints itself at :data:`WAL_LIMIT_PAGES`.

    The thread starts at the first commit, so a store that only reads (the
    API server, a second CLI) never starts one. Each store on the same file
    has its own; SQLite runs one checkpoint at a time, and a PASSIVE one
    finding another under way just returns. Threads do not survive ``fork``
    and SQLite connections must not cross it: a worker process opens its own
    store, and with it its own thread.
    """

    def __init__(self, path: str, busy_timeout: float) -> None:
        self._path = path
        self._busy_timeout = busy_timeout
        # Guards the counters and the flag, shared by the writer and the thread.
        self._changed = threading.Condition()
        self._commits = 0  # commits counted so far
        self._copied = 0  # commits counted when the last checkpoint started
        self._stopping = False
        self._thread: threading.Thread | None = None

    @classmethod
    def for_connection(cls, conn: sqlite3.Connection, busy_timeout: float) -> Checkpointer | None:
        """Return a checkpointer for the file ``conn`` writes; None without a WAL (``:memory:``)."""
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            file = conn.execute("PRAGMA database_list").fetchone()[2]
        except sqlite3.Error:
            return None  # the writer keeps SQLite's automatic checkpoint
        return cls(file, busy_timeout) if mode == "wal" and file else None

    def committed(self, writer: sqlite3.Connection) -> None:
        """Count a commit of ``writer``, waking the thread when a checkpoint may be due."""
        if (self._thread is None or not self._thread.is_alive()) and not self._start(writer):
            return
        with self._changed:
            self._commits += 1
            waiting = self._commits - self._copied
            # The first commit starts the delay; the CHECKPOINT_EVERY-th ends it early.
            if waiting == 1 or waiting >= CHECKPOINT_EVERY:
                self._changed.notify()

    def _start(self, writer: sqlite3.Connection) -> bool:
        # Called after a commit: a failure here must not make the save look failed.
        try:
            conn = sqlite3.connect(
                self._path,
                timeout=self._busy_timeout,
                isolation_level=None,
                check_same_thread=False,  # opened here, used only by the thread
            )
        except sqlite3.Error:
            return False  # the writer keeps SQLite's automatic checkpoint
        try:
            # From now on the thread checkpoints; the writer's own is only the bound.
            writer.execute(f"PRAGMA wal_autocheckpoint = {WAL_LIMIT_PAGES}")
        except sqlite3.Error:
            conn.close()
            return False
        # A daemon thread, so that a program which never closes its store can still exit;
        # a checkpoint cut short is harmless, SQLite redoes it from the WAL.
        self._thread = threading.Thread(
            target=self._run, args=(conn,), name="veille-wal-checkpoint", daemon=True
        )
        self._thread.start()
        return True

    def _due(self) -> bool:
        return self._stopping or self._commits - self._copied >= CHECKPOINT_EVERY

    def _run(self, conn: sqlite3.Connection) -> None:
        try:
            while True:
                with self._changed:
                    self._changed.wait_for(lambda: self._stopping or self._commits != self._copied)
                    self._changed.wait_for(self._due, timeout=CHECKPOINT_DELAY_SECONDS)
                    self._copied = self._commits
                    stopping = self._stopping
                # stop() sets the flag after the last commit it covers, so this last
                # round copies everything committed before stop() was called.
                self._checkpoint(conn)
                if stopping:
                    return
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            # Nothing is lost: the pages stay in the WAL for the next checkpoint,
            # or for the writer's own at WAL_LIMIT_PAGES.
            return

    def stop(self) -> None:
        """Run a last checkpoint of everything committed so far, then end the thread."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        with self._changed:
            self._stopping = True
            self._changed.notify()
        # A store dropped without close() may be collected on the thread itself.
        if thread is not threading.current_thread():
            thread.join()
