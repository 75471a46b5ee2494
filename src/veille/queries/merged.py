"""Pages of merged events: one record per real-world event, read page by page from the store.

A merged event (:class:`veille.stories.MergedEvent`) gathers the events of
one story that report the same happening; its date is the earliest its
reports give. Listing them newest first without merging the whole store
uses the store's own order (newest event date first):

1. read the article and date of the matching events in that order, a batch
   at a time (growing), and note the stories of their articles (an article
   not clustered yet is a story of its own, ``st-<article id>``, as in
   :func:`veille.stories.merged_events`);
2. every event dated after the last one read has been read, so every merged
   event dated after it is complete: merge, once and from *all* their
   matching events (:func:`veille.stories.merge_events`), the stories that
   have an event dated after it — the others cannot give such a merged
   event yet — so a merged event is never split across pages;
3. stop as soon as the complete merged events fill the page.

The filters apply to the events before merging, exactly as for the CLI's
``veille events --merged``; the cost depends on the page asked for, not on
the size of the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

from veille.records import Event
from veille.store import Store
from veille.store.base import ArticleStory
from veille.store.event_query import EventFilter
from veille.stories import MergedEvent, merge_events
from veille.stories.signals import anchor_time

__all__ = ["MERGED_FIELDS", "MergedPage", "merged_page"]

MERGED_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(MergedEvent))
"""Keys of a merged event's JSON (the CLI's ``veille events --merged --json``), in order."""

SCAN_BATCH = 200
"""Matching events looked at in the first step of a page; each further step doubles it."""

SCAN_MAX = 10_000
"""Largest step, so that a deep page never reads an unbounded batch at once."""


@dataclass(frozen=True, slots=True)
class MergedPage:
    """One page of merged events, whether more follow, and the total when it is known.

    ``total`` is known when the scan reached the end of the matching events
    (a last page, or a small store); otherwise counting would mean merging
    everything, and it is None.
    """

    events: list[MergedEvent]
    more: bool
    total: int | None


def merged_page(store: Store, query: EventFilter, offset: int, limit: int | None) -> MergedPage:
    """Return merged events ``offset`` to ``offset + limit`` (all with None), newest first.

    Order: event date descending (undated last), then story id, type and
    sides, so that pages never overlap or skip.
    """
    wanted = None if limit is None else offset + limit + 1  # one more says whether more follow
    scan = _Scan(store, query)
    scanned = 0
    batch = SCAN_BATCH
    while True:
        # Only the article and date of each event: the events themselves are
        # read once, story by story, when they are merged.
        refs = store.event_refs(query, limit=batch, offset=scanned)
        scanned += len(refs)
        exhausted = len(refs) < batch
        scan.note(refs)
        # Every event dated after the last one read has been read, so every
        # merged event dated after it is complete (at the end: every one).
        boundary = None if exhausted else _date_key(refs[-1][1])
        # At the end everything is merged, so that the total is known.
        ready = scan.ready(boundary, None if exhausted else wanted)
        if exhausted or (wanted is not None and len(ready) >= wanted):
            break
        batch = min(batch * 2, SCAN_MAX)
    ready = _newest_first(ready)
    end = len(ready) if limit is None else offset + limit
    return MergedPage(
        events=ready[offset:end],
        more=len(ready) > end,
        total=len(ready) if exhausted else None,
    )


class _Scan:
    """The stories met while reading events in date order, merged once they can matter.

    A story is merged only when one of its events read so far is dated after
    the boundary: a story whose events read so far are all on or before it
    cannot give a complete merged event yet, and may never be needed.
    """

    def __init__(self, store: Store, query: EventFilter) -> None:
        """Start with nothing read."""
        self.store = store
        self.query = query
        self._members: dict[str, ArticleStory] = {}
        self.story_of: dict[str, str] = {}
        self.latest: dict[str, str] = {}  # story → date key of its newest event read
        self.merged: list[MergedEvent] = []
        self.done: set[str] = set()
        self.missing: set[str] = set()  # ids the store no longer holds

    def note(self, refs: Sequence[tuple[str, str | None]]) -> None:
        """Record the stories of the events just read, looking up new articles."""
        fresh = [a for a in dict.fromkeys(a for a, _ in refs) if a not in self.story_of]
        fresh = [a for a in fresh if a not in self.missing]
        if fresh:
            members = self.store.article_stories(fresh)
            self._members.update({m.article_id: m for m in members})
            for member in members:
                self.story_of[member.article_id] = member.story_id or f"st-{member.article_id}"
            self.missing.update(set(fresh) - set(self.story_of))
        for article_id, event_date in refs:
            story = self.story_of.get(article_id)
            if story is not None:
                key = _date_key(event_date)
                self.latest[story] = max(self.latest.get(story, key), key)

    def ready(self, boundary: str | None, wanted: int | None) -> list[MergedEvent]:
        """Return merged events known to be complete and in place, merging stories as needed.

        ``boundary`` is the date key of the last event read (None: every
        event has been read). Stories that can give a merged event dated
        after it are merged newest first, a date at a time, and merging stops
        once ``wanted`` merged events are certain (None: merge them all):
        those dated after both the boundary and the newest story not merged
        yet, since any other merged event is dated no later than that.
        """
        due = sorted(
            (
                (latest, story)
                for story, latest in self.latest.items()
                if story not in self.done and (boundary is None or latest > boundary)
            ),
            reverse=True,
        )
        cut = boundary
        index = 0
        while index < len(due):
            newest = due[index][0]
            group = [story for latest, story in due[index:] if latest == newest]
            index += len(group)
            self.merged += self._merge(group)
            following = due[index][0] if index < len(due) else None
            known = [key for key in (boundary, following) if key is not None]
            cut = max(known) if known else None
            if wanted is not None and len(self._after(cut)) >= wanted:
                break
        return self._after(cut)

    def _after(self, cut: str | None) -> list[MergedEvent]:
        """Return the merged events dated after ``cut`` (None: all of them)."""
        if cut is None:
            return list(self.merged)
        return [m for m in self.merged if _date_key(m.event_date) > cut]

    def _merge(self, stories: Sequence[str]) -> list[MergedEvent]:
        """Merge ``stories`` from all their events matching the query."""
        self.done.update(stories)
        wanted = set(stories)
        articles = [a for a, story in self.story_of.items() if story in wanted]
        times: dict[str, datetime | None] = {}
        languages: dict[str, str] = {}
        first_report: dict[str, str] = {}
        for article_id in articles:
            member = self._members[article_id]
            times[article_id] = (
                anchor_time(member.anchor) if member.anchor is not None else member.published_at
            )
            languages[article_id] = member.language
            first_report[article_id] = member.anchor or article_id
        by_story: dict[str, list[Event]] = defaultdict(list)
        found = self.store.events(replace(self.query, article_ids=tuple(articles)))
        # Reports in the order veille.stories.story_events gives them: first report first.
        for event in sorted(found, key=lambda e: first_report[e.article_id]):
            by_story[self.story_of[event.article_id]].append(event)
        return [
            merged
            for story, events in sorted(by_story.items())
            for merged in merge_events(story, events, times, languages)
        ]


def _date_key(event_date: str | None) -> str:
    # Undated sorts below every date, as in the store's order.
    return event_date or ""


def _newest_first(events: list[MergedEvent]) -> list[MergedEvent]:
    """Sort by event date descending (undated last), ties by story, type and sides."""
    ordered = sorted(
        events,
        key=lambda m: (m.story_id, m.event_type, m.source, m.target, m.negated),
    )
    # A stable sort on the date keeps that order among events of the same date.
    return sorted(ordered, key=lambda m: _date_key(m.event_date), reverse=True)
