"""Which watchlists a merged event or an article matches, at a cost that does not grow with them.

Each event watchlist is filed in a :class:`WatchIndex` under one key taken
from its most selective condition (an actor, else a place, else a type,
else a quad class; a rule with none of those under ``*``). A merged event
looks up only the keys it carries (its actors, places, type and quad class,
and ``*``), so with many watchlists the rules checked per event are those
that could match it, not all of them (``benchmarks/bench_watch.py``
measures the cost per event from 10 to 1,000 watchlists). Full-text
watchlists are filed under their first term's first word and looked up by
the words of the article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from veille.alerts.rules import Rule
from veille.records import ArticleResult, Event
from veille.stories import MergedEvent
from veille.text import fold

_WORDS = re.compile(r"\w+")
ANY_KEY = "*"


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a watchlist's alerts are pushed: a webhook (JSON or Slack format), e-mail addresses."""

    webhook: str | None = None
    webhook_format: str = "json"
    email: tuple[str, ...] = ()

    def channels(self) -> tuple[tuple[str, str], ...]:
        """Return the ``(channel, target)`` pairs alerts are delivered to."""
        out: list[tuple[str, str]] = []
        if self.webhook:
            # The style travels with the target, so a delivery needs no other row to be sent.
            prefix = "slack+" if self.webhook_format == "slack" else ""
            out.append(("webhook", prefix + self.webhook))
        if self.email:
            out.append(("email", ",".join(self.email)))
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object stored and served."""
        return {
            "webhook": self.webhook,
            "webhook_format": self.webhook_format,
            "email": list(self.email),
        }


@dataclass(frozen=True, slots=True)
class Watch:
    """A watchlist as the matcher uses it."""

    name: str
    rule: Rule
    delivery: Delivery = field(default_factory=Delivery)
    since_pk: int = 0


class TextProbe:
    """The folded words of an article's title and body, to test full-text conditions quickly."""

    def __init__(self, title: str | None, text: str) -> None:
        """Fold and split ``title`` and ``text`` once."""
        words = _WORDS.findall(fold(f"{title or ''}\n{text}"))
        self.words = frozenset(words)
        self._joined = " " + " ".join(words) + " "

    def has(self, term: str) -> bool:
        """Whether the folded ``term`` (a word or a phrase) appears."""
        parts = _WORDS.findall(term)
        if not parts:
            return False
        if len(parts) == 1:
            return parts[0] in self.words
        return all(p in self.words for p in parts) and f" {' '.join(parts)} " in self._joined

    def has_all(self, terms: Iterable[str]) -> bool:
        """Whether every term appears."""
        return all(self.has(term) for term in terms)


@dataclass(frozen=True, slots=True)
class EventView:
    """A merged event with what its reports add: places, salience, languages, persons, text.

    ``probes`` maps each supporting article to its :class:`TextProbe`.
    """

    event: MergedEvent
    actors: frozenset[str]
    places: frozenset[str]
    saliences: frozenset[str]
    languages: frozenset[str]
    probes: Mapping[str, TextProbe] = field(default_factory=dict)

    def keys(self) -> list[str]:
        """Return the index keys this event is looked up under."""
        keys = [f"a:{code}" for code in self.actors]
        keys += [f"p:{place}" for place in self.places]
        keys.append(f"t:{self.event.event_type}")
        if self.event.quad_class is not None:
            keys.append(f"q:{self.event.quad_class}")
        keys.append(ANY_KEY)
        return keys


def event_view(
    merged: MergedEvent,
    raw: Sequence[Event],
    results: Mapping[str, ArticleResult],
    probes: Mapping[str, TextProbe] | None = None,
) -> EventView:
    """Describe ``merged`` for matching from its raw reports ``raw`` and their articles.

    Persons named on either side (from the article's person mentions, as
    the merge compares them) count as actors of the event, besides the codes.
    """
    actors = set(merged.source) | set(merged.target)
    places: set[str] = set()
    saliences: set[str] = set()
    languages: set[str] = set()
    for event in raw:
        saliences.add(event.salience)
        if event.location is not None:
            if event.location.country:
                places.add(event.location.country.upper())
            if event.location.place_id:
                places.add(event.location.place_id)
        result = results.get(event.article_id)
        if result is None:
            continue
        languages.add(result.article.language)
        for ref in (*event.source, *event.target):
            for mention in result.mentions:
                overlaps = mention.start < ref.end and ref.start < mention.end
                if overlaps and mention.actor_id and mention.actor_id.startswith("PER:"):
                    actors.add(mention.actor_id)
    return EventView(
        event=merged,
        actors=frozenset(actors),
        places=frozenset(places),
        saliences=frozenset(saliences),
        languages=frozenset(languages),
        probes=probes or {},
    )


