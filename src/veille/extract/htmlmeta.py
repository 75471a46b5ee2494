"""HTML pages: the page's metadata (chosen by :mod:`veille.extract.pagemeta`) and its body text.

The page is parsed once. The metadata resolver reads every candidate the
page states (JSON-LD, Open Graph, Dublin Core, the visible headline, byline
and dateline ...) and votes; trafilatura supplies the body text, from the
same tree. A page trafilatura finds no text in falls back to its block text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from veille.errors import ExtractionError
from veille.extract.pagemeta import PageMetadata, resolve
from veille.records import MetadataChoice

_FULL_PAGE = re.compile(r"<(?:html|body|article|main)\b", re.IGNORECASE)
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "section",
    "article",
    "pre",
    "table",
    "ul",
    "ol",
)


MAX_ATTRIBUTES_PER_ELEMENT = 100
"""Attributes kept on one element (real pages stay under 30): libxml2 compares each new
attribute of an element with all the earlier ones, so their cost grows with the square."""

# A start tag: "<", a letter, then anything up to ">" where a quoted value is
# one piece, since it may hide ">" or "<". As in the HTML tokenizer, a quote
# opens a value only after "=": a stray one (`class">`, seen on real pages)
# is part of an attribute name, else the tag would run on to the next quote
# and swallow the page up to it. Also matched inside scripts ("a<b"), which
# only makes the counts err on the safe side.
_START_TAG = re.compile(r"""<[A-Za-z](?:[^>=]++|=\s*+(?:"[^"]*+"|'[^']*+')|=)*+>?""")
# One attribute of a start tag: its name, then "=" and a value, quoted or not.
# A quoted value is consumed whole, so names written inside it do not count.
_ATTRIBUTE = re.compile(r"""[^\s/>"'=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"']*+))?+""")


def bound_html(html: str, max_nodes: int, max_attributes: int) -> str:
    """Hold ``html`` to ``max_nodes`` elements and ``max_attributes`` attributes, before parsing.

    One pass over the start tags, in time linear in the text. Parsing and
    trafilatura's extraction cost grows faster than the page: 300,000
    elements took over 5 minutes, 20,000 elements of 64 attributes 40 s, and
    one element of 100,000 attributes 18 s per parse. The page is cut before
    the first element beyond either bound (the parser closes what is left
    open), and an element keeps its first :data:`MAX_ATTRIBUTES_PER_ELEMENT`
    attributes. Pages within the bounds are returned unchanged.
    """
    kept: list[str] = []
    copied = 0
    attributes = 0
    for number, tag in enumerate(_START_TAG.finditer(html), start=1):
        # From just after "<", the first match is the tag name.
        names = _ATTRIBUTE.findall(tag.group(0), 1)[1:]
        attributes += min(len(names), MAX_ATTRIBUTES_PER_ELEMENT)
        if number > max_nodes or attributes > max_attributes:
            kept.append(html[copied : tag.start()])
            return "".join(kept)
        if len(names) > MAX_ATTRIBUTES_PER_ELEMENT:
            kept.append(html[copied : tag.start()])
            kept.append(_keep_attributes(tag.group(0), MAX_ATTRIBUTES_PER_ELEMENT))
            copied = tag.end()
    kept.append(html[copied:])
    return "".join(kept) if len(kept) > 1 else html


def _keep_attributes(tag: str, limit: int) -> str:
    """Cut a start tag after its first ``limit`` attributes."""
    # Skip the tag name and the attributes kept, and cut before the next one.
    beyond = next(islice(_ATTRIBUTE.finditer(tag, 1), limit + 1, None), None)
    return tag if beyond is None else tag[: beyond.start()].rstrip() + ">"


@dataclass(frozen=True, slots=True)
class PageContent:
    """What an HTML page yields: metadata (chosen by :mod:`veille.extract.pagemeta`) and text."""

    title: str | None
    authors: tuple[str, ...]
    organisation: str | None
    published: str | None
    published_at: datetime | None
    published_day: str | None
    language: str | None
    site_name: str | None
    url: str | None
    body: str
    choices: Mapping[str, MetadataChoice] = field(default_factory=dict)

    @property
    def author(self) -> str | None:
        """The persons of the byline joined by ", " (never an organisation), or ``None``."""
        return ", ".join(self.authors) or None


def read_page(
    html: str,
    url: str | None = None,
    *,
    reference: datetime | None = None,
    languages: tuple[str, ...] = ("fr", "en"),
) -> PageContent:
    """Extract metadata and body text from ``html``; broken markup is tolerated.

    The page is parsed once: :func:`veille.extract.pagemeta.resolve` reads the tree,
    then trafilatura extracts the body from it (its own metadata pass is not
    run, the resolver supersedes it). ``reference`` resolves relative
    datelines (default: now). Raises :class:`ExtractionError` ``E-NO-TEXT``
    when no article text is found.
    """
    root = _parse(html)
    when = reference if reference is not None else datetime.now(UTC)
    meta = resolve(root, url, when, languages) if root is not None else PageMetadata()
    # A fragment (a feed summary) has no page furniture to remove; trafilatura
    # would only log that the tree is too small.
    full_page = root is not None and _FULL_PAGE.search(html[:5000]) is not None
    extracted = _trafilatura(root, url) if full_page else {}
    body = (extracted.get("text") or "").strip()
    if not body:
        body = _fallback_text(html)
    if not body:
        raise ExtractionError(
            "the HTML page holds no article text (empty, a script-only page, or a paywall); "
            "check the page in a browser",
            code="E-NO-TEXT",
        )
    return PageContent(
        title=meta.title,
        authors=meta.authors,
        organisation=meta.organisation,
        published=meta.published,
        published_at=meta.published_at,
        published_day=meta.published_day,
        language=meta.language,
        site_name=meta.site_name,
        url=meta.url or url,
        body=body,
        choices=meta.choices,
    )


def page_metadata(
    html: str, url: str | None = None, *, reference: datetime | None = None
) -> PageMetadata:
    """Read only the metadata of ``html`` (no body extraction); empty for unparsable markup."""
    root = _parse(html)
    if root is None:
        return PageMetadata()
    return resolve(root, url, reference if reference is not None else datetime.now(UTC))


def _parse(html: str) -> Any:  # noqa: ANN401  # lxml ships no type hints
    import lxml.html  # noqa: PLC0415  # only HTML inputs need it
    from lxml.etree import ParserError  # noqa: PLC0415

    try:
        # lxml refuses str input that declares an encoding in an XML prolog, and
        # guesses Latin-1 for bytes without one: hand it UTF-8 bytes and say so.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (ParserError, ValueError, TypeError):
        return None


def _trafilatura(root: Any, url: str | None) -> dict[str, Any]:  # noqa: ANN401
    import trafilatura  # noqa: PLC0415  # heavy import, HTML inputs only

    try:
        # trafilatura copies a tree it is given, so the resolver's tree stays intact.
        document = trafilatura.bare_extraction(
            root, url=url, with_metadata=False, include_comments=False, include_tables=True
        )
    except Exception:  # a third-party parser on hostile input; fall back below
        return {}
    if document is None:
        return {}
    if isinstance(document, dict):
        return document
    return dict(document.as_dict())


def _fallback_text(html: str) -> str:
    root = _parse(html)
    if root is None:
        return ""
    for element in root.xpath("//head|//script|//style|//noscript|//nav|//header|//footer"):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        # Block boundaries become line breaks, so paragraphs do not run together.
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
