"""JSON Feed (https://jsonfeed.org, versions 1 and 1.1): its items as feed entries.

feedparser 6 reads RSS, Atom and RDF only; a JSON Feed given to it yields
nothing, and the whole file used to be stored as one article whose body was
the raw JSON. :func:`parse_json_feed` reads the feed with the standard
library and returns the shape feedparser gives (``feed.title`` and
``entries`` with ``id``, ``link``, ``title``, ``author``, ``published``,
``published_parsed``, ``content``, ``summary``, ``language``), so every
entry then goes through the same steps as an RSS item.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from veille.errors import SourceError

__all__ = ["is_json_feed", "parse_json_feed"]

# PHP and others write "https:\/\/jsonfeed.org\/version\/1": the slashes may be escaped.
_VERSION = re.compile(rb'"version"\s*:\s*"https?:(?:\\?/){2}jsonfeed\.org(?:\\?/)', re.IGNORECASE)
_SNIFF_BYTES = 4096


def is_json_feed(data: bytes) -> bool:
    """Whether ``data`` starts like a JSON Feed document (its ``version`` names jsonfeed.org)."""
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and bool(_VERSION.search(head))


def parse_json_feed(data: bytes) -> dict[str, Any]:
    """Read a JSON Feed into feedparser's shape: ``{"feed": {...}, "entries": [...]}``.

    Items that are not objects are left out. Raises :class:`SourceError`
    (``E-FEED``) when the document is not JSON or has no ``items`` list.
    """
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise SourceError(
            f"cannot read this JSON Feed: it is not valid JSON ({exc}); check it with a JSON "
            "validator",
            code="E-FEED",
        ) from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise SourceError(
            "cannot read this JSON Feed: it has no items list; check it against jsonfeed.org",
            code="E-FEED",
        )
    feed_language = _text(document.get("language"))
    entries = [_entry(item, feed_language) for item in document["items"] if isinstance(item, dict)]
    return {"feed": {"title": _text(document.get("title"))}, "entries": entries}


def _entry(item: dict[str, Any], feed_language: str | None) -> dict[str, Any]:
    published = _text(item.get("date_published")) or _text(item.get("date_modified"))
    moment = _instant(published)
    content = []
    if _text(item.get("content_html")):
        content.append({"value": item["content_html"], "type": "text/html"})
    elif _text(item.get("content_text")):
        content.append({"value": item["content_text"], "type": "text/plain"})
    return {
        "id": _text(item.get("id")) or _text(item.get("url")),
        "link": _text(item.get("url")) or _text(item.get("external_url")),
        "title": _text(item.get("title")),
        "author": _author(item),
        "published": published,
        "published_parsed": moment.utctimetuple() if moment else None,
        "content": content,
        "summary": _text(item.get("summary")),
        "language": _text(item.get("language")) or feed_language,
    }


def _author(item: dict[str, Any]) -> str | None:
    # Version 1.1 has a list of authors, version 1 one author object.
    authors = item.get("authors")
    people = authors if isinstance(authors, list) else [item.get("author")]
    names = [_text(person.get("name")) for person in people if isinstance(person, dict)]
    return ", ".join(name for name in names if name) or None


def _instant(text: str | None) -> datetime | None:
    """Read an RFC 3339 date; ``None`` when it is not one (the entry then has no date)."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: object) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # JSON Feed ids are strings, but some feeds write numbers
    if not isinstance(value, str):
        return None
    return value.strip() or None
