"""Sources: turn what the user names (files, folders, URLs, feeds, ``-``) into raw documents.

:func:`iter_raw_documents` is the one entry point. Each source string is
dispatched by its shape: ``-`` is standard input, ``scheme://…`` is a URL
(fetched under the network guard), a folder is walked recursively, anything
else is a file read by its extension and first bytes. Whatever goes wrong
with one item becomes an :class:`~veille.records.ArticleError` and the
iteration goes on with the next.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from veille.errors import SourceError, internal_error_message
from veille.records import ArticleError, RawDocument
from veille.settings import Settings
from veille.sources.feeds import PageFetcher, iter_feed_entries, looks_like_feed
from veille.sources.files import (
    file_kind,
    file_time,
    gunzip_capped,
    is_compressed,
    iter_jsonl,
    read_capped,
    read_stream_capped,
    walk_folder,
)
from veille.sources.netguard import NetworkGuard
from veille.sources.url import FetchedPage, fetch_url

__all__ = [
    "STDIN_SOURCE",
    "FetchedPage",
    "NetworkGuard",
    "fetch_url",
    "fetched_documents",
    "iter_raw_documents",
    "sniff_media_type",
]

STDIN_SOURCE = "<stdin>"
"""The ``RawDocument.source`` of what was read from standard input."""

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/json"})


def iter_raw_documents(
    sources: Iterable[str],
    settings: Settings,
    *,
    guard: NetworkGuard | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | ArticleError]:
    """Yield a raw document (or an error) for every item the sources hold, in order.

    ``guard`` replaces the network guard built from ``settings`` (for example to
    exempt one known internal host); ``stdin`` replaces ``sys.stdin`` for ``-``.
    """
    guard = guard or NetworkGuard.from_settings(settings)
    for source in sources:
        try:
            if source == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _from_stdin(stream, settings)
            elif _URL.match(source):
                yield from _from_url(source, settings, guard)
            else:
                yield from _from_path(Path(source).expanduser(), settings, guard)
        except SourceError as exc:
            yield ArticleError(source, exc.code, exc.message, _now())
        except OSError as exc:
            yield ArticleError(source, "E-READ", f"cannot read {source}: {exc}", _now())
        except Exception as exc:
            # Not expected from any source; still one source's failure, not the batch's.
            yield ArticleError(source, "E-INTERNAL", internal_error_message(exc), _now())


def sniff_media_type(data: bytes, declared: str = "") -> str:
    """Guess the media type of ``data``: a feed, HTML, JSON lines or plain text.

    A specific ``declared`` type (from HTTP) is kept unless the bytes are a feed
    or HTML served under a generic type.
    """
    kind = declared.split(";", maxsplit=1)[0].strip().lower()
    if looks_like_feed(data, kind):
        return "application/rss+xml" if kind in ("", "application/octet-stream") else kind
    if kind in ("text/html", "application/xhtml+xml") or _HTML_START.match(data[:2048]):
        return "text/html"
    if kind in _JSONL_TYPES:
        return "application/x-ndjson"
    if kind in ("", "application/octet-stream", "text/plain") and _looks_like_jsonl(data):
        return "application/x-ndjson"
    return "text/plain"


def _looks_like_jsonl(data: bytes) -> bool:
    lines = [line.strip() for line in data[:4096].splitlines() if line.strip()]
    return bool(lines) and all(line.startswith(b"{") for line in lines[:-1] or lines)


def _from_stdin(stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | ArticleError]:
    data = read_stream_capped(stream, STDIN_SOURCE, settings)
    yield from _from_bytes(data, STDIN_SOURCE, sniff_media_type(data), settings)


def _from_path(
    path: Path, settings: Settings, guard: NetworkGuard
) -> Iterator[RawDocument | ArticleError]:
    if path.is_dir():
        for file in walk_folder(path, settings):
            try:
                yield from _from_file(file, settings, guard)
            except SourceError as exc:
                yield ArticleError(str(file.resolve()), exc.code, exc.message, _now())
            except OSError as exc:
                yield ArticleError(str(file), "E-READ", f"cannot read {file}: {exc}", _now())
            except Exception as exc:
                yield ArticleError(str(file), "E-INTERNAL", internal_error_message(exc), _now())
        return
    if not path.exists():
        raise SourceError(
            f"{path} does not exist; check the path (folders, files, URLs and '-' are accepted)",
            code="E-NOT-FOUND",
        )
    yield from _from_file(path, settings, guard)


def _from_file(
    path: Path, settings: Settings, guard: NetworkGuard
) -> Iterator[RawDocument | ArticleError]:
    key = str(path.resolve())
    data = read_capped(path, settings)
    if is_compressed(path, data):
        data = gunzip_capped(data, key, settings)
    modified = file_time(path)
    kind = file_kind(path)
    if kind == "feed" or looks_like_feed(data):
        media_type = "application/rss+xml"
    elif kind == "jsonl":
        media_type = "application/x-ndjson"
    elif kind == "json":
        media_type = _json_media_type(data, key)
    elif kind == "html":
        media_type = "text/html"
    else:
        # A .txt that is really a saved page still deserves HTML extraction.
        media_type = "text/html" if _HTML_START.match(data[:2048]) else "text/plain"
    yield from _from_bytes(
        data,
        key,
        media_type,
        settings,
        reference_time=modified,
        reference_time_source="file" if modified else None,
        guard=guard,
    )


def _json_media_type(data: bytes, key: str) -> str:
    """Read a ``.json`` file that is no JSON Feed as JSON lines, if it is some."""
    if _looks_like_jsonl(data):
        return "application/x-ndjson"
    raise SourceError(
        f"{key} is JSON but neither a JSON Feed (jsonfeed.org) nor JSON lines (one article "
        'object per line, {"url": ..., "title": ..., "text": ...}); convert it to one of those',
        code="E-FORMAT",
    )


def _from_url(
    url: str, settings: Settings, guard: NetworkGuard
) -> Iterator[RawDocument | ArticleError]:
    yield from fetched_documents(url, fetch_url(url, settings, guard=guard), settings, guard=guard)


def fetched_documents(
    url: str, page: FetchedPage, settings: Settings, *, guard: NetworkGuard | None = None
) -> Iterator[RawDocument | ArticleError]:
    """Yield the raw documents of a page fetched from ``url``, as an ingest of ``url`` would.

    A feed gives one document per entry (keyed ``url#entry``), a page one
    document keyed by ``url``; ``veille watch`` fetches conditionally itself
    and hands the body here, so watched sources are read exactly as ingested ones.
    """
    guard = guard or NetworkGuard.from_settings(settings)
    media_type = sniff_media_type(page.data, page.media_type)
    source_time = page.server_date
    yield from _from_bytes(
        page.data,
        url,
        media_type,
        settings,
        reference_time=source_time,
        reference_time_source="http" if source_time else None,
        guard=guard,
        page=page,
    )


def _from_bytes(
    data: bytes,
    key: str,
    media_type: str,
    settings: Settings,
    *,
    reference_time: datetime | None = None,
    reference_time_source: str | None = None,
    guard: NetworkGuard | None = None,
    page: FetchedPage | None = None,
) -> Iterator[RawDocument | ArticleError]:
    if looks_like_feed(data, media_type):
        fetcher = None
        if settings.follow_links:
            fetcher = _page_fetcher(settings, guard or NetworkGuard.from_settings(settings))
        yield from iter_feed_entries(
            data,
            key,
            fetch_page=fetcher,
            reference_time=reference_time,
            reference_time_source=reference_time_source,
        )
        return
    if media_type == "application/x-ndjson":
        yield from iter_jsonl(
            data,
            key,
            reference_time=reference_time,
            reference_time_source=reference_time_source,
        )
        return
    yield RawDocument(
        source=key,
        data=data,
        media_type=media_type,
        url=page.url if page else None,
        source_name=urlsplit(page.url).hostname if page else None,
        charset=page.charset if page else None,
        reference_time=reference_time,
        reference_time_source=reference_time_source,
    )


def _page_fetcher(settings: Settings, guard: NetworkGuard) -> PageFetcher:
    def fetch(link: str) -> RawDocument:
        page = fetch_url(link, settings, guard=guard)
        return RawDocument(
            source=link,
            data=page.data,
            media_type=sniff_media_type(page.data, page.media_type),
            url=page.url,
            charset=page.charset,
            reference_time=page.server_date,
            reference_time_source="http" if page.server_date else None,
        )

    return fetch


def _now() -> datetime:
    return datetime.now(UTC)
