"""Develop story clustering on the real-news set's DEV part: scores, and the pairs it gets wrong.

    .venv/bin/python scripts/stories_real_dev.py                 # dev scores, per window
    .venv/bin/python scripts/stories_real_dev.py --errors        # + every wrong or missed pair
    .venv/bin/python scripts/stories_real_dev.py --errors --why  # + why each pair links or not
    .venv/bin/python scripts/stories_real_dev.py --set threshold=0.4 --set window_days=2
    .venv/bin/python scripts/stories_real_dev.py --invented --errors   # our invented gold instead
    .venv/bin/python scripts/stories_real_dev.py --pairs --errors     # every pair, the link alone

The dev items are run through the pipeline once and the results kept in a
cache file (``--cache``, default in the system's temporary folder), so that
re-clustering after a change to the clustering or its signals takes seconds:
each run saves the cached results into a fresh store and clusters them as
the engine does (chunks of ``BATCH_SIZE``, the keys of the next chunk
counted ahead). Delete the cache after changing the pipeline itself.

This script reads the **dev** part only (never a test window, never an item
of ``excluded_from_dev.txt``): it is where the clustering is tuned. The
frozen test part is scored by ``veille eval-stories eval/stories_real --part
test``, which prints aggregates only.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

from veille.engine import BATCH_SIZE, process_documents
from veille.evaluation.stories import (
    load_real_gold,
    load_real_part,
    load_story_gold,
    score_stories,
)
from veille.records import ArticleError, ArticleResult, RawDocument
from veille.settings import Settings
from veille.sources import iter_raw_documents
from veille.store import open_store
from veille.store.base import StoryMember
from veille.stories import (
    DEFAULT_OPTIONS,
    StoryOptions,
    article_signals,
    assign_story,
    upcoming_keys,
)
from veille.stories.cluster import (
    drop_keys,
    explain_link,
    key_carriers,
    key_discounts,
    link_score,
    rated_keys,
)
from veille.stories.realset import RealItem, item_document, windows, within_windows
from veille.stories.signals import (
    RATED,
    STRUCTURED,
    Signals,
    compatible_leads,
    development_evidence,
    distinctive_shared,
    key_cosine,
    long_reports_apart,
    rarity,
    same_kind_leads,
    shared_evidence,
    uses_words,
)
from veille.stories.textsim import get_embedder, pack_vector

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "eval" / "stories_real"
SHARED = next(
    (p / "shared" / "eval" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "eval",
)


def invented_items() -> tuple[list[RawDocument], dict[str, str]]:
    """Return the invented gold's articles (``eval/stories``) as raw documents, and its gold."""
    folder = ROOT / "eval" / "stories"
    gold = load_story_gold(folder / "gold.json")
    documents = []
    for raw in iter_raw_documents(sorted(str(folder / item) for item in gold), Settings.from_env()):
        if isinstance(raw, RawDocument):
            documents.append(raw)
    return documents, {str(folder / item): happening for item, happening in gold.items()}


def processed_documents(
    documents: list[RawDocument], cache: Path, settings: Settings
) -> dict[str, ArticleResult]:
    """Run the pipeline on raw documents, keyed by source (or read the cached results)."""
    if cache.is_file():
        cached: dict[str, ArticleResult] = pickle.loads(cache.read_bytes())
        if set(cached) == {d.source for d in documents}:
            return cached
    results = process_documents(documents, settings)
    done = {
        d.source: r
        for d, r in zip(documents, results, strict=True)
        if not isinstance(r, ArticleError)
    }
    cache.write_bytes(pickle.dumps(done))
    return done


def invented(args: argparse.Namespace, options: StoryOptions) -> int:
    """Cluster our invented gold (``eval/stories``) from a cache and print its scores and errors."""
    documents, gold = invented_items()
    cache = args.cache.with_name(args.cache.stem + "-invented.pkl")
    by_source = processed_documents(documents, cache, Settings.from_env())
    sources = [d.source for d in documents if d.source in by_source]
    results = [by_source[s] for s in sources]
    cache_vectors(results, options, cache)
    with tempfile.TemporaryDirectory() as tmp:
        stories = cluster(results, options, Path(tmp) / "invented.db")
    predicted = {s: stories[by_source[s].article.id] for s in sources}
    languages = {s: by_source[s].article.language for s in sources}
    total = score_stories(gold, predicted, languages)
    print(
        f"invented: {total.items} items, P {total.precision:.3f} R {total.recall:.3f} "
        f"F1 {total.f1:.3f} ({total.true_pairs} right of {total.predicted_pairs} predicted, "
        f"{total.gold_pairs} gold), x-lang R {total.cross_language_recall:.3f}"
    )
    if args.errors:
        for index, first in enumerate(sources):
            for second in sources[index + 1 :]:
                same_gold = gold[first] == gold[second]
                if same_gold == (predicted[first] == predicted[second]):
                    continue
                kind = "MISSED" if same_gold else "WRONG"
                print(f"  {kind} {Path(first).name} | {Path(second).name}")
    return 0


