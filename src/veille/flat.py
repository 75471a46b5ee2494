"""Events as flat rows: one plain value per column, for CSV, flat Parquet and GDELT tools.

An event record nests its actors, spans and location; a spreadsheet or a
``pandas.read_csv`` wants one value per cell. A flat row keeps veille's
own names for what only veille has (``event_type``, ``negated``,
``salience``, the evidence ``trigger`` and ``sentence``) and GDELT 2.0's
column names for what GDELT has too (``Actor1Code``, ``EventCode``,
``QuadClass``, ``GoldsteinScale``, ``ActionGeo_*``, ``SOURCEURL``,
``NumArticles``), so a GDELT script finds its columns. Several actors on
one side are joined with ``"; "``; ``Actor1*`` describes the first
source, ``Actor2*`` the first target. ``docs/export.md`` explains every
column and how it maps to GDELT's and ACLED's.

:data:`GDELT_COLUMNS` are the 61 columns of a GDELT 2.0 event file, in
order; :func:`gdelt_values` fills those it can from a flat row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from veille.actors.labels import actor_country, actor_label
from veille.records import ActorRef, Event, Location, Span, weakest_how
from veille.store.base import ArticleHeadline
from veille.stories import MergedEvent

__all__ = [
    "CODE_COLUMNS",
    "DATE_COLUMNS",
    "EVENT_COLUMNS",
    "GDELT_COLUMNS",
    "MERGED_COLUMNS",
    "TIME_COLUMNS",
    "event_id",
    "flat_event",
    "flat_merged",
    "gdelt_event_number",
    "gdelt_values",
]

Row = dict[str, Any]

_ACTOR_COLUMNS = tuple(
    f"Actor{n}{part}"
    for n in (1, 2)
    for part in ("Code", "Name", "CountryCode", "Type1Code", "Codes", "Names")
)
_GEO_COLUMNS = (
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "location_precision",
    "location_inferred",
)
_CODES = ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale")

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "event_date",
    "event_type",
    "mode",
    "modality",
    "negated",
    "hypothetical",
    *_CODES,
    *_ACTOR_COLUMNS,
    "IsRootEvent",
    "salience",
    "actor_how",
    "section_kind",
    "trigger",
    "trigger_start",
    "trigger_end",
    "sentence",
    "quantities",
    "duration_days",
    "condition",
    "attributed_to",
    *_GEO_COLUMNS,
    "NumMentions",
    "NumSources",
    "NumArticles",
    "confidence",
    "coder",
    "SOURCEURL",
    "title",
    "source_name",
    "language",
    "published_at",
    "DATEADDED",
)
"""Columns of a flat event row, in order."""

MERGED_COLUMNS: tuple[str, ...] = (
    "event_id",
    "story_id",
    "event_date",
    "event_type",
    "mode",
    "modality",
    "negated",
    *_CODES,
    *_ACTOR_COLUMNS,
    "quantities",
    "disagreements",
    *_GEO_COLUMNS,
    "NumMentions",
    "NumSources",
    "NumArticles",
    "languages",
    "article_ids",
    "first_article_id",
    "first_reported_at",
    "SOURCEURL",
    "title",
    "source_name",
    "DATEADDED",
)
"""Columns of a flat merged-event row (one real-world event, all its reports), in order."""

CODE_COLUMNS: tuple[str, ...] = (
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "Actor1Code",
    "Actor2Code",
    "ActionGeo_FeatureID",
)
"""Columns holding codes that look like numbers ("030"): read them as text."""

DATE_COLUMNS: tuple[str, ...] = ("event_date",)
"""Columns holding a calendar day (ISO ``YYYY-MM-DD``)."""

TIME_COLUMNS: tuple[str, ...] = ("published_at", "first_reported_at")
"""Columns holding an instant (ISO 8601, UTC)."""

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{part}"
        for n in (1, 2)
        for part in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{part}"
        for who in ("Actor1", "Actor2", "Action")
        for part in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)
"""The 61 columns of a GDELT 2.0 event file, in GDELT's order."""

_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4}
"""GDELT's ActionGeo_Type: 1 country, 4 world city, 5 world state (US places: 2 state, 3 city)."""


def event_id(article_id: str, trigger: Span) -> str:
    """Return an event's id: its article and the characters of its trigger.

    The dashboard selects an event by the same span
    (``#article/<id>?ev=<start>-<end>``).

    >>> event_id("a1", Span(10, 16, "signed"))
    'a1#10-16'
    """
    return f"{article_id}#{trigger.start}-{trigger.end}"


