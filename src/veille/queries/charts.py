"""What the dashboard shows, computed from stored events: pages, timelines, dyads, network.

These functions take a :class:`~veille.store.Store` or plain events and
return JSON-ready values; :mod:`veille.api` serves them, and they can be
called without HTTP (``from veille.queries.charts import dyad_timeline``).
Every filter is an :class:`~veille.store.event_query.EventFilter` and runs
in the store, next to its indexes; merged pages are in :mod:`veille.queries.merged`.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

from veille.records import Event, Location
from veille.serialize import JsonDict
from veille.store import Store
from veille.store.base import EventFacts
from veille.store.event_query import EventFilter

__all__ = [
    "AUTO_BUCKETS",
    "SPIKE_Z",
    "ChartEvent",
    "EventPage",
    "actor_network",
    "chart_events",
    "choose_bucket",
    "dyad_timeline",
    "event_timeline",
    "page_events",
    "period_of",
    "select_events",
    "store_network",
    "store_timeline",
]

SPIKE_Z = 1.5
"""A dyad period is a spike when its tension is this many standard deviations above the mean."""

MIN_PERIODS_FOR_SPREAD = 3
"""Periods a dyad needs before its spread (and so its spikes) means anything."""

Bucket = Literal["day", "week", "month", "year"]
BucketChoice = Literal["auto", "day", "week", "month", "year"]

AUTO_BUCKETS: tuple[tuple[int, Bucket], ...] = (
    (120, "day"),
    (2 * 366, "week"),
    (20 * 366, "month"),
)
"""Spans (in days) up to which ``auto`` picks each period; longer ones are binned by year.

So that a chart holds at most a few hundred bars: 15 years are 180 months,
not 5,000 hairline days.
"""


def choose_bucket(first: date, last: date, bucket: BucketChoice = "auto") -> Bucket:
    """Return the period to bin ``first``..``last`` by: ``bucket`` itself, or one that fits."""
    if bucket != "auto":
        return bucket
    span = (last - first).days + 1
    return next((size for limit, size in AUTO_BUCKETS if span <= limit), "year")


def period_of(day: date, bucket: Bucket) -> tuple[date, date]:
    """Return the first and last day of the period (ISO week, month, year) holding ``day``."""
    if bucket == "day":
        return day, day
    if bucket == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if bucket == "month":
        start = day.replace(day=1)
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return start, following - timedelta(days=1)
    return date(day.year, 1, 1), date(day.year, 12, 31)


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of raw events as public JSON texts, the total when known, whether more follow."""

    texts: list[str]
    total: int | None
    more: bool


def page_events(store: Store, query: EventFilter, offset: int, limit: int) -> EventPage:
    """Return one page of the events matching ``query``, newest first, with the total.

    The store filters, orders and counts; the texts are the events' public
    JSON as stored (see :meth:`veille.store.Store.events_json`), so a page
    costs the rows of the page and one count. With a text filter the count
    would read every event's sentence, so the total is given only on the
    last page.
    """
    if query.words:
        texts = store.events_json(query, limit=limit + 1, offset=offset)
        more = len(texts) > limit
        total = None if more else offset + len(texts)
        return EventPage(texts=texts[:limit], total=total, more=more)
    texts = store.events_json(query, limit=limit, offset=offset)
    counted = store.count_events(query)
    return EventPage(texts=texts, total=counted, more=offset + len(texts) < counted)


def select_events(store: Store, query: EventFilter) -> list[Event]:
    """Return every event matching ``query``, most recent first, as whole records."""
    return store.events(query)


class _Coded(Protocol):
    """One side of an event: its actor code."""

    @property
    def code(self) -> str | None:
        """The actor code (``RUS``, ``PER:vladimir-putin``)."""


class ChartEvent(Protocol):
    """What a chart reads of an event: an :class:`Event`, or the lighter :class:`EventFacts`."""

    @property
    def event_date(self) -> str | None:
        """When it happened (ISO date)."""

    @property
    def event_type(self) -> str:
        """PLOVER type."""

    @property
    def quad_class(self) -> int | None:
        """Quad class, 1 to 4."""

    @property
    def goldstein(self) -> float | None:
        """Goldstein score of its CAMEO code."""

    @property
    def negated(self) -> bool:
        """True for an act reported as not done."""

    @property
    def location(self) -> Location | None:
        """Where it happened, at the precision known."""

    @property
    def source(self) -> Sequence[_Coded]:
        """Who acted."""

    @property
    def target(self) -> Sequence[_Coded]:
        """Who was acted upon."""


