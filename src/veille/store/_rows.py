"""How records map to rows: one article's rows, written and read back.

The row format is shared by both backends, so the mapping functions
(``*_row``, ``*_from_row``) and the column lists serve both; the shared
store (:mod:`veille.store._common`) writes the rows with them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Protocol

from veille.records import Article, ArticleError, Event, Mention, PlaceMention, weakest_how
from veille.serialize import (
    article_from_dict,
    event_from_dict,
    parse_datetime,
    place_from_dict,
    to_dict,
)
from veille.store.base import StoryMember, StorySummary


class Row(Protocol):
    """A result row read by column name: :class:`sqlite3.Row` or a psycopg ``dict_row``."""

    def __getitem__(self, key: str, /) -> Any:  # noqa: ANN401 - column values have any SQL type
        """Return the value of column ``key``."""
        ...


ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "url",
    "source_name",
    "source_format",
    "title",
    "author",
    "authors",
    "organisation",
    "author_role",
    "published_at",
    "published_at_local",
    "published_date_local",
    "published_text",
    "reference_time",
    "reference_time_source",
    "retrieved_at",
    "language",
    "language_confidence",
    "reading_time_minutes",
    "reading_time_estimated",
    "text",
    "sections",
    "evidence",
    "provenance",
    "minhash",
)
DATETIME_COLUMNS = ("published_at", "reference_time", "retrieved_at")
JSON_COLUMNS = ("authors", "sections", "evidence", "provenance", "minhash")
MENTION_COLUMNS = (
    "start_char",
    "end_char",
    "text",
    "kind",
    "actor_id",
    "sectors",
    "country",
    "confidence",
    "country_from_context",
)

PLACE_COLUMNS = (
    "start_char",
    "end_char",
    "text",
    "place_id",
    "name",
    "precision",
    "country",
    "admin1",
    "lat",
    "lon",
    "alternatives",
    "confidence",
)
EVENT_COLUMNS = (
    "article_id",
    "ordinal",
    "event_type",
    "cameo",
    "event_date",
    "quad_class",
    "section_kind",
    "coder",
    "location_country",
    "location_place_id",
    "salience",
    "actor_how",
    "payload",
)
"""Columns of an ``events`` row; all but ``payload`` copy a field of it for filtering."""


def db_time(value: datetime | None) -> str | None:
    """Fixed-width UTC text, so that comparing the text compares the instants."""
    if value is None:
        return None
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# One encoder for every row: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(value: object) -> str:
    """Compact JSON that keeps non-ASCII text readable in the file."""
    return _ENCODER.encode(value)


def article_row(article: Article) -> tuple[Any, ...]:
    """Column values of ``article`` in :data:`ARTICLE_COLUMNS` order.

    ``published_at`` is stored as fixed-width UTC text (for order and date
    filters); ``published_at_local`` keeps the same instant with the page's
    own offset, which reading the row restores.
    """
    data = to_dict(article)
    data["published_at_local"] = data["published_at"]
    for column in DATETIME_COLUMNS:
        data[column] = db_time(getattr(article, column))
    for column in JSON_COLUMNS:
        data[column] = to_json(data[column])
    data["reading_time_estimated"] = int(article.reading_time_estimated)
    return tuple(data[column] for column in ARTICLE_COLUMNS)


def article_from_row(row: Row) -> Article:
    """Rebuild the article stored in ``row``."""
    data: dict[str, Any] = {column: row[column] for column in ARTICLE_COLUMNS}
    for column in JSON_COLUMNS:
        data[column] = json.loads(row[column])
    local = data.pop("published_at_local")
    if local is not None:
        data["published_at"] = local
    data["reading_time_estimated"] = bool(row["reading_time_estimated"])
    return article_from_dict(data, where=f"stored article {row['id']}")


def mention_row(mention: Mention) -> tuple[Any, ...]:
    """Column values of ``mention`` in :data:`MENTION_COLUMNS` order."""
    return (
        mention.start,
        mention.end,
        mention.text,
        mention.kind,
        mention.actor_id,
        to_json(list(mention.sectors)),
        mention.country,
        float(mention.confidence),
        int(mention.country_from_context),
    )


def mention_from_row(row: Row) -> Mention:
    """Rebuild the mention stored in ``row``."""
    return Mention(
        start=row["start_char"],
        end=row["end_char"],
        text=row["text"],
        kind=row["kind"],
        actor_id=row["actor_id"],
        sectors=tuple(json.loads(row["sectors"])),
        country=row["country"],
        confidence=row["confidence"],
        country_from_context=bool(row["country_from_context"]),
    )


def place_row(place: PlaceMention) -> tuple[Any, ...]:
    """Column values of ``place`` in :data:`PLACE_COLUMNS` order."""
    return (
        place.start,
        place.end,
        place.text,
        place.place_id,
        place.name,
        place.precision,
        place.country,
        place.admin1,
        place.lat,
        place.lon,
        to_json(list(place.alternatives)),
        float(place.confidence),
    )


def place_from_row(row: Row) -> PlaceMention:
    """Rebuild the place mention stored in ``row``."""
    data = {column: row[column] for column in PLACE_COLUMNS}
    data["start"], data["end"] = data.pop("start_char"), data.pop("end_char")
    data["alternatives"] = json.loads(row["alternatives"])
    return place_from_dict(data, where="stored place")


def event_row(ordinal: int, event: Event) -> tuple[Any, ...]:
    """Column values of ``event``, number ``ordinal`` of its article, as :data:`EVENT_COLUMNS`."""
    location = event.location
    return (
        event.article_id,
        ordinal,
        event.event_type,
        event.cameo,
        event.event_date,
        event.quad_class,
        event.section_kind,
        event.coder,
        location.country.upper() if location and location.country else None,
        location.place_id if location else None,
        event.salience,
        weakest_how(event),
        to_json(to_dict(event)),
    )


def event_actor_codes(event: Event) -> list[tuple[str, str]]:
    """Return the ``(role, code)`` pairs of an event's sides, for the ``event_actors`` index."""
    actors = {("source", ref.code) for ref in event.source if ref.code}
    actors |= {("target", ref.code) for ref in event.target if ref.code}
    return sorted(actors)


