"""Local sources: files, folders, JSONL records and standard input.

Reading never loads more than ``settings.max_bytes`` + 1 bytes of anything, so
a 50 GB log dropped into a folder costs one ``stat`` and an ``E-TOO-LARGE``
error, not the machine's memory.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from veille.errors import SourceError
from veille.records import ArticleError, RawDocument
from veille.settings import Settings

_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
_FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom", ".rdf"})
_JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
_JSON_EXTENSIONS = frozenset({".json"})
_JSONL_TEXT_KEYS = ("html", "text")
_JSONL_METADATA_KEYS = ("title", "author", "author_role", "published", "language", "source_name")


PROJECT_FILES = frozenset(
    {
        "readme",
        "license",
        "licence",
        "copying",
        "notice",
        "authors",
        "changelog",
        "changes",
        "contributing",
        "code_of_conduct",
        "security",
    }
)
"""Names (before the first dot, any case) of a folder's own documentation: README.md,
LICENSE.txt ... A folder walk skips them; they are read only when named."""


def is_project_file(path: Path) -> bool:
    """Whether ``path`` is a README, licence or changelog rather than an article."""
    return path.name.split(".", 1)[0].lower() in PROJECT_FILES


def walk_folder(folder: Path, settings: Settings) -> Iterator[Path]:
    """Files under ``folder`` whose extension is in ``settings.extensions``, in sorted order.

    A gzip file counts by the extension before ``.gz``: ``page.html.gz`` is
    read with the ``.html`` files.

    Hidden files and folders (``.git``…) are skipped, and so are the folder's
    own documentation files (:data:`PROJECT_FILES`: a README is not news);
    symbolic links to folders are not followed, so a link loop cannot trap
    the walk.
    """
    wanted = {
        ext.lower() if ext.startswith(".") else f".{ext.lower()}" for ext in settings.extensions
    }
    found: list[Path] = []
    for root, folders, files in os.walk(folder, followlinks=False):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(
            Path(root, name)
            for name in files
            if not name.startswith(".")
            and inner_suffix(Path(name)) in wanted
            and not is_project_file(Path(name))
        )
    # Sorted by path components, so "a.txt" < "b/z.txt" < "c.txt" whatever the walk order.
    yield from sorted(found, key=lambda path: path.relative_to(folder).parts)


def read_capped(path: Path, settings: Settings) -> bytes:
    """Return the bytes of ``path``; ``E-TOO-LARGE``, unread, when over ``max_bytes``.

    Only regular files are read: a FIFO blocks until someone writes to it, a
    device such as ``/dev/zero`` never ends, a socket cannot be opened. They
    are refused with ``E-SPECIAL-FILE`` from their ``stat`` (which follows
    symbolic links), before opening, and again on the opened descriptor, so
    a file swapped for a FIFO in between is refused too.
    """
    try:
        status = path.stat()
        _refuse_special(path, status.st_mode)
        if status.st_size > settings.max_bytes:
            raise SourceError(_too_large(str(path), settings, status.st_size), code="E-TOO-LARGE")
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a
        # writer (fstat then refuses it); regular files read as usual.
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC
        with os.fdopen(os.open(path, flags), "rb") as handle:
            _refuse_special(path, os.fstat(handle.fileno()).st_mode)
            # The file may have grown since stat(); never read past the cap.
            data = handle.read(settings.max_bytes + 1)
    except OSError as exc:
        raise SourceError(
            f"cannot read {path}: {exc.strerror or exc}; check the path and its permissions",
            code="E-READ",
        ) from exc
    if len(data) > settings.max_bytes:
        raise SourceError(_too_large(str(path), settings, None), code="E-TOO-LARGE")
    return data


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    raise SourceError(
        f"{path} is {kind}, not a regular file; veille reads only regular files "
        "(pipe a stream to standard input with '-' instead)",
        code="E-SPECIAL-FILE",
    )


def read_stream_capped(stream: BinaryIO, name: str, settings: Settings) -> bytes:
    """Read a stream (standard input) up to ``max_bytes``; ``E-TOO-LARGE`` beyond."""
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise SourceError(_too_large(name, settings, None), code="E-TOO-LARGE")
    return data


def file_kind(path: Path) -> str:
    """Classify ``path`` by extension as ``html``, ``feed``, ``jsonl``, ``json`` or ``text``."""
    suffix = inner_suffix(path)
    if suffix in _HTML_EXTENSIONS:
        return "html"
    if suffix in _FEED_EXTENSIONS:
        return "feed"
    if suffix in _JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in _JSON_EXTENSIONS:
        return "json"
    return "text"


def file_time(path: Path) -> datetime | None:
    """Return the file's modification time in UTC, the reference time for its relative dates."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, OverflowError, ValueError):
        return None


