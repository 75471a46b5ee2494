"""The storage interface every backend implements, and the values it returns.

:class:`Store` is a :class:`typing.Protocol`: the SQLite backend implements it
today and a PostgreSQL backend can implement it later without callers
changing. The rules below are part of the interface, not of one backend.

Writing (:meth:`Store.save`), one article at a time, each in one transaction
with its mentions and events so a crash never leaves a partial article:

===================  ==========================================================
status               when
===================  ==========================================================
``new``              the id and the content hash are both new.
``updated``          the id is stored but the content hash differs: the article,
                     its mentions and its events are replaced.
``unchanged``        the id is stored with the same content hash. The text is the
                     same, but metadata, mentions and events are brought in line
                     with the new result when they differ (a newer extractor or
                     event coder updates them in place, never adds copies);
                     ``refreshed`` says whether anything was rewritten.
``duplicate``        a *different* id with a stored content hash: nothing is
                     stored again; the source is linked to the stored article,
                     named by ``duplicate_of``.
``near-duplicate``   MinHash similarity with a stored article reaches the
                     threshold: the article and its events *are* stored, with
                     ``duplicate_of`` naming the earlier article.
===================  ==========================================================

``article_id`` in the outcome is always the id of the article that was
passed in; for ``duplicate`` that id is not stored (read ``duplicate_of``).
An error recorded for a source is cleared when that source later succeeds,
and recording the same source's error again replaces it (one row per source:
the latest failure), so re-running a batch never multiplies errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Literal, Protocol, Self, Unpack, runtime_checkable

from veille.records import Article, ArticleError, ArticleResult, Event, Location
from veille.store.event_query import EventFilter, EventFilterArgs

SaveStatus = Literal["new", "updated", "unchanged", "duplicate", "near-duplicate"]
"""What :meth:`Store.save` did with an article; see the module docstring."""


def story_id_for(anchor: str) -> str:
    """Derive a story id from its earliest member's anchor (``time|article id``)."""
    return "st-" + anchor.rsplit("|", 1)[-1]


SAVE_STATUSES: tuple[SaveStatus, ...] = (
    "new",
    "updated",
    "unchanged",
    "duplicate",
    "near-duplicate",
)


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """The result of saving one article.

    ``similarity`` is the estimated Jaccard similarity with ``duplicate_of``
    for near-duplicates (1.0 for exact duplicates, ``None`` otherwise).
    ``candidates`` are the stored articles the near-duplicate check compared
    (those sharing a MinHash band), as ``(id, estimated Jaccard)`` best
    first, as :meth:`Store.similar_articles` would list them; ``None`` when
    the save made no such check (an exact duplicate, an unchanged article).
    They are a by-product handed to the clustering that follows, not part of
    what the save decided, so outcomes compare equal without them.
    """

    status: SaveStatus
    article_id: str
    duplicate_of: str | None = None
    similarity: float | None = None
    refreshed: bool = False
    candidates: tuple[tuple[str, float], ...] | None = field(
        default=None, compare=False, repr=False
    )


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result.

    ``snippet`` is a short extract of the title or text with each matched
    term wrapped in the two markers passed to :meth:`Store.search`
    (``[`` and ``]`` by default). ``rank`` is the relevance: higher is better.
    """

    article_id: str
    title: str | None
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article's place in the story clustering of :mod:`veille.stories`.

    ``day`` is the proleptic ordinal of the article's date (None when it has
    none); ``anchor`` sorts members by first report (publication time, then
    id); ``features`` are the weighted structured signals compared between
    articles; ``link`` says how it joined (``first``, ``near-duplicate``,
    ``structured``) and ``score`` the similarity that made it join.
    """

    article_id: str
    story_id: str
    day: int | None
    anchor: str
    features: Mapping[str, float]
    link: str = "first"
    score: float | None = None


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One story as listed: its id, member count, first and last member anchors."""

    id: str
    size: int
    first_article: str
    first_day: int | None
    last_day: int | None


@dataclass(frozen=True, slots=True)
class ArticleStory:
    """An article's story (None when not clustered yet), and what a story listing shows of it."""

    article_id: str
    story_id: str | None
    anchor: str | None
    published_at: datetime | None
    language: str
    title: str | None = None
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceSummary:
    """One place as listed by :meth:`Store.places`, with how often the corpus names it.

    ``place_id`` is None for a name the gazetteer did not resolve (listed
    only when unresolved places are asked for; ``name`` is then the text as
    written). ``events`` counts the events located there.
    """

    place_id: str | None
    name: str
    precision: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    mentions: int
    articles: int
    events: int


