"""The dashboard's search box searches as ``veille search`` does: across languages (issue 21).

A French article says "Poutine", an English one "Putin": typed in the search
box, either name lists both articles, and the events of the actor they name
whatever the spelling of the sentence. Real pipeline (the articles are
ingested by ``veille ingest``), real server on 127.0.0.1, real chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from api_helpers import serving
from test_analyst_output import SEARCH_ARTICLES
from test_dashboard import shoot
from veille.api import create_app
from veille.cli import app as cli
from veille.settings import Settings

pytestmark = pytest.mark.slow

BOTH = {"Le Kremlin répond à Ankara", "Kremlin talks with Ankara"}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("search")
    source = folder / "articles.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in SEARCH_ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "veille.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(source), "--json"])
    assert result.exit_code == 0, result.output
    with serving(create_app(Settings.from_env({}, db=str(db)))) as address:
        yield address


@pytest.fixture(scope="module")
def dashboard_url(url: str) -> str:
    return url


def search_box(page: Page, url: str, words: str) -> None:
    page.goto(f"{url}/")
    page.wait_for_selector("body[data-ready='true']")
    page.fill("#search-q", words)
    page.click("#search button[type=submit]")
    page.wait_for_function("location.hash.startsWith('#/search')")
    page.wait_for_selector("main[aria-busy='false']")
    expect(page.locator("main .card h2").first).to_contain_text(words)


@pytest.mark.parametrize("name", ["Putin", "Poutine"])
def test_a_name_typed_in_the_search_box_finds_both_languages(
    page: Page, url: str, name: str
) -> None:
    search_box(page, url, name)
    titles = page.locator("ol.hits a.article-title").all_text_contents()
    assert set(titles) == BOTH
    # The events listed are those of the articles naming the actor, in both languages.
    events = page.locator("main .card").nth(1)
    expect(events.locator("h2")).to_contain_text(f"Events in the articles found for “{name}”")
    expect(events.locator("h2")).to_contain_text("Vladimir Putin")
    expect(events.locator("tr.event").first).to_be_visible()
    reports = events.locator("td.reports .muted").all_text_contents()
    assert {lang for text in reports for lang in text.split(" + ")} == {"fr", "en"}
    shoot(page, f"search-{name.lower()}")


def test_the_api_search_is_the_cli_search(url: str) -> None:
    hits = httpx.get(f"{url}/api/search", params={"q": "Putin"}, timeout=60)
    assert hits.status_code == 200
    assert {h["title"] for h in hits.json()} == BOTH
    assert hits.headers["X-Named-Actors"] == "PER:vladimir-putin"
    french = httpx.get(
        f"{url}/api/search", params={"q": "Putin", "language": "fr"}, timeout=60
    ).json()
    assert [h["title"] for h in french] == ["Le Kremlin répond à Ankara"]
    either = httpx.get(f"{url}/api/search", params={"q": "Berlin OR céréales"}, timeout=60)
    assert {h["title"] for h in either.json()} == {
        "Le Kremlin répond à Ankara",
        "Paris et Berlin signent un accord",
    }
    assert either.headers["X-Named-Actors"] == ""
    # The events of several articles at once, as the search view asks for them.
    ids = [h["article_id"] for h in hits.json()]
    events = httpx.get(f"{url}/api/events", params={"article": ids, "merged": "false"}, timeout=60)
    assert {e["article_id"] for e in events.json()} == set(ids)
