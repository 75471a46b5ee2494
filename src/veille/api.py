"""The HTTP API and the dashboard it serves (``veille serve``).

:func:`create_app` builds a FastAPI application over one store; the routes
are module-level, on :data:`router`, and read the settings and the store from
``app.state`` (the watchlist and alert routes are on their own router, in
:mod:`veille.alerts.api`). Read
endpoints return exactly the JSON that the CLI prints with ``--json`` (made
by :func:`veille.serialize.to_dict`); list endpoints return a JSON list and
say how many rows matched in the ``X-Total-Count`` header, and in
``X-Has-More`` whether another page follows. Errors are JSON objects
``{"code": ..., "message": ...}`` whose message says what to do: 400 for
a request that cannot be answered (a search with no word, a NUL), 422 for
a parameter out of range (``offset`` beyond 10^9, ``limit`` over 1000),
503 when the store failed or a read took more than ``query_timeout``
(``E-QUERY-TIMEOUT``). Read requests run on a pool of threads, each with
its own read-only store connection (:mod:`veille.web.readers`), so one slow
query holds only its own thread.

``/api/events`` returns merged events by default (one record per real-world
event, the CLI's ``veille events --merged --json``, see
:mod:`veille.queries.merged`) and raw events with ``merged=false`` (``veille
events --json``); the same filters apply to both, in the store. The total
of raw events is always given, except with a text query ``q`` before the
last page (counting would read every sentence); the total of merged events
is given once the listing has reached its end (a last page or a small
store), since counting them means merging everything. The list counts every
event (``salience=all``); the timeline, dyad and network charts count lead
events unless ``salience`` says otherwise, so that recalled background does
not inflate them.

Writes (``POST /api/ingest``) need ``Authorization: Bearer <VEILLE_TOKEN>``;
with no token configured every write is refused, so a server started
without thinking about it is read-only. The body is capped at
``max_bytes`` and URLs go through the same network guard as the CLI.

``/docs`` is an API reference page shipped in the package that reads
``/openapi.json``; FastAPI's own Swagger page is not used because it loads its
scripts from a CDN, and the dashboard must work offline.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from veille.alerts.api import router as alerts_router
from veille.engine import IngestReport, ingest_documents, ingest_iter, store_for
from veille.errors import ApiError, FilterError, StoreError, VeilleError, internal_error_message
from veille.flat import EVENT_COLUMNS, MERGED_COLUMNS, flat_event, flat_merged
from veille.queries import actor_json, actors_with_mentions, story_page
from veille.queries.charts import (
    BucketChoice,
    chart_events,
    dyad_timeline,
    page_events,
    store_network,
    store_timeline,
)
from veille.queries.geo import event_map
from veille.queries.merged import merged_page
from veille.records import RawDocument
from veille.search import search_articles, split_alternatives
from veille.serialize import JsonDict, event_from_dict, to_dict
from veille.settings import Settings, parse_datetime
from veille.sources.feeds import iter_feed_entries
from veille.store import Store
from veille.store.base import SearchHit
from veille.store.event_query import ActorHowFilter, EventFilter, join_json
from veille.stories.views import story_json, summary_json
from veille.web.auth import authorise
from veille.web.readers import ReadPool, reading

__all__ = ["ApiError", "create_app", "router"]

router = APIRouter()
"""Every route of the API and the dashboard; :func:`create_app` includes it (and the alerts')."""

MAX_PAGE = 1000
"""Largest ``limit`` a list endpoint accepts: bigger pulls belong to ``veille export``."""

MAX_OFFSET = 1_000_000_000
"""Largest ``offset`` a list endpoint accepts (422 beyond): far past any store, and within
the 64-bit integers SQLite and PostgreSQL take (2^63 and more used to answer 500)."""

_USER_STORE_ERRORS = frozenset({"E-STORE-ARGUMENT", "E-SEARCH-EMPTY"})
"""Store errors that the request caused (a search with no word, a bad argument): 400."""

Salience = Literal["lead", "background", "all"]
_PLACE_HELP = "Where the event happened: ISO alpha-3 country (UKR) or place id (G:703448)"
_SALIENCE_HELP = "lead (what the article reports as new), background (recalled context) or all"
_ACTOR_HOW_HELP = (
    "stated: only events whose actors their own sentence names; coreference: also actors "
    "referred back to (elle, the minister); all: also actors taken from the article's context"
)
_CHART_SALIENCE_HELP = _SALIENCE_HELP + "; charts count lead events unless asked"
_MERGED_HELP = (
    "true (default): one record per real-world event across the articles of a story, with "
    "its supports and disagreements; false: every event as coded in each article"
)

# The query parameters the event endpoints share, defined once. Salience has two
# definitions on purpose: the event list shows every event by default, the charts
# (timeline, dyad, network, map) count lead events unless asked.
Since = Annotated[str | None, Query(description="Earliest event date (ISO)")]
Until = Annotated[str | None, Query(description="Latest event date (ISO)")]
ListSalience = Annotated[Salience, Query(description=_SALIENCE_HELP)]
ChartSalience = Annotated[Salience, Query(description=_CHART_SALIENCE_HELP)]
ActorHowQuery = Annotated[ActorHowFilter, Query(description=_ACTOR_HOW_HELP)]


class EventFilterQuery:
    """The event filters ``/api/events``, ``/api/map`` and ``/api/timeline`` read alike.

    A FastAPI dependency: the endpoints declare it once and FastAPI reads its
    parameters from the query string. Dates and salience stay the endpoints'
    own, on purpose: the timeline takes no date range (it always spans every
    date, and the dashboard picks a range by brushing across it), and the
    event list and the charts have different salience defaults.
    """

    def __init__(
        self,
        *,
        actor: Annotated[str | None, Query(description="Actor code or name on either side")] = None,
        type: Annotated[str | None, Query(description="PLOVER type or CAMEO code")] = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        language: Annotated[str | None, Query(description="Article language: fr, en")] = None,
        place: Annotated[str | None, Query(description=_PLACE_HELP)] = None,
        q: Annotated[str | None, Query(max_length=500, description="Words in the sentence")] = None,
        actor_how: ActorHowQuery = "all",
    ) -> None:
        """Keep the values FastAPI read (FastAPI calls this with the query parameters)."""
        self.actor = actor
        self.event_type = type
        self.quad_class = quad_class
        self.language = language
        self.place = place
        self.text = q
        self.actor_how = actor_how

    def event_filter(
        self,
        *,
        salience: str,
        since: str | None = None,
        until: str | None = None,
        dyad: str | None = None,
        article_ids: Sequence[str] | None = None,
        commentary: bool = True,
    ) -> EventFilter:
        """Read the filters as the CLI does (:func:`veille.filters.event_filter`).

        Names in any language (``Russie``), CAMEO codes (``190``) and place
        names (``Ukraine``) are accepted; a value that names nothing is an
        ``E-FILTER`` error (400) listing the accepted ones, not an empty page,
        and a dyad that is not two actors a bad request (400 E-BAD-REQUEST).
        """
        from veille.filters import event_filter  # noqa: PLC0415 - loads data files on use

        try:
            return event_filter(
                actor=self.actor,
                dyad=dyad,
                event_type=self.event_type,
                place=self.place,
                since=since,
                until=until,
                salience=salience,
                actor_how=self.actor_how,
                quad_class=self.quad_class,
                language=self.language,
                text=self.text,
                commentary=commentary,
                article_ids=article_ids,
            )
        except FilterError as exc:
            if exc.parameter == "dyad":
                message = "dyad takes two actor codes: dyad=RUS,BLR"
                raise ApiError(400, message, code="E-BAD-REQUEST") from exc
            raise


_STATIC = Path(str(files("veille") / "web" / "static"))
_INGEST_KINDS = ("text", "html", "url", "feed")
_INGEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "Exactly one of text, html, url or feed.",
                "properties": {
                    "text": {"type": "string", "description": "Article text (title first)"},
                    "html": {"type": "string", "description": "A web page"},
                    "url": {"type": "string", "description": "http(s) URL, network-guarded"},
                    "feed": {"type": "string", "description": "Feed URL or feed XML"},
                    "as_of": {"type": "string", "description": "Reference time, ISO 8601"},
                    "language": {"type": "string", "enum": ["auto", "fr", "en"]},
                },
            }
        }
    },
}


