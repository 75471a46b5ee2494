"""PostgreSQL batched writes (``save_many``) give exactly what SQLite gives one article at a time.

SQLite saving each article in its own ``save`` is the reference: whatever
mix of new articles, re-saves, changed texts, exact and near duplicates,
articles without a signature, repeated sources and split points a batch
holds, the PostgreSQL store must report the same outcomes and end with the
same rows (articles, duplicate links, mentions, places, events with their
actors, bands, source links), in the same storage order.
"""

from __future__ import annotations

import itertools
import math
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _records_factory import long_text, make_article, make_event, make_mention
from veille.records import ArticleResult, PlaceMention
from veille.store import SaveOutcome, Store, open_store
from veille.store.postgres import PostgresStore

MINSK = PlaceMention(10, 15, "Minsk", "G:625144", "Minsk", "city", "BLR", "BLR.HM", 53.9, 27.57)


def near_copy(text: str) -> str:
    """The same article lightly edited: far above the 0.8 near-duplicate threshold."""
    return text.replace("délégation 1005", "délégation officielle 1005", 1).replace(
        "dossier 30", "dossier trente", 1
    )


# Texts an item may carry: distinct articles, a near copy, an article
# without a signature and one with a shorter signature (another band layout).
TEXTS: dict[str, dict[str, Any]] = {
    "one": {"text": long_text(1)},
    "one-edited": {"text": near_copy(long_text(1))},
    "two": {"text": long_text(2)},
    "three": {"text": long_text(3)},
    "unsigned": {"text": long_text(4), "minhash": False},
    "short-signature": {"text": long_text(5), "signature": 64},
}


def item(article_id: str, text: str, source: str, events: int = 1, places: int = 0) -> Any:
    """Build one ``(result, source)`` pair from the pools above."""
    spec = TEXTS[text]
    article = make_article(article_id, spec["text"], minhash=spec.get("minhash", True))
    if "signature" in spec:
        article = replace(article, minhash=article.minhash[: spec["signature"]])
    result = ArticleResult(
        article=article,
        mentions=(make_mention(0, "Moscou"), make_mention(30, "OTAN", "NATO")),
        events=tuple(
            make_event(article_id, kind) for kind in ["ACCUSE", "CONSULT", "AID"][:events]
        ),
        places=(MINSK,) * places,
    )
    return result, source


def save_in_batches(
    store: PostgresStore, items: Sequence[Any], cuts: Sequence[int]
) -> list[SaveOutcome]:
    """Save ``items`` with ``save_many``, split into batches at the positions ``cuts``."""
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(items)}), len(items)]
    outcomes: list[SaveOutcome] = []
    for start, end in itertools.pairwise(bounds):
        outcomes += store.save_many(items[start:end])
    return outcomes


# Every table's rows, in storage order, without keys and times (they differ by design).
STATE_QUERIES = {
    "articles": "SELECT id, content_hash, duplicate_of, similarity FROM articles ORDER BY pk",
    "sources": "SELECT source, article_id, incoming_id, relation FROM sources ORDER BY source",
    "mentions": "SELECT article_id, ordinal, text, actor_id FROM mentions "
    "ORDER BY article_id, ordinal",
    "places": "SELECT article_id, ordinal, place_id, lat FROM places ORDER BY article_id, ordinal",
    "events": "SELECT article_id, ordinal, event_type, location_place_id, payload FROM events "
    "ORDER BY pk",
    "event_actors": "SELECT e.article_id, e.ordinal, a.role, a.code FROM event_actors a "
    "JOIN events e ON e.pk = a.event_pk ORDER BY 1, 2, 3, 4",
    "bands": "SELECT a.id, b.band, b.hash FROM minhash_bands b "
    "JOIN articles a ON a.pk = b.article_pk ORDER BY 1, 2, 3",
}


