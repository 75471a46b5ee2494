"""Pairwise agreement between the annotation passes of the real-news story set, per batch.

    .venv/bin/python scripts/story_agreement.py                  # pass_a against pass_b
    .venv/bin/python scripts/story_agreement.py pass_a adjudicated

Recomputes the table of ``eval/stories_real/annotation/AGREEMENT.md``: per
batch, the pairs inside windows each labelling links, the pairs both link
and either links, pairwise F1 (``2·both / (lx + ly)``) and Jaccard
(``both / either``), and the windows partitioned identically
(:func:`veille.stories.realset.pair_agreement`). It prints counts and the
names of the windows that differ, never an item: the batches hold test
windows too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veille.stories.realset import LABEL_PASSES, load_items, load_labels, pair_agreement

SET = Path(__file__).resolve().parent.parent / "eval" / "stories_real"


def main(argv: list[str] | None = None) -> int:
    """Print the agreement table of two label folders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", nargs="?", default="pass_a", choices=LABEL_PASSES)
    parser.add_argument("second", nargs="?", default="pass_b", choices=LABEL_PASSES)
    parser.add_argument("--set", type=Path, default=SET, help="the story set folder")
    args = parser.parse_args(argv)
    items = {i.id: i for i in load_items(args.set / "items.jsonl")}
    labels = args.set / "annotation" / "labels"
    first, second = load_labels(labels / args.first), load_labels(labels / args.second)
    batches = sorted((args.set / "annotation" / "batches").glob("*.jsonl"))
    print(f"{args.first} against {args.second}")
    print(f"{'batch':>5} {'items':>5} {'win':>4} {'same':>4} {'lx':>4} {'ly':>4} "
          f"{'both':>4} {'either':>6} {'F1':>6} {'J':>6}")  # fmt: skip
    total = None
    for batch in batches:
        ids = [json.loads(line)["id"] for line in batch.read_text("utf-8").splitlines() if line]
        row = pair_agreement([items[i] for i in ids], first, second)
        total = row if total is None else total + row
        print(f"{batch.stem:>5} {row.items:>5} {row.windows:>4} {row.identical:>4} "
              f"{row.linked_first:>4} {row.linked_second:>4} {row.both:>4} {row.either:>6} "
              f"{row.f1:>6.3f} {row.jaccard:>6.3f}")  # fmt: skip
    if total is None:
        print("no batch found")
        return 1
    print(f"{'all':>5} {total.items:>5} {total.windows:>4} {total.identical:>4} "
          f"{total.linked_first:>4} {total.linked_second:>4} {total.both:>4} {total.either:>6} "
          f"{total.f1:>6.3f} {total.jaccard:>6.3f}")  # fmt: skip
    print(f"windows partitioned differently: {', '.join(total.differing) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