def chart_events(
    store: Store, query: EventFilter, *, sides: bool = False, places: bool = False
) -> list[EventFacts]:
    """Return what the charts read of every event matching ``query`` (timeline, network, map).

    The store reads a few columns and JSON fields instead of rebuilding
    whole events: on 15,000 events, a chart answers in a fraction of the
    time (``benchmarks/bench_dashboard.py``). ``sides`` reads the actor
    codes too (the network needs them), ``places`` the location (the map).
    """
    return store.event_facts(query, sides=sides, places=places)


def dyad_timeline(
    events: Iterable[ChartEvent], first: str, second: str, bucket: BucketChoice = "day"
) -> JsonDict:
    """Build the tension index of a dyad from its events' Goldstein scores.

    For each period, ``tension`` is minus the sum of the Goldstein scores of
    the period's events: hostile events (negative Goldstein) raise it,
    cooperation lowers it, and more events weigh more. A period is a spike
    when its tension is positive and at least :data:`SPIKE_Z` standard
    deviations above the mean of the series (needs three periods or more:
    with fewer, ``stdev_tension`` is None). ``bucket`` is the period (day,
    week, month, year) or ``auto`` to fit the span of the dates.
    Events without a date or a Goldstein score are counted but not scored;
    negated events (an act reported as not done) are left out and counted
    in ``negated_events``.
    """
    dated: list[tuple[date, ChartEvent]] = []
    undated = 0
    negated = 0
    for event in events:
        if event.negated:
            negated += 1
            continue
        day = _event_day(event)
        if day is None:
            undated += 1
            continue
        dated.append((day, event))
    days = [day for day, _ in dated]
    size = choose_bucket(min(days), max(days), bucket) if days else _fixed(bucket)
    periods: dict[date, list[ChartEvent]] = defaultdict(list)
    ends: dict[date, date] = {}
    for day, event in dated:
        start, end = period_of(day, size)
        periods[start].append(event)
        ends[start] = end
    points = []
    for start in sorted(periods):
        scored = [e.goldstein for e in periods[start] if e.goldstein is not None]
        types = Counter(e.event_type for e in periods[start])
        points.append(
            {
                "period": start.isoformat(),
                "until": ends[start].isoformat(),
                "events": len(periods[start]),
                "scored": len(scored),
                "goldstein_mean": round(statistics.fmean(scored), 3) if scored else None,
                "tension": round(-sum(scored), 3),
                "event_types": dict(types.most_common()),
                "spike": False,
            }
        )
    tensions = [float(p["tension"]) for p in points]  # type: ignore[arg-type]
    mean = statistics.fmean(tensions) if tensions else 0.0
    spread = statistics.pstdev(tensions) if len(tensions) >= MIN_PERIODS_FOR_SPREAD else None
    for point, tension in zip(points, tensions, strict=True):
        point["spike"] = bool(spread and tension > 0 and tension >= mean + SPIKE_Z * spread)
    return {
        "a": first,
        "b": second,
        "bucket": size,
        "mean_tension": round(mean, 3),
        "stdev_tension": None if spread is None else round(spread, 3),
        "undated_events": undated,
        "negated_events": negated,
        "points": points,
    }


def actor_network(events: Iterable[ChartEvent]) -> JsonDict:
    """Who acts on whom: nodes weighted by event count, edges by count and mean Goldstein.

    An edge joins each source code to each target code of an event, and the
    sources of a bilateral event (several sources, no target) to each other.
    A negated event (an act reported as not done) joins no one. Nodes and
    edges come busiest first, then by code.
    """
    node_count: Counter[str] = Counter()
    edges: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    for event in events:
        if event.negated:
            continue
        sources = sorted({r.code for r in event.source if r.code})
        targets = sorted({r.code for r in event.target if r.code} - set(sources))
        node_count.update(set(sources) | set(targets))
        pairs = [(s, t) for s in sources for t in targets]
        if not targets:
            pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1 :]]
        for pair in pairs:
            edges[pair].append(event.goldstein)
    return _network(node_count, edges)


