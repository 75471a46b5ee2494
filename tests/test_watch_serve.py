"""``veille serve --watch watch.toml`` as a real subprocess: the API serves what is watched.

A real feed server and webhook receiver run in the test process on 127.0.0.1;
the server is ``python -m veille serve`` on a real SQLite store, asked over
HTTP, and stopped with SIGTERM.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from veille.alerts import add_watchlist
from veille.store import open_store
from watch_helpers import Item, feed_server, webhook_receiver

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def articles(base: str) -> str:
    return httpx.get(f"{base}/api/articles", timeout=5).headers["X-Total-Count"]


def wait_until(check: object, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(0.2)
    raise AssertionError(log.read_text())


def test_serve_watch_ingests_alerts_and_stops_on_sigterm(tmp_path: Path) -> None:
    first = Item(
        "s1", "Russia accuses NATO", "Russia accused NATO of provocations near its border."
    )
    second = Item(
        "s2",
        "Russia accuses Poland",
        "Russia accused Poland of spying on its fleet, the Kremlin said.",
        "Tue, 10 Nov 2026 08:00:00 GMT",
    )
    with feed_server() as feeds, webhook_receiver() as receiver:
        feeds.set_items("/feed.xml", [first])
        db = tmp_path / "serve.db"
        with open_store(db) as store:
            add_watchlist(store, "russia", {"actors": ["RUS"]}, {"webhook": receiver.url})
        config = tmp_path / "watch.toml"
        config.write_text(f'every = "2s"\n\n[[source]]\nurl = "{feeds.url("/feed.xml")}"\n')
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("VEILLE_")}
        env.update(
            VEILLE_DB=str(db),
            VEILLE_LANG="en",
            VEILLE_ALLOW_PRIVATE_NETWORK="1",
            VEILLE_PUBLIC_URL=base,
            PYTHONUNBUFFERED="1",
        )
        log = tmp_path / "serve.log"
        command = [sys.executable, "-m", "veille", "serve", "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, "--watch", str(config)], env=env, stdout=out, stderr=subprocess.STDOUT
            )
            try:
                wait_until(lambda: articles(base) == "1", 120, log)
                wait_until(lambda: len(receiver.accepted()) == 1, 30, log)
                # The watcher goes on polling while the API serves: a new item arrives.
                feeds.set_items("/feed.xml", [first, second])
                wait_until(lambda: articles(base) == "2", 30, log)
                wait_until(lambda: len(receiver.accepted()) == 2, 30, log)
                counts = httpx.get(f"{base}/api/alerts/count", timeout=5).json()
                assert counts == {"open": 2, "watchlists": {"russia": 2}}
                alerts = httpx.get(f"{base}/api/alerts", timeout=5).json()
                assert {d["status"] for a in alerts for d in a["deliveries"]} == {"delivered"}
                # Polling goes on, conditionally: nothing new is answered 304.
                wait_until(
                    lambda: any(h.status == 304 for h in feeds.hits_of("/feed.xml")), 30, log
                )
                process.send_signal(signal.SIGTERM)
                # uvicorn shuts down, then re-raises the signal it caught (as systemd expects).
                assert process.wait(30) in (0, -signal.SIGTERM), log.read_text()
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait(10)
        lines = log.read_text().splitlines()
        assert any(" cycle " in line for line in lines)
        assert lines[-1] == "veille watch stopped"  # the watcher ended before the process
        polls = len(feeds.hits_of("/feed.xml"))
        time.sleep(3)
        assert len(feeds.hits_of("/feed.xml")) == polls  # the watcher stopped with the server
