"""Dashboard tests in a real browser: Playwright drives Debian's chromium against a live server.

Install the browser with ``scripts/install-browser.sh`` (``make browser``), or
point ``VEILLE_CHROMIUM`` at another Chromium executable.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from api_helpers import Server, running_server

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "dashboard.png"


@pytest.fixture(scope="module")
def server() -> Server:
    return running_server()


@pytest.fixture(scope="module")
def dashboard_url(server: Server) -> str:
    return server.url


def open_view(page: Page, server: Server, fragment: str = "") -> None:
    page.goto(f"{server.url}/{fragment}")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("main[aria-busy='false']")


def shoot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_dashboard_shows_the_agreement_and_the_mobilization(page: Page, server: Server):
    open_view(page, server)
    expect(page.locator("svg[aria-label='Events per day'] rect.q1").first).to_be_visible()
    shoot(page, "events")
    # The RUS–BLR dyad view lists the agreement signed by both...
    page.click("nav a[data-view=dyad]")
    page.wait_for_selector("main[aria-busy='false'] .dyad-picks")
    page.click(".dyad-picks a:text-is('RUS–BLR')")
    page.wait_for_url(re.compile(r"#/dyad\?a=RUS&b=BLR"))
    page.wait_for_selector("main[aria-busy='false'] tr.event")
    rows = page.locator("tr.event")
    agreement = rows.filter(has=page.locator("td.source", has_text=re.compile(r"^BLR\+RUS$")))
    expect(agreement.filter(has_text="AGREE").first).to_be_visible()
    # ...and filtering on NATO shows the mobilization of about 60 000 troops.
    open_view(page, server)
    page.fill("#filters input[name=actor]", "NATO")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"actor=NATO"))
    page.wait_for_selector("main[aria-busy='false'] tr.event")
    mobilization = page.locator("tr.event").filter(has_text="MOBILIZE")
    expect(mobilization.locator("td.details", has_text="60 000").first).to_be_visible()


def test_clicking_an_event_highlights_its_evidence(page: Page, server: Server):
    open_view(page, server, "#/?actor=NATO&type=MOBILIZE&merged=false")
    row = page.locator("tr.event").filter(has=page.locator("td.details", has_text="60 000")).first
    row.click()
    page.wait_for_url(re.compile(r"#/article/"))
    page.wait_for_selector("main[aria-busy='false'] .article-text")
    trigger = page.locator(".article-text mark.ev-trigger")
    expect(trigger).to_have_count(1)
    expect(trigger).to_have_text("mobilisé")
    expect(trigger).to_have_attribute("title", re.compile("MOBILIZE"))
    expect(page.locator(".article-text mark.ev-quantity").first).to_contain_text("60 000")
    expect(page.locator(".article-text mark.ev-source").first).to_have_text("OTAN")
    expect(page.locator(".article-text mark.ev-attribution").first).to_be_visible()
    expect(page.locator(".section.commentary")).to_contain_text("Analyse")
    expect(page.locator("ul.article-events li.active")).to_contain_text("MOBILIZE")
    shoot(page, "article-evidence")
    # The README shows this view: one screen, the evidence of one event in colour.
    DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOT))
    # Another event of the same article moves the highlight.
    page.locator("ul.article-events li", has_text="AGREE").first.click()
    page.wait_for_url(re.compile(r"ev=\d+-\d+"))
    expect(page.locator(".article-text mark.ev-trigger")).not_to_have_text("mobilisé")


def test_events_are_merged_by_default_and_raw_on_request_in_the_url(page: Page, server: Server):
    open_view(page, server, "#/?actor=NATO&type=MOBILIZE")
    disputed = page.locator("tr.event.disputed").filter(has_text="MOBILIZE")
    expect(disputed.first).to_be_visible()
    # One merged row carries both figures, flagged as disputed, with its two reports.
    details = disputed.first.locator("td.details")
    expect(details).to_contain_text("60 000")
    expect(details).to_contain_text("50 000")
    badge = details.locator(".badge.disagreement")
    expect(badge).to_contain_text(re.compile(r"50 000.* vs .*60 000|60 000.* vs .*50 000"))
    expect(disputed.first.locator("td.reports a.story-link")).to_have_text(
        re.compile(r"^[2-9] articles$")
    )
    merged_rows = page.locator("tr.event").count()
    shoot(page, "events-merged")
    page.select_option("#filters select[name=merged]", "false")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"merged=false"))
    page.reload()
    page.wait_for_selector("main[aria-busy='false'] tr.event")
    expect(page.locator("#filters select[name=merged]")).to_have_value("false")
    raw = page.locator("tr.event")
    expect(raw.filter(has=page.locator("td.details", has_text="60 000"))).to_have_count(1)
    expect(raw.filter(has=page.locator("td.details", has_text="50 000"))).to_have_count(1)
    assert raw.count() > merged_rows
    expect(page.locator("tr.event.disputed")).to_have_count(0)
    # The same switch, as a link under the list, goes back to merged rows.
    page.click("a.kind-switch")
    page.wait_for_url(re.compile(r"^(?!.*merged=false)"))
    page.wait_for_selector("main[aria-busy='false'] tr.event.disputed")


def test_stories_list_and_a_story_flags_its_disagreement(page: Page, server: Server):
    stories = httpx.get(f"{server.url}/api/stories", params={"limit": 1000}).json()
    open_view(page, server, "#/stories")
    rows = page.locator("tr.story")
    expect(rows).to_have_count(min(len(stories), 50))
    bilingual = next(s for s in stories if len(s["languages"]) == 2)
    row = rows.filter(has=page.locator(f"a[href='#/story/{bilingual['id']}']"))
    expect(row.locator("td.size")).to_have_text(str(bilingual["size"]))
    expect(row.locator("td.languages .badge.lang")).to_have_count(2)
    # The API gives ISO days and the page shows them as they come.
    expect(row.locator("td").nth(0)).to_have_text(bilingual["first_day"])
    expect(row.locator("td").nth(1)).to_have_text(bilingual["last_day"])
    shoot(page, "stories")
    # The story of the NATO manoeuvres: two outlets, two figures, both kept and cited.
    nato = httpx.get(
        f"{server.url}/api/events", params={"actor": "NATO", "type": "MOBILIZE", "limit": 1000}
    ).json()
    story_id = next(m["story_id"] for m in nato if m["disagreements"])
    page.click(f"a[href='#/story/{story_id}']")
    page.wait_for_url(re.compile(r"#/story/"))
    page.wait_for_selector("main[aria-busy='false'] ul.story-events")
    note = page.locator("li.merged-event.disputed .disagreement-note", has_text="60 000").first
    expect(note).to_be_visible()
    expect(note).to_contain_text("60 000")
    expect(note).to_contain_text("50 000")
    expect(note.locator("a.support", has_text="Flanc Est")).to_have_count(1)
    expect(page.locator("tr.story-article a.article-title")).to_have_count(2)
    shoot(page, "story")
    note.locator("a.support", has_text="Manœuvres").click()
    page.wait_for_url(re.compile(r"#/article/.*ev="))
    page.wait_for_selector("main[aria-busy='false'] .article-text")
    expect(page.locator(".article-text mark.ev-quantity").first).to_contain_text("50 000")
    expect(page.locator(".article-text mark.ev-trigger")).to_have_text("mobilisé")


def test_event_location_shows_its_name_and_precision(page: Page, server: Server):
    raw = httpx.get(f"{server.url}/api/events", params={"merged": "false", "limit": 1000}).json()
    located = next(e for e in raw if e["location"] and e["location"]["country"])
    where = located["location"]
    open_view(page, server, f"#/?merged=false&place={where['country']}")
    labels = page.locator("tr.event td.details .location")
    expect(labels.first).to_be_visible()
    assert labels.count() == page.locator("tr.event").count()
    expect(labels.filter(has_text=where["name"]).first).to_contain_text(where["precision"])
    shoot(page, "events-by-place")
    open_view(
        page,
        server,
        f"#/article/{located['article_id']}?ev={located['trigger']['start']}-{located['trigger']['end']}",
    )
    shown = page.locator(".event-location")
    expect(shown).to_contain_text(where["name"])
    expect(shown).to_contain_text(where["precision"])
    if where["start"] is not None:
        expect(page.locator(".article-text mark.ev-location").first).to_be_visible()


def test_the_script_title_renders_as_text(page: Page, server: Server):
    open_view(page, server, "#/articles")
    title = page.locator("a.article-title", has_text="<script>alert(1)</script>").first
    expect(title).to_be_visible()
    title.click()
    page.wait_for_url(re.compile(r"#/article/"))
    page.wait_for_selector("main[aria-busy='false'] .article-text")
    expect(page.locator("h2.article-title")).to_contain_text("<script>alert(1)</script>")
    assert page.locator("main script").count() == 0
    open_view(page, server, "#/search?q=alert")
    expect(page.locator("a.article-title", has_text="<script>").first).to_be_visible()
    shoot(page, "xss-as-text")
    # The stories view and the story page show it as text too.
    open_view(page, server, "#/stories")
    assert page.locator("main script").count() == 0
    stories = httpx.get(f"{server.url}/api/stories", params={"limit": 1000}).json()
    story = next(
        s
        for s in stories
        if any(
            "<script>" in (a["title"] or "")
            for a in httpx.get(f"{server.url}/api/stories/{s['id']}").json()["articles"]
        )
    )
    open_view(page, server, f"#/story/{story['id']}")
    expect(
        page.locator("tr.story-article a.article-title", has_text="<script>alert(1)</script>").first
    ).to_be_visible()
    assert page.locator("main script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_filters_live_in_the_url(page: Page, server: Server):
    open_view(page, server)
    page.fill("#filters input[name=actor]", "BLR")
    page.select_option("#filters select[name=quad_class]", "1")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"actor=BLR.*quad_class=1|quad_class=1.*actor=BLR"))
    page.wait_for_selector("main[aria-busy='false']")
    page.reload()
    page.wait_for_selector("main[aria-busy='false'] tr.event")
    expect(page.locator("#filters input[name=actor]")).to_have_value("BLR")
    rows = page.locator("tr.event")
    assert rows.count() > 0
    for index in range(rows.count()):
        row = rows.nth(index)
        assert (
            "BLR" in row.locator("td.source").inner_text() + row.locator("td.target").inner_text()
        )
        assert row.locator(".swatch.q1").count() == 1


def test_dyad_view_plots_tension_with_links_to_events(page: Page, server: Server):
    open_view(page, server, "#/dyad?a=RUS&b=BLR")
    points = page.locator("svg[aria-label='Tension index'] a")
    assert points.count() >= 1
    shoot(page, "dyad")
    points.first.click()
    page.wait_for_url(re.compile(r"dyad=RUS(%2C|,)BLR"))
    page.wait_for_selector("main[aria-busy='false'] tr.event")
    expect(page.locator("tr.event").first).to_be_visible()


def test_network_view_draws_actors(page: Page, server: Server):
    open_view(page, server, "#/network")
    expect(page.locator("svg[aria-label='Actor network'] .node", has_text="RUS")).to_be_visible()
    expect(page.locator("svg[aria-label='Actor network'] line.edge").first).to_be_attached()
    shoot(page, "network")


def test_attributions_and_mentions_name_people_not_ids(page: Page, server: Server):
    # Issue 18: "said by PER:emmanuel-macron" reads "said by Emmanuel Macron (FRA)".
    open_view(page, server, "#/?actor=FRA&type=SUPPORT&merged=false")
    said = page.locator("tr.event td.details .attribution").first
    expect(said).to_contain_text("said by Emmanuel Macron (FRA)")
    expect(page.locator("main")).not_to_contain_text("PER:")
    page.locator("tr.event").filter(has_text="said by Emmanuel Macron").first.click()
    page.wait_for_selector("main[aria-busy='false'] .article-text")
    expect(page.locator(".article-text mark.ev-attribution").first).to_have_attribute(
        "title", re.compile(r"attributed to Emmanuel Macron \(FRA\)")
    )
    titles = page.locator(".article-text mark.mention").evaluate_all(
        "marks => marks.map((m) => m.title).join('\\n')"
    )
    assert "PER:" not in titles
    assert "Emmanuel Macron (FRA)" in titles


def test_actors_from_context_are_marked_and_can_be_filtered_out(page: Page, server: Server):
    open_view(page, server, "#/?merged=false")
    marked = page.locator("tr.event .actor-how.context")
    expect(marked.first).to_be_visible()
    expect(marked.first).to_have_attribute("title", re.compile("article's context"))
    page.select_option("#filters select[name=actor_how]", "stated")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"actor_how=stated"))
    page.wait_for_selector("main[aria-busy='false'] tr.event")
    expect(page.locator("tr.event .actor-how")).to_have_count(0)