def processed(items: list[RealItem], cache: Path, settings: Settings) -> list[ArticleResult]:
    """Run the pipeline on the items (or read the cached results of an earlier run)."""
    if cache.is_file():
        cached: dict[str, ArticleResult] = pickle.loads(cache.read_bytes())
        if set(cached) == {i.id for i in items}:
            return [cached[i.id] for i in items]
    results = process_documents([item_document(i) for i in items], settings)
    done = {}
    for item, result in zip(items, results, strict=True):
        if isinstance(result, ArticleError):
            print(f"  failed: {item.id}: {result.message}", file=sys.stderr)
            continue
        done[item.id] = result
    cache.write_bytes(pickle.dumps(done))
    return [done[i.id] for i in items if i.id in done]


def cache_vectors(results: list[ArticleResult], options: StoryOptions, cache: Path) -> None:
    """Embed each article once per mode and keep the vectors next to the pipeline cache.

    Re-clustering then costs no model call: the process-wide embedder answers
    from the cached vectors (keyed by article id).
    """
    embedder = get_embedder(options.similarity)
    if embedder is None:
        return
    path = cache.with_suffix(f".{embedder.mode}.pkl")
    vectors: dict[str, list[float] | None] = (
        pickle.loads(path.read_bytes()) if path.is_file() else {}
    )
    missing = [r for r in results if r.article.id not in vectors]
    for result in missing:
        vectors[result.article.id] = embedder.embed(result)
    if missing:
        path.write_bytes(pickle.dumps(vectors))
    compute = embedder.embed

    def embed(result: ArticleResult) -> list[float] | None:
        if result.article.id in vectors:
            return vectors[result.article.id]
        return compute(result)

    embedder.embed = embed  # type: ignore[method-assign]


def cluster(results: list[ArticleResult], options: StoryOptions, db: Path) -> dict[str, str]:
    """Save and cluster the results in a fresh store as the engine does; ``{article id: story}``."""
    stories = {}
    with open_store(str(db)) as store:
        signals = [article_signals(r, text=uses_words(options.similarity)) for r in results]
        chunks = [
            list(range(start, min(start + BATCH_SIZE, len(results))))
            for start in range(0, len(results), BATCH_SIZE)
        ]
        for number, chunk in enumerate(chunks):
            ahead = chunks[number + 1] if number + 1 < len(chunks) else []
            upcoming = upcoming_keys(signals[i] for i in (*chunk, *ahead))
            with store.batch():
                for index in chunk:
                    saved = store.save(results[index], f"dev:{index}")
                    drop_keys(upcoming, signals[index])
                    assign_story(
                        store, results[index], saved, options, upcoming=upcoming,
                        signals=signals[index],
                    )  # fmt: skip
        for result in results:
            member = store.story_member(result.article.id)
            stories[result.article.id] = member.story_id if member else f"none:{result.article.id}"
    return stories


def pair_links(
    items: list[RealItem], results: list[ArticleResult], options: StoryOptions
) -> dict[tuple[str, str], tuple[float, str]]:
    """Score every pair of items of one window with the pairwise link alone (no story rules).

    The rarity of a key is counted over the window's items whose happening day is
    within ``window_days`` of the article's, as the clustering counts it over its
    candidates: a proxy of the link that more pairs measure than the clustering's
    few predicted ones (no quorum, no story merge, no arrival order).
    """
    text = uses_words(options.similarity)
    by_id = {i.id: r for i, r in zip(items, results, strict=False)}
    embedder = get_embedder(options.similarity)
    found: dict[tuple[str, str], tuple[float, str]] = {}
    for members in windows(items).values():
        ids = [m.id for m in members if m.id in by_id]
        signals = {i: article_signals(by_id[i], text=text) for i in ids}
        features = {}
        for i in ids:
            features[i] = dict(signals[i].features)
            if embedder is not None:
                vector = embedder.embed(by_id[i])
                if vector is not None:
                    features[i].update(pack_vector(embedder.mode, vector))
        for index, first in enumerate(ids):
            day = signals[first].day
            if day is None:
                continue
            near = [
                other
                for other in ids
                if other != first
                and signals[other].day is not None
                and abs(signals[other].day - day) <= options.window_days  # type: ignore[operator]
            ]
            rarities, discounts, _ = window_context(
                signals[first], [signals[o] for o in near], text
            )
            for second in ids[index + 1 :]:
                other_day = signals[second].day
                gap = 0 if other_day is None else abs(other_day - day)
                link = explain_link(
                    features[first], features[second], options, rarities, gap, discounts
                )
                if link is not None:
                    found[first, second] = link
    return found


