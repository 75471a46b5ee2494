"""``GET /api/map``: the world map's data, added to the API by :func:`veille.api.create_app`.

Events counted by country (country precision) and by city (city precision,
with coordinates), under the dashboard's filters; see :mod:`veille.web.geo`
for what each field means. Like the other charts it counts lead events
unless ``salience`` says otherwise, never negated ones, and leaves out
commentary sections. The shapes it is drawn on ship in the package
(``/static/vendor/countries-110m.json``): nothing is fetched from outside.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from veille.api import _json, _typed_filters, reading
from veille.store import Store
from veille.store.event_query import EventFilter
from veille.web.geo import event_map
from veille.web.queries import chart_events

router = APIRouter()

_PLACE_HELP = "Where the event happened: ISO alpha-3 country (UKR), place id or name"
_SALIENCE_HELP = (
    "lead (what the article reports as new), background (recalled context) or all; "
    "the map counts lead events unless asked"
)


def _store(request: Request) -> Store:
    """Return the reading thread's own store (see :func:`veille.api.reading`)."""
    readers = request.app.state.readers
    found: Store = readers.current() or request.app.state.store
    return found


@router.get(
    "/api/map",
    summary="Events by country (country precision) and by city (points), for the world map",
)
@reading
def map_counts(
    *,
    request: Request,
    actor: Annotated[str | None, Query(description="Actor code or name on either side")] = None,
    type: Annotated[str | None, Query(description="PLOVER type or CAMEO code")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: Annotated[str | None, Query(description="Earliest event date (ISO)")] = None,
    until: Annotated[str | None, Query(description="Latest event date (ISO)")] = None,
    language: Annotated[str | None, Query(description="Article language: fr, en")] = None,
    place: Annotated[str | None, Query(description=_PLACE_HELP)] = None,
    salience: Annotated[
        Literal["lead", "background", "all"], Query(description=_SALIENCE_HELP)
    ] = "lead",
    q: Annotated[str | None, Query(max_length=500, description="Words in the sentence")] = None,
) -> Response:
    """Count the matching events where they happened, at the precision each place is known."""
    query = EventFilter(
        **_typed_filters(actor=actor, event_type=type, place=place),
        quad_class=quad_class,
        since=since,
        until=until,
        language=language,
        salience=salience,
        commentary=False,
        text=q,
    )
    return _json(event_map(chart_events(_store(request), query, places=True)))
