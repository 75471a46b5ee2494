"""Publication dates: recognise a date line and resolve it to an absolute UTC time.

News pages state dates relative to when they are read ("il y a 2 jours",
"yesterday", "3 hours ago") or absolutely with a label ("Publié le 3 mars
2025", "Published March 3, 2025"). :func:`looks_like_date` decides whether a
byline holds a date (dateparser alone would read "2 min" as a time of day);
:func:`resolve_date` strips the label and asks dateparser, with the reference
time as the base for relative expressions.

dateparser costs about a millisecond per call, most of an article's
extraction. The common absolute shapes ("3 décembre 2026 à 14h05",
"December 3, 2026 at 2:05 pm") are read by :func:`_read_absolute` first, and
the common relative ones ("il y a 2 jours", "3 hours ago", "hier à 14h05") by
:func:`_read_relative`; both answer only where they give what dateparser gives
(tests/test_dates_fast.py compares them) and leave everything else to
dateparser.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from veille.datafiles import read_data, tsv_rows
from veille.extract.prefilter import KeywordGate
from veille.text import MONTH_NAMES, fold

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

_LANGUAGES = ("fr", "en")
# Kinds of rows of data/lexicon/<language>/calendar.tsv that name a month.
_MONTH_KINDS = ("month", "month_homograph", "month_short")


@lru_cache(maxsize=4)
def _calendar_months(language: str) -> dict[str, int]:
    """Return the month names and abbreviations of ``language`` as written, with their numbers.

    The event coder reads the same file (``data/lexicon/<language>/calendar.tsv``).
    """
    name = f"{language}/calendar.tsv"
    rows = tsv_rows(read_data(f"lexicon/{language}", "calendar.tsv"), name, 3)
    return {word: int(number) for kind, word, number in rows if kind in _MONTH_KINDS}


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Return the month and weekday words of both languages, lower-cased, with and without accents.

    >>> {"mars", "fevr", "tuesday"} <= calendar_words(), "marché" in calendar_words()
    (True, False)
    """
    kinds = (*_MONTH_KINDS, "weekday")
    words = {
        word.casefold()
        for language in _LANGUAGES
        for kind, word, _value in tsv_rows(
            read_data(f"lexicon/{language}", "calendar.tsv"), f"{language}/calendar.tsv", 3
        )
        if kind in kinds
    }
    return frozenset(words | {fold(word, MONTH_NAMES) for word in words})


