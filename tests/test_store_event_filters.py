"""Event listings done by the store, on both backends: order, every filter, paging, counting.

``location`` (from conftest_backends) is a fresh SQLite file or a fresh
PostgreSQL database; every test below runs once on each.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from _records_factory import long_text, make_article, make_event, results, rich_event
from veille.errors import StoreError
from veille.records import ActorRef, ArticleResult, Event, Location, Span
from veille.serialize import to_dict
from veille.store import Store, StoryMember, open_store
from veille.store.event_query import (
    EventFilter,
    EventFilterArgs,
    current_payload,
    pg_fold_table,
)
from veille.store.sqlite.migrations import migrate


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with open_store(location) as opened:
        yield opened


def where(country: str, place_id: str) -> Location:
    return Location(place_id, place_id, country, None, None, None, "city", inferred=False)


def said(text: str, event: Event) -> Event:
    """The event told in another sentence."""
    return replace(event, sentence=Span(0, len(text), text))


@pytest.fixture
def corpus(store: Store) -> Store:
    """Two French articles and one English one, with events of every kind of filter value."""
    fr1 = [
        make_event("fr1", "ACCUSE", date="2026-11-20", quad_class=3),
        said(
            "La Russie et la Biélorussie ont signé quatorze documents",
            make_event(
                "fr1",
                "AGREE",
                source="RUS",
                target="BLR",
                date="2026-11-22",
                quad_class=1,
                location=where("BLR", "G:625144"),
            ),
        ),
        make_event(
            "fr1",
            "MOBILIZE",
            source="NATO",
            target=None,
            date="2026-11-25",
            quad_class=4,
            section_kind="commentary",
        ),
        make_event("fr1", "ACCUSE", source="RUS", target="WEST", date=None, salience="background"),
    ]
    fr2 = [
        make_event(
            "fr2",
            "CONSULT",
            source="BLR",
            target="RUS",
            date="2026-11-22T15:00:00Z",
            quad_class=1,
            location=where("RUS", "G:524901"),
            salience="background",
        ),
    ]
    en1 = [
        said(
            "Russia keeps delivering precision weapons to Belarus",
            make_event(
                "en1",
                "AID",
                source="RUS",
                target="BLR",
                date="2026-11-22",
                quad_class=2,
                location=where("blr", "G:625144"),
            ),
        ),
    ]
    store.save(ArticleResult(make_article("fr1", long_text(1)), (), tuple(fr1)), "s1")
    store.save(ArticleResult(make_article("fr2", long_text(2)), (), tuple(fr2)), "s2")
    english = replace(make_article("en1", long_text(3)), language="en")
    store.save(ArticleResult(english, (), tuple(en1)), "s3")
    return store


def listed(store: Store, **filters: Any) -> list[tuple[str, str]]:
    """(article, type) of the listed events, checking that the count and pages agree."""
    found = store.events(**filters)
    assert store.count_events(**filters) == len(found)
    paged: list[Event] = []
    for offset in range(0, len(found) + 2, 2):
        paged += store.events(**filters, limit=2, offset=offset)
    assert paged == found
    return [(e.article_id, e.event_type) for e in found]


def test_newest_first_undated_last_ties_in_storage_order(corpus: Store) -> None:
    assert listed(corpus) == [
        ("fr1", "MOBILIZE"),
        ("fr2", "CONSULT"),
        ("fr1", "AGREE"),
        ("en1", "AID"),
        ("fr1", "ACCUSE"),
        ("fr1", "ACCUSE"),
    ]
    assert [e.event_date for e in corpus.events()][-1] is None
    assert corpus.count_events() == 6


def test_quad_class_language_and_commentary(corpus: Store) -> None:
    assert listed(corpus, quad_class=1) == [("fr2", "CONSULT"), ("fr1", "AGREE")]
    assert listed(corpus, language="en") == [("en1", "AID")]
    assert listed(corpus, language="EN") == [("en1", "AID")]
    assert len(listed(corpus, language="fr")) == 5
    assert ("fr1", "MOBILIZE") not in listed(corpus, commentary=False)
    assert len(listed(corpus, commentary=False)) == 5


def test_place_is_a_country_code_or_a_place_id(corpus: Store) -> None:
    minsk = [("fr1", "AGREE"), ("en1", "AID")]
    assert listed(corpus, place="BLR") == minsk
    assert listed(corpus, place="blr") == minsk
    assert listed(corpus, place="G:625144") == minsk
    assert listed(corpus, place="G:524901") == [("fr2", "CONSULT")]
    assert listed(corpus, place="UKR") == []


def test_salience_keeps_lead_background_or_all(corpus: Store) -> None:
    background = [("fr2", "CONSULT"), ("fr1", "ACCUSE")]
    assert listed(corpus, salience="background") == background
    assert len(listed(corpus, salience="lead")) == 4
    assert len(listed(corpus, salience="all")) == len(listed(corpus)) == 6


def test_text_words_fold_accents_and_match_types_and_codes(corpus: Store) -> None:
    assert listed(corpus, text="bielorussie") == [("fr1", "AGREE")]
    assert listed(corpus, text="BIÉLORUSSIE signé") == [("fr1", "AGREE")]
    assert listed(corpus, text="biélorussie weapons") == []
    # A word may name the type or an actor code instead of being in the sentence.
    assert listed(corpus, text="aid") == [("en1", "AID")]
    assert listed(corpus, text="west") == [("fr1", "ACCUSE")]
    assert listed(corpus, text="zzzunlikely") == []


def test_filters_combine(corpus: Store) -> None:
    assert listed(corpus, dyad=("BLR", "RUS"), language="fr") == [
        ("fr2", "CONSULT"),
        ("fr1", "AGREE"),
    ]
    assert listed(corpus, dyad=("RUS", "BLR"), place="BLR", salience="lead") == [
        ("fr1", "AGREE"),
        ("en1", "AID"),
    ]
    assert listed(corpus, actor="rus", since="2026-11-22", until="2026-11-22") == [
        ("fr2", "CONSULT"),
        ("fr1", "AGREE"),
        ("en1", "AID"),
    ]
    assert listed(corpus, article_ids=["fr2", "en1"]) == [("fr2", "CONSULT"), ("en1", "AID")]
    assert listed(corpus, article_ids=[]) == []
    assert listed(corpus, event_type="accuse", until="2026-11") == [("fr1", "ACCUSE")]


def test_a_filter_object_and_its_keywords_select_the_same_events(corpus: Store) -> None:
    query = EventFilter(actor="RUS", until="2026-11-22", article_ids=("x", "y"))
    keywords = {"actor": "RUS", "until": "2026-11-22", "article_ids": ["x", "y"]}
    assert corpus.events(query, limit=3) == corpus.events(**keywords, limit=3)
    assert corpus.count_events(query) == corpus.count_events(**keywords)
    every = EventFilter(actor="RUS")
    assert corpus.count_events(every) == corpus.count_events(actor="RUS") > 0
    with pytest.raises(StoreError) as caught:
        corpus.events(every, actor="NATO")
    assert caught.value.code == "E-STORE-ARGUMENT"


def test_the_filter_keywords_are_the_filter_fields() -> None:
    fields = [f.name for f in dataclasses.fields(EventFilter) if f.init]
    assert set(EventFilterArgs.__annotations__) == set(fields)


@pytest.mark.parametrize(
    "bad",
    [
        {"quad_class": 9},
        {"salience": "main"},
        {"since": "yesterday"},
        {"until": "2026-11-22'; DROP TABLE events"},
    ],
)
def test_bad_filter_values_say_what_to_write(corpus: Store, bad: dict[str, Any]) -> None:
    with pytest.raises(StoreError) as caught:
        corpus.events(**bad)
    assert caught.value.code == "E-STORE-ARGUMENT"
    with pytest.raises(StoreError):
        corpus.count_events(**bad)
    with pytest.raises(StoreError):
        corpus.events(offset=-1)
    assert corpus.count_events() == 6


def test_events_know_their_article_language_after_it_changes(corpus: Store) -> None:
    stored = corpus.article("en1")
    assert stored is not None
    # Same text, new metadata (a better language guess): the events follow.
    relabelled = replace(stored, article=replace(stored.article, language="fr"))
    assert corpus.save(relabelled, "s3").status == "unchanged"
    assert listed(corpus, language="en") == []
    assert len(listed(corpus, language="fr")) == 6


def test_json_is_the_public_form_of_each_event(store: Store) -> None:
    event = rich_event("r1")
    store.save(ArticleResult(make_article("r1", long_text(4)), (), (event,)), "s1")
    (text,) = store.events_json(EventFilter())
    assert json.loads(text) == to_dict(event)
    assert text == json.dumps(to_dict(event), ensure_ascii=False, separators=(",", ":"))
    assert store.events_json(EventFilter(actor="USA"), limit=1, offset=1) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=results())
def test_any_stored_event_is_served_as_its_public_json(generated: ArticleResult) -> None:
    with open_store(":memory:") as memory:
        memory.save(generated, "generated")
        texts = memory.events_json(EventFilter(article_ids=(generated.article.id,)))
        expected = [to_dict(e) for e in memory.events(article_ids=[generated.article.id])]
    assert [json.loads(t) for t in texts] == expected
    assert len(expected) == len(generated.events)


def test_payloads_written_by_an_older_version_are_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    event = make_event("a1", location=where("BLR", "G:625144"))
    with open_store(path) as store:
        store.save(ArticleResult(make_article("a1", long_text(5)), (), (event,)), "s1")
    # An older veille wrote events without location and salience.
    conn = sqlite3.connect(path)
    old = {k: v for k, v in to_dict(event).items() if k not in ("location", "salience")}
    conn.execute("UPDATE events SET payload = ?", (json.dumps(old),))
    conn.commit()
    conn.close()
    assert not current_payload(json.dumps(old))
    with open_store(path) as store:
        (text,) = store.events_json(EventFilter())
        assert json.loads(text) == {**old, "location": None, "salience": "lead"}
        assert list(json.loads(text)) == list(to_dict(event))


def test_a_version_4_store_gains_event_languages(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, str(path), target=4) == 4
    conn.close()
    # Rows as a version-4 veille wrote them: events without a language column.
    conn = sqlite3.connect(path)
    article = make_article("a1", long_text(6))
    conn.execute(
        "INSERT INTO articles (id, content_hash, source_format, title, language, "
        "language_confidence, reading_time_estimated, text, sections, evidence, minhash, "
        "stored_at, updated_at) VALUES (?, ?, 'text', 't', 'en', 0.9, 0, ?, '[]', '{}', '[]', "
        "'2026-11-01T00:00:00.000000Z', '2026-11-01T00:00:00.000000Z')",
        (article.id, article.content_hash, article.text),
    )
    for ordinal, day in enumerate(["2026-11-20", None, "2026-11-22"]):
        event = make_event("a1", date=day)
        conn.execute(
            "INSERT INTO events (article_id, ordinal, event_type, event_date, quad_class, "
            "section_kind, coder, payload) VALUES ('a1', ?, 'ACCUSE', ?, 3, 'body', 'c', ?)",
            (ordinal, day, json.dumps(to_dict(event))),
        )
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert [e.event_date for e in store.events(language="en")] == [
            "2026-11-22",
            "2026-11-20",
            None,
        ]
        assert store.count_events(language="fr") == 0


def test_an_event_row_written_without_its_language_still_gets_it(tmp_path: Path) -> None:
    # veille writes the language with each row; another writer (a script, an
    # older veille on the same file) may leave it out, and the trigger fills it.
    path = tmp_path / "other-writer.db"
    with open_store(path) as store:
        article = replace(make_article("a1", long_text(7)), language="en")
        store.save(ArticleResult(article, (), (make_event("a1"),)), "s1")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO events (article_id, ordinal, event_type, section_kind, coder, payload) "
        "SELECT article_id, 1, event_type, section_kind, coder, payload FROM events"
    )
    written = conn.execute("SELECT ordinal, language FROM events ORDER BY ordinal").fetchall()
    conn.commit()
    conn.close()
    assert written == [(0, "en"), (1, "en")]
    with open_store(path) as store:
        assert store.count_events(language="en") == 2


def test_the_sqlite_listing_reads_its_order_from_an_index(tmp_path: Path) -> None:
    with open_store(tmp_path / "plan.db"):
        pass
    from veille.store.event_query import event_order, event_where  # noqa: PLC0415

    conn = sqlite3.connect(tmp_path / "plan.db")
    conn.create_function("veille_fold", 1, lambda text: text)
    for query, walk in (
        (EventFilter(), False),
        (EventFilter(event_type="AGREE"), False),
        (EventFilter(event_type="AGREE", since="2026-06-01", until="2026-06-30"), False),
        (EventFilter(quad_class=1), False),
        (EventFilter(language="fr"), False),
        (EventFilter(salience="lead"), False),
        (EventFilter(place="UKR", salience="lead"), False),
        (EventFilter(actor="RUS"), True),
        (EventFilter(dyad=("RUS", "BLR")), True),
    ):
        clause, params = event_where(query, "sqlite", walk_dates=walk)
        sql = f"SELECT payload FROM events e{clause}{event_order('sqlite')} LIMIT 100"
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "TEMP B-TREE" not in plan, (query, plan)
    conn.close()


def test_article_stories_name_every_member_of_the_stories(store: Store) -> None:
    for name in ("a1", "a2", "a3"):
        article = replace(make_article(name, long_text(ord(name[1]))), language="fr")
        store.save(ArticleResult(article), name)
    store.join_story(StoryMember("a1", "", 1, "2026-11-22T08:00:00Z|a1", {}), ["RUS"], [])
    store.join_story(StoryMember("a2", "", 1, "2026-11-22T09:00:00Z|a2", {}), ["RUS"], ["a1"])
    found = store.article_stories(["a2", "a3", "missing"])
    assert [(s.article_id, s.story_id) for s in found] == [
        ("a1", "st-a1"),
        ("a2", "st-a1"),
        ("a3", None),
    ]
    assert found[0].anchor == "2026-11-22T08:00:00Z|a1"
    assert found[2].published_at is not None
    assert {s.language for s in found} == {"fr"}
    assert store.article_stories([]) == []


def test_the_postgres_fold_table_folds_like_python() -> None:
    sources, targets = pg_fold_table()
    assert len(sources) == len(targets)
    table = dict(zip(sources, targets, strict=True))
    assert [table.get(c, c) for c in "ÉéÀçÔœ"] == ["e", "e", "a", "c", "o", "œ"]


def test_an_actor_filter_matches_bilateral_sources(store: Store) -> None:
    joint = make_event("a1", "AGREE", source="RUS", target=None)
    joint = replace(joint, source=(*joint.source, ActorRef("Minsk", "BLR", 10, 15)))
    store.save(ArticleResult(make_article("a1", long_text(7)), (), (joint,)), "s1")
    assert listed(store, actor="blr") == [("a1", "AGREE")]
    assert listed(store, dyad=("blr", "rus")) == [("a1", "AGREE")]


def _without_one_key(data: object, path: list[str]) -> list[tuple[list[str], object]]:
    """Every copy of ``data`` with one object key removed, at any level, with that key's path."""
    found: list[tuple[list[str], object]] = []
    if isinstance(data, dict):
        for key in data:
            found.append(([*path, key], {k: v for k, v in data.items() if k != key}))
            for sub_path, sub in _without_one_key(data[key], [*path, key]):
                found.append((sub_path, {**data, key: sub}))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            for sub_path, sub in _without_one_key(item, path):
                found.append((sub_path, [*data[:index], sub, *data[index + 1 :]]))
    return found


@settings(max_examples=40, deadline=None)
@given(generated=results())
def test_only_payloads_with_every_current_key_are_served_as_stored(
    generated: ArticleResult,
) -> None:
    for event in generated.events:
        data = to_dict(event)
        assert current_payload(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        for path, damaged in _without_one_key(data, []):
            assert not current_payload(json.dumps(damaged, ensure_ascii=False)), path


def test_rare_and_common_actors_are_listed_alike(store: Store) -> None:
    # RUS takes part in every event (read by walking the dates), CHN in one
    # of 150 (read by sorting its few events): both give the listing order.
    events = [
        make_event(
            "a1", "ACCUSE", target="CHN" if n == 70 else "NATO", date=f"2026-11-{n % 28 + 1:02d}"
        )
        for n in range(150)
    ]
    store.save(ArticleResult(make_article("a1", long_text(9)), (), tuple(events)), "s1")
    every = store.events()
    assert [e for e in every if e.target[0].code == "CHN"] == store.events(actor="CHN")
    assert listed(store, actor="chn") == [("a1", "ACCUSE")]
    assert store.events(actor="RUS") == every
    assert store.events(actor="RUS", limit=10, offset=20) == every[20:30]
    assert store.count_events(dyad=("NATO", "RUS")) == 149
