"""Type recall on real VOA news: NGEC-2025's verified quotes, split into dev and a frozen test part.

    .venv/bin/python scripts/ngec_quotes.py split                  # draw the split (once)
    .venv/bin/python scripts/ngec_quotes.py score --part dev       # per-type recall on dev
    .venv/bin/python scripts/ngec_quotes.py score --part test      # aggregates only
    .venv/bin/python scripts/ngec_quotes.py errors --type SANCTION # dev quotes of that type we miss

``../shared/train/ngec_codebook/judgments.jsonl`` holds NGEC-2025's judgments
of PLOVER event types on real Voice of America stories (see its README for
origin, licence and caveats). Each *verify* positive names one type and
quotes the words of the story that show it. Veille codes each quote alone,
as an English text, and the quote counts as found when one of the events it
codes has that type, by our codebook or by PLOVER's
(:func:`veille.evaluation.events.plover_type`). That is **recall only**:
there is no text for the negatives (the article texts are not distributed),
so precision is measured elsewhere (``eval/real``). A quote is sometimes a
fragment, and its label is one LLM's, not adjudicated: the figure is a
diagnostic of recall by type on real text, not a gold score.

The split is by story (``doc_id``), drawn at random before anyone developed
on these quotes or read veille's output on them: ``eval/ngec_quotes/split.json``
pins it (method, seed, the sorted dev and test story ids and the SHA-256 of
the test ids). The test part is scored in aggregate only; ``errors`` refuses
it. The quotes stay in ``../shared`` (their licence does not let us
republish them as a dataset); the repository holds story ids only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLIT = ROOT / "eval" / "ngec_quotes" / "split.json"
SEED = "20261206:ngec-quotes:split"
TEST_SHARE = 0.5
# Stories whose quotes the lead developer read before the draw (the first rows of
# the judgments file, printed to learn its format, and the README's example):
# they are dev whatever the draw says, so that no test quote was ever read.
SEEN_BEFORE_DRAW = (
    "iddle-east_top-tunisian-opposition-leader-murdered",
    "a_pakistan-arrests-opposition-senator-for-tweeting-against-powerful-military-chief-_6788132",
    "europe_us-blacklists-bulgarian-judge-over-alleged-involvement-significant-corruption",
    "americas_venezuelan-congress-rejects-constituent-assemblys-power-seizure",
    "a_sen-katie-britt-calls-biden-diminished-leader-in-republican-response-to-state-of-the-union_7518934",
    "archive_venezuela-grenade-explodes-near-offices-chavez-associate-2002-12-24",
)


@dataclass(frozen=True, slots=True)
class Quote:
    """One verified positive judgment: a story, the type it shows, and the words that show it."""

    doc_id: str
    event_type: str
    text: str


def shared_judgments() -> Path:
    """Return the judgments file in ``shared/train`` beside the repository (or its parent)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "train" / "ngec_codebook" / "judgments.jsonl"
        if path.is_file():
            return path
    return ROOT.parent / "shared" / "train" / "ngec_codebook" / "judgments.jsonl"


def load_quotes(path: Path) -> list[Quote]:
    """Return the verify-stage positives of ``path`` that carry a quote, in file order."""
    quotes = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["stage"] == "verify" and row["label"] == 1 and row["quote"].strip():
                quotes.append(Quote(row["doc_id"], row["event_type"], row["quote"].strip()))
    return quotes


