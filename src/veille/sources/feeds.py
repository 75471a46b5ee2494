"""RSS, Atom, RDF and JSON feeds: one :class:`RawDocument` per entry.

JSON Feed is read by :mod:`veille.sources.jsonfeed`, the others by feedparser.

feedparser reads malformed feeds leniently (it sets ``bozo`` and carries on);
veille keeps whatever entries it recovered and reports a feed error only
when nothing usable came out. Each entry's title, author and date travel in
``RawDocument.metadata`` and take precedence over what extraction would guess;
the entry date is the reference time for relative dates in its text.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from veille.errors import SourceError
from veille.records import ArticleError, RawDocument
from veille.sources.feedcharset import as_declared_utf8
from veille.sources.jsonfeed import is_json_feed, parse_json_feed

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)\b", re.IGNORECASE)
_SNIFF_BYTES = 2048
# A DOCTYPE with an internal subset ("<!DOCTYPE rss [ ... ]>") is where entity
# declarations live: billion laughs, quadratic blow-up and external entities
# (XXE). Real feeds do not declare entities, so the subset is dropped before
# parsing and any reference to those entities stays undefined, harmless text.
# Anchored to the prolog (BOM, XML declaration, comments), the only place a
# DOCTYPE may stand, so hostile bytes cost one linear scan at most.
_INTERNAL_SUBSET = re.compile(
    rb"\A(?P<prolog>(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*+)"
    rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>",
    re.IGNORECASE | re.DOTALL,
)

PageFetcher = Callable[[str], RawDocument]
"""Fetches an entry's link as a full page (used when ``follow_links`` is on)."""


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """Whether ``data`` is a feed, by media type or by its first bytes."""
    kind = media_type.split(";", maxsplit=1)[0].strip().lower()
    if kind in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return True
    if kind == "application/feed+json":
        return True
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return is_json_feed(data)
    return head.startswith(b"<") and bool(_FEED_ROOT.search(head))


def iter_feed_entries(
    data: bytes,
    feed_source: str,
    *,
    fetch_page: PageFetcher | None = None,
    reference_time: datetime | None = None,
    reference_time_source: str | None = None,
) -> Iterator[RawDocument | ArticleError]:
    """Yield one raw document per feed entry, or one error when the feed is unreadable.

    With ``fetch_page``, each entry's link is fetched and its page replaces the
    entry summary; the entry's metadata is kept. ``reference_time`` (with its
    source, e.g. the feed file's time) is used for entries without a date.
    """
    try:
        parsed = _parse_feed(data)
    except SourceError as exc:
        yield ArticleError(feed_source, exc.code, exc.message, datetime.now(UTC))
        return
    except Exception as exc:  # feedparser on hostile bytes; report, don't crash
        yield _feed_error(feed_source, f"feedparser failed: {exc!r}")
        return
    entries = list(parsed.get("entries") or [])
    if not entries:
        reason = parsed.get("bozo_exception")
        detail = f"it is malformed ({reason})" if reason else "it has no entries"
        yield _feed_error(feed_source, detail)
        return
    feed_title = _text(parsed.get("feed", {}).get("title"))
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        key = _entry_key(entry, number, seen)
        source = f"{feed_source}#{key}"
        try:
            yield _entry_document(
                entry,
                source,
                feed_title,
                (reference_time, reference_time_source),
                fetch_page=fetch_page,
            )
        except SourceError as exc:
            yield ArticleError(source, exc.code, exc.message, datetime.now(UTC))


def _parse_feed(data: bytes) -> Any:  # noqa: ANN401  # feedparser's dict, or the same shape
    """Parse a JSON Feed ourselves, anything else with feedparser."""
    if is_json_feed(data):
        return parse_json_feed(data)
    import feedparser  # noqa: PLC0415  # slow import, only for feeds

    data = as_declared_utf8(_INTERNAL_SUBSET.sub(rb"\g<prolog>", data, count=1))
    # A stream, never bytes or str: feedparser tries whatever else it is
    # given as a URL, then as a file name (``open(data)``), before reading
    # it as a document, so a body such as ``/etc/hosts`` or ``/dev/zero``
    # would be read from the local disk. A stream is only ever ``read()``.
    return feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)


