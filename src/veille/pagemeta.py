"""Page metadata: every candidate for the title, the authors and the date, chosen by agreement.

A news page states its headline, byline and date several times: JSON-LD
objects, Open Graph, Twitter cards, Dublin Core, microdata, the ``<title>``,
the visible ``<h1>`` and byline, ``<time>`` elements, the URL. The copies
disagree often enough to matter: a search-engine headline in JSON-LD, the
site's name as author, the first ``<time>`` of a related-posts box. This
module collects every candidate with where it sits on the page and lets them
vote (:func:`resolve`):

* a candidate inside the article (the element holding the body and its
  headline) outweighs one in the page around it, and one in the navigation,
  sidebars or footer ("chrome") does not vote;
* candidates that agree add up; the value with the most weight wins, and the
  choice records the winning source and the values it outvoted;
* the name of a JSON-LD object that is not an article never becomes the
  title; site names, publishers, agencies and names written in another
  script are never persons (they may be the organisation byline).

Steps, in order: :func:`_find_article` (where the article is),
:func:`_title_candidates`, :func:`_author_candidates`, :func:`_date_candidates`,
then one vote per field. Byline words live in ``data/metadata/bylines.tsv``.
"""

from __future__ import annotations

import html as html_entities
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from veille.datafiles import read_data, tsv_rows
from veille.dates import looks_like_date, parse_page_datetime, resolve_date
from veille.records import MetadataChoice, MetadataVote

__all__ = ["PageMetadata", "parse_byline", "resolve"]

# Weights: how much one candidate counts in a vote. What the reader sees in the
# article counts most; declarations for search engines and social networks
# count less; page chrome does not count.
_W_ARTICLE_H1 = 4.0
_W_PAGE_H1 = 1.0
_W_STRONG_META = 2.0
_W_META = 1.0
_W_VISIBLE_HEADING = 2.0
_W_BYLINE_TOP = 3.0
_W_BYLINE_ARTICLE = 1.0
_W_BYLINE_PAGE = 0.5
_W_DATELINE = 3.0
_W_UPDATED = 0.5
_W_TIME_ARTICLE = 2.0
_W_URL = 1.0
_W_END_CREDIT = 2.0

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
        "askpublicnewsarticle",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "review",
    }
)
_ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation"})
_CHROME_TAGS = frozenset({"nav", "footer", "form", "menu"})
# Words of class and id names that mark page chrome. Matched against the parts
# of each name split on "-" and "_" ("related-articles", "sidebar_left"), never
# inside a word, and never on <body> or <html>, whose classes describe the page.
_CHROME_WORDS = frozenset(
    {
        "related",
        "sidebar",
        "aside",
        "footer",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "promo",
        "recommended",
        "recommendations",
        "recommendation",
        "trending",
        "popular",
        "mostread",
        "newsletter",
        "breadcrumb",
        "breadcrumbs",
        "outbrain",
        "taboola",
        "teaser",
        "teasers",
        "widget",
        "carousel",
        "cookie",
        "cookies",
        "subscribe",
        "rightrail",
        "sidebars",
        "readmore",
        "livefeed",
    }
)
_CHROME_PAIRS = frozenset(
    {("most", "read"), ("more", "stories"), ("also", "read"), ("right", "rail"), ("read", "more")}
)
_BYLINE_CLASS = re.compile(
    r"byline|by-line|author|signature|writer|contributor|autor|auteur", re.IGNORECASE
)
_NOT_BYLINE_CLASS = re.compile(
    r"avatar|image|photo|picture|bio\b|about|follow|comment|flyout|credit|caption", re.IGNORECASE
)
_BYLINE_ATTRIBUTES = (
    "class",
    "id",
    "rel",
    "itemprop",
    "data-component",
    "data-testid",
    "data-link-name",
)
_PHOTO_CREDIT = re.compile(
    r"\b(?:photo|image|illustration|video|crédit|credit|getty)\b", re.IGNORECASE
)
_HEADLINE_CLASS = re.compile(r"headline|title|titre", re.IGNORECASE)
_UPDATED_HINT = re.compile(r"updat|modif|mis[- ]à[- ]jour|mise[- ]à[- ]jour|maj\b", re.IGNORECASE)
_PUBLISHED_HINT = re.compile(r"publi|posted|created|créé|first", re.IGNORECASE)
# What glues a site name or a section to a headline. A colon is left out: it
# splits headlines themselves ("Ukraine : la Russie ..."); a section before a
# colon ("Agriculture: ...") is handled on its own.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•]|::|»)\s+")
_KICKER = re.compile(r"^([^:]{2,40}?)\s*:\s+(?=\S)")
_SPACES = re.compile(r"\s+")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|\b)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|\b)"
)
# "(ats/nxp)", "(AFP)" closing a wire story; looked for in the last characters of the body.
_CREDIT = re.compile(r"\(([A-Za-zÀ-ÿ-]{2,20}(?:\s*/\s*[A-Za-zÀ-ÿ-]{2,20})*)\)")
_CREDIT_REACH = 80
_ACRONYM = 4
_MAX_TEXT = 300
_MAX_BYLINE_CHARS = 240
_MAX_NAME_TOKENS = 5
_MAX_SITE_WORDS = 6
_MAX_JSON_NODES = 400
_MAX_JSON_DEPTH = 6
_HEAD_ZONE_SLACK = 3
_LEAD_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][A-Za-zÀ-ÿ .'-]{1,30},\s*)?(.{6,40}?)\s*(?:\([A-Za-z]{2,12}\)\s*)?(?:--|—|–|-)\s"
)
_ABOVE_HEADLINE = 25
_MAX_DATELINE_CHARS = 80
_MIN_BODY_PARAGRAPH = 25
_H1_BODY_DISTANCE = 5
_ONE_DAY = timedelta(days=1)
# Initials or a nickname in parentheses inside a name: "Richard (R.J.) Eskow".
_NICKNAME = re.compile(r"(?<=\w)\s+\((?:[A-Z]\.){1,3}\)\s+(?=[A-Z])")
_BREAKING_TAGS = frozenset({"br", "div", "p", "li", "h1", "h2", "h3"})
_MIDDLE_LABEL = re.compile(r"(?<=\w)[\s¦]+(?:by|par)[\s¦]+(?=[A-ZÀ-Ý])")
_BYLINE_TAGS = frozenset(
    {"p", "div", "span", "li", "address", "small", "em", "strong", "b", "header"}
)
_LABEL_START = re.compile(
    r"(?:by|par|written by|un documentaire de|une enquête de|propos recueillis par)\s*:?\s+[A-ZÀ-Ý]",
    re.IGNORECASE,
)
_NOT_DATELINE_TAGS = frozenset({"script", "style", "time", "figure", "figcaption", "noscript"})
_NAME_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "dos", "bin", "ben"}
)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page says about its article, each field with how it was chosen."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    organisation: str | None = None
    published: str | None = None
    published_at: datetime | None = None
    published_day: str | None = None
    language: str | None = None
    site_name: str | None = None
    url: str | None = None
    choices: Mapping[str, MetadataChoice] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Byline:
    """A byline split into persons, organisations, and the date text it carried."""

    persons: tuple[str, ...]
    organisations: tuple[str, ...]
    organisation_text: str | None
    date_text: str | None


