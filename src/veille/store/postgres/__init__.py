"""The server store: PostgreSQL (see :mod:`veille.store.postgres.store`).

Its migrations are in :mod:`veille.store.postgres.migrations` (the schema,
shared with SQLite, in :mod:`veille.store.schema`),
its bulk writer in :mod:`veille.store.postgres.bulk`, its text search rows
in :mod:`veille.store.postgres.rows`; the queries it shares with SQLite are
in :mod:`veille.store._common`.
"""

from veille.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
