"""Storage: the :class:`Store` interface and :func:`open_store`.

``open_store`` picks the backend from the location: a file path or
``sqlite:///path`` opens the embedded SQLite store (the default);
``postgresql://user@host/db`` opens the PostgreSQL server store
(:mod:`veille.store.postgres`).
"""

from __future__ import annotations

from pathlib import Path

from veille.errors import StoreError
from veille.store.base import (
    SAVE_STATUSES,
    PlaceSummary,
    SaveOutcome,
    SaveStatus,
    SearchHit,
    Store,
    StoryMember,
    StorySummary,
)
from veille.store.sqlite import SqliteStore

__all__ = [
    "SAVE_STATUSES",
    "PlaceSummary",
    "SaveOutcome",
    "SaveStatus",
    "SearchHit",
    "SqliteStore",
    "Store",
    "StoryMember",
    "StorySummary",
    "open_store",
]

_SQLITE_PREFIX = "sqlite:///"


def open_store(
    location: str | Path,
    *,
    near_duplicate_threshold: float = 0.8,
    busy_timeout: float = 10.0,
    read_only: bool = False,
) -> Store:
    """Open the store at ``location``, creating and migrating it when needed.

    ``location`` is a file path (``veille.db``, ``~/data/news.db``) or an URL
    ``sqlite:///relative.db`` / ``sqlite:////absolute/path.db``. Raises
    :class:`~veille.errors.StoreError` for a location it cannot open, saying
    what to write instead. ``read_only`` opens an existing store for reading
    only (one connection per reading thread of the API); it writes nothing,
    not even a migration.

    >>> with open_store(":memory:") as store:
    ...     store.count_articles()
    0
    """
    text = str(location)
    if "://" not in text:
        return SqliteStore(
            text,
            near_duplicate_threshold=near_duplicate_threshold,
            busy_timeout=busy_timeout,
            read_only=read_only,
        )
    scheme = text.split("://", 1)[0].lower()
    if scheme == "sqlite" and text.startswith(_SQLITE_PREFIX) and len(text) > len(_SQLITE_PREFIX):
        return SqliteStore(
            text[len(_SQLITE_PREFIX) :],
            location=text,
            near_duplicate_threshold=near_duplicate_threshold,
            busy_timeout=busy_timeout,
            read_only=read_only,
        )
    if scheme == "sqlite":
        raise StoreError(
            f"cannot read the SQLite location {text!r}; write sqlite:///relative/path.db, "
            "sqlite:////absolute/path.db or just the file path",
            code="E-STORE-LOCATION",
        )
    if scheme in ("postgresql", "postgres"):
        # Imported here so that SQLite users never load the PostgreSQL driver.
        from veille.store.postgres import PostgresStore  # noqa: PLC0415

        return PostgresStore(
            text,
            near_duplicate_threshold=near_duplicate_threshold,
            busy_timeout=busy_timeout,
            read_only=read_only,
        )
    raise StoreError(
        f"unknown store location scheme {scheme!r} in {text!r}; give a file path "
        "(veille.db), sqlite:///path.db, or postgresql://user@host/db",
        code="E-STORE-LOCATION",
    )
