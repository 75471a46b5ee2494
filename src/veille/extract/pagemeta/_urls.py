"""The page's own address: ``<link rel=canonical>``, Open Graph, Twitter card, JSON-LD.

A page saved to disk has no URL of its own, but it nearly always states
one: the canonical link search engines are told to index, and the
``og:url`` that social networks share. Each stated address votes; the
canonical link counts most, since it is the one the publisher names for
this very article (``og:url`` is sometimes the section's or the home
page's). Only absolute ``http(s)`` addresses count; a relative canonical
link is resolved against the URL the page was fetched from, when known.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urljoin, urlsplit

from veille.extract.pagemeta._page import ARTICLE_TYPES, Page, types
from veille.records import MetadataChoice, MetadataVote

_MAX_URL = 2000
# Weights: the publisher's own canonical declaration first; the sharing tags
# next; a JSON-LD ``url`` last, since it is often the site's or the author's.
_WEIGHTS = {"link:canonical": 3.0, "og:url": 2.0, "twitter:url": 1.0, "json-ld:url": 1.0}


def url_candidates(page: Page) -> list[MetadataVote]:
    """Every absolute address the page states for itself, with its weight."""
    votes: list[MetadataVote] = []
    for element in page.root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        if "canonical" in rel:
            _add(votes, "link:canonical", element.get("href"), page.url)
    for key in ("og:url", "twitter:url"):
        for value in page.meta.get(key, []):
            _add(votes, key, value, page.url)
    for node in page.articles:
        _add(votes, "json-ld:url", _json_ld_url(node), page.url)
    return votes


def choose_url(votes: list[MetadataVote]) -> MetadataChoice | None:
    """Choose the address with the most weight; ties go to the first stated."""
    if not votes:
        return None
    weight: dict[str, float] = defaultdict(float)
    for vote in votes:
        weight[vote.value] += vote.weight
    best = max(weight, key=lambda value: weight[value])  # max keeps the first of equals
    winner = next(vote for vote in votes if vote.value == best)
    return MetadataChoice(
        value=best,
        source=winner.source,
        agreeing=tuple(v.source for v in votes if v.value == best and v is not winner),
        outvoted=tuple(v for v in votes if v.value != best),
    )


def _json_ld_url(node: dict[str, Any]) -> str | None:
    value = node.get("url")
    if isinstance(value, str):
        return value
    entity = node.get("mainEntityOfPage")
    if isinstance(entity, dict) and not (types(entity) & ARTICLE_TYPES):
        found = entity.get("@id") or entity.get("url")
        return found if isinstance(found, str) else None
    return entity if isinstance(entity, str) else None


def _add(votes: list[MetadataVote], source: str, value: str | None, base: str | None) -> None:
    address = _absolute(value, base)
    if address is not None:
        votes.append(MetadataVote(source, address, _WEIGHTS[source]))


def _absolute(value: str | None, base: str | None) -> str | None:
    """Return the address as an absolute http(s) URL, or ``None`` when it cannot be one."""
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > _MAX_URL or any(char.isspace() for char in text):
        return None
    if base and not urlsplit(text).scheme:
        text = urljoin(base, text)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text