def store_network(store: Store, query: EventFilter) -> JsonDict:
    """Return :func:`actor_network` of the events matching ``query``, counted by the store.

    The store counts the links per Goldstein score
    (:meth:`~veille.store.Store.actor_links`), so the network of years of
    events costs a few thousand rows; the means are taken here, as
    :func:`actor_network` takes them.
    """
    counted = store.actor_links(query)
    edges: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    for source, target, goldstein, count in counted.links:
        edges[source, target] += [goldstein] * count
    return _network(counted.events, edges)


def _network(
    node_count: Mapping[str, int], edges: Mapping[tuple[str, str], Sequence[float | None]]
) -> JsonDict:
    """Write the network's counts as JSON, busiest first, ties by code (the same on every read)."""
    return {
        "nodes": [
            {"id": code, "events": n}
            for code, n in sorted(node_count.items(), key=lambda item: (-item[1], item[0]))
        ],
        "edges": [
            {
                "source": a,
                "target": b,
                "events": len(scores),
                "goldstein_mean": _mean(scores),
            }
            for (a, b), scores in sorted(edges.items(), key=lambda item: (-len(item[1]), item[0]))
        ],
    }


def event_timeline(
    events: Iterable[ChartEvent],
    group: Literal["quad_class", "type"],
    bucket: BucketChoice = "auto",
) -> JsonDict:
    """Count events per period and per quad class (or PLOVER type), oldest period first.

    ``bucket`` is the period (day, week, month, year), or ``auto`` to pick
    the one that fits the span of the dates (:data:`AUTO_BUCKETS`). Each
    entry of ``days`` gives its period's first day (``day``) and last
    (``until``). Negated events (an act reported as not done) are not counted.
    """
    counts: Counter[tuple[date, str]] = Counter()
    for event in events:
        day = None if event.negated else _event_day(event)
        if day is not None:
            counts[day, event.event_type if group == "type" else str(event.quad_class or 0)] += 1
    return _binned(((day, key, n) for (day, key), n in counts.items()), group, bucket)


def store_timeline(
    store: Store,
    query: EventFilter,
    group: Literal["quad_class", "type"],
    bucket: BucketChoice = "auto",
) -> JsonDict:
    """Return :func:`event_timeline` of the events matching ``query``, counted by the store.

    The store counts per day (:meth:`~veille.store.Store.event_day_counts`),
    so the timeline of years of events costs a few thousand rows.
    """
    rows = store.event_day_counts(query, group)
    dated = []
    for text, key, count in rows:
        try:
            dated.append((date.fromisoformat(text), key, count))
        except ValueError:
            continue  # not a date: as event_timeline, which leaves it out
    return _binned(dated, group, bucket)


def _binned(
    counts: Iterable[tuple[date, str, int]],
    group: Literal["quad_class", "type"],
    bucket: BucketChoice,
) -> JsonDict:
    """Bin per-day counts into periods (see :func:`event_timeline`)."""
    dated = list(counts)
    if not dated:
        return {"group": group, "bucket": _fixed(bucket), "days": []}
    size = choose_bucket(min(d for d, _, _ in dated), max(d for d, _, _ in dated), bucket)
    periods: dict[date, Counter[str]] = defaultdict(Counter)
    ends: dict[date, date] = {}
    for day, key, count in dated:
        start, end = period_of(day, size)
        periods[start][key] += count
        ends[start] = end
    return {
        "group": group,
        "bucket": size,
        "days": [
            {
                "day": start.isoformat(),
                "until": ends[start].isoformat(),
                "counts": dict(periods[start]),
            }
            for start in sorted(periods)
        ],
    }


def _fixed(bucket: BucketChoice) -> Bucket:
    """Return the period of a series with no dates: ``auto`` has nothing to fit, so a day."""
    return "day" if bucket == "auto" else bucket


def _event_day(event: ChartEvent) -> date | None:
    if not event.event_date:
        return None
    try:
        return date.fromisoformat(event.event_date[:10])
    except ValueError:
        return None


def _mean(scores: Sequence[float | None]) -> float | None:
    known = [s for s in scores if s is not None and not math.isnan(s)]
    return round(statistics.fmean(known), 3) if known else None