@dataclass(frozen=True, slots=True)
class ArticleHeadline:
    """What an export row says of an event's article: address, title, outlet, dates, language."""

    id: str
    url: str | None
    title: str | None
    source_name: str | None
    published_at: datetime | None
    retrieved_at: datetime | None
    language: str | None


@dataclass(frozen=True, slots=True)
class EventFacets:
    """What the stored events hold: counts by type, location country and actor, the date range.

    ``actors`` counts the busiest actor codes only (the 50 with most events).
    """

    total: int
    types: Mapping[str, int]
    countries: Mapping[str, int]
    actors: Mapping[str, int]
    first_day: str | None
    last_day: str | None


@dataclass(frozen=True, slots=True)
class ActorCode:
    """One side of an event as the charts read it: the actor code only."""

    code: str


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the dashboard's charts read of one event (see :meth:`Store.event_facts`).

    The fields charts aggregate, with the names of :class:`~veille.records.Event`
    (so a chart takes either): no spans, no sentence, no quantities. ``location``
    carries no span either.
    """

    event_date: str | None
    event_type: str
    quad_class: int | None
    goldstein: float | None
    negated: bool
    location: Location | None
    source: tuple[ActorCode, ...]
    target: tuple[ActorCode, ...]


@dataclass(frozen=True, slots=True)
class ActorLinks:
    """Who acts on whom in the events of a filter, as counted by ``Store.actor_links``."""

    events: Mapping[str, int]
    """Per actor code, the events it takes part in (on either side)."""

    links: Sequence[tuple[str, str, float | None, int]]
    """``(source, target, goldstein, events)``: the events linking two codes, by Goldstein score."""


class StoreConnection(Protocol):
    """How a store is opened, closed and bounded in time."""

    location: str
    """Where the store lives, as given to :func:`veille.store.open_store`."""

    def __enter__(self) -> Self:
        """Return the store itself."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        ...

    def close(self) -> None:
        """Release the connection; further calls raise :class:`~veille.errors.StoreError`."""
        ...

    def time_limit(self, seconds: float) -> AbstractContextManager[None]:
        """Stop the reads of the ``with`` block once ``seconds`` have passed.

        A statement still running then is interrupted and raises
        :class:`~veille.errors.StoreError` ``E-QUERY-TIMEOUT``; the API bounds
        each read request so. Only the calling thread's use of the store is
        affected.
        """
        ...

    def data_version(self) -> int | None:
        """Return a number that changes whenever another connection commits to the store.

        Two equal answers on the same store mean nothing was written in
        between, so what was read then is still current (the API's response
        cache relies on it). ``None`` when the backend cannot tell.
        """
        ...


class ArticleWriter(Protocol):
    """Saving articles (with their mentions and events) and recording failed sources."""

    def save(self, result: ArticleResult, source: str) -> SaveOutcome:
        """Store one article with its mentions and events atomically, linking ``source`` to it."""
        ...

    def record_error(self, error: ArticleError) -> None:
        """Record that a source failed (replacing an earlier error for the same source)."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """Group the writes made inside the ``with`` block into one transaction.

        Each :meth:`save` (and story assignment, error record) inside still
        succeeds or fails as a whole, but the block commits once at its end:
        other connections see its articles then, and a crash before that loses
        the block, which a resumed ingest redoes. Committing once per batch
        instead of once per write saves most of the page writes of storing.
        Backends that cannot group writes commit each one as before.
        """
        ...

    def source_done(self, source: str) -> bool:
        """Return True when ``source`` already led to a stored (or duplicate) article."""
        ...

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with its mentions, events and source links; False if absent."""
        ...


class ArticleReader(Protocol):
    """Reading stored articles back: one, a page, all, by headline, by full-text search."""

    def article(self, article_id: str) -> ArticleResult | None:
        """Return the article with its mentions and events, or None when it is not stored."""
        ...

    def articles(self, limit: int | None = 50, offset: int = 0) -> list[Article]:
        """Return stored articles, newest first (publication date, then storage order)."""
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Yield every stored article in storage order, reading in small batches."""
        ...

    def count_articles(self) -> int:
        """Return how many articles are stored (exact duplicates are not stored)."""
        ...

    def errors(self) -> list[ArticleError]:
        """Return the latest error of every source that has not since succeeded, newest first."""
        ...

    def article_headlines(self, article_ids: Sequence[str]) -> dict[str, ArticleHeadline]:
        """Return the headline of each stored article of ``article_ids`` (by id)."""
        ...

    def search(
        self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, accent-insensitive.

        Words must all match; ``"quoted phrases"`` match as phrases. Search
        syntax characters in the query are treated as plain text. A query
        without any word raises :class:`~veille.errors.StoreError`.
        """
        ...

    def duplicates_of(self, article_id: str) -> list[str]:
        """Return ids of articles found to duplicate or nearly duplicate ``article_id``."""
        ...


