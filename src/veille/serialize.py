"""Records ⇄ JSON-ready dictionaries: the public JSON format of veille.

:func:`to_dict` turns any record of :mod:`veille.records` (and any other
frozen dataclass built from the same pieces, such as a search hit) into plain
``dict``/``list``/``str``/``int``/``float``/``bool``/``None`` values that
``json.dumps`` accepts:

- datetimes become ISO 8601 strings, in UTC ending in ``Z``
  (``2026-11-22T08:00:00Z``) unless they carry another UTC offset, which is
  kept (an article's ``published_at`` keeps the page's own:
  ``2024-04-26T11:24:04-04:00``); a naive datetime is taken as UTC;
- tuples become lists and mappings become objects with string keys;
- a :class:`~veille.records.Span` becomes ``{"start", "end", "text"}``;
- bytes (only in :class:`~veille.records.RawDocument`) become base64 text,
  with ``data_encoding`` saying so.

The ``*_from_dict`` functions invert it exactly for the records that travel
between processes (articles, mentions, events, errors and whole article
results). They are lenient about what is missing — optional keys take the
record's default — and ignore keys they do not know, so files written by a
newer veille stay readable; they are strict about types, and every problem
raises :class:`~veille.errors.RecordFormatError` naming the field.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn, TypeVar, get_args

from veille.errors import RecordFormatError
from veille.records import (
    ACTOR_HOWS,
    SECTION_KINDS,
    ActorRef,
    Article,
    ArticleError,
    ArticleResult,
    Attribution,
    Condition,
    Duration,
    Event,
    Location,
    Mention,
    MentionKind,
    MetadataChoice,
    MetadataVote,
    Mode,
    PlaceMention,
    Precision,
    Quantity,
    RawDocument,
    Salience,
    Section,
    Span,
)

__all__ = [
    "EVENT_FIELDS",
    "JsonDict",
    "article_from_dict",
    "error_from_dict",
    "event_from_dict",
    "format_datetime",
    "mention_from_dict",
    "parse_datetime",
    "place_from_dict",
    "result_from_dict",
    "to_dict",
]

JsonDict = dict[str, Any]
"""A JSON-ready dictionary as produced by :func:`to_dict`."""

EVENT_FIELDS: tuple[str, ...] = (
    "article_id",
    "event_type",
    "mode",
    "cameo",
    "goldstein",
    "quad_class",
    "source",
    "target",
    "trigger",
    "sentence",
    "quantities",
    "duration",
    "condition",
    "negated",
    "hypothetical",
    "modality",
    "attributed_to",
    "section_kind",
    "event_date",
    "location",
    "salience",
    "coder",
    "confidence",
)
"""Keys of an event dictionary, in the order they are written. This is the
public event format of the CLI, the HTTP API and the evaluation gold files."""

_T = TypeVar("_T")
_NO_OFFSET = timedelta(0)


# ---------------------------------------------------------------------------
# records → dicts


def format_datetime(value: datetime) -> str:
    """Write ``value`` as ISO 8601: UTC with a ``Z`` suffix, another offset as it is.

    Naive values are taken as UTC.

    >>> format_datetime(datetime(2026, 11, 22, 8, 30, tzinfo=UTC))
    '2026-11-22T08:30:00Z'
    >>> from datetime import timedelta, timezone
    >>> format_datetime(datetime(2024, 4, 26, 11, 24, tzinfo=timezone(timedelta(hours=-4))))
    '2024-04-26T11:24:00-04:00'
    """
    if value.tzinfo is None or value.utcoffset() == _NO_OFFSET:
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return utc.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def to_dict(record: object) -> JsonDict:
    """Return the JSON-ready dictionary of a record (any dataclass instance).

    Event dictionaries have exactly the keys of :data:`EVENT_FIELDS`, in that
    order. Raises :class:`TypeError` when ``record`` is not a dataclass
    instance, since that is a programming error rather than bad data.
    """
    if not is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"to_dict expects a record (dataclass instance), got {type(record)!r}")
    converted = _convert(record)
    assert isinstance(converted, dict)
    return converted


def _convert(value: object) -> Any:  # noqa: ANN401 - JSON values are heterogeneous by nature
    # Exact types first: most values are plain, and isinstance chains cost more than one lookup.
    kind = type(value)
    if value is None or kind in _PLAIN_TYPES:
        return value
    converter = _CONVERTERS.get(kind)
    if converter is None:
        converter = _CONVERTERS[kind] = _choose_converter(kind)
    return converter(value)


_PLAIN_TYPES = frozenset({str, int, float, bool})
# How each type converts depends on the type alone, so the choice is made once per type.
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def _choose_converter(kind: type) -> Callable[[Any], Any]:
    if issubclass(kind, str | bool | int | float):
        return _unchanged
    if issubclass(kind, datetime):
        return format_datetime
    if issubclass(kind, RawDocument):
        return _raw_document
    if issubclass(kind, Event):
        return _object_of(EVENT_FIELDS)
    # A dataclass *class* passed as a value has a metaclass for its type, not a dataclass.
    if is_dataclass(kind) and not issubclass(kind, type):
        return _object_of(tuple(f.name for f in fields(kind)))
    if issubclass(kind, Mapping):
        return lambda value: {str(key): _convert(item) for key, item in value.items()}
    if issubclass(kind, tuple | list):
        return lambda value: [_convert(item) for item in value]
    if issubclass(kind, bytes):
        return lambda value: base64.b64encode(value).decode("ascii")
    return _unconvertible


def _unchanged(value: object) -> object:
    return value


def _object_of(names: tuple[str, ...]) -> Callable[[Any], JsonDict]:
    return lambda value: {name: _convert(getattr(value, name)) for name in names}


def _unconvertible(value: object) -> NoReturn:
    raise TypeError(f"cannot convert {type(value)!r} to JSON")


def _raw_document(document: RawDocument) -> JsonDict:
    out = {f.name: _convert(getattr(document, f.name)) for f in fields(document)}
    # Bytes and text both become strings, so say which one it was.
    out["data_encoding"] = "base64" if isinstance(document.data, bytes) else "text"
    return out


# ---------------------------------------------------------------------------
# dicts → records


def parse_datetime(text: str, where: str = "datetime") -> datetime:
    """Read an ISO 8601 datetime written by :func:`format_datetime` (any offset accepted).

    The result is always timezone-aware and keeps the offset it was written
    with (UTC for ``Z``); a value without an offset is taken as UTC. Raises
    :class:`RecordFormatError` on anything else.
    """
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise RecordFormatError(
            f"{where}: {text!r} is not an ISO 8601 datetime; write it like 2026-11-22T08:00:00Z"
        ) from exc
    if value.tzinfo is None or value.utcoffset() == _NO_OFFSET:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


class _Fields:
    """Typed access to one JSON object, with error messages naming the field."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise RecordFormatError(f"{where}: expected an object, got {_kind(data)}")
        self.data: Mapping[str, object] = data
        self.where = where

    def _get(self, key: str, required: bool) -> object:
        if key not in self.data:
            if required:
                raise RecordFormatError(f"{self.where}: the required field {key!r} is missing")
            return None
        return self.data[key]

    def _fail(self, key: str, expected: str, value: object) -> RecordFormatError:
        return RecordFormatError(f"{self.where}.{key}: expected {expected}, got {_kind(value)}")

    def text(self, key: str) -> str:
        value = self._get(key, required=True)
        if not isinstance(value, str):
            raise self._fail(key, "a string", value)
        return value

    def text_or(self, key: str, default: str) -> str:
        return default if self.data.get(key) is None else self.text(key)

    def opt_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def integer(self, key: str) -> int:
        value = self._get(key, required=True)
        # bool is an int subclass in Python but never a valid offset or count.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "an integer", value)
        return value

    def opt_integer(self, key: str) -> int | None:
        return None if self.data.get(key) is None else self.integer(key)

    def number(self, key: str) -> float:
        value = self._get(key, required=True)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self._fail(key, "a number", value)
        return float(value)

    def number_or(self, key: str, default: float) -> float:
        return default if self.data.get(key) is None else self.number(key)

    def opt_number(self, key: str) -> float | None:
        return None if self.data.get(key) is None else self.number(key)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._fail(key, "true or false", value)
        return value

    def opt_datetime(self, key: str) -> datetime | None:
        value = self.opt_text(key)
        return None if value is None else parse_datetime(value, f"{self.where}.{key}")

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key) if default is None else self.text_or(key, default)
        if value not in allowed:
            raise RecordFormatError(
                f"{self.where}.{key}: {value!r} is not one of {', '.join(allowed)}"
            )
        return value

    def opt_choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        return None if self.data.get(key) is None else self.choice(key, allowed)

    def texts(self, key: str) -> tuple[str, ...]:
        return self.items(key, _expect_str)

    def texts_or_one(self, key: str) -> tuple[str, ...]:
        """Return a one-item tuple of the text at ``key``, or ``()`` when missing or null."""
        value = self.opt_text(key)
        return () if value is None else (value,)

    def items(self, key: str, parse: Callable[[object, str], _T]) -> tuple[_T, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            raise self._fail(key, "a list", value)
        return tuple(parse(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value))

    def nested(self, key: str, parse: Callable[[object, str], _T]) -> _T:
        return parse(self._get(key, required=True), f"{self.where}.{key}")

    def opt_nested(self, key: str, parse: Callable[[object, str], _T]) -> _T | None:
        value = self.data.get(key)
        return None if value is None else parse(value, f"{self.where}.{key}")


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _expect_str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise RecordFormatError(f"{where}: expected a string, got {_kind(value)}")
    return value


def _expect_int(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RecordFormatError(f"{where}: expected an integer, got {_kind(value)}")
    return value


def _span(data: object, where: str) -> Span:
    f = _Fields(data, where)
    return Span(start=f.integer("start"), end=f.integer("end"), text=f.text("text"))


def _section(data: object, where: str) -> Section:
    f = _Fields(data, where)
    return Section(
        kind=f.choice("kind", SECTION_KINDS),  # type: ignore[arg-type]
        start=f.integer("start"),
        end=f.integer("end"),
        heading=f.opt_text("heading"),
    )


def _evidence(data: object, where: str) -> dict[str, Span]:
    if not isinstance(data, Mapping):
        raise RecordFormatError(f"{where}: expected an object, got {_kind(data)}")
    return {str(key): _span(value, f"{where}.{key}") for key, value in data.items()}


def _vote(data: object, where: str) -> MetadataVote:
    f = _Fields(data, where)
    return MetadataVote(
        source=f.text("source"), value=f.text("value"), weight=f.number_or("weight", 1.0)
    )


def _choice(data: object, where: str) -> MetadataChoice:
    f = _Fields(data, where)
    return MetadataChoice(
        value=f.text("value"),
        source=f.text("source"),
        agreeing=f.texts("agreeing"),
        outvoted=f.items("outvoted", _vote),
    )


def _provenance(data: object, where: str) -> dict[str, MetadataChoice]:
    if not isinstance(data, Mapping):
        raise RecordFormatError(f"{where}: expected an object, got {_kind(data)}")
    return {str(key): _choice(value, f"{where}.{key}") for key, value in data.items()}


def article_from_dict(data: object, where: str = "article") -> Article:
    """Rebuild an :class:`Article` from :func:`to_dict` output (or equivalent JSON)."""
    f = _Fields(data, where)
    return Article(
        id=f.text("id"),
        text=f.text("text"),
        content_hash=f.text("content_hash"),
        url=f.opt_text("url"),
        source_name=f.opt_text("source_name"),
        source_format=f.text_or("source_format", "text"),
        title=f.opt_text("title"),
        author=f.opt_text("author"),
        # Files written before authors were a list hold one author string.
        authors=f.texts("authors") if "authors" in f.data else f.texts_or_one("author"),
        organisation=f.opt_text("organisation"),
        author_role=f.opt_text("author_role"),
        published_at=f.opt_datetime("published_at"),
        published_date_local=f.opt_text("published_date_local"),
        published_text=f.opt_text("published_text"),
        reference_time=f.opt_datetime("reference_time"),
        reference_time_source=f.opt_text("reference_time_source"),
        retrieved_at=f.opt_datetime("retrieved_at"),
        language=f.text_or("language", "other"),
        language_confidence=f.number_or("language_confidence", 0.0),
        reading_time_minutes=f.opt_integer("reading_time_minutes"),
        reading_time_estimated=f.flag("reading_time_estimated"),
        sections=f.items("sections", _section),
        evidence=f.opt_nested("evidence", _evidence) or {},
        provenance=f.opt_nested("provenance", _provenance) or {},
        minhash=f.items("minhash", _expect_int),
    )


_MENTION_KINDS: tuple[str, ...] = get_args(MentionKind)
_MODES: tuple[str, ...] = get_args(Mode)
_PRECISIONS: tuple[str, ...] = get_args(Precision)
_SALIENCES: tuple[str, ...] = get_args(Salience)


def mention_from_dict(data: object, where: str = "mention") -> Mention:
    """Rebuild a :class:`Mention` from :func:`to_dict` output."""
    f = _Fields(data, where)
    return Mention(
        start=f.integer("start"),
        end=f.integer("end"),
        text=f.text("text"),
        kind=f.choice("kind", _MENTION_KINDS),  # type: ignore[arg-type]
        actor_id=f.opt_text("actor_id"),
        sectors=f.texts("sectors"),
        country=f.opt_text("country"),
        confidence=f.number_or("confidence", 1.0),
        country_from_context=f.flag("country_from_context"),
    )


def place_from_dict(data: object, where: str = "place") -> PlaceMention:
    """Rebuild a :class:`PlaceMention` from :func:`to_dict` output."""
    f = _Fields(data, where)
    return PlaceMention(
        start=f.integer("start"),
        end=f.integer("end"),
        text=f.text("text"),
        place_id=f.opt_text("place_id"),
        name=f.opt_text("name"),
        precision=f.choice("precision", _PRECISIONS, default="unknown"),  # type: ignore[arg-type]
        country=f.opt_text("country"),
        admin1=f.opt_text("admin1"),
        lat=f.opt_number("lat"),
        lon=f.opt_number("lon"),
        alternatives=f.texts("alternatives"),
        confidence=f.number_or("confidence", 1.0),
    )


def _location(data: object, where: str) -> Location:
    f = _Fields(data, where)
    return Location(
        name=f.text("name"),
        place_id=f.opt_text("place_id"),
        country=f.opt_text("country"),
        admin1=f.opt_text("admin1"),
        lat=f.opt_number("lat"),
        lon=f.opt_number("lon"),
        precision=f.choice("precision", _PRECISIONS, default="unknown"),  # type: ignore[arg-type]
        inferred=f.flag("inferred"),
        start=f.opt_integer("start"),
        end=f.opt_integer("end"),
    )


def error_from_dict(data: object, where: str = "error") -> ArticleError:
    """Rebuild an :class:`ArticleError` from :func:`to_dict` output."""
    f = _Fields(data, where)
    at = f.opt_datetime("at")
    if at is None:
        raise RecordFormatError(f"{where}: the required field 'at' is missing")
    return ArticleError(
        source=f.text("source"), code=f.text("code"), message=f.text("message"), at=at
    )


def _actor_ref(data: object, where: str) -> ActorRef:
    f = _Fields(data, where)
    return ActorRef(
        text=f.text("text"),
        code=f.opt_text("code"),
        start=f.integer("start"),
        end=f.integer("end"),
        sector=f.opt_text("sector"),
        how=f.opt_choice("how", ACTOR_HOWS),  # type: ignore[arg-type]
    )


def _quantity(data: object, where: str) -> Quantity:
    f = _Fields(data, where)
    return Quantity(
        value=f.number("value"),
        unit=f.opt_text("unit"),
        what=f.opt_text("what"),
        approximate=f.flag("approximate"),
        start=f.integer("start"),
        end=f.integer("end"),
    )


def _duration(data: object, where: str) -> Duration:
    f = _Fields(data, where)
    return Duration(
        text=f.text("text"), days=f.integer("days"), start=f.integer("start"), end=f.integer("end")
    )


def _condition(data: object, where: str) -> Condition:
    f = _Fields(data, where)
    return Condition(
        text=f.text("text"),
        start=f.integer("start"),
        end=f.integer("end"),
        depends_on=f.opt_text("depends_on"),
    )


def _attribution(data: object, where: str) -> Attribution:
    f = _Fields(data, where)
    return Attribution(
        text=f.text("text"),
        code=f.opt_text("code"),
        start=f.integer("start"),
        end=f.integer("end"),
        verb=f.opt_nested("verb", _span),
    )


def event_from_dict(data: object, where: str = "event") -> Event:
    """Rebuild an :class:`Event` from its public JSON form (see :data:`EVENT_FIELDS`)."""
    f = _Fields(data, where)
    return Event(
        article_id=f.text("article_id"),
        event_type=f.text("event_type"),
        trigger=f.nested("trigger", _span),
        sentence=f.nested("sentence", _span),
        mode=f.opt_text("mode"),
        cameo=f.opt_text("cameo"),
        goldstein=f.opt_number("goldstein"),
        quad_class=f.opt_integer("quad_class"),
        source=f.items("source", _actor_ref),
        target=f.items("target", _actor_ref),
        quantities=f.items("quantities", _quantity),
        duration=f.opt_nested("duration", _duration),
        condition=f.opt_nested("condition", _condition),
        negated=f.flag("negated"),
        hypothetical=f.flag("hypothetical"),
        modality=f.choice("modality", _MODES, default="done"),  # type: ignore[arg-type]
        attributed_to=f.opt_nested("attributed_to", _attribution),
        section_kind=f.choice("section_kind", SECTION_KINDS, default="body"),  # type: ignore[arg-type]
        event_date=f.opt_text("event_date"),
        location=f.opt_nested("location", _location),
        salience=f.choice("salience", _SALIENCES, default="lead"),  # type: ignore[arg-type]
        coder=f.text_or("coder", ""),
        confidence=f.number_or("confidence", 0.0),
    )


def result_from_dict(data: object, where: str = "result") -> ArticleResult:
    """Rebuild an :class:`ArticleResult` (article, mentions, events) from :func:`to_dict` output."""
    f = _Fields(data, where)
    return ArticleResult(
        article=f.nested("article", article_from_dict),
        mentions=f.items("mentions", mention_from_dict),
        events=f.items("events", event_from_dict),
        places=f.items("places", place_from_dict),
    )
