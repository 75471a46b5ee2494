"""Local sources: folders, files by kind, JSONL, standard input, feeds and bad input."""

from __future__ import annotations

import io
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from veille.errors import ExtractionError
from veille.extract import extract_article
from veille.records import Article, ArticleError, RawDocument
from veille.settings import Settings
from veille.sources import STDIN_SOURCE, iter_raw_documents, sniff_media_type

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
FEEDS = FIXTURES / "feeds"
SETTINGS = Settings(as_of=datetime(2026, 11, 24, 10, tzinfo=UTC))


def run(sources, settings=SETTINGS, **kwargs):
    return list(iter_raw_documents([str(s) for s in sources], settings, **kwargs))


def ingest(item, settings=SETTINGS) -> Article | ArticleError:
    """What the engine does with each item: extract, or record the error."""
    if isinstance(item, ArticleError):
        return item
    try:
        return extract_article(item, settings)
    except ExtractionError as exc:
        return ArticleError(item.source, exc.code, exc.message, datetime.now(UTC))


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z title\n\nSome text here.")
    (tmp_path / "a.txt").write_text("A title\n\nSome text here.")
    (tmp_path / "c.TXT").write_text("C title\n\nSome text here.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    (tmp_path / ".dotfile.txt").write_text("hidden")
    items = run([tmp_path])
    names = [Path(item.source).relative_to(tmp_path.resolve()).as_posix() for item in items]
    assert names == ["a.txt", "b/z.txt", "c.TXT"]
    assert all(isinstance(item, RawDocument) for item in items)


def test_folder_walk_honours_the_extensions_setting(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\ntext")
    (tmp_path / "b.md").write_text("B\n\ntext")
    items = run([tmp_path], replace(SETTINGS, extensions=(".md",)))
    assert [Path(item.source).name for item in items] == ["b.md"]


def test_file_source_key_is_absolute_and_mtime_is_the_reference(tmp_path, monkeypatch):
    path = tmp_path / "note.txt"
    path.write_text("Title\n\nBody text.")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    monkeypatch.chdir(tmp_path)
    (item,) = run(["note.txt"])
    assert item.source == str(path.resolve())
    assert item.reference_time == datetime.fromtimestamp(1_700_000_000, UTC)
    assert item.reference_time_source == "file"
    assert item.media_type == "text/plain"


def test_file_time_resolves_relative_dates_when_no_as_of_is_given(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Title of the story\n- il y a 2 jours\n\nLe texte de l'article suit ici.")
    os.utime(path, (datetime(2025, 1, 10, 12, tzinfo=UTC).timestamp(),) * 2)
    (item,) = run([path], Settings())
    article = extract_article(item, Settings())
    assert article.reference_time_source == "file"
    assert article.published_at == datetime(2025, 1, 8, 12, tzinfo=UTC)


def test_kinds_are_chosen_by_extension_and_sniffing(tmp_path):
    (tmp_path / "page.htm").write_text("<p>Hello there, this is a page.</p>")
    (tmp_path / "saved.txt").write_text(
        "<!DOCTYPE html><html><body><p>Saved page</p></body></html>"
    )
    (tmp_path / "feed.txt").write_bytes((FEEDS / "news.rss").read_bytes())
    (tmp_path / "plain.txt").write_text("Just text.")
    items = run(
        [
            tmp_path / "page.htm",
            tmp_path / "saved.txt",
            tmp_path / "feed.txt",
            tmp_path / "plain.txt",
        ]
    )
    kinds = [(Path(i.source.split("#")[0]).name, i.media_type) for i in items]
    assert kinds == [
        ("page.htm", "text/html"),
        ("saved.txt", "text/html"),
        # feedparser types every RSS 2.0 description as HTML, which may hold markup.
        ("feed.txt", "text/html"),
        ("feed.txt", "text/html"),
        ("plain.txt", "text/plain"),
    ]


def test_jsonl_yields_records_and_errors_per_line():
    items = run([FIXTURES / "records.jsonl"])
    key = str((FIXTURES / "records.jsonl").resolve())
    assert [item.source for item in items] == [f"{key}:line-{n}" for n in (1, 2, 3, 4, 6)]
    good, not_json, a_list, no_body, html = items
    assert isinstance(good, RawDocument)
    assert good.url == "https://news.example.org/a?utm_source=feed&id=7#top"
    assert good.metadata["author"] == "Ana Costa"
    assert [e.code for e in (not_json, a_list, no_body)] == ["E-JSONL"] * 3
    assert all(isinstance(e, ArticleError) and e.message for e in (not_json, a_list, no_body))
    assert isinstance(html, RawDocument)
    assert html.media_type == "text/html"


def test_jsonl_metadata_takes_precedence_and_id_follows_the_canonical_url():
    good = run([FIXTURES / "records.jsonl"])[0]
    article = extract_article(good, SETTINGS)
    assert article.title == "Lisbon hosts talks on Atlantic fisheries"
    assert article.text.startswith(
        "Lisbon hosts talks on Atlantic fisheries\n\nFisheries ministers"
    )
    assert article.author == "Ana Costa"
    assert article.published_at == datetime(2025, 4, 9, 10, tzinfo=UTC)
    assert article.language == "en"
    assert article.source_name == "Example News"
    assert article.source_format == "jsonl"
    same_page = RawDocument(
        "other", "different text", "text/plain", url="HTTPS://NEWS.example.org/a?id=7"
    )
    assert extract_article(same_page, SETTINGS).id == article.id


@pytest.mark.parametrize(
    ("payload", "media_type"),
    [
        (b"Title\n\nPlain text from a pipe.", "text/plain"),
        (b"<!doctype html><html><body><p>Piped page</p></body></html>", "text/html"),
        (b'{"title": "A", "text": "B"}\n{"title": "C", "text": "D"}\n', "application/x-ndjson"),
    ],
)
def test_stdin_is_sniffed(payload, media_type):
    assert sniff_media_type(payload) == media_type
    items = run(["-"], stdin=io.BytesIO(payload))
    assert all(item.source.startswith(STDIN_SOURCE) for item in items)
    if media_type != "application/x-ndjson":
        assert items[0].media_type == media_type
    else:
        assert [i.source for i in items] == ["<stdin>:line-1", "<stdin>:line-2"]


def test_stdin_feed_yields_entries():
    items = run(["-"], stdin=io.BytesIO((FEEDS / "news.atom").read_bytes()))
    assert [item.source for item in items] == ["<stdin>#urn:example:wire:1"]


def test_rss_entries_carry_their_metadata():
    first, second = run([FEEDS / "news.rss"])
    key = str((FEEDS / "news.rss").resolve())
    assert first.source == f"{key}#madrid-rabat-2025"
    assert second.source == f"{key}#https://feed.example.org/articles/oslo-arctic"
    assert first.metadata["title"] == "Madrid et Rabat relancent leur commission mixte"
    assert first.metadata["author"] == "Sofia Ruiz"
    assert first.reference_time == datetime(2025, 3, 3, 8, tzinfo=UTC)
    assert first.reference_time_source == "feed"
    assert first.source_name == "Exemple Monde"
    assert first.url == "https://feed.example.org/articles/madrid-rabat"
    article = extract_article(first, Settings())
    assert article.published_at == datetime(2025, 3, 3, 8, tzinfo=UTC)
    assert article.reference_time_source == "feed"
    assert article.source_format == "feed"
    assert article.language == "fr"
    assert "commission mixte, en sommeil" in article.text


def test_feed_entry_date_is_the_reference_for_relative_text():
    second = run([FEEDS / "news.rss"])[1]
    article = extract_article(second, Settings())
    assert article.reference_time == datetime(2025, 3, 4, 12, 30, tzinfo=UTC)


def test_atom_entry():
    (entry,) = run([FEEDS / "news.atom"])
    article = extract_article(entry, Settings())
    assert article.title == "Nairobi talks end with ceasefire pledge"
    assert article.author == "Grace Otieno"
    assert article.url == "https://wire.example.org/nairobi"
    assert "monitoring teams would deploy" in article.text


def test_malformed_feeds_give_entries_or_errors_never_exceptions():
    by_source = {Path(item.source).name: ingest(item) for item in run(sorted(FEEDS.iterdir()))}
    assert by_source["empty.xml"].code == "E-FEED"
    assert isinstance(by_source["incomplete_cdata.rss#one"], Article)
    assert by_source["incomplete_cdata.rss#one"].title == "First item survives"
    assert isinstance(by_source["undeclared_ns.rss#ns-1"], Article)
    wrong = by_source["wrong_encoding.rss#enc-1"]
    assert isinstance(wrong, Article)
    assert wrong.title == "Déclaration erronée"
    assert "écrit en Windows-1252" in wrong.text


def test_feed_that_is_not_xml_at_all_is_a_feed_error(tmp_path):
    path = tmp_path / "junk.rss"
    path.write_bytes(b"\x00\x01\x02 this is not a feed")
    (error,) = run([path])
    assert isinstance(error, ArticleError)
    assert error.code == "E-FEED"


def test_file_over_max_bytes_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    (error,) = run([path])
    assert isinstance(error, ArticleError)
    assert error.code == "E-TOO-LARGE"
    assert "VEILLE_MAX_BYTES" in error.message


def test_stdin_over_max_bytes_is_refused():
    (error,) = run(["-"], replace(SETTINGS, max_bytes=10), stdin=io.BytesIO(b"x" * 11))
    assert error.code == "E-TOO-LARGE"
    assert error.source == "-"


def test_missing_path_is_an_error_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Title\n\nBody.")
    items = run([tmp_path / "missing.txt", good])
    assert isinstance(items[0], ArticleError)
    assert items[0].code == "E-NOT-FOUND"
    assert isinstance(items[1], RawDocument)


def test_bad_files_in_a_folder_each_get_their_own_error(tmp_path):
    (tmp_path / "1_binary.txt").write_bytes(bytes(range(256)) * 2)
    (tmp_path / "2_empty.txt").write_bytes(b"")
    (tmp_path / "3_good.txt").write_text("Good title\n\nA good article body in English.")
    (tmp_path / "4_huge.txt").write_bytes(b"a" * 2000)
    results = [ingest(item) for item in run([tmp_path], replace(SETTINGS, max_bytes=1000))]
    assert [getattr(r, "code", "ok") for r in results] == [
        "E-BINARY",
        "E-EMPTY",
        "ok",
        "E-TOO-LARGE",
    ]
