"""Read-only stores and read time limits, on SQLite and PostgreSQL (the API's reading threads)."""

from __future__ import annotations

import pytest

from _records_factory import long_text, make_article, make_event
from veille.errors import StoreError
from veille.records import ArticleResult
from veille.store import open_store
from veille.store.event_query import EventFilter

ARTICLES = 100
EVENTS_PER_ARTICLE = 40


def _fill(where: str) -> None:
    with open_store(where) as store, store.batch():
        for number in range(ARTICLES):
            article_id = f"r{number:03d}"
            events = tuple(make_event(article_id) for _ in range(EVENTS_PER_ARTICLE))
            article = make_article(article_id, long_text(number, 2), minhash=False)
            store.save(ArticleResult(article, events=events), f"source-{number}")


def test_a_read_only_store_reads_and_refuses_writes(location: str) -> None:
    _fill(location)
    with open_store(location, read_only=True) as reader:
        assert reader.count_articles() == ARTICLES
        article = make_article("new", long_text(999, 2), minhash=False)
        with pytest.raises(StoreError):
            reader.save(ArticleResult(article), "new-source")
    with open_store(location) as store:
        assert store.count_articles() == ARTICLES


def test_a_read_past_its_time_limit_is_stopped_and_the_store_still_reads(
    location: str,
) -> None:
    _fill(location)
    absent = EventFilter(text="absentword")  # reads every event's sentence
    with open_store(location, read_only=True) as reader:
        with reader.time_limit(0.0), pytest.raises(StoreError) as stopped:
            reader.events_json(absent, limit=10, offset=0)
        assert stopped.value.code == "E-QUERY-TIMEOUT"
        with reader.time_limit(30):
            assert reader.events_json(absent, limit=10, offset=0) == []
        assert reader.count_articles() == ARTICLES


def test_a_read_only_store_needs_an_existing_file(tmp_path) -> None:
    with pytest.raises(StoreError) as refused:
        open_store(tmp_path / "missing.db", read_only=True)
    assert refused.value.code == "E-STORE-OPEN"
    assert not (tmp_path / "missing.db").exists()
