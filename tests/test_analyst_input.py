"""Real-world input an analyst drops in a folder (issue 21, "Input").

Each test stands for one defect found by ingesting ../shared/eval's feeds,
pages and French articles as a new user would; the inputs here are small
pages and feeds of our own, or copies with a header naming their origin.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from veille import ingest, open_store
from veille.extract import extract_article
from veille.records import ArticleError, RawDocument
from veille.settings import Settings
from veille.sources import iter_raw_documents

SETTINGS = Settings(as_of=datetime(2026, 11, 24, 10, tzinfo=UTC))
BODY = (
    "<p>"
    + (
        "Les ministres des Affaires étrangères se sont réunis mardi à Bruxelles pour discuter "
        "de la situation dans la région et ont adopté une déclaration commune. "
    )
    * 3
    + "</p>"
)


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


# --------------------------------------------------------------------- JSON Feed

FIXTURES = Path(__file__).parent / "fixtures" / "analyst"


def test_a_json_feed_yields_one_document_per_item_not_the_raw_json() -> None:
    found = list(iter_raw_documents([str(FIXTURES / "feed.json")], Settings()))
    assert all(isinstance(item, RawDocument) for item in found)
    documents = [item for item in found if isinstance(item, RawDocument)]
    assert [d.metadata["title"] for d in documents] == [
        "Moscou dénonce les exercices de l'OTAN en mer Baltique",
        "Minsk et Moscou signent un accord de défense aérienne",
        "Kiev reçoit une nouvelle aide militaire",
    ]
    first = documents[0]
    assert first.url == "https://journal.example/2026/11/1"
    assert first.source_name == "Journal exemple"
    assert first.metadata["author"] == "Claire Martin"
    assert first.metadata["language"] == "fr"
    assert first.reference_time == datetime(2026, 11, 23, 8, 15, tzinfo=UTC)
    assert first.media_type == "text/html"
    assert documents[2].media_type == "text/plain"
    assert not any(str(d.data).lstrip().startswith("{") for d in documents)


def test_a_json_file_that_is_no_feed_is_an_error_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "expected.json"
    path.write_text('{\n  "title": "x",\n  "authors": ["y"]\n}\n', encoding="utf-8")
    [error] = list(iter_raw_documents([str(path)], Settings()))
    assert isinstance(error, ArticleError)
    assert error.code == "E-FORMAT"
    assert "JSON Feed" in error.message


# --------------------------------------------------------------------- .html.gz


def test_a_gzipped_page_is_read_when_named_and_inside_a_folder(tmp_path: Path) -> None:
    html = saved_page('<link rel="canonical" href="https://journal.example/sommet">')
    (tmp_path / "sommet.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"not an article"))
    named = list(iter_raw_documents([str(tmp_path / "sommet.html.gz")], SETTINGS))
    walked = list(iter_raw_documents([str(tmp_path)], SETTINGS))
    for found in (named, walked):
        [document] = found
        assert isinstance(document, RawDocument)
        assert document.media_type == "text/html"
        article = extract_article(document, SETTINGS)
        assert article.title == "Sommet à Bruxelles"
        assert article.url == "https://journal.example/sommet"


def test_a_gzip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    [error] = list(iter_raw_documents([str(bomb)], Settings(max_bytes=1_000_000)))
    assert isinstance(error, ArticleError)
    assert error.code == "E-TOO-LARGE"


def test_a_truncated_gzip_file_is_an_error_for_that_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(saved_page("").encode())[:40])
    [error] = list(iter_raw_documents([str(broken)], SETTINGS))
    assert isinstance(error, ArticleError)
    assert error.code in {"E-BINARY", "E-EMPTY"}


# --------------------------------------------------------------------- headline-only feed items

HEADLINES_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fil d'actualité</title>
<item><title>La Russie dénonce les exercices de l'OTAN en mer Baltique</title>
<link>https://fil.example/1</link><pubDate>Mon, 23 Nov 2026 09:00:00 +0100</pubDate></item>
<item><link>https://fil.example/2</link><pubDate>Mon, 23 Nov 2026 10:00:00 +0100</pubDate></item>
</channel></rss>"""


def test_a_headline_only_feed_item_keeps_its_headline_as_a_dated_article(tmp_path: Path) -> None:
    feed = tmp_path / "fil.rss"
    feed.write_text(HEADLINES_RSS, encoding="utf-8")
    headline, empty = list(iter_raw_documents([str(feed)], Settings()))
    assert isinstance(headline, RawDocument)
    article = extract_article(headline, Settings())
    assert article.text == "La Russie dénonce les exercices de l'OTAN en mer Baltique"
    assert article.title == article.text
    assert article.published_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert article.url == "https://fil.example/1"
    # Nothing at all to read: the error says how to get the page behind the link.
    assert isinstance(empty, ArticleError)
    assert empty.code == "E-EMPTY"
    assert "--follow-links" in empty.message


# --------------------------------------------------------------------- feed encodings

UNDECLARED_FEED = """<rss version="2.0"><channel><title>{channel}</title>
<item><title>{title}</title><description>{body}</description>
<pubDate>Mon, 23 Nov 2026 09:00:00 +0100</pubDate></item></channel></rss>"""


