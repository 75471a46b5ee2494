"""The server store: PostgreSQL through the same :class:`~veille.store.Store` interface.

Open it with ``open_store("postgresql://user:password@host/db")`` (or
``--db postgresql://...`` / ``VEILLE_DB``). It keeps the SQLite store's
rules (see :mod:`veille.store.base`) and row format, so a corpus can move
between the two and every caller works with either. What differs, and why:

- **Writers**: PostgreSQL accepts many writers, but duplicate detection must
  see the articles saved before it. Each write transaction therefore takes
  one advisory lock first, so writers queue as with SQLite (one at a time)
  while readers never wait.
- **Bulk writes**: :meth:`PostgresStore.save_many` saves a batch in one
  transaction; articles new to the store are decided from one read and
  written with one multi-row insert per table, in a few round trips per
  run of articles instead of a dozen per article
  (:mod:`veille.store.postgres.bulk`). The distributed writer uses it.
- **Full-text search** uses PostgreSQL's text search: French articles are
  indexed with the ``french`` configuration, English ones with ``english``
  (both stem, so ``militaire`` also finds ``militaires``), others with
  ``simple``. Accents are folded by veille before indexing and querying, so
  no ``unaccent`` extension is needed. Stop words (``le``, ``the``, ``est``)
  are ignored by the server, unlike SQLite where every word must appear.
- **NUL characters**: PostgreSQL text cannot hold U+0000; such an article is
  refused with ``E-STORE-NUL`` instead of being silently altered.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, cast

import psycopg
from psycopg.rows import dict_row

from veille.errors import StoreError
from veille.records import Article, ArticleResult
from veille.store._common import StoreCommon
from veille.store._core import check_events, check_limit, check_threshold, query_timeout_error
from veille.store._rows import INSERT_EVENT, Row
from veille.store.base import SaveOutcome, SearchHit
from veille.store.dialect import POSTGRES
from veille.store.postgres.bulk import (
    plan_run,
    read_snapshot,
    run_extent,
    signature_size,
    write_run,
)
from veille.store.postgres.migrations import MIGRATION_LOCK, pg_migrate
from veille.store.postgres.rows import (
    SEARCH_CONFIGS,
    VECTOR,
    Conn,
    fold_nul,
    snippet,
    vector_params,
)
from veille.store.query import search_terms
from veille.text import SEARCH_INDEX, fold

_INSERT_EVENT_RETURNING = f"{INSERT_EVENT} RETURNING pk".replace("?", "%s").encode()
"""The insert of an ``events`` row that hands back its pk (psycopg's placeholders)."""


class PostgresStore(StoreCommon[Conn]):
    """The PostgreSQL implementation of :class:`veille.store.Store`.

    ``location`` is a libpq URL (``postgresql://user:pass@host:5432/db``,
    ``postgresql:///db?host=/run/postgresql``). The database must exist; the
    tables are created (migrated) on first open. A store may be shared by
    threads (calls are serialised); processes each open their own.
    """

    # The schema (veille.store.schema) names PostgreSQL's key/value table so.
    _META_TABLE = "veille_meta"
    _SQL = POSTGRES

    def __init__(
        self,
        location: str,
        *,
        near_duplicate_threshold: float = 0.8,
        busy_timeout: float = 10.0,
        read_only: bool = False,
    ) -> None:
        """Connect to ``location`` and bring its schema up to date.

        ``read_only`` connects for reading only (``default_transaction_read_only``)
        and migrates nothing: the API opens one such store per reading thread.
        """
        threshold = check_threshold(near_duplicate_threshold)
        self.location = location
        self.threshold = threshold
        self._busy_timeout_ms = int(busy_timeout * 1000)
        self._lock = threading.RLock()
        self._conn: Conn | None = _connect(location, busy_timeout)
        try:
            if read_only:
                self._conn.execute("SET default_transaction_read_only = on")
                return
            pg_migrate(self._conn, location)
        except psycopg.Error as exc:
            self._conn.close()
            raise _failure(exc, location) from exc
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle (enter, exit and close come from StoreCommon) ---------------

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Conn]:
        with self._lock:
            if self._conn is None:
                raise self._closed_error()
            conn = self._conn
            try:
                with conn.transaction():
                    if write:
                        # lock_timeout bounds the wait for another writer (SQLite's busy
                        # timeout). Both statements go in one round trip (no parameters:
                        # the values are our integers).
                        conn.execute(
                            f"SET LOCAL lock_timeout = {int(self._busy_timeout_ms)}; "
                            f"SELECT pg_advisory_xact_lock({int(MIGRATION_LOCK)})"
                        )
                    else:
                        # One snapshot for all statements of a read.
                        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                        remaining = self._remaining()
                        if remaining is not None:
                            # The server stops a statement past the read's deadline.
                            milliseconds = max(1, int(remaining * 1000))
                            conn.execute(f"SET LOCAL statement_timeout = {milliseconds}")
                    yield conn
            except psycopg.errors.QueryCanceled as exc:
                raise query_timeout_error(_redact(self.location)) from exc
            except psycopg.Error as exc:
                raise _failure(exc, self.location) from exc

    def _read(self) -> AbstractContextManager[Conn]:
        """Open a read-only transaction on one snapshot."""
        return self._transaction(write=False)

    def _write(self) -> AbstractContextManager[Conn]:
        """Open a write transaction holding the writers' advisory lock."""
        return self._transaction(write=True)

    # The shared queries of StoreCommon use SQLite's ``?`` placeholders and no
    # literal ``%``, so turning each ``?`` into ``%s`` is exact.
    def _one(self, conn: Conn, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        """Run ``sql`` (``?`` placeholders) and return its first row, or None."""
        return conn.execute(sql.replace("?", "%s").encode(), params).fetchone()

    def _all(self, conn: Conn, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run ``sql`` (``?`` placeholders) and return all its rows."""
        return conn.execute(sql.replace("?", "%s").encode(), params).fetchall()

    def _run(self, conn: Conn, sql: str, params: Sequence[Any] = ()) -> int:
        """Run ``sql`` (``?`` placeholders) and return how many rows it changed."""
        return conn.execute(sql.replace("?", "%s").encode(), params).rowcount

    def _storable(self, text: str) -> str:
        """Replace NUL, which PostgreSQL text cannot hold, in free-form messages."""
        return fold_nul(text)

    # -- writing ---------------------------------------------------------------

    def save(self, result: ArticleResult, source: str) -> SaveOutcome:
        """Store one article with its mentions and events in one transaction."""
        return self.save_many([(result, source)])[0]

    def save_many(self, items: Sequence[tuple[ArticleResult, str]]) -> list[SaveOutcome]:
        """Store several ``(result, source)`` pairs in one transaction, in order.

        Same outcomes as calling :meth:`save` for each pair in turn (later
        items see earlier ones as originals), but one commit, and articles
        new to the store are written in runs of a few round trips each (see
        :mod:`veille.store.postgres.bulk`); if one item fails, none of the
        batch is stored.
        """
        for result, _ in items:
            _check_result(result)
        outcomes: list[SaveOutcome] = []
        with self._transaction(write=True) as conn:
            stored: set[str] | None = None  # ids of the batch in the store, known after one read
            while len(outcomes) < len(items):
                rest = items[len(outcomes) :]
                if stored is not None and rest[0][0].article.id in stored:
                    # A stored id must be compared with its rows: the plain path.
                    outcomes.append(self._save_one(conn, *rest[0]))
                    continue
                layout = self._layout(conn, signature_size(rest))
                snapshot = read_snapshot(
                    conn,
                    rest,
                    layout,
                    with_ids=stored is None,
                    reserve=run_extent(rest, stored),
                )
                if stored is None:
                    stored = set(snapshot.stored_ids)
                    if rest[0][0].article.id in stored:
                        continue
                plan = plan_run(rest, snapshot, layout, stored, self._best_match)
                write_run(conn, plan, snapshot)
                stored.update(new.article.id for new in plan.new)
                outcomes += plan.outcomes
        return outcomes

    # -- row writers used by StoreCommon's save rules --------------------------

    def _values(self, row: Row) -> tuple[Any, ...]:
        """Return the column values of ``row`` in select order (dict rows keep it)."""
        return tuple(cast(dict[str, Any], row).values())

    def _many(self, conn: Conn, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run ``sql`` (``?`` placeholders) once per row of ``rows``, pipelined."""
        with conn.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s").encode(), rows)

    def _insert_pk(self, conn: Conn, sql: str, params: Sequence[Any]) -> int:
        """Run the one-row ``INSERT`` ``sql`` (``?`` placeholders); return the new row's pk."""
        inserted = self._one(conn, f"{sql} RETURNING pk", params)
        assert inserted is not None
        return int(inserted["pk"])

    def _insert_event_rows(self, conn: Conn, rows: Sequence[Sequence[Any]]) -> list[int]:
        """Insert ``events`` rows in one pipelined batch; return their pks in order."""
        keys: list[int] = []
        with conn.cursor() as cursor:
            cursor.executemany(_INSERT_EVENT_RETURNING, rows, returning=True)
            while True:
                row = cursor.fetchone()
                if row is not None:
                    keys.append(int(row["pk"]))
                if not cursor.nextset():
                    break
        return keys

    def _search_entry(self, article: Article) -> tuple[str, tuple[Any, ...]]:
        """Return the SQL and parameters of the article's text search vector."""
        return VECTOR, vector_params(article)

    # -- reading ---------------------------------------------------------------

    def search(
        self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, accent-insensitive; best matches first.

        Every term must match (quoted phrases as phrases), with the stemming
        of each article's language.
        """
        terms = [fold(term, SEARCH_INDEX) for term in search_terms(query)]
        wanted = check_limit(limit)
        per_config: list[str] = []
        params: list[object] = []
        for language, config in [*SEARCH_CONFIGS.items(), ("", "simple")]:
            tsquery = " && ".join([f"phraseto_tsquery('{config}', %s)"] * len(terms))
            if language:
                per_config.append(f"(a.language = %s AND a.search @@ ({tsquery}))")
                params += [language, *terms]
            else:
                per_config.append(f"(a.language <> ALL(%s) AND a.search @@ ({tsquery}))")
                params += [list(SEARCH_CONFIGS), *terms]
        # The rank query mirrors the match query of the article's own configuration.
        rank_cases = " ".join(
            f"WHEN '{language}' THEN "
            + " && ".join([f"phraseto_tsquery('{config}', %s)"] * len(terms))
            for language, config in SEARCH_CONFIGS.items()
        )
        rank_params = [t for _ in SEARCH_CONFIGS for t in terms]
        simple = " && ".join(["phraseto_tsquery('simple', %s)"] * len(terms))
        sql = (
            "SELECT a.id, a.title, a.text, ts_rank(a.search, CASE a.language "  # noqa: S608 - our fragments, values bound
            f"{rank_cases} ELSE {simple} END) AS score FROM articles a "
            f"WHERE {' OR '.join(per_config)} ORDER BY score DESC, a.pk LIMIT %s"
        )
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                sql.encode(), [*rank_params, *terms, *params, None if wanted < 0 else wanted]
            ).fetchall()
        return [
            SearchHit(
                article_id=row["id"],
                title=row["title"],
                snippet=snippet(row["title"], row["text"], terms, marks),
                rank=float(row["score"]),
            )
            for row in rows
        ]


def _check_result(result: ArticleResult) -> None:
    check_events(result)
    article = result.article
    texts = [article.text, article.title or "", *(m.text for m in result.mentions)]
    if any("\x00" in value for value in texts):
        raise StoreError(
            f"article {article.id} contains a NUL character, which PostgreSQL cannot store; "
            "remove it from the source (or use the SQLite store)",
            code="E-STORE-NUL",
        )


def _connect(location: str, busy_timeout: float) -> Conn:
    try:
        return psycopg.connect(
            location,
            autocommit=True,
            row_factory=dict_row,
            connect_timeout=max(1, int(busy_timeout)),
        )
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to the PostgreSQL store {_redact(location)}: "
            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}; "
            "check that the server runs, the database exists (createdb) and the user and "
            "password are right",
            code="E-STORE-OPEN",
        ) from exc


def _redact(location: str) -> str:
    # Never print a password from the URL in an error message.
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)


def _failure(exc: psycopg.Error, location: str) -> StoreError:
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return StoreError(
            f"the store {_redact(location)} is busy: another process kept writing longer than "
            "the busy timeout; wait for it to finish or run one writer at a time",
            code="E-STORE-LOCKED",
        )
    return StoreError(
        f"the store {_redact(location)} failed: {str(exc).strip()}; check the server log, "
        "free disk space and the user's permissions",
        code="E-STORE-IO",
    )
