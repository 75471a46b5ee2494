"""Every dashboard view on a 5,000-article store: API and chromium times vs a one-article store.

Usage: python benchmarks/bench_dashboard.py [--articles 5000] [--rounds 3] [--requests 5]

Builds two SQLite stores with the synthetic analyst corpus of the tests
(``tests/analyst_corpus.py``: coded articles over 15 years, about three
events each, 30 actors, places at country and city precision): one of
``--articles`` articles and, as the baseline, one of a single article. Each
is served by ``veille serve`` in its own process on 127.0.0.1, and for
each view of the dashboard the script times:

- **API**: the requests the view makes, one after the other, as the view
  makes them; the median of ``--requests`` runs. Each run adds a query
  parameter the API ignores, so the server's answer cache (valid until the
  store changes) never answers: these are the times after an ingest, not the
  times of a second visit;
- **chromium**: the view opened in Debian's chromium (Playwright) by setting
  the page's URL fragment, from the click to the view drawn
  (``main[aria-busy=false]``), requests and drawing included; the median of
  ``--rounds`` rounds, each on freshly started servers (so every answer is
  computed, none cached) in a new browser page.

``veille serve`` loads the actor knowledge base before it listens (a few
seconds, once per process), so no view pays for it; the time from start
to the first answer is printed apart. The ratio is each view's time on the
large store over the same view on the one-article store, measured in the
same run; a static file (``/static/style.css``) gives the HTTP floor. The
target is every view under one second on the large store.

The last lines time what the charts read on the large store, in this
process: :meth:`Store.event_facts` (the few fields a chart counts, read in
the database) against :meth:`Store.events` (whole events rebuilt from their
JSON, what the timeline, dyad and network read before), same filter; and
the network counted by the store (:meth:`Store.actor_links`) against the
network counted in Python from the facts with their sides (its read before).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from veille.queries.charts import actor_network, store_network
from veille.store import open_store
from veille.store.event_query import EventFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from analyst_corpus import build_store
from browser_helpers import CHROMIUM_ARGS, chromium_path

TARGET_MS = 1000.0


def views(story: str, article: str) -> dict[str, tuple[str, list[str]]]:
    """Each view: its URL fragment and the API requests it waits for (in order).

    The dyad view also asks for the network (its busiest dyads as links) but
    does not wait for it; the network view's line times that request.
    """
    page = "limit=50&offset=0"
    return {
        "events (merged)": ("#/", ["timeline?group=quad_class", f"events?{page}"]),
        "events (raw)": (
            "#/?merged=false",
            ["timeline?group=quad_class", f"events?merged=false&{page}"],
        ),
        "dyad RUS-UKR": (
            "#/dyad?a=RUS&b=UKR",
            ["dyads/RUS/UKR/timeline?bucket=auto", f"events?dyad=RUS%2CUKR&{page}"],
        ),
        "network": ("#/network", ["network"]),
        "map": ("#/map", ["map"]),
        "stories": ("#/stories", ["stories?limit=50&offset=0"]),
        "story": (f"#/story/{story}", [f"stories/{story}"]),
        "articles": ("#/articles", [f"articles?{page}"]),
        "article": (f"#/article/{article}", [f"articles/{article}"]),
        "search Poutine": (
            "#/search?q=Poutine",
            ["search?q=Poutine&limit=20", f"events?{{articles}}&{page}"],
        ),
        "alerts": ("#/alerts", ["watchlists", "alerts?limit=50&offset=0"]),
    }


@contextmanager
def serving(db: Path) -> Iterator[tuple[str, float]]:
    """Run ``veille serve`` over ``db`` in its own process; yield its URL and start seconds."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "veille", "--db", str(db), "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{url}/static/style.css", timeout=5).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("veille serve did not start") from None
                time.sleep(0.2)
        yield url, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(30)


def time_api(url: str, requests: list[str], runs: int) -> float:
    """Median milliseconds of the view's requests, one after the other, never from the cache.

    ``{articles}`` in a request stands for the article ids of the previous
    answer (the search view lists the events of the articles it found).
    """
    samples = []
    with httpx.Client(timeout=120) as client:
        for run in range(runs):
            start = time.perf_counter()
            previous: list[dict[str, str]] = []
            for request in requests:
                ids = "&".join(f"article={hit['article_id']}" for hit in previous)
                asked = request.replace("{articles}", ids)
                joiner = "&" if "?" in asked else "?"
                answer = client.get(f"{url}/api/{asked}{joiner}_bench={run}-{time.monotonic_ns()}")
                answer.raise_for_status()
                body = answer.json()
                previous = body if isinstance(body, list) else []
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def time_static(url: str, runs: int) -> float:
    """Median milliseconds of a static file: the HTTP floor."""
    samples = []
    with httpx.Client(timeout=60) as client:
        for _ in range(runs):
            start = time.perf_counter()
            client.get(f"{url}/static/style.css").raise_for_status()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


