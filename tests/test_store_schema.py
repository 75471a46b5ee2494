"""Every schema version of both backends is the one recorded before the schema was written once.

``tests/fixtures/schema/*.json`` hold, for each version, the catalogue of a
database the migrations of that time built (see :mod:`schema_catalogue`).
A fresh database migrated to version *n* must hold snapshot *n*, and a
database left at any earlier version must upgrade to the latest snapshot:
users' databases were built by those migrations, and the code that reads
them must find the same tables, columns, collations, indexes and triggers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schema_catalogue import (
    POSTGRES_SNAPSHOT,
    SQLITE_SNAPSHOT,
    load_snapshot,
    postgres_catalogue,
    sqlite_catalogue,
)
from veille.store import open_store
from veille.store.ddl import Sql, Step, migrations
from veille.store.postgres.migrations import PG_LATEST_VERSION, pg_migrate
from veille.store.sqlite.migrations import LATEST_VERSION, migrate

SQLITE_VERSIONS = load_snapshot(SQLITE_SNAPSHOT)
POSTGRES_VERSIONS = load_snapshot(POSTGRES_SNAPSHOT)
RECORD_HINT = "a new migration: record its schema with .venv/bin/python tests/schema_catalogue.py"


def test_the_snapshots_hold_every_version_the_migrations_reach() -> None:
    assert sorted(SQLITE_VERSIONS) == list(range(LATEST_VERSION + 1)), RECORD_HINT
    assert sorted(POSTGRES_VERSIONS) == list(range(PG_LATEST_VERSION + 1)), RECORD_HINT


def _sqlite_at(path: Path, version: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, str(path), target=version) == version
    return conn


@pytest.mark.parametrize("version", range(LATEST_VERSION + 1))
def test_a_new_sqlite_file_migrated_to_each_version_has_its_recorded_schema(
    tmp_path: Path, version: int
) -> None:
    conn = _sqlite_at(tmp_path / "veille.db", version)
    try:
        assert sqlite_catalogue(conn) == SQLITE_VERSIONS[version]
    finally:
        conn.close()


@pytest.mark.parametrize("version", range(LATEST_VERSION))
def test_an_sqlite_file_of_each_earlier_version_upgrades_to_the_latest_schema(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "veille.db"
    _sqlite_at(path, version).close()
    open_store(path).close()
    conn = sqlite3.connect(path)
    try:
        assert sqlite_catalogue(conn) == SQLITE_VERSIONS[LATEST_VERSION]
    finally:
        conn.close()


def _postgres_at(url: str, version: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        assert pg_migrate(conn, url, target=version) == version


@pytest.mark.parametrize("version", range(PG_LATEST_VERSION + 1))
def test_a_new_postgres_database_migrated_to_each_version_has_its_recorded_schema(
    pg_database: Callable[[], str], version: int
) -> None:
    url = pg_database()
    _postgres_at(url, version)
    with psycopg.connect(url) as conn:
        assert postgres_catalogue(conn) == POSTGRES_VERSIONS[version]


@pytest.mark.parametrize("version", range(PG_LATEST_VERSION))
def test_a_postgres_database_of_each_earlier_version_upgrades_to_the_latest_schema(
    pg_database: Callable[[], str], version: int
) -> None:
    url = pg_database()
    _postgres_at(url, version)
    open_store(url).close()
    with psycopg.connect(url) as conn:
        assert postgres_catalogue(conn) == POSTGRES_VERSIONS[PG_LATEST_VERSION]


def test_schema_steps_numbered_with_a_gap_are_refused() -> None:
    # A runner applies migrations by number: a gap would skip a change on users' databases.
    def step(sqlite: int | None, postgres: int | None) -> Step:
        return Step(sqlite, postgres, "a step", (Sql(("SELECT 1",)),))

    assert [m.version for m in migrations([step(1, 1), step(2, None)], "postgres")] == [1]
    with pytest.raises(ValueError, match=r"numbered \[1, 3\]"):
        migrations([step(1, 1), step(3, 2)], "sqlite")
