"""Scoring story clustering against a gold set of happenings.

A gold set maps items (article files, relative to the corpus folder) to the
id of the real-world happening they report. Scores are pairwise: every pair
of items in the same gold happening should share a predicted story, and no
other pair should.

- **precision / recall / F1** over item pairs;
- **cross-language recall**: recall over gold pairs whose two items are in
  different languages;
- **merged events per real event**: merged event records the predicted
  stories yield, over those a perfect clustering yields (the distinct
  merge keys of each gold happening). 1.0 means clustering double-counts
  nothing; the raw ratio (every article's events counted separately) shows
  what merging saves.

Two gold formats are read: ``{"articles": {FILE: HAPPENING}}`` (our
``eval/stories/gold.json``) and ``{"stories": [{"id", "members"}]}`` (the
bundled samples' ``stories.json``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from veille.engine import ItemOutcome, ingest_documents, ingest_iter
from veille.errors import RecordFormatError
from veille.records import Event, RawDocument
from veille.settings import Settings
from veille.store.base import Store
from veille.stories.cluster import assign_stored, story_options
from veille.stories.merge import merge_events
from veille.stories.realset import (
    SOURCE_PREFIX,
    RealItem,
    happenings,
    item_document,
    load_excluded,
    load_items,
    load_labels,
    part_items,
    resolve_item,
    windows,
    within_windows,
)

_NOT_REPORTED = ("commentary", "related-links", "boilerplate")


@dataclass(frozen=True, slots=True)
class StoryScores:
    """Pairwise clustering scores and event-merging ratios on a gold set."""

    items: int
    happenings: int
    predicted_stories: int
    gold_pairs: int
    predicted_pairs: int
    true_pairs: int
    precision: float
    recall: float
    f1: float
    cross_language_pairs: int
    cross_language_recall: float
    real_events: int
    merged_events: int
    raw_events: int
    merged_per_real: float
    raw_per_real: float


def load_story_gold(path: Path) -> dict[str, str]:
    """Read a gold file and return ``{item: happening id}``.

    Raises :class:`~veille.errors.RecordFormatError` when the file has neither format.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RecordFormatError(
            f"cannot read the story gold {path}: {exc}; give a JSON file with an "
            '"articles" object or a "stories" list',
            code="E-STORY-GOLD",
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), dict):
        return {str(k): str(v) for k, v in data["articles"].items()}
    if isinstance(data, dict) and isinstance(data.get("stories"), list):
        gold: dict[str, str] = {}
        for story in data["stories"]:
            for member in story.get("members", []):
                gold[str(member)] = str(story["id"])
        return gold
    raise RecordFormatError(
        f'{path} is not a story gold file: expected {{"articles": {{FILE: HAPPENING}}}} '
        'or {"stories": [{"id": ..., "members": [...]}]}',
        code="E-STORY-GOLD",
    )


def score_stories(
    gold: Mapping[str, str],
    predicted: Mapping[str, str],
    languages: Mapping[str, str] | None = None,
    events: Mapping[str, Iterable[Event]] | None = None,
) -> StoryScores:
    """Score predicted stories (``{item: story id}``) against ``gold`` (``{item: happening}``).

    Only items present in both are scored. ``languages`` (``{item: code}``)
    enables cross-language recall; ``events`` (``{item: its events}``)
    enables the merged-events ratios (items sharing an article, such as an
    exact duplicate, should share the event list object or be listed once).
    """
    items = sorted(set(gold) & set(predicted))
    langs = languages or {}
    gold_pairs = predicted_pairs = true_pairs = cross = cross_found = 0
    for first, second in combinations(items, 2):
        same_gold = gold[first] == gold[second]
        same_predicted = predicted[first] == predicted[second]
        gold_pairs += same_gold
        predicted_pairs += same_predicted
        true_pairs += same_gold and same_predicted
        if same_gold and langs.get(first) and langs.get(second) and langs[first] != langs[second]:
            cross += 1
            cross_found += same_predicted
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    real = merged = raw = 0
    if events is not None:
        real, merged, raw = _event_counts(items, gold, predicted, events)
    return StoryScores(
        items=len(items),
        happenings=len({gold[i] for i in items}),
        predicted_stories=len({predicted[i] for i in items}),
        gold_pairs=gold_pairs,
        predicted_pairs=predicted_pairs,
        true_pairs=true_pairs,
        precision=precision,
        recall=recall,
        f1=f1,
        cross_language_pairs=cross,
        cross_language_recall=cross_found / cross if cross else 1.0,
        real_events=real,
        merged_events=merged,
        raw_events=raw,
        merged_per_real=merged / real if real else 1.0,
        raw_per_real=raw / real if real else 1.0,
    )


