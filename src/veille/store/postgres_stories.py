"""Story clustering tables of the PostgreSQL store (see :mod:`veille.stories`).

The story methods whose SQL differs from the SQLite store's, in
PostgreSQL's dialect (the plain lookups ``original_of``, ``story_member``
and ``story_members`` are shared, in :mod:`veille.store._common`); kept
apart from :mod:`veille.store.postgres` so each module stays one purpose.
:class:`PgStoriesMixin` needs the ``_transaction`` context manager of
:class:`~veille.store.postgres.PostgresStore`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import psycopg

from veille.errors import StoreError
from veille.store._rows import db_time, member_from_row, summary_from_row
from veille.store.base import StoryMember, StorySummary, story_id_for

Conn = psycopg.Connection[dict[str, Any]]


class PgStoriesMixin:
    """Story membership, candidate lookup and merging for :class:`PostgresStore`."""

    def _transaction(self, *, write: bool) -> AbstractContextManager[Conn]:
        raise NotImplementedError  # provided by PostgresStore

    def story_candidates(
        self, keys: Sequence[str], first_day: int, last_day: int, *, limit_per_key: int = 50
    ) -> list[StoryMember]:
        """Return members indexed under any of ``keys`` on a day in ``[first_day, last_day]``."""
        if limit_per_key < 0:
            raise StoreError(
                f"limit_per_key must be zero or more, got {limit_per_key}",
                code="E-STORE-ARGUMENT",
            )
        found: dict[str, StoryMember] = {}
        middle = (first_day + last_day) / 2
        with self._transaction(write=False) as conn:
            for key in dict.fromkeys(keys):
                rows = conn.execute(
                    "SELECT m.* FROM story_keys k "
                    "JOIN story_members m ON m.article_id = k.article_id "
                    "WHERE k.key = %s AND k.day BETWEEN %s AND %s "
                    "ORDER BY abs(k.day - %s::float8), m.anchor LIMIT %s",
                    (key, first_day, last_day, middle, limit_per_key),
                ).fetchall()
                for row in rows:
                    if row["article_id"] not in found:
                        found[row["article_id"]] = member_from_row(row)
        return list(found.values())

    def join_story(self, member: StoryMember, keys: Sequence[str], linked: Sequence[str]) -> str:
        """Store ``member`` and its index keys, merging it with the stories of ``linked``."""
        now = db_time(datetime.now(UTC))
        with self._transaction(write=True) as conn:
            rows = conn.execute(
                "SELECT DISTINCT story_id FROM story_members WHERE article_id = ANY(%s)",
                ([member.article_id, *linked],),
            ).fetchall()
            old_ids = {str(row["story_id"]) for row in rows}
            anchors = [member.anchor]
            if old_ids:
                first = conn.execute(
                    "SELECT min(anchor) AS anchor FROM story_members WHERE story_id = ANY(%s)",
                    (sorted(old_ids),),
                ).fetchone()
                if first is not None and first["anchor"] is not None:
                    anchors.append(first["anchor"])
            story_id = story_id_for(min(anchors))
            conn.execute(
                "INSERT INTO story_members (article_id, story_id, day, anchor, link, score, "
                "features, assigned_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
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
                conn.execute(
                    "UPDATE story_members SET story_id = %s WHERE story_id = %s", (story_id, old)
                )
                conn.execute(
                    "UPDATE story_aliases SET story_id = %s WHERE story_id = %s", (story_id, old)
                )
                conn.execute(
                    "INSERT INTO story_aliases (old_id, story_id) VALUES (%s, %s) "
                    "ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
                    (old, story_id),
                )
            # An id that comes back (its anchor article rejoined) is no longer an alias.
            conn.execute("DELETE FROM story_aliases WHERE old_id = %s", (story_id,))
            conn.execute("DELETE FROM story_keys WHERE article_id = %s", (member.article_id,))
            if member.day is not None:
                with conn.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO story_keys (key, day, article_id) VALUES (%s, %s, %s) "
                        "ON CONFLICT DO NOTHING",
                        [(key, member.day, member.article_id) for key in dict.fromkeys(keys)],
                    )
        return story_id

    def stories(self, limit: int | None = 50, offset: int = 0) -> list[StorySummary]:
        """Return stories, most recent last day first, then largest."""
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError(
                f"limit and offset must be zero or more, got {limit} and {offset}",
                code="E-STORE-ARGUMENT",
            )
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT story_id, count(*) AS size, min(anchor) AS first, "
                "min(day) AS first_day, max(day) AS last_day FROM story_members "
                "GROUP BY story_id ORDER BY max(day) IS NULL, max(day) DESC, count(*) DESC, "
                "story_id LIMIT %s OFFSET %s",
                (limit, offset),
            ).fetchall()
        return [summary_from_row(row) for row in rows]


__all__ = ["PgStoriesMixin"]
