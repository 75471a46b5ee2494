"""The answers both front ends give: ``veille ...`` on the terminal and ``/api/...`` over HTTP.

A command and its endpoint call the same function here, so that ``veille
actors --json`` and ``GET /api/actors`` (or ``veille stories --json`` and
``GET /api/stories``) cannot drift apart; each front end keeps only the
reading of its own arguments and the form of its output (Rich table, JSON
body, headers). This module holds the actor and story listings; the
package's modules hold the rest:

- :mod:`veille.queries.merged`: pages of merged events (one record per
  real-world event), for ``veille events --merged``, ``/api/events``,
  exports and alerts;
- :mod:`veille.queries.charts`: pages of raw events, the timeline, the
  dyad tension and the actor network the dashboard draws;
- :mod:`veille.queries.geo`: events by country and by city for the map.

The filters a user types are read in :mod:`veille.filters` (dyads
included), and one story as JSON is built in :mod:`veille.stories.views`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from veille.serialize import JsonDict, to_dict

if TYPE_CHECKING:
    from veille.records import Actor
    from veille.store import Store
    from veille.store.base import StorySummary

__all__ = ["StoryPage", "actor_json", "actors_with_mentions", "story_page"]


def actors_with_mentions(store: Store, query: str | None, limit: int) -> list[tuple[Actor, int]]:
    """Return up to ``limit`` actors of the knowledge base matching ``query``, each with its count.

    With no ``query``, the first ``limit`` actors in the knowledge base's
    order; the count is how many stored mentions resolve to the actor.
    """
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - loads data files

    kb = get_knowledge_base()
    found = kb.search(query, limit=limit) if query else list(kb.actors())[:limit]
    counts = store.mention_counts([a.id for a in found])
    return [(actor, counts[actor.id]) for actor in found]


def actor_json(actor: Actor, mention_count: int) -> JsonDict:
    """Return an actor's JSON form with its stored ``mention_count``."""
    return {**to_dict(actor), "mention_count": mention_count}


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of stories, most recent first, with what a listing shows of each."""

    stories: list[StorySummary]
    titles: dict[str, str | None]
    """Story id → title of its first article (None when that article is gone)."""
    languages: dict[str, Counter[str]]
    """Story id → how many of its articles are in each language."""
    more: bool
    """Whether another page follows."""


def story_page(store: Store, limit: int, offset: int) -> StoryPage:
    """Return the stories ``offset`` to ``offset + limit``, read with their titles in one query."""
    listed = store.stories(limit=limit + 1, offset=offset)
    page = listed[:limit]
    members = store.article_stories([s.first_article for s in page])
    languages: dict[str, Counter[str]] = {s.id: Counter() for s in page}
    titles: dict[str, str | None] = {}
    for member in members:
        if member.story_id in languages:
            languages[member.story_id][member.language] += 1
        titles[member.article_id] = member.title
    return StoryPage(
        stories=page,
        titles={s.id: titles.get(s.first_article) for s in page},
        languages=languages,
        more=len(listed) > limit,
    )