# ---------------------------------------------------------------------------
# the application


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """Build the API and dashboard over the store that ``settings`` name.

    A ``store`` passed in is used as is and left open; otherwise the app
    opens one when it starts and closes it when it stops. That store takes
    the writes (``POST /api/ingest``); read endpoints run on the threads of a
    :class:`~veille.web.readers.ReadPool`, each with its own read-only
    connection to the same location, under ``settings.query_timeout``.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store if store is not None else store_for(settings)
        app.state.readers = ReadPool(
            app.state.store, threads=settings.api_threads, timeout=settings.query_timeout
        )
        try:
            yield
        finally:
            app.state.readers.close()
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="veille",
        summary="Geopolitical news events with evidence spans: read, filter, ingest.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    # CORS stays closed: no CORSMiddleware, so browsers refuse cross-site reads.
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")

    @app.exception_handler(VeilleError)
    async def veille_error(_: Request, exc: VeilleError) -> JSONResponse:
        body = {"code": exc.code, "message": exc.message}
        return JSONResponse(body, status_code=_status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        body = {"code": "E-BAD-REQUEST", "message": _validation_message(exc)}
        return JSONResponse({**body, "detail": jsonable_encoder(exc.errors())}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # A bug of veille, not the client's doing: still an answer in the API's form.
        body = {"code": "E-INTERNAL", "message": internal_error_message(exc)}
        return JSONResponse(body, status_code=500)

    app.add_middleware(_RefuseNul)

    app.state.settings = settings
    app.include_router(router)
    # Watchlists and alerts (issue 22): their routes live in veille.alerts.api.
    app.include_router(alerts_router)
    return app


# ---------------------------------------------------------------------------
# the routes: module-level, reading the settings and the store from app.state


def _current_store(request: Request) -> Store:
    """Return the store a route reads: inside a read route, its thread's own (see reading())."""
    readers: ReadPool = request.app.state.readers
    found: Store = readers.current() or request.app.state.store
    return found


