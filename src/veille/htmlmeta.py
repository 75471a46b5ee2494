"""HTML pages: the page's own metadata first, trafilatura for the body and as a fallback.

Publishers state title, author and date for search engines and social
networks (JSON-LD ``NewsArticle``, Open Graph, ``article:*`` and ``<meta
name=author>``); those are written by the newsroom's CMS and are more exact
than any guess from the layout, so they win. trafilatura supplies the body
text and fills whatever the page did not declare.
"""

from __future__ import annotations

import html as html_entities
import json
import re
from collections.abc import Iterator, Mapping
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
# A byline label left in front of the name ("Auteur Anna K.", "By Jane Doe").
_AUTHOR_LABEL = re.compile(
    r"^(?:written\s+by|posted\s+by|by|par|écrit\s+par|propos\s+recueillis\s+par|"
    r"auteure?s?|authors?|texte)\b\s*:?\s*",
    re.IGNORECASE,
)
# CMS placeholders that stand where no author was entered: not a name.
_NO_AUTHOR = frozenset({"no author", "unknown", "anonymous", "admin", "n/a", "none", "null"})
# What separates a headline from the site name appended to it: "Headline | Site".
# A colon is left out: it splits headlines themselves ("Ukraine : la Russie ...").
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•]\s+")
_MAX_SITE_WORDS = 5
_MIN_SITE_CHARS = 4
_MIN_HEADLINE_WORDS = 3
_ELLIPSIS = ("...", "…")
_MAX_HEADINGS = 5
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
    site_name = declared.get("site_name") or _clean(extracted.get("sitename"))
    title = (
        declared.get("title") or _clean(extracted.get("title")) or declared.get("document_title")
    )
    return PageContent(
        title=_headline(title, declared.get("headings", ""), site_name, url),
        author=declared.get("author") or _author_name(_clean(extracted.get("author"))),
        published=declared.get("published") or _clean(extracted.get("date")),
        language=declared.get("language") or _clean(extracted.get("language")),
        site_name=site_name,
        url=declared.get("url") or url,
        body=body,
    )


def page_metadata(html: str) -> dict[str, str]:
    """Title, author, published date, language, site name and canonical URL the page declares.

    JSON-LD comes first, then ``<meta>`` tags; ``document_title`` holds the
    ``<title>`` element and ``headings`` the first ``<h1>`` texts, one per
    line. Keys are missing when the page does not say.
    """
    root = _parse(html)
    if root is None:
        return {}
    found: dict[str, str] = {}
    nodes = _json_ld_nodes(root)
    index = {str(node["@id"]): node for node in nodes if isinstance(node.get("@id"), str)}
    for item in (node for node in nodes if _is_article(node)):
        _put(found, "title", _text_of(item.get("headline") or item.get("name")))
        _put(found, "author", _author_of(item.get("author"), index))
        _put(found, "published", _text_of(item.get("datePublished") or item.get("dateCreated")))
        _put(found, "language", _text_of(item.get("inLanguage")))
    meta = _meta_tags(root)
    for key in _TITLE_KEYS:
        _put(found, "title", meta.get(key))
    for key in _AUTHOR_KEYS:
        value = meta.get(key)
        # article:author is often a profile URL, which is not a name.
        if value and not value.startswith(("http://", "https://", "/")):
            _put(found, "author", _author_name(value))
    for key in _DATE_KEYS:
        _put(found, "published", meta.get(key))
    _put(found, "site_name", meta.get("og:site_name"))
    _put(found, "url", meta.get("og:url"))
    titles = root.xpath("//title/text()")
    if titles:
        # Kept apart: <title> often carries the site name, so trafilatura's cleaned title wins.
        _put(found, "document_title", _clean(str(titles[0])))
    headings = [_clean(str(h.text_content())) for h in root.xpath("//h1")[:_MAX_HEADINGS]]
    # Kept for telling a headline from the site name glued to og:title.
    _put(found, "headings", "\n".join(h for h in headings if h))
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


