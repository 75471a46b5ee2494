"""The PostgreSQL store's migrations: veille's schema steps in PostgreSQL's DDL, and the runner.

The tables are described once, for both backends, in
:mod:`veille.store.schema` (which also says how to add a step, and what
each backend does its own way); :data:`PG_MIGRATIONS` is their PostgreSQL
rendering, so both backends store the same rows.

The version lives in the ``veille_meta`` table (key ``schema_version``).
Migrations run in one transaction under an advisory lock, so two processes
opening the same new database do not both migrate it.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection
from psycopg.rows import tuple_row

from veille.errors import StoreError
from veille.store.ddl import Migration, migrations, too_new
from veille.store.schema import STEPS

MIGRATION_LOCK = 0x7665696C6C65
"""Advisory lock key ("veille" in hex) held while migrating and while writing."""

PG_MIGRATIONS: tuple[Migration, ...] = migrations(STEPS, "postgres")
"""The PostgreSQL schema, version by version."""

PG_LATEST_VERSION = PG_MIGRATIONS[-1].version
"""Schema version this veille writes to PostgreSQL."""

_VERSION_KEY = "schema_version"


def pg_schema_version(conn: Connection[Any]) -> int:
    """Return the schema version of the database (0 when veille never wrote to it)."""
    # Rows may be tuples or dicts depending on the connection's row factory.
    with conn.cursor(row_factory=tuple_row) as cursor:
        exists = cursor.execute("SELECT to_regclass('veille_meta') IS NOT NULL").fetchone()
        if not exists or not exists[0]:
            return 0
        row = cursor.execute(
            "SELECT value FROM veille_meta WHERE key = %s", (_VERSION_KEY,)
        ).fetchone()
    return int(str(row[0])) if row else 0


def pg_migrate(conn: Connection[Any], location: str, target: int = PG_LATEST_VERSION) -> int:
    """Bring the database to ``target`` in one transaction; return the version reached.

    ``conn`` must be in autocommit mode; the transaction is opened here.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        version = pg_schema_version(conn)
        if version > PG_LATEST_VERSION:
            raise too_new(location, version, PG_LATEST_VERSION)
        if version == 0:
            _refuse_foreign_database(conn, location)
        for migration in PG_MIGRATIONS:
            if version < migration.version <= target:
                for statement in migration.statements:
                    conn.execute(statement.encode())
                conn.execute(
                    "INSERT INTO veille_meta (key, value) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (_VERSION_KEY, str(migration.version)),
                )
                version = migration.version
    return version


def _refuse_foreign_database(conn: Connection[Any], location: str) -> None:
    # Tables named like ours in a database veille never versioned belong to
    # someone else: never write into them.
    with conn.cursor(row_factory=tuple_row) as cursor:
        rows = cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() "
            "AND table_name IN ('articles', 'events', 'sources', 'mentions', 'errors')"
        ).fetchall()
    if rows:
        shown = ", ".join(sorted(str(row[0]) for row in rows))
        raise StoreError(
            f"{location} already holds tables veille did not create ({shown}); give --db an "
            "empty database (createdb veille) or another schema (?options=-csearch_path=veille)",
            code="E-STORE-FOREIGN",
        )
