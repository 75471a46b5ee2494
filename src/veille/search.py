"""Search across languages: ``OR``, actor names in any spelling, filters by actor, date, language.

The store's full-text search (:meth:`veille.store.Store.search`) finds the
words as written: ``Poutine`` finds French articles, ``Putin`` English
ones. :func:`search_articles` builds on it:

- ``A OR B`` (``OR`` in capitals, outside quotes) finds articles matching
  either side; each side is searched as the store searches (every word
  required, ``"quoted phrases"`` as phrases);
- a side that names one actor of the knowledge base, in any language or
  as its id (``Poutine``, ``Putin``, ``PER:vladimir-putin``, ``Russie``,
  ``RUS``), also finds the articles whose mentions resolve to that actor,
  whatever spelling they use: those come after the word matches, most
  mentions first, with the mention as written for snippet;
- ``actor`` keeps articles mentioning that actor; ``since``/``until``
  (ISO dates, inclusive) the articles published in that range, and
  ``language`` those in that language.
"""

from __future__ import annotations

import re
from datetime import date

from veille.errors import StoreError
from veille.store import Store
from veille.store.base import SearchHit
from veille.store.event_query import check_date

__all__ = ["search_articles", "split_alternatives"]

_ALTERNATIVE = re.compile(r'"[^"]*"?|\S+')
_OR = "OR"
SCAN_FACTOR = 5
"""With filters, hits read per hit wanted (more are read while too few pass)."""


def split_alternatives(query: str) -> list[str]:
    """Split a query on the word ``OR`` in capitals, outside quoted phrases.

    >>> split_alternatives('Poutine OR "Vladimir Putin" OR Kremlin')
    ['Poutine', '"Vladimir Putin"', 'Kremlin']
    >>> split_alternatives("or else")
    ['or else']
    """
    sides: list[list[str]] = [[]]
    for token in _ALTERNATIVE.findall(query):
        if token == _OR:
            sides.append([])
        else:
            sides[-1].append(token)
    return [" ".join(side) for side in sides if side]


def search_articles(
    store: Store,
    query: str,
    *,
    limit: int = 20,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    marks: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Return the articles matching ``query`` (see the module docstring), best first."""
    from veille.filters import actor_filter  # noqa: PLC0415 - loads the knowledge base

    if since:
        check_date(since, "since")
    if until:
        check_date(until, "until")
    actor_code = actor_filter(actor) if actor else None
    filtered = bool(actor_code or since or until or language)
    wanted = limit * SCAN_FACTOR if filtered else limit
    while True:
        hits, complete = _find(store, query, wanted, marks)
        kept = _keep(store, hits, actor=actor_code, since=since, until=until, language=language)
        if len(kept) >= limit or complete:
            return kept[:limit]
        wanted *= 2


def _find(
    store: Store, query: str, wanted: int, marks: tuple[str, str]
) -> tuple[list[SearchHit], bool]:
    """Return up to ``wanted`` hits of every alternative and whether that was all of them."""
    from veille.filters import names_actor  # noqa: PLC0415 - loads the knowledge base

    sides = split_alternatives(query) or [query]
    by_words: dict[str, SearchHit] = {}
    by_actor: dict[str, SearchHit] = {}
    complete = True
    empty_sides = 0
    for side in sides:
        try:
            found = store.search(side, limit=wanted, marks=marks)
        except StoreError as exc:
            if exc.code != "E-SEARCH-EMPTY" or len(sides) == 1:
                raise
            empty_sides += 1
            continue
        complete = complete and len(found) < wanted
        for hit in found:
            if hit.article_id not in by_words or hit.rank > by_words[hit.article_id].rank:
                by_words[hit.article_id] = hit
        named = names_actor(side.strip('"'))
        if named is None:
            continue
        mentioned = store.articles_mentioning(named, limit=wanted)
        complete = complete and len(mentioned) < wanted
        for hit in mentioned:
            if hit.article_id not in by_words and hit.article_id not in by_actor:
                by_actor[hit.article_id] = SearchHit(
                    article_id=hit.article_id,
                    title=hit.title,
                    snippet=f"{marks[0]}{hit.snippet}{marks[1]}",
                    rank=0.0,
                )
    if empty_sides == len(sides):
        store.search(query)  # raises the store's own E-SEARCH-EMPTY with its hint
    ranked = sorted(by_words.values(), key=lambda hit: -hit.rank)
    ordered = ranked + [h for h in by_actor.values() if h.article_id not in by_words]
    return ordered, complete


def _keep(
    store: Store,
    hits: list[SearchHit],
    *,
    actor: str | None,
    since: str | None,
    until: str | None,
    language: str | None,
) -> list[SearchHit]:
    """Keep the hits whose article passes the filters."""
    if not hits or not (actor or since or until or language):
        return hits
    ids = [hit.article_id for hit in hits]
    allowed = set(ids)
    if actor:
        allowed &= {h.article_id for h in store.articles_mentioning(actor, among=ids)}
    if since or until or language:
        headlines = store.article_headlines(ids)
        first = _bound(since, last_day=False) if since else None
        last = _bound(until, last_day=True) if until else None
        for article_id in list(allowed):
            headline = headlines.get(article_id)
            day = headline.published_at.date() if headline and headline.published_at else None
            other_language = language and (
                headline is None or headline.language != language.lower()
            )
            out_of_range = (first or last) and (
                day is None or (first and day < first) or (last and day > last)
            )
            if other_language or out_of_range:
                allowed.discard(article_id)
    return [hit for hit in hits if hit.article_id in allowed]


def _bound(value: str, *, last_day: bool) -> date:
    """Read an ISO date filter ("2026", "2026-11", "2026-11-24") as its first or last day."""
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not last_day:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31) if last_day else date(parts[0], 1, 1)
