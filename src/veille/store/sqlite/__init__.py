"""The embedded store: one SQLite file (see :mod:`veille.store.sqlite.store`).

Its schema and migrations are in :mod:`veille.store.sqlite.migrations`, its
background WAL checkpoints in :mod:`veille.store.sqlite.checkpoints`; the
queries it shares with PostgreSQL are in :mod:`veille.store._common`.
"""

from veille.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