def window_context(
    signals: Signals, near: list[Signals], text: bool
) -> tuple[dict[str, float], dict[str, float] | None, Counter[str]]:
    """Return the rarities, key discounts and carrier counts of an article's keys among ``near``.

    ``near`` are the other reports of the window whose happening day is close
    enough to be candidates (a proxy of what the clustering reads).
    """
    rated = rated_keys(signals)
    if text:
        rated = sorted({*rated, *(k for o in near for k in rated_keys(o))})
    carriers = key_carriers(rated, [_member(o) for o in near])
    rarities = {key: rarity(count) for key, count in carriers.items()}
    return rarities, (key_discounts(carriers) if text else None), carriers


def why(first: Signals, second: Signals, near: list[Signals], options: StoryOptions) -> list[str]:
    """Say why two reports link or not: each test of :func:`explain_link` and what they share.

    ``near`` are the window's reports whose happening day is within
    ``window_days`` of the first's (the rarities are counted among them, a
    proxy of the clustering's candidates). Two lines: the tests, then the
    keys both carry with how many reports of ``near`` carry each.
    """
    text = uses_words(options.similarity)
    rarities, discounts, carriers = window_context(first, near, text)
    a, b = first.features, second.features
    gap = 0 if first.day is None or second.day is None else abs(first.day - second.day)
    link = explain_link(a, b, options, rarities, gap, discounts)
    tests = {
        "score": f"{link_score(a, b, options, rarities):.2f}",
        "keys": f"{key_cosine(a, b, discounts if discounts is not None else rarities):.2f}",
        "evidence": shared_evidence(a, b, rarities),
        "distinctive": distinctive_shared(a, b, rarities),
        "long-apart": long_reports_apart(a, b, rarities),
        "leads-ok": compatible_leads(a, b),
    }
    if gap > options.window_days:
        tests["development"] = development_evidence(a, b, rarities, options.follow_up_names)
        tests["same-kind"] = same_kind_leads(a, b)
    verdict = "no link" if link is None else f"{link[1]} {link[0]:.2f}"
    shared = sorted(
        (k for k, w in a.items() if w > 0 and k[:2] in RATED + STRUCTURED and k in b),
        key=lambda k: (carriers.get(k, 0), k),
    )
    return [
        f"gap {gap} d: {verdict}; " + " ".join(f"{k}={v}" for k, v in tests.items()),
        "shared " + " ".join(f"{k}({carriers.get(k, 0)})" for k in shared[:16]),
    ]


def _member(signals: Signals) -> StoryMember:
    return StoryMember(
        article_id="", story_id="", day=signals.day, anchor="", features=signals.features,
        link="first", score=None,
    )  # fmt: skip


def print_pairs(
    items: list[RealItem], results: list[ArticleResult], options: StoryOptions, errors: bool
) -> None:
    """Print the precision and recall of the pairwise link over every same-window pair."""
    gold = load_real_gold(SET, items)
    found = pair_links(items, results, options)
    by_id = {i.id: r for i, r in zip(items, results, strict=False)}
    gold_pairs = {
        (a.id, b.id)
        for members in windows(items).values()
        for n, a in enumerate(members)
        for b in members[n + 1 :]
        if a.id in by_id and b.id in by_id and gold[a.id] == gold[b.id]
        and not gold[a.id].endswith("/none")
    }  # fmt: skip
    right = [p for p in found if p in gold_pairs]
    precision = len(right) / len(found) if found else 1.0
    recall = len(right) / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    signals_used = Counter(signal for _, signal in found.values())
    print(
        f"pairs: P {precision:.3f} R {recall:.3f} F1 {f1:.3f} ({len(right)} right of "
        f"{len(found)} linked, {len(gold_pairs)} gold); by signal {dict(signals_used)}"
    )
    if not errors:
        return
    text = uses_words(options.similarity)
    for pair in sorted(set(found) | gold_pairs):
        if pair in found and pair in gold_pairs:
            continue
        kind = "WRONG " + found[pair][1] if pair in found else "MISSED"
        print(f"  {kind} {pair[0]} | {pair[1]}")
        for item in pair:
            result = by_id[item]
            features = article_signals(result, text=text).features
            other = article_signals(by_id[pair[1] if item == pair[0] else pair[0]], text=text)
            shared = sorted(k for k, w in features.items() if w > 0 and k in other.features)
            title = (result.article.title or "")[:80]
            print(f"      [{result.article.language}] {title}  shared {shared[:10]}")


