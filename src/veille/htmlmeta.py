"""HTML pages: the page's own metadata first, trafilatura for the body and as a fallback.

Publishers state title, author and date for search engines and social
networks (JSON-LD ``NewsArticle``, Open Graph, ``article:*`` and ``<meta
name=author>``); those are written by the newsroom's CMS and are more exact
than any guess from the layout, so they win. trafilatura supplies the body
text and fills whatever the page did not declare.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from veille.errors import ExtractionError

_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "liveblogposting",
        "webpage",
    }
)
_TITLE_KEYS = ("og:title", "twitter:title", "title", "dc.title", "sailthru.title")
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "sailthru.author",
    "byl",
    "parsely-author",
)
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_SPACES = re.compile(r"\s+")
_MAX_FIELD_CHARS = 300
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


@dataclass(frozen=True, slots=True)
class PageContent:
    """What an HTML page yields: metadata (page first, then trafilatura) and body text."""

    title: str | None
    author: str | None
    published: str | None
    language: str | None
    site_name: str | None
    url: str | None
    body: str


def read_page(html: str, url: str | None = None) -> PageContent:
    """Extract metadata and body text from ``html``; broken markup is tolerated.

    Raises :class:`ExtractionError` ``E-NO-TEXT`` when no article text is found.
    """
    declared = page_metadata(html)
    # A fragment (a feed summary) has no page furniture to remove; trafilatura
    # would only log that the tree is too small.
    extracted = _trafilatura(html, url) if _FULL_PAGE.search(html[:5000]) else {}
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
        title=declared.get("title")
        or _clean(extracted.get("title"))
        or declared.get("document_title"),
        author=declared.get("author") or _clean(extracted.get("author")),
        published=declared.get("published") or _clean(extracted.get("date")),
        language=declared.get("language") or _clean(extracted.get("language")),
        site_name=declared.get("site_name") or _clean(extracted.get("sitename")),
        url=declared.get("url") or url,
        body=body,
    )


def page_metadata(html: str) -> dict[str, str]:
    """Title, author, published date, language, site name and canonical URL the page declares.

    JSON-LD comes first, then ``<meta>`` tags; ``document_title`` holds the
    ``<title>`` element. Keys are missing when the page does not say.
    """
    root = _parse(html)
    if root is None:
        return {}
    found: dict[str, str] = {}
    for item in _json_ld_articles(root):
        _put(found, "title", _text_of(item.get("headline") or item.get("name")))
        _put(found, "author", _author_of(item.get("author")))
        _put(found, "published", _text_of(item.get("datePublished") or item.get("dateCreated")))
        _put(found, "language", _text_of(item.get("inLanguage")))
    meta = _meta_tags(root)
    for key in _TITLE_KEYS:
        _put(found, "title", meta.get(key))
    for key in _AUTHOR_KEYS:
        value = meta.get(key)
        # article:author is often a profile URL, which is not a name.
        if value and not value.startswith(("http://", "https://", "/")):
            _put(found, "author", value)
    for key in _DATE_KEYS:
        _put(found, "published", meta.get(key))
    _put(found, "site_name", meta.get("og:site_name"))
    _put(found, "url", meta.get("og:url"))
    titles = root.xpath("//title/text()")
    if titles:
        # Kept apart: <title> often carries the site name, so trafilatura's cleaned title wins.
        _put(found, "document_title", _clean(str(titles[0])))
    languages = root.xpath("/html/@lang")
    if languages:
        _put(found, "language", str(languages[0]))
    times = root.xpath("//time[@datetime][1]/@datetime")
    if times:
        _put(found, "published", str(times[0]))
    return found


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


def _trafilatura(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura  # noqa: PLC0415  # heavy import, HTML inputs only

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
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


def _meta_tags(root: Any) -> dict[str, str]:  # noqa: ANN401
    tags: dict[str, str] = {}
    for element in root.xpath("//meta[@content]"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = _clean(element.get("content"))
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def _json_ld_articles(root: Any) -> Iterator[dict[str, Any]]:  # noqa: ANN401
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        yield from _walk_json_ld(data, depth=0)


def _walk_json_ld(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        types = data.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(name, str) and name.lower() in _ARTICLE_TYPES for name in names):
            yield data
        if "@graph" in data:
            yield from _walk_json_ld(data["@graph"], depth + 1)


def _author_of(value: object) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_author_of(item) for item in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _text_of(value.get("name"))
    return _text_of(value)


def _text_of(value: object) -> str | None:
    if isinstance(value, list) and value:
        return _text_of(value[0])
    if isinstance(value, dict):
        return _text_of(value.get("name") or value.get("@value"))
    return _clean(value) if isinstance(value, str) else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = _SPACES.sub(" ", value).strip()
    # Markup inside a value means an unclosed tag swallowed the page; it is not metadata.
    if len(cleaned) > _MAX_FIELD_CHARS or "<" in cleaned:
        return None
    return cleaned or None


def _put(found: dict[str, str], key: str, value: str | None) -> None:
    if value and key not in found:
        found[key] = value
