"""HTTP routes of watchlists and alerts, added to the API by :func:`veille.api.create_app`.

================================================  ==========================================
``GET /api/watchlists``                           watchlists with their open alert counts
``POST /api/watchlists``                          add one (token): ``{name, rule, delivery}``
``DELETE /api/watchlists/{name}``                 remove one with its alerts (token)
``GET /api/watchlists/{name}/alerts.atom``        its alerts as an Atom feed (any feed reader)
``GET /api/alerts?watchlist&open&limit&offset``   alerts, newest first, with delivery state
``GET /api/alerts/count``                         open alerts, in all and per watchlist (badge)
``POST /api/alerts/{id}/ack``                     acknowledge an alert (token)
================================================  ==========================================

Reads run on the API's read pool (:func:`veille.web.readers.reading`: their own
read-only connections, a time limit, answers cached until the store changes);
writes go through the application's store and need the same
``Authorization: Bearer <VEILLE_TOKEN>`` as
``POST /api/ingest``. A refused rule answers 400 with code ``E-WATCHLIST``
and the valid values in the message.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from veille.alerts.atom import atom_feed
from veille.alerts.deliver import alert_json
from veille.alerts.rules import rule_from_json
from veille.alerts.watchlists import add_watchlist, require_watchlist, watchlist_json
from veille.errors import ApiError, WatchlistError
from veille.settings import Settings
from veille.store import Store
from veille.store.monitoring import MonitorStore, WatchlistRow
from veille.web.auth import authorise
from veille.web.readers import reading

router = APIRouter()

MAX_ALERTS = 500
"""Largest page of alerts, and the most entries an Atom feed carries."""

_WATCHLIST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["name", "rule"],
                "properties": {
                    "name": {"type": "string", "description": "lower-case letters, digits, - _"},
                    "rule": {
                        "type": "object",
                        "description": "actors, dyad, types, quad_classes, places, salience, "
                        "languages, min_goldstein, max_goldstein, negated, min_articles, text, "
                        "tension, tension_z (see docs/watch.md)",
                    },
                    "delivery": {
                        "type": "object",
                        "description": "webhook (URL), webhook_format (json|slack), email (list)",
                    },
                },
            }
        }
    },
}


def _store(request: Request) -> Store:
    """Return the store of this request: a read endpoint's own reader, else the writing one."""
    readers = getattr(request.app.state, "readers", None)
    found: Store = (readers.current() if readers is not None else None) or request.app.state.store
    return found


def _settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


def _watchlist(store: Store, name: str) -> WatchlistRow:
    """Return the watchlist ``name``, or answer 404 naming the existing ones."""
    try:
        return require_watchlist(store, name)
    except WatchlistError as exc:
        raise ApiError(404, exc.message, code=exc.code) from exc


def _json(value: object, *, total: int | None = None, status: int = 200) -> Response:
    headers = {} if total is None else {"X-Total-Count": str(total)}
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


@router.get("/api/watchlists", summary="Watchlists with their rules, delivery and open alerts")
@reading
def list_watchlists(request: Request) -> Response:
    """Every watchlist, by name."""
    monitor = MonitorStore(_store(request))
    counts = monitor.open_counts()
    rows = [watchlist_json(w, counts.get(w.name, 0)) for w in monitor.watchlists()]
    return _json(rows, total=len(rows))


@router.post(
    "/api/watchlists",
    summary="Add a watchlist (needs VEILLE_TOKEN); unknown actors or types are refused",
    openapi_extra={"requestBody": _WATCHLIST_BODY},
    status_code=201,
)
async def create_watchlist(request: Request) -> Response:
    """Check and store a watchlist from ``{"name", "rule", "delivery"}``."""
    settings = _settings(request)
    authorise(request, settings.token)
    try:
        payload = json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, f"the body is not JSON ({exc})", code="E-BAD-REQUEST") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("name"), str):
        raise ApiError(
            400,
            'send {"name": "sahel", "rule": {"places": ["MLI"]}, "delivery": {...}}',
            code="E-BAD-REQUEST",
        )
    rule = payload.get("rule") or {}
    delivery = payload.get("delivery") or {}
    if not isinstance(rule, dict) or not isinstance(delivery, dict):
        raise ApiError(400, "rule and delivery must be JSON objects", code="E-BAD-REQUEST")
    from starlette.concurrency import run_in_threadpool  # noqa: PLC0415

    # The first check loads the actor knowledge base and the gazetteer: off the event loop.
    row = await run_in_threadpool(add_watchlist, _store(request), payload["name"], rule, delivery)
    return _json(watchlist_json(row, 0), status=201)


@router.delete("/api/watchlists/{name}", summary="Remove a watchlist and its alerts (token)")
def delete_watchlist(request: Request, name: str) -> Response:
    """Remove ``name``; 400 ``E-WATCHLIST-UNKNOWN`` lists the existing ones."""
    authorise(request, _settings(request).token)
    store = _store(request)
    _watchlist(store, name)
    MonitorStore(store).remove_watchlist(name)
    return Response(status_code=204)


@router.get(
    "/api/watchlists/{name}/alerts.atom",
    summary="A watchlist's alerts as an Atom feed, newest first",
    response_class=Response,
)
@reading
def watchlist_feed(
    request: Request, name: str, limit: Annotated[int, Query(ge=1, le=MAX_ALERTS)] = 50
) -> Response:
    """Answer the Atom document a feed reader follows."""
    store = _store(request)
    row = _watchlist(store, name)
    alerts = MonitorStore(store).alerts(name, limit=limit)
    description = f"Alerts of the veille watchlist {name}: {rule_from_json(row.rule).describe()}"
    body = atom_feed(row, alerts, self_url=str(request.url), description=description)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/api/alerts", summary="Alerts, newest first, with their evidence and delivery state")
@reading
def list_alerts(
    request: Request,
    watchlist: Annotated[str | None, Query(description="Only this watchlist's alerts")] = None,
    open: Annotated[bool, Query(description="Only alerts not acknowledged")] = False,
    limit: Annotated[int, Query(ge=0, le=MAX_ALERTS)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> Response:
    """Answer a page of alerts; ``X-Total-Count`` gives how many match."""
    store = _store(request)
    if watchlist is not None:
        _watchlist(store, watchlist)
    monitor = MonitorStore(store)
    rows = monitor.alerts(watchlist, open_only=open, limit=limit, offset=offset)
    total = monitor.count_alerts(watchlist, open_only=open)
    return _json([alert_json(a) for a in rows], total=total)


@router.get("/api/alerts/count", summary="Open (unacknowledged) alerts, in all and per watchlist")
@reading
def count_alerts(request: Request) -> Response:
    """Answer what the dashboard's badge shows."""
    counts = MonitorStore(_store(request)).open_counts()
    return _json({"open": sum(counts.values()), "watchlists": counts})


@router.post("/api/alerts/{alert_id}/ack", summary="Acknowledge an alert (needs VEILLE_TOKEN)")
def acknowledge(request: Request, alert_id: str) -> Response:
    """Mark the alert acknowledged; acknowledging twice keeps the first time."""
    authorise(request, _settings(request).token)
    monitor = MonitorStore(_store(request))
    if not monitor.alerts(ids=[alert_id], limit=1):
        raise ApiError(
            404, f"no alert with id {alert_id!r}; list ids with GET /api/alerts", code="E-NOT-FOUND"
        )
    done = monitor.acknowledge([alert_id])
    return _json({"id": alert_id, "acknowledged": True, "changed": done == 1})