def sqlite_state(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        return {name: [tuple(r) for r in conn.execute(sql)] for name, sql in STATE_QUERIES.items()}


def postgres_state(url: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(url) as conn:
        return {
            name: [tuple(r) for r in conn.execute(sql.encode()).fetchall()]
            for name, sql in STATE_QUERIES.items()
        }


def read_back(store: Store, ids: Sequence[str]) -> dict[str, Any]:
    """What the store interface returns about every id and every event."""
    return {
        "articles": {i: store.article(i) for i in ids},
        "events": list(store.iter_events()),
        "similar": {i: store.similar_articles(i, 0.5) for i in ids},
        "originals": {i: store.original_of(i) for i in ids},
    }


ITEMS = st.lists(
    st.builds(
        item,
        article_id=st.sampled_from(["a", "b", "c", "d"]),
        text=st.sampled_from(sorted(TEXTS)),
        source=st.sampled_from(["s1", "s2", "s3"]),
        events=st.integers(0, 3),
        places=st.integers(0, 1),
    ),
    min_size=1,
    max_size=10,
)


@pytest.fixture(scope="module")
def reused_url(pg_server: str) -> Iterator[str]:
    """One database for all examples of the property test, emptied before each."""
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS veille_bulk_examples")
        admin.execute("CREATE DATABASE veille_bulk_examples")
    head, _, query = pg_server.partition("?")
    url = f"{head.rsplit('/', 1)[0]}/veille_bulk_examples?{query}"
    open_store(url).close()  # create the tables once
    yield url
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS veille_bulk_examples WITH (FORCE)")


def emptied(url: str) -> str:
    """Empty every table of the store at ``url`` (schema and version kept); return ``url``."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE articles, sources, errors, mentions, places, events, event_actors, "
            "minhash_bands, story_members, story_keys, story_aliases RESTART IDENTITY"
        )
        conn.execute("DELETE FROM veille_meta WHERE key <> 'schema_version'")
    return url


@settings(
    max_examples=30,
    deadline=None,
    # Each example empties the store itself and writes its SQLite file in a new folder.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(items=ITEMS, cuts=st.lists(st.integers(1, 9), max_size=3))
def test_save_many_matches_sqlite_saving_one_at_a_time(
    items: list[Any],
    cuts: list[int],
    reused_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path = tmp_path_factory.mktemp("reference") / "veille.db"
    url = emptied(reused_url)
    ids = sorted({result.article.id for result, _ in items})
    with open_store(path) as sqlite_store:
        expected = [sqlite_store.save(result, source) for result, source in items]
        expected_read = read_back(sqlite_store, ids)
    with open_store(url) as pg:
        assert isinstance(pg, PostgresStore)
        assert save_in_batches(pg, items, cuts) == expected
        assert read_back(pg, ids) == expected_read
    assert postgres_state(url) == sqlite_state(path)


def test_a_near_copy_in_the_same_batch_is_linked_to_the_earlier_one(
    pg_database: Callable[[], str],
) -> None:
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        first, copy, other = pg.save_many(
            [item("a", "one", "s1"), item("b", "one-edited", "s2"), item("c", "two", "s3")]
        )
        assert (first.status, other.status) == ("new", "new")
        assert copy.status == "near-duplicate"
        assert copy.duplicate_of == "a"
        assert copy.similarity is not None
        assert copy.similarity >= 0.8
        assert pg.duplicates_of("a") == ["b"]
        assert pg.similar_articles("b", 0.8)[0][0] == "a"


def test_an_id_repeated_in_a_batch_is_saved_then_updated(
    pg_database: Callable[[], str],
) -> None:
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        outcomes = pg.save_many(
            [
                item("a", "one", "s1", events=1),
                item("a", "two", "s1", events=2),
                item("b", "one", "s2"),  # the text "a" no longer has: a new article
                item("c", "two", "s3"),  # the text "a" has now: its duplicate
            ]
        )
        assert [o.status for o in outcomes] == ["new", "updated", "new", "duplicate"]
        assert outcomes[3].duplicate_of == "a"
        saved = pg.article("a")
        assert saved is not None
        assert saved.article.text == long_text(2)
        assert [e.event_type for e in saved.events] == ["ACCUSE", "CONSULT"]
        assert pg.count_events() == 3


def test_batched_articles_keep_their_order_and_are_searchable(
    pg_database: Callable[[], str],
) -> None:
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        pg.save_many([item(name, name, f"s-{name}", events=2) for name in ["three", "two"]])
        pg.save_many([item("one", "one", "s-one", events=1, places=1)])
        assert [a.id for a in pg.iter_articles()] == ["three", "two", "one"]
        assert [(e.article_id, e.event_type) for e in pg.iter_events()] == [
            ("three", "ACCUSE"),
            ("three", "CONSULT"),
            ("two", "ACCUSE"),
            ("two", "CONSULT"),
            ("one", "ACCUSE"),
        ]
        assert {hit.article_id for hit in pg.search("delegation 3005")} == {"three"}
        assert [p.place_id for p in pg.places()] == ["G:625144"]


def test_on_a_tie_the_earliest_article_of_the_batch_stays_the_original(
    pg_database: Callable[[], str],
) -> None:
    # Hand-made signatures: "x1" and "x2" each differ from "y" in 10 of 128
    # values (in different bands), so both are candidates of "y" at 118/128.
    base = tuple(range(1000, 1128))
    x1 = tuple(v + 1 if i < 10 else v for i, v in enumerate(base))
    x2 = tuple(v + 1 if 10 <= i < 20 else v for i, v in enumerate(base))

    def signed(article_id: str, signature: tuple[int, ...], seed: int) -> Any:
        result, source = item(article_id, "one", f"s-{article_id}")
        article = make_article(article_id, long_text(seed))
        return replace(result, article=replace(article, minhash=signature)), source

    # A tie between two articles of the batch...
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        outcomes = pg.save_many([signed("x1", x1, 1), signed("x2", x2, 2), signed("y", base, 3)])
        assert outcomes[2].duplicate_of == "x1"
        assert outcomes[2].similarity == pytest.approx(118 / 128)
    # ... and between a stored article and one of the batch.
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        pg.save_many([signed("x1", x1, 1)])
        outcomes = pg.save_many([signed("x2", x2, 2), signed("y", base, 3)])
        assert outcomes[1].duplicate_of == "x1"


def test_batched_titles_weigh_more_in_search(pg_database: Callable[[], str]) -> None:
    titled = make_article("titled", long_text(1), title="Sommet à Minsk")
    mentioned = make_article("mentioned", long_text(2) + " Un sommet est prévu.")
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        pg.save_many([(ArticleResult(mentioned), "s1"), (ArticleResult(titled), "s2")])
        assert [hit.article_id for hit in pg.search("sommet")] == ["titled", "mentioned"]


def test_values_json_cannot_spell_are_stored(pg_database: Callable[[], str]) -> None:
    odd = replace(MINSK, lat=math.inf, lon=-math.inf, confidence=math.nan)
    result, source = item("a", "one", "s1")
    with open_store(pg_database()) as pg:
        assert isinstance(pg, PostgresStore)
        pg.save_many([(replace(result, places=(odd,)), source)])
        saved = pg.article("a")
    assert saved is not None
    (place,) = saved.places
    assert (place.lat, place.lon) == (math.inf, -math.inf)
    assert math.isnan(place.confidence)
