"""The SQLite store's migrations: veille's schema steps in SQLite's DDL, and the runner.

The tables are described once, for both backends, in
:mod:`veille.store.schema` (which also says how to add a step);
:data:`MIGRATIONS` is their SQLite rendering.

The schema version lives in ``PRAGMA user_version``: 0 is an empty file, and
migration *n* takes a store from version *n − 1* to *n*. Opening a store
applies the missing migrations in one write transaction (SQLite DDL is
transactional, so a crash mid-way leaves the previous version intact). A
store whose version is newer than :data:`LATEST_VERSION` was written by a
newer veille and is refused rather than misread.
"""

from __future__ import annotations

import sqlite3

from veille.errors import StoreError
from veille.store.ddl import Migration, migrations, too_new
from veille.store.schema import STEPS

MIGRATIONS: tuple[Migration, ...] = migrations(STEPS, "sqlite")
"""The SQLite schema, version by version."""

LATEST_VERSION = MIGRATIONS[-1].version
"""Schema version this veille writes."""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in the database file."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, location: str, target: int = LATEST_VERSION) -> int:
    """Bring the database up to ``target`` in one write transaction; return the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``); the
    version is re-read under the write lock, so two processes opening the
    same new file do not both migrate it.
    """
    if schema_version(conn) > LATEST_VERSION:
        raise too_new(location, schema_version(conn), LATEST_VERSION)
    if schema_version(conn) >= target:
        return schema_version(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise too_new(location, schema_version(conn), LATEST_VERSION)
        if version == 0:
            _refuse_foreign_database(conn, location)
        for migration in MIGRATIONS:
            if version < migration.version <= target:
                for statement in migration.statements:
                    conn.execute(statement)
                # PRAGMA cannot take a bound parameter; the value is our own integer.
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                version = migration.version
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version


def _refuse_foreign_database(conn: sqlite3.Connection, location: str) -> None:
    # A version-0 file with tables is someone else's database: never write into it.
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    if names:
        shown = ", ".join(sorted(names)[:5])
        raise StoreError(
            f"{location} is an SQLite database that veille did not create (it holds {shown}); "
            "give --db a new file name instead",
            code="E-STORE-FOREIGN",
        )
