"""The page every step reads: its declarations, and where the article sits in it.

:func:`prepare` reads the ``<meta>`` tags, the JSON-LD objects and the
names the site goes by, then finds the article (:func:`find_article`): the
element holding the body and its headline. Every candidate is then placed
(:func:`place`): inside the article, in the page around it, or in the
chrome (navigation, sidebars, footers, related links), which does not vote.
"""

from __future__ import annotations

import html as html_entities
import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from veille.datafiles import read_data, tsv_rows

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "review",
    }
)
ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation"})
# What glues a site name or a section to a headline. A colon is left out: it
# splits headlines themselves ("Ukraine : la Russie ..."); a section before a
# colon ("Agriculture: ...") is handled on its own.
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•]|::|»)\s+")
MIN_BODY_PARAGRAPH = 25
MAX_TEXT = 300
_CHROME_TAGS = frozenset({"nav", "footer", "form", "menu"})
_SPACES = re.compile(r"\s+")
_BREAKING_TAGS = frozenset({"br", "div", "p", "li", "h1", "h2", "h3"})
_MAX_JSON_NODES = 400
_MAX_JSON_DEPTH = 6
_MAX_SITE_WORDS = 6
_MAX_SUFFIX_WORDS = 4
_MIN_SITE_CHARS = 2
_MIN_CONTAINED_CHARS = 4
_HEAD_ZONE_SLACK = 3
# Datelines and bylines sit around the headline, some just above it ("Politics
# | March 9 2017" over the title): the head zone opens a little before it.
_ABOVE_HEADLINE = 25
_NESTED_KEYS = ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart")


@dataclass(slots=True)
class Page:
    """The parsed page and what every step needs: declarations and the article's position.

    ``scope`` holds the article (body and headline), ``body`` the element
    whose paragraphs are the body; ``head_zone`` is the range of document
    positions from just above the headline to the body's first paragraph.
    """

    root: Any
    url: str | None
    meta: dict[str, list[str]]
    json_ld: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    site_names: set[str]
    scope: Any
    body: Any
    order: dict[Any, int]
    elements: list[Any]
    head_zone: tuple[int, int]
    body_end: int
    headline: Any = None
    bylines: list[Any] | None = None
    # Site names (squashed) the page writes as several words ("Le Monde"), as
    # against a name glued into a domain ("FredCavazza.net"): see person_site.
    spelled_sites: set[str] = field(default_factory=set)
    _chrome: dict[int, bool] = field(default_factory=dict)


def prepare(
    root: Any,  # noqa: ANN401  # an lxml document; lxml ships no type hints
    url: str | None,
    declared_titles: Callable[[Page], set[str]],
) -> Page:
    """Read the page's declarations and find its article.

    ``declared_titles`` gives the title keys the page declares for machines
    (Open Graph, JSON-LD ...): an ``<h2>`` saying one of them can be the
    visible headline.
    """
    meta = meta_tags(root)
    json_ld = list(json_ld_objects(root))
    articles = [node for node in json_ld if types(node) & ARTICLE_TYPES]
    sites = site_names(meta, json_ld, url, root)
    spelled = site_names(meta, json_ld, None, root, spelled_only=True)
    elements = list(root.iter())
    order = {element: index for index, element in enumerate(elements)}
    page = Page(root, url, meta, json_ld, articles, sites, root, root, order, elements, (0, 0), 0)
    page.spelled_sites = spelled
    scope, body, body_start, headline = find_article(page, declared_titles(page))
    last = body
    for last in body.iterdescendants():  # noqa: B007  # the body's last element
        pass
    anchor = order.get(headline if headline is not None else scope, 0)
    page.scope, page.body, page.headline = scope, body, headline
    page.head_zone = (
        max(order.get(scope, 0), anchor - _ABOVE_HEADLINE),
        max(body_start, anchor + 1),
    )
    page.body_end = order.get(last, body_start)
    return page


