"""Story clustering cost per article as the store grows (synthetic corpus, no NLP).

A synthetic news stream — a steady number of articles per day, each
reporting one of a few happenings of that day with 2-4 actors drawn from a
skewed pool of 200, sometimes a named person and a figure, some of them
syndicated copies — is saved article by article through the store and
clustered with :func:`veille.stories.assign_story`, exactly as the engine
does. At each checkpoint the next ``--probe`` articles are timed; the cost
per article must stay flat as the corpus grows, because candidates are
read from the ``(actor, day)`` index over the window only.

    .venv/bin/python benchmarks/bench_stories.py                 # 10k, 50k, 100k
    .venv/bin/python benchmarks/bench_stories.py --sizes 2000,5000 --probe 500

``--compare`` measures instead whether the text similarity earns its cost
(:mod:`veille.stories.textsim`): after one untimed ingest that loads every
model, for each ``VEILLE_STORY_SIMILARITY`` mode it ingests the gold corpus
(``eval/stories``) into a fresh store and prints the clustering scores, the
ingest cost per article against ``off`` in the same run, the embedding rate
on the corpus' real leads, the cost of scoring one candidate pair and the
model's peak memory (in a fresh process that has spaCy loaded, against the
same process before the model); then how well each score alone separates
same-happening candidate pairs from the others (ROC AUC over the pairs the
clustering actually compares: a shared actor, happening days within the
window).

    .venv/bin/python benchmarks/bench_stories.py --compare
    .venv/bin/python benchmarks/bench_stories.py --compare --window 2
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

from veille.evaluation.stories import cluster_corpus, load_story_gold, score_stories
from veille.records import ActorRef, Article, ArticleResult, Event, Mention, Quantity, Span
from veille.settings import STORY_SIMILARITY_MODES, Settings
from veille.store import open_store
from veille.store.base import StoryMember
from veille.stories import (
    DEFAULT_OPTIONS,
    assign_story,
    get_embedder,
    link_score,
    similarity,
    story_options,
)
from veille.stories.textsim import text_similarity

GOLD_CORPUS = Path(__file__).resolve().parent.parent / "eval" / "stories"

START = datetime(2020, 1, 1, 6, 0, tzinfo=UTC)
ACTORS = [f"A{i:03d}" for i in range(200)]
TYPES = ["ACCUSE", "AGREE", "CONSULT", "MOBILIZE", "SANCTION", "AID", "THREATEN", "PROTEST"]
_SYLLABLES = ["ka", "lo", "mi", "re", "su", "ta", "vin", "dor", "pel", "gra", "tis", "mon"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


# A vocabulary drawn once; words are picked with a skewed (Zipf-like) frequency, as in
# news: a few words every report uses, a long tail of rare ones.
_VOCABULARY = [_word(random.Random(n)) for n in range(5000)]
_NAMES = [_word(random.Random(10_000 + n)).capitalize() for n in range(20_000)]


def stream(per_day: int, seed: int) -> Iterator[ArticleResult]:
    """Yield synthetic articles forever: ``per_day`` a day, 1-4 reports per happening."""
    rng = random.Random(seed)
    serial = 0
    day = 0
    while True:
        written = 0
        while written < per_day:
            actors = rng.sample(ACTORS[:40], 1) + rng.sample(ACTORS, rng.randint(1, 3))
            person = f"PER:p{rng.randrange(2000)}" if rng.random() < 0.5 else None
            figure = float(rng.randrange(10, 100_000)) if rng.random() < 0.5 else None
            kind = rng.choice(TYPES)
            signature = tuple(rng.getrandbits(32) for _ in range(128))
            # The happening's own names (a place, a person, an organisation) and words.
            names = rng.sample(_NAMES, 3)
            words = [_VOCABULARY[int(rng.paretovariate(1.1)) % 5000] for _ in range(12)]
            for copy in range(rng.randint(1, 4)):
                serial += 1
                written += 1
                # Every other retelling is a syndicated copy: nearly the same signature.
                minhash = signature if copy % 2 else tuple(rng.getrandbits(32) for _ in range(128))
                yield _article(
                    serial,
                    day=day,
                    actors=actors,
                    person=person,
                    figure=figure,
                    kind=kind,
                    minhash=minhash,
                    rng=rng,
                    lead=_lead(names, words, rng),
                )
        day += 1


def _lead(names: list[str], words: list[str], rng: random.Random) -> str:
    """Write a title and a lead of about 60 words: some of the happening's names and words."""
    common = [_VOCABULARY[int(rng.paretovariate(1.1)) % 5000] for _ in range(40)]
    body = rng.sample(words, 8) + common + [f"in {name}" for name in rng.sample(names, 2)]
    rng.shuffle(body)
    title = " ".join([names[0], *rng.sample(words, 4)]).capitalize()
    return f"{title}.\n{' '.join(body).capitalize()}."


