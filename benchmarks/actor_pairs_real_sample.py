"""Actor pairs of the ~500-item real sample that no sentence names: issue 18's target.

Issue 18 asks that, on the real items a new user would try (the feeds and
pages of ``../shared/eval``, the sample of ``stories_real_sample.py``), no
actor pair have events that all come from sentences naming neither actor:
such a pair is an edge of the network that the text never states ("Ils
peuvent payer des impôts" coded as AID between two states the article named
once). Each event's actors say how they were found (``ActorRef.how``), so
the pairs are counted from the store:

- for every event, each pair of distinct actor codes on its sides (source
  with target, and the sources of a bilateral event together);
- the pair is *named* by the event when the sentence states at least one of
  the two (``how == "stated"``), *unnamed* when both came by coreference or
  context;
- a pair all of whose events are unnamed is reported, with its events.

    .venv/bin/python benchmarks/actor_pairs_real_sample.py             # ingest, then count
    .venv/bin/python benchmarks/actor_pairs_real_sample.py --db s.db   # keep it; count it again

When ``../shared`` is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from veille.engine import ingest
from veille.records import ActorRef, Event
from veille.settings import Settings
from veille.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories_real_sample import SHARED, sample_sources


def event_pairs(event: Event) -> list[tuple[tuple[str, str], bool]]:
    """Return each pair of distinct actor codes of ``event`` and whether the sentence names one."""
    refs: dict[str, list[ActorRef]] = defaultdict(list)
    for ref in (*event.source, *event.target):
        if ref.code:
            refs[ref.code].append(ref)
    source = {r.code for r in event.source if r.code}
    target = {r.code for r in event.target if r.code}
    pairs = {tuple(sorted((a, b))) for a in source for b in target if a != b}
    if not target:
        pairs |= {tuple(sorted(p)) for p in combinations(sorted(source), 2)}

    def stated(code: str) -> bool:
        return any(r.how == "stated" for r in refs[code])

    return [((a, b), stated(a) or stated(b)) for a, b in sorted(pairs)]


def unnamed_pairs(db: Path) -> tuple[Counter[str], dict[tuple[str, str], list[Event]], int]:
    """Return the hows of every actor, the pairs no sentence names with their events, all pairs."""
    hows: Counter[str] = Counter()
    named: set[tuple[str, str]] = set()
    events_of: dict[tuple[str, str], list[Event]] = defaultdict(list)
    with open_store(str(db)) as store:
        for event in store.events():
            hows.update(str(r.how) for r in (*event.source, *event.target))
            for pair, is_named in event_pairs(event):
                events_of[pair].append(event)
                if is_named:
                    named.add(pair)
    unnamed = {pair: found for pair, found in events_of.items() if pair not in named}
    return hows, unnamed, len(events_of)


def main() -> int:
    """Ingest the sample (unless ``--db`` holds it) and print the pairs no sentence names."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument(
        "--db", type=Path, help="keep the store here; a store that exists is counted as it is"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "sample.db"
        if not db.exists():
            if not args.shared.is_dir():
                print(f"{args.shared} not found: the real sample lives in ../shared.")
                return 0
            sources = sample_sources(args.shared, Path(tmp))
            started = time.perf_counter()
            report = ingest(sources, settings=Settings.from_env(db=str(db)))
            seconds = time.perf_counter() - started
            print(f"{len(sources)} sources, {dict(report.counts)} in {seconds:.0f} s")
        hows, unnamed, total = unnamed_pairs(db)
    print("actors by how: " + ", ".join(f"{k} {v}" for k, v in hows.most_common()))
    print(f"{total} actor pairs; {len(unnamed)} with no event whose sentence names either actor")
    for (a, b), found in sorted(unnamed.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"\n{a}–{b}: {len(found)} events")
        for event in found[:5]:
            sides = [(r.code, r.how) for r in (*event.source, *event.target)]
            print(f"  {event.event_type} {sides}  {event.sentence.text[:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
