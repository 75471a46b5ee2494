"""Event filters and the SQL that answers them, the same for SQLite and PostgreSQL.

:class:`EventFilter` holds every filter of :meth:`veille.store.Store.events`
(checked once, when it is built), and :func:`event_where` writes it as one
SQL ``WHERE`` clause with ``?`` placeholders, so that listing, counting and
paging events all select exactly the same rows, and the filtering happens in
the database, next to its indexes, rather than in Python after reading.

Ordering: most recent event date first, undated events last, then storage
order. Both backends read that order straight from a descending date index
(see :func:`veille.store.schema.newest_first`), so the first page of a
large store costs a few index steps instead of a sort of every event.

The text filter keeps events whose sentence contains every word of the query
once accents and case are folded (``bielorussie`` finds "Biélorussie"), or
whose type or an actor code equals the word. SQLite folds with a function
the store registers on its connection (:func:`sql_fold`); PostgreSQL, which
has no accent folding without an extension, with ``translate`` over the
table :func:`pg_fold_table` builds from the same Python folding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Literal, TypedDict, get_args

from veille.errors import StoreError
from veille.serialize import to_dict
from veille.text import fold

Dialect = Literal["sqlite", "postgres"]
"""SQL dialect an :func:`event_where` clause is written for."""

SalienceFilter = Literal["lead", "background", "all"]
"""Values of the salience filter: one kind of event, or both (``all``)."""

SALIENCE_FILTERS: Final = get_args(SalienceFilter)

ActorHowFilter = Literal["stated", "coreference", "all"]
"""Values of the actor evidence filter, from the strictest: events whose actors
are all named in the event's sentence (``stated``); those and events with an
actor referred back to ("elle", "the minister") (``coreference``); every event,
also those with an actor taken from the article's context (``all``)."""

ACTOR_HOW_FILTERS: Final = get_args(ActorHowFilter)
# The weakest ``events.actor_how`` each filter keeps.
_ACTOR_HOW_KEPT: Final = {"stated": ("stated",), "coreference": ("stated", "coreference")}

FOLD_FUNCTION: Final = "veille_fold"
"""Name under which the SQLite store registers :func:`sql_fold` on its connection."""

UNTIL_END: Final = "\x7f"
"""Appended to ``until`` so that a range comparison includes every time of that day.

``event_date <= '2026-11-22' || UNTIL_END`` holds exactly when the date's first
characters are at most ``2026-11-22``: ISO dates use only characters below
U+007F, so any time written after the day sorts before it. Unlike comparing a
prefix (``substr``), a range can be read from the date index.
"""

_DATE_FILTER = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?")
_COUNTRY = re.compile(r"[A-Za-z]{3}")
_CAMEO = re.compile(r"\d{2,4}")


def check_date(value: str, name: str) -> str:
    """Validate an ISO date filter (``2026``, ``2026-11``, ``2026-11-22``, with a time)."""
    if not _DATE_FILTER.fullmatch(value):
        raise StoreError(
            f"{name} must be an ISO date such as 2026-11-22 (or 2026-11, or 2026), got {value!r}",
            code="E-STORE-ARGUMENT",
        )
    return value


def sql_fold(text: str | None) -> str | None:
    """Fold ``text`` as the text filter compares words (SQL NULL stays NULL).

    The SQLite store registers it as :data:`FOLD_FUNCTION`; it is
    :func:`veille.text.fold` with :data:`veille.text.TEXT_FILTER`.

    >>> sql_fold("Biélorussie"), sql_fold(None)
    ('bielorussie', None)
    """
    return None if text is None else fold(text)


