"""Publication dates: recognise a date line and resolve it to an absolute UTC time.

News pages state dates relative to when they are read ("il y a 2 jours",
"yesterday", "3 hours ago") or absolutely with a label ("Publié le 3 mars
2025", "Published March 3, 2025"). :func:`looks_like_date` decides whether a
byline holds a date (dateparser alone would read "2 min" as a time of day);
:func:`resolve_date` strips the label and asks dateparser, with the reference
time as the base for relative expressions.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

_LABEL = re.compile(
    r"""^\s*(?:
        (?:publi[ée]e?|mis\ en\ ligne|post[ée]e?|mis\ à\ jour|mise\ à\ jour|modifi[ée]e?|
           actualis[ée]e?|r[ée]dig[ée]e?|[ée]crit|dernière\ mise\ à\ jour)
           (?:\ (?:le|du|il\ y\ a))?
        |published|updated|posted|last\ updated|first\ published|modified|written
           (?:\ (?:on|at))?
        |date|le|on
    )\s*:?\s*""",
    re.IGNORECASE | re.VERBOSE,
)

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec|"
    "january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sep"
)
_UNITS = (
    "secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?|années?|"
    "seconds?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
)
_DATE_SHAPES = re.compile(
    rf"""(?:
        \bil\ y\ a\ (?:\d+|un|une|deux|trois|quelques)\ (?:{_UNITS})\b
        |\b(?:\d+|an?|one|two|three|a\ few)\ (?:{_UNITS})\ ago\b
        |^\s*(?:hier|avant-hier|aujourd['’]hui|yesterday|today|à\ l['’]instant|just\ now)\b
        |\b\d{{1,2}}(?:er)?\ (?:{_MONTHS})\.?\ \d{{4}}\b
        |\b(?:{_MONTHS})\.?\ \d{{1,2}}(?:st|nd|rd|th)?,?\ \d{{4}}\b
        |\b\d{{4}}-\d{{2}}-\d{{2}}(?!\d)
        |\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def looks_like_date(text: str) -> bool:
    """Whether ``text`` (one byline) states a date, absolute or relative.

    >>> looks_like_date("il y a 2 jours"), looks_like_date("2 min de lecture")
    (True, False)
    """
    body = _LABEL.sub("", text, count=1)
    return bool(_DATE_SHAPES.search(body)) or (
        _LABEL.match(text) is not None and bool(re.search(r"\d", body))
    )


def resolve_date(
    text: str, reference: datetime, languages: tuple[str, ...] = ("fr", "en")
) -> datetime | None:
    """Read ``text`` as a date, relative to ``reference``; return it in UTC, or ``None``.

    >>> ref = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    >>> resolve_date("il y a 2 jours", ref).isoformat()
    '2026-11-22T09:00:00+00:00'
    >>> resolve_date("Publié le 3 mars 2025", ref).date().isoformat()
    '2025-03-03'
    """
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 200:
        return None
    iso = _parse_iso(cleaned)
    if iso is not None:
        return iso
    body = _LABEL.sub("", cleaned, count=1).strip(" .,;:-–—|•")
    reference_utc = _as_utc(reference)
    for candidate in dict.fromkeys((body, cleaned)):
        if not candidate:
            continue
        # One language at a time, in the caller's order, so "12/03/2025" is
        # day-first in a French article and not read with English month-first order.
        for language in languages:
            parsed = _dateparser_parse(candidate, reference_utc, language)
            if parsed is not None:
                return parsed
    return None


def parse_metadata_date(text: str, reference: datetime) -> datetime | None:
    """Read a machine-written date (ISO 8601, RFC 822, or words) from page or feed metadata."""
    cleaned = text.strip()
    iso = _parse_iso(cleaned)
    if iso is not None:
        return iso
    try:
        from email.utils import parsedate_to_datetime  # noqa: PLC0415  # rarely needed

        return _as_utc(parsedate_to_datetime(cleaned))
    # OverflowError: a date at the edge of the calendar cannot be moved to UTC.
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return resolve_date(cleaned, reference)


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:[+-]\d{2}:?\d{2})?)?", candidate):
        return None
    try:
        return _as_utc(datetime.fromisoformat(candidate))
    except (ValueError, OverflowError):  # "0001-01-01T00:00+14:00" is before year 1 in UTC
        return None


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@lru_cache(maxsize=1)
def _dateparser() -> Any:  # noqa: ANN401  # dateparser ships no type hints
    # Imported lazily: it takes about a second and many runs never need it.
    import dateparser  # noqa: PLC0415

    return dateparser


def _dateparser_parse(text: str, reference: datetime, language: str) -> datetime | None:
    settings = {
        # dateparser compares RELATIVE_BASE with naive datetimes internally.
        "RELATIVE_BASE": reference.replace(tzinfo=None),
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        parsed = _dateparser().parse(text, languages=[language], settings=settings)
    except (ValueError, OverflowError, TypeError, re.error):
        return None
    if not isinstance(parsed, datetime):
        return None
    try:
        return _as_utc(parsed)
    except OverflowError:
        return None
