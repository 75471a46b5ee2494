"""Raise alerts: match the articles stored since the last run against every watchlist.

:class:`AlertMatcher` reads the articles stored after the cursor (see
:mod:`veille.store.monitoring`), in storage order, a batch at a time. For
each new article:

- **full-text** watchlists are tested on its title and body;
- **event** watchlists are tested on the merged events of its story that it
  reports (:func:`veille.stories.merge_events` over every article of the
  story), so a watchlist asking for three reporting articles fires when the
  third arrives;
- **tension** watchlists recompute their dyad's tension for the day of each
  merged event it reports on the dyad (:mod:`veille.alerts.tension`).

A watchlist raises **one alert per story**: an alert records the articles
it covers, and a later report of the same story (or of a story merged with
it since) is added to the alert's coverage instead of raising another.
Watchlists see only articles stored after they were created. The alerts,
their coverage and pending deliveries, and the cursor are written in one
transaction per batch, so a crash repeats or loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from veille.alerts.match import Delivery, EventView, TextProbe, Watch, WatchIndex, event_view
from veille.alerts.rules import rule_from_json
from veille.alerts.tension import TensionReading, dyad_reading, event_day
from veille.records import ArticleResult, Event
from veille.serialize import to_dict
from veille.settings import Settings
from veille.store import Store
from veille.store.monitoring import MonitorStore, NewAlert, WatchlistRow
from veille.stories import MergedEvent, merge_events
from veille.stories.merge import person_spans
from veille.stories.signals import anchor_time
from veille.text import fold

BATCH = 100
"""Articles matched per transaction."""

MAX_EVIDENCE = 10
"""Reports quoted in one alert (its story may have many more)."""

_SKIPPED_SECTIONS = ("commentary", "related-links", "boilerplate")


@dataclass(slots=True)
class MatchReport:
    """What one run of the matcher did."""

    articles: int = 0
    alerts: list[str] = field(default_factory=list)


def watch_from_row(row: WatchlistRow) -> Watch:
    """Build the matcher's view of a stored watchlist."""
    delivery = row.delivery
    return Watch(
        name=row.name,
        rule=rule_from_json(row.rule),
        delivery=Delivery(
            webhook=delivery.get("webhook"),
            webhook_format=delivery.get("webhook_format") or "json",
            email=tuple(delivery.get("email") or ()),
        ),
        since_pk=row.since_pk,
    )


