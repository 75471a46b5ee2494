"""A dyad's daily tension index and when it leaves its recent band.

The method (also in ``docs/watch.md``):

1. **Daily tension** of a dyad A–B on day *d*: minus the sum of the Goldstein
   scores of the dyad's *merged* events dated *d* that are lead news (not
   recalled background), not negated and not commentary. Merged events count
   a happening once however many outlets report it, so coverage volume does
   not make tension; hostile acts (negative Goldstein) raise it, cooperation
   lowers it.
2. **Band**: the mean μ and standard deviation σ of the daily tension over
   the :data:`WINDOW_DAYS` days before *d*, days without events counting 0
   (a quiet day is a day of zero tension, not a missing value). σ is floored
   at :data:`MIN_STDEV` so that a dyad that has been perfectly quiet does not
   alert on any single remark; the band needs :data:`MIN_ACTIVE_DAYS` days
   with events in the window, else there is no history to compare with and
   no alert.
3. **Leaving the band**: z = (T_d − μ) / σ; the day is *up* when
   z ≥ the watchlist's ``tension_z`` (default 2), *down* when z ≤ −``tension_z``
   (unusual cooperation). One alert per watchlist, dyad, day and direction.

A z-score over a trailing window is what GDELT-style monitoring uses and
what an analyst can recompute by hand from the dyad chart; it needs no
training and reacts within the day.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from veille.store import Store
from veille.store.event_query import EventFilter
from veille.stories import MergedEvent

WINDOW_DAYS = 30
"""Days before the day examined whose tension makes the band."""

MIN_STDEV = 1.0
"""Smallest σ used: about one verbal exchange's Goldstein weight."""

MIN_ACTIVE_DAYS = 3
"""Days with events needed in the window before a band is trusted."""


@dataclass(frozen=True, slots=True)
class TensionReading:
    """The tension of one day against its band, and the events that made it."""

    day: date
    tension: float
    mean: float
    stdev: float
    z: float | None
    active_days: int
    events: tuple[MergedEvent, ...] = field(default=(), compare=False)

    def direction(self, threshold: float) -> str | None:
        """Return ``up`` or ``down`` when the day left its band by ``threshold`` σ, else None."""
        if self.z is None:
            return None
        if self.z >= threshold:
            return "up"
        if self.z <= -threshold:
            return "down"
        return None


def counted(event: MergedEvent, dyad: tuple[str, str]) -> bool:
    """Whether ``event`` counts in the dyad's tension: both sides, dated, scored, not negated."""
    actors = set(event.source) | set(event.target)
    return (
        dyad[0] in actors
        and dyad[1] in actors
        and not event.negated
        and event.goldstein is not None
        and event_day(event.event_date) is not None
    )


def daily_tension(events: Iterable[MergedEvent], dyad: tuple[str, str]) -> dict[date, float]:
    """Return the tension per day of the dyad's counted merged events."""
    per_day: dict[date, float] = defaultdict(float)
    for event in events:
        day = event_day(event.event_date)
        if day is not None and counted(event, dyad) and event.goldstein is not None:
            per_day[day] -= event.goldstein
    return dict(per_day)


def reading_for(
    per_day: dict[date, float], day: date, events: Iterable[MergedEvent] = ()
) -> TensionReading:
    """Compare the tension of ``day`` with the band of the :data:`WINDOW_DAYS` days before it."""
    window = [per_day.get(day - timedelta(days=back), 0.0) for back in range(1, WINDOW_DAYS + 1)]
    active = sum(1 for back in range(1, WINDOW_DAYS + 1) if (day - timedelta(days=back)) in per_day)
    mean = statistics.fmean(window)
    stdev = statistics.pstdev(window)
    tension = per_day.get(day, 0.0)
    z = None if active < MIN_ACTIVE_DAYS else (tension - mean) / max(stdev, MIN_STDEV)
    return TensionReading(
        day=day,
        tension=round(tension, 3),
        mean=round(mean, 3),
        stdev=round(stdev, 3),
        z=None if z is None else round(z, 3),
        active_days=active,
        events=tuple(e for e in events if event_day(e.event_date) == day),
    )


def dyad_reading(store: Store, dyad: tuple[str, str], day: date) -> TensionReading:
    """Read the dyad's merged lead events of ``day`` and its window from ``store`` and compare."""
    from veille.queries.merged import merged_page  # noqa: PLC0415 - the store-paged merge

    query = EventFilter(
        dyad=dyad,
        since=(day - timedelta(days=WINDOW_DAYS)).isoformat(),
        until=day.isoformat(),
        salience="lead",
        commentary=False,
    )
    events = [e for e in merged_page(store, query, 0, None).events if counted(e, dyad)]
    return reading_for(daily_tension(events, dyad), day, events)


def event_day(text: str | None) -> date | None:
    """Read the calendar day of an event date (``2026-11-24`` or an ISO instant); None if none."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