class EventQueries(Protocol):
    """The filtered event listings, counts and facets the CLI, the API and exports read."""

    def count_events(
        self, query: EventFilter | None = None, /, **filters: Unpack[EventFilterArgs]
    ) -> int:
        """Return how many stored events :meth:`events` returns with the same filter.

        Without a filter this is every stored event.
        """
        ...

    def event_facets(self) -> EventFacets:
        """Return what the stored events hold (types, countries, actors, dates), for hints."""
        ...

    def event_facts(
        self, query: EventFilter, *, sides: bool = False, places: bool = False
    ) -> list[EventFacts]:
        """Return what the charts read of every event matching ``query``, in no set order.

        Reads a few columns and fields of the stored JSON in the database,
        not whole events: the timeline, network and map of a store of
        15,000 events cost a fraction of rebuilding every event. The actor
        codes of each side are read only with ``sides`` (the network needs
        them), the location only with ``places`` (the map); without, the
        sides are empty and the location None.
        """
        ...

    def event_day_counts(
        self, query: EventFilter, by: Literal["quad_class", "type"]
    ) -> list[tuple[str, str, int]]:
        """Count the events matching ``query`` per event day and quad class (or PLOVER type).

        Returns ``(day, key, count)`` rows, the day as ``YYYY-MM-DD`` and the
        quad class as text (``"0"`` when unknown); events with no date and
        negated events (acts reported as not done) are not counted. The
        database counts: the timeline of 15,000 events reads a few thousand
        rows, not every event.
        """
        ...

    def actor_links(self, query: EventFilter) -> ActorLinks:
        """Count who acts on whom in the events matching ``query``, in the database.

        The counts of :func:`veille.queries.charts.actor_network`, whose rules
        they follow: a link joins each source code of an event to each of its
        target codes that is not also a source, or, when no such target is
        left (a bilateral event), its sources to each other, the lower code
        (by code point) first. Codes compare case-sensitively, as strings do
        in Python; negated events (acts reported as not done) join no one and
        count for no one. The network of 15,000 events costs a few thousand
        rows, not every event with its sides.
        """
        ...

    def articles_mentioning(
        self, actor_id: str, *, among: Sequence[str] | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Return the articles with a mention resolved to ``actor_id``, most mentions first.

        The snippet is the first such mention as written; the rank is the
        number of mentions. ``among`` keeps only those article ids.
        """
        ...

    def events(
        self,
        query: EventFilter | None = None,
        /,
        *,
        limit: int | None = None,
        offset: int = 0,
        **filters: Unpack[EventFilterArgs],
    ) -> list[Event]:
        """Return stored events, most recent event date first (undated last), filtered.

        The filter is an :class:`~veille.store.event_query.EventFilter`, or its
        fields as keywords (``store.events(dyad=("RUS", "BLR"))``), not both:
        ``actor`` matches a source or target code; ``dyad`` matches events in
        which both actors take part, on either side (A→B, B→A, or a bilateral
        event coded with both as sources); ``event_type`` a PLOVER type,
        ``cameo`` a CAMEO code with its sub-codes and ``quad_class`` a quad
        class (1–4); ``since``/``until`` are ISO dates
        (inclusive) compared with the event date; ``language`` is the
        article's; ``place`` an ISO alpha-3 country code (matched against the
        event location's country) or a place id (``G:625144``); ``salience``
        ``lead``, ``background`` or ``all`` (None: all); ``article_ids`` keeps
        those articles' events; ``commentary=False`` leaves out events of
        commentary sections; ``text`` keeps events whose sentence contains
        every word (accents and case ignored), or whose type or an actor code
        is the word. Codes and types ignore case. ``limit``/``offset`` page
        through the result; :meth:`count_events` counts it. All filtering
        runs in the database (see :mod:`veille.store.event_query`).
        """
        ...

    def events_json(
        self, query: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[str]:
        """Return the public JSON text of the events matching ``query``, in :meth:`events` order.

        The text of each is ``json.dumps(to_dict(event), ensure_ascii=False)``
        in compact form, read from the store without rebuilding the record
        when the stored form is current (what the HTTP API serves).
        """
        ...

    def event_refs(
        self, query: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, str | None]]:
        """Return ``(article id, event date)`` of the events matching ``query``, in listing order.

        What paging through events needs to know without reading them whole.
        """
        ...

    def article_stories(self, article_ids: Sequence[str]) -> list[ArticleStory]:
        """Return the stored articles among ``article_ids`` and every other member of their stories.

        Each with its story (None when not clustered yet), publication time
        and language, ordered by article id: what merging events by story
        needs to know, in one query.
        """
        ...

    def iter_events(self) -> Iterator[Event]:
        """Yield every stored event in storage order, reading in small batches."""
        ...

    def mention_counts(self, actor_ids: Sequence[str]) -> dict[str, int]:
        """Return how many stored mentions resolve to each of ``actor_ids`` (absent → 0)."""
        ...

    def places(
        self,
        limit: int | None = 50,
        offset: int = 0,
        *,
        country: str | None = None,
        unresolved: bool = False,
    ) -> list[PlaceSummary]:
        """Return the places named in stored articles, most mentioned first.

        ``country`` keeps places of that ISO alpha-3 country; ``unresolved``
        lists the names the gazetteer did not know instead (grouped by text).
        """
        ...


class StoryIndex(Protocol):
    """Story clustering's index: near-duplicates, candidate lookup, membership and merges."""

    def original_of(self, article_id: str) -> str | None:
        """Return the stored article ``article_id`` (near-)duplicates, or None.

        For an exact duplicate (never stored under its own id) this is the
        stored article its source was linked to.
        """
        ...

    def similar_articles(self, article_id: str, min_similarity: float) -> list[tuple[str, float]]:
        """Return ``(id, estimated Jaccard)`` of the stored article's MinHash LSH candidates.

        Candidates share at least one band; those below ``min_similarity``
        are dropped; best first. Empty when the article is not stored.
        """
        ...

    def story_member(self, article_id: str) -> StoryMember | None:
        """Return the article's story membership, or None when it is not clustered yet."""
        ...

    def clustered(self, article_ids: Sequence[str]) -> set[str]:
        """Return those of ``article_ids`` that are in a story already (one look-up for all)."""
        ...

    def story_candidates(
        self, keys: Sequence[str], first_day: int, last_day: int, *, limit_per_key: int = 50
    ) -> list[StoryMember]:
        """Return members indexed under any of ``keys`` on a day in ``[first_day, last_day]``.

        At most ``limit_per_key`` articles are read per key (the closest
        anchors first), so the cost stays bounded however large the store.
        """
        ...

    def join_story(self, member: StoryMember, keys: Sequence[str], linked: Sequence[str]) -> str:
        """Store ``member`` with its index ``keys`` and merge it with the stories of ``linked``.

        One transaction: the merged story takes the id derived from its
        earliest anchor (``story_id_for``), older ids become aliases. Returns
        the story id.
        """
        ...

    def story_members(self, story_id: str) -> list[StoryMember]:
        """Return the members of a story (an alias id is followed), earliest first."""
        ...

    def stories(self, limit: int | None = 50, offset: int = 0) -> list[StorySummary]:
        """Return stories, most recent last day first, then largest."""
        ...


class StoryStore(ArticleReader, StoryIndex, Protocol):
    """What story clustering (:mod:`veille.stories`) uses: stored articles and the story index."""


class StoryEventStore(StoryStore, EventQueries, Protocol):
    """What a story's merged events (:mod:`veille.stories.merge`) read: stories and their events."""


@runtime_checkable
class Store(StoreConnection, ArticleWriter, ArticleReader, EventQueries, StoryIndex, Protocol):
    """Where articles, their mentions and events, and per-source errors are kept.

    A store is a context manager; leaving the ``with`` block closes it. One
    process writes at a time; any number of readers (the API, the CLI) may
    read while it writes and never see a partially written article.

    Its methods are grouped by role (:class:`StoreConnection`,
    :class:`ArticleWriter`, :class:`ArticleReader`, :class:`EventQueries`,
    :class:`StoryIndex`), so that a caller can ask for only the role it uses.
    """
