"""Frozen records: the contract between pipeline stages.

Every stage takes and returns these types only; no stage imports another stage.
Character offsets (``start``/``end``) always index into :attr:`Article.text`,
the article's full stored text (title line first, then the body), so any
field can be traced back to the characters it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from typing import Any, Literal, TypeVar

SectionKind = Literal["title", "byline", "body", "commentary", "related-links", "boilerplate"]
"""Kinds of article section. ``title`` and ``byline`` hold the header lines of
the article (title; author, date and reading-time bullets); ``commentary`` is
the publisher's own analysis, never coded as reported events."""

SECTION_KINDS: tuple[SectionKind, ...] = (
    "title",
    "byline",
    "body",
    "commentary",
    "related-links",
    "boilerplate",
)

MentionKind = Literal[
    "country", "capital", "organisation", "person", "role", "bloc", "demonym", "other"
]

ActorType = Literal["state", "organisation", "bloc", "person", "group"]

Mode = Literal["done", "announced", "intended", "possible", "conditional"]

Precision = Literal["country", "admin1", "city", "region", "unknown"]
"""How exactly a place is known: a whole country, a first-level region of a
country (a state, a province), a city, a region above or across countries
("l'Est de l'Europe", "the Middle East") that has no single country, or a
name the gazetteer does not know."""

Salience = Literal["lead", "background"]
"""``lead``: what the article reports as new; ``background``: context it
recalls ("sur fond de guerre en Ukraine", earlier events)."""

ActorHow = Literal["stated", "coreference", "context"]
"""How an event's actor was found, from the surest to the weakest:

- ``stated``: the event's sentence names the actor and says whose it is
  ("la Russie", "Egyptian police", "police in Minsk");
- ``coreference``: a word of the sentence refers back to an actor named
  before ("Elle a ratifié", "the minister", "les deux pays", "cette rencontre");
- ``context``: the sentence does not say it; the article does (sides carried
  over from the last event, the state the article names most for "la junte",
  the actor a reprisal answers).

A named group or person whose state is the article's ("Daech", "le député
Andreï Issaïev") is ``stated``: the sentence names the actor (codebook 7.8).
"""

