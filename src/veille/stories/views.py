"""What the CLI and the API show of stories, as JSON: one shape for both, days as ISO dates.

The store keeps a story's days as date ordinals (``739956``), which are cheap
to compare in the candidate index but mean nothing to a reader or to pandas.
Every JSON answer about stories goes through these functions, so
``veille stories --json``, ``veille story ID --json``, ``GET /api/stories``
and ``GET /api/stories/{id}`` give the same ISO dates (``"2026-11-24"``).
"""

from __future__ import annotations

from collections.abc import Mapping
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


def member_json(member: StoryMember) -> JsonDict:
    """Return one member of a story with its happening day as an ISO date."""
    row = to_dict(member)
    row["day"] = iso_day(member.day)
    return row


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
        "members": [member_json(m) for m in members],
        "articles": [to_dict(a.article) for a in articles if a is not None],
        "merged_events": [to_dict(e) for e in story_events(store, story_id)],
    }
