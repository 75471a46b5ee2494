"""Every library veille hands untrusted text to reads it as data, never as a path or a URL.

Issue 20 audit. Several parsers accept "a string or a path/URL" and decide by
the string's shape: feedparser opens paths and fetches URLs, lxml's ``parse``
opens both, htmldate downloads a string that starts with ``http``. For each
library on the ingest path, a body that *is* the path of a local file holding
a marker word, or the URL of a local server that logs every hit, goes through
the call exactly as veille makes it: the marker must not come out and the
server must not be asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hostile_helpers import Answer, LocalServer, serve
from veille.extract import extract_article
from veille.extract.dates import parse_metadata_date, resolve_date
from veille.extract.decoding import decode_document
from veille.extract.htmlmeta import page_metadata, read_page
from veille.records import ArticleError, RawDocument
from veille.settings import Settings
from veille.sources.feeds import iter_feed_entries
from veille.sources.files import iter_jsonl

MARKER = "quetzalzanzibar"
REFERENCE = datetime(2026, 11, 24, 10, tzinfo=UTC)
LOCAL_PAGE = f"""<!doctype html><html lang="fr"><head><title>Page {MARKER}</title>
<meta name="author" content="Auteur {MARKER}">
<meta property="article:published_time" content="2001-02-03T04:05:06Z"></head>
<body><article><h1>Titre {MARKER}</h1><p>{"Le ministre a parlé longuement. " * 20}{MARKER}</p>
</article></body></html>"""
LOCAL_FEED = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>g</guid><title>{MARKER}</title><description>{MARKER} texte</description></item>
</channel></rss>"""


@pytest.fixture
def local(tmp_path: Path) -> dict[str, Path]:
    """Local files a hostile body may name: a page, a feed, a JSON line, a date."""
    files = {
        "page": tmp_path / "page.html",
        "feed": tmp_path / "feed.xml",
        "jsonl": tmp_path / "one.jsonl",
        "date": tmp_path / "date.txt",
    }
    files["page"].write_text(LOCAL_PAGE, encoding="utf-8")
    files["feed"].write_text(LOCAL_FEED, encoding="utf-8")
    files["jsonl"].write_text(f'{{"title": "{MARKER}", "text": "{MARKER} texte"}}\n')
    files["date"].write_text("2001-02-03", encoding="utf-8")
    return files


@pytest.fixture
def server() -> Iterator[LocalServer]:
    routes = {
        "/page.html": Answer(200, LOCAL_PAGE.encode()),
        "/feed.xml": Answer(200, LOCAL_FEED.encode(), "application/rss+xml"),
        "/date": Answer(200, b"2001-02-03", "text/plain"),
        "/dtd": Answer(200, b'<!ENTITY marker "' + MARKER.encode() + b'">', "text/plain"),
    }
    with serve(routes) as running:
        yield running


def _bodies(local: dict[str, Path], server: LocalServer, kind: str) -> list[str]:
    """The path, file URI and HTTP URL of a local resource, as a hostile body would spell them."""
    path = local[kind]
    remote = "/page.html" if kind in ("page", "jsonl") else f"/{kind}.xml"
    if kind == "date":
        remote = "/date"
    return [str(path), path.as_uri(), f"{server.base}{remote}"]


def test_feedparser_reads_a_path_or_url_body_as_a_document(
    local: dict[str, Path], server: LocalServer
) -> None:
    for body in _bodies(local, server, "feed"):
        items = list(iter_feed_entries(body.encode(), "hostile.rss"))
        assert [type(item) for item in items] == [ArticleError], body
    assert server.hits == []


def test_lxml_reads_a_path_or_url_body_as_markup(
    local: dict[str, Path], server: LocalServer
) -> None:
    for body in _bodies(local, server, "page"):
        assert MARKER not in str(page_metadata(body)), body
    # A DOCTYPE naming an external DTD, and an entity from it, stay unresolved.
    page = (
        f'<!DOCTYPE html SYSTEM "{server.base}/dtd"><html><head><title>t &marker;</title>'
        f'</head><body><p>texte</p><img src="{server.base}/page.html"></body></html>'
    )
    assert MARKER not in str(page_metadata(page))
    assert server.hits == []


def test_trafilatura_and_htmldate_read_a_path_or_url_body_as_markup(
    local: dict[str, Path], server: LocalServer
) -> None:
    # The call exactly as veille makes it: the page parsed once, the tree handed over.
    from veille.extract.htmlmeta import _parse, _trafilatura  # noqa: PLC0415

    for body in _bodies(local, server, "page"):
        assert MARKER not in str(_trafilatura(_parse(body), None)), body
        assert MARKER not in str(_trafilatura(_parse(body), body)), body
    # A full page whose links, canonical URL and date fields name the server:
    # trafilatura (and htmldate, which it calls for the date) must not fetch them.
    page = (
        f'<html><head><link rel="canonical" href="{server.base}/page.html">'
        f'<meta property="og:url" content="{server.base}/page.html">'
        f'<meta name="date" content="{server.base}/date"></head><body><article>'
        f"<p>{'Les ministres se sont réunis à Tallinn pour parler énergie. ' * 10}</p>"
        f'<a href="{server.base}/feed.xml">lien</a><time datetime="{server.base}/date">x</time>'
        "</article></body></html>"
    )
    content = read_page(page, f"{server.base}/page.html")
    assert "ministres" in content.body
    assert MARKER not in str(content)
    assert server.hits == []


def test_dateparser_reads_a_path_or_url_as_a_date_string(
    local: dict[str, Path], server: LocalServer
) -> None:
    for body in _bodies(local, server, "date"):
        for language in ("fr", "en"):
            assert resolve_date(body, REFERENCE, (language,)) is None, body
        assert parse_metadata_date(body, REFERENCE) is None, body
    assert server.hits == []


def test_json_lines_that_are_paths_or_urls_are_bad_lines(
    local: dict[str, Path], server: LocalServer
) -> None:
    for body in _bodies(local, server, "jsonl"):
        items = list(
            iter_jsonl(body.encode(), "x.jsonl", reference_time=None, reference_time_source=None)
        )
        assert [item.code for item in items if isinstance(item, ArticleError)] == ["E-JSONL"]
    # JSON-LD whose content is a path: not JSON, ignored.
    page = f'<html><head><script type="application/ld+json">{local["jsonl"]}</script></head></html>'
    assert MARKER not in str(page_metadata(page))
    assert server.hits == []


def test_a_charset_label_that_is_a_path_or_url_is_not_opened(
    local: dict[str, Path], server: LocalServer
) -> None:
    for label in _bodies(local, server, "page"):
        text, _ = decode_document("Élysée".encode(), declared=label)
        assert text == "Élysée"
    assert server.hits == []


@pytest.mark.parametrize("media_type", ["text/html", "text/plain"])
def test_extraction_keeps_a_path_or_url_body_as_its_text(
    local: dict[str, Path], server: LocalServer, media_type: str
) -> None:
    settings = Settings(language="fr", as_of=REFERENCE)
    for body in _bodies(local, server, "page"):
        for data in (body, body.encode()):
            raw = RawDocument(source="hostile", data=data, media_type=media_type, url=body)
            article = extract_article(raw, settings)
            assert MARKER not in article.text
            assert body in article.text
    assert server.hits == []
