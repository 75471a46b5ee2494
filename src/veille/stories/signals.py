"""The language-independent signals compared between articles, and their similarity.

Two reports of the same happening, whatever their language or outlet, name
the same resolved actors (``RUS``, ``NATO``, ``PER:sergey-lavrov``), code
events of the same types for those actors, give the same figures (40 000
troops, 14 entities) and fall within a few days of each other. An article is
reduced to a small weighted set of such *features*; two articles are linked
when their features overlap enough and their dates are within the window.

Weights say how specific a signal is: a named person or a figure is rarely
shared by unrelated stories, a state is shared by many. The weights are
fixed (not learned from corpus frequencies) so that a pair's score never
depends on what else has been ingested, which keeps clustering independent
of arrival order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from veille.records import ArticleResult, Event

PERSON_WEIGHT = 3.0
"""A named person (``PER:…``) is a strong sign of the same happening."""
ACTOR_WEIGHT = 1.0
"""A state, organisation or bloc named in the article."""
EVENT_WEIGHT = 1.0
"""An event type coded for an actor (``ACCUSE`` by ``RUS``)."""
QUANTITY_WEIGHT = 2.5
"""A figure reported with an event (40 000 troops, 14 entities)."""

_YEARS = range(1900, 2101)
_NO_DATE = "9999-12-31T23:59:59Z"


@dataclass(frozen=True, slots=True)
class Signals:
    """What the clustering keeps of one article.

    ``day`` is the date ordinal used by the window (None when the article has
    no date at all); ``anchor`` orders articles by first report; ``keys`` are
    the features the candidate index is built on (actors only: they are what
    every report of a happening shares).
    """

    day: int | None
    anchor: str
    features: Mapping[str, float]
    keys: tuple[str, ...]


def article_signals(result: ArticleResult) -> Signals:
    """Reduce an article and its mentions and events to the signals compared for stories."""
    features: dict[str, float] = {}
    for mention in result.mentions:
        if mention.actor_id:
            _add_actor(features, mention.actor_id)
    for event in _reported(result.events):
        for ref in (*event.source, *event.target):
            if ref.code:
                _add_actor(features, ref.code)
                features[f"t:{event.event_type}:{ref.code}"] = EVENT_WEIGHT
        for quantity in event.quantities:
            value = float(quantity.value)
            # Small counts and years are shared by too many unrelated reports.
            if value >= 3 and not (value.is_integer() and int(value) in _YEARS):
                features[f"q:{value:g}"] = QUANTITY_WEIGHT
    keys = tuple(sorted(k for k in features if k[:2] in ("a:", "p:")))
    return Signals(day=_day(result), anchor=_anchor(result), features=features, keys=keys)


def similarity(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    """Score how much two feature sets agree, from 0 (nothing shared) to 1 (identical).

    The mean of the weighted overlap coefficient (shared weight over the
    smaller set, so a short wire item can match a long feature) and the
    weighted Jaccard index (shared over the union, so two long articles must
    share much of what they say). It is symmetric, as order independence needs.
    """
    shared = sum(min(w, second[k]) for k, w in first.items() if k in second)
    if shared <= 0:
        return 0.0
    total_first = sum(first.values())
    total_second = sum(second.values())
    overlap = shared / min(total_first, total_second)
    jaccard = shared / (total_first + total_second - shared)
    return (overlap + jaccard) / 2


def shared_evidence(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """Return True when two articles share more than one common actor.

    One shared state alone ("USA") links far too much; at least two actors,
    or a person, or a figure, must agree before a similarity counts.
    """
    shared = [k for k in first if k in second]
    actors = [k for k in shared if k.startswith("a:")]
    strong = [k for k in shared if k.startswith(("p:", "q:"))]
    return len(actors) >= 2 or bool(strong and actors) or len(strong) >= 2


def _add_actor(features: dict[str, float], code: str) -> None:
    if code.startswith("PER:"):
        features[f"p:{code}"] = PERSON_WEIGHT
    else:
        features[f"a:{code}"] = ACTOR_WEIGHT


def _reported(events: tuple[Event, ...]) -> list[Event]:
    # The publisher's commentary and related-link teasers are not reports of the happening.
    return [e for e in events if e.section_kind in ("body", "title", "byline")]


def _day(result: ArticleResult) -> int | None:
    article = result.article
    moment = article.published_at or article.reference_time
    if moment is not None:
        return moment.astimezone(UTC).date().toordinal()
    dates = Counter(e.event_date[:10] for e in result.events if e.event_date)
    for text, _ in dates.most_common():
        try:
            return date.fromisoformat(text).toordinal()
        except ValueError:
            continue
    return None


def _anchor(result: ArticleResult) -> str:
    article = result.article
    moment = article.published_at or article.reference_time
    when = _iso(moment) if moment is not None else _NO_DATE
    return f"{when}|{article.id}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def anchor_time(anchor: str) -> datetime | None:
    """Return the first-report time encoded in a member's anchor (None when it had no date)."""
    text = anchor.split("|", 1)[0]
    if text == _NO_DATE:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
