"""The date fast path gives exactly what dateparser gives, or leaves the text to dateparser."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import veille.dates
from veille.dates import _dateparser_parse, _read_absolute, resolve_date

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
    path = resources.files("veille") / "data" / "dates" / "months.tsv"
    rows = [
        line.split("\t") for line in path.read_text("utf-8").splitlines() if line[:1] not in "#"
    ]
    assert {language for language, _, _ in rows} == {"fr", "en"}
    for language, word, number in rows:
        parsed = _dateparser_parse(f"3 {word} 2026", REFERENCES[0], language)
        assert parsed == datetime(2026, int(number), 3, tzinfo=UTC), (language, word)


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
    ],
)
def test_resolve_date_is_unchanged_by_the_fast_path(text, languages, monkeypatch):
    fast = resolve_date(text, REFERENCES[0], languages)
    monkeypatch.setattr(veille.dates, "_read_absolute", lambda _text, _language: None)
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


def test_docstring_examples():
    assert doctest.testmod(veille.dates).failed == 0
