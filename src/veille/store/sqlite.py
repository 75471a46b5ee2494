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
- Multi-statement reads run in one read transaction, so an article and its
  events always come from the same snapshot.

The schema and its migrations are in :mod:`veille.store.migrations`.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from veille.errors import StoreError
from veille.records import Article, ArticleError, ArticleResult, Event
from veille.serialize import (
    parse_datetime,
)
from veille.store._rows import (
    ARTICLE_COLUMNS,
    MENTION_COLUMNS,
    article_from_row,
    article_row,
    db_time,
    event_from_payload,
    insert_bands,
    insert_events,
    insert_mentions,
    mention_from_row,
    mention_row,
    replace_events,
    replace_mentions,
    update_article,
)
from veille.store.base import (
    SaveOutcome,
    SearchHit,
    StoryMember,
    StorySummary,
    story_id_for,
)
from veille.store.migrations import migrate
from veille.store.minhash import BandLayout, band_hashes, choose_layout, estimated_jaccard
from veille.store.query import fts5_match, search_terms

BATCH_SIZE = 200
"""Rows read per query by the ``iter_*`` methods: bounded memory, short read transactions."""

_LAYOUT_KEY = "minhash_layout"
_DATE_FILTER = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?")


def _check_limit(limit: int | None, name: str = "limit") -> int:
    if limit is None:
        return -1  # SQLite reads a negative LIMIT as "no limit".
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


@dataclass(frozen=True, slots=True)
class _Match:
    article_id: str
    similarity: float


