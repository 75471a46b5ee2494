"""Turn a user's search text into safe search terms.

Users type words and ``"quoted phrases"``; nothing they type may be read as
search-engine syntax (FTS5's ``OR``, ``NEAR(``, ``*``, ``-``, column filters)
or reach SQL. The text is split into terms here, and each backend quotes
every term as a literal phrase (:func:`fts5_match` for SQLite), so operators
become ordinary words and stray punctuation matches nothing.
"""

from __future__ import annotations

import re
import unicodedata

from veille.errors import StoreError

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
"""A quoted phrase (closing quote optional, so unbalanced quotes still work) or a bare word."""

EMPTY_QUERY_HINT = (
    "the search query has no words to look for; type one or more words, "
    'or a "quoted phrase", e.g. veille search "flanc est"'
)


def search_terms(query: str) -> list[str]:
    """Split ``query`` into terms: bare words and quoted phrases, in order.

    Terms without any letter or digit (``*``, ``-``, ``(``) are dropped since
    they can match nothing. Raises :class:`StoreError` (``E-SEARCH-EMPTY``)
    when no term is left.

    >>> search_terms('Moscou "flanc Est" OR -')
    ['Moscou', 'flanc Est', 'OR']
    """
    # NFC so that a decomposed "é" typed on some systems folds like the stored text;
    # control characters become spaces because FTS5 reads NUL as the end of the query.
    normalized = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in unicodedata.normalize("NFC", query)
    )
    terms = []
    for match in _TERM.finditer(normalized):
        term = " ".join((match.group(1) or match.group(2) or "").split())
        if any(ch.isalnum() for ch in term):
            terms.append(term)
    if not terms:
        raise StoreError(EMPTY_QUERY_HINT, code="E-SEARCH-EMPTY")
    return terms


def fts5_match(terms: list[str]) -> str:
    """Write terms as an SQLite FTS5 query: every term a quoted phrase, all required.

    Double quotes cannot appear inside a term (they delimit phrases), so
    quoting is complete; the result is passed as a bound parameter anyway.

    >>> fts5_match(["Moscou", "flanc Est"])
    '"Moscou" "flanc Est"'
    """
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)