def _article(
    serial: int,
    *,
    day: int,
    actors: list[str],
    person: str | None,
    figure: float | None,
    kind: str,
    minhash: tuple[int, ...],
    rng: random.Random,
    lead: str = "",
) -> ArticleResult:
    article_id = f"{serial:016x}"
    text = f"Synthetic report {serial} about {' '.join(actors)} on day {day}. {lead}"
    article = Article(
        id=article_id,
        text=text,
        content_hash=f"h{serial}",
        published_at=START + timedelta(days=day, minutes=rng.randrange(1000)),
        language=rng.choice(["fr", "en"]),
        minhash=minhash,
    )
    names = [*actors, person] if person else actors
    mentions = tuple(Mention(0, 9, text[:9], "country", code) for code in names)
    event = Event(
        article_id=article_id,
        event_type=kind,
        trigger=Span(0, 9, text[:9]),
        sentence=Span(0, len(text), text),
        source=(ActorRef(actors[0], actors[0], 0, 9),),
        target=(ActorRef(actors[1], actors[1], 0, 9),),
        quantities=(Quantity(figure, None, "troops", False, 0, 9),) if figure else (),
        event_date=(START + timedelta(days=day)).date().isoformat(),
    )
    return ArticleResult(article, mentions, (event,))


@dataclass
class _PairScores:
    """Per candidate pair: same gold happening or not, and each signal's score (None: n/a)."""

    same: list[bool]
    scores: dict[str, list[float | None]]


def compare_similarity(corpus: Path, modes: Sequence[str], window: int) -> None:
    """Print, per text similarity mode, clustering scores, costs and pair separation."""
    gold = load_story_gold(corpus / "gold.json")
    print(
        f"story similarity on {corpus} ({len(gold)} articles, {len(set(gold.values()))} "
        f"happenings; window {window} day(s))"
    )
    _warm_up(corpus)
    print(
        f"{'mode':8} {'P':>6} {'R':>6} {'F1':>6} {'x-lang R':>9} {'merged/real':>12} "
        f"{'ingest ms/art':>14} {'x off':>6} {'embed docs/s':>13} {'link us/pair':>13} "
        f"{'model RSS MiB':>14}"
    )
    pairs: _PairScores | None = None
    baseline: float | None = None
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix="veille-bench-") as scratch:
            db = Path(scratch) / "compare.db"
            settings = Settings.from_env(
                environ={}, db=str(db), story_similarity=mode, story_window=window
            )
            started = time.perf_counter()
            with open_store(db) as store:
                clustered = cluster_corpus(corpus, [str(corpus / "articles")], store, settings)
                elapsed = time.perf_counter() - started
                results = [
                    r
                    for a in dict.fromkeys(clustered.article_ids.values())
                    if (r := store.article(a)) is not None
                ]
                members = {
                    item: m
                    for item, article_id in clustered.article_ids.items()
                    if (m := store.story_member(article_id)) is not None
                }
            scores = score_stories(gold, clustered.stories, clustered.languages, clustered.events)
            rate = _embedding_rate(mode, results)
            found = _candidate_pairs(gold, members, window)
            link_us = _link_cost(found, members, settings)
            pairs = _merge_pairs(pairs, _pair_scores(mode, gold, members, found, settings))
            rss = _model_rss(mode)
        per_article = 1000 * elapsed / max(len(clustered.article_ids), 1)
        baseline = per_article if mode == "off" else baseline
        ratio = per_article / baseline if baseline else None
        print(
            f"{mode:8} {scores.precision:6.3f} {scores.recall:6.3f} {scores.f1:6.3f} "
            f"{scores.cross_language_recall:9.3f} {scores.merged_per_real:12.3f} "
            f"{per_article:14.0f} {_fmt(ratio, '.2f'):>6} {_fmt(rate, '.1f'):>13} "
            f"{link_us:13.1f} {_fmt(rss, '.0f'):>14}",
            flush=True,
        )
    if pairs is None:
        return
    positives = sum(pairs.same)
    print(
        f"\nseparation of {len(pairs.same)} candidate pairs ({positives} same happening): "
        "ROC AUC of each score alone"
    )
    print(f"{'score':34} {'pairs':>6} {'AUC':>6} {'mean same':>10} {'mean other':>11}")
    for name, values in pairs.scores.items():
        known = [(s, v) for s, v in zip(pairs.same, values, strict=True) if v is not None]
        same = [v for s, v in known if s]
        other = [v for s, v in known if not s]
        print(
            f"{name:34} {len(known):6} {_fmt(_auc(same, other), '.3f'):>6} "
            f"{_fmt(_mean(same), '.3f'):>10} {_fmt(_mean(other), '.3f'):>11}"
        )


