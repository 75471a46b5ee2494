"""The core of the shared store: lifecycle, statement runners, argument checks, MinHash choice.

:class:`StoreCore` is what every role of the shared store (articles,
events, stories: :mod:`veille.store._common`) builds on: the store's
lifecycle and time limits, the hooks each backend fills in (transactions,
statement runners, the search entry), and the MinHash decisions the save
rules and the story lookups share. The SQL written on top of it is the
common subset of both dialects with ``?`` placeholders; a
:class:`~veille.store.dialect.SqlDialect` says what differs.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from types import TracebackType
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from veille.errors import StoreError
from veille.records import Article, ArticleResult
from veille.store._rows import (
    MENTION_COLUMNS,
    PLACE_COLUMNS,
    Row,
)
from veille.store.base import (
    SaveOutcome,
)
from veille.store.dialect import SqlDialect
from veille.store.minhash import BandLayout, band_hashes, choose_layout, estimated_jaccard

BATCH_SIZE = 200
"""Rows read per query by the ``iter_*`` methods: bounded memory, short read transactions."""

LAYOUT_KEY = "minhash_layout"
"""Meta key under which the current MinHash band layout is recorded."""

IDS_PER_QUERY = 500
"""Ids bound in one ``IN (...)`` list: far below SQLite's and PostgreSQL's parameter limits."""

CHILD_COLUMNS = {"mentions": MENTION_COLUMNS, "places": PLACE_COLUMNS}
"""Per-article tables written as whole lists with the article: their columns after ``ordinal``."""


BAND_COLUMNS = (("band", "int"), ("hash", "bigint"))
"""Columns of the ``(band, hash)`` pairs an LSH lookup joins with ``minhash_bands``."""


class _Closable(Protocol):
    """What the base class needs of a connection: that it can be closed."""

    def close(self) -> None:
        """Release the connection."""
        ...


ConnT = TypeVar("ConnT", bound=_Closable)


@dataclass(frozen=True, slots=True)
class Match:
    """A stored article the incoming one (nearly) duplicates, with their similarity."""

    article_id: str
    similarity: float


def check_threshold(threshold: float) -> float:
    """Validate a near-duplicate threshold (an estimated Jaccard similarity in (0, 1])."""
    if not 0.0 < threshold <= 1.0:
        raise StoreError(
            f"near_duplicate_threshold must be in (0, 1], got {threshold}",
            code="E-STORE-ARGUMENT",
        )
    return threshold


def check_limit(limit: int | None, name: str = "limit") -> int:
    """Validate a ``limit``/``offset`` argument; ``None`` (no limit) becomes -1."""
    if limit is None:
        return -1  # SQLite reads a negative LIMIT as "no limit"; PostgreSQL callers map it.
    if limit < 0:
        raise StoreError(f"{name} must be zero or more, got {limit}", code="E-STORE-ARGUMENT")
    return limit


def check_events(result: ArticleResult) -> None:
    """Refuse a result whose events name another article (the event stage's duty)."""
    article = result.article
    for event in result.events:
        if event.article_id != article.id:
            raise StoreError(
                f"an event of article {article.id} names article {event.article_id}; "
                "the event stage must copy the article id into every event",
                code="E-STORE-MISMATCH",
            )


def source_link(outcome: SaveOutcome, article_id: str) -> tuple[str | None, str]:
    """Return ``(linked article id, relation)`` recorded for the source of a saved article.

    An exact duplicate is not stored, so its source points at the original.
    """
    if outcome.status == "duplicate":
        return outcome.duplicate_of, "duplicate"
    if outcome.duplicate_of is not None:
        return article_id, "near-duplicate"
    return article_id, "stored"


def unique_ids(rows: Iterable[Row]) -> list[str]:
    """Return the ``id`` column of ``rows`` without repeats, keeping the first position."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.setdefault(row["id"], None)
    return list(seen)


class StoreCore(Generic[ConnT]):
    """Lifecycle, hooks and MinHash decisions of a store (see the module docstring).

    A subclass sets ``location``, ``threshold``, ``_lock`` and ``_conn``
    (None once closed) and provides the transactions (:meth:`_read`,
    :meth:`_write`) and statement runners (:meth:`_one`, :meth:`_all`,
    :meth:`_run`, :meth:`_many`, :meth:`_insert_pk`,
    :meth:`_insert_event_rows`). A backend with another placeholder style
    than ``?`` rewrites them in its runners.
    """

    _META_TABLE: ClassVar[str]
    """Name of the backend's key/value table (``meta`` is reserved in some dialects)."""

    _SQL: ClassVar[SqlDialect]
    """How the backend writes what differs in SQL (see :mod:`veille.store.dialect`)."""

    location: str
    threshold: float
    _lock: threading.RLock
    _conn: ConnT | None

    def __enter__(self) -> Self:
        """Return the store itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def close(self) -> None:
        """Release the connection; closing twice is harmless."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def batch(self) -> AbstractContextManager[None]:
        """Group writes into one transaction (see :meth:`Store.batch`); here each commits alone."""
        return nullcontext()

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        """Stop this thread's reads in the block after ``seconds`` (see Store.time_limit)."""
        state = self._thread_state()
        previous = getattr(state, "deadline", None)
        state.deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            state.deadline = previous

    def data_version(self) -> int | None:
        """Return a number that changes with every commit of another connection, or None."""
        return None

    def _remaining(self) -> float | None:
        """Seconds this thread has left under :meth:`time_limit`, or None without a limit."""
        deadline: float | None = getattr(self._thread_state(), "deadline", None)
        return None if deadline is None else deadline - time.monotonic()

    def _thread_state(self) -> threading.local:
        # Per thread: a store shared by threads must not stop one thread's reads
        # on another's deadline. setdefault is atomic, so two threads agree.
        state: threading.local = self.__dict__.setdefault("_per_thread", threading.local())
        return state

    def _closed_error(self) -> StoreError:
        """Build the error raised when a closed store is used."""
        return StoreError(
            f"the store {self.location} is closed; open it again with open_store()",
            code="E-STORE-CLOSED",
        )

    def _read(self) -> AbstractContextManager[ConnT]:
        """Open a read transaction (one snapshot for all its statements)."""
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[ConnT]:
        """Open a write transaction (writers run one at a time)."""
        raise NotImplementedError

    def _one(self, conn: ConnT, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Run ``sql`` (``?`` placeholders) and return its first row, or None."""
        raise NotImplementedError

    def _all(self, conn: ConnT, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        """Run ``sql`` (``?`` placeholders) and return all its rows."""
        raise NotImplementedError

    def _all_in(self, conn: ConnT, sql: str, values: Sequence[Any]) -> list[Row]:
        """Run ``sql``, whose ``IN ({})`` takes ``values``, in chunks of :data:`IDS_PER_QUERY`."""
        rows: list[Row] = []
        for first in range(0, len(values), IDS_PER_QUERY):
            chunk = values[first : first + IDS_PER_QUERY]
            rows += self._all(conn, sql.format(", ".join("?" * len(chunk))), chunk)
        return rows

    def _run(self, conn: ConnT, sql: str, params: Sequence[Any] = ()) -> int:
        """Run ``sql`` (``?`` placeholders) and return how many rows it changed."""
        raise NotImplementedError

    def _storable(self, text: str) -> str:
        """Return free-form ``text`` (error messages) as the backend can store it."""
        return text

    def _values(self, row: Row) -> tuple[Any, ...]:
        """Return the column values of ``row`` in select order."""
        raise NotImplementedError

    def _many(self, conn: ConnT, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run ``sql`` (``?`` placeholders) once per row of ``rows``, in one batch."""
        raise NotImplementedError

    def _insert_pk(self, conn: ConnT, sql: str, params: Sequence[Any]) -> int:
        """Run the one-row ``INSERT`` ``sql`` (``?`` placeholders); return the new row's pk."""
        raise NotImplementedError

    def _insert_event_rows(self, conn: ConnT, rows: Sequence[Sequence[Any]]) -> list[int]:
        """Insert ``events`` rows (:data:`EVENT_INSERT_COLUMNS`); return their pks in order."""
        raise NotImplementedError

    def _search_entry(self, article: Article) -> tuple[str, tuple[Any, ...]] | None:
        """Return the SQL and parameters of the article's ``search`` column, or None.

        None when the backend indexes articles itself (SQLite's full-text
        triggers); the PostgreSQL store returns its text search vector.
        """
        return None

    def _batches(self, sql: str) -> Iterator[Sequence[Row]]:
        """Yield the rows of ``sql`` batch by batch, in storage order.

        ``sql`` selects ``pk`` and pages with ``WHERE pk > ? ORDER BY pk LIMIT ?``.
        """
        last = 0
        while True:
            # One short read transaction per batch, so a long export never blocks writers.
            with self._read() as conn:
                rows = self._all(conn, sql, (last, BATCH_SIZE))
            if not rows:
                return
            last = rows[-1]["pk"]
            yield rows

    def _count(self, table: str) -> int:
        """Return the number of rows of ``table`` (one of ours)."""
        with self._read() as conn:
            row = self._one(conn, f"SELECT count(*) AS n FROM {table}")  # noqa: S608 - our table names
        return int(row["n"]) if row else 0

    def _best_match(
        self, signature: Sequence[int], candidates: Iterable[Row]
    ) -> tuple[Match | None, tuple[tuple[str, float], ...]]:
        """Pick the most similar candidate (rows with ``id`` and ``minhash``) above the threshold.

        Candidates must come in storage order: on a tie the earlier article
        stays the original. Also return every candidate as ``(id, estimated
        Jaccard)``, best first (:attr:`SaveOutcome.candidates`).
        """
        scored = _scored(signature, candidates)
        return self._pick(scored), tuple(sorted(scored, key=_best_first))

    def _pick(self, scored: Sequence[tuple[str, float]]) -> Match | None:
        """Return the most similar of ``scored`` (in storage order) above the threshold."""
        best: Match | None = None
        for article_id, similarity in scored:
            # Strictly greater: on a tie the earlier article (lower pk) stays the original.
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(article_id, similarity)
        return best

    def _stored_bands(self, minhash: str) -> tuple[tuple[int, ...], list[tuple[int, int]]]:
        """Return a stored article's signature and its ``(band, hash)`` pairs (empty if none)."""
        signature = stored_signature(minhash)
        layout: BandLayout | None = (
            choose_layout(len(signature), self.threshold) if signature else None
        )
        return signature, (band_hashes(signature, layout) if layout else [])


@lru_cache(maxsize=1024)
def stored_signature(minhash: str) -> tuple[int, ...]:
    """Return the signature stored as JSON text in ``articles.minhash``.

    Kept for the last thousand signatures (about 6 MB): the candidates of a
    near-duplicate check come back when the article's story is assigned, and
    in the next articles' checks, and parsing 128 numbers costs about 15 µs.
    """
    return tuple(json.loads(minhash))


def rank_similar(
    signature: Sequence[int], candidates: Iterable[Row], min_similarity: float
) -> list[tuple[str, float]]:
    """Return ``(id, estimated Jaccard)`` of candidates reaching ``min_similarity``, best first."""
    found = _scored(signature, candidates)
    return sorted(((i, sim) for i, sim in found if sim >= min_similarity), key=_best_first)


def _scored(signature: Sequence[int], candidates: Iterable[Row]) -> list[tuple[str, float]]:
    """Return ``(id, estimated Jaccard with signature)`` of rows with ``id`` and ``minhash``."""
    return [
        (str(c["id"]), estimated_jaccard(signature, stored_signature(c["minhash"])))
        for c in candidates
    ]


def _best_first(pair: tuple[str, float]) -> tuple[float, str]:
    return -pair[1], pair[0]


def query_timeout_error(location: str) -> StoreError:
    """Build the error of a read stopped by :meth:`StoreCommon.time_limit`."""
    return StoreError(
        f"the query on {location} took longer than the time allowed and was stopped; "
        "narrow it (a date range, an actor, a type) or ask for a smaller page",
        code="E-QUERY-TIMEOUT",
    )
