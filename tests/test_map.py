"""The world map's data (``GET /api/map``) and what the charts read from the store.

Each event is counted at the precision its place is known to (issue 21,
"Dashboard": a country choropleth for country-precision events, points
for city precision). The counts come from :meth:`Store.event_facts`, which
reads a few fields in the database; a test checks on SQLite and PostgreSQL
that those facts are the events' own. The map's shapes are keyed by ISO
numeric code: a test checks the package's alpha-3 → numeric table against
the shapes shipped with the dashboard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Literal

import httpx
import pytest

from _records_factory import make_article, make_event
from api_helpers import serving
from conftest_backends import location, pg_database, pg_server  # noqa: F401 - fixtures
from veille.api import create_app
from veille.queries.charts import event_timeline, store_timeline
from veille.queries.geo import event_map, iso_numeric
from veille.records import ArticleResult, Event, Location
from veille.settings import Settings
from veille.store import Store, open_store
from veille.store.event_query import EventFilter

VENDOR = Path(str(files("veille") / "web" / "static" / "vendor"))

KYIV = Location("Kyiv", "G:703448", "UKR", None, 50.45, 30.52, "city", inferred=False)
KHARKIV = Location("Kharkiv", "G:706483", "UKR", None, 49.99, 36.23, "city", inferred=False)
UKRAINE = Location("Ukraine", "C:UKR", "UKR", None, None, None, "country", inferred=False)
FRANCE = Location("France", "C:FRA", "FRA", None, None, None, "country", inferred=True)
DONBAS = Location("Donbass", "R:donbas", "UKR", None, None, None, "region", inferred=False)
CRIMEA = Location("Crimée", "A:UA-43", "UKR", "UA-43", None, None, "admin1", inferred=False)


def _events(article_id: str) -> list[Event]:
    """Events at every precision: cities, countries, a region, a subdivision, none."""
    return [
        make_event(article_id, "ASSAULT", location=KYIV, date="2026-11-20"),
        make_event(article_id, "ASSAULT", location=KYIV, date="2026-11-21", goldstein=-10.0),
        make_event(article_id, "ACCUSE", location=KHARKIV, quad_class=3),
        make_event(article_id, "ACCUSE", location=UKRAINE, source="USA", target="RUS"),
        make_event(article_id, "AGREE", location=UKRAINE, negated=True),  # not done: not counted
        make_event(article_id, "CONSULT", location=FRANCE, quad_class=1, goldstein=1.0),
        make_event(article_id, "ACCUSE", location=DONBAS),
        make_event(article_id, "ACCUSE", location=CRIMEA),
        make_event(article_id, "ACCUSE", location=None, date="2025-01-02"),
    ]


def _fill(store: Store) -> None:
    text = "Moscou dénonce la présence de l'OTAN sur le flanc est, dit le ministre."
    for number in range(2):
        article_id = f"map{number}"
        events = tuple(_events(article_id))
        store.save(
            ArticleResult(article=make_article(article_id, text + str(number)), events=events),
            f"test:{number}",
        )


@pytest.fixture
def store(location: str) -> Iterator[Store]:  # noqa: F811 - the imported fixture
    with open_store(location) as opened:
        _fill(opened)
        yield opened


def _as_tuple(event: object) -> tuple[object, ...]:
    where = getattr(event, "location", None)
    place = None
    if where is not None:
        place = (
            where.name,
            where.place_id,
            where.country,
            where.admin1,
            where.lat,
            where.lon,
            where.precision,
            where.inferred,
        )
    return (
        getattr(event, "event_date", None),
        getattr(event, "event_type", None),
        getattr(event, "quad_class", None),
        getattr(event, "goldstein", None),
        getattr(event, "negated", None),
        place,
        sorted(r.code for r in getattr(event, "source", ()) if r.code),
        sorted(r.code for r in getattr(event, "target", ()) if r.code),
    )


@pytest.mark.parametrize(
    "query",
    [
        EventFilter(),
        EventFilter(actor="USA"),
        EventFilter(place="UKR", since="2026-11-21"),
        EventFilter(salience="lead", commentary=False),
    ],
    ids=["all", "actor", "place-since", "lead"],
)
def test_event_facts_are_what_the_events_hold(store: Store, query: EventFilter) -> None:
    whole = sorted(_as_tuple(e) for e in store.events(query))
    facts = sorted(_as_tuple(f) for f in store.event_facts(query, sides=True, places=True))
    assert facts == whole
    assert whole  # each filter keeps some events
    # Without sides and places, the actors and locations are left out, nothing else.
    bare = store.event_facts(query)
    assert all(not f.source and not f.target and f.location is None for f in bare)
    assert sorted(_as_tuple(f)[:5] for f in bare) == [w[:5] for w in whole]


def test_each_event_is_counted_at_the_precision_of_its_place() -> None:
    counts = event_map(_events("a") + _events("b"))
    france, ukraine = counts["countries"]  # as many events each: by code
    assert ukraine == {
        "country": "UKR",
        "numeric": "804",
        "events": 2,  # the negated agreement is left out
        "quad_classes": {"3": 2},
        "goldstein_mean": -2.0,
        "city_events": 6,  # Kyiv twice and Kharkiv, in each article: points, not colour
    }
    assert france["country"] == "FRA"
    assert france["numeric"] == "250"
    assert france["events"] == 2
    kyiv, kharkiv = counts["points"]
    assert (kyiv["name"], kyiv["events"], kyiv["lat"], kyiv["lon"]) == ("Kyiv", 4, 50.45, 30.52)
    assert kyiv["goldstein_mean"] == -6.0
    assert (kharkiv["place_id"], kharkiv["events"]) == ("G:706483", 2)
    assert counts["not_drawn"] == {"admin1": 2, "no_location": 2, "region": 2}
    assert counts["negated"] == 2


def test_the_map_endpoint_counts_the_store_under_the_filters(tmp_path: Path) -> None:
    db = tmp_path / "veille.db"
    with open_store(str(db)) as opened:
        _fill(opened)
    app = create_app(Settings.from_env({}, db=str(db)))
    with serving(app) as url:
        every = httpx.get(f"{url}/api/map", params={"salience": "all"}, timeout=30).json()
        assert every == event_map(_events("a") + _events("b"))
        by_actor = httpx.get(
            f"{url}/api/map", params={"actor": "USA", "salience": "all"}, timeout=60
        ).json()
        assert [(c["country"], c["events"]) for c in by_actor["countries"]] == [("UKR", 2)]
        assert by_actor["points"] == []
        until = httpx.get(
            f"{url}/api/map", params={"until": "2026-11-20", "salience": "all"}, timeout=60
        )
        assert [(p["name"], p["events"]) for p in until.json()["points"]] == [("Kyiv", 2)]
        # Unknown values are refused with the accepted ones, as on every chart.
        refused = httpx.get(f"{url}/api/map", params={"actor": "Atlantis"}, timeout=60)
        assert refused.status_code == 400
        assert refused.json()["code"] == "E-FILTER"
        # The shapes are served by veille itself.
        shapes = httpx.get(f"{url}/static/vendor/countries-110m.json", timeout=60)
        assert shapes.status_code == 200
        assert shapes.json()["type"] == "Topology"


def test_every_shape_of_the_map_can_receive_a_country_of_veille() -> None:
    world = json.loads((VENDOR / "countries-110m.json").read_text(encoding="utf-8"))
    shape_ids = {g.get("id") for g in world["objects"]["countries"]["geometries"]} - {None}
    numeric = iso_numeric()
    assert shape_ids <= set(numeric.values())
    for alpha3, code in {"UKR": "804", "RUS": "643", "FRA": "250", "PSE": "275"}.items():
        assert numeric[alpha3] == code
        assert code in shape_ids


def test_vendored_files_name_their_origin_and_licence() -> None:
    notice = (VENDOR / "LICENSES.md").read_text(encoding="utf-8")
    for name in ("d3-array.min.js", "d3-geo.min.js", "topojson-client.min.js"):
        head = (VENDOR / name).read_text(encoding="utf-8")[:400]
        assert "Vendored, unmodified, from the npm package" in head
        assert "Licence: ISC" in head
        assert f"`{name}`" in notice
    assert "`countries-110m.json`" in notice
    assert "Natural Earth" in notice
    assert notice.count("Permission to use, copy, modify") >= 4  # every ISC text in full


@pytest.mark.parametrize("group", ["quad_class", "type"])
@pytest.mark.parametrize(
    "query", [EventFilter(), EventFilter(actor="USA"), EventFilter(since="2026-11-21")]
)
def test_the_timeline_counted_by_the_store_is_the_timeline_of_the_events(
    store: Store, query: EventFilter, group: Literal["quad_class", "type"]
) -> None:
    events = store.events(query)
    for bucket in ("auto", "day", "year"):
        expected = event_timeline(events, group, bucket)
        assert store_timeline(store, query, group, bucket) == expected
    assert expected["days"]  # negated and undated events left out, the others counted
    counted = sum(sum(d["counts"].values()) for d in expected["days"])
    assert counted == sum(1 for e in events if not e.negated and e.event_date)
