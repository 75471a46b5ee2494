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

The pool also keeps the last answers (:data:`CACHE_ENTRIES`) to the same
request, valid while the store's ``data_version`` (SQLite: it changes with
every commit of another connection, read on one probe connection) has not
changed: two hundred dashboards asking for the first page of merged events
cost one merge per commit of the ingest, not one per request. An answer is
never older than the version it is filed under, since the reading thread's
snapshot is taken after the version is read. PostgreSQL gives no such
number, so nothing is cached there.

A store that cannot be opened a second time (``:memory:``) is read through
the application's own store, as before, without cache.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from veille.store import Store, open_store

__all__ = ["CACHE_ENTRIES", "ReadPool"]

CACHE_ENTRIES = 512
"""Answers kept by the response cache (least recently used dropped first)."""


class ReadPool:
    """Threads that answer read requests, each over its own read-only store."""

    def __init__(
        self, shared: Store, *, threads: int, timeout: float, cache_entries: int = CACHE_ENTRIES
    ) -> None:
        """Serve reads of ``shared``'s location on ``threads`` threads, ``timeout`` s each."""
        self._shared = shared
        self._own_readers = shared.location != ":memory:"
        # A backend that cannot tell when the store changed (PostgreSQL) is never cached.
        self._cacheable = self._own_readers and shared.data_version() is not None
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="veille-read")
        self._local = threading.local()
        self._opened: list[Store] = []
        self._opened_lock = threading.Lock()
        self.timeout = timeout
        self._cache: OrderedDict[str, tuple[int, Response]] = OrderedDict()
        self._cache_entries = cache_entries
        self._pending: dict[str, tuple[int, asyncio.Future[Response]]] = {}
        self._probe: Store | None = None
        self._probe_lock = threading.Lock()

    async def run(self, work: Callable[[], Response], *, key: str | None = None) -> Response:
        """Run ``work()`` on a reading thread, under the pool's time limit.

        While it runs, :meth:`current` on that thread is the thread's own
        store. With a ``key`` (the request's path and query), a 200 answer is
        kept and given again to the same request until the store changes,
        and requests for a key already being answered wait for that answer
        instead of computing it again (two hundred dashboards opening at once
        make one merge, not two hundred racing for the cores). The cache and
        the waits live on the event loop's thread: no lock.
        """
        loop = asyncio.get_running_loop()
        version = self._version() if key is not None else None
        if key is None or version is None:
            return await loop.run_in_executor(self._executor, self._job, work)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == version:
            self._cache.move_to_end(key)
            return _copy(cached[1])
        pending = self._pending.get(key)
        if pending is not None and pending[0] == version:
            return _copy(await asyncio.shield(pending[1]))
        answer_future: asyncio.Future[Response] = loop.create_future()
        self._pending[key] = (version, answer_future)
        try:
            answer = await loop.run_in_executor(self._executor, self._job, work)
        except BaseException as exc:
            answer_future.set_exception(exc)
            answer_future.exception()  # retrieved here, so a future nobody awaited stays quiet
            raise
        finally:
            if self._pending.get(key, (None, None))[1] is answer_future:
                del self._pending[key]
        answer_future.set_result(answer)
        if answer.status_code == 200:
            self._cache[key] = (version, answer)
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        return _copy(answer)

    def _job(self, work: Callable[[], Response]) -> Response:
        """Run ``work()`` on this reading thread, over its own store, under the time limit."""
        store = self._reader()
        self._local.active = store
        try:
            with store.time_limit(self.timeout):
                return work()
        finally:
            self._local.active = None

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
            store = self._open()
            self._local.store = store
        return store

    def _open(self) -> Store:
        store = open_store(self._shared.location, read_only=True)
        with self._opened_lock:
            self._opened.append(store)
        return store

    def _version(self) -> int | None:
        """Return the store's version as one connection of its own sees it (None: no cache)."""
        if not self._cacheable:
            return None
        with self._probe_lock:
            if self._probe is None:
                self._probe = self._open()
            # One connection for every thread: data_version numbers of different
            # connections are not comparable, those of one connection are.
            return self._probe.data_version()


def _copy(answer: Response) -> Response:
    """Return a new response with ``answer``'s status, headers and body: one per request."""
    return Response(answer.body, status_code=answer.status_code, headers=answer.headers)


def reading(endpoint: Callable[..., Response]) -> Callable[..., Awaitable[Response]]:
    """Run a read endpoint on a thread of the app's :class:`ReadPool`, under ``query_timeout``.

    The endpoint keeps its plain signature (FastAPI reads it through
    ``functools.wraps``) and its body calls ``current_store(request)``, which
    there is the reading thread's own read-only store. Its answers are cached
    by path and query until the store changes (see the module docstring).
    """

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Response:  # noqa: ANN401
        request: Request = kwargs["request"]
        readers: ReadPool = request.app.state.readers
        key = f"{request.url.path}?{request.url.query}"
        return await readers.run(lambda: endpoint(*args, **kwargs), key=key)

    return run