class SqliteStore:
    """The SQLite implementation of :class:`veille.store.Store`.

    ``near_duplicate_threshold`` is the estimated Jaccard similarity from
    which an article counts as a near-duplicate; ``busy_timeout`` is how many
    seconds a writer waits for another writer before giving up. A store may
    be shared between threads (calls are serialised by a lock); separate
    processes each open their own.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        location: str | None = None,
        near_duplicate_threshold: float = 0.8,
        busy_timeout: float = 10.0,
    ) -> None:
        """Open (creating and migrating when needed) the SQLite file at ``path``."""
        if not 0.0 < near_duplicate_threshold <= 1.0:
            raise StoreError(
                f"near_duplicate_threshold must be in (0, 1], got {near_duplicate_threshold}",
                code="E-STORE-ARGUMENT",
            )
        self.location = location or str(path)
        self.threshold = near_duplicate_threshold
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = _connect(path, self.location, busy_timeout)

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

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(
                f"the store {self.location} is closed; open it again with open_store()",
                code="E-STORE-CLOSED",
            )
        return self._conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
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

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._transaction("BEGIN IMMEDIATE")

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._transaction("BEGIN")

    # -- writing ---------------------------------------------------------------

    def save(self, result: ArticleResult, source: str) -> SaveOutcome:
        """Store one article with its mentions and events in one transaction.

        See :mod:`veille.store.base` for what each status means.
        """
        article = result.article
        for event in result.events:
            if event.article_id != article.id:
                raise StoreError(
                    f"an event of article {article.id} names article {event.article_id}; "
                    "the event stage must copy the article id into every event",
                    code="E-STORE-MISMATCH",
                )
        row = article_row(article)
        mentions = [mention_row(m) for m in result.mentions]
        events = list(result.events)
        now = db_time(datetime.now(UTC))
        with self._write() as conn:
            layout = self._layout(conn, len(article.minhash))
            stored = conn.execute(
                "SELECT pk, content_hash, duplicate_of, similarity FROM articles WHERE id = ?",
                (article.id,),
            ).fetchone()
            if stored is not None:
                outcome = self._save_existing(
                    conn,
                    stored=stored,
                    article=article,
                    row=row,
                    mentions=mentions,
                    events=events,
                    layout=layout,
                )
            else:
                original = conn.execute(
                    "SELECT id FROM articles WHERE content_hash = ? ORDER BY pk LIMIT 1",
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
            conn.execute(
                "INSERT INTO sources (source, article_id, incoming_id, relation, first_seen, "
                "last_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
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
            conn.execute("DELETE FROM errors WHERE source = ?", (source,))
        return outcome

    def _save_new(
        self,
        conn: sqlite3.Connection,
        article: Article,
        *,
        row: tuple[Any, ...],
        mentions: list[tuple[Any, ...]],
        events: list[Event],
        layout: BandLayout | None,
    ) -> SaveOutcome:
        match = self._near_duplicate(conn, article.minhash, layout, exclude_pk=None)
        now = db_time(datetime.now(UTC))
        pk = conn.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, duplicate_of, "  # noqa: S608 - only our column names and placeholders
            "similarity, stored_at, updated_at) "
            f"VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 4))})",
            (
                *row,
                match.article_id if match else None,
                match.similarity if match else None,
                now,
                now,
            ),
        ).lastrowid
        assert pk is not None
        insert_bands(conn, pk, article.minhash, layout)
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
        conn: sqlite3.Connection,
        *,
        stored: sqlite3.Row,
        article: Article,
        row: tuple[Any, ...],
        mentions: list[tuple[Any, ...]],
        events: list[Event],
        layout: BandLayout | None,
    ) -> SaveOutcome:
        pk = stored["pk"]
        now = db_time(datetime.now(UTC))
        if stored["content_hash"] == article.content_hash:
            refreshed = False
            current = conn.execute(
                f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE pk = ?",  # noqa: S608 - only our column names and placeholders
                (pk,),
            ).fetchone()
            if tuple(current) != row:
                update_article(
                    conn,
                    pk,
                    row=row,
                    duplicate_of=stored["duplicate_of"],
                    similarity=stored["similarity"],
                    now=now,
                )
                insert_bands(conn, pk, article.minhash, layout)
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
            "SELECT id FROM articles WHERE content_hash = ? AND pk != ? ORDER BY pk LIMIT 1",
            (article.content_hash, pk),
        ).fetchone()
        match = (
            _Match(exact["id"], 1.0)
            if exact is not None
            else self._near_duplicate(conn, article.minhash, layout, exclude_pk=pk)
        )
        update_article(
            conn,
            pk,
            row=row,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            now=now,
        )
        insert_bands(conn, pk, article.minhash, layout)
        replace_mentions(conn, article.id, mentions)
        replace_events(conn, article.id, events)
        return SaveOutcome(
            "updated",
            article.id,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
            refreshed=True,
        )

    def _layout(self, conn: sqlite3.Connection, size: int) -> BandLayout | None:
        """Return the band layout for signatures of ``size``, re-banding the store if it changed."""
        if size == 0:
            return None
        wanted = choose_layout(size, self.threshold)
        encoded = f"{wanted.size},{wanted.bands},{wanted.rows}"
        current = conn.execute("SELECT value FROM meta WHERE key = ?", (_LAYOUT_KEY,)).fetchone()
        if current is not None and current["value"] == encoded:
            return wanted
        # The threshold (or signature size) changed: bands built for the old
        # layout would never match new ones, so rebuild them all.
        conn.execute("DELETE FROM minhash_bands")
        for stored in conn.execute("SELECT pk, minhash FROM articles").fetchall():
            insert_bands(conn, stored["pk"], json.loads(stored["minhash"]), wanted)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_LAYOUT_KEY, encoded),
        )
        return wanted

    def _near_duplicate(
        self,
        conn: sqlite3.Connection,
        signature: Sequence[int],
        layout: BandLayout | None,
        exclude_pk: int | None,
    ) -> _Match | None:
        pairs = band_hashes(signature, layout) if layout else []
        if not pairs:
            return None
        values = ", ".join("(?, ?)" for _ in pairs)
        # The band values drive the join (CROSS JOIN keeps that order), so each
        # band is one primary-key lookup; a row-value IN (VALUES …) scans the table.
        rows = conn.execute(
            f"WITH v(band, hash) AS (VALUES {values}) "  # noqa: S608 - only our column names and placeholders
            "SELECT DISTINCT a.pk, a.id, a.minhash FROM v CROSS JOIN minhash_bands b "
            "ON b.band = v.band AND b.hash = v.hash "
            "JOIN articles a ON a.pk = b.article_pk "
            "WHERE a.pk IS NOT ? ORDER BY a.pk",
            (*[v for pair in pairs for v in pair], exclude_pk),
        ).fetchall()
        best: _Match | None = None
        for candidate in rows:
            similarity = estimated_jaccard(signature, json.loads(candidate["minhash"]))
            # Strictly greater: on a tie the earlier article (lower pk) stays the original.
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = _Match(candidate["id"], similarity)
        return best

    def record_error(self, error: ArticleError) -> None:
        """Record that a source failed; an earlier error of the same source is replaced."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO errors (source, code, message, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET code = excluded.code, "
                "message = excluded.message, at = excluded.at",
                (error.source, error.code, error.message, db_time(error.at)),
            )

    def source_done(self, source: str) -> bool:
        """Return True when ``source`` already led to a stored (or duplicate) article."""
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM sources WHERE source = ?", (source,)).fetchone()
        return row is not None

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with its mentions, events, bands and source links."""
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
        return bool(deleted)

    # -- reading ---------------------------------------------------------------

    def article(self, article_id: str) -> ArticleResult | None:
        """Return the article with its mentions and events, or None when it is not stored."""
        with self._read() as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            mention_rows = conn.execute(
                f"SELECT {', '.join(MENTION_COLUMNS)} FROM mentions "  # noqa: S608 - our column names
                "WHERE article_id = ? ORDER BY ordinal",
                (article_id,),
            ).fetchall()
            payloads = conn.execute(
                "SELECT payload FROM events WHERE article_id = ? ORDER BY ordinal", (article_id,)
            ).fetchall()
        return ArticleResult(
            article=article_from_row(row),
            mentions=tuple(mention_from_row(m) for m in mention_rows),
            events=tuple(event_from_payload(p["payload"]) for p in payloads),
        )

    def articles(self, limit: int | None = 50, offset: int = 0) -> list[Article]:
        """Return stored articles, newest first (publication date, then storage order)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT * FROM articles ORDER BY published_at IS NULL, published_at DESC, pk DESC "
                "LIMIT ? OFFSET ?",
                (_check_limit(limit), _check_limit(offset, "offset")),
            ).fetchall()
        return [article_from_row(row) for row in rows]

    def iter_articles(self) -> Iterator[Article]:
        """Yield every stored article in storage order, reading in small batches."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT * FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (last, BATCH_SIZE)
                ).fetchall()
            if not rows:
                return
            last = rows[-1]["pk"]
            yield from (article_from_row(row) for row in rows)

    def count_articles(self) -> int:
        """Return how many articles are stored (exact duplicates are not stored)."""
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def count_events(self) -> int:
        """Return how many events are stored."""
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])

    def errors(self) -> list[ArticleError]:
        """Return the latest error of every source that has not since succeeded, newest first."""
        with self._read() as conn:
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
                (marks[0], marks[1], match, _check_limit(limit)),
            ).fetchall()
        # bm25 is lower-is-better; flip it so that a higher rank means more relevant.
        return [
            SearchHit(
                article_id=row["id"], title=row["title"], snippet=row["snippet"], rank=-row["score"]
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
            clauses.append("e.pk IN (SELECT event_pk FROM event_actors WHERE code = ?)")
            params.append(actor)
        if dyad is not None:
            first, second = dyad
            clauses.append(
                "e.pk IN (SELECT s.event_pk FROM event_actors s JOIN event_actors t "
                "ON t.event_pk = s.event_pk AND t.role = 'target' "
                "WHERE s.role = 'source' AND ((s.code = ? AND t.code = ?) "
                "OR (s.code = ? AND t.code = ?)))"
            )
            params += [first, second, second, first]
        if event_type:
            clauses.append("e.event_type = ?")
            params.append(event_type)
        if since:
            clauses.append("e.event_date >= ?")
            params.append(_check_date(since, "since"))
        if until:
            # Compare on the length of `until` so that a day includes all its times.
            clauses.append("substr(e.event_date, 1, length(?)) <= ?")
            params += [_check_date(until, "until"), until]
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = (
            f"SELECT e.payload FROM events e{where} "  # noqa: S608 - clauses are ours, values bound
            "ORDER BY e.event_date IS NULL, e.event_date DESC, e.pk LIMIT ?"
        )
        params.append(_check_limit(limit))
        with self._read() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [event_from_payload(row["payload"]) for row in rows]

    def iter_events(self) -> Iterator[Event]:
        """Yield every stored event in storage order, reading in small batches."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT pk, payload FROM events WHERE pk > ? ORDER BY pk LIMIT ?",
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
        marks = ",".join("?" * len(counts))
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT actor_id, COUNT(*) AS n FROM mentions WHERE actor_id IN ({marks}) "  # noqa: S608 - only placeholders are interpolated
                "GROUP BY actor_id",
                tuple(counts),
            ).fetchall()
        counts.update({row["actor_id"]: row["n"] for row in rows})
        return counts

    def duplicates_of(self, article_id: str) -> list[str]:
        """Return ids of articles found to duplicate or nearly duplicate ``article_id``."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT incoming_id AS id, first_seen AS seen FROM sources "
                "WHERE article_id = ?1 AND relation = 'duplicate' AND incoming_id != ?1 "
                "UNION SELECT id, stored_at AS seen FROM articles WHERE duplicate_of = ?1 "
                "ORDER BY seen, id",
                (article_id,),
            ).fetchall()
        seen: dict[str, None] = {}
        for row in rows:
            seen.setdefault(row["id"], None)
        return list(seen)

    # -- stories (see veille.stories) ------------------------------------------

    def original_of(self, article_id: str) -> str | None:
        """Return the stored article ``article_id`` (near-)duplicates, or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is not None:
                original: str | None = row["duplicate_of"]
                return original
            linked = conn.execute(
                "SELECT article_id FROM sources WHERE incoming_id = ? AND relation = 'duplicate' "
                "ORDER BY first_seen LIMIT 1",
                (article_id,),
            ).fetchone()
        return None if linked is None else linked["article_id"]

    def similar_articles(self, article_id: str, min_similarity: float) -> list[tuple[str, float]]:
        """Return ``(id, estimated Jaccard)`` of LSH candidates of a stored article, best first.

        Only pairs sharing a MinHash band are examined, so a ``min_similarity``
        well below the near-duplicate threshold finds only part of such pairs.
        """
        with self._read() as conn:
            row = conn.execute(
                "SELECT pk, minhash FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                return []
            signature = json.loads(row["minhash"])
            layout = choose_layout(len(signature), self.threshold) if signature else None
            pairs = band_hashes(signature, layout) if layout else []
            if not pairs:
                return []
            values = ", ".join("(?, ?)" for _ in pairs)
            rows = conn.execute(
                f"WITH v(band, hash) AS (VALUES {values}) "  # noqa: S608 - only placeholders
                "SELECT DISTINCT a.id, a.minhash FROM v CROSS JOIN minhash_bands b "
                "ON b.band = v.band AND b.hash = v.hash "
                "JOIN articles a ON a.pk = b.article_pk WHERE a.pk != ?",
                (*[v for pair in pairs for v in pair], row["pk"]),
            ).fetchall()
        found = [
            (candidate["id"], estimated_jaccard(signature, json.loads(candidate["minhash"])))
            for candidate in rows
        ]
        return sorted(
            ((i, sim) for i, sim in found if sim >= min_similarity), key=lambda p: (-p[1], p[0])
        )

    def story_member(self, article_id: str) -> StoryMember | None:
        """Return the article's story membership, or None when it is not clustered yet."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM story_members WHERE article_id = ?", (article_id,)
            ).fetchone()
        return None if row is None else _member_from_row(row)

    def story_candidates(
        self, keys: Sequence[str], first_day: int, last_day: int, *, limit_per_key: int = 50
    ) -> list[StoryMember]:
        """Return members indexed under any of ``keys`` on a day in ``[first_day, last_day]``."""
        found: dict[str, StoryMember] = {}
        middle = (first_day + last_day) / 2
        with self._read() as conn:
            for key in dict.fromkeys(keys):
                rows = conn.execute(
                    "SELECT m.* FROM story_keys k "
                    "JOIN story_members m ON m.article_id = k.article_id "
                    "WHERE k.key = ? AND k.day BETWEEN ? AND ? "
                    "ORDER BY abs(k.day - ?), m.anchor LIMIT ?",
                    (key, first_day, last_day, middle, _check_limit(limit_per_key)),
                ).fetchall()
                for row in rows:
                    if row["article_id"] not in found:
                        found[row["article_id"]] = _member_from_row(row)
        return list(found.values())

    def join_story(self, member: StoryMember, keys: Sequence[str], linked: Sequence[str]) -> str:
        """Store ``member`` and its index keys, merging it with the stories of ``linked``."""
        now = db_time(datetime.now(UTC))
        with self._write() as conn:
            old_ids: set[str] = set()
            current = conn.execute(
                "SELECT story_id FROM story_members WHERE article_id = ?", (member.article_id,)
            ).fetchone()
            if current is not None:
                old_ids.add(current["story_id"])
            for article_id in linked:
                row = conn.execute(
                    "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
                ).fetchone()
                if row is not None:
                    old_ids.add(row["story_id"])
            anchors = [member.anchor]
            for story_id in old_ids:
                first = conn.execute(
                    "SELECT min(anchor) AS anchor FROM story_members WHERE story_id = ?",
                    (story_id,),
                ).fetchone()
                if first is not None and first["anchor"] is not None:
                    anchors.append(first["anchor"])
            story_id = story_id_for(min(anchors))
            conn.execute(
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
            for old in old_ids - {story_id}:
                conn.execute(
                    "UPDATE story_members SET story_id = ? WHERE story_id = ?", (story_id, old)
                )
                conn.execute(
                    "UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (story_id, old)
                )
                conn.execute(
                    "INSERT INTO story_aliases (old_id, story_id) VALUES (?, ?) "
                    "ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
                    (old, story_id),
                )
            # An id that comes back (its anchor article rejoined) is no longer an alias.
            conn.execute("DELETE FROM story_aliases WHERE old_id = ?", (story_id,))
            conn.execute("DELETE FROM story_keys WHERE article_id = ?", (member.article_id,))
            if member.day is not None:
                conn.executemany(
                    "INSERT OR IGNORE INTO story_keys (key, day, article_id) VALUES (?, ?, ?)",
                    [(key, member.day, member.article_id) for key in dict.fromkeys(keys)],
                )
        return story_id

    def story_members(self, story_id: str) -> list[StoryMember]:
        """Return the members of a story (an alias id is followed), earliest first."""
        with self._read() as conn:
            alias = conn.execute(
                "SELECT story_id FROM story_aliases WHERE old_id = ?", (story_id,)
            ).fetchone()
            target = alias["story_id"] if alias is not None else story_id
            rows = conn.execute(
                "SELECT * FROM story_members WHERE story_id = ? ORDER BY anchor", (target,)
            ).fetchall()
        return [_member_from_row(row) for row in rows]

    def stories(self, limit: int | None = 50, offset: int = 0) -> list[StorySummary]:
        """Return stories, most recent last day first, then largest."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT story_id, count(*) AS size, min(anchor) AS first, min(day) AS first_day, "
                "max(day) AS last_day FROM story_members GROUP BY story_id "
                "ORDER BY last_day IS NULL, last_day DESC, size DESC, story_id LIMIT ? OFFSET ?",
                (_check_limit(limit), _check_limit(offset, "offset")),
            ).fetchall()
        return [
            StorySummary(
                id=row["story_id"],
                size=row["size"],
                first_article=row["first"].rsplit("|", 1)[-1],
                first_day=row["first_day"],
                last_day=row["last_day"],
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


def _member_from_row(row: sqlite3.Row) -> StoryMember:
    return StoryMember(
        article_id=row["article_id"],
        story_id=row["story_id"],
        day=row["day"],
        anchor=row["anchor"],
        features=json.loads(row["features"]),
        link=row["link"],
        score=row["score"],
    )


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
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
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


def _rollback(conn: sqlite3.Connection) -> None:
    # After some errors SQLite has already rolled back; a second ROLLBACK then fails.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _operational(exc: sqlite3.OperationalError, location: str) -> StoreError:
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