def _event_counts(
    items: list[str],
    gold: Mapping[str, str],
    predicted: Mapping[str, str],
    events: Mapping[str, Iterable[Event]],
) -> tuple[int, int, int]:
    # Each article's events count once, however many items (copies) point at it.
    per_item = {i: list(events.get(i, ())) for i in items}
    article_of = {i: (evs[0].article_id if evs else i) for i, evs in per_item.items()}
    by_gold: dict[str, dict[str, list[Event]]] = defaultdict(dict)
    by_predicted: dict[str, dict[str, list[Event]]] = defaultdict(dict)
    for item in items:
        by_gold[gold[item]][article_of[item]] = per_item[item]
        by_predicted[predicted[item]][article_of[item]] = per_item[item]
    real = sum(
        len(merge_events(g, [e for evs in arts.values() for e in evs]))
        for g, arts in by_gold.items()
    )
    merged = sum(
        len(merge_events(p, [e for evs in arts.values() for e in evs]))
        for p, arts in by_predicted.items()
    )
    raw = sum(
        1
        for arts in by_predicted.values()
        for evs in arts.values()
        for e in evs
        if e.section_kind not in _NOT_REPORTED
    )
    return real, merged, raw


def format_scores(scores: StoryScores) -> str:
    """Render scores as a short plain-text table."""
    rows = [
        (
            "items / happenings / predicted stories",
            f"{scores.items} / {scores.happenings} / {scores.predicted_stories}",
        ),
        (
            "pairwise precision",
            f"{scores.precision:.3f} ({scores.true_pairs}/{scores.predicted_pairs})",
        ),
        ("pairwise recall", f"{scores.recall:.3f} ({scores.true_pairs}/{scores.gold_pairs})"),
        ("pairwise F1", f"{scores.f1:.3f}"),
        (
            "cross-language pair recall",
            f"{scores.cross_language_recall:.3f} (of {scores.cross_language_pairs} pairs)",
        ),
        (
            "merged events per real event",
            f"{scores.merged_per_real:.3f} ({scores.merged_events}/{scores.real_events})",
        ),
        (
            "unmerged events per real event",
            f"{scores.raw_per_real:.3f} ({scores.raw_events}/{scores.real_events})",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


@dataclass(frozen=True, slots=True)
class ClusteredCorpus:
    """A corpus folder after ingest and clustering: per item, its story, language and events.

    ``article_ids`` gives the stored article of each item (an exact
    duplicate's is the article it duplicates).
    """

    stories: dict[str, str]
    languages: dict[str, str]
    events: dict[str, list[Event]]
    article_ids: dict[str, str] = field(default_factory=dict)


def cluster_corpus(
    root: Path,
    sources: Iterable[str],
    store: Store,
    settings: Settings,
) -> ClusteredCorpus:
    """Ingest ``sources`` (paths under ``root``) into ``store``, clustering each article.

    Items are named by their source key relative to ``root`` (a feed entry
    keeps its ``#entry`` suffix), as in the gold files. Articles are
    clustered as the engine saves them, with the options ``settings`` give
    (:func:`~veille.stories.cluster.story_options`: window, threshold,
    text similarity).
    """
    base = root.resolve()
    outcomes = ingest_iter(sources, store, settings, resume=True)
    return _collect(outcomes, store, settings, lambda source: _item_name(source, base))


def cluster_documents(
    documents: Iterable[RawDocument],
    store: Store,
    settings: Settings,
) -> ClusteredCorpus:
    """Ingest raw documents into ``store`` as the engine does, clustering each article.

    Items are named by the documents' source keys. Returns their stories,
    languages and events; an item that failed is absent (count the store's
    errors to know how many).
    """
    outcomes = ingest_documents(documents, store, settings, resume=True)
    return _collect(outcomes, store, settings, lambda source: source)


def _collect(
    outcomes: Iterable[ItemOutcome],
    store: Store,
    settings: Settings,
    name_of: Callable[[str], str],
) -> ClusteredCorpus:
    options = story_options(settings)
    stored_ids: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.article_id is None:
            continue
        if store.story_member(outcome.article_id) is None:
            # Skipped by the engine (resumed) or an exact duplicate: cluster it now.
            assign_stored(store, outcome.article_id, options)
        stored_ids[name_of(outcome.source)] = outcome.article_id
    clustered = ClusteredCorpus({}, {}, {}, {})
    for item, article_id in stored_ids.items():
        stored = store.article(article_id)
        if stored is None:
            original = store.original_of(article_id)
            stored = store.article(original) if original else None
        if stored is None:
            continue
        member = store.story_member(stored.article.id)
        if member is None:
            continue
        clustered.stories[item] = member.story_id
        clustered.article_ids[item] = stored.article.id
        clustered.languages[item] = stored.article.language
        clustered.events[item] = list(stored.events)
    return clustered


@dataclass(frozen=True, slots=True)
class RealSetScores:
    """Scores of one part of the real-news story set (``eval/stories_real``).

    ``failed``: items the pipeline could not process (scored as stories of
    their own). ``per_window``: the scores of each window, given for the dev
    part only (the test part is scored as a whole, never looked into).
    """

    part: str
    scores: StoryScores
    failed: int
    per_window: dict[str, StoryScores] = field(default_factory=dict)


def load_real_part(folder: Path, part: str, shared: Path | None = None) -> list[RealItem]:
    """Return the items of one part of the real-news story set, pointer items resolved.

    ``folder`` holds ``items.jsonl``, ``split.json`` and
    ``excluded_from_dev.txt`` (whose items the dev part leaves out); feed
    entries and news pages an item points to are read from ``shared``
    (``../shared/eval``). Raises ``E-STORY-GOLD`` when the part points there
    and ``shared`` is not a folder.
    """
    items = load_items(folder / "items.jsonl")
    parts = json.loads((folder / "split.json").read_text(encoding="utf-8"))["parts"]
    excluded = load_excluded(folder / "excluded_from_dev.txt") if part == "dev" else set()
    chosen = part_items(items, parts, part, excluded)
    if any(i.text is None for i in chosen) and (shared is None or not shared.is_dir()):
        raise RecordFormatError(
            f"the {part} part of {folder} points to feed entries and pages in ../shared/eval, "
            f"which was not found ({shared}); pass --shared DIR",
            code="E-STORY-GOLD",
        )
    return [resolve_item(i, shared) if i.text is None and shared else i for i in chosen]


def load_real_gold(folder: Path, items: list[RealItem]) -> dict[str, str]:
    """Return ``{item id: happening}`` for ``items`` from the set's adjudicated labels.

    Happenings are named per window (:func:`~veille.stories.realset.happenings`),
    so pairs are scored inside a window only.
    """
    return happenings(items, load_labels(folder / "annotation" / "labels" / "adjudicated"))


def score_real_set(
    folder: Path,
    part: str,
    store: Store,
    settings: Settings,
    shared: Path | None = None,
) -> RealSetScores:
    """Cluster one part of the real-news story set in ``store`` and score it against the gold.

    ``folder`` holds ``items.jsonl``, ``split.json``, ``excluded_from_dev.txt``
    and the adjudicated labels (``annotation/labels/adjudicated/``); ``part``
    is ``dev`` or ``test``. Feed entries and news pages are read from
    ``shared`` (``../shared/eval``); the dev part needs it, the test part
    holds none. Pairs are scored inside windows only
    (:func:`~veille.stories.realset.happenings`). Nothing about a test item
    is returned but the aggregate scores.
    """
    resolved = load_real_part(folder, part, shared)
    gold = load_real_gold(folder, resolved)
    clustered = cluster_documents((item_document(i) for i in resolved), store, settings)
    by_source = {
        i.id: clustered.stories.get(f"{SOURCE_PREFIX}{i.id}", f"failed:{i.id}") for i in resolved
    }
    failed = sum(1 for story in by_source.values() if story.startswith("failed:"))
    languages = {i.id: i.language for i in resolved}
    predicted = within_windows(resolved, by_source)
    scores = score_stories(gold, predicted, languages)
    per_window: dict[str, StoryScores] = {}
    if part == "dev":
        for window, members in windows(resolved).items():
            ids = {i.id for i in members}
            per_window[window] = score_stories(
                {k: v for k, v in gold.items() if k in ids},
                {k: v for k, v in predicted.items() if k in ids},
                languages,
            )
    return RealSetScores(part, scores, failed, per_window)


def _item_name(source: str, base: Path) -> str:
    path, hash_mark, entry = source.partition("#")
    try:
        relative = Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        relative = path
    return relative + hash_mark + entry
