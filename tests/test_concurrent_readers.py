"""Readers of every kind during a long write in another process: whole articles, no lock errors.

A writer process saves articles (each with mentions and events) into the
store for as long as the test wants. Meanwhile the Store API reads from
threads, the HTTP API answers requests, and the CLI runs as subprocesses.
Every reader must see each article whole (all its events and mentions, which
are written in the same transaction) and none may fail with "database is
locked" or any other error. test_store_concurrency.py covers the store API
alone against threads and hand-made transactions.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from veille.api import create_app
from veille.settings import Settings
from veille.store import open_store

TESTS = Path(__file__).parent
EVENTS = 3
MENTIONS = 2
CLI_ROUNDS = 2

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from _records_factory import long_text, make_article, make_event, make_mention
    from veille.records import ArticleResult
    from veille.store import open_store

    stop = Path({stop!r})
    with open_store({db!r}) as store:
        for i in range(20000):
            if stop.exists():
                break
            article_id = f"w{{i:05d}}"
            result = ArticleResult(
                article=make_article(article_id, long_text(i, 6)),
                mentions=(make_mention(0, "Moscou"), make_mention(20, "Minsk", "BLR")),
                events=tuple(make_event(article_id, kind) for kind in ("ACCUSE", "CONSULT", "AID")),
            )
            store.save(result, f"source-{{i}}")
            print(i, flush=True)
            time.sleep(0.002)
    """
)


def start_writer(db: Path, stop: Path) -> subprocess.Popen[bytes]:
    code = WRITER.format(tests=str(TESTS), stop=str(stop), db=str(db))
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_for_rows(writer: subprocess.Popen[bytes], rows: int) -> None:
    assert writer.stdout is not None
    for _ in range(rows):
        line = writer.stdout.readline()
        assert line, writer.stderr.read().decode() if writer.stderr else "writer died"


def start_api(db: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    """A real uvicorn server on a free 127.0.0.1 port over the store."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings(db=str(db))), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the API server stopped"
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def veille(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VEILLE_DB": ""}
    return subprocess.run(
        [sys.executable, "-m", "veille", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_api_cli_and_store_readers_during_a_long_write(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    stop = tmp_path / "stop"
    open_store(db).close()
    server, server_thread, api_url = start_api(db)
    writer = start_writer(db, stop)
    failures: list[str] = []
    reads = {"store": 0, "api": 0}
    writing = threading.Event()
    writing.set()

    def store_reader() -> None:
        try:
            with open_store(db, busy_timeout=5) as store:
                seen = 0
                while writing.is_set():
                    listed = store.articles(limit=None)
                    assert len(listed) >= seen, "an article disappeared"
                    seen = len(listed)
                    for article in listed[:25]:
                        result = store.article(article.id)
                        assert result is not None
                        assert (len(result.events), len(result.mentions)) == (EVENTS, MENTIONS)
                    store.search("Minsk")
                    reads["store"] += 1
        except BaseException as exc:  # reported to the main thread
            failures.append(f"store reader: {exc!r}")

    def api_reader() -> None:
        try:
            with httpx.Client(base_url=api_url, timeout=30) as client:
                while writing.is_set():
                    answer = client.get("/api/articles", params={"limit": 20})
                    assert answer.status_code == 200, answer.text
                    for row in answer.json()[:10]:
                        shown = client.get(f"/api/articles/{row['id']}")
                        assert shown.status_code == 200, shown.text
                        assert len(shown.json()["events"]) == EVENTS
                    found = client.get("/api/search", params={"q": "Minsk"})
                    assert found.status_code == 200, found.text
                    reads["api"] += 1
        except BaseException as exc:  # reported to the main thread
            failures.append(f"api reader: {exc!r}")

    threads = [threading.Thread(target=store_reader), threading.Thread(target=api_reader)]
    try:
        wait_for_rows(writer, 20)
        for thread in threads:
            thread.start()
        overlapping = 0
        for _ in range(CLI_ROUNDS):
            listed = veille(db, "articles", "--json")
            assert listed.returncode == 0, listed.stderr
            assert "locked" not in listed.stderr
            rows = json.loads(listed.stdout)
            assert rows
            shown = veille(db, "show", rows[0]["id"], "--json")
            assert shown.returncode == 0, shown.stderr
            assert len(json.loads(shown.stdout)["events"]) == EVENTS
            overlapping += writer.poll() is None
        # The CLI really read while the writer was writing.
        assert overlapping == CLI_ROUNDS
    finally:
        stop.touch()
        writer.wait(timeout=60)
        writing.clear()
        for thread in threads:
            thread.join(timeout=60)
        server.should_exit = True
        server_thread.join(timeout=10)
    assert writer.returncode == 0, writer.stderr.read().decode() if writer.stderr else ""
    assert failures == []
    assert reads["store"] > 0
    assert reads["api"] > 0
    with open_store(db) as store:
        assert store.check() == []
        assert store.count_events() == EVENTS * store.count_articles()
