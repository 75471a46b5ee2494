"""The dashboard's Alerts page and badge in a real browser (Playwright, Debian's chromium).

Alerts are raised for real: two watchlists on a fresh SQLite store, articles
ingested through the engine and matched by :class:`veille.alerts.AlertMatcher`;
a real uvicorn server on 127.0.0.1 serves the dashboard over that store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from api_helpers import serving
from veille.alerts import AlertMatcher, add_watchlist
from veille.api import create_app
from veille.engine import ingest_documents
from veille.records import RawDocument
from veille.settings import Settings
from veille.store import open_store

pytestmark = pytest.mark.slow

TOKEN = "dashboard-alerts-token-42"
MARKUP = "<img src=x onerror=alert(1)>"


def document(source: str, text: str, day: int) -> RawDocument:
    return RawDocument(
        source=source,
        data=text,
        media_type="text/plain",
        reference_time=datetime(2026, 11, day, 9, tzinfo=UTC),
        reference_time_source="api",
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("alerts-dashboard") / "veille.db")
    settings = Settings.from_env({}, db=db, language="en", token=TOKEN)
    with open_store(db) as store:
        add_watchlist(store, "rusnato", {"dyad": "RUS,NATO", "types": ["ACCUSE"]})
        add_watchlist(store, "mali", {"text": "Mali"})
        documents = [
            document("d1", "Russia accused NATO of provocations near the border, Moscow said.", 16),
            document("d2", f"Mali talks {MARKUP}\n\nFrance signed a defence deal with Mali.", 17),
        ]
        outcomes = list(ingest_documents(documents, store, settings))
        assert all(o.status == "new" for o in outcomes), outcomes
        assert len(AlertMatcher(store, settings).run().alerts) == 2
    with serving(create_app(settings), seconds=20) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard_url(base: str) -> str:
    return base


def open_alerts(page: Page, base: str, fragment: str = "#/alerts") -> None:
    page.goto(f"{base}/{fragment}")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("main[aria-busy='false']")


def test_the_badge_counts_open_alerts_and_acknowledging_lowers_it(page: Page, base: str) -> None:
    open_alerts(page, base, "")
    badge = page.locator("#alert-badge")
    expect(badge).to_have_text("2")
    expect(badge).to_be_visible()
    page.click("nav a[data-view=alerts]")
    page.wait_for_url(re.compile(r"#/alerts"))
    page.wait_for_selector("main[aria-busy='false'] tr.alert")
    expect(page.locator("nav a[data-view=alerts]")).to_have_attribute("aria-current", "page")
    rows = page.locator("tr.alert")
    expect(rows).to_have_count(2)
    accuse = rows.filter(has_text="rusnato")
    expect(accuse.locator(".alert-title")).to_contain_text("ACCUSE RUS → NATO")
    expect(accuse.locator(".alert-evidence")).to_contain_text("accused NATO of provocations")
    mali = rows.filter(has_text="Mali talks")
    expect(mali.locator(".alert-title")).to_contain_text(MARKUP)  # shown as text
    # Without the token the server refuses, and the page says so.
    accuse.locator("button.ack").click()
    expect(page.locator("#ack-status")).to_contain_text("Not acknowledged")
    expect(badge).to_have_text("2")
    page.fill("#api-token", TOKEN)
    page.dispatch_event("#api-token", "change")
    accuse.locator("button.ack").click()
    page.wait_for_selector("tr.alert.acknowledged")
    expect(page.locator("tr.alert.acknowledged")).to_contain_text("rusnato")
    expect(badge).to_have_text("1")
    # Open alerts only: the acknowledged one goes.
    page.click("a.open-toggle")
    page.wait_for_url(re.compile(r"open=true"))
    page.wait_for_selector("main[aria-busy='false']")
    expect(page.locator("tr.alert")).to_have_count(1)
    expect(page.locator("tr.alert")).to_contain_text("mali")


def test_alerts_per_watchlist_and_their_evidence_in_the_article(page: Page, base: str) -> None:
    open_alerts(page, base)
    page.click(".watchlist-picks a[data-watchlist=rusnato]")
    page.wait_for_url(re.compile(r"watchlist=rusnato"))
    page.wait_for_selector("main[aria-busy='false'] tr.alert")
    expect(page.locator("tr.alert")).to_have_count(1)
    expect(page.locator("a.atom").first).to_have_attribute("href", re.compile(r"alerts\.atom$"))
    # The evidence opens the article with the event's trigger highlighted.
    page.locator("tr.alert a.evidence-link").first.click()
    page.wait_for_url(re.compile(r"#/article/.+\?ev=\d+-\d+"))
    page.wait_for_selector("main[aria-busy='false'] .article-text")
    expect(page.locator(".article-text mark.ev-trigger")).to_have_text("accused")
