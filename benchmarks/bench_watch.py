"""``veille watch`` at scale: 1,000 feeds on a 15-minute cycle; alert matching per watchlist count.

Usage: python benchmarks/bench_watch.py [--feeds 1000] [--hosts 20] [--new-share 0.05]
                                        [--watchlists 10 100 1000]

Part 1, polling. A separate process serves ``--feeds`` RSS feeds on
``--hosts`` ports of 127.0.0.1 (each port is a host to the watcher's
politeness: one request at a time per host). The watcher, in this process,
runs real cycles over all of them (:class:`veille.watch.watcher.Watcher`,
the real engine and store):

- a first cycle fetches every feed and ingests its one short item;
- a steady cycle where nothing changed: every feed answers ``304``;
- a news cycle where ``--new-share`` of the feeds carry one new item, ingested
  through the full pipeline (spaCy loaded beforehand).

It prints the CPU seconds of this process per cycle and the share of one
core they take on a 15-minute cycle. The baseline, measured in the same run,
is bare ``httpx`` conditional GETs of the same 1,000 URLs from one client
(what the polling alone costs without veille): the steady cycle's ratio to it
is what veille's bookkeeping adds.

Part 2, matching. A store holds the English and French sample articles (ingested
once); for each watchlist count, a copy of it gets that many watchlists: ten
on what the corpus is about, the rest over actors from the knowledge base
that the corpus never names (as other users would watch other regions), so
the alerts raised stay the same and only the watchlists that do not match
grow. :class:`AlertMatcher` then matches every article. Printed: CPU per
merged event for the whole matcher and for the watchlist lookup alone, each
as a ratio to the smallest count (flat means ≈ 1).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import random
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
from collections.abc import Sequence
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

import httpx

from veille import samples
from veille.alerts import AlertMatcher, add_watchlist
from veille.engine import ingest, ingest_documents
from veille.records import RawDocument
from veille.settings import Settings
from veille.sources import NetworkGuard
from veille.store import open_store
from veille.store.monitoring import MonitorStore
from veille.watch.config import WatchSource
from veille.watch.watcher import Watcher

CYCLE_SECONDS = 900.0
TEXTS = [
    "Russia accused NATO of provocations near the border, the Kremlin said.",
    "France signed a defence agreement with Mali on Tuesday.",
    "Ukraine protested against the Hungarian decision to block the aid package.",
    "China warned Japan over its new naval deployments in the East China Sea.",
    "Germany pledged new air defence systems to Poland, the ministry said.",
]


# -- part 1: a feed farm in its own process -------------------------------------------------


def feed_body(feed: int, cycle: int, new_every: int) -> bytes:
    """Feed ``feed`` at ``cycle``: a first short item, then one per news cycle it took part in."""
    items = [
        f"<item><guid>f{feed}-0</guid><title>Bulletin {feed}</title>"
        f"<link>http://example.org/f{feed}/0</link>"
        f"<pubDate>Sun, 15 Nov 2026 08:00:00 GMT</pubDate>"
        f"<description>Bulletin number {feed} of the day.</description></item>"
    ]
    for past in range(2, cycle + 1):
        if (feed + past) % new_every == 0:
            text = f"{TEXTS[(feed + past) % len(TEXTS)]} Report {feed}-{past}."
            items.append(
                f"<item><guid>f{feed}-{past}</guid><title>Report {feed}-{past}</title>"
                f"<link>http://example.org/f{feed}/{past}</link>"
                f"<pubDate>Mon, 16 Nov 2026 08:00:00 GMT</pubDate>"
                f"<description>{text}</description></item>"
            )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>feed {feed}</title><link>http://example.org/</link>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def serve_feeds(ports: Sequence[int], cycle: Synchronized[int], new_every: int) -> None:
    """Serve ``/f<N>.xml`` on every port, with ETag and 304s; runs until killed."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            number = int(self.path.strip("/f.xml") or 0)
            body = feed_body(number, cycle.value, new_every)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(usegmt=True))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer(("127.0.0.1", port), Handler) for port in ports]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [int(sock.getsockname()[1]) for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def bare_http_cpu(urls: Sequence[str]) -> float:
    """CPU seconds of conditional GETs of ``urls`` with one httpx client (after a first pass)."""
    etags: dict[str, str] = {}
    with httpx.Client(timeout=30) as client:
        for url in urls:
            etags[url] = client.get(url).headers.get("ETag", "")
        started = time.process_time()
        for url in urls:
            client.get(url, headers={"If-None-Match": etags[url]})
        return time.process_time() - started


def polling(feeds: int, hosts: int, new_share: float, folder: Path) -> None:
    new_every = max(1, round(1 / new_share))
    ports = free_ports(hosts)
    cycle: Synchronized[int] = multiprocessing.Value("i", 1)
    farm = multiprocessing.Process(target=serve_feeds, args=(ports, cycle, new_every), daemon=True)
    farm.start()
    try:
        urls = [f"http://127.0.0.1:{ports[n % hosts]}/f{n}.xml" for n in range(feeds)]
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(urls[0], timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        settings = Settings.from_env({}, db=str(folder / "poll.db"), language="en")
        guard = NetworkGuard(allowed_endpoints=frozenset(("127.0.0.1", p) for p in ports))
        with open_store(settings.db) as store:
            # Load the pipeline now, so the news cycle measures ingesting, not loading.
            warm = RawDocument(source="warm-up", data=TEXTS[0], media_type="text/plain")
            list(ingest_documents([warm], store, settings))
            sources = [WatchSource(url, CYCLE_SECONDS) for url in urls]
            watcher = Watcher(sources, settings, store=store, guard=guard, deliver=False, seed=1)
            rows = []
            for name, value in (
                ("first (all 200, 1 item)", 1),
                ("steady (all 304)", 1),
                ("news", 2),
            ):
                cycle.value = value
                watcher._due.clear()  # every source due now: a whole cycle at once
                cpu, wall = time.process_time(), time.monotonic()
                report = watcher.cycle()
                cpu, wall = time.process_time() - cpu, time.monotonic() - wall
                counts: dict[str, int] = {}
                for poll in report.polls:
                    counts[poll.state] = counts.get(poll.state, 0) + 1
                new = sum(p.counts["new"] for p in report.polls)
                rows.append((name, cpu, wall, counts, new))
        baseline = bare_http_cpu(urls)
    finally:
        farm.kill()
        farm.join(5)
    print(f"\n== polling {feeds} feeds on {hosts} hosts (127.0.0.1 ports), 15-minute cycle")
    print(f"baseline: bare httpx conditional GETs of the {feeds} URLs: CPU {baseline:.2f} s")
    head = f"{'cycle':24} {'CPU s':>7} {'wall s':>7} {'CPU/baseline':>12} {'share of 15 min':>15}"
    print(f"{head}  polls")
    for name, cpu, wall, counts, new in rows:
        share = 100 * cpu / CYCLE_SECONDS
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        label = f"{name} ({new} new)" if new else name
        print(f"{label:24} {cpu:7.2f} {wall:7.2f} {cpu / baseline:12.2f} {share:14.2f}%  {detail}")
    news = rows[-1]
    if news[4]:
        per_article = (news[1] - rows[1][1]) / news[4]
        print(f"ingest CPU per new article (news - steady): {per_article:.3f} s")


# -- part 2: matching cost against the number of watchlists -----------------------------------


LIVE_RULES: list[dict[str, Any]] = [
    {"actors": ["RUS"]},
    {"dyad": "RUS,NATO"},
    {"types": ["AGREE"]},
    {"actors": ["FRA"], "quad_classes": [4]},
    {"actors": ["UKR"]},
    {"types": ["ACCUSE"], "min_articles": 2},
    {"places": ["UKR"]},
    {"actors": ["BLR"], "types": ["AGREE", "AID"]},
    {"text": "OTAN"},
    {"dyad": "RUS,BLR", "tension": True},
]
"""Ten watchlists on what the sample corpus is about: every run has these."""


def watchlist_rules(count: int, absent: set[str], rng: random.Random) -> list[dict[str, Any]]:
    """Return the ten live rules, then rules over actors the corpus never names.

    Keeping the matches constant isolates what the target is about: the cost
    of the watchlists an event does not match.
    """
    from veille.actors import get_knowledge_base  # noqa: PLC0415

    kb = get_knowledge_base()
    codes = sorted(
        a.id for a in kb.actors() if a.id.isupper() and 3 <= len(a.id) <= 4 and a.id not in absent
    )
    types = ["AGREE", "ACCUSE", "THREATEN", "ASSAULT", "MOBILIZE", "SUPPORT", "AID"]
    rules = list(LIVE_RULES[:count])
    for number in range(count - len(rules)):
        kind = number % 3
        if kind == 0:
            rules.append({"actors": [rng.choice(codes)], "types": [rng.choice(types)]})
        elif kind == 1:
            a, b = rng.sample(codes, 2)
            rules.append({"dyad": f"{a},{b}"})
        else:
            rules.append({"actors": [rng.choice(codes)], "quad_classes": [4]})
    return rules


def matching(counts: Sequence[int], folder: Path) -> None:
    base = folder / "match-base.db"
    settings = Settings.from_env({}, db=str(base))
    corpus = samples.samples_dir()
    ingest([str(corpus / part) for part in ("articles", "html", "feeds")], settings=settings)
    rng = random.Random(22)
    with open_store(base) as store:
        named = {code for view in lookup_views(store) for code in view.actors}
    print("\n== alert matching per merged event against the number of watchlists")
    print(
        f"{'watchlists':>10} {'events':>7} {'alerts':>7} {'matcher ms/event':>17} {'ratio':>6}"
        f" {'lookup µs/event':>16} {'ratio':>6} {'index build ms':>15}"
    )
    first: tuple[float, float] | None = None
    for count in counts:
        db = folder / f"match-{count}.db"
        shutil.copyfile(base, db)
        rules = watchlist_rules(count, named, rng)
        with open_store(db) as store:
            for number, rule in enumerate(rules):
                add_watchlist(store, f"w{number}", rule)
        # Every watchlist sees every stored article: the whole corpus is "new".
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE watchlists SET since_pk = 0")
        with open_store(db) as store:
            views = lookup_views(store)
            matcher = AlertMatcher(store, settings)
            # The index is built once, and again only when a watchlist changes.
            started = time.process_time()
            index = matcher._watch_index()
            build = time.process_time() - started
            started = time.process_time()
            report = matcher.run()
            matcher_cpu = time.process_time() - started
            started = time.process_time()
            for _ in range(20):
                for view in views:
                    index.event_matches(view)
            lookup_cpu = (time.process_time() - started) / 20
        per_event = matcher_cpu / max(1, len(views)) * 1000
        lookup = lookup_cpu / max(1, len(views)) * 1e6
        first = first or (per_event, lookup)
        print(
            f"{count:10} {len(views):7} {len(report.alerts):7} {per_event:17.2f} "
            f"{per_event / first[0]:6.2f} {lookup:16.1f} {lookup / first[1]:6.2f} "
            f"{build * 1000:15.0f}"
        )


def lookup_views(store: Any) -> list[Any]:  # noqa: ANN401 - a Store
    """Return the matcher's view of the merged events each stored article reports."""
    from veille.alerts.matcher import _Story  # noqa: PLC0415 - the matcher's own reading

    views = []
    for _, article_id in MonitorStore(store).articles_after(0, 100_000):
        result = store.article(article_id)
        member = store.story_member(article_id)
        if result is None:
            continue
        story_id = member.story_id if member else f"st-{article_id}"
        views += [view for _, view in _Story(store, story_id, article_id, result).views()]
    return views


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--new-share", type=float, default=0.05)
    parser.add_argument("--watchlists", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--skip-polling", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    try:
        if not args.skip_polling:
            polling(args.feeds, args.hosts, args.new_share, folder)
        matching(args.watchlists, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
