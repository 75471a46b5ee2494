"""Extraction: a :class:`RawDocument` becomes an :class:`Article` with metadata and sections.

Precedence for each field, first that answers wins:

* what the container stated (``RawDocument.metadata``: a feed entry, a JSONL record);
* for HTML, what the page declares (JSON-LD, Open Graph, ``<meta>``), then trafilatura;
* for text, the layout: title line, byline bullets (author, role, date, reading time).

Relative dates resolve against the reference time: ``settings.as_of``, else the
source's own (feed entry date, HTTP ``Date``, file time), else the retrieval
time. ``Article.text`` is the title line then the body, and every span in
``evidence`` and ``sections`` indexes into it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, datetime

from veille.dates import parse_metadata_date, resolve_date
from veille.decoding import decode_document
from veille.errors import ExtractionError
from veille.htmlmeta import read_page
from veille.language import detect_language
from veille.layout import Layout, classify_sections, parse_layout
from veille.records import Article, RawDocument, Section, Span
from veille.settings import LANGUAGES, Settings
from veille.textsig import article_id, content_hash, minhash_signature

__all__ = ["WORDS_PER_MINUTE", "extract_article"]

WORDS_PER_MINUTE = 230
"""Reading speed used to estimate reading time when the article does not state it."""

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
# C0/C1 controls other than tab and newline carry no text and break offsets downstream.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe]")
_BODY_KINDS = frozenset({"body", "commentary"})
# Lone surrogates (a JSON "\ud800" escape, a feed's "&#xD800;") are not text:
# spaCy, lingua and SQLite all refuse to encode them, so they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters XML forbids: lxml refuses to build text nodes holding them, and a
# feed's loosely parsed content can carry them into the HTML path.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def extract_article(
    raw: RawDocument, settings: Settings, *, retrieved_at: datetime | None = None
) -> Article:
    """Turn one source item into an article with metadata, sections and signatures.

    Raises :class:`~veille.errors.ExtractionError` (``E-EMPTY``, ``E-BINARY``,
    ``E-ENCODING``, ``E-NO-TEXT``) when the item holds no usable article.
    """
    retrieved = _as_utc(retrieved_at) if retrieved_at else datetime.now(UTC)
    if isinstance(raw.data, bytes):
        if not raw.data.strip():
            raise ExtractionError(_empty_message(raw), code="E-EMPTY")
        decoded, _ = decode_document(raw.data, declared=raw.charset)
    else:
        decoded = _SURROGATE.sub("\ufffd", raw.data)
    if not decoded.strip():
        raise ExtractionError(_empty_message(raw), code="E-EMPTY")
    metadata = {
        key: _SURROGATE.sub("\ufffd", value.strip())
        for key, value in raw.metadata.items()
        if value and value.strip()
    }
    if _is_html(raw.media_type, decoded):
        html = _XML_FORBIDDEN.sub("", decoded)
        parts = _from_html(html, raw.url or metadata.get("url"), metadata)
    else:
        parts = _from_text(decoded, metadata)
    text, layout, page = parts
    if not any(char.isalnum() for char in text):
        raise ExtractionError(
            "the item holds no words (only spaces, punctuation or symbols); check the source",
            code="E-NO-TEXT",
        )

    reference, reference_source = _reference_time(raw, settings, retrieved)
    body = "\n".join(text[s.start : s.end] for s in layout.sections if s.kind in _BODY_KINDS)
    language, confidence = _language(settings, metadata, body or text)
    date_languages = (language, *(x for x in LANGUAGES if x != language))
    date_languages = tuple(x for x in date_languages if x in LANGUAGES)

    evidence: dict[str, Span] = {}
    title = _field("title", metadata, page, layout.title, evidence)
    author = _field("author", metadata, page, layout.author, evidence)
    author_role = _field("author_role", metadata, page, layout.author_role, evidence)
    published_text = _field("published", metadata, page, layout.published, evidence)
    published_at = None
    if published_text is not None:
        if "published" in evidence:
            published_at = resolve_date(published_text, reference, date_languages)
        else:
            published_at = parse_metadata_date(published_text, reference)

    minutes = layout.reading_minutes
    if minutes is not None and layout.reading_time is not None:
        evidence["reading_time"] = layout.reading_time
    estimated = minutes is None
    if minutes is None:
        minutes = max(1, math.ceil(len((body or text).split()) / WORDS_PER_MINUTE))

    url = raw.url or metadata.get("url")
    return Article(
        id=article_id(url, text),
        text=text,
        content_hash=content_hash(text),
        url=url,
        source_name=raw.source_name or metadata.get("source_name") or page.get("source_name"),
        source_format=metadata.get("source_format") or ("html" if page else "text"),
        title=title,
        author=author,
        author_role=author_role,
        published_at=published_at,
        published_text=published_text,
        reference_time=reference,
        reference_time_source=reference_source,
        retrieved_at=retrieved,
        language=language,
        language_confidence=confidence,
        reading_time_minutes=minutes,
        reading_time_estimated=estimated,
        sections=layout.sections,
        evidence=evidence,
        minhash=minhash_signature(body or text),
    )


def clean_text(text: str) -> str:
    """Normalise line breaks, drop control characters, compose accents (NFC), trim lines.

    The result is what ``Article.text`` is built from, so offsets are stable.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _from_text(decoded: str, metadata: dict[str, str]) -> tuple[str, Layout, dict[str, str]]:
    text = clean_text(decoded).lstrip()
    title = metadata.get("title")
    if title and text.split("\n", 1)[0].strip() != title:
        # The container knows the title and the text does not start with it:
        # put it on the first line so Article.text keeps its "title first" shape.
        text = f"{_one_line(title)}\n\n{text}"
    return text, parse_layout(text), {}