@dataclass(slots=True)
class _Page:
    """The parsed page and what every step needs: metadata, JSON-LD, article position."""

    root: Any
    url: str | None
    meta: dict[str, list[str]]
    json_ld: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    site_names: set[str]
    scope: Any
    body: Any
    order: dict[Any, int]
    head_zone: tuple[int, int]
    body_end: int
    headline_element: Any = None


def resolve(
    root: Any,  # noqa: ANN401  # an lxml document; lxml ships no type hints
    url: str | None,
    reference: datetime,
    languages: tuple[str, ...] = ("fr", "en"),
) -> PageMetadata:
    """Collect the page's candidates for each field and choose by agreement and position.

    ``reference`` resolves relative datelines ("il y a 2 heures"); ``languages``
    is the order in which written dates are read.
    """
    page = _prepare(root, url)
    stated = (root.get("lang") or "").strip()[:2].lower()
    if stated in languages:
        # Numeric dates ("9/11/13") are read in the page's language first.
        languages = (stated, *(x for x in languages if x != stated))
    choices: dict[str, MetadataChoice] = {}
    title = _vote_title(_title_candidates(page), page)
    if title is not None:
        choices["title"] = title
    authors, organisation, author_choice = _choose_authors(_author_candidates(page))
    if author_choice is not None:
        choices["authors"] = author_choice
    date_choice, published_at, day = _choose_date(
        _date_candidates(page, reference, languages), reference, languages
    )
    if date_choice is not None:
        choices["published"] = date_choice
    language = (root.get("lang") or "").strip() or None
    canonical = _first(page.meta.get("og:url"))
    return PageMetadata(
        title=title.value if title else None,
        authors=authors,
        organisation=organisation,
        published=date_choice.value if date_choice else None,
        published_at=published_at,
        published_day=day,
        language=language,
        site_name=_first(page.meta.get("og:site_name")),
        url=canonical or url,
        choices=choices,
    )


# --------------------------------------------------------------------------
# the page


def _prepare(root: Any, url: str | None) -> _Page:  # noqa: ANN401
    meta = _meta_tags(root)
    json_ld = list(_json_ld_objects(root))
    articles = [node for node in json_ld if _types(node) & _ARTICLE_TYPES]
    site_names = _site_names(meta, json_ld, url, root)
    order = {element: index for index, element in enumerate(root.iter())}
    declared = {
        _title_key(_strip_site(vote.value, site_names, set()))
        for vote in _declared_titles(meta, articles, root)
    }
    scope, body, body_start, headline = _find_article(root, order, site_names, declared)
    last = body
    for last in body.iterdescendants():  # noqa: B007  # the body's last element
        pass
    body_end = order.get(last, body_start)
    # Datelines and bylines sit around the headline, some just above it ("Politics
    # | March 9 2017" over the title): the zone opens a little before it.
    anchor = order.get(headline if headline is not None else scope, 0)
    start = max(order.get(scope, 0), anchor - _ABOVE_HEADLINE)
    head_zone = (start, max(body_start, anchor + 1))
    return _Page(
        root,
        url,
        meta,
        json_ld,
        articles,
        site_names,
        scope,
        body,
        order,
        head_zone,
        body_end,
        headline,
    )


def _find_article(
    root: Any,  # noqa: ANN401
    order: dict[Any, int],
    sites: set[str],
    declared: set[str],
) -> tuple[Any, Any, int, Any]:
    """Return the element holding the article, its body, where the body starts, its headline.

    The body is the element whose paragraphs hold the most text (half of it
    counted for the grandparent too, so that sections add up). The headline
    is the last heading before the body: an ``<h1>`` that is neither chrome
    nor the site's name (a logo), or an ``<h2>`` saying what the page
    ``declared`` as its title. The article is the closest element holding
    both; without a headline, the ``<article>`` or ``<main>`` around the
    body, else the body itself.
    """
    scores: dict[Any, float] = {}
    first_paragraph: dict[Any, int] = {}
    for paragraph in root.iter("p"):
        size = len(paragraph.text_content().strip())
        if size < _MIN_BODY_PARAGRAPH:
            continue
        position = order.get(paragraph, 0)
        for share, element in ((1.0, paragraph.getparent()), (0.5, _grandparent(paragraph))):
            if element is None:
                continue
            scores[element] = scores.get(element, 0.0) + size * share
            first_paragraph.setdefault(element, position)
    body = root.find("body")
    fallback = body if body is not None else root
    box = max(scores, key=lambda element: scores[element]) if scores else fallback
    body_start = first_paragraph.get(box, order.get(box, 0)) if scores else 0
    box_line = {id(element) for element in box.iterancestors()} | {id(box)}
    headings = []
    for heading in root.iter("h1", "h2"):
        text = _heading_text(heading)
        if not text or _names_site(text, sites):
            continue
        if heading.tag == "h2" and _title_key(text) not in declared:
            continue
        if not _chrome_below(heading, box_line):
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