def event_matches(rule: Rule, view: EventView) -> bool:
    """Whether the merged event described by ``view`` meets every event condition of ``rule``."""
    event = view.event
    checks = (
        not rule.actors or any(code in view.actors for code in rule.actors),
        not rule.dyad or all(code in view.actors for code in rule.dyad),
        not rule.types or event.event_type in rule.types,
        not rule.quad_classes or event.quad_class in rule.quad_classes,
        not rule.places or any(place in view.places for place in rule.places),
        rule.salience == "all" or rule.salience in view.saliences,
        not rule.languages or any(lang in view.languages for lang in rule.languages),
        rule.negated is None or event.negated == rule.negated,
        event.support_count >= rule.min_articles,
    )
    if not all(checks):
        return False
    if rule.min_goldstein is not None and (
        event.goldstein is None or event.goldstein < rule.min_goldstein
    ):
        return False
    if rule.max_goldstein is not None and (
        event.goldstein is None or event.goldstein > rule.max_goldstein
    ):
        return False
    if rule.text:
        terms = rule.terms()
        return any(probe.has_all(terms) for probe in view.probes.values())
    return True


def index_key(rule: Rule) -> list[str]:
    """Return the keys an event rule is filed under: those of its most selective condition."""
    if rule.actors:
        return [f"a:{code}" for code in rule.actors]
    if rule.dyad:
        return [f"a:{rule.dyad[0]}"]
    if rule.places:
        return [f"p:{place}" for place in rule.places]
    if rule.types:
        return [f"t:{kind}" for kind in rule.types]
    if rule.quad_classes:
        return [f"q:{quad}" for quad in rule.quad_classes]
    return [ANY_KEY]


class WatchIndex:
    """Watchlists filed by key, so that an event or article meets only those that could match."""

    def __init__(self, watches: Iterable[Watch]) -> None:
        """File watches: event rules by :func:`index_key`, text rules by a word, tension by dyad."""
        self.watches = list(watches)
        self._events: dict[str, list[Watch]] = defaultdict(list)
        self._texts: dict[str, list[Watch]] = defaultdict(list)
        self.tension: list[Watch] = []
        for watch in self.watches:
            kind = watch.rule.kind
            if kind == "event":
                for key in index_key(watch.rule):
                    self._events[key].append(watch)
            elif kind == "article":
                terms = watch.rule.terms()
                first = _WORDS.findall(terms[0])[0] if terms else ANY_KEY
                self._texts[first].append(watch)
            else:
                self.tension.append(watch)

    @property
    def has_event_rules(self) -> bool:
        """Whether any watchlist watches events (else merged events need not be built)."""
        return bool(self._events)

    def event_matches(self, view: EventView) -> list[Watch]:
        """Return the event watchlists ``view`` matches, each once, in name order."""
        seen: dict[str, Watch] = {}
        for key in view.keys():  # noqa: SIM118 - EventView.keys(), not a dict
            for watch in self._events.get(key, ()):
                if watch.name not in seen and event_matches(watch.rule, view):
                    seen[watch.name] = watch
        return [seen[name] for name in sorted(seen)]

    def text_matches(self, probe: TextProbe) -> list[Watch]:
        """Return the full-text watchlists whose every term the article holds, in name order."""
        found: dict[str, Watch] = {}
        keys = [word for word in probe.words if word in self._texts]
        for key in keys:
            for watch in self._texts[key]:
                if watch.name not in found and probe.has_all(watch.rule.terms()):
                    found[watch.name] = watch
        return [found[name] for name in sorted(found)]