def _entry_document(
    entry: Any,  # noqa: ANN401  # feedparser's dict subclass
    source: str,
    feed_title: str | None,
    fallback: tuple[datetime | None, str | None],
    *,
    fetch_page: PageFetcher | None,
) -> RawDocument:
    link = _text(entry.get("link"))
    entry_time = _entry_time(entry)
    metadata = {
        "title": _text(entry.get("title")),
        # author_detail.name drops the e-mail RSS puts around the name.
        "author": _text((entry.get("author_detail") or {}).get("name"))
        or _text(entry.get("author")),
        "published": _text(entry.get("published") or entry.get("updated")),
        "language": _text(entry.get("language")),
        "source_format": "feed",
    }
    clean_metadata = {key: value for key, value in metadata.items() if value}
    reference, reference_source = (entry_time, "feed") if entry_time else fallback
    if fetch_page is not None and link:
        page = fetch_page(link)
        return RawDocument(
            source=source,
            data=page.data,
            media_type=page.media_type,
            url=page.url or link,
            source_name=feed_title,
            charset=page.charset,
            reference_time=reference or page.reference_time,
            reference_time_source=reference_source or page.reference_time_source,
            metadata=clean_metadata,
        )
    content, media_type = _entry_content(entry)
    if not _has_words(content, media_type):
        content, media_type = _headline_only(clean_metadata, link, source)
    return RawDocument(
        source=source,
        data=content,
        media_type=media_type,
        url=link,
        source_name=feed_title,
        reference_time=reference,
        reference_time_source=reference_source,
        metadata=clean_metadata,
    )


def _entry_content(entry: Any) -> tuple[str, str]:  # noqa: ANN401
    """Return the richest text the entry carries: full content, else summary; and its media type."""
    for block in entry.get("content") or []:
        value = _text(block.get("value"))
        if value:
            return value, _media_type(block.get("type"))
    summary = _text(entry.get("summary"))
    if summary:
        detail = entry.get("summary_detail") or {}
        return summary, _media_type(detail.get("type"))
    return "", "text/plain"


_TAG = re.compile(r"<[^>]*>")


def _has_words(content: str, media_type: str) -> bool:
    text = _TAG.sub(" ", content) if media_type == "text/html" else content
    return any(char.isalnum() for char in text)


def _headline_only(metadata: dict[str, str], link: str | None, source: str) -> tuple[str, str]:
    """Return the entry's headline as its text: a dated statement is worth coding.

    Many feeds (RSS 1.0, news agencies' wires) give a headline, a link and a
    date and no summary. Raises ``E-EMPTY`` when there is no headline
    either, saying how to get the page behind the link.
    """
    headline = metadata.get("title")
    if headline:
        return headline, "text/plain"
    hint = (
        "ingest with --follow-links (VEILLE_FOLLOW_LINKS=1) to fetch the page it links to"
        if link
        else "it has no link either, so there is nothing to fetch"
    )
    raise SourceError(
        f"{source}: the feed entry has no headline and no text; {hint}", code="E-EMPTY"
    )


def _media_type(declared: object) -> str:
    kind = str(declared or "").lower()
    return "text/html" if "html" in kind else "text/plain"


def _entry_time(entry: Any) -> datetime | None:  # noqa: ANN401
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError, OSError):
                continue
    return None


def _entry_key(entry: Any, number: int, seen: set[str]) -> str:  # noqa: ANN401
    """Return a stable key for the entry: its id, else its link, else its position."""
    key = _text(entry.get("id")) or _text(entry.get("link")) or f"entry-{number}"
    # Some feeds repeat ids; the position keeps the keys of distinct entries apart.
    if key in seen:
        key = f"{key}~{number}"
    seen.add(key)
    return key


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def _feed_error(source: str, detail: str) -> ArticleError:
    return ArticleError(
        source,
        "E-FEED",
        f"cannot read this feed: {detail}; open it in a browser or a feed validator",
        datetime.now(UTC),
    )