def find_article(page: Page, declared: set[str]) -> tuple[Any, Any, int, Any]:
    """Return the element holding the article, its body, where the body starts, its headline.

    The body is the element whose paragraphs hold the most text (half of it
    counted for the grandparent too, so that sections add up). The headline
    is the last heading before the body: an ``<h1>`` that is neither chrome
    nor the site's name (a logo), or an ``<h2>`` saying what the page
    ``declared`` as its title. The article is the closest element holding
    both; without a headline, the ``<article>`` or ``<main>`` around the
    body, else the body itself.
    """
    root, order = page.root, page.order
    scores: dict[Any, float] = {}
    first_paragraph: dict[Any, int] = {}
    for paragraph in root.iter("p"):
        size = len(paragraph.text_content().strip())
        if size < MIN_BODY_PARAGRAPH:
            continue
        position = order.get(paragraph, 0)
        parent = paragraph.getparent()
        grandparent = parent.getparent() if parent is not None else None
        for share, element in ((1.0, parent), (0.5, grandparent)):
            if element is not None:
                scores[element] = scores.get(element, 0.0) + size * share
                first_paragraph.setdefault(element, position)
    body = root.find("body")
    fallback = body if body is not None else root
    box = max(scores, key=lambda element: scores[element]) if scores else fallback
    body_start = first_paragraph.get(box, order.get(box, 0)) if scores else 0
    box_line = {id(element) for element in box.iterancestors()} | {id(box)}
    headings = []
    for heading in root.iter("h1", "h2"):
        text = heading_text(heading)
        if not text or names_site(text, page.site_names):
            continue
        if heading.tag == "h2" and title_key(text) not in declared:
            continue
        if not _chrome_up_to(page, heading, box_line):
            headings.append(heading)
    before = [h for h in headings if order.get(h, 0) < body_start]
    after = [h for h in headings if h.tag == "h1"]
    headline = before[-1] if before else (after[0] if after else None)
    if not scores:
        return fallback, fallback, 0, headline
    if headline is not None:
        for element in headline.iterancestors():
            if id(element) in box_line:
                return element, box, body_start, headline
    for element in [box, *box.iterancestors()]:
        if element.tag in ("article", "main") or "Article" in (element.get("itemtype") or ""):
            return element, box, body_start, headline
    return box, box, body_start, headline


def place(page: Page, element: Any) -> str:  # noqa: ANN401
    """``article``, ``page`` or ``chrome``: where a candidate sits."""
    scope = page.scope
    inside = element is scope or any(node is scope for node in element.iterancestors())
    if inside:
        return "chrome" if in_chrome(page, element, scope) else "article"
    return "chrome" if in_chrome(page, element, None) else "page"


def in_chrome(page: Page, element: Any, stop: Any) -> bool:  # noqa: ANN401
    """Whether navigation, a sidebar, a footer or a related box holds ``element``."""
    return _chrome_below(page, element, lambda node: node is stop)


def in_head_zone(page: Page, element: Any) -> bool:  # noqa: ANN401
    """Whether ``element`` sits between (just above) the headline and the body's first paragraph."""
    index = page.order.get(element, -1)
    start, end = page.head_zone
    return start <= index <= end + _HEAD_ZONE_SLACK


def head_zone_elements(page: Page) -> list[Any]:
    """Return the elements of the head zone, in document order."""
    start, end = page.head_zone
    return page.elements[start : end + _HEAD_ZONE_SLACK + 1]


def _chrome_up_to(page: Page, element: Any, line: set[int]) -> bool:  # noqa: ANN401
    return _chrome_below(page, element, lambda node: id(node) in line)


def _chrome_below(page: Page, element: Any, reached: Callable[[Any], bool]) -> bool:  # noqa: ANN401
    """Whether a chrome element holds ``element`` below the first ancestor ``reached`` accepts."""
    node = element
    while node is not None and not reached(node):
        if node.tag in ("body", "html"):
            return False
        if _is_chrome(page, node):
            return True
        node = node.getparent()
    return False


def _is_chrome(page: Page, node: Any) -> bool:  # noqa: ANN401
    key = id(node)
    known = page._chrome.get(key)  # the page's own memo
    if known is None:
        known = isinstance(node.tag, str) and (node.tag in _CHROME_TAGS or _chrome_names(node))
        page._chrome[key] = known
    return known


def _chrome_names(node: Any) -> bool:  # noqa: ANN401
    words, pairs = _chrome_words()
    for name in f"{node.get('class') or ''} {node.get('id') or ''}".split():
        parts = [part for part in re.split(r"[-_]+", name.casefold()) if part]
        if any(part in words for part in parts):
            return True
        if any((a, b) in pairs for a, b in itertools.pairwise(parts)):
            return True
    return False


@lru_cache(maxsize=1)
def _chrome_words() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for kind, text in tsv_rows(read_data("metadata", "page.tsv"), "page.tsv", 2):
        if kind == "pair":
            first, second = text.split()
            pairs.add((first, second))
        else:
            words.add(text)
    return frozenset(words), frozenset(pairs)


def meta_tags(root: Any) -> dict[str, list[str]]:  # noqa: ANN401
    """Every ``<meta>`` value by lower-cased name, in page order."""
    tags: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        # Some archived pages (postlight's fixtures) keep the value in "value".
        content = clean(element.get("content") or element.get("value"))
        if key and content:
            tags.setdefault(key.strip().lower(), []).append(content)
    return tags


def json_ld_objects(root: Any) -> Iterator[dict[str, Any]]:  # noqa: ANN401
    """Every typed object of the page's JSON-LD, ``@graph`` and nested entities included."""
    seen = 0
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for node in _walk(data, 0):
            seen += 1
            if seen > _MAX_JSON_NODES:
                return
            yield node


