"""Text search of the PostgreSQL store: search vectors and snippets.

The rows themselves are written by the shared store
(:mod:`veille.store._common`), in the row format of :mod:`veille.store._rows`,
so both backends hold the same values; what is PostgreSQL's own here is the
text search: the folded title and text of the ``search`` vector, and the
snippets of :meth:`~veille.store.postgres.PostgresStore.search`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import psycopg

from veille.records import Article
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


VECTOR = vector_sql("?::regconfig", "?", "?")
"""SQL of an article's search vector with ``?`` placeholders (see :func:`vector_params`)."""


def vector_params(article: Article) -> tuple[str, str, str, str]:
    """Parameters of :data:`VECTOR` for ``article``: its configuration and folded title and text."""
    config = search_config(article.language)
    return (
        config,
        fold(article.title or "", SEARCH_INDEX),
        config,
        fold(article.text, SEARCH_INDEX),
    )
