"""The server store: PostgreSQL through the same :class:`~veille.store.Store` interface.

Open it with ``open_store("postgresql://user:password@host/db")`` (or
``--db postgresql://...`` / ``VEILLE_DB``). It keeps the SQLite store's
rules (see :mod:`veille.store.base`) and row format, so a corpus can move
between the two and every caller works with either. What differs, and why:

- **Writers**: PostgreSQL accepts many writers, but duplicate detection must
  see the articles saved before it. Each write transaction therefore takes
  one advisory lock first, so writers queue as with SQLite (one at a time)
  while readers never wait.
- **Bulk writes**: :meth:`PostgresStore.save_many` saves a batch in one
  transaction, with mentions, events and bands sent as pipelined
  ``executemany`` batches; the distributed writer uses it.
- **Full-text search** uses PostgreSQL's text search: French articles are
  indexed with the ``french`` configuration, English ones with ``english``
  (both stem, so ``militaire`` also finds ``militaires``), others with
  ``simple``. Accents are folded by veille before indexing and querying, so
  no ``unaccent`` extension is needed. Stop words (``le``, ``the``, ``est``)
  are ignored by the server, unlike SQLite where every word must appear.
- **NUL characters**: PostgreSQL text cannot hold U+0000; such an article is
  refused with ``E-STORE-NUL`` instead of being silently altered.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import psycopg
from psycopg.rows import dict_row

from veille.errors import StoreError
from veille.records import Article, ArticleError, ArticleResult, Event
from veille.serialize import parse_datetime
from veille.store._rows import (
    ARTICLE_COLUMNS,
    MENTION_COLUMNS,
    article_row,
    db_time,
    event_from_payload,
    mention_row,
)
from veille.store.base import SaveOutcome, SearchHit
from veille.store.minhash import BandLayout, band_hashes, choose_layout, estimated_jaccard
from veille.store.postgres_migrations import MIGRATION_LOCK, pg_migrate
from veille.store.postgres_rows import (
    SEARCH_CONFIGS,
    VECTOR,
    Conn,
    article_from,
    fold,
    fold_nul,
    insert_events,
    insert_mentions,
    mention_from,
    replace_events,
    replace_mentions,
    snippet,
    vector_params,
)
from veille.store.postgres_stories import PgStoriesMixin
from veille.store.query import search_terms

BATCH_SIZE = 200
"""Rows read per query by the ``iter_*`` methods."""

_LAYOUT_KEY = "minhash_layout"
_DATE_FILTER = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?")


@dataclass(frozen=True, slots=True)
class _Match:
    article_id: str
    similarity: float


class PostgresStore(PgStoriesMixin):
    """The PostgreSQL implementation of :class:`veille.store.Store`.

    ``location`` is a libpq URL (``postgresql://user:pass@host:5432/db``,
    ``postgresql:///db?host=/run/postgresql``). The database must exist; the
    tables are created (migrated) on first open. A store may be shared by
    threads (calls are serialised); processes each open their own.
    """

    def __init__(
        self,
        location: str,
        *,
        near_duplicate_threshold: float = 0.8,
        busy_timeout: float = 10.0,
    ) -> None:
        """Connect to ``location`` and bring its schema up to date."""
        if not 0.0 < near_duplicate_threshold <= 1.0:
            raise StoreError(
                f"near_duplicate_threshold must be in (0, 1], got {near_duplicate_threshold}",
                code="E-STORE-ARGUMENT",
            )
        self.location = location
        self.threshold = near_duplicate_threshold
        self._busy_timeout_ms = int(busy_timeout * 1000)
        self._lock = threading.RLock()
        self._conn: Conn | None = _connect(location, busy_timeout)
        try:
            pg_migrate(self._conn, location)
        except psycopg.Error as exc:
            self._conn.close()
            raise _failure(exc, location) from exc
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -------------------------------------------------------------

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

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Conn]:
        with self._lock:
            if self._conn is None:
                raise StoreError(
                    f"the store {self.location} is closed; open it again with open_store()",
                    code="E-STORE-CLOSED",
                )
            conn = self._conn
            try:
                with conn.transaction():
                    if write:
                        # lock_timeout bounds the wait for another writer (SQLite's busy timeout).
                        conn.execute(f"SET LOCAL lock_timeout = {self._busy_timeout_ms}")
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    else:
                        # One snapshot for all statements of a read.
                        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    yield conn
            except psycopg.Error as exc:
                raise _failure(exc, self.location) from exc

    # -- writing ---------------------------------------------------------------

    def save(self, result: ArticleResult, source: str) -> SaveOutcome:
        """Store one article with its mentions and events in one transaction."""
        return self.save_many([(result, source)])[0]

    def save_many(self, items: Sequence[tuple[ArticleResult, str]]) -> list[SaveOutcome]:
        """Store several ``(result, source)`` pairs in one transaction, in order.

        Same outcomes as calling :meth:`save` for each pair in turn (later
        items see earlier ones as originals), but one round of commits; if
        one item fails, none of the batch is stored.
        """
        for result, _ in items:
            _check_result(result)
        outcomes: list[SaveOutcome] = []
        with self._transaction(write=True) as conn:
            for result, source in items:
                outcomes.append(self._save_one(conn, result, source))
        return outcomes

    def _save_one(self, conn: Conn, result: ArticleResult, source: str) -> SaveOutcome:
        article = result.article
        row = article_row(article)
        mentions = [mention_row(m) for m in result.mentions]
        events = list(result.events)
        layout = self._layout(conn, len(article.minhash))
        stored = conn.execute(
            "SELECT pk, content_hash, duplicate_of, similarity FROM articles WHERE id = %s",
            (article.id,),
        ).fetchone()
        if stored is not None:
            outcome = self._save_existing(
                conn, stored, article, row=row, mentions=mentions, events=events, layout=layout
            )
        else:
            original = conn.execute(
                "SELECT id FROM articles WHERE content_hash = %s ORDER BY pk LIMIT 1",
                (article.content_hash,),
            ).fetchone()
            if original is not None:
                outcome = SaveOutcome(
                    "duplicate", article.id, duplicate_of=original["id"], similarity=1.0
                )
            else:
                outcome = self._save_new(
                    conn, article, row=row, mentions=mentions, events=events, layout=layout
                )
        if outcome.status == "duplicate":
            relation = "duplicate"
        elif outcome.duplicate_of is not None:
            relation = "near-duplicate"
        else:
            relation = "stored"
        now = db_time(datetime.now(UTC))
        conn.execute(
            "INSERT INTO sources (source, article_id, incoming_id, relation, first_seen, "
            "last_seen) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (source) DO UPDATE SET "
            "article_id = excluded.article_id, incoming_id = excluded.incoming_id, "
            "relation = excluded.relation, last_seen = excluded.last_seen",
            (
                source,
                outcome.duplicate_of if outcome.status == "duplicate" else article.id,
                article.id,
                relation,
                now,
                now,
            ),
        )
        conn.execute("DELETE FROM errors WHERE source = %s", (source,))
        return outcome

    def _save_new(
        self,
        conn: Conn,
        article: Article,
        *,
        row: tuple[Any, ...],
        mentions: list[tuple[Any, ...]],
        events: list[Event],
        layout: BandLayout | None,
    ) -> SaveOutcome:
        match = self._near_duplicate(conn, article.minhash, layout, exclude_pk=None)
        now = db_time(datetime.now(UTC))
        inserted = conn.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, duplicate_of, similarity, "  # noqa: S608 - only our column names and placeholders
            f"stored_at, updated_at, search) VALUES ({', '.join(['%s'] * len(ARTICLE_COLUMNS))}, "
            f"%s, %s, %s, %s, {VECTOR}) RETURNING pk",
            (
                *row,
                match.article_id if match else None,
                match.similarity if match else None,
                now,
                now,
                *vector_params(article),
            ),
        ).fetchone()
        assert inserted is not None
        self._insert_bands(conn, inserted["pk"], article.minhash, layout)
        insert_mentions(conn, article.id, mentions)
        insert_events(conn, events)
        return SaveOutcome(
            "near-duplicate" if match else "new",
            article.id,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
        )

    def _save_existing(
        self,
        conn: Conn,
        stored: dict[str, Any],
        article: Article,
        *,
        row: tuple[Any, ...],
        mentions: list[tuple[Any, ...]],
        events: list[Event],
        layout: BandLayout | None,
    ) -> SaveOutcome:
        pk = stored["pk"]
        if stored["content_hash"] == article.content_hash:
            refreshed = False
            current = conn.execute(
                f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE pk = %s",  # noqa: S608 - our column names
                (pk,),
            ).fetchone()
            assert current is not None
            if tuple(current.values()) != row:
                self._update(
                    conn,
                    pk,
                    article,
                    row=row,
                    duplicate_of=stored["duplicate_of"],
                    similarity=stored["similarity"],
                )
                self._insert_bands(conn, pk, article.minhash, layout)
                refreshed = True
            refreshed |= replace_mentions(conn, article.id, mentions)
            refreshed |= replace_events(conn, article.id, events)
            return SaveOutcome(
                "unchanged",
                article.id,
                duplicate_of=stored["duplicate_of"],
                similarity=stored["similarity"],
                refreshed=refreshed,
            )
        exact = conn.execute(
            "SELECT id FROM articles WHERE content_hash = %s AND pk != %s ORDER BY pk LIMIT 1",
            (article.content_hash, pk),
        ).fetchone()
        match = (
            _Match(exact["id"], 1.0)
            if exact is not None
            else self._near_duplicate(conn, article.minhash, layout, exclude_pk=pk)
        )
        self._update(
            conn,
            pk,
            article,
            row=row,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
        )
        self._insert_bands(conn, pk, article.minhash, layout)
        replace_mentions(conn, article.id, mentions)
        replace_events(conn, article.id, events)
        return SaveOutcome(
            "updated",
            article.id,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            refreshed=True,
        )

    def _update(
        self,
        conn: Conn,
        pk: int,
        article: Article,
        *,
        row: tuple[Any, ...],
        duplicate_of: str | None,
        similarity: float | None,
    ) -> None:
        assignments = ", ".join(f"{column} = %s" for column in ARTICLE_COLUMNS)
        conn.execute(
            f"UPDATE articles SET {assignments}, duplicate_of = %s, similarity = %s, "  # noqa: S608 - our column names and placeholders
            f"updated_at = %s, search = {VECTOR} WHERE pk = %s",
            (
                *row,
                duplicate_of,
                similarity,
                db_time(datetime.now(UTC)),
                *vector_params(article),
                pk,
            ),
        )

    def _insert_bands(
        self, conn: Conn, pk: int, signature: Sequence[int], layout: BandLayout | None
    ) -> None:
        conn.execute("DELETE FROM minhash_bands WHERE article_pk = %s", (pk,))
        if layout is not None:
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO minhash_bands (band, hash, article_pk) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    [(band, digest, pk) for band, digest in band_hashes(signature, layout)],
                )

    def _layout(self, conn: Conn, size: int) -> BandLayout | None:
        """Return the band layout for signatures of ``size``, re-banding the store if it changed."""
        if size == 0:
            return None
        wanted = choose_layout(size, self.threshold)
        encoded = f"{wanted.size},{wanted.bands},{wanted.rows}"
        current = conn.execute(
            "SELECT value FROM veille_meta WHERE key = %s", (_LAYOUT_KEY,)
        ).fetchone()
        if current is not None and current["value"] == encoded:
            return wanted
        # Bands built for another threshold would never match new ones: rebuild them all.
        conn.execute("DELETE FROM minhash_bands")
        for stored in conn.execute("SELECT pk, minhash FROM articles").fetchall():
            self._insert_bands(conn, stored["pk"], json.loads(stored["minhash"]), wanted)
        conn.execute(
            "INSERT INTO veille_meta (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_LAYOUT_KEY, encoded),
        )
        return wanted

    def _near_duplicate(
        self,
        conn: Conn,
        signature: Sequence[int],
        layout: BandLayout | None,
        exclude_pk: int | None,
    ) -> _Match | None:
        pairs = band_hashes(signature, layout) if layout else []
        if not pairs:
            return None
        rows = conn.execute(
            "SELECT DISTINCT a.pk, a.id, a.minhash FROM minhash_bands b "
            "JOIN articles a ON a.pk = b.article_pk "
            "JOIN unnest(%s::int[], %s::bigint[]) AS q(band, hash) "
            "ON q.band = b.band AND q.hash = b.hash "
            "WHERE a.pk IS DISTINCT FROM %s ORDER BY a.pk",
            ([band for band, _ in pairs], [digest for _, digest in pairs], exclude_pk),
        ).fetchall()
        best: _Match | None = None
        for candidate in rows:
            similarity = estimated_jaccard(signature, json.loads(candidate["minhash"]))
            # Strictly greater: on a tie the earlier article (lower pk) stays the original.
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = _Match(candidate["id"], similarity)
        return best

    def similar_articles(self, article_id: str, min_similarity: float) -> list[tuple[str, float]]:
        """Return ``(id, estimated Jaccard)`` of LSH candidates of a stored article, best first.

        Only pairs sharing a MinHash band are examined, as with SQLite.
        """
        with self._transaction(write=False) as conn:
            row = conn.execute(
                "SELECT pk, minhash FROM articles WHERE id = %s", (article_id,)
            ).fetchone()
            if row is None:
                return []
            signature = json.loads(row["minhash"])
            layout = choose_layout(len(signature), self.threshold) if signature else None
            pairs = band_hashes(signature, layout) if layout else []
            if not pairs:
                return []
            rows = conn.execute(
                "SELECT DISTINCT a.id, a.minhash FROM minhash_bands b "
                "JOIN unnest(%s::int[], %s::bigint[]) AS q(band, hash) "
                "ON q.band = b.band AND q.hash = b.hash "
                "JOIN articles a ON a.pk = b.article_pk WHERE a.pk != %s",
                ([band for band, _ in pairs], [digest for _, digest in pairs], row["pk"]),
            ).fetchall()
        found = [
            (str(c["id"]), estimated_jaccard(signature, json.loads(c["minhash"]))) for c in rows
        ]
        return sorted(
            ((i, sim) for i, sim in found if sim >= min_similarity), key=lambda p: (-p[1], p[0])
        )

    def record_error(self, error: ArticleError) -> None:
        """Record that a source failed; an earlier error of the same source is replaced."""
        with self._transaction(write=True) as conn:
            conn.execute(
                "INSERT INTO errors (source, code, message, at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (source) DO UPDATE SET code = excluded.code, "
                "message = excluded.message, at = excluded.at",
                (fold_nul(error.source), error.code, fold_nul(error.message), db_time(error.at)),
            )

    def source_done(self, source: str) -> bool:
        """Return True when ``source`` already led to a stored (or duplicate) article."""
        with self._transaction(write=False) as conn:
            row = conn.execute("SELECT 1 FROM sources WHERE source = %s", (source,)).fetchone()
        return row is not None

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with its mentions, events, bands and source links."""
        with self._transaction(write=True) as conn:
            deleted = conn.execute("DELETE FROM articles WHERE id = %s", (article_id,)).rowcount
        return bool(deleted)

    # -- reading ---------------------------------------------------------------

    def article(self, article_id: str) -> ArticleResult | None:
        """Return the article with its mentions and events, or None when it is not stored."""
        with self._transaction(write=False) as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = %s", (article_id,)).fetchone()
            if row is None:
                return None
            mention_rows = conn.execute(
                f"SELECT {', '.join(MENTION_COLUMNS)} FROM mentions "  # noqa: S608 - our column names
                "WHERE article_id = %s ORDER BY ordinal",
                (article_id,),
            ).fetchall()
            payloads = conn.execute(
                "SELECT payload FROM events WHERE article_id = %s ORDER BY ordinal", (article_id,)
            ).fetchall()
        return ArticleResult(
            article=article_from(row),
            mentions=tuple(mention_from(m) for m in mention_rows),
            events=tuple(event_from_payload(p["payload"]) for p in payloads),
        )

    def articles(self, limit: int | None = 50, offset: int = 0) -> list[Article]:
        """Return stored articles, newest first (publication date, then storage order)."""
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT * FROM articles ORDER BY published_at IS NULL, published_at DESC, "
                "pk DESC LIMIT %s OFFSET %s",
                (_check_limit(limit), _check_limit(offset, "offset") or 0),
            ).fetchall()
        return [article_from(row) for row in rows]

    def iter_articles(self) -> Iterator[Article]:
        """Yield every stored article in storage order, reading in small batches."""
        last = 0
        while True:
            with self._transaction(write=False) as conn:
                rows = conn.execute(
                    "SELECT * FROM articles WHERE pk > %s ORDER BY pk LIMIT %s", (last, BATCH_SIZE)
                ).fetchall()
            if not rows:
                return
            last = rows[-1]["pk"]
            yield from (article_from(row) for row in rows)

    def count_articles(self) -> int:
        """Return how many articles are stored (exact duplicates are not stored)."""
        return self._count("articles")

    def count_events(self) -> int:
        """Return how many events are stored."""
        return self._count("events")

    def _count(self, table: str) -> int:
        with self._transaction(write=False) as conn:
            row = conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()  # noqa: S608 - our table names
        return int(row["n"]) if row else 0

    def errors(self) -> list[ArticleError]:
        """Return the latest error of every source that has not since succeeded, newest first."""
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT source, code, message, at FROM errors ORDER BY at DESC, source"
            ).fetchall()
        return [
            ArticleError(
                source=row["source"],
                code=row["code"],
                message=row["message"],
                at=parse_datetime(row["at"], "stored error"),
            )
            for row in rows
        ]

    def search(
        self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, accent-insensitive; best matches first.

        Every term must match (quoted phrases as phrases), with the stemming
        of each article's language.
        """
        terms = [fold(term) for term in search_terms(query)]
        wanted = _check_limit(limit)
        per_config: list[str] = []
        params: list[object] = []
        for language, config in [*SEARCH_CONFIGS.items(), ("", "simple")]:
            tsquery = " && ".join([f"phraseto_tsquery('{config}', %s)"] * len(terms))
            if language:
                per_config.append(f"(a.language = %s AND a.search @@ ({tsquery}))")
                params += [language, *terms]
            else:
                per_config.append(f"(a.language <> ALL(%s) AND a.search @@ ({tsquery}))")
                params += [list(SEARCH_CONFIGS), *terms]
        # The rank query mirrors the match query of the article's own configuration.
        rank_cases = " ".join(
            f"WHEN '{language}' THEN "
            + " && ".join([f"phraseto_tsquery('{config}', %s)"] * len(terms))
            for language, config in SEARCH_CONFIGS.items()
        )
        rank_params = [t for _ in SEARCH_CONFIGS for t in terms]
        simple = " && ".join(["phraseto_tsquery('simple', %s)"] * len(terms))
        sql = (
            "SELECT a.id, a.title, a.text, ts_rank(a.search, CASE a.language "  # noqa: S608 - our fragments, values bound
            f"{rank_cases} ELSE {simple} END) AS score FROM articles a "
            f"WHERE {' OR '.join(per_config)} ORDER BY score DESC, a.pk LIMIT %s"
        )
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                sql.encode(), [*rank_params, *terms, *params, None if wanted < 0 else wanted]
            ).fetchall()
        return [
            SearchHit(
                article_id=row["id"],
                title=row["title"],
                snippet=snippet(row["title"], row["text"], terms, marks),
                rank=float(row["score"]),
            )
            for row in rows
        ]

    def events(
        self,
        actor: str | None = None,
        *,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Return stored events, most recent event date first, filtered (codes ignore case)."""
        clauses: list[str] = []
        params: list[object] = []
        if actor:
            clauses.append(
                "e.pk IN (SELECT event_pk FROM event_actors WHERE lower(code) = lower(%s))"
            )
            params.append(actor)
        if dyad is not None:
            first, second = dyad
            clauses.append(
                "e.pk IN (SELECT s.event_pk FROM event_actors s JOIN event_actors t "
                "ON t.event_pk = s.event_pk AND t.role = 'target' WHERE s.role = 'source' AND "
                "((lower(s.code) = lower(%s) AND lower(t.code) = lower(%s)) "
                "OR (lower(s.code) = lower(%s) AND lower(t.code) = lower(%s))))"
            )
            params += [first, second, second, first]
        if event_type:
            clauses.append("lower(e.event_type) = lower(%s)")
            params.append(event_type)
        if since:
            clauses.append("e.event_date >= %s")
            params.append(_check_date(since, "since"))
        if until:
            # Compare on the length of `until` so that a day includes all its times.
            clauses.append("substr(e.event_date, 1, length(%s)) <= %s")
            params += [_check_date(until, "until"), until]
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        wanted = _check_limit(limit)
        params.append(None if wanted < 0 else wanted)
        sql = (
            f"SELECT e.payload FROM events e{where} "  # noqa: S608 - clauses are ours, values bound
            "ORDER BY e.event_date IS NULL, e.event_date DESC, e.pk LIMIT %s"
        )
        with self._transaction(write=False) as conn:
            rows = conn.execute(sql.encode(), params).fetchall()
        return [event_from_payload(row["payload"]) for row in rows]

    def iter_events(self) -> Iterator[Event]:
        """Yield every stored event in storage order, reading in small batches."""
        last = 0
        while True:
            with self._transaction(write=False) as conn:
                rows = conn.execute(
                    "SELECT pk, payload FROM events WHERE pk > %s ORDER BY pk LIMIT %s",
                    (last, BATCH_SIZE),
                ).fetchall()
            if not rows:
                return
            last = rows[-1]["pk"]
            yield from (event_from_payload(row["payload"]) for row in rows)

    def mention_counts(self, actor_ids: Sequence[str]) -> dict[str, int]:
        """Return how many stored mentions resolve to each of ``actor_ids`` (absent → 0)."""
        counts = dict.fromkeys(actor_ids, 0)
        if not counts:
            return counts
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT actor_id, count(*) AS n FROM mentions WHERE actor_id = ANY(%s) "
                "GROUP BY actor_id",
                (list(counts),),
            ).fetchall()
        counts.update({row["actor_id"]: int(row["n"]) for row in rows})
        return counts

    def duplicates_of(self, article_id: str) -> list[str]:
        """Return ids of articles found to duplicate or nearly duplicate ``article_id``."""
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT incoming_id AS id, first_seen AS seen FROM sources "
                "WHERE article_id = %(id)s AND relation = 'duplicate' AND incoming_id != %(id)s "
                "UNION SELECT id, stored_at AS seen FROM articles WHERE duplicate_of = %(id)s "
                "ORDER BY seen, id",
                {"id": article_id},
            ).fetchall()
        seen: dict[str, None] = {}
        for row in rows:
            seen.setdefault(row["id"], None)
        return list(seen)


