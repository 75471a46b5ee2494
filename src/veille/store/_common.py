"""What the SQLite and PostgreSQL stores share, whatever their SQL dialect.

Both backends follow the same rules (see :mod:`veille.store.base`); that
logic lives here once in :class:`StoreCommon` so the two cannot drift apart:
the store's lifecycle, argument checks, the save rules (new, updated,
unchanged, duplicate, near-duplicate, source links), MinHash band layout and
near-duplicate choice, and the queries whose SQL is the same in both
dialects (written with ``?`` placeholders, which the PostgreSQL store
rewrites). Each backend keeps what really differs: its connection and
transactions, row writers, dialect-specific queries and full-text search.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from types import TracebackType
from typing import Any, ClassVar, Generic, Literal, Protocol, Self, TypeVar

from veille.errors import StoreError
from veille.records import Article, ArticleError, ArticleResult, Event, Location
from veille.serialize import parse_datetime, to_dict
from veille.store._rows import (
    ARTICLE_COLUMNS,
    INSERT_EVENT_ACTOR,
    MENTION_COLUMNS,
    PLACE_COLUMNS,
    Row,
    article_from_row,
    article_row,
    db_time,
    error_from_row,
    event_actor_codes,
    event_from_payload,
    event_row,
    member_from_row,
    mention_from_row,
    mention_row,
    place_from_row,
    place_row,
    summary_from_row,
    to_json,
)
from veille.store.base import (
    ActorCode,
    ArticleHeadline,
    ArticleStory,
    EventFacets,
    EventFacts,
    PlaceSummary,
    SaveOutcome,
    SearchHit,
    StoryMember,
    StorySummary,
    story_id_for,
)
from veille.store.dialect import SqlDialect
from veille.store.event_query import (
    Dialect,
    EventFilter,
    actor_count,
    actor_sample,
    current_payload,
    event_order,
    event_where,
)
from veille.store.minhash import BandLayout, band_hashes, choose_layout, estimated_jaccard

BATCH_SIZE = 200
"""Rows read per query by the ``iter_*`` methods: bounded memory, short read transactions."""

LAYOUT_KEY = "minhash_layout"
"""Meta key under which the current MinHash band layout is recorded."""

_IDS_PER_QUERY = 500
"""Ids bound in one ``IN (...)`` list: far below SQLite's and PostgreSQL's parameter limits."""

CHILD_COLUMNS = {"mentions": MENTION_COLUMNS, "places": PLACE_COLUMNS}
"""Per-article tables written as whole lists with the article: their columns after ``ordinal``."""

_INSERT_ARTICLE = (
    f"{', '.join(ARTICLE_COLUMNS)}, duplicate_of, similarity, stored_at, updated_at",
    ", ".join("?" * (len(ARTICLE_COLUMNS) + 4)),
)
"""Columns and placeholders of a new ``articles`` row, but for a backend's search column."""

_UPDATE_ARTICLE = ", ".join(
    f"{column} = ?" for column in (*ARTICLE_COLUMNS, "duplicate_of", "similarity", "updated_at")
)
"""Assignments that overwrite a stored ``articles`` row, but for a backend's search column."""

_BAND_COLUMNS = (("band", "int"), ("hash", "bigint"))
"""Columns of the ``(band, hash)`` pairs an LSH lookup joins with ``minhash_bands``."""

_KEY_COLUMNS = (("key", "text"), ("position", "int"))
"""Columns of the index keys a story lookup joins with ``story_keys``, in the caller's order."""


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


def _sql_limit(limit: int | None) -> int:
    """Return a LIMIT both dialects read: a very large number stands for no limit."""
    return 2**62 if limit is None else check_limit(limit)


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


