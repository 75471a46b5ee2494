"""Extraction: layout metadata with spans, sections, dates, language, encodings, signatures.

Golden files ``tests/fixtures/sources/<name>.expected.json`` hold the metadata
expected from each text and HTML fixture. To regenerate them after an
intended change, run with ``VEILLE_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from veille.errors import ExtractionError
from veille.extract import extract_article
from veille.extract.textsig import MINHASH_PERMUTATIONS, canonical_url, content_hash
from veille.records import RawDocument, Span
from veille.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
AS_OF = datetime(2026, 11, 24, 10, tzinfo=UTC)
SETTINGS = Settings(as_of=AS_OF)
GOLDEN = sorted(
    p.name
    for p in FIXTURES.iterdir()
    if p.suffix in (".txt", ".html") and p.name != "unclosed_title.html"
)


def raw_file(name: str, **kwargs) -> RawDocument:
    path = FIXTURES / name
    media_type = "text/html" if path.suffix == ".html" else "text/plain"
    return RawDocument(source=str(path), data=path.read_bytes(), media_type=media_type, **kwargs)


def summary(article) -> dict:
    """The metadata a golden file pins, with section and evidence texts for easy review."""
    return {
        "title": article.title,
        "author": article.author,
        "authors": list(article.authors),
        "organisation": article.organisation,
        "author_role": article.author_role,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "published_date_local": article.published_date_local,
        "published_text": article.published_text,
        "reference_time_source": article.reference_time_source,
        "language": article.language,
        "reading_time_minutes": article.reading_time_minutes,
        "reading_time_estimated": article.reading_time_estimated,
        "source_format": article.source_format,
        "sections": [
            {"kind": s.kind, "heading": s.heading, "starts": article.text[s.start : s.end][:40]}
            for s in article.sections
        ],
        "evidence": {name: span.text for name, span in sorted(article.evidence.items())},
        "sources": {name: choice.source for name, choice in sorted(article.provenance.items())},
    }


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_metadata(name):
    article = extract_article(raw_file(name), SETTINGS)
    golden = FIXTURES / f"{Path(name).stem}.expected.json"
    got = summary(article)
    if os.environ.get("VEILLE_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", GOLDEN)
def test_spans_index_into_the_text_and_sections_cover_it(name):
    article = extract_article(raw_file(name), SETTINGS)
    for span in article.evidence.values():
        assert article.text[span.start : span.end] == span.text
    assert article.sections[0].start == 0
    assert article.sections[-1].end == len(article.text)
    for before, after in zip(article.sections, article.sections[1:], strict=False):
        assert before.end == after.start
    assert article.title in article.text.split("\n", 1)[0]


def test_reference_layout_french():
    article = extract_article(raw_file("fr_layout.txt"), SETTINGS)
    assert article.title.startswith("Mer Baltique")
    assert (article.author, article.author_role) == ("Claire Martin", "Rédactrice en chef")
    assert article.published_text == "hier"
    assert article.published_at == datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert (article.reference_time, article.reference_time_source) == (AS_OF, "as-of")
    assert (article.reading_time_minutes, article.reading_time_estimated) == (3, False)
    assert article.language == "fr"
    assert article.language_confidence > 0.9
    kinds = [s.kind for s in article.sections]
    assert kinds == [
        "title", "byline", "body", "body", "boilerplate", "related-links", "commentary"
    ]  # fmt: skip
    commentary = article.sections[-1]
    assert article.text[commentary.start :].startswith("Analyse : Cette initiative")
    assert article.sections[3].heading == "Des câbles sous-marins sous surveillance"


def test_emoji_is_not_part_of_the_role():
    article = extract_article(raw_file("fr_layout.txt"), SETTINGS)
    role = article.evidence["author_role"]
    assert article.text[role.start - 2 : role.start] == "🔷 "


def test_reference_time_falls_back_to_the_source_then_now():
    source_time = datetime(2025, 1, 10, 8, tzinfo=UTC)
    raw = raw_file("en_layout.txt", reference_time=source_time, reference_time_source="http")
    article = extract_article(raw, Settings())
    assert (article.reference_time_source, article.published_at) == (
        "http",
        datetime(2025, 1, 7, 8, tzinfo=UTC),
    )
    retrieved = datetime(2025, 6, 1, 12, tzinfo=UTC)
    article = extract_article(raw_file("en_layout.txt"), Settings(), retrieved_at=retrieved)
    assert article.reference_time_source == "now"
    assert article.published_at == datetime(2025, 5, 29, 12, tzinfo=UTC)
    assert article.retrieved_at == retrieved


def test_forced_language_wins():
    article = extract_article(raw_file("en_layout.txt"), Settings(as_of=AS_OF, language="fr"))
    assert (article.language, article.language_confidence) == ("fr", 1.0)


def test_other_languages_land_in_other():
    text = (
        "Die Außenminister trafen sich am Montag in Berlin.\n\n"
        "Die Regierung hat heute neue Gespräche über die Sicherheit in Europa angekündigt."
    )
    article = extract_article(RawDocument("de", text, "text/plain"), SETTINGS)
    assert article.language == "other"


def test_html_page_metadata_comes_first():
    article = extract_article(raw_file("page_fr.html"), SETTINGS)
    assert article.title == "Balkans : Belgrade et Pristina reprennent le dialogue"
    assert article.author == "Luc Bernard"
    assert article.published_at == datetime(2025, 2, 14, 8, 30, tzinfo=UTC)
    assert article.published_at.utcoffset() == timedelta(hours=1)  # the page's own offset
    assert article.published_date_local == "2025-02-14"
    assert article.source_name == "Le Journal des Exemples"
    assert article.text.startswith(article.title + "\n\nLes négociateurs")
    # Only the title is in the text (its first line); the byline and date came from the page.
    assert article.evidence == {"title": Span(0, len(article.title), article.title)}
    assert "Accueil" not in article.text


def test_json_ld_metadata():
    article = extract_article(raw_file("page_en.html"), SETTINGS)
    assert article.author == "Maria Lopez"
    assert article.published_at == datetime(2025, 5, 20, 14, tzinfo=UTC)


def test_unclosed_title_swallows_the_page_and_gives_a_clear_error():
    with pytest.raises(ExtractionError) as caught:
        extract_article(raw_file("unclosed_title.html"), SETTINGS)
    assert caught.value.code == "E-NO-TEXT"


FRENCH = "Élysée : le président a reçu jeudi son homologue ; « très sûr », a-t-il déclaré — l’été."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8", "utf-16", "utf-8-sig"])
def test_legacy_and_unicode_encodings_decode_accents(encoding):
    text = FRENCH if encoding != "latin-1" else FRENCH.replace("’", "'").replace("—", "-")
    raw = RawDocument("enc", f"Titre\n\n{text}".encode(encoding), "text/plain")
    article = extract_article(raw, SETTINGS)
    assert text in article.text


def test_declared_charset_is_used_and_a_latin1_label_on_utf8_is_ignored():
    raw = RawDocument(
        "d", f"Titre\n\n{FRENCH}".encode("cp1252"), "text/plain", charset="windows-1252"
    )
    assert FRENCH in extract_article(raw, SETTINGS).text
    mislabeled = RawDocument("m", f"Titre\n\n{FRENCH}".encode(), "text/plain", charset="iso-8859-1")
    assert FRENCH in extract_article(mislabeled, SETTINGS).text


def test_html_meta_charset_is_honoured():
    html = (
        '<html><head><meta charset="windows-1252"><title>t</title></head><body><article>'
        f"<p>{FRENCH} {FRENCH} {FRENCH}</p></article></body></html>"
    ).encode("cp1252")
    assert FRENCH in extract_article(RawDocument("h", html, "text/html"), SETTINGS).text


def test_invalid_utf8_keeps_the_valid_accents():
    data = f"Titre\n\n{FRENCH}".encode() + b"\xff\xfe\xfa" + f" {FRENCH}".encode()
    article = extract_article(RawDocument("bad", data, "text/plain"), SETTINGS)
    assert article.text.count(FRENCH) == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E-EMPTY"),
        (b"   \n\t\n", "E-EMPTY"),
        (b"\x00\x01\x02\x03binary\x00", "E-BINARY"),
        (b"%PDF-1.7\n%binary", "E-BINARY"),
        (b"\x89PNG\r\n\x1a\n\x00", "E-BINARY"),
        (bytes(range(1, 32)) * 10, "E-BINARY"),
        (b"\xef\xbb\xbf", "E-EMPTY"),
        (b"\xff\xfe" + b"\x00\xd8", "E-ENCODING"),
        (b"---- *** ----", "E-NO-TEXT"),
    ],
)
def test_unusable_input_raises_a_coded_error(data, code):
    with pytest.raises(ExtractionError) as caught:
        extract_article(RawDocument("bad", data, "text/plain"), SETTINGS)
    assert caught.value.code == code
    assert caught.value.message


def test_stated_reading_time_or_estimate():
    stated = extract_article(raw_file("en_layout.txt"), SETTINGS)
    assert (stated.reading_time_minutes, stated.reading_time_estimated) == (4, False)
    words = " ".join(["word"] * 700)
    estimated = extract_article(RawDocument("e", f"Title\n\n{words}", "text/plain"), SETTINGS)
    assert (estimated.reading_time_minutes, estimated.reading_time_estimated) == (4, True)


def test_ids_hashes_and_minhash():
    article = extract_article(raw_file("fr_layout.txt"), SETTINGS)
    again = extract_article(raw_file("fr_layout.txt"), SETTINGS)
    assert article.id == again.id
    assert len(article.id) == 16
    assert len(article.minhash) == MINHASH_PERMUTATIONS
    assert article.minhash == again.minhash
    spaced = article.text.replace(" ", "  ").upper()
    assert content_hash(spaced) == article.content_hash
    with_url = extract_article(
        raw_file("fr_layout.txt", url="https://Ex.org/a?utm_medium=x#frag"), SETTINGS
    )
    assert with_url.id != article.id
    other_spelling = raw_file("en_layout.txt", url="https://ex.org/a")
    assert extract_article(other_spelling, SETTINGS).id == with_url.id
    assert canonical_url("https://Ex.org/a?utm_medium=x#frag") == "https://ex.org/a"


def test_near_duplicates_have_close_minhashes():
    first = extract_article(raw_file("en_layout.txt"), SETTINGS)
    edited = (FIXTURES / "en_layout.txt").read_text().replace("Monday", "Tuesday")
    second = extract_article(RawDocument("b", edited, "text/plain"), SETTINGS)
    other = extract_article(raw_file("fr_layout.txt"), SETTINGS)
    same = sum(a == b for a, b in zip(first.minhash, second.minhash, strict=True))
    different = sum(a == b for a, b in zip(first.minhash, other.minhash, strict=True))
    assert same / MINHASH_PERMUTATIONS > 0.8
    assert different / MINHASH_PERMUTATIONS < 0.1