def _from_html(
    decoded: str, url: str | None, metadata: dict[str, str]
) -> tuple[str, Layout, dict[str, str]]:
    page = read_page(decoded, url)
    body = clean_text(page.body)
    title = _one_line(metadata.get("title") or page.title or "")
    if not title:
        layout = parse_layout(body)
        return body, layout, _page_fields(page.author, page.published, page.site_name)
    first_line, _, rest = body.partition("\n")
    if _one_line(first_line) == title:
        # trafilatura keeps the page's <h1>; the title line already says it.
        body = rest.strip("\n")
    text = f"{title}\n\n{body}" if body else title
    body_start = len(title) + 2
    sections = (Section("title", 0, body_start), *classify_sections(text, body_start))
    layout = Layout(body_start=body_start, sections=sections)
    fields = _page_fields(page.author, page.published, page.site_name)
    fields["title"] = title
    return text, layout, fields


def _page_fields(author: str | None, published: str | None, site: str | None) -> dict[str, str]:
    fields = {"author": author, "published": published, "source_name": site}
    # An empty dict would read as "not HTML"; the marker keeps the format right.
    return {"format": "html"} | {key: value for key, value in fields.items() if value}


def _field(
    name: str,
    metadata: dict[str, str],
    page: dict[str, str],
    span: Span | None,
    evidence: dict[str, Span],
) -> str | None:
    """Pick one metadata field by precedence; keep its span when the text gave it."""
    stated = metadata.get(name) or page.get(name)
    if stated is not None:
        if span is not None and span.text == stated:
            evidence[name] = span
        return stated
    if span is not None:
        evidence[name] = span
        return span.text
    return None


def _reference_time(
    raw: RawDocument, settings: Settings, retrieved: datetime
) -> tuple[datetime, str]:
    if settings.as_of is not None:
        return _as_utc(settings.as_of), "as-of"
    if raw.reference_time is not None:
        return _as_utc(raw.reference_time), raw.reference_time_source or "source"
    return retrieved, "now"


def _language(settings: Settings, metadata: dict[str, str], text: str) -> tuple[str, float]:
    if settings.language != "auto":
        return settings.language, 1.0
    stated = metadata.get("language", "")[:2].lower()
    if stated in LANGUAGES:
        return stated, 1.0
    return detect_language(text)


def _is_html(media_type: str, text: str) -> bool:
    kind = media_type.split(";", maxsplit=1)[0].strip().lower()
    if kind in _HTML_TYPES:
        return True
    if kind in ("text/plain", "text/markdown"):
        return False
    return bool(_HTML_START.match(text[:2000]))


def _one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _empty_message(raw: RawDocument) -> str:
    return f"{raw.source} is empty (no text at all); remove it or check how it was saved"
