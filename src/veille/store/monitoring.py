"""The monitoring tables of a store: watchlists, alerts, their delivery state, watched sources.

:class:`MonitorStore` reads and writes the tables of migration 9 (SQLite) /
7 (PostgreSQL) through the store's own connection and transactions, with the
SQL both dialects share (``?`` placeholders, ``ON CONFLICT … DO NOTHING``),
so :mod:`veille.watch` and :mod:`veille.alerts` work on either backend.

What makes a restart neither lose nor repeat an alert lives here:

- matching reads the articles stored after a cursor (``alerts_cursor`` in
  the store's key/value table) and :meth:`MonitorStore.commit_matches`
  writes the new alerts, the articles they cover, one pending delivery per
  channel, and the new cursor in **one** transaction: a crash before it
  commits leaves the cursor where it was, and the articles are matched again;
- an alert's id is derived from its watchlist and its ``dedup_key`` (the
  story, or the tension excursion), and ``UNIQUE (watchlist, dedup_key)``
  refuses a second one whatever happens;
- a delivery is marked delivered once the receiver accepted it; one killed
  between the two is sent again with the same alert id (at least once, with
  the id as idempotency key: ``X-Veille-Alert``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from veille.errors import StoreError
from veille.store.base import Store

CURSOR_KEY = "alerts_cursor"
"""Key, in the store's key/value table, of the last article pk matched against watchlists."""

CHANNELS = ("webhook", "email")
"""Channels an alert is pushed to; the Atom feed is read, not pushed, so it has no state."""