@cache
def pg_fold_table() -> tuple[str, str]:
    """Return ``translate`` arguments that fold like :func:`sql_fold`, character by character.

    Every character up to U+24FF (Latin, Greek, Cyrillic and their accented
    forms) whose folding is one different character is listed, upper and
    lower case alike, so the result does not depend on what ``lower`` does
    under the server's locale; ASCII letters are left to ``lower``.
    Characters that fold to several (``ß`` → ``ss``) are left as they are.
    """
    sources, targets = [], []
    for point in range(0x80, 0x2500):
        char = chr(point)
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            sources.append(char)
            targets.append(folded)
    return "".join(sources), "".join(targets)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read; every field left at its default keeps all events.

    ``actor`` matches a source or target code; ``dyad`` events in which both
    actors take part, on either side; ``event_type`` a PLOVER type (any
    case); ``cameo`` a CAMEO code and its sub-codes (``19`` keeps 190-196,
    ``190`` only 190); ``quad_class`` 1 to 4; ``since``/``until`` inclusive ISO dates
    compared with the event date; ``language`` the article's language;
    ``place`` an ISO alpha-3 country code (the event's location country) or a
    place id (``G:625144``); ``salience`` ``lead``, ``background`` or
    ``all``; ``actor_how`` ``stated``, ``coreference`` or ``all``
    (:data:`ActorHowFilter`; events stored before veille recorded how their
    actors were found pass only ``all``); ``article_ids`` only those
    articles' events; ``commentary`` False leaves out events of commentary
    sections; ``text`` words of the sentence (see the module docstring).
    """

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    event_type: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None
    place: str | None = None
    salience: str | None = None
    actor_how: str | None = None
    article_ids: tuple[str, ...] | None = None
    commentary: bool = True
    text: str | None = None
    words: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        """Check every filter, so that a bad value fails before any SQL runs."""
        if self.since:
            check_date(self.since, "since")
        if self.until:
            check_date(self.until, "until")
        if self.quad_class is not None and self.quad_class not in (1, 2, 3, 4):
            raise StoreError(
                f"quad_class must be 1, 2, 3 or 4, got {self.quad_class!r}",
                code="E-STORE-ARGUMENT",
            )
        if self.salience is not None and self.salience not in SALIENCE_FILTERS:
            raise StoreError(
                f"salience must be lead, background or all, got {self.salience!r}",
                code="E-STORE-ARGUMENT",
            )
        if self.actor_how is not None and self.actor_how not in ACTOR_HOW_FILTERS:
            raise StoreError(
                f"actor_how must be stated, coreference or all, got {self.actor_how!r}",
                code="E-STORE-ARGUMENT",
            )
        if self.cameo is not None and not _CAMEO.fullmatch(self.cameo):
            raise StoreError(
                f"cameo must be a CAMEO code of 2 to 4 digits (19, 0841), got {self.cameo!r}",
                code="E-STORE-ARGUMENT",
            )
        if self.dyad is not None and len(self.dyad) != 2:
            raise StoreError("dyad takes two actor codes, e.g. (RUS, BLR)", code="E-STORE-ARGUMENT")
        if self.salience == "all":
            # Both kinds is no filter at all: say so once, so that equal filters compare equal.
            object.__setattr__(self, "salience", None)
        if self.actor_how == "all":
            object.__setattr__(self, "actor_how", None)
        words = tuple(fold(self.text or "").split())
        object.__setattr__(self, "words", words)

    @property
    def unfiltered(self) -> bool:
        """True when the filter keeps every event."""
        return self == EventFilter()


class _FilterValues(TypedDict, total=False):
    """The fields of :class:`EventFilter` whose keyword and field types are the same."""

    actor: str | None
    dyad: tuple[str, str] | None
    event_type: str | None
    cameo: str | None
    quad_class: int | None
    since: str | None
    until: str | None
    language: str | None
    place: str | None
    salience: str | None
    actor_how: str | None
    commentary: bool
    text: str | None


class EventFilterArgs(_FilterValues, total=False):
    """The fields of :class:`EventFilter` as keywords: ``store.events(actor="RUS", limit=10)``.

    ``article_ids`` may be any sequence here; the filter keeps it as a tuple.
    """

    article_ids: Sequence[str] | None


def as_event_filter(query: EventFilter | None, keywords: EventFilterArgs) -> EventFilter:
    """Return the filter a store method was given: ``query``, or one built from ``keywords``.

    A caller passes one or the other; both at once would leave it unclear
    which one wins, so that is refused.
    """
    if query is not None:
        if keywords:
            raise StoreError(
                f"give an EventFilter or filter keywords, not both (got {', '.join(keywords)})",
                code="E-STORE-ARGUMENT",
            )
        return query
    ids = keywords.pop("article_ids", None)
    values: _FilterValues = keywords
    return EventFilter(**values, article_ids=None if ids is None else tuple(ids))


def event_where(
    query: EventFilter, dialect: Dialect, *, walk_dates: bool = False
) -> tuple[str, list[Any]]:
    """Write ``query`` as a ``WHERE`` clause over ``events e`` (``?`` placeholders) and its values.

    Returns an empty clause when nothing is filtered. Codes and types
    compare without regard to case: SQLite's columns are ``COLLATE NOCASE``;
    PostgreSQL compares ``lower()`` of both sides, as its indexes do.

    ``walk_dates`` tells SQLite to read an actor or dyad filter by walking
    the date index and checking each event against the actor's events, rather
    than fetching all the actor's events and sorting them: much faster when
    the actor takes part in many events (see :func:`actor_sample`).
    PostgreSQL's planner chooses from its statistics and ignores the hint.
    """
    clauses: list[str] = []
    params: list[Any] = []
    postgres = dialect == "postgres"
    # SQLite's unary + keeps the planner from looking events up by key from the list.
    key = "+e.pk" if walk_dates and not postgres else "e.pk"

    def same(column: str) -> str:
        return f"lower({column}) = lower(?)" if postgres else f"{column} = ?"

    def has_actor() -> str:
        # An uncorrelated IN list is built once per query; a correlated EXISTS
        # would let SQLite walk the code index once per event.
        return f"{key} IN (SELECT event_pk FROM event_actors WHERE {same('code')})"  # noqa: S608 - our SQL, values bound

    if query.actor:
        clauses.append(has_actor())
        params.append(query.actor)
    if query.dyad is not None:
        # Both actors take part, on either side: A→B, B→A, and a bilateral
        # event coded with both as sources ("la Russie et la Biélorussie ont signé").
        clauses.append(
            f"{key} IN (SELECT a.event_pk FROM event_actors a JOIN event_actors b "  # noqa: S608 - our SQL, values bound
            f"ON b.event_pk = a.event_pk WHERE {same('a.code')} AND {same('b.code')})"
        )
        params += list(query.dyad)
    if query.event_type:
        clauses.append(same("e.event_type"))
        params.append(query.event_type)
    if query.cameo:
        clauses.append("e.cameo LIKE ?")
        params.append(query.cameo + "%")
    if query.quad_class is not None:
        clauses.append("e.quad_class = ?")
        params.append(query.quad_class)
    if query.since:
        clauses.append("e.event_date >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("e.event_date <= ?")
        params.append(query.until + UNTIL_END)
    if query.language:
        clauses.append("e.language = ?")
        params.append(query.language.lower())
    if query.place:
        # Country codes are stored upper-case; place ids exactly as the gazetteer writes them.
        if _COUNTRY.fullmatch(query.place):
            clauses.append("e.location_country = ?")
            params.append(query.place.upper())
        else:
            clauses.append("e.location_place_id = ?")
            params.append(query.place)
    if query.salience in ("lead", "background"):
        clauses.append("e.salience = ?")
        params.append(query.salience)
    if query.actor_how is not None:
        kept = _ACTOR_HOW_KEPT[query.actor_how]
        clauses.append(f"e.actor_how IN ({', '.join('?' * len(kept))})")
        params += list(kept)
    if query.article_ids is not None:
        if not query.article_ids:
            clauses.append("1 = 0")
        else:
            clauses.append(f"e.article_id IN ({', '.join('?' * len(query.article_ids))})")
            params += list(query.article_ids)
    if not query.commentary:
        clauses.append("e.section_kind <> 'commentary'")
    for word in query.words:
        if postgres:
            sources, targets = pg_fold_table()
            sentence = "translate(lower(e.payload::json -> 'sentence' ->> 'text'), ?, ?)"
            contains = f"strpos({sentence}, ?) > 0"
            params += [sources, targets, word]
        else:
            contains = f"instr({FOLD_FUNCTION}(json_extract(e.payload, '$.sentence.text')), ?) > 0"
            params.append(word)
        clauses.append(f"({contains} OR {same('e.event_type')} OR {has_actor()})")
        params += [word, word]
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params


def actor_count(query: EventFilter, dialect: Dialect) -> tuple[str, list[Any]] | None:
    """Return SQL counting ``query``'s events from the actor index alone, when it can.

    When the only filter is an actor or a dyad, the count needs no event row:
    counting distinct event keys in ``event_actors`` reads one index range.
    Returns None for any other filter.
    """
    alone = EventFilter(actor=query.actor, dyad=query.dyad)
    if query != alone or (query.actor is None) == (query.dyad is None):
        return None
    same = "lower({}) = lower(?)" if dialect == "postgres" else "{} = ?"
    if query.actor is not None:
        sql = f"SELECT count(DISTINCT event_pk) AS n FROM event_actors WHERE {same.format('code')}"  # noqa: S608 - our SQL, values bound
        return sql, [query.actor]
    assert query.dyad is not None
    sql = (
        "SELECT count(DISTINCT a.event_pk) AS n FROM event_actors a JOIN event_actors b "  # noqa: S608 - our SQL, values bound
        f"ON b.event_pk = a.event_pk WHERE {same.format('a.code')} AND {same.format('b.code')}"
    )
    return sql, list(query.dyad)


def actor_sample(query: EventFilter, dialect: Dialect, enough: int) -> tuple[str, list[Any]] | None:
    """Return SQL counting ``query``'s dyad (else actor) rows in the actor index, up to ``enough``.

    Says cheaply whether the actor is common (``enough`` rows or more) or
    rare: an estimate, as an actor on both sides of an event counts twice.
    None when the query has no actor or dyad filter.
    """
    same = "lower({}) = lower(?)" if dialect == "postgres" else "{} = ?"
    if query.dyad is not None:
        found = (
            "SELECT 1 FROM event_actors a JOIN event_actors b ON b.event_pk = a.event_pk "  # noqa: S608 - our SQL, values bound
            f"WHERE {same.format('a.code')} AND {same.format('b.code')}"
        )
        params: list[Any] = list(query.dyad)
    elif query.actor is not None:
        found = f"SELECT 1 FROM event_actors WHERE {same.format('code')}"  # noqa: S608 - our SQL
        params = [query.actor]
    else:
        return None
    return f"SELECT count(*) AS n FROM ({found} LIMIT ?) found", [*params, enough]  # noqa: S608 - our SQL, values bound


def event_order(dialect: Dialect) -> str:
    """Return the ``ORDER BY`` of event listings: newest event date first, undated last.

    SQLite sorts NULL below every value, so a descending order already puts
    undated events last; PostgreSQL must be told. Both match the
    ``events_date_order`` index of migration 5.
    """
    nulls = " NULLS LAST" if dialect == "postgres" else ""
    return f" ORDER BY e.event_date DESC{nulls}, e.pk"


# ---------------------------------------------------------------------------
# the stored JSON, served as it is when it is current


@cache
def _payload_shape() -> dict[str, Any]:
    """Return the key layout of an event's public JSON, from a record with every field filled."""
    from veille.records import (  # noqa: PLC0415 - only needed once, when first checking
        ActorRef,
        Attribution,
        Condition,
        Duration,
        Event,
        Location,
        Quantity,
        Span,
    )

    span = Span(0, 1, "x")
    full = Event(
        article_id="a",
        event_type="X",
        trigger=span,
        sentence=span,
        source=(ActorRef("x", "X", 0, 1),),
        target=(ActorRef("x", "X", 0, 1),),
        quantities=(Quantity(1.0, None, None, False, 0, 1),),
        duration=Duration("x", 1, 0, 1),
        condition=Condition("x", 0, 1),
        attributed_to=Attribution("x", "X", 0, 1, span),
        location=Location("x", None, None, None, None, None, "city", inferred=False),
    )
    shape: dict[str, Any] = _shape(to_dict(full))
    return shape


def _shape(value: object) -> Any:  # noqa: ANN401 - a nested layout of dicts and lists
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return None


_KEY = re.compile(r'"([^"\\]*)":')
"""A key in JSON text. Inside a string value every quote is escaped (``\\"``), so
this matches object keys only, at every level, in the order they are written."""


def _key_pattern(shape: dict[str, Any]) -> str:
    """Write the sequence of keys a JSON object of ``shape`` has, as a regular expression.

    A nested object may be null (its keys absent) and a list holds any
    number of objects, each with all its keys.
    """
    parts = []
    for key, sub in shape.items():
        parts.append(re.escape(key) + ",")
        if isinstance(sub, dict):
            parts.append(f"(?:{_key_pattern(sub)})?")
        elif isinstance(sub, list) and sub and isinstance(sub[0], dict):
            parts.append(f"(?:{_key_pattern(sub[0])})*")
    return "".join(parts)


@cache
def _payload_keys() -> re.Pattern[str]:
    """Return the pattern the key sequence of a current event payload matches."""
    return re.compile(_key_pattern(_payload_shape()))


def current_payload(payload: str) -> bool:
    """Say whether a stored event payload is already the public JSON of this veille version.

    The store writes each event's public JSON (:func:`veille.serialize.to_dict`)
    when it saves it, so the text can be served as it is, without rebuilding
    the record, unless it was written by a version whose records had other
    fields: those payloads go through the records again. Only the keys are
    compared, at every level and in order, straight on the text (a few
    microseconds, where decoding would take tens).
    """
    keys = _KEY.findall(payload)
    return _payload_keys().fullmatch(",".join(keys) + ",") is not None


def join_json(items: Sequence[str]) -> str:
    """Join JSON texts into the text of a JSON list."""
    return "[" + ",".join(items) + "]"
