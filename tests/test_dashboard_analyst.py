"""The dashboard on an analyst's store: 5,000 articles over 15 years (issue 21, "Dashboard").

A real browser (Playwright, Debian's chromium) against a live server over a
synthetic store (:mod:`analyst_corpus`). Each test checks one defect the
issue reported, by the DOM, and saves a screenshot in ``tests/artifacts``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from analyst_corpus import Corpus, build_store
from api_helpers import serving
from test_dashboard import shoot
from veille.api import create_app
from veille.settings import Settings

pytestmark = pytest.mark.slow

ARTICLES = 5000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_store(tmp_path_factory.mktemp("dashboard") / "veille.db", ARTICLES)


@pytest.fixture(scope="module")
def url(corpus: Corpus) -> Iterator[str]:
    app = create_app(Settings.from_env({}, db=str(corpus.db)))
    with serving(app) as address:
        httpx.get(f"{address}/api/articles?limit=1", timeout=30).raise_for_status()
        yield address


@pytest.fixture(scope="module")
def dashboard_url(url: str) -> str:
    return url


def open_view(page: Page, url: str, fragment: str = "") -> None:
    page.goto(f"{url}/{fragment}")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("main[aria-busy='false']")


def test_the_timeline_bins_fifteen_years_by_month_with_dated_ticks(page: Page, url: str) -> None:
    open_view(page, url)
    chart = page.locator("svg[aria-label^='Events per']")
    expect(chart).to_have_attribute("data-bucket", "month")
    bars = chart.locator("rect.q1, rect.q2, rect.q3, rect.q4, rect.q0")
    boxes = bars.evaluate_all("rects => rects.map(r => [r.getBBox().x, r.getBBox().width])")
    periods = {round(x, 1) for x, _ in boxes}  # a period's bar is a stack of rects
    assert 12 * 14 < len(periods) <= 12 * 16  # months, not 5,000 hairline days
    assert min(width for _, width in boxes) >= 3
    ticks = chart.locator("text.tick-label").all_text_contents()
    assert len(ticks) >= 5
    assert all(re.fullmatch(r"\d{4}", tick) for tick in ticks)  # years along 15 years
    shoot(page, "analyst-timeline")


def test_the_dyad_chart_labels_years_and_breaks_across_silences(page: Page, url: str) -> None:
    open_view(page, url, "#/dyad?a=RUS&b=UKR&bucket=day")
    chart = page.locator("svg[aria-label='Tension index']")
    labels = chart.locator("text.tick-label").all_text_contents()
    assert labels
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", label) for label in labels)  # with the year
    # Events a year apart are not joined by one straight line.
    assert chart.locator("polyline.line").count() > 1
    boxes = chart.locator("text.tick-label").evaluate_all(
        "texts => texts.map(t => { const b = t.getBBox(); return [b.x, b.x + b.width]; })"
    )
    for (_, end), (start, _) in itertools.pairwise(boxes):
        assert end <= start  # labels never print over each other
    shoot(page, "analyst-dyad")


def test_the_dyad_spread_is_not_given_with_fewer_than_three_periods(page: Page, url: str) -> None:
    points = httpx.get(f"{url}/api/dyads/RUS/UKR/timeline", timeout=60).json()["points"]
    day = points[-1]["period"]
    open_view(page, url, f"#/dyad?a=RUS&b=UKR&bucket=day&since={day}&until={day}")
    explain = page.locator("main .card p.muted", has_text="Tension =")
    expect(explain).to_contain_text("need 3 periods or more")
    expect(explain).not_to_contain_text("σ 0")


def test_an_unknown_actor_says_no_event_matches_rather_than_no_event_yet(
    page: Page, url: str
) -> None:
    open_view(page, url, "#/?actor=ZZZ")
    expect(page.locator("main")).to_contain_text("No dated event matches these filters.")
    expect(page.locator("main")).not_to_contain_text("No dated events yet.")


def test_story_days_do_not_wrap_and_event_filters_hide_where_they_do_not_apply(
    page: Page, url: str
) -> None:
    open_view(page, url, "#/stories")
    expect(page.locator("#filters")).to_be_hidden()
    first_row = page.locator("tr.story").first
    day_height = (
        first_row.locator("td.day").nth(1).evaluate("td => td.getBoundingClientRect().height")
    )
    size_height = first_row.locator("td.size").evaluate("td => td.getBoundingClientRect().height")
    assert day_height <= size_height + 1  # one line, as the one-line article count
    open_view(page, url)
    expect(page.locator("#filters")).to_be_visible()
    shoot(page, "analyst-stories")


def test_the_network_fills_its_panel_with_labels_that_do_not_overlap(page: Page, url: str) -> None:
    open_view(page, url, "#/network")
    chart = page.locator("svg[aria-label='Actor network']")
    expect(chart.locator(".node").first).to_be_visible()
    circles = chart.locator(".node circle").evaluate_all(
        "cs => cs.map(c => [c.cx.baseVal.value, c.cy.baseVal.value])"
    )
    assert len(circles) >= 20
    xs, ys = [x for x, _ in circles], [y for _, y in circles]
    view = chart.evaluate("svg => [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height]")
    assert (max(xs) - min(xs)) / view[0] > 0.8  # the whole panel, not a circle in 60% of it
    assert (max(ys) - min(ys)) / view[1] > 0.8
    boxes = chart.locator(".node text").evaluate_all(
        "ts => ts.map(t => { const b = t.getBBox(); "
        "return [b.x, b.y, b.x + b.width, b.y + b.height]; })"
    )
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            overlap_x = min(first[2], second[2]) - max(first[0], second[0])
            overlap_y = min(first[3], second[3]) - max(first[1], second[1])
            assert overlap_x <= 1 or overlap_y <= 1, (first, second)
    shoot(page, "analyst-network")


def test_the_synthetic_store_has_what_the_checks_need(corpus: Corpus) -> None:
    assert corpus.articles == ARTICLES
    assert (corpus.last_day - corpus.first_day).days > 14 * 365
    assert Path(corpus.db).exists()


# --------------------------------------------------------------------- the world map


def test_the_map_colours_countries_and_draws_cities_as_points(page: Page, url: str) -> None:
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
    counts = httpx.get(f"{url}/api/map", timeout=60).json()
    open_view(page, url, "#/map")
    chart = page.locator("svg[aria-label='World map of events']")
    expect(chart).to_be_visible()
    # Every country with country-precision events is coloured by its class; the rest is grey.
    coloured = chart.locator("path.country[data-count]:not([data-count='0'])")
    drawn = {c["country"] for c in counts["countries"] if c["events"]} - {"XKX"}
    assert set(coloured.evaluate_all("ps => ps.map(p => p.dataset.country)")) == drawn
    fills = chart.locator("path.country").evaluate_all(
        "ps => ps.map(p => [p.dataset.count, getComputedStyle(p).fill])"
    )
    empty_fill = {fill for count, fill in fills if count == "0"}
    assert len(empty_fill) == 1
    assert all(fill not in empty_fill for count, fill in fills if count != "0")
    busiest = counts["countries"][0]
    assert chart.locator(f"path.country[data-country='{busiest['country']}']").get_attribute(
        "class"
    ) == ("country m5")
    # One point per city, each inside its country's shape (the projection is the shapes').
    points = chart.locator("circle.place")
    assert points.count() == len(counts["points"]) > 0
    numeric = {c["country"]: c["numeric"] for c in counts["countries"]}
    under = points.evaluate_all(
        """cs => cs.map(c => {
            const box = c.getBoundingClientRect();
            const hit = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
                .find((el) => el.matches('path.country'));
            return [c.dataset.place, hit ? hit.dataset.numeric : null];
        })"""
    )
    country_of = {p["place_id"]: p["country"] for p in counts["points"]}
    big_cities = {p["place_id"] for p in counts["points"] if p["name"] != "Gaza"}
    for place, shape in under:
        if place in big_cities:  # Gaza is smaller than a pixel of the 1:110m shapes
            assert shape == numeric[country_of[place]], place
    # A click on a country gives its counts, both kinds, and a link to its events.
    # (dispatched on the shape: a real click at its centre lands on Kyiv's point, drawn on top)
    chart.locator("path.country[data-country='UKR']").dispatch_event("click")
    ukraine = next(c for c in counts["countries"] if c["country"] == "UKR")
    details = page.locator("#map-details")
    expect(details).to_contain_text("Ukraine (UKR)")
    expect(details).to_contain_text(f"{ukraine['events']} events located in the country as a whole")
    expect(details).to_contain_text(f"{ukraine['city_events']} more located in its cities")
    # Hovering a point gives the city's count.
    city = next(p for p in counts["points"] if p["name"] == "Washington")  # no neighbour
    chart.locator(f"circle.place[data-place='{city['place_id']}']").hover(force=True)
    expect(details).to_contain_text(f"{city['events']} events located in the city")
    # What the map cannot show is said, not hidden.
    expect(page.locator("main")).to_contain_text("with no location")
    expect(page.locator("main")).to_contain_text("negated event")
    shoot(page, "analyst-map")
    details.locator("a.map-events").click()
    page.wait_for_selector("main[aria-busy='false']")
    assert "place=" in page.url
    assert outside == []  # the map's libraries and shapes are served by veille itself


def test_the_map_follows_the_filters(page: Page, url: str) -> None:
    counts = httpx.get(f"{url}/api/map", params={"actor": "BLR"}, timeout=60).json()
    every = httpx.get(f"{url}/api/map", timeout=60).json()
    assert sum(c["events"] for c in counts["countries"]) < sum(
        c["events"] for c in every["countries"]
    )
    open_view(page, url, "#/map?actor=BLR")
    expect(page.locator("#filters")).to_be_visible()
    points = page.locator("circle.place")
    expect(points).to_have_count(len(counts["points"]))
    shown = points.evaluate_all("cs => cs.map(c => Number(c.dataset.count))")
    assert sorted(shown) == sorted(p["events"] for p in counts["points"])
