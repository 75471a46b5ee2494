"""The shared store's story index: near-duplicate links, candidate lookup, membership, merges.

What :mod:`veille.stories` reads and writes, the same SQL for both dialects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from veille.store._core import (
    BAND_COLUMNS,
    ConnT,
    StoreCore,
    check_limit,
    rank_similar,
)
from veille.store._rows import (
    db_time,
    member_from_row,
    summary_from_row,
)
from veille.store.base import (
    StoryMember,
    StorySummary,
    story_id_for,
)

_KEY_COLUMNS = (("key", "text"), ("position", "int"))
"""Columns of the index keys a story lookup joins with ``story_keys``, in the caller's order."""


class StorySql(StoreCore[ConnT]):
    """Story clustering's index: similar articles, candidates, membership and merges."""

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
            wanted, params = self._SQL.rows_cte("v", BAND_COLUMNS, pairs)
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