def _chrome_below(element: Any, line: set[int]) -> bool:  # noqa: ANN401
    """Whether chrome lies between ``element`` and the first ancestor on the body's ``line``."""
    node = element
    while node is not None and id(node) not in line:
        if node.tag in ("body", "html"):
            return False
        if isinstance(node.tag, str) and (node.tag in _CHROME_TAGS or _chrome_names(node)):
            return True
        node = node.getparent()
    return False


def _grandparent(element: Any) -> Any:  # noqa: ANN401
    parent = element.getparent()
    return parent.getparent() if parent is not None else None


def _in_chrome(element: Any, scope: Any) -> bool:  # noqa: ANN401
    """Whether ``element`` sits in navigation, a sidebar, a footer or a related-links box."""
    node = element
    while node is not None and node is not scope:
        tag = node.tag
        if tag in ("body", "html"):
            return False
        if isinstance(tag, str) and (tag in _CHROME_TAGS or _chrome_names(node)):
            return True
        node = node.getparent()
    return False


def _chrome_names(node: Any) -> bool:  # noqa: ANN401
    for name in f"{node.get('class') or ''} {node.get('id') or ''}".split():
        parts = [part for part in re.split(r"[-_]+", name.casefold()) if part]
        if any(part in _CHROME_WORDS for part in parts):
            return True
        if any(pair in _CHROME_PAIRS for pair in zip(parts, parts[1:], strict=False)):
            return True
    return False


def _place(page: _Page, element: Any) -> str:  # noqa: ANN401
    """``article``, ``page`` or ``chrome``: where a candidate sits."""
    inside = any(node is page.scope for node in element.iterancestors()) or element is page.scope
    if inside:
        return "chrome" if _in_chrome(element, page.scope) else "article"
    return "chrome" if _in_chrome(element, None) else "page"


def _in_head_zone(page: _Page, element: Any) -> bool:  # noqa: ANN401
    """Whether ``element`` sits between the headline and the first paragraph of the body."""
    index = page.order.get(element, -1)
    start, end = page.head_zone
    return start <= index <= end + _HEAD_ZONE_SLACK


def _meta_tags(root: Any) -> dict[str, list[str]]:  # noqa: ANN401
    tags: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        # Some archived pages (postlight's fixtures) keep the value in "value".
        content = _clean(element.get("content") or element.get("value"))
        if key and content:
            tags.setdefault(key.strip().lower(), []).append(content)
    return tags


def _json_ld_objects(root: Any) -> Iterator[dict[str, Any]]:  # noqa: ANN401
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
    """Every object of a JSON-LD document, ``@graph`` and nested entities included."""
    if depth > _MAX_JSON_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key, value in data.items():
            if key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
                yield from _walk(value, depth + 1)


