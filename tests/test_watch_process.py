"""``veille watch`` as a real subprocess: item-to-alert latency with a 2-second interval, a clean
stop on SIGTERM, and 10 SIGKILLs mid-cycle with restarts losing and repeating no alert.

The feed server and the webhook receiver are real servers in the test process on 127.0.0.1;
the watcher is ``python -m veille watch`` on a real SQLite store.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from veille.alerts import add_watchlist
from veille.store import open_store
from veille.store.monitoring import MonitorStore
from watch_helpers import FeedServer, Item, WebhookReceiver, feed_server, webhook_receiver

pytestmark = pytest.mark.slow

INTERVAL = 2.0
TARGETS = [
    "NATO",
    "Ukraine",
    "Poland",
    "the United States",
    "Germany",
    "France",
    "Britain",
    "Lithuania",
    "Latvia",
    "Estonia",
    "Finland",
    "Georgia",
    "Moldova",
    "Japan",
]
GROUNDS = [
    "provocations near the border",
    "spying on its fleet",
    "meddling in its elections",
    "planning new deployments",
    "arming separatists",
    "sabotaging a pipeline",
    "violating its airspace",
]


def item(number: int) -> Item:
    """A distinct story: another target, another ground, dated three days after the previous."""
    day = 1 + 3 * (number % 9)
    month = 9 + number // 9
    stamp = time.strftime(
        "%a, %d %b %Y 08:00:00 GMT", time.strptime(f"2026-{month}-{day}", "%Y-%m-%d")
    )
    target = TARGETS[number % len(TARGETS)]
    ground = GROUNDS[number % len(GROUNDS)]
    text = f"Russia accused {target} of {ground}, the Kremlin said in statement number {number}."
    return Item(f"story-{number}", f"Russia accuses {target} ({number})", text, stamp)


def environment(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILLE_")}
    env.update(
        VEILLE_DB=str(db),
        VEILLE_LANG="en",
        VEILLE_ALLOW_PRIVATE_NETWORK="1",
        VEILLE_ALERT_RETRY_DELAY="0.5",
        VEILLE_PUBLIC_URL="http://veille.test",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def watching(db: Path, url: str, log: Path, *more: str) -> Iterator[subprocess.Popen[bytes]]:
    sources = [part for target in (url, *more) for part in ("--source", target)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "veille", "watch", *sources, "--every", f"{INTERVAL:g}s"],
            env=environment(db),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def prepare(tmp_path: Path, server: FeedServer, receiver: WebhookReceiver) -> Path:
    db = tmp_path / "watch.db"
    with open_store(db) as store:
        add_watchlist(
            store, "russia", {"actors": ["RUS"], "types": ["ACCUSE"]}, {"webhook": receiver.url}
        )
    server.set_items("/feed.xml", [])
    return db


def alert_ids(receiver: WebhookReceiver) -> list[str]:
    return [
        {k.lower(): v for k, v in p.headers.items()}["x-veille-alert"] for p in receiver.accepted()
    ]


def test_an_item_is_alerted_within_one_interval_plus_5_seconds(tmp_path: Path) -> None:
    with feed_server() as server, webhook_receiver() as receiver:
        db = prepare(tmp_path, server, receiver)
        server.set_items("/feed.xml", [item(0)])
        log = tmp_path / "watch.log"
        with watching(db, server.url("/feed.xml"), log) as process:
            # The first alert also loads the pipeline; the clock starts after it.
            assert len(receiver.wait_for(1, 120)) == 1, log.read_text()
            latencies = []
            for number in (1, 2, 3):
                server.set_items("/feed.xml", [item(n) for n in range(number + 1)])
                appeared = time.monotonic()
                posts = receiver.wait_for(number + 1, 30)
                assert len(posts) == number + 1, log.read_text()
                latencies.append(posts[-1].at - appeared)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and not any(
                h.status == 304 for h in server.hits_of("/feed.xml")
            ):
                time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0
        print(
            f"item-to-alert latency, interval {INTERVAL:g} s: {[round(x, 2) for x in latencies]} s"
        )
        assert max(latencies) <= INTERVAL + 5.0
        body = json.loads(receiver.accepted()[-1].body)
        assert body["watchlist"] == "russia"
        assert body["evidence"]
        lines = log.read_text().splitlines()
        cycles = [line for line in lines if " cycle " in line]
        assert cycles
        assert all(server.url("/feed.xml") in line for line in cycles)
        assert any("not modified" in line for line in cycles)
        assert lines[-1] == "veille watch stopped"


def test_sigterm_stops_cleanly_between_cycles(tmp_path: Path) -> None:
    with feed_server() as server, webhook_receiver() as receiver:
        db = prepare(tmp_path, server, receiver)
        log = tmp_path / "watch.log"
        with watching(db, server.url("/feed.xml"), log) as process:
            deadline = time.monotonic() + 60
            while len(server.hits_of("/feed.xml")) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0
            assert time.monotonic() - started < 10
        assert log.read_text().splitlines()[-1] == "veille watch stopped"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sources_failing_forever_do_not_stop_the_loop(tmp_path: Path) -> None:
    with feed_server() as server, webhook_receiver() as receiver:
        db = prepare(tmp_path, server, receiver)
        server.set_items("/feed.xml", [item(0)])
        server.fail_always("/broken.xml", 500)
        good, broken = server.url("/feed.xml"), server.url("/broken.xml")
        refused = f"http://127.0.0.1:{closed_port()}/feed.xml"  # nothing listens there
        log = tmp_path / "watch.log"
        with watching(db, good, log, broken, refused) as process:
            assert len(receiver.wait_for(1, 120)) == 1, log.read_text()
            # The good feed keeps its 2-second interval while the two others fail.
            polled = len(server.hits_of("/feed.xml"))
            deadline = time.monotonic() + 30
            while len(server.hits_of("/feed.xml")) < polled + 4 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(server.hits_of("/feed.xml")) >= polled + 4, log.read_text()
            # ...and what appears on it is still alerted.
            server.set_items("/feed.xml", [item(0), item(1)])
            assert len(receiver.wait_for(2, 30)) == 2, log.read_text()
            assert process.poll() is None
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0
        lines = log.read_text().splitlines()
        cycles = [line for line in lines if " cycle " in line]
        print(
            f"{len(cycles)} cycles, {len(server.hits_of('/broken.xml'))} polls of the broken feed"
        )
        assert any(f"{broken}: E-HTTP-500, next poll in" in line for line in cycles)
        assert any(f"{refused}: E-" in line for line in cycles)
        # Backing off: the broken source is asked less and less often.
        hits = [h.at for h in server.hits_of("/broken.xml")]
        assert len(hits) >= 2
        assert len(hits) < len(server.hits_of("/feed.xml"))
        assert lines[-1] == "veille watch stopped"
        with open_store(db) as store:
            errors = {e.source for e in store.errors()}
        assert {broken, refused} <= errors


def test_ten_sigkills_mid_cycle_lose_and_repeat_no_alert(tmp_path: Path) -> None:
    rng = random.Random(22)
    kills = 10
    with feed_server() as server, webhook_receiver() as receiver:
        db = prepare(tmp_path, server, receiver)
        log = tmp_path / "watch.log"
        items: list[Item] = []
        for round_number in range(kills):
            # New items appear between runs, so each run has something to ingest when killed.
            items += (
                [item(len(items)), item(len(items) + 1)]
                if round_number % 3 == 0
                else [item(len(items))]
            )
            server.set_items("/feed.xml", items)
            seen = len(server.hits_of("/feed.xml"))
            with watching(db, server.url("/feed.xml"), log) as process:
                deadline = time.monotonic() + 60
                while len(server.hits_of("/feed.xml")) == seen and time.monotonic() < deadline:
                    time.sleep(0.02)
                # Mid-cycle: after the poll, while ingesting, matching or delivering.
                time.sleep(rng.uniform(0.0, 4.0))
                process.send_signal(signal.SIGKILL)
                process.wait(10)
        # A last run without interruption delivers everything that is due.
        with watching(db, server.url("/feed.xml"), log) as process:
            receiver.wait_for(len(items), 180)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with open_store(db) as store:
                    pending = [
                        d
                        for a in MonitorStore(store).alerts(limit=1000)
                        for d in a.deliveries
                        if d.status != "delivered"
                    ]
                if not pending:
                    break
                time.sleep(0.2)
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0
        with open_store(db) as store:
            stored = MonitorStore(store).alerts(limit=1000)
            articles = store.count_articles()
            stories = {a.story_id for a in stored}
        received = Counter(alert_ids(receiver))
        repeats = sum(n - 1 for n in received.values())
        print(
            f"{kills} SIGKILLs: {len(items)} items, {articles} articles, "
            f"{len(stored)} alerts stored, "
            f"{len(received)} received, lost {len(items) - len(received)}, "
            f"duplicate alerts {len(stored) - len(stories)}, redeliveries {repeats}"
        )
        assert articles == len(items)  # no article lost or stored twice
        assert len(stored) == len(items)  # one alert per story, none lost, none duplicated
        assert len(stories) == len(stored)
        assert set(received) == {a.id for a in stored}  # every alert delivered
        assert repeats == 0