# Every month word of both languages, with and without its accents ("févr", "fevr").
_MONTHS = "|".join(
    sorted(
        {
            form
            for language in _LANGUAGES
            for word in _calendar_months(language)
            for form in (word, fold(word, MONTH_NAMES))
        },
        key=len,
        reverse=True,
    )
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
# Every branch of _DATE_SHAPES needs a digit or one of these words; bylines holding
# neither (an author and a role) skip the regex, which costs tens of µs per line.
_DATE_WORDS = KeywordGate(
    "il y a", "ago", "hier", "aujourd", "yesterday", "today", "instant", "just now"
)
_DIGIT = re.compile(r"\d")

# Day and month written out, year in four digits: "1er mars 2025", "3 déc. 2026",
# "December 3rd, 2026", "3 Dec 2026"; what follows is left to _TIMES. Years
# stay within 1900-2099, where dateparser reads "1 janvier 1899 14h" as no date.
_YEAR_AND_REST = r"(?P<year>(?:19|20)[0-9]{2})(?P<rest>.*)"
_ABSOLUTE = {
    "fr": (
        re.compile(
            r"(?P<day>[0-9]{1,2}|1er) (?P<month>[a-zàâäçéèêëîïôöùûü]+)\.? " + _YEAR_AND_REST
        ),
    ),
    "en": (
        re.compile(r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)? (?P<month>[a-z]+)\.? " + _YEAR_AND_REST),
        re.compile(r"(?P<month>[a-z]+)\.? (?P<day>[0-9]{1,2})(?:st|nd|rd|th)?,? " + _YEAR_AND_REST),
    ),
}
_HALF_DAY = 12
# The time of day after the date: French "à 14h05", "14h", "14:05"; English
# "at 2:05 pm", "2 pm", "14:05". Nothing else may follow (a time zone, a note).
_MINUTE_SECOND = r":(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
_TIMES = {
    "fr": re.compile(
        r"(?:,? (?:à )?(?P<hour>[0-9]{1,2})(?:h(?P<hminute>[0-9]{2})?|" + _MINUTE_SECOND + "))?"
    ),
    "en": re.compile(
        r"(?:,? (?:at )?(?P<hour>[0-9]{1,2})(?:"
        + _MINUTE_SECOND
        + r")?(?: ?(?P<meridiem>am|pm))?)?"
    ),
}


def looks_like_date(text: str) -> bool:
    """Whether ``text`` (one byline) states a date, absolute or relative.

    >>> looks_like_date("il y a 2 jours"), looks_like_date("2 min de lecture")
    (True, False)
    """
    body = _LABEL.sub("", text, count=1)
    has_digit = _DIGIT.search(body) is not None
    if not has_digit and not _DATE_WORDS.admits(body):
        return False
    return bool(_DATE_SHAPES.search(body)) or (_LABEL.match(text) is not None and has_digit)


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
            parsed = _read_absolute(candidate, language)
            if parsed is None:
                parsed = _read_relative(candidate, reference_utc, language)
            if parsed is None:
                parsed = _dateparser_parse(candidate, reference_utc, language)
            if parsed is not None:
                return parsed
    return None


def _read_absolute(text: str, language: str) -> datetime | None:
    """Read a common absolute date shape as dateparser would in ``language``; ``None`` if unsure.

    ``None`` never means "not a date": the caller then asks dateparser, which
    also decides what an impossible date such as 31 February gives.

    >>> _read_absolute("3 décembre 2026 à 14h05", "fr").isoformat()
    '2026-12-03T14:05:00+00:00'
    >>> _read_absolute("December 3rd, 2026 at 2:05 pm", "en").isoformat()
    '2026-12-03T14:05:00+00:00'
    >>> _read_absolute("29 février 2025", "fr") is None  # no such day: dateparser decides
    True
    """
    lowered = text.lower()
    for shape in _ABSOLUTE.get(language, ()):
        date = shape.fullmatch(lowered)
        if date is not None:
            break
    else:
        return None
    month = _month_numbers(language).get(fold(date["month"], MONTH_NAMES))
    time = _TIMES[language].fullmatch(date["rest"])
    clock = None if time is None else _clock(time)
    if month is None or clock is None:
        return None
    day = 1 if date["day"] == "1er" else int(date["day"])
    try:
        return datetime(int(date["year"]), month, day, *clock, tzinfo=UTC)
    except ValueError:  # no such day, or no such time
        return None


def _clock(time: re.Match[str]) -> tuple[int, int, int] | None:
    """Hour, minute, second of a :data:`_TIMES` match; ``None`` for a shape left to dateparser."""
    fields = time.groupdict()
    if fields["hour"] is None:
        return 0, 0, 0
    hour = int(fields["hour"])
    minute = int(fields["minute"] or fields.get("hminute") or 0)
    second = int(fields["second"] or 0)
    meridiem = fields.get("meridiem")
    if meridiem is not None:
        # dateparser reads "13:00 pm" as 13:00 and "0:30 am" its own way; not worth copying.
        if not 1 <= hour <= _HALF_DAY:
            return None
        return hour % _HALF_DAY + (_HALF_DAY if meridiem == "pm" else 0), minute, second
    if "hminute" not in fields and fields["minute"] is None:
        return None  # a bare number after an English date ("2026 14") is no time of day
    return hour, minute, second


@lru_cache(maxsize=4)
def _month_numbers(language: str) -> dict[str, int]:
    """Return the month words of ``language`` without accents, as the fast path looks them up."""
    if language not in _LANGUAGES:
        return {}
    return {fold(word, MONTH_NAMES): number for word, number in _calendar_months(language).items()}


# How each language marks a count as past: "il y a 2 jours", "2 days ago". dateparser
# reads the bare count ("2 jours", left when the label "Publié il y a" is stripped) as
# past too, since it prefers past dates, so the marker is optional.
_PAST_MARKERS = {"fr": ("il y a ", ""), "en": ("", " ago")}
_MONTHS_PER_YEAR = 12


class _RelativeWords(NamedTuple):
    """One language's words for relative dates (data/dates/relative.tsv) and its shapes."""

    numbers: dict[str, int]
    units: dict[str, str]
    days: dict[str, int]
    counted: re.Pattern[str]
    named_day: re.Pattern[str]


def _alternation(words: dict[str, Any]) -> str:
    # Longest first, so "minutes" is tried before "min" and "m".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _relative_words(language: str) -> _RelativeWords | None:
    if language not in _PAST_MARKERS:
        return None
    numbers: dict[str, int] = {}
    units: dict[str, str] = {}
    days: dict[str, int] = {}
    table = tsv_rows(read_data("dates", "relative.tsv"), "relative.tsv", 4)
    for row_language, kind, word, value in table:
        if row_language != language:
            continue
        if kind == "number":
            numbers[word] = int(value)
        elif kind == "unit":
            units[word] = value
        else:
            days[word] = int(value)
    before, after = (re.escape(marker) for marker in _PAST_MARKERS[language])
    # Digits may touch the unit ("5h", "5 h"), a number word may not ("unh" is no date).
    # Three digits at most: larger counts are rare and dateparser decides where they overflow.
    counted = re.compile(
        rf"(?:{before})?(?:(?P<digits>[0-9]{{1,3}}) ?|(?P<word>{_alternation(numbers)}) )"
        rf"(?P<unit>{_alternation(units)})(?:{after})?"
    )
    named_day = re.compile(rf"(?P<day>{_alternation(days)})(?P<rest>.*)")
    return _RelativeWords(numbers, units, days, counted, named_day)


def _read_relative(text: str, reference: datetime, language: str) -> datetime | None:
    """Read a common relative date as dateparser would from ``reference``; ``None`` if unsure.

    As dateparser does, a count of seconds to weeks goes back from the reference
    and keeps its time of day; a count of months or years lands on the first of
    the month (the setting PREFER_DAY_OF_MONTH) at the reference's time of day;
    "hier" and "yesterday" keep the reference's time unless a time is given.

    >>> ref = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    >>> _read_relative("il y a 3 heures", ref, "fr").isoformat()
    '2026-11-24T06:30:00+00:00'
    >>> _read_relative("2 months ago", ref, "en").isoformat()
    '2026-09-01T09:30:00+00:00'
    >>> _read_relative("hier à 14h05", ref, "fr").isoformat()
    '2026-11-23T14:05:00+00:00'
    >>> _read_relative("hier soir", ref, "fr") is None  # dateparser decides
    True
    """
    words = _relative_words(language)
    if words is None:
        return None
    lowered = text.lower().replace("’", "'")
    counted = words.counted.fullmatch(lowered)
    if counted is not None:
        digits = counted["digits"]
        count = int(digits) if digits is not None else words.numbers[counted["word"]]
        return _count_back(reference, count, words.units[counted["unit"]])
    named = words.named_day.fullmatch(lowered)
    if named is None:
        return None
    try:
        day = reference + timedelta(days=words.days[named["day"]])
    except OverflowError:  # a reference at the start of the calendar
        return None
    if not named["rest"]:
        return day
    time = _TIMES[language].fullmatch(named["rest"])
    clock = None if time is None or time["hour"] is None else _clock(time)
    if clock is None or (time is not None and _hours_counted(time)):
        return None
    hour, minute, second = clock
    try:
        return day.replace(hour=hour, minute=minute, second=second, microsecond=0)
    except ValueError:  # "hier à 24h00": dateparser drops the time, not worth copying
        return None


def _hours_counted(time: re.Match[str]) -> bool:
    """Whether dateparser reads a French "14h" after "hier" as a count of hours.

    It does unless "à" comes first: "hier 14h" is 14 hours before yesterday's
    time of day, "hier à 14h" and "hier 14h05" are that time of day.
    """
    fields = time.groupdict()
    hours_only = "hminute" in fields and fields["hminute"] is None and fields["minute"] is None
    return hours_only and " à " not in time.string


def _count_back(reference: datetime, count: int, unit: str) -> datetime | None:
    """Go back ``count`` ``unit`` from ``reference``, as dateparser's relative dates do."""
    if unit in {"months", "years"}:
        months_back = count * (_MONTHS_PER_YEAR if unit == "years" else 1)
        year, month_index = divmod(
            reference.year * _MONTHS_PER_YEAR + reference.month - 1 - months_back,
            _MONTHS_PER_YEAR,
        )
        try:
            return reference.replace(year=year, month=month_index + 1, day=1)
        except ValueError:  # before year 1
            return None
    try:
        return reference - timedelta(**{unit: count})
    except OverflowError:  # before year 1
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
    return parse_rfc822_any_language(cleaned) or resolve_date(cleaned, reference)


_PAGE_DATETIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?))?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)


