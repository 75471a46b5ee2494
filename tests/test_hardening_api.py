"""Hostile query strings against a real API server: no injection, no crash, no change.

test_api.py covers the token, CORS and random query strings on the events
endpoint. Here: full-text search syntax and SQL fragments sent to every
reading endpoint of a real uvicorn server over a small store. Each request
gets a normal answer (hits, an empty list or a 400 that says what to do),
a filter value never matches more than the value itself, and the store is
unchanged and consistent afterwards.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn

from _records_factory import long_text, make_article, make_event
from veille.api import create_app
from veille.records import ArticleResult
from veille.settings import Settings
from veille.store import open_store

HOSTILE = (
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "Minsk') OR ('1'='1",
    "title:Minsk",
    "text:* OR *",
    "NEAR(Minsk ministre, 2)",
    "Minsk*",
    "^Minsk",
    '"unclosed phrase',
    "Minsk AND NOT ministre",
    "{title text}: Minsk",
    "Minsk\x00 ministre",
    "%' UNION SELECT sql FROM sqlite_master --",
    "ministre" * 60,
)


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    db = Path(tmp_path_factory.mktemp("hostile")) / "h.db"
    with open_store(db) as store:
        for n in range(3):
            article_id = f"h{n}"
            result = ArticleResult(
                make_article(article_id, long_text(n, 4)),
                events=(make_event(article_id, "ACCUSE"),),
            )
            store.save(result, f"source-{n}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings(db=str(db))), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the API server stopped"
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        yield client, db
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("query", HOSTILE)
def test_search_syntax_from_users_is_plain_text(api, query: str) -> None:
    client, _ = api
    response = client.get("/api/search", params={"q": query})
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code == 200:
        # Only articles holding the words match: never "everything".
        hits = response.json()
        assert len(hits) <= 3
        if "Minsk" not in query and "ministre" not in query:
            assert hits == []
    else:
        assert response.json().get("message") or response.json().get("detail")


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["actor", "type", "language", "article", "q"])
def test_event_filters_match_only_their_literal_value(api, name: str, value: str) -> None:
    client, _ = api
    response = client.get("/api/events", params={name: value})
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code == 200 and name != "q":
        assert response.json() == []


def test_the_store_is_unchanged_and_consistent_after_the_attacks(api) -> None:
    client, db = api
    for query in HOSTILE:
        client.get("/api/search", params={"q": query})
        shown = client.get("/api/articles/" + quote(query, safe=""))
        assert shown.status_code in (400, 404), shown.text
    with open_store(db) as store:
        assert store.count_articles() == 3
        assert store.count_events() == 3
        assert store.check() == []