class AlertMatcher:
    """Matches newly stored articles against the watchlists of one store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        """Match in ``store``; ``settings.public_url`` is where evidence links point."""
        self.store = store
        self.monitor = MonitorStore(store)
        self.settings = settings
        self._index: WatchIndex | None = None
        self._signature: tuple[tuple[str, str], ...] = ()

    def run(self, *, limit: int | None = None) -> MatchReport:
        """Match every article stored after the cursor (at most ``limit``); return the alerts."""
        report = MatchReport()
        cursor = self.monitor.cursor()
        while limit is None or report.articles < limit:
            size = BATCH if limit is None else min(BATCH, limit - report.articles)
            batch = self.monitor.articles_after(cursor, size)
            if not batch:
                break
            index = self._watch_index()
            pending = _Pending()
            if index.watches:
                for pk, article_id in batch:
                    self._match_article(pk, article_id, index, pending)
            cursor = batch[-1][0]
            report.alerts += self.monitor.commit_matches(pending.alerts, pending.coverage, cursor)
            report.articles += len(batch)
        return report

    # -- one article -------------------------------------------------------------

    def _watch_index(self) -> WatchIndex:
        rows = self.monitor.watchlists()
        # A watchlist is never edited in place (rm, then add: a new created_at), so its
        # name and creation time say whether the index is current, for little per batch.
        signature = tuple((row.name, row.created_at) for row in rows)
        if self._index is None or signature != self._signature:
            self._index = WatchIndex(watch_from_row(row) for row in rows)
            self._signature = signature
        return self._index

    def _match_article(
        self, pk: int, article_id: str, index: WatchIndex, pending: _Pending
    ) -> None:
        result = self.store.article(article_id)
        if result is None:
            return
        member = self.store.story_member(article_id)
        story_id = member.story_id if member else f"st-{article_id}"
        story = _Story(self.store, story_id, article_id, result)
        probe = TextProbe(result.article.title, result.article.text)
        for watch in index.text_matches(probe):
            if watch.since_pk < pk:
                self._raise(
                    watch, story, pending, lambda w=watch: self._article_alert(w, story, probe)
                )
        coded = [e for e in result.events if e.section_kind not in _SKIPPED_SECTIONS]
        if not coded or not (index.has_event_rules or index.tension):
            return
        found: dict[str, tuple[Watch, list[MergedEvent]]] = {}
        for merged, view in story.views():
            for watch in index.event_matches(view):
                if watch.since_pk < pk:
                    found.setdefault(watch.name, (watch, []))[1].append(merged)
        for watch, events in found.values():
            # The story's alert leads with its best-supported event, then the first told.
            ordered = sorted(events, key=lambda m: (-m.support_count, _position(m, article_id)))
            self._raise(
                watch, story, pending, lambda w=watch, e=ordered: self._event_alert(w, story, e)
            )
        for merged, _ in story.views():
            for watch in index.tension:
                if watch.since_pk < pk and watch.rule.dyad and _on_dyad(merged, watch.rule.dyad):
                    self._tension(watch, merged, pending)

    def _raise(self, watch: Watch, story: _Story, pending: _Pending, build: Any) -> None:  # noqa: ANN401
        """Raise ``build()`` for ``watch`` unless its story is covered; else extend the coverage."""
        members = story.member_ids()
        covering = pending.covering(watch.name, members) or self.monitor.covering_alerts(
            watch.name, members
        )
        if covering:
            pending.cover(watch.name, story.article_id, sorted(covering)[0])
            return
        alert: NewAlert = build()
        pending.add(alert)

    # -- alerts ------------------------------------------------------------------

    def _event_alert(self, watch: Watch, story: _Story, events: Sequence[MergedEvent]) -> NewAlert:
        merged = events[0]
        evidence: list[dict[str, Any]] = []
        for item in events:
            for support in item.supports:
                found = self._evidence(
                    story.results.get(support.article_id),
                    support.trigger.start,
                    support.trigger.end,
                    support.sentence.text,
                    support.trigger.text,
                )
                if found is not None and len(evidence) < MAX_EVIDENCE:
                    evidence.append({**found, "event_type": item.event_type})
        sides = " → ".join(
            part for part in ("+".join(merged.source) or "–", "+".join(merged.target)) if part
        )
        negated = "not " if merged.negated else ""
        day = f", {merged.event_date[:10]}" if merged.event_date else ""
        count = merged.support_count
        title = f"{negated}{merged.event_type} {sides}{day} ({count} article{'s' * (count > 1)})"
        return self._story_alert(
            watch,
            story,
            "event",
            title,
            article_id=story.article_id,
            covers=tuple(
                dict.fromkeys(
                    [story.article_id, *(s.article_id for item in events for s in item.supports)]
                )
            ),
            event=_event_json(merged),
            events=[_event_json(item) for item in events],
            evidence=evidence,
        )

    def _article_alert(self, watch: Watch, story: _Story, probe: TextProbe) -> NewAlert:
        article = story.result.article
        start, end, snippet = _first_hit(article.text, watch.rule.terms())
        title = article.title or snippet[:80] or article.id
        evidence = self._evidence(story.result, start, end, snippet, article.text[start:end])
        return self._story_alert(
            watch,
            story,
            "article",
            title,
            article_id=article.id,
            covers=(article.id,),
            evidence=[evidence] if evidence else [],
        )

    def _story_alert(
        self,
        watch: Watch,
        story: _Story,
        kind: str,
        title: str,
        *,
        article_id: str,
        covers: tuple[str, ...],
        **details: Any,  # noqa: ANN401 - the kind's own payload fields, in order
    ) -> NewAlert:
        """Build the alert of ``story`` for ``watch``: the shared payload, then ``details``."""
        return NewAlert(
            watchlist=watch.name,
            kind=kind,
            dedup_key=f"story:{story.story_id}",
            title=title,
            payload={
                "watchlist": watch.name,
                "rule": watch.rule.describe(),
                "kind": kind,
                "title": title,
                "story_id": story.story_id,
                **details,
                "link": self._story_link(story.story_id),
            },
            story_id=story.story_id,
            article_id=article_id,
            covers=covers,
            channels=watch.delivery.channels(),
        )

    def _tension(self, watch: Watch, merged: MergedEvent, pending: _Pending) -> None:
        dyad = watch.rule.dyad
        day = event_day(merged.event_date)
        if dyad is None or day is None or merged.negated:
            return
        reading = dyad_reading(self.store, dyad, day)
        direction = reading.direction(watch.rule.tension_z)
        if direction is None:
            return
        key = f"tension:{dyad[0]}|{dyad[1]}:{day.isoformat()}:{direction}"
        if pending.has_key(watch.name, key) or self.monitor.has_alert(watch.name, key):
            return
        pending.add(self._tension_alert(watch, dyad, reading, direction, key))

    def _tension_alert(
        self, watch: Watch, dyad: tuple[str, str], reading: TensionReading, direction: str, key: str
    ) -> NewAlert:
        verb = "rose above" if direction == "up" else "fell below"
        title = (
            f"{dyad[0]}–{dyad[1]} tension {verb} its band on {reading.day.isoformat()}: "
            f"{reading.tension:g} (30-day mean {reading.mean:g}, z {reading.z:+.1f})"
        )
        strongest = sorted(reading.events, key=lambda e: abs(e.goldstein or 0.0), reverse=True)[:5]
        evidence: list[dict[str, Any]] = []
        for merged in strongest:
            support = merged.supports[0]
            result = self.store.article(support.article_id)
            item = self._evidence(
                result,
                support.trigger.start,
                support.trigger.end,
                support.sentence.text,
                support.trigger.text,
            )
            if item is not None:
                evidence.append({**item, "event": _event_json(merged)})
        return NewAlert(
            watchlist=watch.name,
            kind="tension",
            dedup_key=key,
            title=title,
            payload={
                "watchlist": watch.name,
                "rule": watch.rule.describe(),
                "kind": "tension",
                "title": title,
                "dyad": list(dyad),
                "day": reading.day.isoformat(),
                "direction": direction,
                "tension": reading.tension,
                "mean": reading.mean,
                "stdev": reading.stdev,
                "z": reading.z,
                "evidence": evidence,
                "link": f"{self._base()}/#/dyad?a={dyad[0]}&b={dyad[1]}",
            },
            channels=watch.delivery.channels(),
        )

    def _evidence(
        self, result: ArticleResult | None, start: int, end: int, sentence: str, trigger: str
    ) -> dict[str, Any] | None:
        if result is None:
            return None
        article = result.article
        return {
            "article_id": article.id,
            "title": article.title,
            "url": article.url,
            "source_name": article.source_name,
            "language": article.language,
            "published_at": article.published_at.isoformat() if article.published_at else None,
            "sentence": sentence,
            "trigger": trigger,
            "start": start,
            "end": end,
            "link": f"{self._base()}/#/article/{article.id}?ev={start}-{end}",
        }

    def _story_link(self, story_id: str) -> str:
        return f"{self._base()}/#/story/{story_id}"

    def _base(self) -> str:
        return self.settings.public_url.rstrip("/")


class _Story:
    """The story of a new article, read once and only when an event rule needs it."""

    def __init__(self, store: Store, story_id: str, article_id: str, result: ArticleResult) -> None:
        self.store = store
        self.story_id = story_id
        self.article_id = article_id
        self.result = result
        self.results: dict[str, ArticleResult] = {article_id: result}
        self._members: list[str] | None = None
        self._views: list[tuple[MergedEvent, EventView]] | None = None

    def member_ids(self) -> list[str]:
        if self._members is None:
            members = [m.article_id for m in self.store.story_members(self.story_id)]
            self._members = list(dict.fromkeys([self.article_id, *members]))
        return self._members

    def views(self) -> list[tuple[MergedEvent, EventView]]:
        """Return the story's merged events that the new article reports, described for matching."""
        if self._views is not None:
            return self._views
        members = self.store.story_members(self.story_id)
        times: dict[str, datetime | None] = {}
        languages: dict[str, str] = {}
        persons: dict[str, list[tuple[int, int, str]]] = {}
        events: list[Event] = []
        for member in members or ():
            found = self.results.get(member.article_id) or self.store.article(member.article_id)
            if found is None:
                continue
            self.results[member.article_id] = found
            times[member.article_id] = anchor_time(member.anchor)
        if not members:
            times[self.article_id] = self.result.article.published_at
        for article_id, found in self.results.items():
            events.extend(found.events)
            languages[article_id] = found.article.language
            persons[article_id] = person_spans(found.mentions)
        merged = merge_events(self.story_id, events, times, languages, persons)
        by_trigger = {(e.article_id, e.trigger.start, e.trigger.end): e for e in events}
        probes: dict[str, TextProbe] = {}
        views = []
        for item in merged:
            supporting = {s.article_id for s in item.supports}
            if self.article_id not in supporting:
                continue
            raw = [
                by_trigger[key]
                for s in item.supports
                if (key := (s.article_id, s.trigger.start, s.trigger.end)) in by_trigger
            ]
            for article_id in supporting:
                if article_id not in probes and article_id in self.results:
                    article = self.results[article_id].article
                    probes[article_id] = TextProbe(article.title, article.text)
            views.append(
                (
                    item,
                    event_view(
                        item, raw, self.results, {a: probes[a] for a in supporting if a in probes}
                    ),
                )
            )
        self._views = views
        return views


