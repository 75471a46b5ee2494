"""The date fast path gives exactly what dateparser gives, or leaves the text to dateparser."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import veille.extract.dates
from veille.extract.dates import (
    _PAST_MARKERS,
    _dateparser_parse,
    _read_absolute,
    _read_relative,
    _relative_words,
    resolve_date,
)

REFERENCES = (
    datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
    # Before every date below: "prefer dates from the past" must not move them.
    datetime(2020, 1, 1, tzinfo=UTC),
)

# Shapes the fast path must read itself (so that it keeps saving the dateparser call).
FAST_FR = [
    "3 décembre 2026",
    "03 décembre 2026",
    "1er mars 2025",
    "3 déc. 2026",
    "3 DÉCEMBRE 2026",
    "3 decembre 2026",
    "18 novembre 2026",
    "3 aout 2026",
    "3 août 2026",
    "3 juil. 2026",
    "3 sept 2026",
    "3 décembre 2026 à 14h05",
    "3 décembre 2026 à 14h",
    "3 décembre 2026 à 9h",
    "3 juillet 2026 à 0h05",
    "3 décembre 2026 14h05",
    "3 décembre 2026, 14h05",
    "3 décembre 2026 14:05",
    "3 décembre 2026 à 14:05",
    "3 décembre 2026 08:05:09",
    "29 février 2024",
    "31 décembre 1999 à 23h59",
]
FAST_EN = [
    "December 3, 2026",
    "December 3 2026",
    "Dec 3, 2026",
    "Dec. 3, 2026",
    "December 3rd, 2026",
    "December 1st, 2026",
    "3 December 2026",
    "3 Dec 2026",
    "3rd December 2026",
    "Mar 3, 2026",
    "3 May 2026",
    "sept 3, 2026",
    "November 18, 2026",
    "December 3, 2026 at 2:05 pm",
    "December 3, 2026 2:05 PM",
    "December 3, 2026 at 12:00 am",
    "December 3, 2026 at 12:30 pm",
    "December 3, 2026 at 2 pm",
    "December 3, 2026, 14:05",
    "3 December 2026 14:05:09",
    "February 29, 2024",
]
# Shapes it must leave to dateparser: relative dates, impossible days and times,
# time zones, weekdays, words one language reads differently ("mar" is "mardi" in French).
LEFT_FR = [
    "il y a 2 jours",
    "hier",
    "aujourd'hui",
    "29 février 2025",
    "31 avril 2026",
    "0 mars 2026",
    "32 mars 2026",
    "3 décembre 2026 à 24h00",
    "3 décembre 2026 à 23h60",
    "3 décembre 2026 à 14h05 (heure de Paris)",
    "3 juin 2026 14h05 CET",
    "mardi 3 décembre 2026",
    "3 mar 2026",
    "3 December 2026",
    "3 mars 26",
    "12/03/2025",
    "3 juillet 2026 à 7h5",
]
LEFT_EN = [
    "2 days ago",
    "yesterday",
    "February 29, 2025",
    "April 31, 2026",
    "December 3, 2026 at 13:00 pm",
    "December 3, 2026 at 0:30 am",
    "December 3, 2026 14",
    "June 3, 2026 14:05 GMT",
    "Tuesday, December 3, 2026",
    "3 décembre 2026",
    "3rd of December 2026",
]

# Relative dates: compared against dateparser from references that make the
# arithmetic show (microseconds, the end of a month, a leap day, New Year).
RELATIVE_REFERENCES = (
    *REFERENCES,
    datetime(2024, 3, 31, 9, 30, 15, 123456, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, tzinfo=UTC),
    datetime(2025, 1, 1, 0, 0, tzinfo=UTC),
)
FAST_RELATIVE_FR = [
    "il y a 2 jours",
    "il y a 1 jour",
    "il y a un jour",
    "il y a 02 jours",
    "il y a 0 jour",
    "Il y a 8 jours",
    "IL Y A 3 JOURS",
    "il y a 5 heures",
    "il y a une heure",
    "il y a 5h",
    "il y a 5 h",
    "il y a 5 min",
    "il y a 1 minute",
    "il y a 30 secondes",
    "il y a 2 semaines",
    "il y a une semaine",
    "il y a deux jours",
    "il y a 2 mois",
    "il y a un mois",
    "il y a 1 an",
    "il y a 2 ans",
    "il y a 3 années",
    "5 min",
    "3 heures",
    "2 jours",
    "14h",
    "hier",
    "Hier",
    "aujourd'hui",
    "aujourd’hui",
    "Aujourd'hui",
    "avant-hier",
    "maintenant",
    "hier à 14h05",
    "hier à 14h",
    "hier à 0h",
    "hier 14h05",
    "hier, 14h05",
    "hier, à 14h",
    "hier 14:05",
    "hier à 08:05:09",
    "aujourd'hui à 9h30",
    "aujourd'hui à 23h59",
    "avant-hier à 7h",
]
FAST_RELATIVE_EN = [
    "2 days ago",
    "1 day ago",
    "a day ago",
    "one day ago",
    "3 Days Ago",
    "5 hours ago",
    "an hour ago",
    "5h ago",
    "5 hrs ago",
    "5 min ago",
    "5 mins ago",
    "30 seconds ago",
    "30 secs ago",
    "2 weeks ago",
    "a week ago",
    "two weeks ago",
    "2 months ago",
    "a month ago",
    "1 year ago",
    "2 years ago",
    "2 yr ago",
    "2 days",
    "5 hours",
    "yesterday",
    "Yesterday",
    "today",
    "now",
    "just now",
    "day before yesterday",
    "yesterday at 2:05 pm",
    "yesterday at 2 pm",
    "yesterday 2pm",
    "yesterday, 2:05 PM",
    "yesterday at 12:00 am",
    "yesterday at 12:30 pm",
    "yesterday 14:05",
    "yesterday 14:05:09",
    "today at 9:30 am",
    "today at 11:59 pm",
]
# Left to dateparser: words it does not read or reads its own way, times it drops
# or reads as a count ("hier 14h" is 14 hours before yesterday's time), several
# units, fractions, counts of four digits and more.
LEFT_RELATIVE_FR = [
    "il y a 5 mn",
    "il y a 30 sec",
    "il y a quelques minutes",
    "à l'instant",
    "hier soir",
    "hier matin",
    "avant hier",
    "hier 14h",
    "hier, 14h",
    "aujourd'hui 9h",
    "hier à 24h00",
    "hier à 23h60",
    "hier à 9h5",
    "hier à 14",
    "hier a 14h05",
    "hier à 14h05 CET",
    "hier à 2:05 pm",
    "il y a 2 jours à 14h",
    "il y a 2 jours et 3 heures",
    "il y a 3 heures 20 minutes",
    "il y a 2,5 jours",
    "il y a 1h30",
    "il y a 1000 jours",
    "il y a 2 days",
    "il y a unjour",
    "2 days ago",
    "yesterday",
]
LEFT_RELATIVE_EN = [
    "2 wks ago",
    "2 yrs ago",
    "2 w ago",
    "a few minutes ago",
    "yesterday morning",
    "yesterday at 13:00 pm",
    "yesterday at 0:30 am",
    "yesterday at 24:00",
    "yesterday 14",
    "yesterday 14h05",
    "yesterday at 2:05 pm GMT",
    "2 hours ago at 2 pm",
    "2 days, 3 hours ago",
    "1.5 days ago",
    "1000 days ago",
    "ago 2 days",
    "il y a 2 jours",
    "hier",
]


@pytest.mark.parametrize(
    ("language", "text"), [("fr", x) for x in FAST_FR] + [("en", x) for x in FAST_EN]
)
@pytest.mark.parametrize("reference", REFERENCES)
def test_fast_path_reads_common_shapes_as_dateparser_does(language, text, reference):
    fast = _read_absolute(text, language)
    assert fast is not None, f"{text!r} should not need dateparser"
    assert fast == _dateparser_parse(text, reference, language)


@pytest.mark.parametrize(
    ("language", "text"), [("fr", x) for x in LEFT_FR] + [("en", x) for x in LEFT_EN]
)
def test_other_shapes_are_left_to_dateparser(language, text):
    assert _read_absolute(text, language) is None


def test_every_listed_month_word_is_that_month_for_dateparser():
    # The month words of data/lexicon/<language>/calendar.tsv, as the fast path reads them.
    for language in ("fr", "en"):
        words = veille.extract.dates._month_numbers(language)
        assert len(set(words.values())) == 12, language
        for word, number in words.items():
            parsed = _dateparser_parse(f"3 {word} 2026", REFERENCES[0], language)
            assert parsed == datetime(2026, number, 3, tzinfo=UTC), (language, word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29 février 2024", datetime(2024, 2, 29, tzinfo=UTC)),  # leap year
        ("29 février 2025", None),  # no such day: dateparser says None, so must we
        ("31 avril 2026", None),
        ("3 décembre 2026 à 24h00", None),
        ("December 3, 2026 at 12:00 am", datetime(2026, 12, 3, 0, 0, tzinfo=UTC)),
        ("December 3, 2026 at 12:30 pm", datetime(2026, 12, 3, 12, 30, tzinfo=UTC)),
        ("December 3, 2026 at 11:59 pm", datetime(2026, 12, 3, 23, 59, tzinfo=UTC)),
        ("3 décembre 2026 à 23h59", datetime(2026, 12, 3, 23, 59, tzinfo=UTC)),
    ],
)
def test_edge_cases_resolve_like_before(text, expected):
    assert resolve_date(text, REFERENCES[0]) == expected
    assert resolve_date(text, REFERENCES[0], ("en", "fr")) == expected


@pytest.mark.parametrize("languages", [("fr", "en"), ("en", "fr")])
@pytest.mark.parametrize(
    "text",
    [
        *FAST_FR,
        *FAST_EN,
        *LEFT_FR,
        *LEFT_EN,
        "Publié le 3 décembre 2026 à 14h05",
        "le 3 décembre 2026 à 14h05",
        "Mis à jour le 1er mars 2025",
        "Published on December 3, 2026",
        "Updated: Dec. 3, 2026, 14:05",
        "publié le 18 novembre 2026.",
        *FAST_RELATIVE_FR,
        *FAST_RELATIVE_EN,
        *LEFT_RELATIVE_FR,
        *LEFT_RELATIVE_EN,
        "Publié il y a 5 min",
        "Mis à jour il y a 3 heures",
        "Publié hier à 14h05",
        "Published 2 hours ago",
        "Updated yesterday at 2:05 pm",
        "one day ago",
    ],
)
def test_resolve_date_is_unchanged_by_the_fast_path(text, languages, monkeypatch):
    fast = resolve_date(text, REFERENCES[0], languages)
    monkeypatch.setattr(veille.extract.dates, "_read_absolute", lambda _text, _language: None)
    monkeypatch.setattr(veille.extract.dates, "_read_relative", lambda _text, _ref, _language: None)
    assert fast == resolve_date(text, REFERENCES[0], languages)


_MONTH_WORDS = [
    "janvier",
    "février",
    "fevrier",
    "févr",
    "mars",
    "avril",
    "avr",
    "mai",
    "juin",
    "juillet",
    "juil",
    "août",
    "aout",
    "sept",
    "septembre",
    "octobre",
    "oct",
    "novembre",
    "nov",
    "décembre",
    "déc",
    "dec",
    "fév",
    "janv",
    "jan",
    "mar",
    "mardi",
    "january",
    "february",
    "feb",
    "march",
    "april",
    "apr",
    "may",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "sep",
    "october",
    "november",
    "december",
]


@st.composite
def date_like(draw: st.DrawFn) -> str:
    """Strings near the shapes the fast path reads, valid or not, in either word order."""
    day = draw(
        st.sampled_from(
            ["1", "1er", "01", "3", "3rd", "3th", "1st", "2nd", "28", "29", "30", "31", "0", "32"]
        )
    )
    month = draw(st.sampled_from(_MONTH_WORDS))
    month = draw(st.sampled_from([month, month.upper(), month.capitalize(), month + "."]))
    year = draw(
        st.sampled_from(
            ["2024", "2025", "2026", "1999", "1900", "2099", "1899", "2100", "1000", "26"]
        )
    )
    time = draw(
        st.sampled_from(
            [
                "",
                " à 14h05",
                " à 9h",
                " 14h",
                ", 14h05",
                " 14:05",
                " 23:59:59",
                " at 2:05 pm",
                " 2:05 AM",
                " at 12 pm",
                " 12:00 am",
                " 13:00 pm",
                " 24:00",
                " 14",
                " à 14h05 CET",
                " UTC",
            ]
        )
    )
    if draw(st.booleans()):
        return f"{day} {month} {year}{time}"
    return f"{month} {day}{draw(st.sampled_from(['', ',']))} {year}{time}"


@settings(max_examples=300, deadline=None)
@given(text=date_like(), language=st.sampled_from(["fr", "en"]))
def test_fast_path_agrees_with_dateparser_whenever_it_answers(text, language):
    fast = _read_absolute(text, language)
    if fast is not None:
        assert fast == _dateparser_parse(text, REFERENCES[0], language)


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", x) for x in FAST_RELATIVE_FR] + [("en", x) for x in FAST_RELATIVE_EN],
)
@pytest.mark.parametrize("reference", RELATIVE_REFERENCES)
def test_fast_path_reads_common_relative_shapes_as_dateparser_does(language, text, reference):
    fast = _read_relative(text, reference, language)
    assert fast is not None, f"{text!r} should not need dateparser"
    assert fast == _dateparser_parse(text, reference, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", x) for x in LEFT_RELATIVE_FR] + [("en", x) for x in LEFT_RELATIVE_EN],
)
def test_other_relative_shapes_are_left_to_dateparser(language, text):
    assert _read_relative(text, REFERENCES[0], language) is None


def test_relative_dates_resolve_as_dateparser_reads_them():
    # Pinned, so a change in both dateparser and the fast path does not go unseen:
    # months and years land on the 1st, "hier" keeps the time unless one is given.
    reference = datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=UTC)
    assert resolve_date("il y a 2 jours", reference) == datetime(
        2026, 11, 22, 9, 30, 15, 123456, tzinfo=UTC
    )
    assert resolve_date("2 months ago", reference, ("en", "fr")) == datetime(
        2026, 9, 1, 9, 30, 15, 123456, tzinfo=UTC
    )
    assert resolve_date("il y a 1 an", reference) == datetime(
        2025, 11, 1, 9, 30, 15, 123456, tzinfo=UTC
    )
    assert resolve_date("hier", reference) == datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
    assert resolve_date("Publié hier à 14h05", reference) == datetime(
        2026, 11, 23, 14, 5, tzinfo=UTC
    )
    assert resolve_date("Publié il y a 5 min", reference) == datetime(
        2026, 11, 24, 9, 25, 15, 123456, tzinfo=UTC
    )


def test_relative_dates_before_year_one_are_left_to_dateparser():
    start = datetime(1, 1, 1, tzinfo=UTC)
    assert _read_relative("il y a 2 jours", start, "fr") is None
    assert _read_relative("2 years ago", start, "en") is None
    assert _read_relative("yesterday at 2 pm", start, "en") is None


def test_every_listed_relative_word_is_read_so_by_dateparser():
    path = resources.files("veille") / "data" / "dates" / "relative.tsv"
    rows = [
        line.split("\t") for line in path.read_text("utf-8").splitlines() if line[:1] not in "#"
    ]
    assert {language for language, *_ in rows} == set(_PAST_MARKERS)
    reference = RELATIVE_REFERENCES[2]
    for language, kind, word, value in rows:
        before, after = _PAST_MARKERS[language]
        days = "days" if language == "en" else "jours"
        text = {
            "number": f"{before}{word} {days}{after}",
            "unit": f"{before}3 {word}{after}",
            "day": word,
        }[kind]
        parsed = _read_relative(text, reference, language)
        assert parsed is not None, (language, text)
        assert parsed == _dateparser_parse(text, reference, language), (language, text)
        if kind == "number":
            assert parsed.day == reference.day - int(value), (language, word)


@st.composite
def relative_like(draw: st.DrawFn) -> tuple[str, str]:
    """A language and a string near the relative shapes the fast path reads, or just past them."""
    language = draw(st.sampled_from(sorted(_PAST_MARKERS)))
    words = _relative_words(language)
    assert words is not None
    before, after = _PAST_MARKERS[language]
    if draw(st.booleans()):
        count = draw(
            st.one_of(
                st.integers(0, 1200).map(str),
                st.sampled_from([*words.numbers, "02", "000", "quelques", "few", "1,5"]),
            )
        )
        space = draw(st.sampled_from([" ", "", "  "]))
        unit = draw(st.sampled_from([*words.units, "mn", "sec", "wks", "yrs", "jours", "days"]))
        text = (
            draw(st.sampled_from(["", before, "il y a ", "il y a"]))
            + f"{count}{space}{unit}"
            + draw(st.sampled_from(["", after, " ago", ".", " et 3 heures", " à 14h"]))
        )
    else:
        day = draw(st.sampled_from([*words.days, "hier", "yesterday", "avant hier"]))
        time = draw(
            st.sampled_from(
                [
                    "",
                    " à 14h05",
                    " à 14h",
                    " 14h",
                    ", 14h",
                    ", à 9h",
                    " 9h5",
                    " à 0h",
                    " à 24h00",
                    " 14:05",
                    " 23:59:59",
                    " at 2:05 pm",
                    " 2pm",
                    " at 12:00 am",
                    " at 0:30 am",
                    " at 13:00 pm",
                    " 14",
                    " soir",
                    " morning",
                    " à 14h05 CET",
                ]
            )
        )
        text = day + time
    return language, draw(st.sampled_from([text, text.upper(), text.capitalize()]))


@settings(max_examples=300, deadline=None)
@given(
    case=relative_like(),
    reference=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
)
def test_relative_fast_path_agrees_with_dateparser_whenever_it_answers(case, reference):
    language, text = case
    fast = _read_relative(text, reference, language)
    if fast is not None:
        assert fast == _dateparser_parse(text, reference, language)


def test_docstring_examples():
    assert doctest.testmod(veille.extract.dates).failed == 0
