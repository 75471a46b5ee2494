"""Date lines: recognition and resolution against a reference time, French and English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract.dates import looks_like_date, parse_metadata_date, resolve_date

REF = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("il y a 2 jours", datetime(2026, 11, 22, 9, 30, tzinfo=UTC)),
        ("hier", datetime(2026, 11, 23, 9, 30, tzinfo=UTC)),
        ("il y a 3 heures", datetime(2026, 11, 24, 6, 30, tzinfo=UTC)),
        ("2 days ago", datetime(2026, 11, 22, 9, 30, tzinfo=UTC)),
        ("yesterday", datetime(2026, 11, 23, 9, 30, tzinfo=UTC)),
        ("3 hours ago", datetime(2026, 11, 24, 6, 30, tzinfo=UTC)),
        ("Updated 4 days ago", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("publié le 3 mars 2025", datetime(2025, 3, 3, tzinfo=UTC)),
        ("Publié le 3 mars 2025 à 14h30", datetime(2025, 3, 3, 14, 30, tzinfo=UTC)),
        ("Published March 3, 2025", datetime(2025, 3, 3, tzinfo=UTC)),
        ("Published on March 3, 2025", datetime(2025, 3, 3, tzinfo=UTC)),
        ("Mis à jour le 12/03/2025", datetime(2025, 3, 12, tzinfo=UTC)),
        ("2025-03-03T10:00:00+02:00", datetime(2025, 3, 3, 8, tzinfo=UTC)),
    ],
)
def test_resolve(text, expected):
    assert looks_like_date(text)
    assert resolve_date(text, REF) == expected


def test_numeric_date_order_follows_the_article_language():
    assert resolve_date("03/12/2025", REF, ("fr", "en")) == datetime(2025, 12, 3, tzinfo=UTC)
    assert resolve_date("03/12/2025", REF, ("en", "fr")) == datetime(2025, 3, 12, tzinfo=UTC)


def test_naive_reference_is_taken_as_utc():
    naive = datetime(2026, 11, 24, 9, 30)
    assert resolve_date("hier", naive) == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["2 min de lecture", "5 min read", "James Keou: Directeur", "Analyse :", "Le ministre a parlé"],
)
def test_non_dates_are_not_taken_for_dates(text):
    assert not looks_like_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 03 Mar 2025 08:00:00 GMT", datetime(2025, 3, 3, 8, tzinfo=UTC)),
        ("2025-02-14T09:30:00+01:00", datetime(2025, 2, 14, 8, 30, tzinfo=UTC)),
        ("2024-04-30 16:00:34 +02:00", datetime(2024, 4, 30, 14, 0, 34, tzinfo=UTC)),
        ("2025-05-20", datetime(2025, 5, 20, tzinfo=UTC)),
    ],
)
def test_metadata_dates(text, expected):
    assert parse_metadata_date(text, REF) == expected


def test_nonsense_resolves_to_none():
    assert resolve_date("le chat dort", REF) is None
    assert parse_metadata_date("not a date", REF) is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_resolution_never_raises_and_is_utc(text):
    looks_like_date(text)
    for value in (resolve_date(text, REF), parse_metadata_date(text, REF)):
        assert value is None or value.utcoffset().total_seconds() == 0