@router.get("/", include_in_schema=False)
def dashboard() -> FileResponse:
    return FileResponse(_STATIC / "index.html", media_type="text/html")


@router.get("/docs", include_in_schema=False)
def docs() -> FileResponse:
    return FileResponse(_STATIC / "docs.html", media_type="text/html")


@router.get("/api/articles", summary="List articles, newest first (same JSON as the CLI)")
@reading
def list_articles(
    request: Request,
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    found = _current_store(request)
    rows = [to_dict(a) for a in found.articles(limit=limit, offset=offset)]
    return _json(rows, total=found.count_articles())


@router.get("/api/articles/{article_id}", summary="One article with sections, mentions, events")
@reading
def show_article(request: Request, article_id: str) -> Response:
    result = _current_store(request).article(article_id)
    if result is None:
        raise ApiError(
            404,
            f"no article with id {article_id!r}; list ids with GET /api/articles",
            code="E-NOT-FOUND",
        )
    return _json(to_dict(result))


@router.get(
    "/api/search",
    summary="Search articles as `veille search` does: across languages, A OR B, filters",
)
@reading
def search(
    *,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    actor: Annotated[str | None, Query(description="Articles mentioning this actor")] = None,
    since: Annotated[str | None, Query(description="Published on or after (ISO)")] = None,
    until: Annotated[str | None, Query(description="Published on or before (ISO)")] = None,
    language: Annotated[str | None, Query(description="Article language: fr, en")] = None,
) -> Response:
    hits = search_articles(
        _current_store(request),
        q,
        limit=limit,
        actor=actor,
        since=since,
        until=until,
        language=language,
    )
    return _search_answer(q, hits)


@router.get(
    "/api/events",
    summary="Events, merged (one per real event) or raw, filtered, paginated, JSON or CSV",
)
@reading
def list_events(
    *,
    request: Request,
    filters: Annotated[EventFilterQuery, Depends()],
    dyad: Annotated[str | None, Query(description="Two codes: RUS,BLR")] = None,
    since: Since = None,
    until: Until = None,
    salience: ListSalience = "all",
    article: Annotated[
        list[str] | None,
        Query(max_length=MAX_PAGE, description="Only these articles' events (repeatable)"),
    ] = None,
    commentary: Annotated[bool, Query(description="Include commentary sections")] = True,
    merged: Annotated[bool, Query(description=_MERGED_HELP)] = True,
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    query = filters.event_filter(
        salience=salience,
        since=since,
        until=until,
        dyad=dyad,
        article_ids=article or None,
        commentary=commentary,
    )
    found = _current_store(request)
    if merged:
        page = merged_page(found, query, offset, limit)
        if format == "csv":
            # The flat rows of `veille export --format csv --merged` (docs/export.md).
            headlines = found.article_headlines(
                [s.article_id for m in page.events for s in m.supports]
            )
            rows = [flat_merged(m, headlines) for m in page.events]
            return _csv(rows, MERGED_COLUMNS, "merged-events.csv", total=page.total, more=page.more)
        return _json([to_dict(m) for m in page.events], total=page.total, more=page.more)
    raw = page_events(found, query, offset, limit)
    if format == "csv":
        listed = [event_from_dict(json.loads(text)) for text in raw.texts]
        headlines = found.article_headlines([e.article_id for e in listed])
        rows = [flat_event(e, headlines.get(e.article_id)) for e in listed]
        return _csv(rows, EVENT_COLUMNS, "events.csv", total=raw.total, more=raw.more)
    headers = _page_headers(raw.total, raw.more)
    return Response(join_json(raw.texts), media_type="application/json", headers=headers)


@router.get("/api/timeline", summary="Events per period (day to year) by quad class or PLOVER type")
@reading
def timeline(
    *,
    request: Request,
    group: Annotated[Literal["quad_class", "type"], Query()] = "quad_class",
    bucket: Annotated[
        BucketChoice, Query(description="day, week, month, year, or auto to fit the span")
    ] = "auto",
    filters: Annotated[EventFilterQuery, Depends()],
    salience: ChartSalience = "lead",
) -> Response:
    query = filters.event_filter(salience=salience)
    return _json(store_timeline(_current_store(request), query, group, bucket))


@router.get("/api/dyads/{a}/{b}/timeline", summary="Tension index of a dyad over time")
@reading
def dyad(
    *,
    request: Request,
    a: str,
    b: str,
    bucket: Annotated[
        BucketChoice, Query(description="day, week, month, year, or auto to fit the span")
    ] = "day",
    since: Since = None,
    until: Until = None,
    salience: ChartSalience = "lead",
    actor_how: ActorHowQuery = "all",
) -> Response:
    first, second = a.upper(), b.upper()
    query = EventFilter(
        dyad=(first, second),
        since=since,
        until=until,
        salience=salience,
        actor_how=actor_how,
        commentary=False,
    )
    events = chart_events(_current_store(request), query)
    return _json(dyad_timeline(events, first, second, bucket))


@router.get("/api/network", summary="Actor network: who acts on whom, with counts and tone")
@reading
def network(
    *,
    request: Request,
    since: Since = None,
    until: Until = None,
    # A plain PLOVER type, not read as a typed filter (no CAMEO code, no E-FILTER for a
    # type that names nothing) as the other endpoints do: kept so, to change no answer.
    type: str | None = None,
    salience: ChartSalience = "lead",
    actor_how: ActorHowQuery = "all",
) -> Response:
    query = EventFilter(
        since=since,
        until=until,
        event_type=type,
        salience=salience,
        actor_how=actor_how,
        commentary=False,
    )
    return _json(store_network(_current_store(request), query))


@router.get("/api/actors", summary="Actors of the knowledge base with stored mention counts")
@reading
def actors(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> Response:
    found = actors_with_mentions(_current_store(request), q, limit)
    rows = [actor_json(actor, count) for actor, count in found]
    return _json(rows, total=len(rows))


@router.get(
    "/api/labels", summary="Names people read for actor codes (PER:vladimir-putin and others)"
)
def labels(
    code: Annotated[list[str] | None, Query(max_length=200)] = None,
) -> Response:
    """Map each ``code`` asked to its label: "Vladimir Putin (RUS)"; a state stays "RUS"."""
    from veille.actors.labels import actor_labels  # noqa: PLC0415 - reads data files

    return _json(actor_labels((code or [])[:MAX_PAGE]))


@router.get("/api/stories", summary="Stories: articles reporting the same happening")
@reading
def stories(
    request: Request,
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    page = story_page(_current_store(request), limit, offset)
    rows = [
        summary_json(story, page.titles[story.id], page.languages[story.id])
        for story in page.stories
    ]
    return _json(rows, more=page.more)


@router.get(
    "/api/stories/{story_id}",
    summary="One story: its articles and merged events, with supports and disagreements",
)
@reading
def show_story(request: Request, story_id: str) -> Response:
    body = story_json(_current_store(request), story_id)
    if body is None:
        raise ApiError(
            404,
            f"no story with id {story_id!r}; list ids with GET /api/stories",
            code="E-NOT-FOUND",
        )
    return _json(body)


@router.post(
    "/api/ingest",
    summary="Ingest text, HTML, a URL or a feed (needs VEILLE_TOKEN)",
    openapi_extra={"requestBody": _INGEST_BODY},
    status_code=201,
)
async def ingest(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    authorise(request, settings.token)
    payload = await _read_json_body(request, settings.max_bytes)
    kind, value, overrides = _ingest_request(payload)
    effective = replace(settings, **overrides)
    effective.validate()
    target = _current_store(request)
    # Ingesting runs spaCy for seconds: keep it off the event loop.
    from starlette.concurrency import run_in_threadpool  # noqa: PLC0415

    report = await run_in_threadpool(_ingest, kind, value, target, effective)
    body = {
        "counts": dict(report.counts),
        "article_ids": report.article_ids,
        "errors": [to_dict(e) for e in report.errors],
    }
    return _json(body, status=201 if report.article_ids else 200)


# Events by country and by city for the world map (docs/map.md). Like the other charts it
# counts lead events unless ``salience`` says otherwise, never negated ones, and leaves out
# commentary sections; see veille.queries.geo for the fields of the answer. (A comment, not a
# docstring: FastAPI would publish a docstring as the endpoint's description.)
@router.get(
    "/api/map",
    summary="Events by country (country precision) and by city (points), for the world map",
)
@reading
def map_counts(
    *,
    request: Request,
    filters: Annotated[EventFilterQuery, Depends()],
    since: Since = None,
    until: Until = None,
    salience: ChartSalience = "lead",
) -> Response:
    query = filters.event_filter(salience=salience, since=since, until=until, commentary=False)
    return _json(event_map(chart_events(_current_store(request), query, places=True)))


def _search_answer(query: str, hits: Sequence[SearchHit]) -> Response:
    """Answer a search with its hits and, in ``X-Named-Actors``, the actors the query names.

    The actors are those each side of the query names in any language
    (``Poutine`` and ``Putin``: ``PER:vladimir-putin``), so the dashboard
    can list their events too, whatever the spelling in the sentence.
    """
    from veille.filters import names_actor  # noqa: PLC0415 - loads the knowledge base

    named = [names_actor(side.strip('"')) for side in split_alternatives(query)]
    body = json.dumps([to_dict(h) for h in hits], ensure_ascii=False, separators=(",", ":"))
    headers = {
        **_page_headers(len(hits), None),
        "X-Named-Actors": ",".join(dict.fromkeys(code for code in named if code)),
    }
    return Response(body, media_type="application/json", headers=headers)


# ---------------------------------------------------------------------------
# read endpoints and errors


class _RefuseNul:
    """Answer 400 to a request holding a NUL in its path or query (pure ASGI: no extra task).

    NUL ends a query for SQLite's FTS and PostgreSQL refuses it in text: no
    filter, query or identifier legitimately holds one.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap the ASGI application ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request, or pass it on."""
        if scope["type"] == "http" and _holds_nul(scope):
            body = {"code": "E-BAD-REQUEST", "message": "the request holds a NUL (%00); remove it"}
            await JSONResponse(body, status_code=400)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _holds_nul(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    query: bytes = scope.get("query_string", b"")
    return "\x00" in path or b"%00" in query or b"\x00" in query


def _status_of(exc: VeilleError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    if isinstance(exc, StoreError):
        if exc.code in _USER_STORE_ERRORS:
            return 400
        return 503  # the store failed or ran out of time, not the request
    return 400


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "query")
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) + "; see /docs for the accepted values"


# ---------------------------------------------------------------------------
# ingest helpers


async def _read_json_body(request: Request, limit: int) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    too_large = ApiError(
        413,
        f"request body larger than {limit} bytes; send less, or raise VEILLE_MAX_BYTES",
        code="E-TOO-LARGE",
    )
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    # Count while reading so that a client lying about (or omitting)
    # Content-Length still cannot make the server buffer more than the cap.
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(
            400,
            f'the body is not JSON ({exc}); send an object like {{"text": "..."}}',
            code="E-BAD-REQUEST",
        ) from exc
    if not isinstance(payload, dict):
        raise ApiError(400, "the body must be a JSON object", code="E-BAD-REQUEST")
    return payload


def _ingest_request(payload: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    given = [k for k in _INGEST_KINDS if payload.get(k) not in (None, "")]
    if len(given) != 1:
        raise ApiError(
            400,
            "send exactly one of text, html, url or feed (a feed URL or the feed's XML)",
            code="E-BAD-REQUEST",
        )
    kind = given[0]
    value = payload[kind]
    if not isinstance(value, str):
        raise ApiError(400, f"{kind} must be a string", code="E-BAD-REQUEST")
    if kind == "url" and not value.lower().startswith(("http://", "https://")):
        # Without this a caller could name a file on the server as a "source".
        raise ApiError(400, "url must start with http:// or https://", code="E-BAD-REQUEST")
    overrides: dict[str, Any] = {}
    if payload.get("as_of"):
        overrides["as_of"] = parse_datetime(str(payload["as_of"]))
    if payload.get("language"):
        overrides["language"] = str(payload["language"])
    return kind, value, overrides


def _ingest(kind: str, value: str, store: Store, settings: Settings) -> IngestReport:
    report = IngestReport()
    digest = hashlib.sha256(value.encode()).hexdigest()[:16]
    outcomes: Iterable[Any]
    if kind == "url" or (kind == "feed" and value.lower().startswith(("http://", "https://"))):
        outcomes = ingest_iter([value], store, settings, resume=False)
    elif kind == "feed":
        entries = iter_feed_entries(value.encode(), f"api:feed:{digest}")
        outcomes = ingest_documents(entries, store, settings, resume=False)
    else:
        media = "text/html" if kind == "html" else "text/plain"
        document = RawDocument(
            source=f"api:{kind}:{digest}",
            data=value,
            media_type=media,
            reference_time=settings.as_of,
            reference_time_source="api" if settings.as_of else None,
        )
        outcomes = ingest_documents([document], store, settings, resume=False)
    for outcome in outcomes:
        report.add(outcome)
    return report


# ---------------------------------------------------------------------------
# small helpers


def _page_headers(total: int | None, more: bool | None) -> dict[str, str]:
    headers = {} if total is None else {"X-Total-Count": str(total)}
    if more is not None:
        headers["X-Has-More"] = "true" if more else "false"
    return headers


def _json(
    value: object, *, total: int | None = None, more: bool | None = None, status: int = 200
) -> Response:
    headers = _page_headers(total, more)
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _csv(
    rows: Sequence[JsonDict],
    columns: Sequence[str],
    filename: str,
    *,
    total: int | None,
    more: bool,
) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            **_page_headers(total, more),
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
