"""Real-world input an analyst drops in a folder (issue 21, "Input").

Each test stands for one defect found by ingesting ../shared/eval's feeds,
pages and French articles as a new user would; the inputs here are small
pages and feeds of our own, or copies with a header naming their origin.
"""

from __future__ import annotations

from datetime import UTC, datetime

from veille.extract import extract_article
from veille.records import RawDocument
from veille.settings import Settings

SETTINGS = Settings(as_of=datetime(2026, 11, 24, 10, tzinfo=UTC))
BODY = "<p>" + (
    "Les ministres des Affaires étrangères se sont réunis mardi à Bruxelles pour discuter "
    "de la situation dans la région et ont adopté une déclaration commune. "
) * 3 + "</p>"


def saved_page(head: str) -> str:
    return (
        f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Sommet</title>"
        f"{head}</head><body><article><h1>Sommet à Bruxelles</h1>{BODY}</article></body></html>"
    )


def extract_saved(html: str) -> str | None:
    """The URL of a page read from disk (no address of its own)."""
    return extract_article(RawDocument("/tmp/page.html", html, "text/html"), SETTINGS).url


# --------------------------------------------------------------------- page address


def test_a_saved_page_takes_its_canonical_link_as_its_url() -> None:
    html = saved_page('<link rel="canonical" href="https://journal.example/2026/11/sommet">')
    assert extract_saved(html) == "https://journal.example/2026/11/sommet"


def test_a_saved_page_takes_its_og_url_when_it_has_no_canonical_link() -> None:
    html = saved_page('<meta property="og:url" content="https://journal.example/a/sommet">')
    assert extract_saved(html) == "https://journal.example/a/sommet"


def test_the_canonical_link_outweighs_an_og_url_naming_the_section() -> None:
    html = saved_page(
        '<meta property="og:url" content="https://journal.example/monde/">'
        '<link rel="canonical" href="https://journal.example/monde/sommet">'
    )
    article = extract_article(RawDocument("/tmp/p.html", html, "text/html"), SETTINGS)
    assert article.url == "https://journal.example/monde/sommet"
    assert article.provenance["url"].source == "link:canonical"
    assert [v.value for v in article.provenance["url"].outvoted] == [
        "https://journal.example/monde/"
    ]


def test_a_relative_or_non_web_canonical_link_is_no_url() -> None:
    assert extract_saved(saved_page('<link rel="canonical" href="/monde/sommet">')) is None
    assert extract_saved(saved_page('<link rel="canonical" href="javascript:alert(1)">')) is None


def test_a_fetched_page_keeps_the_address_it_was_fetched_from() -> None:
    html = saved_page('<link rel="canonical" href="https://journal.example/amp/sommet">')
    raw = RawDocument("u", html, "text/html", url="https://journal.example/sommet")
    assert extract_article(raw, SETTINGS).url == "https://journal.example/sommet"
