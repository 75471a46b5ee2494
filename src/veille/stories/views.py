"""What the CLI and the API show of stories, as JSON: one shape for both, days as ISO dates.

The store keeps a story's days as date ordinals (``739956``), which are cheap
to compare in the candidate index but mean nothing to a reader or to pandas.
Every JSON answer about stories goes through these functions, so
``veille stories --json``, ``veille story ID --json``, ``GET /api/stories``
and ``GET /api/stories/{id}`` give the same ISO dates (``"2026-11-24"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from veille.serialize import to_dict
from veille.store.base import StoryEventStore, StoryMember, StorySummary
from veille.stories.merge import story_events

JsonDict = dict[str, Any]


def iso_day(ordinal: int | None) -> str | None:
    """Return the ISO date (``YYYY-MM-DD``) of a date ordinal, None when there is none."""
    return None if ordinal is None else date.fromordinal(ordinal).isoformat()


def summary_json(
    summary: StorySummary, title: str | None, languages: Mapping[str, int] | None = None
) -> JsonDict:
    """Return one listed story: id, size, first article, ISO first and last day, title.

    ``languages`` (``{"fr": 2, "en": 1}``) is added when given (the API lists it).
    """
    row = to_dict(summary)
    row["first_day"] = iso_day(summary.first_day)
    row["last_day"] = iso_day(summary.last_day)
    row["title"] = title
    if languages is not None:
        row["languages"] = dict(sorted(languages.items()))
    return row


def member_json(member: StoryMember, others: Sequence[StoryMember] = ()) -> JsonDict:
    """Return one member of a story with its happening day as an ISO date.

    ``link`` says which signal joined it to the story
    (:data:`~veille.stories.cluster.LINK_SIGNALS`); with the story's
    ``others``, ``shared`` lists what it shares with them (:func:`shared_signals`).
    The packed text vector and the weightless markers are left out of ``features``.
    """
    row = to_dict(member)
    row["day"] = iso_day(member.day)
    row["features"] = {k: v for k, v in member.features.items() if k[:2] in EXPLAINED}
    if others:
        row["shared"] = shared_signals(member, others)
    return row


EXPLAINED = ("a:", "p:", "t:", "q:", "n:", "c:", "w:")
"""Feature families a reader can check: actors, persons, event types, figures, names,
concepts and word stems (the packed vector ``v:`` and the lead markers are not)."""


def shared_signals(member: StoryMember, others: Sequence[StoryMember], limit: int = 8) -> list[str]:
    """Return the keys a member shares with the other members, the most shared first.

    What linked it to its story, in readable keys: ``n:barclays`` (a name),
    ``p:PER:bob-diamond`` (a person), ``c:fine`` (a concept), ``q:290000000``
    (a figure), ``a:GBR`` (an actor). Ties are broken by the key's weight,
    then alphabetically.
    """
    counts: dict[str, int] = {}
    for other in others:
        if other.article_id == member.article_id:
            continue
        for key, weight in member.features.items():
            if key[:2] in EXPLAINED and weight > 0 and key in other.features:
                counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], -member.features[k], k))
    return ranked[:limit]


def story_json(store: StoryEventStore, story_id: str) -> JsonDict | None:
    """Return one story (an alias id is followed): members, articles and merged events.

    None when the store has no story of that id.
    """
    members = store.story_members(story_id)
    if not members:
        return None
    articles = [store.article(m.article_id) for m in members]
    return {
        "id": members[0].story_id,
        "members": [member_json(m, members) for m in members],
        "articles": [to_dict(a.article) for a in articles if a is not None],
        "merged_events": [to_dict(e) for e in story_events(store, story_id)],
    }
