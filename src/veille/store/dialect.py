"""The few SQL words in which SQLite and PostgreSQL differ, for the store's shared queries.

The shared store (:mod:`veille.store._common`) writes each query once, with
``?`` placeholders (the PostgreSQL store turns them into ``%s``), and asks a
:class:`SqlDialect` only for what really differs between the two servers:

- a list of literal rows to join against (the ``(band, hash)`` pairs of a
  MinHash lookup, the index keys of a story lookup): SQLite reads a
  ``VALUES`` list, PostgreSQL two arrays through ``unnest`` (two parameters
  whatever the number of rows);
- ``CROSS JOIN`` which, in SQLite only, fixes the join order so that those
  rows drive the join (each one a primary-key lookup); PostgreSQL's planner
  chooses the order itself and reads ``CROSS JOIN … ON`` as an error;
- ``IS NOT`` (SQLite) or ``IS DISTINCT FROM`` (PostgreSQL, and SQLite only
  since 3.39): a comparison where NULL equals NULL;
- what ``LIMIT`` reads as "no limit": -1 for SQLite, NULL for PostgreSQL.

Upserts (``ON CONFLICT … DO UPDATE``/``DO NOTHING``), JSON (stored as
text) and booleans (stored as integers) are written the same way in both;
running a statement (``?`` or ``%s``, the key of a new row) is the
backend's part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from veille.store.event_query import Dialect


@dataclass(frozen=True, slots=True)
class SqlDialect:
    """How one server writes the parts of a shared query that differ (see the module docstring)."""

    name: Dialect
    """The dialect's name, as the event filters (:mod:`veille.store.event_query`) know it."""

    driving_join: str
    """The join that makes the literal rows of :meth:`rows_cte` drive the join."""

    is_not: str
    """The "is distinct from" comparison: NULL is distinct from a number and equal to NULL."""

    no_limit: int | None
    """What ``LIMIT ?`` reads as "no limit"."""

    def rows_cte(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
    ) -> tuple[str, list[Any]]:
        """Return a common table expression ``name(columns)`` holding ``rows``, and its parameters.

        ``columns`` are ``(name, PostgreSQL type)`` pairs; ``rows`` is not empty.

        >>> SQLITE.rows_cte("v", [("band", "int"), ("hash", "bigint")], [(0, 7), (1, 9)])
        ('v(band, hash) AS (VALUES (?, ?), (?, ?))', [0, 7, 1, 9])
        >>> POSTGRES.rows_cte("v", [("band", "int"), ("hash", "bigint")], [(0, 7), (1, 9)])
        ('v(band, hash) AS (SELECT * FROM unnest(?::int[], ?::bigint[]))', [[0, 1], [7, 9]])
        """
        names = ", ".join(column for column, _ in columns)
        if self.name == "postgres":
            arrays = ", ".join(f"?::{kind}[]" for _, kind in columns)
            return f"{name}({names}) AS (SELECT * FROM unnest({arrays}))", [  # noqa: S608 - our names
                [row[i] for row in rows] for i in range(len(columns))
            ]
        row_marks = "(" + ", ".join("?" * len(columns)) + ")"
        return f"{name}({names}) AS (VALUES {', '.join([row_marks] * len(rows))})", [
            value for row in rows for value in row
        ]

    def limit(self, wanted: int) -> int | None:
        """Return the ``LIMIT`` parameter for ``wanted`` rows, where -1 means no limit."""
        return self.no_limit if wanted < 0 else wanted


SQLITE = SqlDialect(name="sqlite", driving_join="CROSS JOIN", is_not="IS NOT", no_limit=-1)
"""SQLite's words."""

POSTGRES = SqlDialect(
    name="postgres", driving_join="JOIN", is_not="IS DISTINCT FROM", no_limit=None
)
"""PostgreSQL's words."""
