"""What the SQLite and PostgreSQL stores share, whatever their SQL dialect.

Both backends follow the same rules (see :mod:`veille.store.base`); that
logic lives here once, in :class:`StoreCommon`, so the two cannot drift
apart. It is written in four parts, by role: :mod:`veille.store._core`
(lifecycle, the hooks a backend fills in, MinHash choice),
:mod:`veille.store._articles` (the save rules and their row writers, reading
articles), :mod:`veille.store._events` (event listings, counts, facets) and
:mod:`veille.store._stories` (the story index). The SQL is written once
with ``?`` placeholders; a :class:`~veille.store.dialect.SqlDialect` says
the few words in which the dialects differ. Each backend keeps what really
differs: its connection and transactions, its statement runners, its
full-text search, and SQLite's checkpointer or PostgreSQL's bulk loading.
"""

from __future__ import annotations

from veille.store._articles import ArticleSql
from veille.store._core import ConnT
from veille.store._events import EventSql
from veille.store._stories import StorySql


class StoreCommon(ArticleSql[ConnT], EventSql[ConnT], StorySql[ConnT]):
    """Everything of :class:`~veille.store.base.Store` that both backends share."""
