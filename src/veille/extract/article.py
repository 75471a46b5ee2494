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
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from veille.budgets import ItemClock
from veille.errors import ExtractionError
from veille.extract.dates import parse_metadata_date, parse_page_datetime, resolve_date
from veille.extract.decoding import decode_document
from veille.extract.htmlmeta import PageContent, bound_html, read_page
from veille.extract.language import detect_language
from veille.extract.layout import Layout, classify_sections, parse_layout
from veille.extract.pagemeta import parse_byline
from veille.extract.textsig import article_id, content_hash, minhash_signature
from veille.records import Article, MetadataChoice, RawDocument, Section, Span
from veille.settings import LANGUAGES, Settings

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
    raw: RawDocument,
    settings: Settings,
    *,
    retrieved_at: datetime | None = None,
    clock: ItemClock | None = None,
) -> Article:
    """Turn one source item into an article with metadata, sections and signatures.

    Raises :class:`~veille.errors.ExtractionError` (``E-EMPTY``, ``E-BINARY``,
    ``E-ENCODING``, ``E-NO-TEXT``) when the item holds no usable article, and
    :class:`~veille.errors.BudgetError` (``E-TIMEOUT``) when ``clock`` is over
    its budget between two stages. HTML is first held to
    ``settings.max_html_nodes`` elements and ``settings.max_html_attributes``
    attributes (:func:`~veille.extract.htmlmeta.bound_html`).
    """
    check = clock.check if clock is not None else _no_check
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
    check("decoding")
    reference, reference_source = _reference_time(raw, settings, retrieved)
    url = raw.url or metadata.get("url")
    page: PageContent | None = None
    if _is_html(raw.media_type, decoded):
        html = bound_html(
            _XML_FORBIDDEN.sub("", decoded), settings.max_html_nodes, settings.max_html_attributes
        )
        check("bounding the HTML")
        text, layout, page = _from_html(html, url, metadata, reference)
        # A saved page has no URL of its own but states one (canonical link, og:url).
        url = url or page.url
    else:
        text, layout = _from_text(decoded, metadata)
    check("reading the page or text layout")
    if not any(char.isalnum() for char in text):
        raise ExtractionError(
            "the item holds no words (only spaces, punctuation or symbols); check the source",
            code="E-NO-TEXT",
        )

    body = "\n".join(text[s.start : s.end] for s in layout.sections if s.kind in _BODY_KINDS)
    language, confidence = _language(settings, metadata, body or text)
    date_languages = (language, *(x for x in LANGUAGES if x != language))
    date_languages = tuple(x for x in date_languages if x in LANGUAGES)
    fields = _metadata(metadata, page, layout, reference, date_languages)
    evidence = fields.evidence

    minutes = layout.reading_minutes
    if minutes is not None and layout.reading_time is not None:
        evidence["reading_time"] = layout.reading_time
    estimated = minutes is None
    if minutes is None:
        minutes = max(1, math.ceil(len((body or text).split()) / WORDS_PER_MINUTE))

    check("reading the metadata")
    return Article(
        id=article_id(url, text),
        text=text,
        content_hash=content_hash(text),
        url=url,
        source_name=raw.source_name
        or metadata.get("source_name")
        or (page.site_name if page is not None else None),
        source_format=metadata.get("source_format") or ("html" if page is not None else "text"),
        title=fields.title,
        author=", ".join(fields.authors) or None,
        authors=fields.authors,
        organisation=fields.organisation,
        author_role=fields.author_role,
        published_at=fields.published_at,
        published_date_local=fields.published_day,
        published_text=fields.published_text,
        reference_time=reference,
        reference_time_source=reference_source,
        retrieved_at=retrieved,
        language=language,
        language_confidence=confidence,
        reading_time_minutes=minutes,
        reading_time_estimated=estimated,
        sections=layout.sections,
        evidence=evidence,
        provenance=fields.provenance,
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


def _from_text(decoded: str, metadata: dict[str, str]) -> tuple[str, Layout]:
    text = clean_text(decoded).lstrip()
    title = metadata.get("title")
    if title and text.split("\n", 1)[0].strip() != title:
        # The container knows the title and the text does not start with it:
        # put it on the first line so Article.text keeps its "title first" shape.
        text = f"{_one_line(title)}\n\n{text}"
    return text, parse_layout(text)


def _from_html(
    decoded: str, url: str | None, metadata: dict[str, str], reference: datetime
) -> tuple[str, Layout, PageContent]:
    page = read_page(decoded, url, reference=reference)
    body = clean_text(page.body)
    title = _one_line(metadata.get("title") or page.title or "")
    if not title:
        return body, parse_layout(body), page
    first_line, _, rest = body.partition("\n")
    if _one_line(first_line) == title:
        # trafilatura keeps the page's <h1>; the title line already says it.
        body = rest.strip("\n")
    text = f"{title}\n\n{body}" if body else title
    body_start = len(title) + 2
    sections = (Section("title", 0, body_start), *classify_sections(text, body_start))
    layout = Layout(title=Span(0, len(title), title), body_start=body_start, sections=sections)
    return text, layout, page


@dataclass(frozen=True, slots=True)
class _Fields:
    """The article's metadata, each field with its evidence span and provenance."""

    title: str | None
    authors: tuple[str, ...]
    organisation: str | None
    author_role: str | None
    published_at: datetime | None
    published_day: str | None
    published_text: str | None
    evidence: dict[str, Span]
    provenance: dict[str, MetadataChoice]


def _metadata(
    metadata: dict[str, str],
    page: PageContent | None,
    layout: Layout,
    reference: datetime,
    languages: tuple[str, ...],
) -> _Fields:
    """Pick each field: the container's value, else the page's vote, else the text layout."""
    evidence: dict[str, Span] = {}
    provenance: dict[str, MetadataChoice] = dict(page.choices) if page is not None else {}
    title = _field("title", metadata, page.title if page else None, layout.title, evidence)
    if "title" in metadata:
        provenance["title"] = MetadataChoice(metadata["title"], "container")
    elif page is None and title is not None:
        provenance["title"] = MetadataChoice(title, "text:title-line")
    authors, organisation = _byline(metadata, page, layout, evidence, provenance)
    role = _field("author_role", metadata, None, layout.author_role, evidence)
    published_text, published_at, day = _published(
        metadata,
        page,
        layout,
        reference=reference,
        languages=languages,
        evidence=evidence,
        provenance=provenance,
    )
    return _Fields(
        title, authors, organisation, role, published_at, day, published_text, evidence, provenance
    )


def _byline(
    metadata: dict[str, str],
    page: PageContent | None,
    layout: Layout,
    evidence: dict[str, Span],
    provenance: dict[str, MetadataChoice],
) -> tuple[tuple[str, ...], str | None]:
    stated = metadata.get("author")
    if stated is not None:
        byline = parse_byline([stated])
        provenance["authors"] = MetadataChoice(stated, "container")
        return byline.persons, byline.organisation_text
    if page is not None and (page.authors or page.organisation):
        return page.authors, page.organisation
    span = layout.author
    if span is None:
        return (), None
    byline = parse_byline([span.text])
    if not byline.persons and not byline.organisations:
        # The layout read a name-shaped line the byline rules do not know: keep it.
        byline = replace(byline, persons=(span.text,))
    evidence["author"] = span
    provenance["authors"] = MetadataChoice(span.text, "text:byline")
    return byline.persons, byline.organisation_text


def _published(  # one field's sources and where its evidence goes
    metadata: dict[str, str],
    page: PageContent | None,
    layout: Layout,
    *,
    reference: datetime,
    languages: tuple[str, ...],
    evidence: dict[str, Span],
    provenance: dict[str, MetadataChoice],
) -> tuple[str | None, datetime | None, str | None]:
    """Return the date as written, the instant (page offset kept) and the page's day."""
    stated = metadata.get("published")
    if stated is not None:
        provenance["published"] = MetadataChoice(stated, "container")
        moment = _machine_date(stated, reference)
        return stated, moment, moment.date().isoformat() if moment else None
    if page is not None and page.published is not None:
        moment = page.published_at or _machine_date(page.published, reference)
        if moment is None:
            moment = resolve_date(page.published, reference, languages)
        day = page.published_day or (moment.date().isoformat() if moment else None)
        return page.published, moment, day
    span = layout.published
    if span is None:
        return None, None, None
    evidence["published"] = span
    provenance["published"] = MetadataChoice(span.text, "text:dateline")
    moment = resolve_date(span.text, reference, languages)
    return span.text, moment, moment.date().isoformat() if moment else None


def _machine_date(text: str, reference: datetime) -> datetime | None:
    """Read a machine-written date of a feed or a page, keeping its offset (UTC if none)."""
    moment = parse_page_datetime(text)
    if moment is not None:
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return parse_metadata_date(text, reference)


def _field(
    name: str,
    metadata: dict[str, str],
    declared: str | None,
    span: Span | None,
    evidence: dict[str, Span],
) -> str | None:
    """Pick one metadata field by precedence; keep its span when the text gave it."""
    stated = metadata.get(name) or declared
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


def _no_check(step: str) -> None:
    """Stand in for :meth:`ItemClock.check` when no clock is given."""


def _empty_message(raw: RawDocument) -> str:
    return f"{raw.source} is empty (no text at all); remove it or check how it was saved"
