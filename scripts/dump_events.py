"""Dump every event the pipeline codes for a fixed corpus, and compare two dumps byte for byte.

Usage::

    python scripts/dump_events.py dump DIR [--extra]        # write DIR/<part>.jsonl
    python scripts/dump_events.py compare BEFORE AFTER      # exit 1 when any part differs
    python scripts/dump_events.py check BEFORE [--extra]    # dump to a temporary folder, compare

A refactor of a stage that must not change what veille finds is checked by
dumping before it, then checking after each step. The corpus:

* ``samples``: the bundled sample articles (the texts of
  ``benchmarks/bench_pipeline.py``), read at :data:`veille.samples.REFERENCE_TIME`;
* ``stories``: the articles of the story gold (``eval/stories/articles``), same time;
* every gold file of ``eval/gold`` and ``eval/heldout``, each record with its
  own language and date (as ``veille eval`` runs them);
* with ``../shared`` present: the PLOVER gold-standard dev half
  (``eval/plover_gsr/dev.jsonl``) and the reference article
  (``seed/000_79cd1a42641710df.txt``, read at 2026-11-24);
* with ``--extra`` (and ``../shared``), real text free for development: the
  UD French-GSD sentences and the GUM news documents of ``train/``, and the
  Wikinews French documents not listed in their ``RESERVED.txt``.

Each line of a part is ``{"item": ..., "events": [...]}`` with every field of
every :class:`~veille.records.Event`. Held-out records must never be read
(``eval/README.md``): their lines keep only a SHA-256 of the events, and a
comparison names a differing held-out record by its number alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from veille.engine import process_text
from veille.samples import REFERENCE_TIME, article_paths
from veille.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# A worktree sits one folder deeper than the main checkout.
SHARED_CANDIDATES = (ROOT.parent / "shared", ROOT.parent.parent / "shared")
SEED = "seed/000_79cd1a42641710df.txt"
SEED_AS_OF = "2026-11-24"
PLOVER_DEV = "eval/plover_gsr/dev.jsonl"
UD_FRENCH = "train/ud_french_gsd/sentences.jsonl"
GUM_NEWS = "train/gum_news/docs.jsonl"
WIKINEWS_FR = "eval/french/wikinews_fr_keyphrase"
# A record without a date is read at a fixed day, so the dump does not change with the clock.
DEFAULT_DAY = REFERENCE_TIME.date().isoformat()
HIDDEN_PREFIX = "heldout"
SHOWN_DIFFERENCES = 3


def shared_folder() -> Path | None:
    """Return ``../shared`` when this checkout has one (main checkout or worktree)."""
    return next((path for path in SHARED_CANDIDATES if path.is_dir()), None)


def corpus(extra: bool = False) -> Iterator[tuple[str, str, str, str | None, str]]:
    """Yield ``(part, item, text, language, as_of)`` for every text of the corpus, in order."""
    reference = REFERENCE_TIME.isoformat()
    for path in article_paths():
        yield "samples", path.name, path.read_text("utf-8"), None, reference
    for path in sorted((ROOT / "eval" / "stories" / "articles").glob("*.txt")):
        yield "stories", path.name, path.read_text("utf-8"), None, reference
    gold = [
        *sorted((ROOT / "eval" / "gold").glob("*.jsonl")),
        *sorted((ROOT / "eval" / "heldout").glob("*.jsonl")),
    ]
    shared = shared_folder()
    if shared is not None and (shared / PLOVER_DEV).is_file():
        gold.append(shared / PLOVER_DEV)
    for path in gold:
        part = f"{path.parent.name}-{path.stem}"
        yield from _records(part, path)
    if shared is not None and (shared / SEED).is_file():
        yield "seed", SEED, (shared / SEED).read_text("utf-8"), None, SEED_AS_OF
    if extra and shared is not None:
        yield from _extra(shared)


def _extra(shared: Path) -> Iterator[tuple[str, str, str, str | None, str]]:
    """Yield the real texts free for development (see the module docstring)."""
    for part, name, language, key in (
        ("ud-french-gsd", UD_FRENCH, "fr", "sent_id"),
        ("gum-news", GUM_NEWS, "en", "doc_id"),
    ):
        path = shared / name
        if path.is_file():
            for line in path.read_text("utf-8").splitlines():
                record = json.loads(line)
                day = record.get("date_created") or DEFAULT_DAY
                yield part, str(record[key]), record["text"], language, day
    folder = shared / WIKINEWS_FR
    if (folder / "docs.jsonl").is_file() and (folder / "RESERVED.txt").is_file():
        reserved = {
            line.strip()
            for line in (folder / "RESERVED.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
        for line in (folder / "docs.jsonl").read_text("utf-8").splitlines():
            record = json.loads(line)
            if str(record["id"]) not in reserved:
                yield "wikinews-fr", str(record["id"]), record["text"], "fr", DEFAULT_DAY


def _records(part: str, path: Path) -> Iterator[tuple[str, str, str, str | None, str]]:
    lines = path.read_text("utf-8").splitlines()
    number = 0
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        number += 1
        record = json.loads(line)
        language = record.get("language")
        day = record.get("date") or DEFAULT_DAY
        yield part, str(number), record["text"], language, day


def dump(folder: Path, extra: bool = False) -> None:
    """Code every text of the corpus and write one JSONL file per part into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    files: dict[str, TextIO] = {}
    try:
        for part, item, text, language, as_of in corpus(extra):
            result = process_text(text, language=language, as_of=as_of, settings=settings)
            events = [dataclasses.asdict(event) for event in result.events]
            payload = json.dumps(events, ensure_ascii=False, sort_keys=True, default=str)
            if part.startswith(HIDDEN_PREFIX):
                payload = json.dumps(hashlib.sha256(payload.encode("utf-8")).hexdigest())
            if part not in files:
                files[part] = (folder / f"{part}.jsonl").open("w", encoding="utf-8")
            files[part].write(f'{{"item": {json.dumps(item)}, "events": {payload}}}\n')
    finally:
        for handle in files.values():
            handle.close()
    counts = {part: sum(1 for _ in (folder / f"{part}.jsonl").open()) for part in files}
    print(f"dumped {sum(counts.values())} texts into {folder}: {counts}")