def parse_page_datetime(text: str) -> datetime | None:
    """Read a machine-written date as the page wrote it, keeping its UTC offset.

    ISO 8601 in the shapes pages use ("2024-04-30 16:00:34 +02:00",
    "2024-09-16T21:33+0100", "2017-11-03 03:01:00.000000") and RFC 822. The
    result is aware when the text gives an offset, naive when it does not;
    ``None`` when the text is not such a date.

    >>> parse_page_datetime("2024-09-16T21:33+0100").isoformat()
    '2024-09-16T21:33:00+01:00'
    >>> parse_page_datetime("2016-12-19 19:19:00 UTC").isoformat()
    '2016-12-19T19:19:00+00:00'
    """
    cleaned = text.strip()
    match = _PAGE_DATETIME.fullmatch(cleaned)
    if match is None:
        return _parse_rfc822(cleaned)
    clock = match["time"] or "00:00"
    hour, _, rest = clock.partition(":")
    clock = f"{int(hour):02d}:{rest}"
    if "." in clock or "," in clock:
        whole, fraction = re.split("[.,]", clock, maxsplit=1)
        clock = f"{whole}.{(fraction + '000000')[:6]}"
    zone = match["zone"]
    offset = ""
    if zone in ("Z", "UTC", "GMT"):
        offset = "+00:00"
    elif zone:
        digits = zone[1:].replace(":", "")
        offset = f"{zone[0]}{digits[:2]}:{(digits[2:] or '00')[:2]}"
    try:
        return datetime.fromisoformat(f"{match['date']}T{clock}{offset}")
    except ValueError:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    if not text[:1].isalpha() or "," not in text[:5]:
        return None
    from email.utils import parsedate_to_datetime  # noqa: PLC0415  # rarely needed

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


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


