"""What the dashboard shows, computed from stored events: filters, timelines, dyads, network.

These functions take a :class:`~veille.store.Store` or plain events and
return JSON-ready values; :mod:`veille.api` serves them, and they can be
called without HTTP (``from veille.web.queries import dyad_timeline``).
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal

from veille.records import Event
from veille.serialize import JsonDict
from veille.store import Store

__all__ = [
    "SPIKE_Z",
    "EventQuery",
    "actor_network",
    "dyad_timeline",
    "event_timeline",
    "page_events",
    "select_events",
]

SPIKE_Z = 1.5
"""A dyad period is a spike when its tension is this many standard deviations above the mean."""


class EventQuery:
    """Filters for events, as given to ``GET /api/events``.

    ``dyad`` keeps events where both actors take part, on either side (so a
    bilateral event whose sources are ``RUS`` and ``BLR`` is in the RUS–BLR
    dyad); ``q`` keeps events whose sentence contains every word of the
    query (accents and case ignored) or whose type or an actor code equals
    one of the words.
    """

    def __init__(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        quad_class: int | None = None,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        q: str | None = None,
        article_id: str | None = None,
        commentary: bool = True,
    ) -> None:
        """Store the filters; codes are upper-cased."""
        self.actor = actor.upper() if actor else None
        self.dyad = (dyad[0].upper(), dyad[1].upper()) if dyad else None
        self.event_type = event_type.upper() if event_type else None
        self.quad_class = quad_class
        self.since = since or None
        self.until = until or None
        self.language = language or None
        self.words = _fold(q).split() if q else []
        self.article_id = article_id or None
        self.commentary = commentary

    @property
    def store_only(self) -> bool:
        """True when the store's own filters (actor, type, dates) answer the whole query."""
        return not (
            self.dyad
            or self.quad_class is not None
            or self.language
            or self.words
            or self.article_id
            or not self.commentary
        )

    @property
    def unfiltered(self) -> bool:
        """True when the query keeps every event."""
        return self.store_only and not (self.actor or self.event_type or self.since or self.until)


def page_events(
    store: Store, query: EventQuery, offset: int, limit: int
) -> tuple[list[Event], int | None, bool]:
    """Return one page of matching events, the total when known, and whether more follow.

    When the store's filters answer the query, only the rows up to the page
    are read, and the total is known only without any filter (the store's
    event count) or on the last page; otherwise every candidate is read and
    filtered here, and the total is exact.
    """
    if not query.store_only:
        found = select_events(store, query)
        return found[offset : offset + limit], len(found), offset + limit < len(found)
    rows = store.events(
        actor=query.actor,
        event_type=query.event_type,
        since=query.since,
        until=query.until,
        limit=offset + limit + 1,
    )
    more = len(rows) > offset + limit
    total = store.count_events() if query.unfiltered else (None if more else len(rows))
    return rows[offset : offset + limit], total, more


def select_events(store: Store, query: EventQuery) -> list[Event]:
    """Return the events matching ``query``, most recent first.

    The store narrows by actor, type and dates with its indexes; the
    remaining filters are applied here.
    """
    primary = query.actor or (query.dyad[0] if query.dyad else None)
    found = store.events(
        actor=primary,
        event_type=query.event_type,
        since=query.since,
        until=query.until,
        limit=None,
    )
    languages: dict[str, str] = {}

    def language_of(article_id: str) -> str:
        if article_id not in languages:
            result = store.article(article_id)
            languages[article_id] = result.article.language if result else "other"
        return languages[article_id]

    kept = []
    for event in found:
        codes = _codes(event)
        if query.dyad and not set(query.dyad) <= codes:
            continue
        if query.quad_class is not None and event.quad_class != query.quad_class:
            continue
        if query.article_id and event.article_id != query.article_id:
            continue
        if not query.commentary and event.section_kind == "commentary":
            continue
        if query.words and not _matches_words(event, codes, query.words):
            continue
        if query.language and language_of(event.article_id) != query.language:
            continue
        kept.append(event)
    return kept