def compare(before: Path, after: Path) -> bool:
    """Compare two dumps part by part; print what differs; return whether all are identical."""
    names = sorted(
        {p.name for p in before.glob("*.jsonl")} | {p.name for p in after.glob("*.jsonl")}
    )
    identical = True
    for name in names:
        old, new = before / name, after / name
        if not old.is_file() or not new.is_file():
            print(f"{name}: only in {'after' if not old.is_file() else 'before'}")
            identical = False
            continue
        if old.read_bytes() == new.read_bytes():
            print(f"{name}: identical")
            continue
        identical = False
        old_lines = old.read_text("utf-8").splitlines()
        new_lines = new.read_text("utf-8").splitlines()
        differing = [
            i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b
        ]
        print(f"{name}: {len(differing)} texts differ (of {len(old_lines)} / {len(new_lines)})")
        if name.startswith(HIDDEN_PREFIX):
            print(f"  held-out record numbers: {[i + 1 for i in differing]}")
            continue
        for i in differing[:SHOWN_DIFFERENCES]:
            print(f"  - {old_lines[i][:2000]}\n  + {new_lines[i][:2000]}")
    return identical


def main() -> int:
    """Parse the command line and run ``dump``, ``compare`` or ``check``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("folder", type=Path)
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    checking = commands.add_parser("check")
    checking.add_argument("before", type=Path)
    for command in (dumping, checking):
        command.add_argument("--extra", action="store_true", help="add free real text (../shared)")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.folder, args.extra)
        return 0
    if args.command == "compare":
        return 0 if compare(args.before, args.after) else 1
    with tempfile.TemporaryDirectory(prefix="veille-dump-") as tmp:
        dump(Path(tmp), args.extra)
        return 0 if compare(args.before, Path(tmp)) else 1


if __name__ == "__main__":
    sys.exit(main())
