"""Rows and text of the PostgreSQL store: search vectors, snippets, row I/O.

Every function that writes runs inside a transaction its caller
(:class:`veille.store.postgres.PostgresStore`) opened. The row format is
the SQLite store's (:mod:`veille.store._rows`), so both backends hold the same
values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import psycopg

from veille.records import Article, Event
from veille.store._rows import EVENT_COLUMNS, event_actor_codes, event_row
from veille.text import SEARCH_INDEX, fold

SEARCH_CONFIGS = {"fr": "french", "en": "english"}
"""Text search configuration per article language; other languages use ``simple``."""

_WORD = re.compile(r"\w+")
_SNIPPET_WORDS = 16

Conn = psycopg.Connection[dict[str, Any]]


def search_config(language: str) -> str:
    """Return the PostgreSQL text search configuration for an article language."""
    return SEARCH_CONFIGS.get(language, "simple")


def fold_nul(text: str) -> str:
    """Replace NUL (which PostgreSQL text cannot hold) in free-form messages."""
    return text.replace("\x00", "\N{REPLACEMENT CHARACTER}")


def snippet(title: str | None, text: str, terms: Sequence[str], marks: tuple[str, str]) -> str:
    """Return a short extract of the title or text with words matching ``terms`` marked.

    Matching here is for display only (the server decided what matched): a
    word matches a term word when their accent-folded, lower-cased forms are
    equal or share a stem-sized prefix, so ``militaires`` is marked for
    ``militaire``.
    """
    wanted = [w.lower() for term in terms for w in _WORD.findall(term)]

    def hit(word: str) -> bool:
        folded = fold(word, SEARCH_INDEX).lower()
        for term in wanted:
            size = max(4, len(term) - 2)
            if folded == term or (len(term) >= 4 and folded[:size] == term[:size]):
                return True
        return False

    for source in (title or "", text):
        words = list(_WORD.finditer(source))
        first = next((i for i, w in enumerate(words) if hit(w.group())), None)
        if first is None:
            continue
        begin = max(0, first - _SNIPPET_WORDS // 3)
        end = min(len(words), begin + _SNIPPET_WORDS)
        start_char = words[begin].start()
        # Keep the closing punctuation when the extract reaches the end.
        end_char = len(source) if end == len(words) else words[end - 1].end()
        parts: list[str] = ["…"] if begin > 0 else []
        cursor = start_char
        for word in words[begin:end]:
            parts.append(source[cursor : word.start()])
            parts.append(
                f"{marks[0]}{word.group()}{marks[1]}" if hit(word.group()) else word.group()
            )
            cursor = word.end()
        parts.append(source[cursor:end_char])
        if end < len(words):
            parts.append("…")
        return "".join(parts)
    return (title or text)[:120]


def vector_sql(config: str, title: str, text: str) -> str:
    """Return the SQL of an article's search vector from SQL for its configuration, title, text.

    Title words weigh more (A) than body words (B). The single-row writers
    bind the three values; the batched writer reads them from JSON.
    """
    return (
        f"setweight(to_tsvector({config}, {title}), 'A') || "
        f"setweight(to_tsvector({config}, {text}), 'B')"
    )


VECTOR = vector_sql("%s::regconfig", "%s", "%s")
"""SQL of an article's search vector with bound parameters (see :func:`vector_params`)."""


def vector_params(article: Article) -> tuple[str, str, str, str]:
    """Parameters of :data:`VECTOR` for ``article``: its configuration and folded title and text."""
    config = search_config(article.language)
    return (
        config,
        fold(article.title or "", SEARCH_INDEX),
        config,
        fold(article.text, SEARCH_INDEX),
    )


def insert_child_rows(
    conn: Conn, table: str, columns: tuple[str, ...], article_id: str, rows: list[tuple[Any, ...]]
) -> None:
    """Insert an article's rows of a per-article table (mentions, places), numbered in order."""
    if not rows:
        return
    with conn.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, ordinal, {', '.join(columns)}) "  # noqa: S608 - our table/column names
            f"VALUES (%s, %s, {', '.join(['%s'] * len(columns))})",
            [(article_id, ordinal, *row) for ordinal, row in enumerate(rows)],
        )


def insert_events(conn: Conn, events: list[Event]) -> None:
    """Insert events with their JSON payload and their actor codes, in pipelined batches."""
    if not events:
        return
    with conn.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "  # noqa: S608 - our column names
            f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))}) RETURNING pk",
            [event_row(ordinal, event) for ordinal, event in enumerate(events)],
            returning=True,
        )
        keys: list[int] = []
        while True:
            row = cursor.fetchone()
            if row is not None:
                keys.append(int(row["pk"]))
            if not cursor.nextset():
                break
        actor_rows = []
        for event_pk, event in zip(keys, events, strict=True):
            actor_rows += [(event_pk, role, code) for role, code in event_actor_codes(event)]
        if actor_rows:
            cursor.executemany(
                "INSERT INTO event_actors (event_pk, role, code) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING",
                actor_rows,
            )
