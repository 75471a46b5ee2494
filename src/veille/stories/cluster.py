"""Incremental story clustering: each article joins (and may merge) stories as it arrives.

The rule is single-link over a symmetric pair relation: two articles report
the same happening when one is a (near-)duplicate of the other (the store's
MinHash links), or when their dates are within :attr:`StoryOptions.window_days`
and their structured signals (:mod:`veille.stories.signals`) are similar
enough. A story is a connected component of that relation. Because the
relation is symmetric and every new article is compared with every earlier
article it could link to, the components — hence the stories — are the same
whatever order the articles arrive in; an article that links two stories
merges them.

Story ids are derived from the earliest member (publication time, then
article id), so re-running the same corpus gives the same ids. When a
merge or an earlier report changes the earliest member, the old id is kept
as an alias that :meth:`~veille.store.Store.story_members` still follows.

Per-article cost is bounded: candidates come from the index of
``(actor key, day)`` rows, read for the article's actors over the window
only, at most :attr:`StoryOptions.limit_per_key` per actor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from veille.records import ArticleResult
from veille.store.base import SaveOutcome, Store, StoryMember
from veille.stories.signals import article_signals, shared_evidence, similarity


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How stories are formed.

    ``window_days``: largest gap in days between two reports of one
    happening. ``threshold``: similarity (0–1) from which two articles are
    linked. ``limit_per_key``: candidates read per actor key, which bounds
    the cost of one article.
    """

    window_days: int = 2
    threshold: float = 0.45
    limit_per_key: int = 200
    rewrite_similarity: float = 0.6


DEFAULT_OPTIONS = StoryOptions()


def assign_story(
    store: Store,
    result: ArticleResult,
    outcome: SaveOutcome | None = None,
    options: StoryOptions = DEFAULT_OPTIONS,
) -> str:
    """Put a just-saved article into its story and return the story id.

    Call it after :meth:`Store.save` with the same ``result`` (and, when at
    hand, the save ``outcome``). An exact duplicate, which the store does not
    keep under its own id, gets the story of the article it duplicates.
    Calling it again for the same article is harmless and returns the same id.
    """
    article_id = result.article.id
    if outcome is not None and outcome.status == "duplicate" and outcome.duplicate_of:
        return _story_of_stored(store, outcome.duplicate_of, options)
    if (
        outcome is None
        and store.story_member(article_id) is None
        and store.article(article_id) is None
    ):
        # Never stored under its own id: an exact duplicate, or not saved at all.
        original = store.original_of(article_id)
        if original is None:
            raise ValueError(
                f"article {article_id} is not stored; save it before assigning its story"
            )
        return _story_of_stored(store, original, options)
    signals = article_signals(result)
    linked: list[str] = []
    link, best = "first", None
    original = outcome.duplicate_of if outcome is not None else store.original_of(article_id)
    if original is not None and original != article_id:
        linked.append(original)
        link, best = "near-duplicate", outcome.similarity if outcome is not None else None
    for other, text_similarity in store.similar_articles(article_id, options.rewrite_similarity):
        if other not in linked and store.story_member(other) is not None:
            linked.append(other)
            if link == "first":
                link, best = "rewrite", text_similarity
    if signals.day is not None and signals.keys:
        candidates = store.story_candidates(
            signals.keys,
            signals.day - options.window_days,
            signals.day + options.window_days,
            limit_per_key=options.limit_per_key,
        )
        for candidate in candidates:
            if candidate.article_id in (article_id, original):
                continue
            score = similarity(signals.features, candidate.features)
            if score >= options.threshold and shared_evidence(signals.features, candidate.features):
                linked.append(candidate.article_id)
                if link == "first" or (link == "structured" and score > (best or 0.0)):
                    link, best = "structured", score
    member = StoryMember(
        article_id=article_id,
        story_id="",
        day=signals.day,
        anchor=signals.anchor,
        features=signals.features,
        link=link,
        score=best,
    )
    return store.join_story(member, signals.keys, linked)


def _story_of_stored(store: Store, article_id: str, options: StoryOptions) -> str:
    member = store.story_member(article_id)
    if member is not None:
        return member.story_id
    stored = store.article(article_id)
    if stored is None:
        raise ValueError(f"article {article_id} is not stored; nothing to assign")
    return assign_story(store, stored, None, options)


def assign_stored(
    store: Store, article_id: str, options: StoryOptions = DEFAULT_OPTIONS
) -> str | None:
    """Assign the story of an article already in the store (or of the one it duplicates).

    Returns None when neither the article nor an original of it is stored.
    """
    stored = store.article(article_id)
    if stored is not None:
        return assign_story(store, stored, None, options)
    original = store.original_of(article_id)
    return None if original is None else _story_of_stored(store, original, options)


def assign_missing(store: Store, options: StoryOptions = DEFAULT_OPTIONS) -> Iterator[str]:
    """Cluster every stored article that has no story yet, in storage order; yield their ids.

    Used for stores filled before clustering existed, or after an ingest
    that did not call :func:`assign_story`. Articles already clustered are
    not touched, so running it twice does nothing the second time.
    """
    for article in store.iter_articles():
        if store.story_member(article.id) is None:
            stored = store.article(article.id)
            if stored is not None:
                assign_story(store, stored, None, options)
                yield article.id