def iter_jsonl(
    data: bytes,
    source: str,
    *,
    reference_time: datetime | None,
    reference_time_source: str | None,
) -> Iterator[RawDocument | ArticleError]:
    """One raw document per JSONL line ``{url, title, text | html, author, published, …}``.

    A bad line (not JSON, not an object, no text) becomes an error for that
    line only; blank lines are skipped. A file with no line at all is one
    ``E-EMPTY`` error, so that every input leaves a trace in the store.
    """
    empty = True
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        empty = False
        key = f"{source}:line-{number}"
        try:
            yield _jsonl_record(line, key, reference_time, reference_time_source)
        except SourceError as exc:
            yield ArticleError(key, exc.code, exc.message, datetime.now(UTC))
    if empty:
        yield ArticleError(
            source,
            "E-EMPTY",
            "the JSON lines file holds no record; add one JSON object per line",
            datetime.now(UTC),
        )


def _jsonl_record(
    line: bytes,
    key: str,
    reference_time: datetime | None,
    reference_time_source: str | None,
) -> RawDocument:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise SourceError(
            f"line is not valid JSON ({exc}); each line must be one JSON object",
            code="E-JSONL",
        ) from exc
    if not isinstance(record, dict):
        raise SourceError(
            f"line holds a JSON {type(record).__name__}, not an object like "
            '{"url": ..., "title": ..., "text": ...}',
            code="E-JSONL",
        )
    body_key = next((k for k in _JSONL_TEXT_KEYS if isinstance(record.get(k), str)), None)
    if body_key is None or not str(record[body_key]).strip():
        raise SourceError(
            'record has no "text" or "html" string; add the article body to the record',
            code="E-JSONL",
        )
    url = record.get("url")
    metadata = {
        name: str(record[name]).strip()
        for name in _JSONL_METADATA_KEYS
        if isinstance(record.get(name), str | int | float) and str(record[name]).strip()
    }
    metadata["source_format"] = "jsonl"
    return RawDocument(
        source=key,
        data=str(record[body_key]),
        media_type="text/html" if body_key == "html" else "text/plain",
        url=url.strip() if isinstance(url, str) and url.strip() else None,
        source_name=metadata.get("source_name"),
        reference_time=reference_time,
        reference_time_source=reference_time_source,
        metadata=metadata,
    )


def _too_large(name: str, settings: Settings, size: int | None) -> str:
    stated = f" ({size} bytes)" if size is not None else ""
    return (
        f"{name} is larger than max_bytes={settings.max_bytes}{stated}; split it, "
        "or raise VEILLE_MAX_BYTES if you really want it read"
    )


# -- compressed files ----------------------------------------------------------

GZIP_MAGIC = b"\x1f\x8b"
_COMPRESSED_SUFFIXES = frozenset({".gz"})


def inner_suffix(path: Path) -> str:
    """Return the extension that says what a file holds: ``.html`` for ``page.html.gz``."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in _COMPRESSED_SUFFIXES:
        return suffixes[-2]
    return path.suffix.lower()


def is_compressed(path: Path, data: bytes) -> bool:
    """Whether the file is gzip: by its name (``.gz``) or its first bytes."""
    return path.suffix.lower() in _COMPRESSED_SUFFIXES or data.startswith(GZIP_MAGIC)


def gunzip_capped(data: bytes, name: str, settings: Settings) -> bytes:
    """Decompress gzip ``data``, never producing more than ``max_bytes`` (a bomb is refused).

    ``E-TOO-LARGE`` when the content is larger than the cap, ``E-BINARY``
    when the bytes are not valid gzip or stop before its end.
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, settings.max_bytes + 1)
    except zlib.error as exc:
        raise SourceError(
            f"{name} is named or starts like gzip but cannot be decompressed ({exc}); "
            "check that the file is complete",
            code="E-BINARY",
        ) from exc
    if len(out) > settings.max_bytes:
        raise SourceError(_too_large(name, settings, None), code="E-TOO-LARGE")
    if not inflater.eof:
        raise SourceError(
            f"{name} is a gzip file that ends early (truncated download?); fetch it again",
            code="E-BINARY",
        )
    return out
