"""The SQLite and PostgreSQL schemas must not drift apart.

Both backends render one description (``store/schema.py``), but a part may
be marked for one backend only (``only=``): one marked so by mistake breaks
the other backend only for the users of that backend. This test builds both
schemas from scratch and compares their tables, their columns (name and NOT
NULL) and their indexes. The few differences that are meant are listed below
with their reason; anything else fails with the names that differ.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import psycopg

from veille.store import open_store

Schema = tuple[dict[str, set[tuple[str, bool]]], set[str]]

#: Tables only one backend has, and why.
SQLITE_ONLY_TABLES = {
    # Full-text search: FTS5's virtual table and its shadow tables; PostgreSQL
    # keeps a tsvector column on ``articles`` instead.
    "articles_fts",
    "articles_fts_config",
    "articles_fts_data",
    "articles_fts_docsize",
    "articles_fts_idx",
    # The schema version: ``meta`` in SQLite, ``veille_meta`` in PostgreSQL,
    # whose name must not collide with tables of a database shared with others.
    "meta",
}
POSTGRES_ONLY_TABLES = {"veille_meta"}

#: Columns only PostgreSQL has: the tsvector behind its full-text search.
POSTGRES_ONLY_COLUMNS = {("articles", "search")}

#: Indexes only one backend has, and why.
SQLITE_ONLY_INDEXES = {
    # Made by SQLite's first migration; the only query reading section_kind
    # tests ``<> 'commentary'``, which no index serves, so PostgreSQL never
    # had it.
    "events_section_kind",
}
POSTGRES_ONLY_INDEXES = {"articles_search"}  # GIN over the tsvector column


def _sqlite_schema(path: Path) -> Schema:
    connection = sqlite3.connect(path)
    try:
        tables = {
            name: {
                # PRAGMA table_info: (cid, name, type, notnull, default, pk)
                (column[1], bool(column[3]) or bool(column[5]))
                for column in connection.execute(f"PRAGMA table_info({name})")
            }
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        # Indexes SQLite makes for PRIMARY KEY and UNIQUE have no SQL text.
        indexes = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
    finally:
        connection.close()
    return tables, indexes


def _postgres_schema(url: str) -> Schema:
    with psycopg.connect(url) as connection:
        tables: dict[str, set[tuple[str, bool]]] = {}
        for table, column, nullable in connection.execute(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        ):
            tables.setdefault(table, set()).add((column, nullable == "NO"))
        # The indexes PostgreSQL makes for constraints are named *_pkey / *_key.
        indexes = {
            name
            for (name,) in connection.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        }
    return tables, indexes


def _build_both(tmp_path: Path, pg_database: Callable[[], str]) -> tuple[Schema, Schema]:
    sqlite_path = tmp_path / "veille.db"
    postgres_url = pg_database()
    open_store(sqlite_path).close()
    open_store(postgres_url).close()
    return _sqlite_schema(sqlite_path), _postgres_schema(postgres_url)


def test_both_backends_have_the_same_tables(
    tmp_path: Path,
    pg_database: Callable[[], str],
) -> None:
    (sqlite_tables, _), (postgres_tables, _) = _build_both(tmp_path, pg_database)

    assert set(sqlite_tables) - set(postgres_tables) == SQLITE_ONLY_TABLES
    assert set(postgres_tables) - set(sqlite_tables) == POSTGRES_ONLY_TABLES


def test_both_backends_have_the_same_columns_and_not_null_constraints(
    tmp_path: Path,
    pg_database: Callable[[], str],
) -> None:
    (sqlite_tables, _), (postgres_tables, _) = _build_both(tmp_path, pg_database)

    differences = {}
    for table in sorted(set(sqlite_tables) & set(postgres_tables)):
        sqlite_columns = sqlite_tables[table]
        postgres_columns = {
            (name, not_null)
            for name, not_null in postgres_tables[table]
            if (table, name) not in POSTGRES_ONLY_COLUMNS
        }
        if sqlite_columns != postgres_columns:
            differences[table] = {
                "only in SQLite": sorted(sqlite_columns - postgres_columns),
                "only in PostgreSQL": sorted(postgres_columns - sqlite_columns),
            }
    assert differences == {}


def test_both_backends_have_the_same_indexes(
    tmp_path: Path,
    pg_database: Callable[[], str],
) -> None:
    (_, sqlite_indexes), (_, postgres_indexes) = _build_both(tmp_path, pg_database)

    assert sqlite_indexes - postgres_indexes == SQLITE_ONLY_INDEXES
    assert postgres_indexes - sqlite_indexes == POSTGRES_ONLY_INDEXES
