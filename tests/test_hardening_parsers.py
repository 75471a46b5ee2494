"""Property tests for the parsers other test files do not fuzz, and regressions the soak found.

Already covered elsewhere: extraction of random bytes, mutated HTML and layout
text (test_extract_fuzz.py), free-text dates (test_dates.py), quantities on a
digit alphabet (test_quantities.py), record JSON (test_serialize.py) and search
queries (test_store_search.py). Here: the layout parser itself, HTML pages,
feeds, JSON lines, date-shaped strings, number-shaped strings, charset labels,
media-type sniffing, and the actor resolver on random text.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.actors import get_resolver
from veille.errors import ExtractionError, VeilleError
from veille.events.quantities import find_durations, find_quantities, parse_number
from veille.extract.article import clean_text, extract_article
from veille.extract.dates import parse_metadata_date, resolve_date
from veille.extract.decoding import decode_document
from veille.extract.htmlmeta import read_page
from veille.extract.layout import parse_layout
from veille.nlp import load_pipeline
from veille.records import SECTION_KINDS, ArticleError, ArticleResult, RawDocument
from veille.settings import Settings
from veille.sources import sniff_media_type
from veille.sources.feeds import iter_feed_entries
from veille.sources.files import iter_jsonl
from veille.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
FEED = (FIXTURES / "feeds" / "news.rss").read_bytes()
SETTINGS = Settings(as_of=datetime(2026, 11, 24, tzinfo=UTC), language="fr")
REF = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Lines that look like the parts of a news page, so the layout parser's
# header and section rules actually fire on the generated text.
PAGE_LINES = (
    "Moscou dénonce la présence militaire de l’OTAN",
    "Par Anna Kowalska, correspondante à Varsovie",
    "By Jane Doe, defence correspondent",
    "il y a 2 jours",
    "Updated 4 days ago",
    "2 min de lecture",
    "5 min read",
    "Analyse :",
    "À lire aussi :",
    "Read more: NATO drills",
    "## Contexte",
    "• Publié le 3 mars 2025",
    "Le ministre a signé 14 documents à Minsk.",
    "",
    "   ",
    "—",
)


def lines_text():
    line = st.one_of(st.sampled_from(PAGE_LINES), st.text(max_size=60))
    return st.lists(line, max_size=14).map("\n".join)


def check_sections(text: str, sections) -> None:
    for section in sections:
        assert section.kind in SECTION_KINDS
        assert 0 <= section.start < section.end <= len(text)
    for before, after in itertools.pairwise(sections):
        assert before.end == after.start
    if sections:
        assert sections[-1].end == len(text)


# ---------------------------------------------------------------- text layout


@FUZZ
@given(lines_text())
def test_layout_spans_are_evidence_and_sections_tile_the_rest(raw: str) -> None:
    text = clean_text(raw).lstrip()
    layout = parse_layout(text)
    for span in (layout.title, layout.author, layout.author_role, layout.published):
        if span is not None:
            assert text[span.start : span.end] == span.text
    if layout.reading_time is not None:
        assert layout.reading_minutes is None or layout.reading_minutes >= 0
    check_sections(text, layout.sections)
    if layout.sections:
        assert layout.sections[0].start == 0


# ---------------------------------------------------------------- HTML


TAGS = ("div", "p", "article", "main", "h1", "h2", "span", "script", "style", "nav", "table")


@st.composite
def html_pages(draw):
    parts = ["<html><head>"]
    if draw(st.booleans()):
        parts.append(f"<title>{draw(st.text(max_size=30))}</title>")
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(["og:title", "author", "article:published_time", "x"]))
        content = draw(st.text(max_size=40)).replace('"', "&quot;")
        parts.append(f'<meta property="{name}" content="{content}">')
    if draw(st.booleans()):
        parts.append(
            '<script type="application/ld+json">'
            + draw(st.sampled_from(['{"@type": "NewsArticle", "author": [[[]]]}', "{", "[1,"]))
            + "</script>"
        )
    parts.append("</head><body>")
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        body = draw(st.one_of(st.sampled_from(PAGE_LINES), st.text(max_size=50)))
        close = draw(st.booleans())
        parts.append(f"<{tag}>{body}" + (f"</{tag}>" if close else ""))
    if draw(st.booleans()):
        parts.append("</body></html>")
    return "".join(parts)


@FUZZ
@given(html_pages(), st.sampled_from([None, "https://news.example/a", "not a url"]))
def test_read_page_returns_content_or_no_text_error(html: str, url: str | None) -> None:
    try:
        page = read_page(html, url)
    except ExtractionError as exc:
        code = exc.code
    else:
        code = None
        assert page.body.strip()
    if code is not None:
        assert code == "E-NO-TEXT"
        return
    for value in (page.title, page.author, page.published, page.site_name):
        assert value is None or isinstance(value, str)


def test_html_text_with_xml_forbidden_characters_is_extracted() -> None:
    # A feed parsed loosely hands over HTML holding raw control characters;
    # lxml refuses to build text nodes with them (found by scripts/soak.py).
    html = "<p>Le ministre\x07 a parlé\x1b à Minsk\x0b de la défense aérienne commune.</p>"
    article = extract_article(RawDocument("s", html, "text/html"), SETTINGS)
    assert "Le ministre a parlé à Minsk de la défense aérienne commune." in article.text


# ---------------------------------------------------------------- feeds


def mutated_bytes(base: bytes):
    @st.composite
    def build(draw):
        data = base
        for _ in range(draw(st.integers(1, 4))):
            start = draw(st.integers(0, len(data)))
            end = draw(st.integers(start, min(len(data), start + 120)))
            data = data[:start] + draw(st.binary(max_size=20)) + data[end:]
        return data

    return build()


@FUZZ
@given(st.one_of(mutated_bytes(FEED), st.binary(max_size=300)))
def test_any_feed_bytes_give_entries_or_one_error(data: bytes) -> None:
    items = list(iter_feed_entries(data, "feed.rss"))
    assert items
    for item in items:
        assert isinstance(item, RawDocument | ArticleError)
        assert item.source == "feed.rss" or item.source.startswith("feed.rss#")
    assert len({item.source for item in items}) == len(items)


def billion_laughs(levels: int = 9) -> bytes:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1))
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{entities}]>'
        f'<rss version="2.0"><channel><title>&lol{levels};</title><item><guid>g</guid>'
        f"<title>&lol{levels};</title><description>Texte &lol{levels};</description>"
        "</item></channel></rss>"
    ).encode()


def test_billion_laughs_feed_is_not_expanded() -> None:
    started = time.monotonic()
    items = list(iter_feed_entries(billion_laughs(), "lol.rss"))
    assert time.monotonic() - started < 5
    for item in items:
        if isinstance(item, RawDocument):
            assert "lollol" not in str(item.data)
            assert all("lollol" not in value for value in item.metadata.values())


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>t</title><item><guid>g</guid>'
        "<title>&xxe;</title><description>Texte &xxe;</description></item></channel></rss>"
    ).encode()
    items = list(iter_feed_entries(feed, "xxe.rss"))
    assert items
    for item in items:
        if isinstance(item, RawDocument):
            assert "TOP-SECRET" not in str(item.data)
            assert all("TOP-SECRET" not in value for value in item.metadata.values())


# ---------------------------------------------------------------- JSON lines


def json_line():
    record = st.dictionaries(
        st.sampled_from(["text", "html", "title", "url", "published", "author", "language"]),
        st.one_of(
            st.text(max_size=40),
            # Lone surrogates arrive as "\ud800" escapes in JSON (found by scripts/soak.py).
            st.text(st.characters(exclude_categories=()), max_size=20),
            st.integers(),
            st.floats(),
            st.none(),
            st.lists(st.integers(), max_size=2),
        ),
    )
    return st.one_of(
        record.map(lambda r: json.dumps(r, ensure_ascii=True).encode()),
        st.binary(max_size=40),
        st.sampled_from([b"[" * 3000, b"{}", b"[]", b'"text"', b"   "]),
    )


@pytest.fixture(scope="module")
def jsonl_store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("jsonl") / "j.db") as store:
        yield store


@FEW
@given(st.lists(json_line(), max_size=6))
def test_jsonl_gives_one_item_per_line_and_each_extracts_and_stores(jsonl_store, lines) -> None:
    data = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines)
    items = list(iter_jsonl(data, "f.jsonl", reference_time=None, reference_time_source=None))
    numbered = [n for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    if not numbered:
        assert [(i.source, getattr(i, "code", None)) for i in items] == [("f.jsonl", "E-EMPTY")]
        return
    assert [item.source for item in items] == [f"f.jsonl:line-{n}" for n in numbered]
    for item in items:
        if isinstance(item, ArticleError):
            continue
        try:
            article = extract_article(item, SETTINGS)
        except VeilleError:
            continue
        # SQLite refuses lone surrogates: saving proves the text is clean.
        jsonl_store.save(ArticleResult(article), item.source)


# ---------------------------------------------------------------- dates


@st.composite
def date_shaped(draw):
    number = draw(st.one_of(st.integers(-5, 100), st.integers(10**6, 10**30)))
    day, month = draw(st.integers(0, 40)), draw(st.integers(0, 14))
    year = draw(st.sampled_from([0, 1, 99, 1970, 2025, 9999, 10000, 99999]))
    offset = draw(st.sampled_from(["Z", "+14:00", "-14:00", "+99:99", "+00:00", ""]))
    return draw(
        st.sampled_from(
            [
                f"il y a {number} jours",
                f"{number} hours ago",
                f"Publié le {day} mars {year}",
                f"Published March {day}, {year}",
                f"{day:02d}/{month:02d}/{year}",
                f"{year:04d}-{month:02d}-{day:02d}T23:59:59{offset}",
                f"{year:04d}-01-01T00:00:00{offset}",
                f"Mon, {day:02d} Jan {year:04d} 00:00:00 {offset.replace(':', '') or '+0000'}",
            ]
        )
    )


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_dates_at_the_edge_of_the_calendar_are_not_errors(text: str) -> None:
    # Moving these to UTC leaves the calendar (found by property testing).
    assert resolve_date(text, REF) is None
    assert parse_metadata_date(text, REF) is None


@FUZZ
@given(date_shaped(), st.sampled_from([REF, datetime(1, 1, 2, tzinfo=UTC)]))
def test_date_shaped_strings_resolve_to_utc_or_none(text: str, reference: datetime) -> None:
    for value in (resolve_date(text, reference), parse_metadata_date(text, reference)):
        assert value is None or value.utcoffset().total_seconds() == 0


# ---------------------------------------------------------------- quantities


@st.composite
def number_shaped(draw):
    digits = draw(st.sampled_from(["9" * 400, "1e308", "0", "60 000", "2,5", "1.234.567", "٣"]))
    before = draw(st.sampled_from(["près de ", "about ", "pendant ", "for a ", ""]))
    after = draw(st.sampled_from([" ans", "-year", " militaires", " milliards de dollars", ""]))
    return before + digits + after + draw(st.text(max_size=10))


def test_numbers_too_long_for_a_float_are_not_quantities() -> None:
    # "9" * 400 reads as infinity; int(inf) in a duration used to raise.
    assert parse_number("9" * 400, "fr") is None
    assert find_durations("pendant " + "9" * 400 + " ans", 0, "fr") == []


@FUZZ
@given(st.one_of(number_shaped(), st.text(max_size=80)), st.sampled_from(["fr", "en"]))
def test_quantities_are_finite_and_inside_the_text(text: str, language: str) -> None:
    for quantity in find_quantities(text, 5, language, ("près de", "about")):
        assert math.isfinite(quantity.value)
        assert 5 <= quantity.start < quantity.end <= len(text) + 5
    for duration in find_durations(text, 0, language):
        assert text[duration.start : duration.end] == duration.text


# ---------------------------------------------------------------- charsets and media types


@pytest.mark.parametrize("label", ["base64", "rot13", "zlib", "hex", "unicode_escape", "x-nope"])
def test_a_charset_label_that_is_not_a_charset_is_ignored(label: str) -> None:
    text, encoding = decode_document("Le café de Minsk".encode(), declared=label)
    assert (text, encoding) == ("Le café de Minsk", "utf-8")


def test_a_label_naming_pythons_undefined_codec_is_no_charset() -> None:
    # Found by the fuzz test below: "undefined" is a Python codec that raises a bare
    # UnicodeError on any input, which escaped decode_document.
    text, encoding = decode_document("Le café".encode(), declared="UNDEFINED")
    assert (text, encoding) == ("Le café", "utf-8")


@FUZZ
@given(st.binary(max_size=300), st.text(max_size=20), st.text(max_size=30))
def test_decoding_and_sniffing_never_raise_anything_else(data, label, declared) -> None:
    try:
        text, encoding = decode_document(data, declared=label)
    except ExtractionError as exc:
        code = exc.code
    else:
        code = None
        assert isinstance(text, str)
        assert encoding
    assert code in {None, "E-BINARY", "E-ENCODING"}
    assert sniff_media_type(data, declared) in {
        "text/plain",
        "text/html",
        "application/x-ndjson",
    } or sniff_media_type(data, declared).endswith(("xml", "json"))


# ---------------------------------------------------------------- actor names


@pytest.fixture(scope="session")
def pipelines():
    return {language: load_pipeline(language) for language in ("fr", "en")}


ACTOR_WORDS = (
    "Moscou",
    "la Russie",
    "l’OTAN",
    "Washington",
    "le ministre de la Défense",
    "Belousov",
    "les Américains",
    "UE",
    "the US",
    "Georgia",
    "President",
    "ONU",
    "Kiev",
    "M.",
    "Mme",
    "l'",
    "\u00a0",
)


@FEW
@given(
    st.lists(st.one_of(st.sampled_from(ACTOR_WORDS), st.text(max_size=12)), max_size=14),
    st.sampled_from(["fr", "en"]),
)
def test_resolver_on_random_text_gives_ordered_mentions_inside_the_text(
    pipelines, words, language
) -> None:
    text = " ".join(words)
    mentions = get_resolver(language).resolve_mentions(pipelines[language](text), as_of=REF.date())
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end
        assert 0.0 <= mention.confidence <= 1.0