def dyad_timeline(
    events: Iterable[Event], first: str, second: str, bucket: Literal["day", "week"] = "day"
) -> JsonDict:
    """Build the tension index of a dyad from its events' Goldstein scores.

    For each period, ``tension`` is minus the sum of the Goldstein scores of
    the period's events: hostile events (negative Goldstein) raise it,
    cooperation lowers it, and more events weigh more. A period is a spike
    when its tension is positive and at least :data:`SPIKE_Z` standard
    deviations above the mean of the series (needs three periods or more).
    Events without a date or a Goldstein score are counted but not scored.
    """
    periods: dict[date, list[Event]] = defaultdict(list)
    undated = 0
    for event in events:
        day = _event_day(event)
        if day is None:
            undated += 1
            continue
        start = day - timedelta(days=day.weekday()) if bucket == "week" else day
        periods[start].append(event)
    length = timedelta(days=7 if bucket == "week" else 1)
    points = []
    for start in sorted(periods):
        scored = [e.goldstein for e in periods[start] if e.goldstein is not None]
        types = Counter(e.event_type for e in periods[start])
        points.append(
            {
                "period": start.isoformat(),
                "until": (start + length - timedelta(days=1)).isoformat(),
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
    spread = statistics.pstdev(tensions) if len(tensions) >= 3 else 0.0
    for point, tension in zip(points, tensions, strict=True):
        point["spike"] = bool(spread > 0 and tension > 0 and tension >= mean + SPIKE_Z * spread)
    return {
        "a": first,
        "b": second,
        "bucket": bucket,
        "mean_tension": round(mean, 3),
        "stdev_tension": round(spread, 3),
        "undated_events": undated,
        "points": points,
    }


def actor_network(events: Iterable[Event]) -> JsonDict:
    """Who acts on whom: nodes weighted by event count, edges by count and mean Goldstein.

    An edge joins each source code to each target code of an event, and the
    sources of a bilateral event (several sources, no target) to each other.
    """
    node_count: Counter[str] = Counter()
    edges: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    for event in events:
        sources = sorted({r.code for r in event.source if r.code})
        targets = sorted({r.code for r in event.target if r.code} - set(sources))
        node_count.update(set(sources) | set(targets))
        pairs = [(s, t) for s in sources for t in targets]
        if not targets:
            pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1 :]]
        for pair in pairs:
            edges[pair].append(event.goldstein)
    return {
        "nodes": [{"id": code, "events": n} for code, n in node_count.most_common()],
        "edges": [
            {
                "source": a,
                "target": b,
                "events": len(scores),
                "goldstein_mean": _mean(scores),
            }
            for (a, b), scores in sorted(edges.items(), key=lambda item: -len(item[1]))
        ],
    }


def event_timeline(events: Iterable[Event], group: Literal["quad_class", "type"]) -> JsonDict:
    """Count events per day and per quad class (or PLOVER type), oldest day first."""
    days: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        day = _event_day(event)
        if day is None:
            continue
        key = event.event_type if group == "type" else str(event.quad_class or 0)
        days[day.isoformat()][key] += 1
    return {
        "group": group,
        "days": [{"day": day, "counts": dict(days[day])} for day in sorted(days)],
    }


def _codes(event: Event) -> set[str]:
    return {r.code.upper() for r in (*event.source, *event.target) if r.code}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches_words(event: Event, codes: set[str], words: list[str]) -> bool:
    sentence = _fold(event.sentence.text)
    labels = {c.casefold() for c in codes} | {event.event_type.casefold()}
    return all(word in sentence or word in labels for word in words)


def _event_day(event: Event) -> date | None:
    if not event.event_date:
        return None
    try:
        return date.fromisoformat(event.event_date[:10])
    except ValueError:
        return None


def _mean(scores: Sequence[float | None]) -> float | None:
    known = [s for s in scores if s is not None and not math.isnan(s)]
    return round(statistics.fmean(known), 3) if known else None