def _warm_up(corpus: Path) -> None:
    # Ingest the corpus once before timing anything, so that the first mode is
    # not charged with loading the spaCy pipelines, lexicons and gazetteers.
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as scratch:
        db = Path(scratch) / "warm.db"
        with open_store(db) as store:
            settings = Settings.from_env(environ={}, db=str(db))
            cluster_corpus(corpus, [str(corpus / "articles")], store, settings)


def _candidate_pairs(
    gold: Mapping[str, str], members: Mapping[str, StoryMember], window: int
) -> list[tuple[str, str]]:
    found = []
    for first, second in combinations(sorted(members), 2):
        a, b = members[first], members[second]
        if a.article_id == b.article_id or a.day is None or b.day is None:
            continue
        keys_a = {k for k in a.features if k[:2] in ("a:", "p:")}
        keys_b = {k for k in b.features if k[:2] in ("a:", "p:")}
        if abs(a.day - b.day) <= window and keys_a & keys_b and first in gold and second in gold:
            found.append((first, second))
    return found


def _pair_scores(
    mode: str,
    gold: Mapping[str, str],
    members: Mapping[str, StoryMember],
    found: list[tuple[str, str]],
    settings: Settings,
) -> _PairScores:
    embedder = get_embedder(mode)
    options = story_options(settings)
    scores: dict[str, list[float | None]] = {}
    if mode == "off":
        scores["structured"] = []
    else:
        # The structured score on the very pairs the text score exists for
        # (French pairs only for the word vectors), so the rows compare.
        scores[f"structured, {mode} pairs"] = []
        scores[f"text, {mode}"] = []
        scores[f"structured + {mode} (link score)"] = []
    for first, second in found:
        a = members[first].features
        b = members[second].features
        if embedder is None:
            scores["structured"].append(similarity(a, b))
            continue
        text = text_similarity(embedder.mode, embedder.floor, a, b)
        scores[f"structured, {mode} pairs"].append(similarity(a, b) if text is not None else None)
        scores[f"text, {mode}"].append(text)
        blended = link_score(a, b, options) if text is not None else None
        scores[f"structured + {mode} (link score)"].append(blended)
    return _PairScores([gold[f] == gold[s] for f, s in found], scores)


def _merge_pairs(total: _PairScores | None, more: _PairScores) -> _PairScores:
    if total is None:
        return more
    if total.same != more.same:
        # Another mode saw other candidate pairs (it linked differently): keep the first set.
        return total
    total.scores.update(more.scores)
    return total


def _link_cost(
    found: list[tuple[str, str]], members: Mapping[str, StoryMember], settings: Settings
) -> float:
    options = story_options(settings)
    if not found:
        return 0.0
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for first, second in found:
            link_score(members[first].features, members[second].features, options)
    return 1e6 * (time.perf_counter() - started) / (rounds * len(found))


def _embedding_rate(mode: str, results: Sequence[ArticleResult]) -> float | None:
    embedder = get_embedder(mode)
    if embedder is None or not results:
        return None
    started = time.perf_counter()
    for result in results:
        embedder.embed(result)
    return len(results) / (time.perf_counter() - started)