@pytest.mark.parametrize(
    ("encoding", "channel", "title", "body"),
    [
        (
            "koi8-r",
            "Новости",
            "Как пережить зиму без газа",
            "Правительство объявило сегодня новые меры поддержки для семей, "
            "которые живут в северных регионах страны.",
        ),
        (
            "cp1252",
            "Actualités",
            "Les ministres réunis à Bruxelles adoptent une déclaration",
            "Les ministres des Affaires étrangères ont adopté une déclaration commune "
            "sur la sécurité européenne après une journée de négociations.",
        ),
    ],
)
def test_a_feed_that_declares_no_encoding_is_decoded_by_its_likely_charset(
    tmp_path: Path, encoding: str, channel: str, title: str, body: str
) -> None:
    feed = tmp_path / "undeclared.rss"
    feed.write_bytes(
        UNDECLARED_FEED.format(channel=channel, title=title, body=body).encode(encoding)
    )
    [document] = list(iter_raw_documents([str(feed)], Settings()))
    assert isinstance(document, RawDocument)
    assert document.metadata["title"] == title
    assert document.source_name == channel
    assert body in str(document.data)


def test_a_declared_encoding_is_the_publishers_word(tmp_path: Path) -> None:
    feed = tmp_path / "declared.rss"
    text = UNDECLARED_FEED.format(channel="Fil", title="Déclaration", body="Texte déjà lu.")
    feed.write_bytes(b'<?xml version="1.0" encoding="iso-8859-1"?>' + text.encode("latin-1"))
    [document] = list(iter_raw_documents([str(feed)], Settings()))
    assert isinstance(document, RawDocument)
    assert document.metadata["title"] == "Déclaration"


# --------------------------------------------------------------------- dates and project files

PORTUGUESE_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Notícias</title><language>pt-br</language>
<item><title>Ibope: Bolsonaro perde de Haddad em simulações de 2º turno</title>
<description>Pesquisa divulgada nesta segunda-feira mostra o candidato atrás.</description>
<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item></channel></rss>"""

UNDATED_TEXT = (
    "La Russie dénonce les exercices de l'OTAN\n\n"
    "Le ministère russe de la Défense a dénoncé les exercices de l'OTAN en mer Baltique, "
    "qu'il juge provocateurs.\n"
)


def test_a_localised_rfc822_feed_date_is_read_not_replaced_by_today(tmp_path: Path) -> None:
    feed = tmp_path / "uol.rss"
    feed.write_text(PORTUGUESE_RSS, encoding="utf-8")
    [document] = list(iter_raw_documents([str(feed)], Settings()))
    assert isinstance(document, RawDocument)
    article = extract_article(document, Settings())
    assert article.published_at == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)
    assert article.published_text == "Seg, 24 Set 2018 19:42:40 -0300"


@pytest.mark.slow
def test_an_undated_text_is_not_dated_by_its_file_time_and_a_readme_is_not_news(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "README.md").write_text(
        "# My corpus\n\nWe commit to updating these articles every week.\n", encoding="utf-8"
    )
    (corpus / "LICENSE.txt").write_text("Permission is hereby granted.\n", encoding="utf-8")
    (corpus / "russie.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    report = ingest([str(corpus)], db=str(tmp_path / "v.db"))
    assert report.counts == {"new": 1}
    with open_store(str(tmp_path / "v.db")) as store:
        [article] = store.articles()
        assert article.title == "La Russie dénonce les exercices de l'OTAN"
        assert article.published_at is None
        events = store.events()
    assert {e.event_type for e in events} == {"ACCUSE"}
    # The file was written today: that is no date for what the article reports.
    assert [e.event_date for e in events] == [None] * len(events)
    # Named explicitly, a README is read like any other file.
    assert ingest([str(corpus / "README.md")], db=str(tmp_path / "v.db")).counts == {"new": 1}


# ------------------------------------------------------------- languages veille does not code

GERMAN_TEXT = (
    "Außenminister treffen sich in Berlin\n\n"
    "Die Außenminister trafen sich am Montag in Berlin. Die Regierung hat heute neue "
    "Gespräche über die Sicherheit in Europa angekündigt.\n"
)


@pytest.mark.slow
def test_an_article_in_a_language_veille_does_not_code_is_an_error_not_a_story(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "berlin.txt").write_text(GERMAN_TEXT, encoding="utf-8")
    (corpus / "russie.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    db = str(tmp_path / "v.db")
    report = ingest([str(corpus)], db=db)
    assert report.counts == {"new": 1, "error": 1}
    [error] = report.errors
    assert error.code == "E-LANGUAGE"
    assert "German" in error.message
    assert "--lang" in error.message
    with open_store(db) as store:
        assert [a.language for a in store.articles()] == ["fr"]
        assert len(store.stories()) == 1
    # Forcing a language the analyst knows better stores it.
    forced = ingest(
        [str(corpus / "berlin.txt")], settings=Settings(db=db, language="fr"), resume=False
    )
    assert forced.counts == {"new": 1}