def _walk(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_JSON_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key in _NESTED_KEYS:
            if key in data:
                yield from _walk(data[key], depth + 1)


def types(node: Mapping[str, Any]) -> set[str]:
    """Return the lower-cased schema.org types of a JSON-LD object."""
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {name.rsplit("/", 1)[-1].lower() for name in names if isinstance(name, str)}


def type_name(node: Mapping[str, Any]) -> str:
    """Return the first type of a JSON-LD object as written, for naming a source."""
    raw = node.get("@type")
    name = raw[0] if isinstance(raw, list) and raw else raw
    return str(name) if name else "Thing"


def site_names(
    meta: dict[str, list[str]],
    json_ld: list[dict[str, Any]],
    url: str | None,
    root: Any,  # noqa: ANN401
    *,
    spelled_only: bool = False,
) -> set[str]:
    """Names the site and its publisher go by (squashed): never a person, never the headline.

    ``spelled_only``: only the names written as several words ("Le Monde",
    not "FredCavazza.net" nor the URL's host).
    """
    names = set()
    for key in ("og:site_name", "application-name", "twitter:site", "publisher", "copyright"):
        names.update(meta.get(key, []))
    for node in json_ld:
        if types(node) & (ORGANISATION_TYPES | {"website"}):
            names.add(text_of(node.get("name")) or "")
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            names.add(text_of(publisher.get("name")) or "")
    if url:
        host = url.split("://", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
        labels = [label for label in host.split(".") if label not in {"com", "co", "uk", "fr"}]
        names.update(labels[-1:])
        names.add(host)
    for title in root.iter("title"):
        parts = TITLE_SEPARATOR.split(title.text_content() or "")
        if len(parts) > 1 and len(parts[-1].split()) <= _MAX_SUFFIX_WORDS:
            names.add(parts[-1])
        break
    # A "site name" as long as a headline is a headline in the wrong field.
    return {
        squash(name)
        for name in names
        if name
        and (len(name.split()) > 1 or not spelled_only)
        and len(name.split()) <= _MAX_SITE_WORDS
        and len(squash(name)) >= _MIN_SITE_CHARS
    }


def names_site(text: str, sites: set[str]) -> bool:
    """Whether ``text`` is (or is part of) one of the site's names."""
    squashed = squash(text)
    if len(squashed) < _MIN_SITE_CHARS:
        return False
    return any(
        squashed == site
        or (
            len(site) >= _MIN_CONTAINED_CHARS
            and len(squashed) >= _MIN_CONTAINED_CHARS
            and squashed in site
        )
        for site in sites
    )


def heading_text(element: Any) -> str | None:  # noqa: ANN401
    """Return a heading's text: inline markup splits no words ("Metroid<span>,</span>")."""
    pieces = [element.text or ""]
    for node in element.iterdescendants():
        if node.tag in _BREAKING_TAGS:
            pieces.append(" ")
        if isinstance(node.tag, str) and node.tag not in ("script", "style"):
            pieces.append(node.text or "")
        pieces.append(node.tail or "")
    return clean("".join(pieces))


def chunks(element: Any) -> list[str]:  # noqa: ANN401
    """Return the element's text pieces in order: markup boundaries separate them."""
    out = []
    for piece in element.itertext():
        text = " ".join(piece.split())
        if text:
            out.append(text)
    return out


def title_key(text: str) -> str:
    """Return what two titles must share to be one headline (case, quotes, dashes aside)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[‘’`´']", "'", folded)
    folded = re.sub(r"[“”«»\"]", '"', folded)
    folded = re.sub(r"[–—]", "-", folded)
    folded = re.sub(r"\s+([:;!?])", r"\1", folded)
    return " ".join(folded.split()).strip(" .")


def squash(value: str) -> str:
    """Letters and digits only, case-folded: "The Washington Post" → "thewashingtonpost"."""
    return "".join(char for char in value.casefold() if char.isalnum())


def as_list(value: object) -> list[object]:
    """``value`` as a list (JSON-LD gives one author or a list of them)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(values: list[str] | None) -> str | None:
    """Return the first of ``values``, or ``None``."""
    return values[0] if values else None


def text_of(value: object) -> str | None:
    """Return the text of a JSON-LD value: a string, the first of a list, an object's name."""
    if isinstance(value, list) and value:
        return text_of(value[0])
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("@value"))
    return clean(value) if isinstance(value, str) else None


def clean(value: object) -> str | None:
    """Entities decoded, spaces collapsed; ``None`` for markup or overlong text (a broken page)."""
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html_entities.unescape(value)  # double-escaped entities survive the parser
    cleaned = _SPACES.sub(" ", value).strip()
    if not cleaned or len(cleaned) > MAX_TEXT or "<" in cleaned:
        return None
    return cleaned
