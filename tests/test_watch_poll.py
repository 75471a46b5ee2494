"""veille watch against a real local feed server: conditional GET, 304, 429 + Retry-After, 500,
malformed XML, the network guard, and resume without duplicates.

Every test drives :class:`veille.watch.watcher.Watcher` cycle by cycle on a
real SQLite store and the real ingest engine (English pipeline); the feed
server changes its items between cycles.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from veille.settings import Settings
from veille.sources import NetworkGuard
from veille.store.monitoring import MonitorStore
from veille.watch.config import WatchSource
from veille.watch.watcher import Watcher
from watch_helpers import FeedServer, Item, feed_server

pytestmark = pytest.mark.slow

ITEMS = [
    Item("a1", "Russia accuses NATO", "Russia accused NATO of provocations near its border."),
    Item(
        "a2",
        "France signs deal with Mali",
        "France signed a defence agreement with Mali on Tuesday.",
        "Tue, 10 Nov 2026 08:00:00 GMT",
    ),
    Item(
        "a3",
        "Ukraine protests",
        "Ukraine protested against the Hungarian decision to block the aid package.",
        "Thu, 05 Nov 2026 08:00:00 GMT",
    ),
]


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    return Settings.from_env({}, db=str(tmp_path / "watch.db"), language="en", **overrides)


def guard_for(server: FeedServer) -> NetworkGuard:
    port = int(server.base.rsplit(":", 1)[1])
    return NetworkGuard(allowed_endpoints=frozenset({("127.0.0.1", port)}))


def watcher(
    tmp_path: Path, server: FeedServer, sources: list[WatchSource], **kw: object
) -> Watcher:
    lines: list[str] = kw.pop("lines", [])  # type: ignore[assignment]
    return Watcher(
        sources,
        settings_for(tmp_path, **kw),
        guard=guard_for(server),
        log=lines.append,
        deliver=False,
        seed=7,
    )


def run_cycle(w: Watcher) -> list[str]:
    report = w.cycle()
    return [report.line()]


def test_a_changing_feed_is_polled_conditionally_and_only_new_items_are_ingested(
    tmp_path: Path,
) -> None:
    with feed_server() as server:
        server.set_items("/feed.xml", ITEMS[:2])
        w = watcher(tmp_path, server, [WatchSource(server.url("/feed.xml"), 1.0)])
        try:
            first = w.cycle()
            assert first.polls[0].counts["new"] == 2
            # Nothing changed: the second request is conditional and answered 304.
            w._due.clear()
            second = w.cycle()
            assert second.polls[0].state == "not-modified"
            hits = server.hits_of("/feed.xml")
            assert hits[0].if_none_match is None
            assert hits[1].if_none_match is not None
            assert hits[1].status == 304
            # A third item appears: only it is processed, the two others are skipped.
            server.set_items("/feed.xml", ITEMS)
            w._due.clear()
            third = w.cycle()
            assert third.polls[0].counts["new"] == 1
            assert third.polls[0].counts["skipped"] == 2
            assert w.store.count_articles() == 3
            line = third.line()
            assert "cycle 3" in line
            assert "new 1" in line
            assert server.url("/feed.xml") in line
        finally:
            w.store.close()


def test_a_body_the_server_sends_again_unchanged_is_not_reparsed(tmp_path: Path) -> None:
    # A server that ignores conditional requests (no ETag, always 200): the body hash
    # still spares the parse and the ingest.
    with feed_server() as server:
        server.set_items("/feed.xml", ITEMS[:1])
        body = server.feed("/feed.xml").body()
        server.fail_always("/feed.xml", 200, body)
        w = watcher(tmp_path, server, [WatchSource(server.url("/feed.xml"), 1.0)])
        try:
            assert w.cycle().polls[0].counts["new"] == 1
            w._due.clear()
            report = w.cycle()
            assert [h.status for h in server.hits_of("/feed.xml")] == [200, 200]
            assert report.polls[0].state == "unchanged"
        finally:
            w.store.close()


def test_a_server_without_etags_is_asked_if_modified_since(tmp_path: Path) -> None:
    with feed_server() as server:
        server.validators = ("last-modified",)
        server.set_items("/feed.xml", ITEMS[:2])
        w = watcher(tmp_path, server, [WatchSource(server.url("/feed.xml"), 1.0)])
        try:
            assert w.cycle().polls[0].counts["new"] == 2
            w._due.clear()
            assert w.cycle().polls[0].state == "not-modified"
            first, second = server.hits_of("/feed.xml")
            assert first.if_modified_since is None
            assert second.if_none_match is None
            assert second.if_modified_since is not None
            assert second.status == 304
            # Last-Modified has whole seconds: the change lands in a later one.
            time.sleep(1.1)
            server.set_items("/feed.xml", ITEMS)
            w._due.clear()
            third = w.cycle().polls[0]
            assert server.hits_of("/feed.xml")[-1].status == 200
            assert third.counts["new"] == 1
        finally:
            w.store.close()


def test_one_request_at_a_time_per_host_and_hosts_in_parallel(tmp_path: Path) -> None:
    with feed_server() as first, feed_server() as second:
        for server in (first, second):
            server.delay = 0.3
            for name in ("/a.xml", "/b.xml", "/c.xml"):
                server.set_items(name, [])
        sources = [
            WatchSource(server.url(name), 1.0)
            for name in ("/a.xml", "/b.xml", "/c.xml")
            for server in (first, second)
        ]
        ports = {int(s.base.rsplit(":", 1)[1]) for s in (first, second)}
        w = Watcher(
            sources,
            settings_for(tmp_path),
            guard=NetworkGuard(allowed_endpoints=frozenset(("127.0.0.1", p) for p in ports)),
            deliver=False,
            seed=7,
        )
        try:
            report = w.cycle()
        finally:
            w.store.close()
        assert len(report.polls) == 6
        assert first.most_in_flight == 1
        assert second.most_in_flight == 1
        # The two hosts were asked at the same time (each host's three answers take 0.9 s).
        overlaps = [
            (a, b) for a in first.spans for b in second.spans if a[0] < b[1] and b[0] < a[1]
        ]
        assert overlaps


def test_429_with_retry_after_holds_every_source_of_the_host(tmp_path: Path) -> None:
    with feed_server() as server:
        server.set_items("/a.xml", ITEMS[:1])
        server.set_items("/b.xml", ITEMS[1:2])
        server.queue("/a.xml", 429, {"Retry-After": "3"})
        sources = [WatchSource(server.url("/a.xml"), 1.0), WatchSource(server.url("/b.xml"), 1.0)]
        w = watcher(tmp_path, server, sources)
        try:
            report = w.cycle()
            states = {p.source: p for p in report.polls}
            assert states[server.url("/a.xml")].error == "E-HTTP-429"
            # One request at a time per host: b was next in line, and the host said wait.
            assert states[server.url("/b.xml")].state == "held"
            assert server.hits_of("/b.xml") == []
            for poll in report.polls:
                assert poll.retry_in is not None
                assert 3.0 <= poll.retry_in <= 3.5
            # Asked again before the time: nothing is sent.
            w.cycle()
            assert len(server.hits_of("/a.xml")) == 1
            time.sleep(3.6)
            again = w.cycle()
            assert {p.state for p in again.polls} == {"ingested"}
            first_retry = server.hits_of("/a.xml")[1]
            assert first_retry.at - server.hits_of("/a.xml")[0].at >= 3.0
        finally:
            w.store.close()


def test_a_source_failing_forever_backs_off_and_the_others_go_on(tmp_path: Path) -> None:
    with feed_server() as server:
        server.set_items("/good.xml", ITEMS[:1])
        server.fail_always("/bad.xml", 500)
        sources = [
            WatchSource(server.url("/good.xml"), 1.0),
            WatchSource(server.url("/bad.xml"), 1.0),
        ]
        w = watcher(tmp_path, server, sources, watch_max_backoff=60.0)
        try:
            waits = []
            for _ in range(5):
                report = w.cycle()
                bad = [p for p in report.polls if p.source.endswith("/bad.xml")]
                if bad:
                    waits.append(bad[0].retry_in)
                w._due[server.url("/good.xml")] = 0.0
                w._due[server.url("/bad.xml")] = 0.0  # ask at once: the backoff still grows
            assert len(server.hits_of("/good.xml")) == 5
            failures = MonitorStore(w.store).source_state(server.url("/bad.xml")).failures
            assert failures == 5
            # Jittered doubling: failure n waits between 2^n/2 and 2^n seconds (interval 1 s).
            for n, wait in enumerate(waits, start=1):
                assert wait is not None
                assert 2**n / 2 <= wait <= 2**n
            errors = w.store.errors()
            assert [e.code for e in errors if e.source.endswith("/bad.xml")] == ["E-HTTP-500"]
            # It recovers: the failures are forgotten after one good answer.
            server.feed("/bad.xml").always = None
            server.set_items("/bad.xml", ITEMS[2:3])
            w._due[server.url("/bad.xml")] = 0.0
            report = w.cycle()
            assert MonitorStore(w.store).source_state(server.url("/bad.xml")).failures == 0
        finally:
            w.store.close()


def test_malformed_xml_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with feed_server() as server:
        server.queue(
            "/feed.xml",
            200,
            {"Content-Type": "application/rss+xml"},
            b'<rss version="2.0"><channel><title>t</title>&bogus; <<item',
        )
        server.set_items("/feed.xml", ITEMS[:1])
        w = watcher(tmp_path, server, [WatchSource(server.url("/feed.xml"), 1.0)])
        try:
            report = w.cycle()
            assert report.polls[0].state == "error"
            assert report.polls[0].error == "E-FEED"
            state = MonitorStore(w.store).source_state(server.url("/feed.xml"))
            assert state.body_hash is None
            assert state.failures == 1
            w._due.clear()
            report = w.cycle()
            assert report.polls[0].counts["new"] == 1
        finally:
            w.store.close()


def test_the_network_guard_applies_as_for_ingest(tmp_path: Path) -> None:
    with feed_server() as server:
        server.set_items("/feed.xml", ITEMS[:1])
        w = Watcher(
            [WatchSource(server.url("/feed.xml"), 1.0)],
            settings_for(tmp_path),
            log=[].append,
            deliver=False,
        )
        try:
            report = w.cycle()
            assert report.polls[0].error == "E-NETWORK-GUARD"
            assert server.hits_of("/feed.xml") == []
        finally:
            w.store.close()
        allowed = Watcher(
            [WatchSource(server.url("/feed.xml"), 1.0)],
            settings_for(tmp_path / "allowed", allow_private_network=True),
            log=[].append,
            deliver=False,
        )
        try:
            assert allowed.cycle().polls[0].counts["new"] == 1
        finally:
            allowed.store.close()


def test_a_folder_is_watched_for_new_files(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("Russia accused NATO of provocations.\n", encoding="utf-8")
    with feed_server() as server:
        w = watcher(tmp_path, server, [WatchSource(str(inbox), 1.0)])
        try:
            assert w.cycle().polls[0].counts["new"] == 1
            w._due.clear()
            assert w.cycle().polls[0].state == "unchanged"
            (inbox / "two.txt").write_text(
                "France signed an agreement with Mali.\n", encoding="utf-8"
            )
            w._due.clear()
            report = w.cycle()
            assert report.polls[0].counts["new"] == 1
            assert w.store.count_articles() == 2
        finally:
            w.store.close()


def test_a_restart_keeps_the_backoff_and_the_validators(tmp_path: Path) -> None:
    with feed_server() as server:
        server.set_items("/feed.xml", ITEMS[:1])
        server.set_items("/other.xml", ITEMS[1:2])
        sources = [WatchSource(server.url("/feed.xml"), 1.0)]
        first = watcher(tmp_path, server, sources)
        first.cycle()
        first.store.close()
        again = watcher(tmp_path, server, sources)
        try:
            report = again.cycle()
            assert [p.state for p in report.polls] == ["not-modified"]
            assert server.hits_of("/feed.xml")[-1].status == 304
        finally:
            again.store.close()
        server.queue("/feed.xml", 429, {"Retry-After": "120"})
        again = watcher(tmp_path, server, sources)
        again.cycle()
        again.store.close()
        third = watcher(tmp_path, server, sources)
        try:
            assert third.cycle().polls == []  # still held by the stored Retry-After
            assert len(server.hits_of("/feed.xml")) == 3
        finally:
            third.store.close()


def test_stop_returns_after_the_current_source(tmp_path: Path) -> None:
    with feed_server() as server:
        server.set_items("/feed.xml", ITEMS[:1])
        w = watcher(tmp_path, server, [WatchSource(server.url("/feed.xml"), 1.0)])
        stop = threading.Event()
        thread = threading.Thread(target=w.run, args=(stop,))
        thread.start()
        deadline = time.monotonic() + 60
        while w.cycles < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        thread.join(10)
        assert not thread.is_alive()
        assert w.cycles >= 2
