"""The headline: what the page declares for machines against what it shows the reader.

Candidates are the titles the page declares (JSON-LD article ``headline``,
``og:title``, ``twitter:title``, Dublin Core, microdata, ``<title>``) and the
headings it shows (the headline found by :func:`veille.extract.pagemeta._page.find_article`,
other ``<h1>`` elements). Site names, sections and dates glued around a
declared title are removed first; candidates saying the same headline group
together, a cut-off one (an ellipsis, a CMS cut at ~110 characters) joining
the full one, and the heaviest group wins. The visible headline counts most:
a JSON-LD headline written for search engines or a shorter social headline
loses against the ``<h1>`` the reader sees, all the more when ``og:title``
agrees with it. The ``name`` of a JSON-LD object that is not an article
(a ``WebPage``, an audio object) is never a candidate.
"""

from __future__ import annotations

import re

from veille.extract.pagemeta._page import (
    MAX_TEXT,
    TITLE_SEPARATOR,
    Page,
    clean,
    heading_text,
    names_site,
    place,
    squash,
    text_of,
    title_key,
    type_name,
)
from veille.records import MetadataChoice, MetadataVote

_W_HEADLINE = 4.0
_W_ARTICLE_H1 = 3.0
_W_PAGE_H1 = 1.0
_W_STRONG = 2.0
_W_WEAK = 1.0
_W_SHOWN = 2.0
# A declared title this long may have been cut by the CMS without an ellipsis.
_CUT_LENGTH = 100
_KICKER = re.compile(r"^([^:]{2,40}?)\s*:\s+(?=\S)")
_HEADLINE_CLASS = re.compile(r"headline|title|titre", re.IGNORECASE)
_DATE_SEGMENT = re.compile(r"[\d./ -]+")
_DECLARED_META = (
    ("og:title", "og:title", _W_STRONG),
    ("twitter:title", "twitter:title", _W_WEAK),
    ("dc.title", "dc.title", _W_WEAK),
    ("dcterms.title", "dc.title", _W_WEAK),
    ("headline", "microdata:headline", _W_STRONG),
    ("sailthru.title", "sailthru.title", _W_WEAK),
)


def declared_titles(page: Page) -> list[MetadataVote]:
    """Return the titles the page declares for machines (JSON-LD, Open Graph, ``<title>`` ...)."""
    votes: list[MetadataVote] = []
    for node in page.articles:
        headline = text_of(node.get("headline")) or text_of(node.get("alternativeHeadline"))
        if headline:
            votes.append(MetadataVote(f"json-ld:{type_name(node)}.headline", headline, _W_STRONG))
        elif name := text_of(node.get("name")):
            votes.append(MetadataVote(f"json-ld:{type_name(node)}.name", name, _W_WEAK))
    for key, source, weight in _DECLARED_META:
        votes.extend(MetadataVote(source, value, weight) for value in page.meta.get(key, [])[:1])
    for element in page.root.iter("title"):
        if text := clean(element.text_content()):
            votes.append(MetadataVote("<title>", text, _W_WEAK))
        break
    return votes


def declared_keys(page: Page) -> set[str]:
    """Keys of the declared titles, site names removed: what a visible ``<h2>`` may match."""
    return {title_key(strip_site(v.value, page.site_names, set())) for v in declared_titles(page)}


def title_candidates(page: Page) -> list[MetadataVote]:
    """Every title candidate, declared and shown, with its weight."""
    candidates = declared_titles(page)
    for element in page.root.xpath('//*[@itemprop="headline"]'):
        if element.tag != "meta" and (text := heading_text(element)):
            candidates.append(MetadataVote("microdata:headline", text, _W_STRONG))
            break
    headline = page.headline
    if headline is not None:
        shown = heading_text(headline) or ""
        candidates.append(MetadataVote(f"{headline.tag}:headline", shown, _W_HEADLINE))
    for heading in page.root.iter("h1"):
        text = heading_text(heading)
        if heading is headline or not text or names_site(text, page.site_names):
            continue
        where = place(page, heading)
        if where == "article":
            candidates.append(MetadataVote("h1:article", text, _W_ARTICLE_H1))
        elif where == "page":
            candidates.append(MetadataVote("h1:page", text, _W_PAGE_H1))
    return candidates


