"""The sample corpus shipped with veille, and the answers a careful reader expects from it.

The corpus is invented news written by the veille developers (CC BY 4.0, see
``README.md`` in this folder): 24 short French and English articles in the
plain-text layout of the reference article, three of them again as HTML
pages, and two feeds. ``expected.json`` holds the metadata, sections and
events each item should yield; ``stories.json`` says which items report the
same happening. Relative dates in the corpus ("il y a 2 jours", "yesterday")
are meant to be read against :data:`REFERENCE_TIME`.

The folder is package data, so these helpers work the same from a source
checkout and from an installed wheel.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "REFERENCE_TIME",
    "article_paths",
    "data_file_names",
    "expected",
    "feed_paths",
    "html_paths",
    "samples_dir",
    "stories",
]

REFERENCE_TIME = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
"""The "now" the corpus was written for: pass it as ``--as-of`` to get the expected dates."""

_DATA_FILES = ("expected.json", "stories.json", "README.md")


def samples_dir() -> Path:
    """Return the folder holding the sample corpus (``articles/``, ``html/``, ``feeds/``)."""
    return Path(__file__).resolve().parent


def article_paths(language: Literal["fr", "en"] | None = None) -> list[Path]:
    """Return the plain-text sample articles in file-name order, optionally of one language.

    File names follow ``NN_lang_slug.txt``, so the language filter reads the
    name rather than guessing from the text.
    """
    paths = sorted((samples_dir() / "articles").glob("*.txt"))
    if language is None:
        return paths
    return [p for p in paths if p.name.split("_", 2)[1] == language]


def html_paths() -> list[Path]:
    """Return the sample HTML pages (each one a copy of a text article, with page metadata)."""
    return sorted((samples_dir() / "html").glob("*.html"))


def feed_paths() -> list[Path]:
    """Return the sample feeds: one RSS 2.0 and one Atom file."""
    return sorted(p for p in (samples_dir() / "feeds").iterdir() if p.suffix in {".rss", ".atom"})


def expected() -> dict[str, Any]:
    """Load ``expected.json``: per-item metadata, sections and events a careful reader finds.

    Keys: ``reference_time``, ``articles`` (by text file name), ``html`` (by
    page file name) and ``feeds`` (by feed file name, with their entries).
    """
    loaded: dict[str, Any] = json.loads(
        (samples_dir() / "expected.json").read_text(encoding="utf-8")
    )
    return loaded


def stories() -> list[dict[str, Any]]:
    """Load the story gold from ``stories.json``: which sample items report the same happening.

    Each story has an ``id``, a one-line ``happening`` and its ``members``:
    paths relative to :func:`samples_dir`, feed entries written
    ``feeds/FILE#ENTRY-LINK``. Every sample item belongs to exactly one story.
    """
    loaded: dict[str, Any] = json.loads(
        (samples_dir() / "stories.json").read_text(encoding="utf-8")
    )
    found: list[dict[str, Any]] = loaded["stories"]
    return found


def data_file_names() -> tuple[str, ...]:
    """Return the names of the files in :func:`samples_dir` that are not news items.

    A folder ingest of the whole sample directory should skip these: they are
    the answer key and the licence notice, not articles.
    """
    return _DATA_FILES
