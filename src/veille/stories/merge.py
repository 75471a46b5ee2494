"""Event merging inside a story: one record per real-world event, every report kept.

Within one story, events with the same PLOVER type, the same source and
target actor codes and the same polarity (negated or not) are one event
told several times — by several outlets, or several times in one article —
provided their actors also agree where the reports say more than a country
code: the persons named on each side (``Trump`` against ``Pelosi``, both
``USA``), the sectors (government against opposition), and the dates they
give (two days apart is another occurrence). Events whose codes match but
whose actors or dates conflict stay separate merged events: a story wrongly
mixing two happenings must not also invent one event reported by both.
A report that leaves one side unnamed is folded into the single event of
that type whose other side matches, when there is exactly one.
They become one :class:`MergedEvent` that links to every supporting event
(article id plus trigger and sentence evidence spans), counts the distinct
supporting articles, and keeps the earliest report time.

Details that differ are never overwritten: every distinct figure is kept
with the articles that gave it, and a :class:`Disagreement` names each field
on which the reports differ (60 000 vs 50 000 troops; done vs announced).
Figures are compared per kind of thing counted, whatever the language
(:func:`~veille.stories.kinds.quantity_kind`: "militaires" and "troops"
are both ``troops``), so "près de 60 000 militaires" against "50,000
troops" is a disagreement, and "60 000 militaires" against "60,000 troops"
one figure reported twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from veille.records import ActorRef, Event, Location, Mention, Quantity, Span
from veille.store.base import StoryEventStore
from veille.stories.kinds import quantity_kind
from veille.stories.signals import anchor_time


@dataclass(frozen=True, slots=True)
class EventSupport:
    """One report of a merged event: the article, its evidence spans and when it was published."""

    article_id: str
    trigger: Span
    sentence: Span
    reported_at: datetime | None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ReportedValue:
    """A value one or more supporting articles gave for a field.

    ``as_written`` holds the figure as each report wrote it ("près de 60 000
    militaires", "50,000 troops"), when the field is a figure.
    """

    value: str
    article_ids: tuple[str, ...]
    as_written: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A field on which the reports differ, with every value and who gave it."""

    field: str
    values: tuple[ReportedValue, ...]


@dataclass(frozen=True, slots=True)
class QuantityReport:
    """A figure attached to the merged event, with the articles that reported it.

    ``kind`` is what it counts in language-independent words (``troops``,
    ``EUR``); ``unit`` and ``what`` are those of the first report, as written.
    """

    value: float
    unit: str | None
    what: str | None
    approximate: bool
    article_ids: tuple[str, ...]
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real-world event inside a story, with all its supporting reports.

    ``support_count`` is the number of distinct articles reporting it;
    ``first_reported_at`` the earliest publication time among them;
    ``event_date`` the earliest date the reports give; ``location`` where
    the reports place it (see :func:`merged_location`).
    """

    story_id: str
    event_type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    negated: bool
    mode: str | None
    modality: str
    cameo: str | None
    goldstein: float | None
    quad_class: int | None
    event_date: str | None
    first_reported_at: datetime | None
    first_article_id: str
    support_count: int
    supports: tuple[EventSupport, ...]
    quantities: tuple[QuantityReport, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    location: Location | None = None


_Key = tuple[str, tuple[str, ...], tuple[str, ...], bool]
PersonSpans = Mapping[str, Sequence[tuple[int, int, str]]]
"""Per article id, the ``(start, end, person id)`` of its mentions resolved to a person."""

EVENT_DAYS_APART = 1
"""Events of one type and dyad dated further apart than this are different occurrences."""


def merge_events(
    story_id: str,
    events: Iterable[Event],
    reported_at: dict[str, datetime | None] | None = None,
    languages: dict[str, str] | None = None,
    persons: PersonSpans | None = None,
) -> list[MergedEvent]:
    """Merge the events of one story; commentary events are left out.

    ``reported_at`` maps article ids to publication times (for the earliest
    report); ``languages`` maps article ids to languages; ``persons`` gives
    each article's person mentions (:func:`person_spans`), so that events
    naming different persons on a side are not merged. Merged events come
    out earliest report first, then by type.
    """
    times = reported_at or {}
    groups: dict[_Key, list[Event]] = defaultdict(list)
    for event in events:
        if event.section_kind in ("commentary", "related-links", "boilerplate"):
            continue
        groups[_key(event)].append(event)
    merged = [
        _merge(story_id, key, members, times, languages or {})
        for key, events_of_key in _fold_partial(groups).items()
        for members in _agreeing(events_of_key, persons or {})
    ]
    return sorted(
        merged,
        key=lambda m: (
            m.first_reported_at is None,
            m.first_reported_at.isoformat() if m.first_reported_at else "",
            m.event_type,
            m.source,
            m.target,
        ),
    )


def person_spans(mentions: Iterable[Mention]) -> list[tuple[int, int, str]]:
    """Return the ``(start, end, person id)`` of the mentions resolved to a person."""
    return [
        (m.start, m.end, m.actor_id)
        for m in mentions
        if m.actor_id is not None and m.actor_id.startswith("PER:")
    ]


def story_events(store: StoryEventStore, story_id: str) -> list[MergedEvent]:
    """Return the merged events of one story (an alias id is followed); empty if unknown."""
    members = store.story_members(story_id)
    events: list[Event] = []
    times: dict[str, datetime | None] = {}
    languages: dict[str, str] = {}
    persons: dict[str, list[tuple[int, int, str]]] = {}
    for member in members:
        stored = store.article(member.article_id)
        if stored is None:
            continue
        events.extend(stored.events)
        times[member.article_id] = anchor_time(member.anchor)
        languages[member.article_id] = stored.article.language
        persons[member.article_id] = person_spans(stored.mentions)
    return merge_events(
        members[0].story_id if members else story_id, events, times, languages, persons
    )


def merged_events(
    store: StoryEventStore,
    actor: str | None = None,
    *,
    dyad: tuple[str, str] | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[MergedEvent]:
    """Return merged events with the same filters as :meth:`Store.events`.

    The filtered events are grouped by story (an article not clustered yet
    is a story of its own) and merged; the result is ordered like
    :meth:`Store.events`, most recent event date first. ``limit`` applies
    to merged events.
    """
    found = store.events(actor=actor, dyad=dyad, event_type=event_type, since=since, until=until)
    by_story: dict[str, list[Event]] = defaultdict(list)
    story_of: dict[str, str] = {}
    times: dict[str, datetime | None] = {}
    languages: dict[str, str] = {}
    persons: dict[str, list[tuple[int, int, str]]] = {}
    for event in found:
        if event.article_id not in story_of:
            member = store.story_member(event.article_id)
            stored = store.article(event.article_id)
            if stored is not None:
                languages[event.article_id] = stored.article.language
                persons[event.article_id] = person_spans(stored.mentions)
            if member is None:
                story_of[event.article_id] = f"st-{event.article_id}"
                times[event.article_id] = stored.article.published_at if stored else None
            else:
                story_of[event.article_id] = member.story_id
                times[event.article_id] = anchor_time(member.anchor)
        by_story[story_of[event.article_id]].append(event)
    merged = [
        m
        for sid, evs in by_story.items()
        for m in merge_events(sid, evs, times, languages, persons)
    ]
    merged.sort(key=lambda m: m.event_date or "", reverse=True)
    return merged if limit is None else merged[:limit]


def _fold_partial(groups: dict[_Key, list[Event]]) -> dict[_Key, list[Event]]:
    """Fold events missing one side into the one event that has it filled.

    "NATO launched an exercise" and "NATO launched an exercise in Norway"
    are compatible: when exactly one group has the same type, polarity and
    known side plus a filled other side, the partial group joins it. With
    several candidates the report is ambiguous and stays on its own.
    """
    folded = {key: list(events) for key, events in groups.items()}
    for key in sorted(groups):
        kind, source, target, negated = key
        if bool(source) == bool(target):
            continue
        fuller = [
            other
            for other in folded
            if other != key
            and other[0] == kind
            and other[3] == negated
            and other[1]
            and other[2]
            and (other[1] == source if source else other[2] == target)
        ]
        if len(fuller) == 1:
            folded[fuller[0]].extend(folded.pop(key))
    return folded


def _agreeing(events: Sequence[Event], persons: PersonSpans) -> list[list[Event]]:
    """Split events of one type and dyad into groups whose actors and dates all agree.

    Each event joins the first group it agrees with entirely (every member:
    all-pairs agreement, not one shared member), else starts a group; the
    input order decides ties, so the result is stable for a given story.
    """
    groups: list[list[tuple[Event, _Detail]]] = []
    for event in events:
        detail = _detail(event, persons.get(event.article_id, ()))
        for group in groups:
            if all(_agree(detail, other) for _, other in group):
                group.append((event, detail))
                break
        else:
            groups.append([(event, detail)])
    return [[event for event, _ in group] for group in groups]


@dataclass(frozen=True, slots=True)
class _Detail:
    """What an event says beyond its codes: persons and sectors per side, and its day."""

    source_persons: frozenset[str]
    target_persons: frozenset[str]
    source_sectors: frozenset[str]
    target_sectors: frozenset[str]
    day: int | None


def _detail(event: Event, spans: Sequence[tuple[int, int, str]]) -> _Detail:
    def persons(refs: Sequence[ActorRef]) -> frozenset[str]:
        return frozenset(p for r in refs for s, e, p in spans if s < r.end and r.start < e)

    def sectors(refs: Sequence[ActorRef]) -> frozenset[str]:
        return frozenset(r.sector for r in refs if r.sector)

    day = None
    if event.event_date:
        try:
            day = date.fromisoformat(event.event_date[:10]).toordinal()
        except ValueError:
            day = None
    return _Detail(
        persons(event.source),
        persons(event.target),
        sectors(event.source),
        sectors(event.target),
        day,
    )


def _agree(first: _Detail, second: _Detail) -> bool:
    # A side named by different persons, or by different sectors, is another actor;
    # a side that one report leaves vaguer (no person, no sector) does not conflict.
    for mine, theirs in (
        (first.source_persons, second.source_persons),
        (first.target_persons, second.target_persons),
        (first.source_sectors, second.source_sectors),
        (first.target_sectors, second.target_sectors),
    ):
        if mine and theirs and not mine & theirs:
            return False
    if first.day is not None and second.day is not None:
        return abs(first.day - second.day) <= EVENT_DAYS_APART
    return True


def _key(event: Event) -> _Key:
    source = tuple(sorted({r.code for r in event.source if r.code}))
    target = tuple(sorted({r.code for r in event.target if r.code}))
    return (event.event_type, source, target, event.negated)


def _merge(
    story_id: str,
    key: _Key,
    events: Sequence[Event],
    times: dict[str, datetime | None],
    languages: dict[str, str],
) -> MergedEvent:
    event_type, source, target, negated = key
    supports = tuple(
        EventSupport(
            e.article_id,
            e.trigger,
            e.sentence,
            times.get(e.article_id),
            languages.get(e.article_id),
        )
        for e in events
    )
    article_ids = list(dict.fromkeys(e.article_id for e in events))
    dated = [(t, a) for a in article_ids if (t := times.get(a)) is not None]
    first_time, first_article = min(dated) if dated else (None, min(article_ids))
    dates = [e.event_date for e in events if e.event_date]
    first = events[0]
    return MergedEvent(
        story_id=story_id,
        event_type=event_type,
        source=source,
        target=target,
        negated=negated,
        mode=first.mode,
        modality=first.modality,
        cameo=first.cameo,
        # Reports coded before negated events lost their score still carry one.
        goldstein=None if negated else first.goldstein,
        quad_class=first.quad_class,
        event_date=min(dates) if dates else None,
        first_reported_at=first_time,
        first_article_id=first_article,
        support_count=len(article_ids),
        supports=supports,
        quantities=_quantities(events, languages),
        disagreements=_disagreements(events, languages),
        location=merged_location(events),
    )


_PRECISION_RANK = {"city": 0, "admin1": 1, "country": 2, "region": 3, "unknown": 4}


def merged_location(events: Sequence[Event]) -> Location | None:
    """Return where the reports of one event place it, or ``None`` when none does.

    A place stated in a report's sentence beats one inferred from context
    (a dateline); then the place most reports give; then the most precise
    (a city over its country). Reports naming different places do not make
    a disagreement here: one may give the city and another the country.
    """
    located = [e.location for e in events if e.location is not None]
    if not located:
        return None
    support: dict[str | None, int] = defaultdict(int)
    for where in located:
        support[where.place_id or where.name] += 1
    return min(
        located,
        key=lambda where: (
            where.inferred,
            -support[where.place_id or where.name],
            _PRECISION_RANK.get(where.precision, len(_PRECISION_RANK)),
        ),
    )


def _quantities(events: Sequence[Event], languages: dict[str, str]) -> tuple[QuantityReport, ...]:
    found: dict[tuple[float, str], list[tuple[str, Quantity]]] = defaultdict(list)
    for event in events:
        for q in event.quantities:
            kind = quantity_kind(q, languages.get(event.article_id))
            found[(q.value, kind)].append((event.article_id, q))
    return tuple(
        QuantityReport(
            value=value,
            unit=reports[0][1].unit,
            what=reports[0][1].what,
            approximate=any(q.approximate for _, q in reports),
            article_ids=tuple(dict.fromkeys(a for a, _ in reports)),
            kind=kind,
        )
        for (value, kind), reports in found.items()
    )


def _disagreements(events: Sequence[Event], languages: dict[str, str]) -> tuple[Disagreement, ...]:
    fields: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    written: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in events:
        fields["modality"][event.modality].append(event.article_id)
        if event.event_date:
            fields["event_date"][event.event_date[:10]].append(event.article_id)
        # Figures are compared per kind of thing counted, across languages, so
        # "60 000 militaires" vs "50,000 troops" disagree but troops vs ships do not.
        for q in event.quantities:
            name = f"quantity:{quantity_kind(q, languages.get(event.article_id))}"
            value = f"{q.value:g}"
            fields[name][value].append(event.article_id)
            text = _as_written(event, q)
            if text and text not in written[(name, value)]:
                written[(name, value)].append(text)
    found = []
    for name, values in sorted(fields.items()):
        # Several figures from the very same articles are one report's details
        # (40 000 troops and 22 countries), not reports that disagree.
        if len(values) > 1 and len({frozenset(ids) for ids in values.values()}) > 1:
            found.append(
                Disagreement(
                    field=name,
                    values=tuple(
                        ReportedValue(
                            value, tuple(dict.fromkeys(ids)), tuple(written[(name, value)])
                        )
                        for value, ids in sorted(values.items())
                    ),
                )
            )
    return tuple(found)


def _as_written(event: Event, quantity: Quantity) -> str | None:
    # Quantity offsets are into the article text; the sentence span carries that text.
    sentence = event.sentence
    start, end = quantity.start - sentence.start, quantity.end - sentence.start
    if 0 <= start < end <= len(sentence.text):
        return sentence.text[start:end]
    return None