# -- RFC 822 dates written in another language ("Seg, 24 Set 2018 19:42:40 -0300") --

_RFC822_SHAPE = re.compile(
    r"""^(?:[^\W\d_]+\.?,?\s+)?                       # a weekday, any language
        (?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)\.?\s+(?P<year>\d{4})
        (?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
        \s*(?P<zone>[+-]\d{4}|GMT|UTC|UT|Z)?\s*$""",
    re.VERBOSE,
)
RFC822_LOCALES = ("fr", "en", "pt", "es", "de", "it", "nl", "ca", "ro", "pl", "sv", "da")
"""Languages whose month names (from CLDR, through babel) an RFC 822 date may be written in."""


@lru_cache(maxsize=1)
def _month_words() -> dict[str, int]:
    """Month names and abbreviations of :data:`RFC822_LOCALES`, folded; ambiguous ones left out."""
    from babel.dates import get_month_names  # noqa: PLC0415  # CLDR data, read once

    found: dict[str, set[int]] = {}
    for locale in RFC822_LOCALES:
        for width in ("abbreviated", "wide"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    found.setdefault(fold(name.lower(), MONTH_NAMES).rstrip("."), set()).add(number)
    return {word: next(iter(months)) for word, months in found.items() if len(months) == 1}


def parse_rfc822_any_language(text: str) -> datetime | None:
    """Read an RFC 822 date whose day and month names are not English; ``None`` if not one.

    Feeds outside the English-speaking world localise the names:
    ``"Seg, 24 Set 2018 19:42:40 -0300"`` (Portuguese) is 2018-09-24 22:42:40
    UTC. The weekday is ignored (the date says the day); a month name must
    mean one month in every language of :data:`RFC822_LOCALES`.

    >>> parse_rfc822_any_language("Seg, 24 Set 2018 19:42:40 -0300").isoformat()
    '2018-09-24T22:42:40+00:00'
    """
    match = _RFC822_SHAPE.match(text.strip())
    if match is None:
        return None
    month = _month_words().get(fold(match["month"].lower(), MONTH_NAMES))
    if month is None:
        return None
    zone = match["zone"] or "+0000"
    offset = (
        timedelta(0)
        if zone.isalpha()
        else (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:]))
    )
    try:
        moment = datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tzinfo=UTC,
        )
        return moment - offset
    except (ValueError, OverflowError):
        return None