def _check_result(result: ArticleResult) -> None:
    article = result.article
    for event in result.events:
        if event.article_id != article.id:
            raise StoreError(
                f"an event of article {article.id} names article {event.article_id}; "
                "the event stage must copy the article id into every event",
                code="E-STORE-MISMATCH",
            )
    texts = [article.text, article.title or "", *(m.text for m in result.mentions)]
    if any("\x00" in value for value in texts):
        raise StoreError(
            f"article {article.id} contains a NUL character, which PostgreSQL cannot store; "
            "remove it from the source (or use the SQLite store)",
            code="E-STORE-NUL",
        )


def _check_limit(limit: int | None, name: str = "limit") -> int:
    if limit is None:
        return -1
    if limit < 0:
        raise StoreError(f"{name} must be zero or more, got {limit}", code="E-STORE-ARGUMENT")
    return limit


def _check_date(value: str, name: str) -> str:
    if not _DATE_FILTER.fullmatch(value):
        raise StoreError(
            f"{name} must be an ISO date such as 2026-11-22 (or 2026-11, or 2026), got {value!r}",
            code="E-STORE-ARGUMENT",
        )
    return value


def _connect(location: str, busy_timeout: float) -> Conn:
    try:
        return psycopg.connect(
            location,
            autocommit=True,
            row_factory=dict_row,
            connect_timeout=max(1, int(busy_timeout)),
        )
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to the PostgreSQL store {_redact(location)}: "
            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}; "
            "check that the server runs, the database exists (createdb) and the user and "
            "password are right",
            code="E-STORE-OPEN",
        ) from exc


def _redact(location: str) -> str:
    # Never print a password from the URL in an error message.
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)


def _failure(exc: psycopg.Error, location: str) -> StoreError:
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return StoreError(
            f"the store {_redact(location)} is busy: another process kept writing longer than "
            "the busy timeout; wait for it to finish or run one writer at a time",
            code="E-STORE-LOCKED",
        )
    return StoreError(
        f"the store {_redact(location)} failed: {str(exc).strip()}; check the server log, "
        "free disk space and the user's permissions",
        code="E-STORE-IO",
    )
