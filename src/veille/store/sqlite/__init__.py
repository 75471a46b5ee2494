"""The embedded store: one SQLite file (see :mod:`veille.store.sqlite.store`).

Its migrations are in :mod:`veille.store.sqlite.migrations` (the schema,
shared with PostgreSQL, in :mod:`veille.store.schema`), its
background WAL checkpoints in :mod:`veille.store.sqlite.checkpoints`; the
queries it shares with PostgreSQL are in :mod:`veille.store._common`.
"""

from veille.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
