"""Incremental story clustering: each article joins (and may merge) stories as it arrives.

The rule is single-link over a symmetric pair relation: two articles report
the same happening when one is a (near-)duplicate of the other (the store's
MinHash links), or when the days they give for their happening are within
:attr:`StoryOptions.window_days`, their structured signals
(:mod:`veille.stories.signals`) — blended with a text similarity when one is
switched on (:mod:`veille.stories.textsim`) — are similar enough, they share
more than one state, and their leads do not name different actors doing the
same thing to the same target. A story is a connected component of that
relation. Because the relation is symmetric and every new article is
compared with every earlier article it could link to, the components — hence
the stories — are the same whatever order the articles arrive in; an article
that links two stories merges them.

Story ids are derived from the earliest member (publication time, then
article id), so re-running the same corpus gives the same ids. When a
merge or an earlier report changes the earliest member, the old id is kept
as an alias that :meth:`~veille.store.Store.story_members` still follows.

Per-article cost is bounded: candidates come from the index of
``(actor key, day)`` rows, read for the article's actors over the window
only, at most :attr:`StoryOptions.limit_per_key` per actor.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from veille.records import ArticleResult
from veille.settings import Settings
from veille.store.base import SaveOutcome, Store, StoryMember
from veille.stories.signals import (
    article_signals,
    compatible_leads,
    shared_evidence,
    similarity,
)
from veille.stories.textsim import get_embedder, pack_vector, text_similarity


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How stories are formed.

    ``window_days``: largest gap in days between the happening days of two
    reports of one happening (see :func:`~veille.stories.signals.happening_day`).
    ``threshold``: similarity (0–1) from which two articles are linked.
    ``limit_per_key``: candidates read per actor key, which bounds the cost
    of one article. ``similarity``: the text similarity mode
    (:data:`~veille.stories.textsim.SIMILARITY_MODES`) and ``text_weight``
    its share of the link score when both articles have a vector.
    """

    window_days: int = 1
    threshold: float = 0.45
    limit_per_key: int = 200
    rewrite_similarity: float = 0.6
    similarity: str = "off"
    text_weight: float = 0.3


DEFAULT_OPTIONS = StoryOptions()


def story_options(settings: Settings) -> StoryOptions:
    """Build the clustering options from the ``story_*`` settings."""
    return replace(
        DEFAULT_OPTIONS,
        window_days=settings.story_window,
        threshold=settings.story_threshold,
        similarity=settings.story_similarity,
    )


def link_score(
    first: Mapping[str, float],
    second: Mapping[str, float],
    options: StoryOptions = DEFAULT_OPTIONS,
) -> float:
    """Score a pair of articles' features: structured similarity, blended with text similarity.

    When the text similarity mode is on and both articles carry a vector of
    that mode, the score is ``(1 - text_weight) * structured + text_weight *
    text``; otherwise it is the structured similarity alone, so articles
    without a vector (English under ``vectors``) are scored as before.
    """
    structured = similarity(first, second)
    embedder = get_embedder(options.similarity)
    if embedder is None:
        return structured
    text = text_similarity(embedder.mode, embedder.floor, first, second)
    if text is None:
        return structured
    return (1 - options.text_weight) * structured + options.text_weight * text


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
    features = dict(signals.features)
    embedder = get_embedder(options.similarity)
    if embedder is not None:
        vector = embedder.embed(result)
        if vector is not None:
            features.update(pack_vector(embedder.mode, vector))
    linked: list[str] = []
    link, best = "first", None
    original = outcome.duplicate_of if outcome is not None else store.original_of(article_id)
    if original is not None and original != article_id:
        linked.append(original)
        link, best = "near-duplicate", outcome.similarity if outcome is not None else None
    if outcome is not None and outcome.candidates is not None:
        # The save compared the article with the same candidates just now.
        similar = [pair for pair in outcome.candidates if pair[1] >= options.rewrite_similarity]
    else:
        similar = store.similar_articles(article_id, options.rewrite_similarity)
    in_stories = store.clustered([other for other, _ in similar])
    for other, jaccard in similar:
        if other not in linked and other in in_stories:
            linked.append(other)
            if link == "first":
                link, best = "rewrite", jaccard
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
            score = link_score(features, candidate.features, options)
            if (
                score >= options.threshold
                and shared_evidence(features, candidate.features)
                and compatible_leads(features, candidate.features)
            ):
                linked.append(candidate.article_id)
                if link == "first" or (link == "structured" and score > (best or 0.0)):
                    link, best = "structured", score
    member = StoryMember(
        article_id=article_id,
        story_id="",
        day=signals.day,
        anchor=signals.anchor,
        features=features,
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