def _json_ld_nodes(root: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    nodes: list[dict[str, Any]] = []
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        nodes.extend(_walk_json_ld(data, depth=0))
    return nodes


def _walk_json_ld(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_json_ld(data["@graph"], depth + 1)


def _is_article(node: Mapping[str, Any]) -> bool:
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and name.lower() in _ARTICLE_TYPES for name in names)


def _author_of(value: object, index: Mapping[str, Mapping[str, Any]]) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_author_of(item, index) for item in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        name = value.get("name")
        if name is None and isinstance(value.get("@id"), str):
            # Graph style (Yoast and others): the author is a reference to a Person node.
            name = index.get(value["@id"], {}).get("name")
        return _author_name(_text_of(name))
    return _author_name(_text_of(value))


def _author_name(value: str | None) -> str | None:
    """Drop a byline label ("By", "Auteur") and CMS placeholders ("No Author")."""
    if value is None:
        return None
    name = _AUTHOR_LABEL.sub("", value).strip()
    if not name or name.casefold() in _NO_AUTHOR:
        return None
    return name


def _headline(
    title: str | None, headings: str, site_name: str | None, url: str | None
) -> str | None:
    """Remove what sites glue to their headline: "Headline | Site", "Headline…".

    The page's own ``<h1>`` is the visible headline: when the declared title is
    that heading plus a separator and more, or a cut-off version of it, the
    heading is the title. Else a last segment naming the site is dropped.
    """
    if title is None:
        return None
    stem = title.rstrip(".… ")
    cut_off = title.endswith(_ELLIPSIS)
    for heading in filter(None, headings.split("\n")):
        if cut_off and heading.startswith(stem) and len(stem) > len(heading) // 2:
            return heading
        rest = title[len(heading) :]
        # A logo <h1> ("POLITICO") is one or two words; what a site glues after
        # its headline (name, section, date) is a few words, not a sentence.
        glued = title.startswith(heading) and len(heading.split()) >= _MIN_HEADLINE_WORDS
        if glued and _TITLE_SEPARATOR.match(rest) and len(rest.split()) <= 2 * _MAX_SITE_WORDS:
            return heading
    return _drop_site_suffix(title, site_name, url)


def _drop_site_suffix(title: str, site_name: str | None, url: str | None) -> str:
    names = {_squash(site_name or "")}
    if url:
        host = url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
        names.add(_squash(host.rsplit(".", 1)[0]))
    names.discard("")
    cut = title
    while separators := list(_TITLE_SEPARATOR.finditer(cut)):
        tail = cut[separators[-1].end() :]
        # A long last segment is part of the headline even when it names the site.
        if len(tail.split()) > _MAX_SITE_WORDS or not _names_site(_squash(tail), names):
            break
        cut = cut[: separators[-1].start()]
    return cut


def _names_site(segment: str, names: set[str]) -> bool:
    # Short strings match inside anything ("dw" in "crowds"): require some length.
    return any(
        (len(segment) >= _MIN_SITE_CHARS and segment in name)
        or (len(name) >= _MIN_SITE_CHARS and name in segment)
        for name in names
    )


def _squash(value: str) -> str:
    return "".join(char for char in value.casefold() if char.isalnum())


def _text_of(value: object) -> str | None:
    if isinstance(value, list) and value:
        return _text_of(value[0])
    if isinstance(value, dict):
        return _text_of(value.get("name") or value.get("@value"))
    return _clean(value) if isinstance(value, str) else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if "&" in value:
        # Double-escaped entities ("d&#039;actions") survive the parser once.
        value = html_entities.unescape(value)
    cleaned = _SPACES.sub(" ", value).strip()
    # Markup inside a value means an unclosed tag swallowed the page; it is not metadata.
    if len(cleaned) > _MAX_FIELD_CHARS or "<" in cleaned:
        return None
    return cleaned or None


def _put(found: dict[str, str], key: str, value: str | None) -> None:
    if value and key not in found:
        found[key] = value