ACTOR_HOWS: tuple[ActorHow, ...] = ("stated", "coreference", "context")
"""The values of :data:`ActorHow`, surest first."""


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A contiguous part of the article text and what kind of content it is."""

    kind: SectionKind
    start: int
    end: int
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class MetadataVote:
    """One value a source stated for a metadata field, and how much it counted in the vote."""

    source: str
    value: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class MetadataChoice:
    """How a metadata field was chosen.

    ``source`` is where the kept value was read (``h1:article``, ``og:title``,
    ``json-ld:NewsArticle.author``, ``byline:article``, ``dateline``,
    ``container`` for a feed or JSONL field, ``text:byline`` ...);
    ``agreeing`` the other sources that said the same; ``outvoted`` the
    values other sources stated and lost with.
    """

    value: str
    source: str
    agreeing: tuple[str, ...] = ()
    outvoted: tuple[MetadataVote, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after extraction, ready for NLP.

    ``authors`` are the persons of the byline, in its order, names
    normalised; ``organisation`` is an agency or outlet byline ("AFP", "Le
    Monde avec AFP", "Associated Press"), set when no person signs or when an
    agency co-signs. ``author`` is the persons joined by ", " (kept for
    readers of the first record format; never an organisation).

    ``published_at`` is the publication instant with the page's own UTC
    offset when it states one (UTC otherwise); ``published_date_local`` is the
    day as the page states it, which an evening post in the Americas keeps
    even though its UTC instant falls on the next day.

    ``evidence`` maps a metadata field name (``title``, ``author``,
    ``author_role``, ``published``, ``reading_time``) to the span of
    :attr:`text` it was read from; fields taken from HTML or feed metadata
    rather than from the text have no entry. ``provenance`` says, per field
    (``title``, ``authors``, ``published``), which source won and which were
    outvoted.
    """

    id: str
    text: str
    content_hash: str
    url: str | None = None
    source_name: str | None = None
    source_format: str = "text"
    title: str | None = None
    author: str | None = None
    authors: tuple[str, ...] = ()
    organisation: str | None = None
    author_role: str | None = None
    published_at: datetime | None = None
    published_date_local: str | None = None
    published_text: str | None = None
    reference_time: datetime | None = None
    reference_time_source: str | None = None
    retrieved_at: datetime | None = None
    language: str = "other"
    language_confidence: float = 0.0
    reading_time_minutes: int | None = None
    reading_time_estimated: bool = False
    sections: tuple[Section, ...] = ()
    evidence: Mapping[str, Span] = field(default_factory=dict)
    provenance: Mapping[str, MetadataChoice] = field(default_factory=dict)
    minhash: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleError:
    """A source item that could not become an article, and why.

    ``code`` is a short stable identifier (``E-EMPTY``, ``E-BINARY``,
    ``E-NETWORK-GUARD`` …); ``message`` says what happened and what to do.
    """

    source: str
    code: str
    message: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a person, valid from ``start`` to ``end`` (ISO dates, inclusive)."""

    office: str
    country: str | None
    sectors: tuple[str, ...]
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor: a state (ISO alpha-3), an organisation, a bloc or a person."""

    id: str
    type: ActorType
    names: Mapping[str, tuple[str, ...]]
    country: str | None = None
    sectors: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of article text that refers to an actor (or to an unknown entity)."""

    start: int
    end: int
    text: str
    kind: MentionKind
    actor_id: str | None
    sectors: tuple[str, ...] = ()
    country: str | None = None
    confidence: float = 1.0
    country_from_context: bool = False
    """The country was not written with the mention nor in its sentence: it is
    the state the article names most ("la junte" in a story about Niger)."""


@dataclass(frozen=True, slots=True)
class ActorRef:
    """One side of an event: the actor code, its sector, the span naming it, how it was found.

    ``how`` is None for events stored before veille recorded it, and for
    sides built outside the coder (a story's merged events).
    """

    text: str
    code: str | None
    start: int
    end: int
    sector: str | None = None
    how: ActorHow | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number attached to an event: ``near 60 000 troops`` → 60000, troops, approximate."""

    value: float
    unit: str | None
    what: str | None
    approximate: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Duration:
    """How long a commitment lasts, normalised to days and kept as written."""

    text: str
    days: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Condition:
    """The clause an event depends on, and the actor it depends on when known."""

    text: str
    start: int
    end: int
    depends_on: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reported the event (the speaker) and the reporting verb."""

    text: str
    code: str | None
    start: int
    end: int
    verb: Span | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the article text, resolved against the gazetteer.

    ``place_id`` is None when the name is not in the gazetteer (precision
    ``unknown``); such a mention never hides the others. ``alternatives``
    keeps the other places the name could have meant, best first.
    """

    start: int
    end: int
    text: str
    place_id: str | None
    name: str | None
    precision: Precision
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    alternatives: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened.

    ``start``/``end`` point at the words that state it; both are None when
    the location is ``inferred`` from context (the dateline, the actor's
    country) rather than stated in the event's sentence. ``lat``/``lon`` are
    given only at the precision the place is known to: a country or region
    location carries no coordinates, so no centroid passes for a real spot.
    """

    name: str
    place_id: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: Precision
    inferred: bool
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: PLOVER type and mode, CAMEO code, actors and details, all with spans."""

    article_id: str
    event_type: str
    trigger: Span
    sentence: Span
    mode: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    source: tuple[ActorRef, ...] = ()
    target: tuple[ActorRef, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    duration: Duration | None = None
    condition: Condition | None = None
    negated: bool = False
    hypothetical: bool = False
    modality: Mode = "done"
    attributed_to: Attribution | None = None
    section_kind: SectionKind = "body"
    event_date: str | None = None
    location: Location | None = None
    salience: Salience = "lead"
    coder: str = ""
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the pipeline produced for one article, written to the store atomically."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[PlaceMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report the same happening, and the events they support."""

    id: str
    article_ids: tuple[str, ...]
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a source yields before extraction: the bytes or text as found.

    ``source`` names where it came from (a path, a URL, ``<stdin>``, or
    ``feed-url#entry-id``) and is the key used to skip work already done.
    ``metadata`` carries fields the container already knew (a feed entry's
    title, author and date; a JSONL record's fields), which take precedence
    over what extraction guesses from the text. ``reference_time`` is the
    time relative dates are resolved against when the user gave none, and
    ``reference_time_source`` says where it came from (``feed``, ``http``,
    ``file``).
    """

    source: str
    data: bytes | str
    media_type: str
    url: str | None = None
    source_name: str | None = None
    charset: str | None = None
    reference_time: datetime | None = None
    reference_time_source: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


_Record = TypeVar("_Record")


def weakest_how(event: Event) -> ActorHow | None:
    """Return the weakest way any actor of ``event`` was found (``stated`` when it has none).

    None when one of its sides does not say (events built before veille
    recorded it, or outside the coder).
    """
    sides = (*event.source, *event.target)
    known = [ref.how for ref in sides if ref.how is not None]
    if len(known) < len(sides):
        return None
    return max(known, key=ACTOR_HOWS.index, default="stated")


def shift_offsets(record: _Record, delta: int) -> _Record:
    """Return ``record`` with every character offset moved by ``delta``.

    Offsets are the ``start``/``end`` fields of a record and of the records
    and tuples of records it holds (an event's trigger, sides, quantities,
    attribution …). Used to put what was coded on a slice of an article back
    at the slice's place in the whole text.
    """
    if not is_dataclass(record) or isinstance(record, type):
        return record
    changes: dict[str, Any] = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if item.name in ("start", "end") and isinstance(value, int):
            changes[item.name] = value + delta
        elif is_dataclass(value) and not isinstance(value, type):
            changes[item.name] = shift_offsets(value, delta)
        elif isinstance(value, tuple) and value and is_dataclass(value[0]):
            changes[item.name] = tuple(shift_offsets(part, delta) for part in value)
    return replace(record, **changes)


def slice_article(article: Article, start: int, end: int) -> Article:
    """Return the article as if its text were ``article.text[start:end]``, sections clipped.

    Offsets inside the slice start at 0; :func:`shift_offsets` with ``start``
    puts what is found in it back into the whole text.
    """
    sections = tuple(
        replace(section, start=max(section.start, start) - start, end=min(section.end, end) - start)
        for section in article.sections
        if section.start < end and section.end > start
    )
    evidence = {
        name: Span(span.start - start, span.end - start, span.text)
        for name, span in article.evidence.items()
        if start <= span.start and span.end <= end
    }
    return replace(article, text=article.text[start:end], sections=sections, evidence=evidence)