def ids_digest(ids: Iterable[str]) -> str:
    """Return the SHA-256 of the canonical JSON of the sorted ids."""
    canonical = json.dumps(sorted(ids), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def draw_split(doc_ids: Iterable[str], seen: Sequence[str] = SEEN_BEFORE_DRAW) -> dict[str, object]:
    """Draw the dev/test split of the stories ``doc_ids``: a seeded shuffle, ``TEST_SHARE`` to test.

    Stories in ``seen`` are taken out of the draw and put in dev.
    """
    stories = set(doc_ids)
    seen_set = set(seen) & stories
    frame = sorted(stories - seen_set)
    random.Random(SEED).shuffle(frame)
    cut = round(len(frame) * TEST_SHARE)
    test = sorted(frame[:cut])
    dev = sorted(frame[cut:] + sorted(seen_set))
    return {
        "method": (
            f"stories (doc_id) of the verify positives, sorted, shuffled with "
            f"random.Random({SEED!r}); the first {TEST_SHARE:.0%} (rounded) are test; "
            "stories read before the draw are dev"
        ),
        "seed": SEED,
        "seen_before_draw": sorted(seen_set),
        "sizes": {"dev": len(dev), "test": len(test)},
        "test_ids_sha256": ids_digest(test),
        "dev": dev,
        "test": test,
    }


def load_split(path: Path = SPLIT) -> dict[str, list[str]]:
    """Return the pinned split, checking the test ids against their pinned digest."""
    split = json.loads(path.read_text(encoding="utf-8"))
    if ids_digest(split["test"]) != split["test_ids_sha256"]:
        raise SystemExit(f"{path}: the test ids do not match test_ids_sha256; the split was edited")
    return {"dev": split["dev"], "test": split["test"]}


def found_types(text: str) -> set[str]:
    """Return the types, by our codebook and by PLOVER's, of the events veille codes in ``text``."""
    from veille.engine import process_text  # noqa: PLC0415 - the engine loads models
    from veille.evaluation.events import plover_type  # noqa: PLC0415

    events = process_text(text, language="en").events
    return {e.event_type for e in events} | {plover_type(e) for e in events}


def recall_by_type(
    quotes: Sequence[Quote], *, progress: bool = True
) -> tuple[Counter[str], Counter[str], list[Quote]]:
    """Code every quote; return the quotes per type, those found per type, and the missed quotes."""
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed = []
    for n, quote in enumerate(quotes, 1):
        total[quote.event_type] += 1
        if quote.event_type in found_types(quote.text):
            found[quote.event_type] += 1
        else:
            missed.append(quote)
        if progress and n % 200 == 0:
            print(f"  {n}/{len(quotes)} quotes coded", file=sys.stderr)
    return total, found, missed


def recall_table(total: Counter[str], found: Counter[str]) -> dict[str, object]:
    """Return per-type recall, their macro average and the micro recall over all quotes."""
    per_type = {t: round(found[t] / total[t], 3) for t in sorted(total)}
    all_quotes = sum(total.values())
    return {
        "quotes": all_quotes,
        "micro_recall": round(sum(found.values()) / all_quotes, 3) if all_quotes else None,
        "macro_recall": round(sum(per_type.values()) / len(per_type), 3) if per_type else None,
        "per_type": per_type,
        "counts": {t: [found[t], total[t]] for t in sorted(total)},
    }


def part_quotes(part: str, judgments: Path) -> list[Quote]:
    """Return the quotes of the stories of ``part`` (``dev`` or ``test``)."""
    if not judgments.is_file():
        raise SystemExit(
            f"{judgments} not found: this script needs ../shared/train/ngec_codebook beside the "
            "repository (see its README)"
        )
    stories = set(load_split()[part])
    return [q for q in load_quotes(judgments) if q.doc_id in stories]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--judgments", type=Path, default=shared_judgments())
    sub = parser.add_subparsers(dest="command", required=True)
    split = sub.add_parser(
        "split", help="draw the dev/test split and write eval/ngec_quotes/split.json"
    )
    split.add_argument(
        "--force", action="store_true", help="overwrite an existing split (never do this)"
    )
    score = sub.add_parser("score", help="per-type recall of a part (test: aggregates only)")
    score.add_argument("--part", choices=("dev", "test"), default="dev")
    score.add_argument("--json", action="store_true", help="print the figures as JSON")
    errors = sub.add_parser("errors", help="the dev quotes veille misses (never test)")
    errors.add_argument("--type", dest="event_type", help="only this PLOVER type")
    args = parser.parse_args(argv)

    if args.command == "split":
        if SPLIT.exists() and not args.force:
            raise SystemExit(f"{SPLIT} exists: the split is drawn once and pinned")
        drawn = draw_split(q.doc_id for q in load_quotes(args.judgments))
        SPLIT.parent.mkdir(parents=True, exist_ok=True)
        SPLIT.write_text(json.dumps(drawn, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {SPLIT}: {drawn['sizes']}")
        return 0
    if args.command == "score":
        total, found, _ = recall_by_type(part_quotes(args.part, args.judgments))
        table = recall_table(total, found)
        if args.json:
            print(json.dumps(table, indent=1))
        else:
            print(f"NGEC verify quotes, {args.part}: {table['quotes']} quotes")
            print(f"micro recall {table['micro_recall']}   macro recall {table['macro_recall']}")
            for event_type, (hit, count) in table["counts"].items():  # type: ignore[attr-defined]
                print(f"  {event_type:<10} {hit:>4}/{count:<4} {hit / count:.3f}")
        return 0
    quotes = part_quotes("dev", args.judgments)
    if args.event_type:
        quotes = [q for q in quotes if q.event_type == args.event_type]
    _, _, missed = recall_by_type(quotes)
    for quote in missed:
        print(f"{quote.event_type}\t{quote.doc_id}\t{quote.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
