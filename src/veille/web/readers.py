"""The API's read requests: a pool of threads, each with its own read-only store, and a time limit.

Before, every request thread shared the application's one store, whose calls
are serialised by a lock: one slow query (a merged events page while an
ingest writes) held every other request behind it. Now each thread of
:class:`ReadPool` opens its own read-only connection (SQLite in WAL mode lets
any number of them read while one writer writes), so requests wait only for
a free thread, and each request runs under :meth:`Store.time_limit`: a query
still running after ``query_timeout`` seconds is stopped by the database
itself (SQLite's progress handler, PostgreSQL's ``statement_timeout``) and
answered ``503 E-QUERY-TIMEOUT``. The time counts from when a thread starts
the request, not from when it was queued.

A store that cannot be opened a second time (``:memory:``) is read through
the application's own store, as before.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from veille.store import Store, open_store

__all__ = ["ReadPool"]

_Result = TypeVar("_Result")


class ReadPool:
    """Threads that answer read requests, each over its own read-only store."""

    def __init__(self, shared: Store, *, threads: int, timeout: float) -> None:
        """Serve reads of ``shared``'s location on ``threads`` threads, ``timeout`` s each."""
        self._shared = shared
        self._own_readers = shared.location != ":memory:"
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="veille-read")
        self._local = threading.local()
        self._opened: list[Store] = []
        self._opened_lock = threading.Lock()
        self.timeout = timeout

    async def run(self, work: Callable[[], _Result]) -> _Result:
        """Run ``work()`` on a reading thread, under the pool's time limit.

        While it runs, :meth:`current` on that thread is the thread's own store.
        """

        def job() -> _Result:
            store = self._reader()
            self._local.active = store
            try:
                with store.time_limit(self.timeout):
                    return work()
            finally:
                self._local.active = None

        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    def current(self) -> Store | None:
        """Return the store of the read running on this thread, or None outside :meth:`run`."""
        active: Store | None = getattr(self._local, "active", None)
        return active

    def close(self) -> None:
        """Wait for running requests, then close every reader store."""
        self._executor.shutdown(wait=True)
        with self._opened_lock:
            for store in self._opened:
                store.close()
            self._opened.clear()

    def _reader(self) -> Store:
        if not self._own_readers:
            return self._shared
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self._shared.location, read_only=True)
            self._local.store = store
            with self._opened_lock:
                self._opened.append(store)
        return store
