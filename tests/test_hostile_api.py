"""Hostile API input: user errors are 4xx with a message, a slow read holds only itself.

Issue 20, defects 4 and 5: ``/api/search?q=*`` (or ``'``, ``(``, ``%``, NUL,
U+202E) answered 503 "store failed"; ``offset`` ≥ 2^63 answered 500
(``OverflowError``); one slow query held every other request behind the
store's lock. A real uvicorn server on 127.0.0.1 over a real SQLite store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from _records_factory import long_text, make_article, make_event
from hostile_helpers import serve_api
from veille.records import ArticleError, ArticleResult
from veille.settings import Settings
from veille.store import open_store

ARTICLES = 200
EVENTS_PER_ARTICLE = 50


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 200 articles and 10,000 events: enough for a read that takes a while."""
    path = Path(tmp_path_factory.mktemp("hostile-api")) / "h.db"
    with open_store(path) as store, store.batch():
        for number in range(ARTICLES):
            article_id = f"h{number:04d}"
            events = tuple(make_event(article_id) for _ in range(EVENTS_PER_ARTICLE))
            article = make_article(article_id, long_text(number, 3), minhash=False)
            store.save(ArticleResult(article, events=events), f"source-{number}")
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    with serve_api(Settings(db=str(db))) as running:
        yield running


@pytest.mark.parametrize("query", ["*", "'", "(", "%", "\x00", "\u202e", "-", "\"'", "*\u202e*"])
def test_a_search_with_no_word_is_a_400_with_a_message(client: httpx.Client, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] in {"E-SEARCH-EMPTY", "E-BAD-REQUEST"}
    assert body["message"]


@pytest.mark.parametrize(
    "path",
    ["/api/articles", "/api/stories", "/api/events?merged=false", "/api/events"],
)
@pytest.mark.parametrize("offset", [2**63, 2**64, 10**30, -1])
def test_an_offset_out_of_range_is_a_422_with_a_message(
    client: httpx.Client, path: str, offset: int
) -> None:
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}offset={offset}")
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "E-BAD-REQUEST"
    assert "offset" in body["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/events?actor=RUS%00",
        "/api/events?merged=false&type=%00",
        "/api/articles/h0001%00",
        "/api/search?q=Minsk%00",
        "/api/actors?q=%00",
    ],
)
def test_a_nul_anywhere_in_a_request_is_a_400(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "E-BAD-REQUEST"


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 10**20},
        {"limit": -5},
        {"quad_class": 2**70},
        {"merged": "maybe"},
        {"salience": "\u202e"},
        {"q": "x" * 600},
    ],
)
def test_odd_event_parameters_are_4xx_never_5xx(
    client: httpx.Client, params: dict[str, object]
) -> None:
    response = client.get("/api/events", params=params)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["message"]


def test_reads_are_answered_while_the_servers_own_store_is_writing(db: Path) -> None:
    # POST /api/ingest writes through the application's store, a batch of
    # articles per transaction; before, every read request waited on that
    # store's lock until the batch committed.
    with open_store(db) as store, serve_api(Settings(db=str(db)), store=store) as client:
        writing = threading.Event()
        release = threading.Event()

        def write_batch() -> None:
            with store.batch():
                store.record_error(ArticleError("held", "E-FETCH", "held", datetime.now(UTC)))
                writing.set()
                release.wait(timeout=20)

        writer = threading.Thread(target=write_batch)
        writer.start()
        try:
            assert writing.wait(timeout=10)
            for path in ("/api/articles?limit=2", "/api/events?limit=5", "/api/stories"):
                response = client.get(path, timeout=5)
                assert response.status_code == 200, response.text
            # Answered while the batch is still open, from the last committed state.
            assert not release.is_set()
            assert writer.is_alive()
        finally:
            release.set()
            writer.join()


def test_a_read_over_the_query_timeout_is_stopped_and_the_server_goes_on(db: Path) -> None:
    # Looking for absent words reads every event's sentence: a long query.
    params = {"merged": "false", "q": "absentword", "limit": 10}
    with serve_api(Settings(db=str(db), query_timeout=0.01, api_threads=2)) as hurried:
        stopped = hurried.get("/api/events", params=params)
        assert stopped.status_code == 503, stopped.text
        assert stopped.json()["code"] == "E-QUERY-TIMEOUT"
        assert "narrow" in stopped.json()["message"]
        for _ in range(4):  # every reading thread is free again
            assert hurried.get("/api/articles", params={"limit": 1}).status_code == 200
    with serve_api(Settings(db=str(db), query_timeout=30)) as patient:
        assert patient.get("/api/events", params=params).json() == []


def test_cached_answers_change_with_every_write(tmp_path: Path) -> None:
    # Answers are cached until the store changes: a write from another
    # connection (an ingest process) must show in the very next answer.
    db = tmp_path / "c.db"
    with open_store(db) as writer, serve_api(Settings(db=str(db))) as client:
        seen = []
        for number in range(3):
            for _ in range(2):  # the second answer may come from the cache
                response = client.get("/api/articles", params={"limit": 5})
                seen.append(int(response.headers["x-total-count"]))
            article = make_article(f"c{number}", long_text(500 + number, 2), minhash=False)
            writer.save(ArticleResult(article), f"cache-{number}")
        assert seen == [0, 0, 1, 1, 2, 2]
        assert int(client.get("/api/articles").headers["x-total-count"]) == 3