class StoreCommon(Generic[ConnT]):
    """Backend-independent part of a store: lifecycle, MinHash decisions, plain queries.

    A subclass sets ``location``, ``threshold``, ``_lock`` and ``_conn``
    (None once closed) and provides the transactions (:meth:`_read`,
    :meth:`_write`) and statement runners (:meth:`_one`, :meth:`_all`,
    :meth:`_run`). The SQL written here is the common subset of both
    dialects with ``?`` placeholders; a backend with another placeholder
    style rewrites them in its runners.
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

    # -- what each backend provides -------------------------------------------

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
        """Run ``sql``, whose ``IN ({})`` takes ``values``, in chunks of :data:`_IDS_PER_QUERY`."""
        rows: list[Row] = []
        for first in range(0, len(values), _IDS_PER_QUERY):
            chunk = values[first : first + _IDS_PER_QUERY]
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

    # -- row writers (one SQL for both dialects) -------------------------------

    def _insert_article(
        self,
        conn: ConnT,
        article: Article,
        row: tuple[Any, ...],
        match: Match | None,
        now: str | None,
    ) -> int:
        """Insert a new article row (and its search entry); return its pk."""
        params = [
            *row,
            match.article_id if match else None,
            match.similarity if match else None,
            now,
            now,
        ]
        columns, values = _INSERT_ARTICLE
        search = self._search_entry(article)
        if search is not None:
            columns, values = f"{columns}, search", f"{values}, {search[0]}"
            params += search[1]
        return self._insert_pk(
            conn,
            f"INSERT INTO articles ({columns}) VALUES ({values})",  # noqa: S608 - only our column names and placeholders
            params,
        )

    def _update_article(
        self,
        conn: ConnT,
        pk: int,
        article: Article,
        *,
        row: tuple[Any, ...],
        duplicate_of: str | None,
        similarity: float | None,
        now: str | None,
    ) -> None:
        """Overwrite the stored article ``pk`` (and its search entry), keeping its pk.

        The pk is kept, and with it SQLite's full-text entry (its triggers
        update it).
        """
        assignments = _UPDATE_ARTICLE
        params = [*row, duplicate_of, similarity, now]
        search = self._search_entry(article)
        if search is not None:
            assignments += f", search = {search[0]}"
            params += search[1]
        self._run(conn, f"UPDATE articles SET {assignments} WHERE pk = ?", [*params, pk])  # noqa: S608 - only our column names and placeholders

    def _insert_bands(
        self, conn: ConnT, pk: int, signature: Sequence[int], layout: BandLayout | None
    ) -> None:
        """Replace the LSH bands of article ``pk``; no layout (no signature) means no bands."""
        self._run(conn, "DELETE FROM minhash_bands WHERE article_pk = ?", (pk,))
        if layout is not None:
            self._many(
                conn,
                "INSERT INTO minhash_bands (band, hash, article_pk) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [(band, digest, pk) for band, digest in band_hashes(signature, layout)],
            )

    def _insert_child_rows(
        self,
        conn: ConnT,
        table: str,
        columns: tuple[str, ...],
        article_id: str,
        rows: list[tuple[Any, ...]],
    ) -> None:
        """Insert an article's rows of a per-article table (mentions, places), numbered in order."""
        if not rows:
            return
        self._many(
            conn,
            f"INSERT INTO {table} (article_id, ordinal, {', '.join(columns)}) "  # noqa: S608 - only our table/column names and placeholders
            f"VALUES (?, ?, {', '.join('?' * len(columns))})",
            [(article_id, ordinal, *row) for ordinal, row in enumerate(rows)],
        )

    def _insert_events(self, conn: ConnT, events: list[Event], language: str) -> None:
        """Insert events with their JSON payload, their article's ``language`` and actor codes.

        The language is written with the row: SQLite's ``events_language``
        trigger, which would copy it, runs an UPDATE per row, a tenth of the
        cost of a save (PostgreSQL's trigger sets the same value).
        """
        if not events:
            return
        keys = self._insert_event_rows(
            conn, [(*event_row(ordinal, event), language) for ordinal, event in enumerate(events)]
        )
        self._many(
            conn,
            INSERT_EVENT_ACTOR,
            [
                (event_pk, *actor)
                for event_pk, event in zip(keys, events, strict=True)
                for actor in event_actor_codes(event)
            ],
        )

    def _band_candidates(
        self,
        conn: ConnT,
        signature: Sequence[int],
        layout: BandLayout | None,
        exclude_pk: int | None,
    ) -> Sequence[Row]:
        """Return the stored articles (not ``exclude_pk``) sharing a band, in pk order.

        Rows have ``pk``, ``id`` and ``minhash``.
        """
        pairs = band_hashes(signature, layout) if layout else []
        if not pairs:
            return []
        wanted, params = self._SQL.rows_cte("v", _BAND_COLUMNS, pairs)
        # The band values drive the join (SQLite's CROSS JOIN keeps that order),
        # so each band is one primary-key lookup; a row-value IN (VALUES …) scans the table.
        return self._all(
            conn,
            f"WITH {wanted} SELECT DISTINCT a.pk, a.id, a.minhash FROM v "  # noqa: S608 - only our SQL and placeholders
            f"{self._SQL.driving_join} minhash_bands b ON b.band = v.band AND b.hash = v.hash "
            f"JOIN articles a ON a.pk = b.article_pk WHERE a.pk {self._SQL.is_not} ? "
            "ORDER BY a.pk",
            [*params, exclude_pk],
        )

    def _near_duplicate(
        self,
        conn: ConnT,
        signature: Sequence[int],
        layout: BandLayout | None,
        exclude_pk: int | None,
    ) -> tuple[Match | None, tuple[tuple[str, float], ...]]:
        """Return the stored article this signature nearly duplicates, and all band candidates.

        The candidates (``(id, estimated Jaccard)``, best first) are what
        story clustering asks next (:attr:`SaveOutcome.candidates`).
        """
        return self._best_match(
            signature, self._band_candidates(conn, signature, layout, exclude_pk)
        )

    # -- saving (the rules of veille.store.base) -------------------------------

    def _save_one(
        self, conn: ConnT, result: ArticleResult, source: str, now: str | None = None
    ) -> SaveOutcome:
        """Save one checked result inside the caller's write transaction.

        ``now`` stamps the source link; None takes the time after the article
        was saved.
        """
        article = result.article
        row = article_row(article)
        children = {
            "mentions": [mention_row(m) for m in result.mentions],
            "places": [place_row(p) for p in result.places],
        }
        events = list(result.events)
        layout = self._layout(conn, len(article.minhash))
        stored = self._one(
            conn,
            "SELECT pk, content_hash, duplicate_of, similarity FROM articles WHERE id = ?",
            (article.id,),
        )
        if stored is not None:
            outcome = self._save_existing(
                conn, stored, article, row=row, children=children, events=events, layout=layout
            )
        else:
            original = self._one(
                conn,
                "SELECT id FROM articles WHERE content_hash = ? ORDER BY pk LIMIT 1",
                (article.content_hash,),
            )
            if original is not None:
                outcome = SaveOutcome(
                    "duplicate", article.id, duplicate_of=original["id"], similarity=1.0
                )
            else:
                outcome = self._save_new(
                    conn, article, row=row, children=children, events=events, layout=layout
                )
        linked_id, relation = source_link(outcome, article.id)
        if now is None:
            now = db_time(datetime.now(UTC))
        self._run(
            conn,
            "INSERT INTO sources (source, article_id, incoming_id, relation, first_seen, "
            "last_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
            "article_id = excluded.article_id, incoming_id = excluded.incoming_id, "
            "relation = excluded.relation, last_seen = excluded.last_seen",
            (source, linked_id, article.id, relation, now, now),
        )
        # A source that succeeds again no longer counts as failed.
        self._run(conn, "DELETE FROM errors WHERE source = ?", (source,))
        return outcome

    def _save_new(
        self,
        conn: ConnT,
        article: Article,
        *,
        row: tuple[Any, ...],
        children: dict[str, list[tuple[Any, ...]]],
        events: list[Event],
        layout: BandLayout | None,
    ) -> SaveOutcome:
        """Store an article whose id and content hash are both new."""
        match, candidates = self._near_duplicate(conn, article.minhash, layout, exclude_pk=None)
        now = db_time(datetime.now(UTC))
        pk = self._insert_article(conn, article, row, match, now)
        self._insert_bands(conn, pk, article.minhash, layout)
        for table, rows in children.items():
            self._insert_child_rows(conn, table, CHILD_COLUMNS[table], article.id, rows)
        self._insert_events(conn, events, article.language)
        return SaveOutcome(
            "near-duplicate" if match else "new",
            article.id,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            candidates=candidates,
        )

    def _save_existing(
        self,
        conn: ConnT,
        stored: Row,
        article: Article,
        *,
        row: tuple[Any, ...],
        children: dict[str, list[tuple[Any, ...]]],
        events: list[Event],
        layout: BandLayout | None,
    ) -> SaveOutcome:
        """Store an article whose id is already stored: refresh it or replace it."""
        pk = stored["pk"]
        now = db_time(datetime.now(UTC))
        if stored["content_hash"] == article.content_hash:
            # Same text: only bring metadata, mentions and events in line.
            refreshed = False
            current = self._one(
                conn,
                f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE pk = ?",  # noqa: S608 - only our column names and placeholders
                (pk,),
            )
            assert current is not None
            if self._values(current) != row:
                self._update_article(
                    conn,
                    pk,
                    article,
                    row=row,
                    duplicate_of=stored["duplicate_of"],
                    similarity=stored["similarity"],
                    now=now,
                )
                self._insert_bands(conn, pk, article.minhash, layout)
                refreshed = True
            for table, rows in children.items():
                refreshed |= self._replace_child_rows(conn, table, article.id, rows)
            refreshed |= self._replace_events(conn, article, events)
            return SaveOutcome(
                "unchanged",
                article.id,
                duplicate_of=stored["duplicate_of"],
                similarity=stored["similarity"],
                refreshed=refreshed,
            )
        exact = self._one(
            conn,
            "SELECT id FROM articles WHERE content_hash = ? AND pk != ? ORDER BY pk LIMIT 1",
            (article.content_hash, pk),
        )
        match: Match | None
        candidates: tuple[tuple[str, float], ...] | None = None
        if exact is not None:
            match = Match(exact["id"], 1.0)
        else:
            match, candidates = self._near_duplicate(conn, article.minhash, layout, exclude_pk=pk)
        self._update_article(
            conn,
            pk,
            article,
            row=row,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            now=now,
        )
        self._insert_bands(conn, pk, article.minhash, layout)
        for table, rows in children.items():
            self._replace_child_rows(conn, table, article.id, rows)
        self._replace_events(conn, article, events)
        return SaveOutcome(
            "updated",
            article.id,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            refreshed=True,
            candidates=candidates,
        )

    def _replace_child_rows(
        self, conn: ConnT, table: str, article_id: str, rows: list[tuple[Any, ...]]
    ) -> bool:
        """Replace an article's rows of ``table`` when they differ; return True when rewritten."""
        columns = CHILD_COLUMNS[table]
        stored = self._all(
            conn,
            f"SELECT {', '.join(columns)} FROM {table} WHERE article_id = ? "  # noqa: S608 - only our table/column names and placeholders
            "ORDER BY ordinal",
            (article_id,),
        )
        if [self._values(row) for row in stored] == rows:
            return False
        self._run(conn, f"DELETE FROM {table} WHERE article_id = ?", (article_id,))  # noqa: S608 - our table name
        self._insert_child_rows(conn, table, columns, article_id, rows)
        return True

    def _replace_events(self, conn: ConnT, article: Article, events: list[Event]) -> bool:
        """Replace an article's events when they differ; return True when rewritten."""
        stored = self._all(
            conn, "SELECT payload FROM events WHERE article_id = ? ORDER BY ordinal", (article.id,)
        )
        if [row["payload"] for row in stored] == [to_json(to_dict(e)) for e in events]:
            return False
        # event_actors rows go with their events (ON DELETE CASCADE).
        self._run(conn, "DELETE FROM events WHERE article_id = ?", (article.id,))
        self._insert_events(conn, events, article.language)
        return True

    def _layout(self, conn: ConnT, size: int) -> BandLayout | None:
        """Return the band layout for signatures of ``size``, re-banding the store if it changed."""
        if size == 0:
            return None
        wanted = choose_layout(size, self.threshold)
        encoded = f"{wanted.size},{wanted.bands},{wanted.rows}"
        current = self._one(
            conn,
            f"SELECT value FROM {self._META_TABLE} WHERE key = ?",  # noqa: S608 - our table name
            (LAYOUT_KEY,),
        )
        if current is not None and current["value"] == encoded:
            return wanted
        # The threshold (or signature size) changed: bands built for the old
        # layout would never match new ones, so rebuild them all.
        self._run(conn, "DELETE FROM minhash_bands")
        for stored in self._all(conn, "SELECT pk, minhash FROM articles"):
            self._insert_bands(conn, stored["pk"], json.loads(stored["minhash"]), wanted)
        self._run(
            conn,
            f"INSERT INTO {self._META_TABLE} (key, value) VALUES (?, ?) "  # noqa: S608 - our table name
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LAYOUT_KEY, encoded),
        )
        return wanted

    # -- writing ---------------------------------------------------------------

    def record_error(self, error: ArticleError) -> None:
        """Record that a source failed; an earlier error of the same source is replaced."""
        with self._write() as conn:
            self._run(
                conn,
                "INSERT INTO errors (source, code, message, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET code = excluded.code, "
                "message = excluded.message, at = excluded.at",
                (
                    self._storable(error.source),
                    error.code,
                    self._storable(error.message),
                    db_time(error.at),
                ),
            )

    def source_done(self, source: str) -> bool:
        """Return True when ``source`` already led to a stored (or duplicate) article."""
        with self._read() as conn:
            row = self._one(conn, "SELECT 1 FROM sources WHERE source = ?", (source,))
        return row is not None

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with its mentions, events, bands and source links."""
        with self._write() as conn:
            deleted = self._run(conn, "DELETE FROM articles WHERE id = ?", (article_id,))
        return bool(deleted)

    # -- reading ---------------------------------------------------------------

    def article(self, article_id: str) -> ArticleResult | None:
        """Return the article with its mentions and events, or None when it is not stored."""
        with self._read() as conn:
            row = self._one(conn, "SELECT * FROM articles WHERE id = ?", (article_id,))
            if row is None:
                return None
            mention_rows = self._all(
                conn,
                f"SELECT {', '.join(MENTION_COLUMNS)} FROM mentions "  # noqa: S608 - our column names
                "WHERE article_id = ? ORDER BY ordinal",
                (article_id,),
            )
            place_rows = self._all(
                conn,
                f"SELECT {', '.join(PLACE_COLUMNS)} FROM places "  # noqa: S608 - our column names
                "WHERE article_id = ? ORDER BY ordinal",
                (article_id,),
            )
            payloads = self._all(
                conn,
                "SELECT payload FROM events WHERE article_id = ? ORDER BY ordinal",
                (article_id,),
            )
        return ArticleResult(
            article=article_from_row(row),
            mentions=tuple(mention_from_row(m) for m in mention_rows),
            events=tuple(event_from_payload(p["payload"]) for p in payloads),
            places=tuple(place_from_row(p) for p in place_rows),
        )

    def places(
        self,
        limit: int | None = 50,
        offset: int = 0,
        *,
        country: str | None = None,
        unresolved: bool = False,
    ) -> list[PlaceSummary]:
        """Return the places named in stored articles, most mentioned first (see :class:`Store`)."""
        where = "place_id IS NULL" if unresolved else "place_id IS NOT NULL"
        params: list[Any] = []
        if country:
            where += " AND country = ?"
            params.append(country.upper())
        # Unresolved names are grouped by their text: there is no id to count them by.
        key = "text" if unresolved else "place_id"
        located = (
            "0"
            if unresolved
            else "(SELECT COUNT(*) FROM events e WHERE e.location_place_id = p.place_id)"
        )
        sql = (
            f"SELECT MIN(place_id) AS place_id, MIN({'text' if unresolved else 'name'}) AS name, "  # noqa: S608 - only our column names
            "MIN(precision) AS precision, MIN(country) AS country, MIN(admin1) AS admin1, "
            "MIN(lat) AS lat, MIN(lon) AS lon, COUNT(*) AS mentions, "
            f"COUNT(DISTINCT article_id) AS articles, {located} AS events "
            f"FROM places p WHERE {where} GROUP BY {key} "
            f"ORDER BY mentions DESC, MIN({key}) LIMIT ? OFFSET ?"
        )
        # No limit is a huge one: both backends read it the same way (-1 is SQLite-only).
        params += [2**62 if limit is None else check_limit(limit), check_limit(offset, "offset")]
        with self._read() as conn:
            rows = self._all(conn, sql, params)
        return [
            PlaceSummary(
                place_id=row["place_id"],
                name=row["name"],
                precision=row["precision"],
                country=row["country"],
                admin1=row["admin1"],
                lat=row["lat"],
                lon=row["lon"],
                mentions=int(row["mentions"]),
                articles=int(row["articles"]),
                events=int(row["events"]),
            )
            for row in rows
        ]

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

    def iter_articles(self) -> Iterator[Article]:
        """Yield every stored article in storage order, reading in small batches."""
        for rows in self._batches("SELECT * FROM articles WHERE pk > ? ORDER BY pk LIMIT ?"):
            yield from (article_from_row(row) for row in rows)

    def count_articles(self) -> int:
        """Return how many articles are stored (exact duplicates are not stored)."""
        return self._count("articles")

    def articles(self, limit: int | None = 50, offset: int = 0) -> list[Article]:
        """Return stored articles, newest first (publication date, then storage order)."""
        with self._read() as conn:
            rows = self._all(
                conn,
                "SELECT * FROM articles ORDER BY published_at IS NULL, published_at DESC, pk DESC "
                "LIMIT ? OFFSET ?",
                (self._SQL.limit(check_limit(limit)), check_limit(offset, "offset")),
            )
        return [article_from_row(row) for row in rows]

    def mention_counts(self, actor_ids: Sequence[str]) -> dict[str, int]:
        """Return how many stored mentions resolve to each of ``actor_ids`` (absent → 0)."""
        counts = dict.fromkeys(actor_ids, 0)
        if not counts:
            return counts
        with self._read() as conn:
            rows = self._all_in(
                conn,
                "SELECT actor_id, count(*) AS n FROM mentions WHERE actor_id IN ({}) "
                "GROUP BY actor_id",
                list(counts),
            )
        counts.update({row["actor_id"]: int(row["n"]) for row in rows})
        return counts

    # -- events (the filters are in veille.store.event_query) -----------------

    def events(
        self,
        actor: str | None = None,
        *,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        cameo: str | None = None,
        quad_class: int | None = None,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        place: str | None = None,
        salience: str | None = None,
        article_ids: Sequence[str] | None = None,
        commentary: bool = True,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Return stored events, most recent event date first, filtered (see :class:`Store`)."""
        query = EventFilter(
            actor=actor,
            dyad=dyad,
            event_type=event_type,
            cameo=cameo,
            quad_class=quad_class,
            since=since,
            until=until,
            language=language,
            place=place,
            salience=salience,
            article_ids=None if article_ids is None else tuple(article_ids),
            commentary=commentary,
            text=text,
        )
        payloads = self._event_payloads(query, limit, offset)
        return [event_from_payload(payload) for payload in payloads]

    def count_events(
        self,
        actor: str | None = None,
        *,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        cameo: str | None = None,
        quad_class: int | None = None,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        place: str | None = None,
        salience: str | None = None,
        article_ids: Sequence[str] | None = None,
        commentary: bool = True,
        text: str | None = None,
    ) -> int:
        """Return how many stored events :meth:`events` would return with the same filters."""
        query = EventFilter(
            actor=actor,
            dyad=dyad,
            event_type=event_type,
            cameo=cameo,
            quad_class=quad_class,
            since=since,
            until=until,
            language=language,
            place=place,
            salience=salience,
            article_ids=None if article_ids is None else tuple(article_ids),
            commentary=commentary,
            text=text,
        )
        return self.count_matching(query)

    def count_matching(self, query: EventFilter) -> int:
        """Return how many stored events match ``query``."""
        if query.unfiltered:
            return self._count("events")
        from_actors = actor_count(query, self._SQL.name)
        if from_actors is not None:
            with self._read() as conn:
                row = self._one(conn, *from_actors)
            return int(row["n"]) if row else 0
        where, params = event_where(query, self._SQL.name)
        with self._read() as conn:
            row = self._one(conn, f"SELECT count(*) AS n FROM events e{where}", params)  # noqa: S608 - clauses are ours, values bound
        return int(row["n"]) if row else 0

    def events_json(
        self, query: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[str]:
        """Return the public JSON text of the events matching ``query``, in :meth:`events` order.

        Each text is what ``json.dumps(to_dict(event))`` gives (compact,
        non-ASCII kept): the stored payload itself when it is current, so a
        page of events is served without rebuilding records.
        """
        texts = self._event_payloads(query, limit, offset)
        return [
            text if current_payload(text) else to_json(to_dict(event_from_payload(text)))
            for text in texts
        ]

    def event_refs(
        self, query: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, str | None]]:
        """Return ``(article id, event date)`` of the events matching ``query``, listing order."""
        rows = self._event_page("e.article_id, e.event_date", query, limit, offset)
        return [(str(row["article_id"]), row["event_date"]) for row in rows]

    def _event_payloads(self, query: EventFilter, limit: int | None, offset: int) -> list[str]:
        """Read the stored payloads of one page of events matching ``query``, in listing order."""
        return [str(row["payload"]) for row in self._event_page("e.payload", query, limit, offset)]

    def _common_actor(self, query: EventFilter) -> bool:
        """Say whether the query's actor or dyad takes part in 1 % of the events or more.

        Then a page is found sooner by walking the events in date order than
        by sorting all of the actor's events (see :func:`event_where`).
        """
        if self._SQL.name != "sqlite":
            return False
        enough = max(1, self._count("events") // 100)
        sample = actor_sample(query, self._SQL.name, enough)
        if sample is None:
            return False
        with self._read() as conn:
            row = self._one(conn, *sample)
        return row is not None and int(row["n"]) >= enough

    def _event_page(
        self, columns: str, query: EventFilter, limit: int | None, offset: int
    ) -> Sequence[Row]:
        """Read ``columns`` of one page of events matching ``query``, in listing order."""
        where, params = event_where(query, self._SQL.name, walk_dates=self._common_actor(query))
        wanted = check_limit(limit)
        skip = check_limit(offset, "offset")
        params += [self._SQL.limit(wanted), skip]
        sql = (
            f"SELECT {columns} FROM events e{where}{event_order(self._SQL.name)} "  # noqa: S608 - clauses are ours, values bound
            "LIMIT ? OFFSET ?"
        )
        with self._read() as conn:
            return self._all(conn, sql, params)

    def article_stories(self, article_ids: Sequence[str]) -> list[ArticleStory]:
        """Return the given articles and the other members of their stories (see :class:`Store`)."""
        wanted = list(dict.fromkeys(article_ids))
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        columns = (
            "a.id AS article_id, m.story_id, m.anchor, a.published_at, a.language, a.title, "
            "a.source_name"
        )
        sql = (
            f"SELECT {columns} FROM articles a LEFT JOIN story_members m "  # noqa: S608 - only placeholders are interpolated
            f"ON m.article_id = a.id WHERE a.id IN ({marks}) "
            f"UNION SELECT {columns} FROM story_members s "
            "JOIN story_members m ON m.story_id = s.story_id "
            f"JOIN articles a ON a.id = m.article_id WHERE s.article_id IN ({marks}) "
            "ORDER BY article_id"
        )
        with self._read() as conn:
            rows = self._all(conn, sql, [*wanted, *wanted])
        return [
            ArticleStory(
                article_id=row["article_id"],
                story_id=row["story_id"],
                anchor=row["anchor"],
                published_at=parse_datetime(row["published_at"], "stored article")
                if row["published_at"]
                else None,
                language=row["language"],
                title=row["title"],
                source_name=row["source_name"],
            )
            for row in rows
        ]

    def _count(self, table: str) -> int:
        """Return the number of rows of ``table`` (one of ours)."""
        with self._read() as conn:
            row = self._one(conn, f"SELECT count(*) AS n FROM {table}")  # noqa: S608 - our table names
        return int(row["n"]) if row else 0

    def event_facts(
        self, query: EventFilter, *, sides: bool = False, places: bool = False
    ) -> list[EventFacts]:
        """Return what the charts read of every event matching ``query`` (see :class:`Store`)."""
        where, params = event_where(query, self._SQL.name)
        wanted = {**_FACT_FIELDS, **(_PLACE_FIELDS if places else _NO_PLACE)}
        fields = ", ".join(
            f"{_json_field(self._SQL.name, path)} AS {name}" if path else f"NULL AS {name}"
            for name, path in wanted.items()
        )
        # The sides of each event in one text ("source:RUS␟target:PER:vladimir-putin", split
        # on the unit separator, which no code holds), so that one row per event comes back
        # instead of one per actor.
        concat, char = (
            ("group_concat", "char") if self._SQL.name == "sqlite" else ("string_agg", "chr")
        )
        sides_sql = (
            f"(SELECT {concat}(a.role || ':' || a.code, {char}(31)) FROM event_actors a "  # noqa: S608 - our SQL
            "WHERE a.event_pk = e.pk)"
            if sides
            else "NULL"
        )
        events_sql = (
            "SELECT e.event_date, e.event_type, e.quad_class, e.location_country, "  # noqa: S608 - clauses are ours, values bound
            f"e.location_place_id, {sides_sql} AS sides, {fields} FROM events e{where}"
        )
        with self._read() as conn:
            rows = self._all(conn, events_sql, params)
        codes: dict[str, ActorCode] = {}  # a few hundred actors for thousands of sides: one each
        known_places: dict[tuple[Any, ...], Location] = {}
        return [_facts_from_row(row, codes, known_places) for row in rows]

    def event_day_counts(
        self, query: EventFilter, by: Literal["quad_class", "type"]
    ) -> list[tuple[str, str, int]]:
        """Count the events matching ``query`` per day and quad class or type (see Store)."""
        where, params = event_where(query, self._SQL.name)
        key = "e.event_type" if by == "type" else "coalesce(e.quad_class, 0)"
        negated = _json_field(self._SQL.name, ("negated",))
        done = (
            f"coalesce({negated}, 0) = 0"
            if self._SQL.name == "sqlite"
            else (f"coalesce({negated}, 'false') <> 'true'")
        )
        joiner = " AND " if where else " WHERE "
        sql = (
            f"SELECT substr(e.event_date, 1, 10) AS day, {key} AS k, count(*) AS n "  # noqa: S608 - clauses are ours, values bound
            f"FROM events e{where}{joiner}e.event_date IS NOT NULL AND {done} "
            "GROUP BY substr(e.event_date, 1, 10), k"
        )
        with self._read() as conn:
            rows = self._all(conn, sql, params)
        return [(str(row["day"]), str(row["k"]), int(row["n"])) for row in rows]

    def event_facets(self) -> EventFacets:
        """Return what the stored events hold (types, countries, actors, dates), for hints."""
        with self._read() as conn:
            types = self._all(
                conn, "SELECT event_type AS k, count(*) AS n FROM events GROUP BY event_type"
            )
            countries = self._all(
                conn,
                "SELECT location_country AS k, count(*) AS n FROM events "
                "WHERE location_country IS NOT NULL GROUP BY location_country",
            )
            actors = self._all(
                conn,
                "SELECT code AS k, count(DISTINCT event_pk) AS n FROM event_actors "
                "GROUP BY code ORDER BY n DESC, code LIMIT 50",
            )
            span = self._one(
                conn,
                "SELECT count(*) AS n, min(event_date) AS first, max(event_date) AS last "
                "FROM events",
            )
        return EventFacets(
            total=int(span["n"]) if span else 0,
            types={str(r["k"]).upper(): int(r["n"]) for r in types},
            countries={str(r["k"]): int(r["n"]) for r in countries},
            actors={str(r["k"]): int(r["n"]) for r in actors},
            first_day=str(span["first"])[:10] if span and span["first"] else None,
            last_day=str(span["last"])[:10] if span and span["last"] else None,
        )

    def articles_mentioning(
        self, actor_id: str, *, among: Sequence[str] | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Return the articles with a mention resolved to ``actor_id``, most mentions first."""
        sql = (
            "SELECT m.article_id, a.title, min(m.text) AS text, count(*) AS n, a.pk "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.actor_id = ?{among} GROUP BY m.article_id, a.title, a.pk"
        )
        with self._read() as conn:
            if among is None:
                ordered = sql.format(among="") + " ORDER BY n DESC, a.pk DESC LIMIT ?"
                rows = list(self._all(conn, ordered, [actor_id, _sql_limit(limit)]))
            else:
                wanted = list(dict.fromkeys(among))
                rows = []
                for first in range(0, len(wanted), _IDS_PER_QUERY):
                    chunk = wanted[first : first + _IDS_PER_QUERY]
                    clause = f" AND m.article_id IN ({', '.join('?' * len(chunk))})"
                    rows += self._all(conn, sql.format(among=clause), [actor_id, *chunk])
        rows.sort(key=lambda row: (-int(row["n"]), -int(row["pk"])))
        wanted_rows = rows if limit is None else rows[: check_limit(limit)]
        return [
            SearchHit(
                article_id=str(row["article_id"]),
                title=row["title"],
                snippet=str(row["text"]),
                rank=float(row["n"]),
            )
            for row in wanted_rows
        ]

    def article_headlines(self, article_ids: Sequence[str]) -> dict[str, ArticleHeadline]:
        """Return the headline of each stored article of ``article_ids`` (by id)."""
        wanted = list(dict.fromkeys(article_ids))
        with self._read() as conn:
            rows = self._all_in(
                conn,
                "SELECT id, url, title, source_name, published_at, retrieved_at, language "
                "FROM articles WHERE id IN ({})",
                wanted,
            )

        def when(value: object) -> datetime | None:
            return parse_datetime(str(value), "stored article") if value else None

        return {
            str(row["id"]): ArticleHeadline(
                id=str(row["id"]),
                url=row["url"],
                title=row["title"],
                source_name=row["source_name"],
                published_at=when(row["published_at"]),
                retrieved_at=when(row["retrieved_at"]),
                language=row["language"],
            )
            for row in rows
        }

    def errors(self) -> list[ArticleError]:
        """Return the latest error of every source that has not since succeeded, newest first."""
        with self._read() as conn:
            rows = self._all(
                conn, "SELECT source, code, message, at FROM errors ORDER BY at DESC, source"
            )
        return [error_from_row(row) for row in rows]

    def iter_events(self) -> Iterator[Event]:
        """Yield every stored event in storage order, reading in small batches."""
        for rows in self._batches(
            "SELECT pk, payload FROM events WHERE pk > ? ORDER BY pk LIMIT ?"
        ):
            yield from (event_from_payload(row["payload"]) for row in rows)

    def duplicates_of(self, article_id: str) -> list[str]:
        """Return ids of articles found to duplicate or nearly duplicate ``article_id``."""
        with self._read() as conn:
            rows = self._all(
                conn,
                "SELECT incoming_id AS id, first_seen AS seen FROM sources "
                "WHERE article_id = ? AND relation = 'duplicate' AND incoming_id != ? "
                "UNION SELECT id, stored_at AS seen FROM articles WHERE duplicate_of = ? "
                "ORDER BY seen, id",
                (article_id, article_id, article_id),
            )
        return unique_ids(rows)

    # -- stories (see veille.stories) ------------------------------------------

    def original_of(self, article_id: str) -> str | None:
        """Return the stored article ``article_id`` (near-)duplicates, or None."""
        with self._read() as conn:
            row = self._one(conn, "SELECT duplicate_of FROM articles WHERE id = ?", (article_id,))
            if row is not None:
                original: str | None = row["duplicate_of"]
                return original
            # An exact duplicate is not stored: its source names the original.
            linked = self._one(
                conn,
                "SELECT article_id FROM sources WHERE incoming_id = ? AND relation = 'duplicate' "
                "ORDER BY first_seen LIMIT 1",
                (article_id,),
            )
        return None if linked is None else str(linked["article_id"])

    def story_member(self, article_id: str) -> StoryMember | None:
        """Return the article's story membership, or None when it is not clustered yet."""
        with self._read() as conn:
            row = self._one(conn, "SELECT * FROM story_members WHERE article_id = ?", (article_id,))
        return None if row is None else member_from_row(row)

    def clustered(self, article_ids: Sequence[str]) -> set[str]:
        """Return those of ``article_ids`` that are in a story already (one look-up for all)."""
        wanted = list(dict.fromkeys(article_ids))
        with self._read() as conn:
            rows = self._all_in(
                conn, "SELECT article_id FROM story_members WHERE article_id IN ({})", wanted
            )
        return {str(row["article_id"]) for row in rows}

    def story_members(self, story_id: str) -> list[StoryMember]:
        """Return the members of a story (an alias id is followed), earliest first."""
        with self._read() as conn:
            alias = self._one(
                conn, "SELECT story_id FROM story_aliases WHERE old_id = ?", (story_id,)
            )
            target = alias["story_id"] if alias is not None else story_id
            rows = self._all(
                conn, "SELECT * FROM story_members WHERE story_id = ? ORDER BY anchor", (target,)
            )
        return [member_from_row(row) for row in rows]

    def similar_articles(self, article_id: str, min_similarity: float) -> list[tuple[str, float]]:
        """Return ``(id, estimated Jaccard)`` of LSH candidates of a stored article, best first.

        Only pairs sharing a MinHash band are examined, so a ``min_similarity``
        well below the near-duplicate threshold finds only part of such pairs.
        """
        with self._read() as conn:
            row = self._one(conn, "SELECT pk, minhash FROM articles WHERE id = ?", (article_id,))
            if row is None:
                return []
            signature, pairs = self._stored_bands(row["minhash"])
            if not pairs:
                return []
            wanted, params = self._SQL.rows_cte("v", _BAND_COLUMNS, pairs)
            rows = self._all(
                conn,
                f"WITH {wanted} SELECT DISTINCT a.id, a.minhash FROM v "  # noqa: S608 - only our SQL and placeholders
                f"{self._SQL.driving_join} minhash_bands b ON b.band = v.band AND b.hash = v.hash "
                "JOIN articles a ON a.pk = b.article_pk WHERE a.pk != ?",
                [*params, row["pk"]],
            )
        return rank_similar(signature, rows, min_similarity)

    def story_candidates(
        self, keys: Sequence[str], first_day: int, last_day: int, *, limit_per_key: int = 50
    ) -> list[StoryMember]:
        """Return members indexed under any of ``keys`` on a day in ``[first_day, last_day]``."""
        per_key = check_limit(limit_per_key, "limit_per_key")
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return []
        # One statement for all keys: each key's closest rows are ranked apart
        # (ROW_NUMBER per key), and an article found under several keys comes
        # once, at its first place in key order, so its features are read once.
        keys_cte, params = self._SQL.rows_cte(
            "wanted", _KEY_COLUMNS, [(key, position) for position, key in enumerate(wanted)]
        )
        with self._read() as conn:
            rows = self._all(
                conn,
                f"WITH {keys_cte}, "  # noqa: S608 - only our SQL and placeholders
                "ranked AS (SELECT k.article_id, w.position, ROW_NUMBER() OVER ("
                "PARTITION BY w.position ORDER BY abs(k.day - ?), m.anchor) AS rank "
                f"FROM wanted w {self._SQL.driving_join} story_keys k ON k.key = w.key "
                "JOIN story_members m ON m.article_id = k.article_id "
                "WHERE k.day BETWEEN ? AND ?), "
                "firsts AS (SELECT article_id, min(position * ? + rank) AS place FROM ranked "
                "WHERE rank <= ? GROUP BY article_id) "
                "SELECT m.* FROM firsts f JOIN story_members m ON m.article_id = f.article_id "
                "ORDER BY f.place",
                [*params, (first_day + last_day) / 2, first_day, last_day, per_key + 1, per_key],
            )
        return [member_from_row(row) for row in rows]

    def join_story(self, member: StoryMember, keys: Sequence[str], linked: Sequence[str]) -> str:
        """Store ``member`` and its index keys, merging it with the stories of ``linked``."""
        now = db_time(datetime.now(UTC))
        with self._write() as conn:
            # One query per side of the merge, not one per linked article: a
            # wire story's copies all link to the same few stories.
            old_ids = {
                str(row["story_id"])
                for row in self._all_in(
                    conn,
                    "SELECT DISTINCT story_id FROM story_members WHERE article_id IN ({})",
                    [member.article_id, *linked],
                )
            }
            anchors = [member.anchor]
            anchors += [
                row["anchor"]
                for row in self._all_in(
                    conn,
                    "SELECT min(anchor) AS anchor FROM story_members WHERE story_id IN ({}) "
                    "GROUP BY story_id",
                    sorted(old_ids),
                )
                if row["anchor"] is not None
            ]
            story_id = story_id_for(min(anchors))
            self._run(
                conn,
                "INSERT INTO story_members (article_id, story_id, day, anchor, link, score, "
                "features, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
                "day = excluded.day, anchor = excluded.anchor, link = excluded.link, "
                "score = excluded.score, features = excluded.features, "
                "assigned_at = excluded.assigned_at",
                (
                    member.article_id,
                    story_id,
                    member.day,
                    member.anchor,
                    member.link,
                    member.score,
                    json.dumps(dict(sorted(member.features.items()))),
                    now,
                ),
            )
            for old in sorted(old_ids - {story_id}):
                for table in ("story_members", "story_aliases"):
                    self._run(
                        conn,
                        f"UPDATE {table} SET story_id = ? WHERE story_id = ?",  # noqa: S608 - our table names
                        (story_id, old),
                    )
                self._run(
                    conn,
                    "INSERT INTO story_aliases (old_id, story_id) VALUES (?, ?) "
                    "ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
                    (old, story_id),
                )
            # An id that comes back (its anchor article rejoined) is no longer an alias.
            self._run(conn, "DELETE FROM story_aliases WHERE old_id = ?", (story_id,))
            self._run(conn, "DELETE FROM story_keys WHERE article_id = ?", (member.article_id,))
            if member.day is not None:
                self._many(
                    conn,
                    "INSERT INTO story_keys (key, day, article_id) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    [(key, member.day, member.article_id) for key in dict.fromkeys(keys)],
                )
        return story_id

    def stories(self, limit: int | None = 50, offset: int = 0) -> list[StorySummary]:
        """Return stories, most recent last day first, then largest."""
        with self._read() as conn:
            rows = self._all(
                conn,
                "SELECT story_id, count(*) AS size, min(anchor) AS first, min(day) AS first_day, "
                "max(day) AS last_day FROM story_members GROUP BY story_id "
                "ORDER BY max(day) IS NULL, max(day) DESC, count(*) DESC, story_id "
                "LIMIT ? OFFSET ?",
                (self._SQL.limit(check_limit(limit)), check_limit(offset, "offset")),
            )
        return [summary_from_row(row) for row in rows]

    # -- MinHash decisions -----------------------------------------------------

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


_FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "negated": ("negated",),
    "goldstein": ("goldstein",),
}
"""Fields of an event's stored JSON that :meth:`event_facts` reads in the database, by path."""

_PLACE_FIELDS: dict[str, tuple[str, ...]] = {
    "precision": ("location", "precision"),
    "place_name": ("location", "name"),
    "admin1": ("location", "admin1"),
    "lat": ("location", "lat"),
    "lon": ("location", "lon"),
    "inferred": ("location", "inferred"),
}
"""The location's fields, read only when asked (each field read costs a parse of the JSON)."""

_NO_PLACE: dict[str, tuple[str, ...]] = dict.fromkeys(_PLACE_FIELDS, ())


def _json_field(dialect: Dialect, path: tuple[str, ...]) -> str:
    """Return the SQL that reads the field at ``path`` of ``e.payload`` (number or text)."""
    if dialect == "sqlite":
        return f"json_extract(e.payload, '$.{'.'.join(path)}')"
    return f"(e.payload::json #>> '{{{','.join(path)}}}')"


def _facts_from_row(
    row: Row, codes: dict[str, ActorCode], places: dict[tuple[Any, ...], Location]
) -> EventFacts:
    """Build the :class:`EventFacts` of one row of :meth:`event_facts`.

    The stored JSON was checked when it was written, so fields are read as
    they are; events at the same place share one :class:`Location`
    (``places``), sides naming the same actor one :class:`ActorCode` (``codes``).
    """
    # SQLite gives JSON true as 1 and numbers as numbers; PostgreSQL's #>> gives text.
    location = None
    if row["precision"] is not None:
        key = (
            row["location_place_id"],
            row["location_country"],
            row["precision"],
            row["place_name"],
            row["admin1"],
            row["lat"],
            row["lon"],
            row["inferred"],
        )
        location = places.get(key)
        if location is None:
            lat, lon = row["lat"], row["lon"]
            location = places[key] = Location(
                name=str(row["place_name"]),
                place_id=row["location_place_id"],
                country=row["location_country"],
                admin1=row["admin1"],
                lat=None if lat is None else float(lat),
                lon=None if lon is None else float(lon),
                precision=row["precision"],
                inferred=row["inferred"] in (1, True, "true"),
            )
    source: list[ActorCode] = []
    target: list[ActorCode] = []
    for side in row["sides"].split("\x1f") if row["sides"] else ():
        role, _, code = side.partition(":")
        actor = codes.get(code) or codes.setdefault(code, ActorCode(code))
        (source if role == "source" else target).append(actor)
    goldstein = row["goldstein"]
    return EventFacts(
        event_date=row["event_date"],
        event_type=str(row["event_type"]),
        quad_class=row["quad_class"],
        goldstein=None if goldstein is None else float(goldstein),
        negated=row["negated"] in (1, True, "true"),
        location=location,
        source=tuple(source),
        target=tuple(target),
    )
