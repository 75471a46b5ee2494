"""Watchlists and alerts over HTTP, on a real server (uvicorn on 127.0.0.1) and a real store:
add (token), refuse unknown values, list, the Atom feed a feed reader follows, acknowledge,
the badge count, remove.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest

from api_helpers import serving
from veille.api import create_app
from veille.settings import Settings
from veille.store import open_store
from veille.store.monitoring import MonitorStore, NewAlert

TOKEN = "alerts-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    db = str(tmp_path / "api.db")
    open_store(db).close()
    settings = Settings.from_env({}, db=db, token=TOKEN)
    with serving(create_app(settings), seconds=20) as url:
        yield url


def add_alert(db: str, watchlist: str, key: str, title: str) -> str:
    with open_store(db) as store:
        alert = NewAlert(
            watchlist=watchlist,
            kind="event",
            dedup_key=key,
            title=title,
            payload={
                "rule": "RUS",
                "link": "http://veille.test/#/story/st-1",
                "evidence": [
                    {
                        "article_id": "a1",
                        "sentence": "Russia accused NATO <script>x</script>.",
                        "link": "http://veille.test/#/article/a1?ev=7-14",
                        "url": "http://example.org/a1",
                        "source_name": "Example",
                    }
                ],
            },
        )
        MonitorStore(store).commit_matches([alert], [], 0)
        return alert.id


def test_watchlists_and_alerts_over_http(base: str, tmp_path: Path) -> None:
    db = str(tmp_path / "api.db")
    body = {"name": "rusnato", "rule": {"dyad": "RUS,NATO", "types": ["ACCUSE"]}}
    refused = httpx.post(f"{base}/api/watchlists", json=body, timeout=30)
    assert refused.status_code in (401, 403)
    created = httpx.post(f"{base}/api/watchlists", json=body, headers=AUTH, timeout=60)
    assert created.status_code == 201, created.text
    assert created.json()["description"].startswith("RUS–NATO; ACCUSE")
    again = httpx.post(f"{base}/api/watchlists", json=body, headers=AUTH, timeout=30)
    assert again.status_code == 400
    assert again.json()["code"] == "E-WATCHLIST-EXISTS"

    listed = httpx.get(f"{base}/api/watchlists").json()
    assert [(w["name"], w["kind"], w["open_alerts"]) for w in listed] == [("rusnato", "event", 0)]

    first = add_alert(db, "rusnato", "story:st-1", "ACCUSE RUS → NATO")
    second = add_alert(db, "rusnato", "story:st-2", "ACCUSE RUS → NATO again")
    page = httpx.get(f"{base}/api/alerts", params={"watchlist": "rusnato"})
    assert page.headers["X-Total-Count"] == "2"
    assert [a["id"] for a in page.json()] == [second, first]  # newest first
    assert httpx.get(f"{base}/api/alerts/count").json() == {"open": 2, "watchlists": {"rusnato": 2}}

    feed = httpx.get(f"{base}/api/watchlists/rusnato/alerts.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == ["ACCUSE RUS → NATO again", "ACCUSE RUS → NATO"]
    assert parsed.entries[0].link == "http://veille.test/#/article/a1?ev=7-14"
    assert "<script>x</script>" in parsed.entries[0].content[0].value  # text, escaped in the XML
    assert b"<script>" not in feed.content

    assert httpx.post(f"{base}/api/alerts/{first}/ack").status_code in (401, 403)
    acked = httpx.post(f"{base}/api/alerts/{first}/ack", headers=AUTH)
    assert acked.json() == {"id": first, "acknowledged": True, "changed": True}
    assert httpx.post(f"{base}/api/alerts/{first}/ack", headers=AUTH).json()["changed"] is False
    assert httpx.get(f"{base}/api/alerts/count").json()["open"] == 1
    open_only = httpx.get(f"{base}/api/alerts", params={"open": "true"}).json()
    assert [a["id"] for a in open_only] == [second]
    missing = httpx.post(f"{base}/api/alerts/al-nope/ack", headers=AUTH)
    assert missing.status_code == 404

    assert httpx.delete(f"{base}/api/watchlists/rusnato", headers=AUTH).status_code == 204
    assert httpx.get(f"{base}/api/alerts").json() == []
    gone = httpx.get(f"{base}/api/watchlists/rusnato/alerts.atom")
    assert gone.status_code == 404
    assert gone.json()["code"] == "E-WATCHLIST-UNKNOWN"


def test_an_unknown_actor_or_type_is_refused_with_the_valid_values(base: str) -> None:
    actor = httpx.post(
        f"{base}/api/watchlists",
        json={"name": "x", "rule": {"actors": ["RUSSIA-X"]}},
        headers=AUTH,
        timeout=60,
    )
    assert actor.status_code == 400
    assert actor.json()["code"] == "E-WATCHLIST"
    assert "Valid values" in actor.json()["message"]
    kind = httpx.post(
        f"{base}/api/watchlists", json={"name": "x", "rule": {"types": ["BOMB"]}}, headers=AUTH
    )
    assert kind.status_code == 400
    assert "AGREE, CONSULT" in kind.json()["message"]
    assert "ASSAULT" in kind.json()["message"]
    assert httpx.get(f"{base}/api/watchlists").json() == []
