"""The shared store's articles: the save rules, their row writers, and reading articles back.

The rules are those of :mod:`veille.store.base` (new, updated, unchanged,
duplicate, near-duplicate, source links); the rows are written with the
column lists of :mod:`veille.store._rows`, one SQL for both dialects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from veille.records import Article, ArticleError, ArticleResult, Event
from veille.serialize import parse_datetime, to_dict
from veille.store._core import (
    BAND_COLUMNS,
    CHILD_COLUMNS,
    LAYOUT_KEY,
    ConnT,
    Match,
    StoreCore,
    check_limit,
    source_link,
    unique_ids,
)
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
    mention_from_row,
    mention_row,
    place_from_row,
    place_row,
    to_json,
)
from veille.store.base import (
    ArticleHeadline,
    SaveOutcome,
)
from veille.store.minhash import BandLayout, band_hashes, choose_layout

_INSERT_ARTICLE = (
    f"{', '.join(ARTICLE_COLUMNS)}, duplicate_of, similarity, stored_at, updated_at",
    ", ".join("?" * (len(ARTICLE_COLUMNS) + 4)),
)
"""Columns and placeholders of a new ``articles`` row, but for a backend's search column."""

_UPDATE_ARTICLE = ", ".join(
    f"{column} = ?" for column in (*ARTICLE_COLUMNS, "duplicate_of", "similarity", "updated_at")
)
"""Assignments that overwrite a stored ``articles`` row, but for a backend's search column."""


class ArticleSql(StoreCore[ConnT]):
    """Saving articles by the rules of :mod:`veille.store.base`, and reading them back."""

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
        wanted, params = self._SQL.rows_cte("v", BAND_COLUMNS, pairs)
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

    def errors(self) -> list[ArticleError]:
        """Return the latest error of every source that has not since succeeded, newest first."""
        with self._read() as conn:
            rows = self._all(
                conn, "SELECT source, code, message, at FROM errors ORDER BY at DESC, source"
            )
        return [error_from_row(row) for row in rows]

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