def _types(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {name.rsplit("/", 1)[-1].lower() for name in names if isinstance(name, str)}


def _site_names(
    meta: dict[str, list[str]], json_ld: list[dict[str, Any]], url: str | None, root: Any
) -> set[str]:
    """Names the site and its publisher go by: never a person, never the headline alone."""
    names = set()
    for key in ("og:site_name", "application-name", "twitter:site", "publisher", "copyright"):
        names.update(meta.get(key, []))
    for node in json_ld:
        if _types(node) & (_ORGANISATION_TYPES | {"website"}):
            names.add(_text(node.get("name")) or "")
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            names.add(_text(publisher.get("name")) or "")
    if url:
        host = url.split("://", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
        labels = [label for label in host.split(".") if label not in {"com", "co", "uk", "fr"}]
        names.update(labels[-1:])
        names.add(host)
    for title in root.iter("title"):
        parts = _TITLE_SEPARATOR.split(title.text_content() or "")
        if len(parts) > 1 and len(parts[-1].split()) <= 4:
            names.add(parts[-1])
        break
    # A "site name" as long as a headline is a headline in the wrong field.
    return {
        _squash(name)
        for name in names
        if name and len(name.split()) <= _MAX_SITE_WORDS and len(_squash(name)) >= 2
    }


# --------------------------------------------------------------------------
# title


def _declared_titles(
    meta: dict[str, list[str]],
    articles: list[dict[str, Any]],
    root: Any,  # noqa: ANN401
) -> list[MetadataVote]:
    """The titles the page declares for machines: JSON-LD, Open Graph, Twitter, DC, <title>."""
    votes: list[MetadataVote] = []
    for node in articles:
        headline = _text(node.get("headline")) or _text(node.get("alternativeHeadline"))
        if headline:
            votes.append(MetadataVote(f"json-ld:{_type_name(node)}.headline", headline, 2.0))
        elif name := _text(node.get("name")):
            votes.append(MetadataVote(f"json-ld:{_type_name(node)}.name", name, 1.0))
    for key, source, weight in (
        ("og:title", "og:title", _W_STRONG_META),
        ("twitter:title", "twitter:title", _W_META),
        ("dc.title", "dc.title", _W_META),
        ("dcterms.title", "dc.title", _W_META),
        ("headline", "microdata:headline", _W_STRONG_META),
        ("sailthru.title", "sailthru.title", _W_META),
    ):
        votes.extend(MetadataVote(source, value, weight) for value in meta.get(key, [])[:1])
    for element in root.iter("title"):
        if text := _clean(element.text_content()):
            votes.append(MetadataVote("<title>", text, _W_META))
        break
    return votes


def _title_candidates(page: _Page) -> list[MetadataVote]:
    candidates = _declared_titles(page.meta, page.articles, page.root)
    for element in page.root.xpath('//*[@itemprop="headline"]'):
        if element.tag != "meta" and (text := _heading_text(element)):
            candidates.append(MetadataVote("microdata:headline", text, _W_STRONG_META))
            break
    headline = page.headline_element
    if headline is not None:
        candidates.append(
            MetadataVote(f"{headline.tag}:headline", _heading_text(headline) or "", _W_ARTICLE_H1)
        )
    for heading in page.root.iter("h1"):
        text = _heading_text(heading)
        if heading is headline or not text or _names_site(text, page.site_names):
            continue
        place = _place(page, heading)
        if place == "article":
            candidates.append(MetadataVote("h1:article", text, _W_ARTICLE_H1 - 1))
        elif place == "page":
            candidates.append(MetadataVote("h1:page", text, _W_PAGE_H1))
    return candidates


def _vote_title(candidates: list[MetadataVote], page: _Page) -> MetadataChoice | None:
    """Group candidates that say the same headline (site names and cut-offs aside); vote."""
    if not candidates:
        return None
    sections = {
        _squash(v) for key in ("article:section", "section") for v in page.meta.get(key, [])
    }
    for node in page.articles:
        sections.add(_squash(_text(node.get("articleSection")) or ""))
    sections.discard("")
    cleaned = [
        MetadataVote(c.source, _strip_site(c.value, page.site_names, sections), c.weight)
        for c in candidates
    ]
    visible = _visible_headings(page)
    groups: dict[str, list[MetadataVote]] = {}
    for candidate in cleaned:
        groups.setdefault(_title_key(candidate.value), []).append(candidate)
    # A headline cut with an ellipsis, or cut at ~110 characters by a CMS, supports the full one.
    keys = list(groups)
    for key in keys:
        stem = key.rstrip(".… ")
        if not stem:
            continue
        cut = key.endswith(("…", "...")) or len(key) >= 100
        if not cut:
            continue
        longer = [other for other in keys if other != key and other.startswith(stem)]
        if longer and key in groups:
            target = max(longer, key=len)
            groups[target].extend(groups.pop(key))
    scores = {}
    for key, members in groups.items():
        score = sum(c.weight for c in members)
        if key in visible and not any(_visible(c) for c in members):
            score += _W_VISIBLE_HEADING
        scores[key] = score
    best = max(
        scores,
        key=lambda key: (scores[key], _prefer_headline(groups[key]), len(groups[key]), -len(key)),
    )
    members = sorted(groups[best], key=lambda c: (not _visible(c), -c.weight))
    winner = members[0]
    outvoted = tuple(c for key, group in groups.items() if key != best for c in group)
    return MetadataChoice(
        winner.value, winner.source, tuple(c.source for c in members[1:]), outvoted
    )


def _prefer_headline(members: list[MetadataVote]) -> int:
    return int(
        any(c.source.endswith(":headline") and c.source[:2] in ("h1", "h2") for c in members)
    )


def _visible(vote: MetadataVote) -> bool:
    """Whether a title candidate is text the reader sees (a heading), not a declaration."""
    return vote.source.startswith(("h1:", "h2:"))


def _visible_headings(page: _Page) -> set[str]:
    """Headline-like texts shown inside the article: what a reader sees as the title."""
    shown = set()
    for element in page.scope.iter("h1", "h2", "h3", "div", "span", "p"):
        tag = element.tag
        if tag in ("div", "span", "p") and not _HEADLINE_CLASS.search(element.get("class") or ""):
            continue
        text = _heading_text(element)
        if text and len(text) <= _MAX_TEXT:
            shown.add(_title_key(text))
    return shown


def _strip_site(title: str, sites: set[str], sections: set[str]) -> str:
    """Drop what sites glue around a headline: site name, section, date ("… | DW | 23.05.2011")."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    separators = _TITLE_SEPARATOR.findall(title)

    def glued(part: str) -> bool:
        squashed = _squash(part)
        return (
            _names_site(part, sites)
            or squashed in sections
            or bool(re.fullmatch(r"[\d./ -]+", part.strip()))
        )

    while len(parts) > 1 and glued(parts[-1]):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and glued(parts[0]):
        parts.pop(0)
        separators.pop(0)
    out = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        out += separator + part
    kicker = _KICKER.match(out)
    if kicker and _squash(kicker.group(1)) in sections:
        out = out[kicker.end() :]
    return out


def _title_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[‘’`´']", "'", folded)
    folded = re.sub(r"[“”«»\"]", '"', folded)
    folded = re.sub(r"[–—]", "-", folded)
    folded = re.sub(r"\s+([:;!?])", r"\1", folded)
    return " ".join(folded.split()).strip(" .")


# --------------------------------------------------------------------------
# authors


@dataclass(frozen=True, slots=True)
class _AuthorCandidate:
    source: str
    byline: _Byline
    weight: float
    text: str


def _author_candidates(page: _Page) -> list[_AuthorCandidate]:
    out: list[_AuthorCandidate] = []
    sites = page.site_names
    for node in page.articles:
        persons: list[str] = []
        organisations: list[str] = []
        for author in _as_list(node.get("author")) + _as_list(node.get("creator")):
            name, is_organisation = _json_ld_author(author, page.json_ld)
            if not name:
                continue
            if is_organisation:
                organisations.append(name)
            else:
                parsed = parse_byline([name], sites)
                persons.extend(parsed.persons)
                organisations.extend(parsed.organisations)
        if persons or organisations:
            byline = _Byline(tuple(persons), tuple(organisations), _join_orgs(organisations), None)
            source = f"json-ld:{_type_name(node)}.author"
            out.append(
                _AuthorCandidate(source, byline, _W_BYLINE_TOP, ", ".join(persons + organisations))
            )
    for key, weight in (
        ("author", _W_STRONG_META),
        ("article:author", _W_STRONG_META),
        ("byl", _W_STRONG_META),
        ("parsely-author", _W_META),
        ("sailthru.author", _W_META),
        ("citation_author", _W_META),
        ("cxenseparse:author", _W_META),
    ):
        values = [
            v for v in page.meta.get(key, []) if not v.startswith(("http://", "https://", "/"))
        ]
        if values:
            byline = _merge_bylines([parse_byline([v], sites) for v in values])
            out.append(_AuthorCandidate(f"meta:{key}", byline, weight, "; ".join(values)))
    creators = page.meta.get("dc.creator", []) + page.meta.get("dcterms.creator", [])
    if creators:
        names = [_invert_last_first(v) for v in creators]
        byline = _merge_bylines([parse_byline([v], sites) for v in names])
        out.append(_AuthorCandidate("meta:dc.creator", byline, _W_STRONG_META, "; ".join(creators)))
    out.extend(_visible_bylines(page))
    return out


def _visible_bylines(page: _Page) -> Iterator[_AuthorCandidate]:
    """Bylines shown on the page: elements marked as such, and "By X" / "Par X" lines."""
    taken: list[Any] = []
    for element in page.root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "meta", "link"):
            continue
        marks = " ".join(filter(None, (element.get(name) for name in _BYLINE_ATTRIBUTES)))
        marked = bool(marks) and _BYLINE_CLASS.search(marks) and not _NOT_BYLINE_CLASS.search(marks)
        labelled = False
        if not marked and element.tag in _BYLINE_TAGS:
            head = (element.text or "").strip()
            labelled = bool(head) and _starts_with_label(head, has_children=len(element) > 0)
            if labelled and not (element.tail or "").strip() and len(element) == 0:
                # "<span>By </span><a>Name</a>": the label's own element holds nothing else.
                parent = element.getparent()
                if parent is not None and parent.tag in _BYLINE_TAGS:
                    element = parent  # noqa: PLW2901
        if not (marked or labelled):
            continue
        if any(ancestor in taken for ancestor in element.iterancestors()):
            continue
        chunks = _chunks(element)
        text = " ".join(chunks)
        if not text or len(text) > _MAX_BYLINE_CHARS:
            continue
        place = _place(page, element)
        if place == "chrome":
            continue
        if _PHOTO_CREDIT.search(text[:40]):
            continue
        byline = parse_byline(chunks, page.site_names)
        if not byline.persons and not byline.organisations:
            continue
        taken.append(element)
        if place == "article" and _in_head_zone(page, element):
            weight = _W_BYLINE_TOP
        elif place == "article" and page.order.get(element, 0) <= page.body_end:
            weight = _W_BYLINE_ARTICLE
        else:
            # After the body (teasers of other articles) or outside the article.
            weight = _W_BYLINE_PAGE
        yield _AuthorCandidate(f"byline:{place}", byline, weight, text)
    credit = _end_credit(page)
    if credit is not None:
        yield credit


def _end_credit(page: _Page) -> _AuthorCandidate | None:
    """An agency credited at the end of the body: "... (ats/nxp)", "... (AFP)"."""
    paragraphs = [
        p for p in page.body.iter("p") if len(p.text_content().strip()) >= _MIN_BODY_PARAGRAPH
    ]
    agencies_known = _byline_words()["agency"]
    for paragraph in paragraphs[-3:][::-1]:
        text = " ".join(paragraph.text_content().split())
        for match in _CREDIT.finditer(text[-_CREDIT_REACH:]):
            names = [part.strip() for part in match.group(1).split("/")]
            agencies = [name for name in names if name.casefold() in agencies_known]
            if agencies:
                name = agencies[0].upper() if len(agencies[0]) <= _ACRONYM else agencies[0]
                byline = _Byline((), (name,), name, None)
                return _AuthorCandidate("credit:end", byline, _W_END_CREDIT, match.group(0))
    return None


def _choose_authors(
    candidates: list[_AuthorCandidate],
) -> tuple[tuple[str, ...], str | None, MetadataChoice | None]:
    """Vote on the list of persons, then decide between it and an organisation byline.

    A list supported by sources naming part of it wins over the part alone:
    "X and Y" in the byline beats "X" in ``<meta name=author>``. An
    organisation is the byline only when it outweighs every person list
    (an agency credit against a related article's byline); an agency that
    co-signs with persons is kept as the organisation.
    """
    with_persons = [c for c in candidates if c.byline.persons]
    with_organisation = [c for c in candidates if c.byline.organisations]
    best_list: tuple[str, ...] = ()
    support = 0.0
    for candidate in with_persons:
        names = {_name_key(n) for n in candidate.byline.persons}
        subsets = [c for c in with_persons if {_name_key(n) for n in c.byline.persons} <= names]
        if any(c.weight > candidate.weight for c in subsets):
            # A weaker source may not add names to a stronger one's list (a CMS
            # author field that also lists the photographer and the models).
            continue
        total = sum(c.weight for c in subsets)
        key = tuple(_name_key(n) for n in candidate.byline.persons)
        if (total, len(key)) > (support, len(best_list)):
            best_list, support = key, total
    organisation_winner = max(with_organisation, key=lambda c: c.weight, default=None)
    if organisation_winner is not None and organisation_winner.weight > support:
        organisation = (
            organisation_winner.byline.organisation_text
            or organisation_winner.byline.organisations[0]
        )
        others = tuple(
            MetadataVote(c.source, c.text, c.weight)
            for c in candidates
            if c is not organisation_winner
        )
        return (
            (),
            organisation,
            MetadataChoice(organisation, organisation_winner.source, (), others),
        )
    if not best_list:
        return (), None, None
    chosen = set(best_list)
    members = [
        c for c in with_persons if tuple(_name_key(n) for n in c.byline.persons) == best_list
    ]
    winner = max(members, key=lambda c: c.weight)
    agreeing = tuple(
        c.source
        for c in with_persons
        if c is not winner and {_name_key(n) for n in c.byline.persons} <= chosen
    )
    outvoted = tuple(
        MetadataVote(c.source, c.text, c.weight)
        for c in candidates
        if not c.byline.persons or not {_name_key(n) for n in c.byline.persons} <= chosen
    )
    agency = next(
        (
            org
            for c in members
            for org in c.byline.organisations
            if _words_of(org) & _byline_words()["agency"]
        ),
        None,
    )
    persons = winner.byline.persons
    return persons, agency, MetadataChoice(", ".join(persons), winner.source, agreeing, outvoted)


def parse_byline(chunks: Iterable[str], site_names: set[str] | None = None) -> _Byline:
    """Split a byline into persons and organisations, and keep the date it carries.

    ``chunks`` are the byline's text pieces in order (an element's texts, so
    that markup boundaries separate a name from a job title or a date).

    >>> parse_byline(["Par Martin Untersinger (avec Damien Leloup et Morgane Tual)"]).persons
    ('Martin Untersinger', 'Damien Leloup', 'Morgane Tual')
    >>> parse_byline(["Par Le Figaro et AFP"]).organisation_text
    'Le Figaro et AFP'
    """
    sites = site_names or set()
    words = _byline_words()
    parts: list[str] = []
    date_text = None
    stopped = False
    for chunk in chunks:
        text = " ".join(html_entities.unescape(chunk).split())
        if not text or stopped:
            continue
        cut = _stop_at(text)
        if cut is not None:
            head, tail = text[:cut], text[cut:]
            if date_text is None and looks_like_date(tail[:80]):
                date_text = tail[:80]
            text = head
            stopped = True
        parts.append(text)
    joined = _strip_label(" ¦ ".join(p for p in parts if p.strip()))
    middle = _MIDDLE_LABEL.search(joined)
    if middle is not None:
        # A section or kicker before the label: "Tech Industry by Steven Musil".
        joined = joined[middle.end() :]
    persons: list[str] = []
    organisations: list[str] = []
    for raw in _split_names(joined, words["joiner"]):
        piece = _strip_label(raw).strip(" .,:;-–—|¦·•")
        piece = re.sub(r"\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?$", "", piece)  # "AP in Valencia"
        if not piece:
            continue
        tokens = piece.split()
        lowered = _words_of(piece)
        if lowered & words["agency"] or _is_organisation(piece, lowered, words, sites):
            organisations.append(piece)
            continue
        name = _person_name(tokens, words, sites)
        if name:
            persons.append(name)
    organisation_text = None
    if organisations and not persons:
        organisation_text = _join_orgs_text(joined, organisations)
    return _Byline(
        tuple(dict.fromkeys(persons)), tuple(organisations), organisation_text, date_text
    )


def _split_names(text: str, joiners: frozenset[str]) -> list[str]:
    text = _NICKNAME.sub(" ", text)
    text = text.replace("(", " ¦ ").replace(")", " ¦ ")
    alternation = "|".join(re.escape(j) for j in sorted(joiners, key=len, reverse=True))
    pattern = rf"\s*(?:[,;¦|·•/]|\s[–—-]\s|\s(?:{alternation})\s)\s*"
    return [p for p in re.split(pattern, f" {text} ", flags=re.IGNORECASE) if p.strip()]


def _stop_at(text: str) -> int | None:
    """Where the names of a byline end: a stop word, a date, an e-mail or a handle."""
    words = _byline_words()
    lowered = text.casefold()
    positions = []
    for word in words["stop"]:
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered)
        if match:
            positions.append(match.start())
    for pattern in _BYLINE_DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            positions.append(match.start())
    for marker in ("@", "http"):
        index = text.find(marker)
        if index >= 0:
            positions.append(index)
    return min(positions) if positions else None


_MONTH_WORDS = (
    r"(?:jan|feb|febr|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|fevr|avr|mai|juin|"
    r"juil|août|aout|déc)[a-zéû]*\.?"
)
_BYLINE_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH_WORDS}\s+\d{{1,2}}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:er)?\s+{_MONTH_WORDS}", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b"),
    re.compile(r"\b(?:le|on)\s+\d{1,2}\b", re.IGNORECASE),
    re.compile(r"\b(?:il y a|\d+\s*(?:h|min|hours?|days?|jours?)\s+ago)\b", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[:h]\d{2}\b"),
    re.compile(
        r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|"
        r"jeudi|vendredi|samedi|dimanche|today|yesterday|aujourd'hui|hier)\b",
        re.IGNORECASE,
    ),
)


def _strip_label(text: str) -> str:
    labels = _byline_words()["label"]
    stripped = text.strip(" ¦|:-–—·•")
    changed = True
    while changed:
        changed = False
        lowered = stripped.casefold()
        for label in sorted(labels, key=len, reverse=True):
            if lowered.startswith(label) and (
                len(stripped) == len(label) or not stripped[len(label)].isalnum()
            ):
                stripped = stripped[len(label) :].strip(" ¦|:-–—·•")
                changed = True
                break
    return stripped


def _starts_with_label(text: str, *, has_children: bool) -> bool:
    """Whether an element's own text opens a byline: "By Jane Doe", "Par", "By" before a link."""
    bare = text.strip(" :").casefold()
    if bare in _byline_words()["label"]:
        return has_children or bare in ("by", "par")
    match = _LABEL_START.match(text)
    return match is not None and (has_children or not text[: match.end()].isupper())


def _is_organisation(
    piece: str, lowered: set[str], words: dict[str, frozenset[str]], sites: set[str]
) -> bool:
    if lowered & words["organisation"] or _phrase_in(piece, words["organisation"]):
        return True
    if _names_site(piece, sites):
        return True
    letters = [c for c in piece if c.isalpha()]
    if letters and not all(_latin(c) for c in letters):
        return True  # a name in another script on a French or English page: an outlet
    return piece.isupper() and len(piece.replace(".", "")) <= 5 and " " not in piece


def _person_name(
    tokens: list[str], words: dict[str, frozenset[str]], sites: set[str]
) -> str | None:
    """A person's name from the first tokens of a byline part, or ``None`` when it is not one."""
    kept: list[str] = []
    for token in tokens:
        bare = token.strip(",;:()").casefold()
        if bare in words["role"] or (_names_site(token, sites) and kept):
            break
        if any(phrase.startswith(bare + " ") for phrase in words["role"]) and kept:
            break
        kept.append(token.strip(",;:()"))
    if not 2 <= len(kept) <= _MAX_NAME_TOKENS:
        return None
    text = " ".join(kept)
    if text.casefold() in words["placeholder"] or any(ch.isdigit() for ch in text):
        return None
    for token in kept:
        core = token.strip(".'’-")
        if not core:
            return None
        if not all(ch.isalpha() or ch in ".'’-" for ch in token):
            return None
        if token.casefold() in _NAME_PARTICLES or core.casefold().startswith(
            ("d'", "d’", "l'", "al-", "el-")
        ):
            continue
        if not core[0].isupper():
            return None
    if not all(_latin(ch) for ch in text if ch.isalpha()):
        return None
    return _normalise_name(kept)


def _normalise_name(tokens: list[str]) -> str:
    """Title-case names written in capitals ("ALLY MUTNICK", "Chokri GHARBI"); keep the rest."""
    out = []
    for token in tokens:
        letters = [c for c in token if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters) and "." not in token:
            token = "-".join(part[:1] + part[1:].lower() for part in token.split("-"))
            token = re.sub(r"(?<=['’])(\w)", lambda m: m.group(1).upper(), token)
            token = re.sub(r"^(Mc)(\w)", lambda m: m.group(1) + m.group(2).upper(), token)
        out.append(token)
    return " ".join(out)


def _invert_last_first(value: str) -> str:
    """Dublin Core writes "Last, First": turn it around; leave lists of full names alone."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 2 and len(parts[0].split()) == 1 and 1 <= len(parts[1].split()) <= 3:
        if not parts[1].split()[0].isupper() or len(parts[1]) > 3:
            return f"{parts[1]} {parts[0]}"
    return value


def _json_ld_author(author: object, graph: list[dict[str, Any]]) -> tuple[str | None, bool]:
    if isinstance(author, str):
        return _clean(author), False
    if not isinstance(author, dict):
        return None, False
    node = author
    if "name" not in node and isinstance(node.get("@id"), str):
        node = next((n for n in graph if n.get("@id") == node["@id"]), node)
    name = _text(node.get("name"))
    return name, bool(_types(node) & _ORGANISATION_TYPES)


def _merge_bylines(bylines: list[_Byline]) -> _Byline:
    persons = tuple(dict.fromkeys(p for b in bylines for p in b.persons))
    organisations = tuple(dict.fromkeys(o for b in bylines for o in b.organisations))
    text = next((b.organisation_text for b in bylines if b.organisation_text), None)
    return _Byline(persons, organisations, text, None)


def _join_orgs(organisations: list[str]) -> str | None:
    return " et ".join(dict.fromkeys(organisations)) if organisations else None


def _join_orgs_text(joined: str, organisations: list[str]) -> str:
    text = joined.replace(" ¦ ", " ").strip(" .,:;-–—|¦·•")
    text = re.sub(r"\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?$", "", text)
    return text if len(text) <= 80 else organisations[0]


def _name_key(name: str) -> str:
    return _squash(name)


@lru_cache(maxsize=1)
def _byline_words() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for _language, kind, words in tsv_rows(read_data("metadata", "bylines.tsv"), "bylines.tsv", 3):
        kinds.setdefault(kind, set()).add(words.casefold())
    return {kind: frozenset(values) for kind, values in kinds.items()}


def _words_of(text: str) -> set[str]:
    """Lower-cased words of ``text`` and its two- and three-word phrases, for table lookups."""
    tokens = re.findall(r"[\w&]+(?:[-'’][\w]+)*", text.casefold())
    out = set(tokens)
    for size in (2, 3):
        out.update(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    out.update(part for token in tokens for part in token.split("-"))
    return out


def _phrase_in(text: str, phrases: frozenset[str]) -> bool:
    lowered = f" {' '.join(text.casefold().split())} "
    return any(f" {phrase} " in lowered for phrase in phrases if " " in phrase)


def _latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


# --------------------------------------------------------------------------
# date


@dataclass(frozen=True, slots=True)
class _DateCandidate:
    source: str
    text: str
    weight: float
    day: str
    moment: datetime | None


def _date_candidates(
    page: _Page, reference: datetime, languages: tuple[str, ...]
) -> list[_DateCandidate]:
    out: list[_DateCandidate] = []

    def add(source: str, text: str | None, weight: float, *, written: bool = False) -> None:
        if not text:
            return
        moment, day = _read_date(text, reference, languages, written=written)
        if day is not None:
            out.append(_DateCandidate(source, text, weight, day, moment))

    for node in page.articles:
        add(f"json-ld:{_type_name(node)}.datePublished", _text(node.get("datePublished")), 3.0)
        if not node.get("datePublished"):
            add(f"json-ld:{_type_name(node)}.dateCreated", _text(node.get("dateCreated")), 1.0)
    for key, weight in (
        ("article:published_time", _W_STRONG_META),
        ("og:article:published_time", _W_STRONG_META),
        ("datepublished", _W_STRONG_META),
        ("parsely-pub-date", _W_META),
        ("sailthru.date", _W_META),
        ("dc.date.issued", _W_META),
        ("dcterms.issued", _W_META),
        ("dc.date", _W_META),
        ("dcterms.created", _W_META),
        ("pubdate", _W_META),
        ("publishdate", _W_META),
        ("publish-date", _W_META),
        ("article.published", _W_META),
        ("date", _W_META),
        ("citation_publication_date", _W_META),
    ):
        add(f"meta:{key}", _first(page.meta.get(key)), weight)
    for element in page.root.iter("time"):
        place = _place(page, element)
        if place == "chrome":
            continue
        marks = f"{element.get('class') or ''} {element.get('itemprop') or ''} {element.get('pubdate') or ''}"
        label = " ".join((element.text_content() or "").split())[:80]
        context = f"{marks} {label} {_preceding_text(element)}"
        updated = bool(_UPDATED_HINT.search(context)) and not _PUBLISHED_HINT.search(context)
        weight = (_W_TIME_ARTICLE if place == "article" else _W_META / 2) * (0.25 if updated else 1)
        if place == "article" and _in_head_zone(page, element):
            weight += 0.5
        value = element.get("datetime") or ""
        if value and parse_page_datetime(value) is not None:
            add(f"time:{place}", value, weight)
        elif label:
            add(f"time-text:{place}", label, weight, written=True)
    for candidate in _datelines(page):
        add(candidate.source, candidate.value, candidate.weight, written=True)
    for byline in _visible_bylines(page):
        if byline.byline.date_text and byline.weight >= _W_BYLINE_TOP:
            add("byline-date", byline.byline.date_text, _W_DATELINE - 0.5, written=True)
    lead = _lead_dateline(page)
    if lead is not None:
        add("body-dateline", lead, _W_TIME_ARTICLE, written=True)
    if page.url:
        match = _URL_DATE.search(page.url)
        if match:
            year, month, day = (g for g in match.groups() if g is not None)
            add("url", f"{year}-{month}-{day}", _W_URL)
    return out


def _datelines(page: _Page) -> Iterator[MetadataVote]:
    """Dates written between the headline and the body: "Publié le 3 mars 2024", "Posted: Aug 8"."""
    start, end = page.head_zone
    for element in page.root.iter():
        index = page.order.get(element, -1)
        if index < start:
            continue
        if index > end + _HEAD_ZONE_SLACK:
            break
        if isinstance(element.tag, str) and element.tag in _NOT_DATELINE_TAGS:
            continue
        if _in_chrome(element, page.scope) or any(
            a.tag in ("figure", "figcaption") for a in element.iterancestors()
        ):
            continue
        # A comment's own text is not shown; what follows it is ("<!-- -->30 septembre 2018").
        texts = (element.text, element.tail) if isinstance(element.tag, str) else (element.tail,)
        for text in texts:
            line = " ".join((text or "").split())
            if not line or len(line) > _MAX_DATELINE_CHARS or not looks_like_date(line):
                continue
            updated = bool(_UPDATED_HINT.search(line[:40])) and not _PUBLISHED_HINT.search(
                line[:40]
            )
            weight = _W_UPDATED if updated else _W_DATELINE
            if _UPDATED_HINT.search(line) and _PUBLISHED_HINT.search(line):
                line = re.split(_UPDATED_HINT, line, maxsplit=1)[0]
            yield MetadataVote("dateline", line, weight)


def _lead_dateline(page: _Page) -> str | None:
    """A date opening the body: "Feb. 23, 2015 -- Life-threatening ...", "PARIS, 3 mars (AFP) -"."""
    for paragraph in page.scope.iter("p"):
        if page.order.get(paragraph, -1) < page.head_zone[1]:
            continue
        text = " ".join(paragraph.text_content().split())[:80]
        if len(text) < _MIN_BODY_PARAGRAPH:
            continue
        match = _LEAD_DATELINE.match(text)
        return match.group(1) if match and looks_like_date(match.group(1)) else None
    return None


def _preceding_text(element: Any) -> str:  # noqa: ANN401
    previous = element.getprevious()
    if previous is not None and isinstance(previous.tag, str):
        return " ".join((previous.text_content() or "").split())[-40:]
    parent = element.getparent()
    return " ".join((parent.text or "").split())[-40:] if parent is not None else ""


def _read_date(
    text: str, reference: datetime, languages: tuple[str, ...], *, written: bool
) -> tuple[datetime | None, str | None]:
    """The instant (with the page's offset when it gives one) and the day as the page states it."""
    moment = parse_page_datetime(text)
    if moment is not None:
        return (moment if moment.tzinfo is not None else None), moment.date().isoformat()
    if not written:
        return None, None
    cleaned = _clean_dateline(text)
    if not cleaned or not looks_like_date(cleaned):
        return None, None
    resolved = resolve_date(cleaned, reference, languages)
    if resolved is None or resolved > reference.replace(tzinfo=resolved.tzinfo) + _ONE_DAY:
        return None, None
    return None, resolved.date().isoformat()


def _clean_dateline(text: str) -> str:
    """Keep the date of a dateline: drop the byline before it and the time zone after it."""
    line = re.sub(
        r"^.*?(?=\b(?:publié|published|posted|créé|le|on)\b)", "", text, flags=re.IGNORECASE
    )
    line = line or text
    line = re.sub(
        r"\b(?:a\.m\.|p\.m\.)", lambda m: m.group(0).replace(".", ""), line, flags=re.IGNORECASE
    )
    line = re.sub(
        r"\s*(?:\(|\b)(?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|CST|CDT|ET|PT|IST|BST)(?:[+-]\d{1,2})?\)?.*$",
        "",
        line,
    )
    line = re.sub(r"\s*[|•·]\s*.*$", "", line)
    line = re.sub(r"\s*[-–—]\s*(?:mis à jour|updated).*$", "", line, flags=re.IGNORECASE)
    return line.strip(" ,.:-")


def _choose_date(
    candidates: list[_DateCandidate], reference: datetime, languages: tuple[str, ...]
) -> tuple[MetadataChoice | None, datetime | None, str | None]:
    del reference, languages
    if not candidates:
        return None, None, None
    days: dict[str, float] = {}
    for candidate in candidates:
        days[candidate.day] = days.get(candidate.day, 0.0) + candidate.weight
    best = max(days, key=lambda day: (days[day], -_sort_key(day)))
    members = sorted((c for c in candidates if c.day == best), key=lambda c: -c.weight)
    winner = members[0]
    moment = next((c.moment for c in members if c.moment is not None), None)
    outvoted = tuple(MetadataVote(c.source, c.text, c.weight) for c in candidates if c.day != best)
    choice = MetadataChoice(
        winner.text, winner.source, tuple(c.source for c in members[1:]), outvoted
    )
    return choice, moment, best


def _sort_key(day: str) -> int:
    return int(day.replace("-", ""))


# --------------------------------------------------------------------------
# small helpers


def _chunks(element: Any) -> list[str]:  # noqa: ANN401
    out = []
    for piece in element.itertext():
        text = " ".join(piece.split())
        if text:
            out.append(text)
    return out


def _heading_text(element: Any) -> str | None:  # noqa: ANN401
    """The text of a heading: inline markup splits no words ("Metroid<span>,</span>")."""
    pieces = [element.text or ""]
    for node in element.iterdescendants():
        if node.tag in _BREAKING_TAGS:
            pieces.append(" ")
        if isinstance(node.tag, str) and node.tag not in ("script", "style"):
            pieces.append(node.text or "")
        pieces.append(node.tail or "")
    return _clean("".join(pieces))


def _names_site(text: str, sites: set[str]) -> bool:
    squashed = _squash(text)
    if len(squashed) < 2:
        return False
    return any(
        squashed == site
        or (len(site) >= 4 and len(squashed) >= 4 and (squashed in site or site == squashed))
        for site in sites
    )


def _squash(value: str) -> str:
    return "".join(char for char in value.casefold() if char.isalnum())


def _type_name(node: Mapping[str, Any]) -> str:
    raw = node.get("@type")
    name = raw[0] if isinstance(raw, list) and raw else raw
    return str(name) if name else "Thing"


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _text(value: object) -> str | None:
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value"))
    return _clean(value) if isinstance(value, str) else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html_entities.unescape(value)  # double-escaped entities survive the parser
    cleaned = _SPACES.sub(" ", value).strip()
    if not cleaned or len(cleaned) > _MAX_TEXT or "<" in cleaned:
        return None
    return cleaned