class _Sql(Protocol):
    """The statement runners every backend of :mod:`veille.store` provides (``?`` placeholders)."""

    _META_TABLE: str

    def _read(self) -> AbstractContextManager[Any]: ...
    def _write(self) -> AbstractContextManager[Any]: ...
    def _one(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> Any: ...  # noqa: ANN401
    def _all(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> Any: ...  # noqa: ANN401
    def _run(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> int: ...  # noqa: ANN401


@dataclass(frozen=True, slots=True)
class WatchlistRow:
    """A stored watchlist: its name, rule and delivery targets as JSON objects."""

    name: str
    rule: dict[str, Any]
    delivery: dict[str, Any]
    since_pk: int
    created_at: str


@dataclass(frozen=True, slots=True)
class NewAlert:
    """An alert to write: what :meth:`MonitorStore.commit_matches` stores."""

    watchlist: str
    kind: str
    dedup_key: str
    title: str
    payload: dict[str, Any]
    story_id: str | None = None
    article_id: str | None = None
    covers: tuple[str, ...] = ()
    channels: tuple[tuple[str, str], ...] = ()
    """``(channel, target)`` pairs to deliver to: the watchlist's webhook and e-mail."""

    @property
    def id(self) -> str:
        """The alert's stable id: the same watchlist and key always give the same id."""
        return alert_id(self.watchlist, self.dedup_key)


@dataclass(frozen=True, slots=True)
class AlertRow:
    """A stored alert with its delivery state per channel."""

    seq: int
    id: str
    watchlist: str
    kind: str
    dedup_key: str
    story_id: str | None
    article_id: str | None
    title: str
    payload: dict[str, Any]
    created_at: str
    acknowledged_at: str | None
    deliveries: tuple[DeliveryState, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryState:
    """Where one alert stands on one channel."""

    channel: str
    target: str
    status: str
    attempts: int
    next_attempt_at: str
    last_error: str | None
    delivered_at: str | None


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the watcher remembers of one source between polls and across restarts."""

    source: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    failures: int = 0
    retry_at: str | None = None
    last_polled_at: str | None = None
    last_status: str | None = None


def alert_id(watchlist: str, dedup_key: str) -> str:
    """Return the id of the alert of ``watchlist`` for ``dedup_key`` (stable across runs)."""
    digest = hashlib.sha256(f"{watchlist}\x1f{dedup_key}".encode()).hexdigest()
    return f"al-{digest[:20]}"


def utc_text(moment: datetime | None = None) -> str:
    """Return ``moment`` (default: now) as the stores' fixed-width ISO 8601 UTC text."""
    value = (moment or datetime.now(UTC)).astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class MonitorStore:
    """The monitoring tables of one open store (SQLite or PostgreSQL)."""

    def __init__(self, store: Store) -> None:
        """Work through ``store``'s connection; it must be a store of :mod:`veille.store`."""
        if not all(hasattr(store, name) for name in ("_read", "_write", "_one", "_all", "_run")):
            raise StoreError(
                f"{type(store).__name__} is not a veille store; open one with open_store()",
                code="E-STORE-ARGUMENT",
            )
        self.store = store
        self._sql = cast(_Sql, store)

    # -- watchlists ------------------------------------------------------------

    def add_watchlist(self, name: str, rule: dict[str, Any], delivery: dict[str, Any]) -> None:
        """Store a new watchlist; it sees articles stored from now on.

        Raises ``E-WATCHLIST-EXISTS`` when the name is taken.
        """
        sql = self._sql
        with sql._write() as conn:
            if sql._one(conn, "SELECT 1 FROM watchlists WHERE name = ?", (name,)) is not None:
                raise StoreError(
                    f"a watchlist named {name!r} exists already; remove it first "
                    f"(veille watchlist rm {name}) or choose another name",
                    code="E-WATCHLIST-EXISTS",
                )
            last = sql._one(conn, "SELECT COALESCE(MAX(pk), 0) AS newest FROM articles")
            sql._run(
                conn,
                "INSERT INTO watchlists (name, rule, delivery, since_pk, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, _dumps(rule), _dumps(delivery), int(last["newest"]), utc_text()),
            )

    def watchlists(self) -> list[WatchlistRow]:
        """Return every watchlist, by name."""
        sql = self._sql
        with sql._read() as conn:
            rows = sql._all(conn, "SELECT * FROM watchlists ORDER BY name")
        return [_watchlist(row) for row in rows]

    def watchlist(self, name: str) -> WatchlistRow | None:
        """Return the watchlist called ``name``, or None."""
        sql = self._sql
        with sql._read() as conn:
            row = sql._one(conn, "SELECT * FROM watchlists WHERE name = ?", (name,))
        return None if row is None else _watchlist(row)

    def remove_watchlist(self, name: str) -> bool:
        """Delete a watchlist with its alerts and their delivery state; False if absent."""
        sql = self._sql
        with sql._write() as conn:
            ids = [
                r["id"]
                for r in sql._all(conn, "SELECT id FROM alerts WHERE watchlist = ?", (name,))
            ]
            # Children first: PostgreSQL checks each foreign key as rows go.
            sql._run(conn, "DELETE FROM alert_coverage WHERE watchlist = ?", (name,))
            for first in range(0, len(ids), 500):
                chunk = ids[first : first + 500]
                marks = ", ".join("?" * len(chunk))
                sql._run(conn, f"DELETE FROM alert_deliveries WHERE alert_id IN ({marks})", chunk)  # noqa: S608
            sql._run(conn, "DELETE FROM alerts WHERE watchlist = ?", (name,))
            return sql._run(conn, "DELETE FROM watchlists WHERE name = ?", (name,)) > 0

    # -- matching --------------------------------------------------------------

    def cursor(self) -> int:
        """Return the pk of the last article matched.

        Before the first match it is where the oldest watchlist starts (each
        watchlist sees the articles stored after it), or the newest article
        when there is no watchlist yet.
        """
        sql = self._sql
        with sql._read() as conn:
            row = sql._one(
                conn,
                f"SELECT value FROM {sql._META_TABLE} WHERE key = ?",  # noqa: S608 - our table name
                (CURSOR_KEY,),
            )
            if row is not None:
                return int(row["value"])
            start = sql._one(
                conn,
                "SELECT COALESCE((SELECT MIN(since_pk) FROM watchlists), "
                "(SELECT MAX(pk) FROM articles), 0) AS start",
            )
        return int(start["start"])

    def articles_after(self, pk: int, limit: int = 200) -> list[tuple[int, str]]:
        """Return ``(pk, id)`` of the articles stored after ``pk``, in storage order."""
        sql = self._sql
        with sql._read() as conn:
            rows = sql._all(
                conn, "SELECT pk, id FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (pk, limit)
            )
        return [(int(r["pk"]), str(r["id"])) for r in rows]

    def covering_alerts(self, watchlist: str, article_ids: Sequence[str]) -> set[str]:
        """Return the ids of ``watchlist``'s alerts already speaking for any of ``article_ids``."""
        if not article_ids:
            return set()
        sql = self._sql
        found: set[str] = set()
        with sql._read() as conn:
            for first in range(0, len(article_ids), 500):
                chunk = list(article_ids[first : first + 500])
                marks = ", ".join("?" * len(chunk))
                rows = sql._all(
                    conn,
                    "SELECT alert_id FROM alert_coverage "  # noqa: S608 - marks are ours
                    f"WHERE watchlist = ? AND article_id IN ({marks})",
                    (watchlist, *chunk),
                )
                found.update(str(r["alert_id"]) for r in rows)
        return found

    def has_alert(self, watchlist: str, dedup_key: str) -> bool:
        """Whether ``watchlist`` raised an alert for ``dedup_key`` already."""
        sql = self._sql
        with sql._read() as conn:
            row = sql._one(
                conn,
                "SELECT 1 FROM alerts WHERE watchlist = ? AND dedup_key = ?",
                (watchlist, dedup_key),
            )
        return row is not None

    def commit_matches(
        self,
        alerts: Sequence[NewAlert],
        coverage: Sequence[tuple[str, str, str]],
        cursor: int,
    ) -> list[str]:
        """Write new alerts, their pending deliveries, coverage and the cursor in one transaction.

        ``coverage`` rows are ``(watchlist, article id, alert id)``: later
        reports of a story already alerted on. An alert whose ``(watchlist,
        dedup_key)`` is stored already is skipped (its articles still become
        covered). Returns the ids of the alerts written.
        """
        sql = self._sql
        now = utc_text()
        written: list[str] = []
        with sql._write() as conn:
            known = {
                r["name"] for r in sql._all(conn, "SELECT name FROM watchlists")
            }  # a watchlist removed meanwhile raises nothing
            for alert in alerts:
                if alert.watchlist not in known:
                    continue
                changed = sql._run(
                    conn,
                    "INSERT INTO alerts (id, watchlist, kind, dedup_key, story_id, article_id, "
                    "title, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (
                        alert.id,
                        alert.watchlist,
                        alert.kind,
                        alert.dedup_key,
                        alert.story_id,
                        alert.article_id,
                        alert.title,
                        _dumps(alert.payload),
                        now,
                    ),
                )
                if changed:
                    written.append(alert.id)
                    for channel, target in alert.channels:
                        sql._run(
                            conn,
                            "INSERT INTO alert_deliveries (alert_id, channel, target, status, "
                            "attempts, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?) "
                            "ON CONFLICT DO NOTHING",
                            (alert.id, channel, target, now),
                        )
            covered = [*coverage, *((a.watchlist, art, a.id) for a in alerts for art in a.covers)]
            for watchlist, article_id, covering in covered:
                if watchlist not in known:
                    continue
                sql._run(
                    conn,
                    "INSERT INTO alert_coverage (watchlist, article_id, alert_id) "
                    "SELECT ?, ?, id FROM alerts WHERE id = ? ON CONFLICT DO NOTHING",
                    (watchlist, article_id, covering),
                )
            sql._run(
                conn,
                f"INSERT INTO {sql._META_TABLE} (key, value) VALUES (?, ?) "  # noqa: S608
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (CURSOR_KEY, str(cursor)),
            )
        return written

    # -- reading and acknowledging alerts -------------------------------------

    def alerts(
        self,
        watchlist: str | None = None,
        *,
        open_only: bool = False,
        limit: int = 50,
        offset: int = 0,
        ids: Sequence[str] | None = None,
    ) -> list[AlertRow]:
        """Return alerts, newest first, with their delivery state.

        ``watchlist`` keeps one watchlist's; ``open_only`` those not
        acknowledged; ``ids`` those ids.
        """
        where, params = _alert_filter(watchlist, open_only=open_only, ids=ids)
        sql = self._sql
        with sql._read() as conn:
            rows = sql._all(
                conn,
                f"SELECT * FROM alerts{where} ORDER BY seq DESC LIMIT ? OFFSET ?",  # noqa: S608
                (*params, limit, offset),
            )
            found = [str(r["id"]) for r in rows]
            states: dict[str, list[DeliveryState]] = {}
            if found:
                marks = ", ".join("?" * len(found))
                for row in sql._all(
                    conn,
                    f"SELECT * FROM alert_deliveries WHERE alert_id IN ({marks}) "  # noqa: S608
                    "ORDER BY channel",
                    found,
                ):
                    states.setdefault(str(row["alert_id"]), []).append(_delivery(row))
        return [_alert(row, tuple(states.get(str(row["id"]), ()))) for row in rows]

    def count_alerts(self, watchlist: str | None = None, *, open_only: bool = False) -> int:
        """Return how many alerts :meth:`alerts` would list without a limit."""
        where, params = _alert_filter(watchlist, open_only=open_only, ids=None)
        sql = self._sql
        with sql._read() as conn:
            row = sql._one(conn, f"SELECT COUNT(*) AS n FROM alerts{where}", params)  # noqa: S608
        return int(row["n"])

    def open_counts(self) -> dict[str, int]:
        """Return the number of unacknowledged alerts per watchlist (every watchlist listed)."""
        sql = self._sql
        with sql._read() as conn:
            rows = sql._all(
                conn,
                "SELECT w.name AS name, COUNT(a.id) AS n FROM watchlists w "
                "LEFT JOIN alerts a ON a.watchlist = w.name AND a.acknowledged_at IS NULL "
                "GROUP BY w.name ORDER BY w.name",
            )
        return {str(r["name"]): int(r["n"]) for r in rows}

    def acknowledge(self, ids: Sequence[str]) -> int:
        """Mark alerts acknowledged (an acknowledged alert keeps its time); return how many."""
        if not ids:
            return 0
        sql = self._sql
        marks = ", ".join("?" * len(ids))
        with sql._write() as conn:
            return sql._run(
                conn,
                f"UPDATE alerts SET acknowledged_at = ? WHERE id IN ({marks}) "  # noqa: S608
                "AND acknowledged_at IS NULL",
                (utc_text(), *ids),
            )

    # -- delivery --------------------------------------------------------------

    def due_deliveries(
        self, now: datetime, limit: int = 50
    ) -> list[tuple[AlertRow, DeliveryState]]:
        """Return pending deliveries whose time has come, oldest alert first."""
        sql = self._sql
        with sql._read() as conn:
            rows = sql._all(
                conn,
                "SELECT d.alert_id AS alert_id, d.channel AS channel FROM alert_deliveries d "
                "JOIN alerts a ON a.id = d.alert_id "
                "WHERE d.status = 'pending' AND d.next_attempt_at <= ? "
                "ORDER BY a.seq, d.channel LIMIT ?",
                (utc_text(now), limit),
            )
        wanted = [(str(r["alert_id"]), str(r["channel"])) for r in rows]
        if not wanted:
            return []
        alerts = {a.id: a for a in self.alerts(ids=[a for a, _ in wanted], limit=len(wanted))}
        out = []
        for alert_id_, channel in wanted:
            alert = alerts.get(alert_id_)
            if alert is None:
                continue
            state = next((d for d in alert.deliveries if d.channel == channel), None)
            if state is not None:
                out.append((alert, state))
        return out

    def delivered(self, alert_id_: str, channel: str) -> None:
        """Record that ``channel`` accepted the alert."""
        sql = self._sql
        with sql._write() as conn:
            sql._run(
                conn,
                "UPDATE alert_deliveries SET status = 'delivered', delivered_at = ?, "
                "attempts = attempts + 1, last_error = NULL WHERE alert_id = ? AND channel = ?",
                (utc_text(), alert_id_, channel),
            )

    def delivery_failed(
        self, alert_id_: str, channel: str, error: str, retry_at: datetime | None
    ) -> None:
        """Record a failed attempt; ``retry_at`` None means no more tries (status ``failed``)."""
        sql = self._sql
        status = "failed" if retry_at is None else "pending"
        with sql._write() as conn:
            sql._run(
                conn,
                "UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, "
                "last_error = ?, next_attempt_at = ? WHERE alert_id = ? AND channel = ?",
                (status, error[:2000], utc_text(retry_at), alert_id_, channel),
            )

    # -- watched sources -------------------------------------------------------

    def source_state(self, source: str) -> SourceState:
        """Return what is remembered of ``source`` (an empty state for a new one)."""
        sql = self._sql
        with sql._read() as conn:
            row = sql._one(conn, "SELECT * FROM watch_sources WHERE source = ?", (source,))
        if row is None:
            return SourceState(source)
        return SourceState(
            source=str(row["source"]),
            etag=row["etag"],
            last_modified=row["last_modified"],
            body_hash=row["body_hash"],
            failures=int(row["failures"]),
            retry_at=row["retry_at"],
            last_polled_at=row["last_polled_at"],
            last_status=row["last_status"],
        )

    def save_source_state(self, state: SourceState) -> None:
        """Remember ``state`` for its source (replacing what was there)."""
        sql = self._sql
        with sql._write() as conn:
            sql._run(
                conn,
                "INSERT INTO watch_sources (source, etag, last_modified, body_hash, failures, "
                "retry_at, last_polled_at, last_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, body_hash = excluded.body_hash, "
                "failures = excluded.failures, retry_at = excluded.retry_at, "
                "last_polled_at = excluded.last_polled_at, last_status = excluded.last_status",
                (
                    state.source,
                    state.etag,
                    state.last_modified,
                    state.body_hash,
                    state.failures,
                    state.retry_at,
                    state.last_polled_at,
                    state.last_status,
                ),
            )

    def source_states(self) -> Iterator[SourceState]:
        """Yield the state of every source polled so far."""
        sql = self._sql
        with sql._read() as conn:
            rows = sql._all(conn, "SELECT source FROM watch_sources ORDER BY source")
        for row in rows:
            yield self.source_state(str(row["source"]))


def _alert_filter(
    watchlist: str | None, *, open_only: bool, ids: Sequence[str] | None
) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    params: list[Any] = []
    if watchlist is not None:
        clauses.append("watchlist = ?")
        params.append(watchlist)
    if open_only:
        clauses.append("acknowledged_at IS NULL")
    if ids is not None:
        clauses.append(f"id IN ({', '.join('?' * len(ids)) or 'NULL'})")
        params.extend(ids)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _watchlist(row: Any) -> WatchlistRow:  # noqa: ANN401 - a sqlite3.Row or a dict
    return WatchlistRow(
        name=str(row["name"]),
        rule=json.loads(row["rule"]),
        delivery=json.loads(row["delivery"]),
        since_pk=int(row["since_pk"]),
        created_at=str(row["created_at"]),
    )


def _alert(row: Any, deliveries: tuple[DeliveryState, ...]) -> AlertRow:  # noqa: ANN401
    return AlertRow(
        seq=int(row["seq"]),
        id=str(row["id"]),
        watchlist=str(row["watchlist"]),
        kind=str(row["kind"]),
        dedup_key=str(row["dedup_key"]),
        story_id=row["story_id"],
        article_id=row["article_id"],
        title=str(row["title"]),
        payload=json.loads(row["payload"]),
        created_at=str(row["created_at"]),
        acknowledged_at=row["acknowledged_at"],
        deliveries=deliveries,
    )


def _delivery(row: Any) -> DeliveryState:  # noqa: ANN401
    return DeliveryState(
        channel=str(row["channel"]),
        target=str(row["target"]),
        status=str(row["status"]),
        attempts=int(row["attempts"]),
        next_attempt_at=str(row["next_attempt_at"]),
        last_error=row["last_error"],
        delivered_at=row["delivered_at"],
    )
