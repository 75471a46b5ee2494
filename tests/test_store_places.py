"""Places in the store, on both backends: article place mentions, event locations, the listing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from _records_factory import make_article, make_event
from veille.records import ArticleResult, Location, PlaceMention
from veille.serialize import to_dict
from veille.store import Store, open_store
from veille.store.sqlite.migrations import migrate

MINSK = PlaceMention(10, 15, "Minsk", "G:625144", "Minsk", "city", "BLR", "BLR.HM", 53.9, 27.57)
BELARUS = PlaceMention(30, 41, "Biélorussie", "C:BLR", "Belarus", "country", "BLR")
KYIV = PlaceMention(50, 54, "Kyiv", "G:703448", "Kyiv", "city", "UKR", "UKR.12", 50.45, 30.52)
NOWHERE = PlaceMention(60, 70, "Zorgovilla", None, None, "unknown")


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with open_store(location) as opened:
        yield opened


def located(article_id: str, place: PlaceMention, *, salience: str = "lead") -> ArticleResult:
    where = Location(
        place.name or place.text,
        place.place_id,
        place.country,
        place.admin1,
        place.lat,
        place.lon,
        place.precision,
        inferred=False,
        start=place.start,
        end=place.end,
    )
    event = replace(make_event(article_id), location=where, salience=salience)  # type: ignore[arg-type]
    text = f"Texte {article_id} " + "mot " * 30
    return ArticleResult(make_article(article_id, text), (), (event,), (place, BELARUS, NOWHERE))


def test_places_and_locations_read_back(store: Store) -> None:
    saved = located("a1", MINSK)
    store.save(saved, "s1")
    assert store.article("a1") == saved


def test_places_are_listed_most_mentioned_first_with_counts(store: Store) -> None:
    store.save(located("a1", MINSK), "s1")
    store.save(located("a2", MINSK), "s2")
    store.save(located("a3", KYIV), "s3")
    listed = store.places()
    assert [(p.place_id, p.mentions, p.articles) for p in listed] == [
        ("C:BLR", 3, 3),
        ("G:625144", 2, 2),
        ("G:703448", 1, 1),
    ]
    by_id = {p.place_id: p for p in listed}
    assert by_id["G:625144"].events == 2
    assert by_id["C:BLR"].events == 0
    # A country-level place carries no coordinates: none were stored for it.
    assert (by_id["C:BLR"].lat, by_id["C:BLR"].lon) == (None, None)
    assert [p.place_id for p in store.places(country="ukr")] == ["G:703448"]
    assert [p.place_id for p in store.places(limit=1, offset=1)] == ["G:625144"]


def test_unresolved_names_are_listed_apart(store: Store) -> None:
    store.save(located("a1", MINSK), "s1")
    store.save(located("a2", KYIV), "s2")
    unresolved = store.places(unresolved=True)
    assert [(p.place_id, p.name, p.mentions, p.precision) for p in unresolved] == [
        (None, "Zorgovilla", 2, "unknown")
    ]
    assert all(p.place_id for p in store.places())


def test_recoding_replaces_the_places_of_an_article(store: Store) -> None:
    store.save(located("a1", MINSK), "s1")
    recoded = replace(located("a1", MINSK), places=(KYIV,))
    outcome = store.save(recoded, "s1")
    assert outcome.status == "unchanged"
    assert outcome.refreshed
    stored = store.article("a1")
    assert stored is not None
    assert stored.places == (KYIV,)
    assert [p.place_id for p in store.places()] == ["G:703448"]


def test_deleting_an_article_deletes_its_places(store: Store) -> None:
    store.save(located("a1", MINSK), "s1")
    assert store.delete_article("a1")
    assert store.places() == []
    assert store.places(unresolved=True) == []


def test_events_of_a_version_3_store_read_back_as_lead_events_without_location(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, str(path), target=3) == 3
    # An article and an event written by a veille that knew no places yet.
    conn.execute(
        "INSERT INTO articles (id, content_hash, source_format, language, language_confidence, "
        "reading_time_estimated, text, sections, evidence, minhash, stored_at, updated_at) "
        "VALUES ('old', 'h', 'text', 'fr', 0.9, 0, 'Moscou dénonce l''OTAN.', '[]', '{}', '[]', "
        "'2026-11-01T00:00:00.000000Z', '2026-11-01T00:00:00.000000Z')"
    )
    payload = to_dict(make_event("old"))
    del payload["salience"]
    conn.execute(
        "INSERT INTO events (article_id, ordinal, event_type, section_kind, coder, payload) "
        "VALUES ('old', 0, 'ACCUSE', 'body', 'c', ?)",
        (json.dumps(payload),),
    )
    conn.close()
    with open_store(path) as store:
        stored = store.article("old")
        assert stored is not None
        assert stored.places == ()
        assert [(e.salience, e.location) for e in stored.events] == [("lead", None)]
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT salience, location_country FROM events").fetchone()
    finally:
        conn.close()
    assert row == ("lead", None)