def gdelt_event_number(identifier: str) -> int:
    """Return a positive 63-bit integer for an event id, the same in every export.

    GDELT's ``GlobalEventID`` is a number; tools read it as one.
    """
    digest = hashlib.blake2b(identifier.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


def flat_event(event: Event, article: ArticleHeadline | None) -> Row:
    """Return one flat row (:data:`EVENT_COLUMNS`) for a coded event and its article."""
    row: Row = {
        "event_id": event_id(event.article_id, event.trigger),
        "article_id": event.article_id,
        "event_date": event.event_date,
        "event_type": event.event_type,
        "mode": event.mode,
        "modality": event.modality,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        **_codes(event.cameo, event.quad_class, event.goldstein),
        **_actors(1, event.source),
        **_actors(2, event.target),
        "IsRootEvent": None if event.salience is None else int(event.salience == "lead"),
        "salience": event.salience,
        "actor_how": weakest_how(event),
        "section_kind": event.section_kind,
        "trigger": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "sentence": event.sentence.text,
        "quantities": "; ".join(
            f"{'~' if q.approximate else ''}{q.value:g} {q.what or q.unit or ''}".strip()
            for q in event.quantities
        )
        or None,
        "duration_days": event.duration.days if event.duration else None,
        "condition": event.condition.text if event.condition else None,
        "attributed_to": (event.attributed_to.code or event.attributed_to.text)
        if event.attributed_to
        else None,
        **_geo(event.location),
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "confidence": event.confidence,
        "coder": event.coder,
        **_article(article),
        "language": article.language if article else None,
        "published_at": _iso_utc(article.published_at if article else None),
    }
    return {column: row[column] for column in EVENT_COLUMNS}


def flat_merged(merged: MergedEvent, articles: Mapping[str, ArticleHeadline]) -> Row:
    """Return one flat row (:data:`MERGED_COLUMNS`) for a merged event.

    ``articles`` holds the headlines of its supporting articles: the first
    one gives the address and title, all of them the count of outlets.
    """
    first = merged.supports[0] if merged.supports else None
    article_ids = list(dict.fromkeys(s.article_id for s in merged.supports))
    outlets = {
        articles[a].source_name or articles[a].url or a for a in article_ids if a in articles
    }
    languages = sorted({s.language for s in merged.supports if s.language})
    row: Row = {
        "event_id": event_id(first.article_id, first.trigger) if first else merged.story_id,
        "story_id": merged.story_id,
        "event_date": merged.event_date,
        "event_type": merged.event_type,
        "mode": merged.mode,
        "modality": merged.modality,
        "negated": merged.negated,
        **_codes(merged.cameo, merged.quad_class, merged.goldstein),
        **_actors(1, [ActorRef("", code, 0, 0) for code in merged.source]),
        **_actors(2, [ActorRef("", code, 0, 0) for code in merged.target]),
        "quantities": "; ".join(
            f"{'~' if q.approximate else ''}{q.value:g} {q.kind or q.what or q.unit or ''}".strip()
            for q in merged.quantities
        )
        or None,
        "disagreements": "; ".join(d.field for d in merged.disagreements) or None,
        **_geo(merged.location),
        "NumMentions": len(merged.supports),
        "NumSources": len(outlets) or None,
        "NumArticles": merged.support_count,
        "languages": "; ".join(languages) or None,
        "article_ids": "; ".join(article_ids),
        "first_article_id": merged.first_article_id,
        "first_reported_at": _iso_utc(merged.first_reported_at),
        **_article(articles.get(merged.first_article_id)),
    }
    return {column: row[column] for column in MERGED_COLUMNS}


def gdelt_values(row: Mapping[str, Any]) -> list[Any]:
    """Return the :data:`GDELT_COLUMNS` values of a flat row (None where veille has nothing)."""
    day = _day(row.get("event_date"))
    values: dict[str, Any] = {
        "GlobalEventID": gdelt_event_number(str(row["event_id"])),
        "Day": int(day.strftime("%Y%m%d")) if day else None,
        "MonthYear": int(day.strftime("%Y%m")) if day else None,
        "Year": day.year if day else None,
        "FractionDate": round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else None,
        "AvgTone": None,
    }
    for name in GDELT_COLUMNS:
        if name not in values:
            values[name] = row.get(name)
    if row.get("ActionGeo_Type") is None:
        values["ActionGeo_Type"] = 0  # GDELT's "no place"
    return [values[name] for name in GDELT_COLUMNS]


def _codes(cameo: str | None, quad_class: int | None, goldstein: float | None) -> Row:
    return {
        "EventCode": cameo,
        "EventBaseCode": cameo[:3] if cameo else None,
        "EventRootCode": cameo[:2] if cameo else None,
        "QuadClass": quad_class,
        "GoldsteinScale": goldstein,
    }


def _actors(side: int, refs: Sequence[ActorRef]) -> Row:
    """Describe one side: its first actor GDELT's way, then every actor of the side."""
    coded = [r for r in refs if r.code]
    first = coded[0] if coded else None
    prefix = f"Actor{side}"
    return {
        f"{prefix}Code": first.code if first else None,
        f"{prefix}Name": actor_label(first.code) if first and first.code else None,
        f"{prefix}CountryCode": actor_country(first.code) if first and first.code else None,
        f"{prefix}Type1Code": first.sector if first else None,
        f"{prefix}Codes": "; ".join(dict.fromkeys(str(r.code) for r in coded)) or None,
        f"{prefix}Names": "; ".join(dict.fromkeys(r.text for r in refs if r.text)) or None,
    }


def _geo(where: Location | None) -> Row:
    if where is None:
        return dict.fromkeys(_GEO_COLUMNS)
    kind = _GEO_TYPE.get(where.precision)
    if kind is not None and where.country == "USA":
        kind = {5: 2, 4: 3}.get(kind, kind)
    return {
        "ActionGeo_Type": kind,
        "ActionGeo_FullName": where.name,
        "ActionGeo_CountryCode": where.country,
        "ActionGeo_ADM1Code": where.admin1,
        "ActionGeo_Lat": where.lat,
        "ActionGeo_Long": where.lon,
        "ActionGeo_FeatureID": where.place_id,
        "location_precision": where.precision,
        "location_inferred": where.inferred,
    }


def _article(article: ArticleHeadline | None) -> Row:
    added = (article.retrieved_at or article.published_at) if article else None
    return {
        "SOURCEURL": article.url if article else None,
        "title": article.title if article else None,
        "source_name": article.source_name if article else None,
        "DATEADDED": _utc_stamp(added),
    }


def _utc_stamp(moment: datetime | None) -> int | None:
    """Write an instant as GDELT's DATEADDED: the number ``YYYYMMDDHHMMSS``, in UTC."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return int(moment.strftime("%Y%m%d%H%M%S"))


def _iso_utc(moment: datetime | None) -> str | None:
    """Write an instant in ISO 8601 at UTC, so that a column of them reads as one type."""
    if moment is None:
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).isoformat()


def _day(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
