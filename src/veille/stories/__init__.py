"""Stories: articles that report the same happening, and their merged events.

- :func:`assign_story` puts a just-saved article into its story
  (incrementally: only the article's candidates are read), and
  :func:`assign_missing` clusters whatever a store holds that has no story yet;
- :func:`story_events` and :func:`merged_events` return one
  :class:`MergedEvent` per real-world event, linked to every report of it.

See :mod:`veille.stories.cluster` for the clustering rule,
:mod:`veille.stories.signals` for the signals compared and
:mod:`veille.stories.textsim` for the optional text similarity and
:mod:`veille.stories.views` for the JSON the CLI and the API give;
:mod:`veille.evaluation.stories` measures clustering on a gold set.
"""

from __future__ import annotations

from veille.stories.cluster import (
    DEFAULT_OPTIONS,
    StoryOptions,
    assign_missing,
    assign_stored,
    assign_story,
    drop_keys,
    key_rarities,
    link_score,
    links,
    story_options,
    upcoming_keys,
)
from veille.stories.merge import (
    Disagreement,
    EventSupport,
    MergedEvent,
    QuantityReport,
    ReportedValue,
    merge_events,
    merged_events,
    story_events,
)
from veille.stories.signals import Signals, article_signals, happening_day, similarity
from veille.stories.textsim import SIMILARITY_MODES, get_embedder
from veille.stories.views import iso_day, member_json, story_json, summary_json

__all__ = [
    "DEFAULT_OPTIONS",
    "SIMILARITY_MODES",
    "Disagreement",
    "EventSupport",
    "MergedEvent",
    "QuantityReport",
    "ReportedValue",
    "Signals",
    "StoryOptions",
    "article_signals",
    "assign_missing",
    "assign_stored",
    "assign_story",
    "drop_keys",
    "get_embedder",
    "happening_day",
    "iso_day",
    "key_rarities",
    "link_score",
    "links",
    "member_json",
    "merge_events",
    "merged_events",
    "similarity",
    "story_events",
    "story_json",
    "story_options",
    "summary_json",
    "upcoming_keys",
]