# Peak RSS is read from VmHWM: ru_maxrss would report the benchmark's own peak,
# which a child inherits across fork and exec on Linux. spaCy is imported
# before the first reading because the engine always has it loaded.
_RSS_PROBE = """
import sys
import spacy
from veille.samples import samples_dir
from veille.records import Article, ArticleResult
from veille.stories import get_embedder

def peak():
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

texts = [p.read_text(encoding="utf-8") for p in sorted((samples_dir() / "articles").glob("*.txt"))]
articles = [ArticleResult(Article(id="x", text=t, content_hash="x", language="fr")) for t in texts]
before = peak()
embedder = get_embedder(sys.argv[1])
if embedder is not None:
    for article in articles[:5]:
        embedder.embed(article)
print(peak() - before)
"""


def _model_rss(mode: str) -> float | None:
    if mode == "off":
        return None
    run = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, mode], capture_output=True, text=True, check=True
    )
    return float(run.stdout.strip())


def _auc(same: list[float], other: list[float]) -> float | None:
    if not same or not other:
        return None
    wins = sum((s > o) + 0.5 * (s == o) for s in same for o in other)
    return wins / (len(same) * len(other))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print cost per article at each corpus size, and memory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,50000,100000", help="checkpoints, comma-separated"
    )
    parser.add_argument("--probe", type=int, default=1000, help="articles timed per checkpoint")
    parser.add_argument("--per-day", type=int, default=120, help="articles per synthetic day")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--similarity",
        default="words",
        help="text similarity mode of the scaling run (default: words, the text keys on)",
    )
    parser.add_argument(
        "--fill-similarity",
        default="off",
        help="text similarity mode while filling the store before the last --warm-days",
    )
    parser.add_argument("--warm-days", type=int, default=6, help="days clustered as probed")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="compare the text similarity modes on the gold corpus instead",
    )
    parser.add_argument(
        "--modes",
        default=",".join(STORY_SIMILARITY_MODES),
        help="with --compare: modes to compare, comma-separated",
    )
    parser.add_argument("--corpus", type=Path, default=GOLD_CORPUS, help="with --compare")
    parser.add_argument("--window", type=int, default=1, help="with --compare: story window")
    args = parser.parse_args(argv)
    if args.compare:
        compare_similarity(args.corpus, args.modes.split(","), args.window)
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    articles = stream(args.per_day, args.seed)
    options = replace(DEFAULT_OPTIONS, similarity=args.similarity)
    print(
        f"story similarity {options.similarity!r} ({args.fill_similarity!r} while filling "
        f"up to {args.warm_days} days before each checkpoint), {args.per_day} articles a day"
    )
    print(f"{'articles':>9} {'save ms':>8} {'cluster ms':>11} {'candidates':>11} {'RSS MiB':>8}")
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="veille-bench-") as scratch,
        open_store(Path(scratch) / "bench.db") as store,
    ):
        done = 0
        # Filling 100k articles with the text keys on takes most of an hour on a loaded
        # machine; the probe only reads the window (and the follow-up reach) around its
        # articles, so the store is filled in the cheap mode up to the last
        # ``--warm-days`` days before each checkpoint, which are clustered as probed.
        warm = args.warm_days * args.per_day
        fill = replace(options, similarity=args.fill_similarity)
        for size in sizes:
            while done < size:
                result = next(articles)
                mode = options if done >= size - warm else fill
                assign_story(store, result, store.save(result, result.article.id), mode)
                done += 1
            save_time = cluster_time = 0.0
            for _ in range(args.probe):
                result = next(articles)
                t0 = time.perf_counter()
                outcome = store.save(result, result.article.id)
                t1 = time.perf_counter()
                assign_story(store, result, outcome, options)
                t2 = time.perf_counter()
                save_time += t1 - t0
                cluster_time += t2 - t1
                done += 1
            member = store.story_member(result.article.id)
            candidates = 0
            if member is not None and member.day is not None:
                keys = [k for k in member.features if k[:2] in ("a:", "p:", "n:")]
                candidates = len(store.story_candidates(keys, member.day - 2, member.day + 2))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{size:>9} {1000 * save_time / args.probe:>8.2f} "
                f"{1000 * cluster_time / args.probe:>11.2f} {candidates:>11} {rss:>8.0f}",
                flush=True,
            )
        stories = len(store.stories(limit=None))
    print(
        f"{done} articles in {stories} stories; total {time.perf_counter() - started:.0f} s "
        "(candidates: articles read for the last probed article; RSS: peak resident memory)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