def why_pair(
    first: str,
    second: str,
    ids: list[str],
    by_item: dict[str, ArticleResult],
    options: StoryOptions,
) -> list[str]:
    """Return :func:`why` for two items of a window (``ids``: the window's items)."""
    text = uses_words(options.similarity)
    signals = {i: _signals(by_item[i], text) for i in ids}
    day = signals[first].day
    near = [
        signals[o]
        for o in ids
        if o != first
        and day is not None
        and signals[o].day is not None
        and abs(signals[o].day - day) <= options.window_days  # type: ignore[operator]
    ]
    return why(signals[first], signals[second], near, options)


_SIGNALS: dict[tuple[str, bool], Signals] = {}


def _signals(result: ArticleResult, text: bool) -> Signals:
    # Every error pair of a window reads the same window's signals: compute each once.
    key = (result.article.id, text)
    if key not in _SIGNALS:
        _SIGNALS[key] = article_signals(result, text=text)
    return _SIGNALS[key]


def option_overrides(pairs: list[str]) -> StoryOptions:
    """Parse ``name=value`` overrides of :class:`StoryOptions`."""
    types = {f.name: type(getattr(DEFAULT_OPTIONS, f.name)) for f in fields(StoryOptions)}
    values = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in types:
            raise SystemExit(f"unknown option {name}; one of {', '.join(types)}")
        values[name] = types[name](value)
    return replace(DEFAULT_OPTIONS, **values)


def main() -> int:
    """Cluster the dev part and print its scores (and its errors with ``--errors``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "veille-dev.pkl"
    )
    parser.add_argument("--errors", action="store_true", help="print every wrong or missed pair")
    parser.add_argument(
        "--why",
        action="store_true",
        help="with --errors: each pair's link tests and shared keys, with their carriers",
    )
    parser.add_argument("--set", action="append", default=[], help="a StoryOptions override")
    parser.add_argument("--invented", action="store_true", help="score eval/stories instead")
    parser.add_argument(
        "--pairs", action="store_true", help="score every same-window pair with the link alone"
    )
    args = parser.parse_args()
    options = option_overrides(args.set)
    if args.invented:
        return invented(args, options)
    items = load_real_part(SET, "dev", SHARED)
    results = processed(items, args.cache, Settings.from_env())
    cache_vectors(results, options, args.cache)
    if args.pairs:
        print_pairs(items, results, options, args.errors)
        return 0
    by_item = dict(zip([i.id for i in items], results, strict=False))
    article_of = {i.id: r.article.id for i, r in zip(items, results, strict=False)}
    with tempfile.TemporaryDirectory() as tmp:
        stories = cluster(results, options, Path(tmp) / "dev.db")
    predicted = within_windows(items, {i: stories[a] for i, a in article_of.items()})
    gold = load_real_gold(SET, items)
    languages = {i.id: i.language for i in items}
    total = score_stories(gold, predicted, languages)
    print(
        f"dev: {total.items} items, P {total.precision:.3f} R {total.recall:.3f} "
        f"F1 {total.f1:.3f} ({total.true_pairs} right of {total.predicted_pairs} predicted, "
        f"{total.gold_pairs} gold), x-lang R {total.cross_language_recall:.3f} "
        f"(of {total.cross_language_pairs})"
    )
    for window, members in windows(items).items():
        ids = [m.id for m in members if m.id in predicted]
        scores = score_stories({i: gold[i] for i in ids}, {i: predicted[i] for i in ids}, languages)
        print(
            f"  {window}: {len(ids)} items, P {scores.precision:.3f} R {scores.recall:.3f} "
            f"({scores.true_pairs}/{scores.predicted_pairs} predicted, {scores.gold_pairs} gold)"
        )
        if not args.errors:
            continue
        for index, first in enumerate(ids):
            for second in ids[index + 1 :]:
                same_gold = gold[first] == gold[second]
                same_predicted = predicted[first] == predicted[second]
                if same_gold == same_predicted:
                    continue
                kind = "MISSED" if same_gold else "WRONG"
                print(
                    f"    {kind} {gold[first].split('/', 1)[1]} | {gold[second].split('/', 1)[1]}"
                )
                for item in (first, second):
                    result = by_item[item]
                    signals = article_signals(result)
                    keys = sorted(k for k, w in signals.features.items() if w > 0)
                    text = (result.article.title or "")[:90]
                    print(f"      [{result.article.language}] {text}  {keys[:12]}")
                if args.why:
                    for line in why_pair(first, second, ids, by_item, options):
                        print(f"      {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