class _Pending:
    """Alerts and coverage of the batch being matched, not committed yet."""

    def __init__(self) -> None:
        self.alerts: list[NewAlert] = []
        self.coverage: list[tuple[str, str, str]] = []
        self._covered: dict[tuple[str, str], str] = {}
        self._keys: set[tuple[str, str]] = set()

    def add(self, alert: NewAlert) -> None:
        self.alerts.append(alert)
        self._keys.add((alert.watchlist, alert.dedup_key))
        for article_id in alert.covers:
            self._covered[(alert.watchlist, article_id)] = alert.id

    def cover(self, watchlist: str, article_id: str, alert_id: str) -> None:
        self.coverage.append((watchlist, article_id, alert_id))
        self._covered[(watchlist, article_id)] = alert_id

    def covering(self, watchlist: str, article_ids: Sequence[str]) -> set[str]:
        return {
            found for a in article_ids if (found := self._covered.get((watchlist, a))) is not None
        }

    def has_key(self, watchlist: str, key: str) -> bool:
        return (watchlist, key) in self._keys


def _event_json(merged: MergedEvent) -> dict[str, Any]:
    data = to_dict(merged)
    keep = (
        "story_id",
        "event_type",
        "source",
        "target",
        "negated",
        "mode",
        "modality",
        "cameo",
        "goldstein",
        "quad_class",
        "event_date",
        "first_reported_at",
        "first_article_id",
        "support_count",
    )
    return {key: data.get(key) for key in keep}


def _position(merged: MergedEvent, article_id: str) -> int:
    """Where the article tells the event first (its trigger's offset); elsewhere last."""
    starts = [s.trigger.start for s in merged.supports if s.article_id == article_id]
    return min(starts) if starts else 1 << 30


def _on_dyad(merged: MergedEvent, dyad: tuple[str, str]) -> bool:
    actors = set(merged.source) | set(merged.target)
    return dyad[0] in actors and dyad[1] in actors


def _first_hit(text: str, terms: Sequence[str]) -> tuple[int, int, str]:
    """Return the span of the first term found in ``text`` and the sentence around it."""
    # Folding keeps one character per character for Latin text once combining
    # marks are dropped, so positions are looked up on a per-character fold.
    folded = "".join(fold(ch)[:1] or " " for ch in text)
    best: tuple[int, int] | None = None
    for term in terms:
        position = folded.find(term)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, position + len(term))
    if best is None:
        return 0, 0, text[:200]
    start, end = best
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return start, end, text[left:right].strip()[:400]