OPEN_VIEW = """async (fragment) => {
  const main = document.getElementById("view");
  const start = performance.now();
  const done = new Promise((resolve) => {
    let busy = false;
    const watch = new MutationObserver(() => {
      if (main.getAttribute("aria-busy") === "true") busy = true;
      else if (busy) { watch.disconnect(); resolve(performance.now() - start); }
    });
    watch.observe(main, { attributes: true, attributeFilter: ["aria-busy"] });
  });
  location.hash = fragment;
  return await done;
}"""


def time_browser(page: Page, url: str, fragments: dict[str, str]) -> dict[str, float]:
    """Open the dashboard, then each view by its fragment; milliseconds per view, and page load."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    page.goto(f"{url}/#/articles?offset=50")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("main[aria-busy='false']")
    times["(page load)"] = (time.perf_counter() - start) * 1000
    for name, fragment in fragments.items():
        times[name] = float(page.evaluate(OPEN_VIEW, fragment))
        failed = page.locator("main .card", has_text="Something went wrong")
        if failed.count():
            raise RuntimeError(f"{name}: {failed.first.text_content()}")
    return times


def newest(url: str) -> tuple[str, str]:
    """Return the newest story and the newest article (the first rows of their lists)."""
    story = httpx.get(f"{url}/api/stories", params={"limit": 1}, timeout=120).json()[0]
    article = httpx.get(f"{url}/api/articles", params={"limit": 1}, timeout=120).json()[0]
    return str(story["id"]), str(article["id"])


def time_reads(db: Path, runs: int) -> None:
    """Print the median time of the charts' read, facts against whole events."""
    query = EventFilter(salience="lead", commentary=False)
    with open_store(db, read_only=True) as store:
        reads = {
            "network counted by the store": lambda: store_network(store, query)["edges"],
            "network of event_facts with sides": lambda: actor_network(
                store.event_facts(query, sides=True)
            )["edges"],
            "event_facts (timeline, dyad, map)": lambda: store.event_facts(query),
            "events (whole records, before)": lambda: store.events(query),
        }
        medians = {}
        for name, read in reads.items():
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                count = len(read())
                samples.append((time.perf_counter() - start) * 1000)
            medians[name] = statistics.median(samples)
        print(f"\nchart reads of {count} lead events (median of {runs}):")
        before = medians["events (whole records, before)"]
        for name, value in medians.items():
            print(f"  {name:<36} {value:>7.0f} ms  {value / before:>5.2f}x")


def load_average() -> str:
    """Return the machine's load average over 1, 5 and 15 minutes: the figures depend on it."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    """Build both stores, time every view, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    load_at_start = load_average()
    folder = Path(tempfile.mkdtemp(prefix="veille-bench-dashboard-"))
    big, small = folder / "big.db", folder / "small.db"
    start = time.perf_counter()
    corpus = build_store(big, args.articles)
    build_store(small, 1)
    print(
        f"stores: {corpus.articles} articles, {corpus.events} events "
        f"({corpus.first_day} to {corpus.last_day}), built in {time.perf_counter() - start:.0f} s;"
        " baseline: 1 article"
    )
    stores = {"big": big, "small": small}
    api: dict[str, dict[str, float]] = {"big": {}, "small": {}}
    browser: dict[str, dict[str, list[float]]] = {"big": {}, "small": {}}
    floor: dict[str, float] = {}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for round_number in range(args.rounds):
            for kind, db in stores.items():
                with serving(db) as (url, loaded):
                    plan = views(*newest(url))
                    context = chromium.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.set_default_timeout(120_000)
                    measured = time_browser(page, url, {n: f for n, (f, _) in plan.items()})
                    context.close()
                    for name, value in measured.items():
                        browser[kind].setdefault(name, []).append(value)
                    if round_number == 0:
                        print(f"  {kind} store: veille serve answered {loaded:.1f} s after start")
                        floor[kind] = time_static(url, args.requests * 4)
                        for name, (_, requests) in plan.items():
                            api[kind][name] = time_api(url, requests, args.requests)
        chromium.close()
    print(f"\nHTTP floor (a static file): {floor['big']:.1f} ms / {floor['small']:.1f} ms")
    print(
        f"\n{'view':<18} {'API 5k ms':>10} {'API 1 ms':>9} {'ratio':>6}  "
        f"{'chromium 5k ms':>15} {'chromium 1 ms':>14} {'ratio':>6}  < 1 s"
    )
    names = ["(page load)", *views("x", "x")]
    for name in names:
        api_big, api_small = api["big"].get(name), api["small"].get(name)
        b_big = statistics.median(browser["big"][name])
        b_small = statistics.median(browser["small"][name])
        api_text = (
            f"{api_big:>10.0f} {api_small:>9.0f} {api_big / api_small:>6.1f}"
            if api_big is not None and api_small
            else f"{'':>10} {'':>9} {'':>6}"
        )
        worst = max(b_big, api_big or 0.0)
        verdict = "yes" if worst < TARGET_MS else "NO"
        print(
            f"{name:<18} {api_text}  {b_big:>15.0f} {b_small:>14.0f} {b_big / b_small:>6.1f}  "
            f"{verdict}"
        )
    time_reads(big, args.requests)
    print(f"\nload average (1, 5, 15 min): {load_at_start} at start, {load_average()} at end")


if __name__ == "__main__":
    main()
