"""Where events happened, for the dashboard's world map: counts by country and by city.

An event's location is known at some precision (:class:`veille.records.Location`):
a country with no coordinates, a region, a first-level subdivision, or a
city with its coordinates. The map shows each at the precision it is known
to, and nothing finer:

- ``countries``: events located in a country as a whole (precision
  ``country``), counted per country; the map colours the country's shape.
  Each row also gives ``city_events``, the events located in one of that
  country's cities, drawn as points, so that a country is never coloured
  for what happened in its capital.
- ``points``: events located in a city (precision ``city``, with
  coordinates), counted per place.
- ``not_drawn``: what the map cannot show, by reason: ``admin1``,
  ``region``, ``unknown`` (the precision of the location), ``no_location``,
  and ``city_without_coordinates``.

Countries are named by ISO alpha-3 (``UKR``), as everywhere in veille, and
by ISO numeric code (``"804"``), the ids of the map's TopoJSON shapes (the
table is ``data/places/iso_numeric.tsv``). Negated events (an act reported
as not done) are left out, as in every chart, and counted in ``negated``.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from veille.datafiles import read_data, tsv_rows
from veille.queries.charts import ChartEvent
from veille.serialize import JsonDict

__all__ = ["event_map", "iso_numeric"]

QUAD_KEYS = ("1", "2", "3", "4", "0")
"""Quad classes as the timeline names them; 0 is an event with no quad class."""


@functools.cache
def iso_numeric() -> dict[str, str]:
    """Return the ISO 3166-1 numeric code of each alpha-3 country code (``UKR`` → ``"804"``)."""
    name = "iso_numeric.tsv"
    return dict(tsv_rows(read_data("places", name), name, 2))


@dataclass(slots=True)
class _Tally:
    """Events counted at one place: how many, per quad class, and their Goldstein scores."""

    events: int = 0
    quad_classes: Counter[str] = field(default_factory=Counter)
    goldstein: list[float] = field(default_factory=list)

    def add(self, event: ChartEvent) -> None:
        self.events += 1
        self.quad_classes[str(event.quad_class or 0)] += 1
        if event.goldstein is not None:
            self.goldstein.append(event.goldstein)

    def json(self) -> JsonDict:
        mean = sum(self.goldstein) / len(self.goldstein) if self.goldstein else None
        return {
            "events": self.events,
            "quad_classes": {k: self.quad_classes[k] for k in QUAD_KEYS if self.quad_classes[k]},
            "goldstein_mean": None if mean is None else round(mean, 3),
        }


def event_map(events: Iterable[ChartEvent]) -> JsonDict:
    """Count ``events`` by country (country precision) and by city (see the module docstring)."""
    numeric = iso_numeric()
    countries: dict[str, _Tally] = {}
    city_events: Counter[str] = Counter()
    points: dict[str, _Tally] = {}
    point_place: dict[str, JsonDict] = {}
    not_drawn: Counter[str] = Counter()
    negated = 0
    for event in events:
        if event.negated:
            negated += 1
            continue
        where = event.location
        if where is None:
            not_drawn["no_location"] += 1
        elif where.precision == "country" and where.country:
            countries.setdefault(where.country.upper(), _Tally()).add(event)
        elif where.precision == "city" and where.lat is not None and where.lon is not None:
            key = where.place_id or f"{where.name}@{where.lat},{where.lon}"
            points.setdefault(key, _Tally()).add(event)
            point_place.setdefault(
                key,
                {
                    "place_id": where.place_id,
                    "name": where.name,
                    "country": where.country,
                    "lat": where.lat,
                    "lon": where.lon,
                },
            )
            if where.country:
                city_events[where.country.upper()] += 1
        elif where.precision == "city":
            not_drawn["city_without_coordinates"] += 1
        else:
            not_drawn[where.precision] += 1
    codes = sorted(set(countries) | set(city_events))
    country_rows = [
        {
            "country": code,
            "numeric": numeric.get(code),
            **(countries[code].json() if code in countries else _Tally().json()),
            "city_events": city_events[code],
        }
        for code in codes
    ]
    country_rows.sort(key=lambda row: (-int(str(row["events"])), str(row["country"])))
    point_rows = [{**point_place[key], **points[key].json()} for key in points]
    point_rows.sort(key=lambda row: (-int(str(row["events"])), str(row["name"])))
    return {
        "countries": country_rows,
        "points": point_rows,
        "not_drawn": dict(sorted(not_drawn.items())),
        "negated": negated,
    }
