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
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from veille.records import ActorRef, Article, ArticleResult, Event, Mention, Quantity, Span
from veille.store import open_store
from veille.stories import assign_story

START = datetime(2020, 1, 1, 6, 0, tzinfo=UTC)
ACTORS = [f"A{i:03d}" for i in range(200)]
TYPES = ["ACCUSE", "AGREE", "CONSULT", "MOBILIZE", "SANCTION", "AID", "THREATEN", "PROTEST"]


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
                )
        day += 1


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
) -> ArticleResult:
    article_id = f"{serial:016x}"
    text = f"Synthetic report {serial} about {' '.join(actors)} on day {day}."
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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print cost per article at each corpus size, and memory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,50000,100000", help="checkpoints, comma-separated"
    )
    parser.add_argument("--probe", type=int, default=1000, help="articles timed per checkpoint")
    parser.add_argument("--per-day", type=int, default=120, help="articles per synthetic day")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    articles = stream(args.per_day, args.seed)
    print(f"{'articles':>9} {'save ms':>8} {'cluster ms':>11} {'candidates':>11} {'RSS MiB':>8}")
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="veille-bench-") as scratch,
        open_store(Path(scratch) / "bench.db") as store,
    ):
        done = 0
        for size in sizes:
            while done < size:
                result = next(articles)
                assign_story(store, result, store.save(result, result.article.id))
                done += 1
            save_time = cluster_time = 0.0
            for _ in range(args.probe):
                result = next(articles)
                t0 = time.perf_counter()
                outcome = store.save(result, result.article.id)
                t1 = time.perf_counter()
                assign_story(store, result, outcome)
                t2 = time.perf_counter()
                save_time += t1 - t0
                cluster_time += t2 - t1
                done += 1
            member = store.story_member(result.article.id)
            candidates = 0
            if member is not None and member.day is not None:
                keys = [k for k in member.features if k[:2] in ("a:", "p:")]
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