EVENT_INSERT_COLUMNS = (*EVENT_COLUMNS, "language")
"""Columns written for a new ``events`` row: :func:`event_row`, then the article's language."""

INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_INSERT_COLUMNS)}) "  # noqa: S608 - only our column names and placeholders
    f"VALUES ({', '.join('?' * len(EVENT_INSERT_COLUMNS))})"
)
"""The insert of one ``events`` row (``?`` placeholders)."""

EVENT_ACTOR_COLUMNS = ("event_pk", "role", "code")
"""Columns of an ``event_actors`` row: the event's pk, then a pair of :func:`event_actor_codes`."""

INSERT_EVENT_ACTOR = (
    f"INSERT INTO event_actors ({', '.join(EVENT_ACTOR_COLUMNS)}) "  # noqa: S608 - only our column names and placeholders
    f"VALUES ({', '.join('?' * len(EVENT_ACTOR_COLUMNS))}) ON CONFLICT DO NOTHING"
)
"""The insert of one ``event_actors`` row (``?`` placeholders); a repeated pair is kept once."""


def event_from_payload(payload: str) -> Event:
    """Rebuild an event from its stored public JSON."""
    return event_from_dict(json.loads(payload), where="stored event")


def error_from_row(row: Row) -> ArticleError:
    """Rebuild a recorded source error."""
    return ArticleError(
        source=row["source"],
        code=row["code"],
        message=row["message"],
        at=parse_datetime(row["at"], "stored error"),
    )


def member_from_row(row: Row) -> StoryMember:
    """Rebuild a story membership row."""
    return StoryMember(
        article_id=row["article_id"],
        story_id=row["story_id"],
        day=row["day"],
        anchor=row["anchor"],
        features=stored_features(row["features"]),
        link=row["link"],
        score=row["score"],
    )


@lru_cache(maxsize=4096)
def stored_features(text: str) -> Mapping[str, float]:
    """Return a member's stored features, read-only, decoded once per distinct text.

    An article is a clustering candidate of every later report of its story
    within the window: without the memo its features were decoded again each time.
    """
    return MappingProxyType(json.loads(text))


def summary_from_row(row: Row) -> StorySummary:
    """Rebuild a story summary from a grouped ``story_members`` row."""
    return StorySummary(
        id=row["story_id"],
        size=int(row["size"]),
        first_article=str(row["first"]).rsplit("|", 1)[-1],
        first_day=row["first_day"],
        last_day=row["last_day"],
    )