def vote_title(candidates: list[MetadataVote], page: Page) -> MetadataChoice | None:
    """Group candidates that say the same headline (site names and cut-offs aside); vote."""
    if not candidates:
        return None
    sections = _sections(page)
    groups: dict[str, list[MetadataVote]] = {}
    for candidate in candidates:
        # What the reader sees is kept as shown; declarations lose what is glued to them.
        value = (
            candidate.value
            if _visible(candidate)
            else strip_site(candidate.value, page.site_names, sections)
        )
        vote = MetadataVote(candidate.source, value, candidate.weight)
        groups.setdefault(title_key(value), []).append(vote)
    _join_cut_offs(groups)
    shown = _shown_headings(page)
    scores = {}
    for key, members in groups.items():
        score = sum(c.weight for c in members)
        if key in shown and not any(_visible(c) for c in members):
            score += _W_SHOWN  # a declared title the article shows in a headline-like element
        scores[key] = score
    best = max(
        scores,
        key=lambda key: (scores[key], _holds_headline(groups[key]), len(groups[key]), -len(key)),
    )
    members = sorted(groups[best], key=lambda c: (not _visible(c), -c.weight))
    winner = members[0]
    outvoted = tuple(c for key, group in groups.items() if key != best for c in group)
    agreeing = tuple(c.source for c in members[1:])
    return MetadataChoice(winner.value, winner.source, agreeing, outvoted)


def strip_site(title: str, sites: set[str], sections: set[str]) -> str:
    """Drop what sites glue around a headline: site name, section, date ("… | DW | 23.05.2011")."""
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    separators = TITLE_SEPARATOR.findall(title)

    def glued(part: str) -> bool:
        return (
            names_site(part, sites)
            or squash(part) in sections
            or _DATE_SEGMENT.fullmatch(part.strip()) is not None
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
    if kicker and squash(kicker.group(1)) in sections:
        out = out[kicker.end() :]  # "Agriculture: Berne interdit ..."
    return out


def _join_cut_offs(groups: dict[str, list[MetadataVote]]) -> None:
    """Let a headline cut with an ellipsis, or cut by a CMS, support the full one."""
    keys = list(groups)
    for key in keys:
        stem = key.rstrip(".… ")
        if not stem or not (key.endswith(("…", "...")) or len(key) >= _CUT_LENGTH):
            continue
        longer = [other for other in keys if other != key and other.startswith(stem)]
        if longer and key in groups:
            groups[max(longer, key=len)].extend(groups.pop(key))


def _sections(page: Page) -> set[str]:
    sections = {squash(v) for key in ("article:section", "section") for v in page.meta.get(key, [])}
    sections.update(squash(text_of(node.get("articleSection")) or "") for node in page.articles)
    sections.discard("")
    return sections


def _shown_headings(page: Page) -> set[str]:
    """Headline-like texts shown inside the article."""
    shown = set()
    for element in page.scope.iter("h1", "h2", "h3", "div", "span", "p"):
        if element.tag in ("div", "span", "p") and not _HEADLINE_CLASS.search(
            element.get("class") or ""
        ):
            continue
        text = heading_text(element)
        if text and len(text) <= MAX_TEXT:
            shown.add(title_key(text))
    return shown


def _holds_headline(members: list[MetadataVote]) -> bool:
    return any(c.source in ("h1:headline", "h2:headline") for c in members)


def _visible(vote: MetadataVote) -> bool:
    """Whether a title candidate is text the reader sees (a heading), not a declaration."""
    return vote.source.startswith(("h1:", "h2:"))
