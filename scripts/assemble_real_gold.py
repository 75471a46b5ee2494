"""File the annotation passes of the real-news corpus and assemble its gold files.

Usage::

    python scripts/assemble_real_gold.py ANNOTATION_DIR [--split dev] ...

``ANNOTATION_DIR`` holds the annotators' work as they wrote it:
``pass_a/SPLIT/NAME``, ``pass_b/SPLIT/NAME``, ``adjudicated/SPLIT/NAME`` and
``agreement/SPLIT/NAME.json`` for each batch file ``NAME`` of
``eval/real/annotation/batches/SPLIT/``. For each split asked (all by
default), every batch whose adjudicated file exists is checked against its
batch (``veille.annotation.check_file``), copied with its passes into
``eval/real/annotation/``, and the adjudicated records are gathered into
``eval/real/gold/SPLIT/{fr,en}_{sentences,articles}.jsonl``, sorted by id.
The retired first test split (``train-first-test``) is gold for train.

A split is assembled only when every one of its batches is adjudicated, so a
gold file is never a silent subset. The agreement between the passes is
recomputed per split, language and kind over the whole split and written to
``eval/real/annotation/agreement.json``. The script prints counts and
agreement figures only, never a record: it runs on the test split too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from veille.annotation import check_file, compare_passes
from veille.annotation.agreement import load_pass

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "eval" / "real"
BATCHES = REAL / "annotation" / "batches"
GOLD = REAL / "gold"
SPLITS = ("train", "dev", "test", "test2")
# Batch folders whose gold belongs to another split: the retired first test split is train.
FOLDERS = {
    "train": ("train-first-test", "train"),
    "dev": ("dev",),
    "test": ("test",),
    "test2": ("test2",),
}
KINDS = {"sent": "sentences", "art": "articles"}
PASSES = ("pass_a", "pass_b", "adjudicated")


def _batch_names(folder: str) -> list[str]:
    return sorted(p.name for p in (BATCHES / folder).glob("*.jsonl"))


def _missing(source: Path, folder: str) -> list[str]:
    """Batch files of ``folder`` that lack a pass, an adjudicated file or agreement figures."""
    missing = []
    for name in _batch_names(folder):
        wanted = [source / kind / folder / name for kind in PASSES]
        wanted.append(source / "agreement" / folder / f"{name}.json")
        missing += [str(path) for path in wanted if not path.is_file()]
    return missing


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _file_split(source: Path, split: str) -> dict[str, list[dict[str, Any]]]:
    """Check and copy a split's annotation files; return its adjudicated records by gold file."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for folder in FOLDERS[split]:
        for name in _batch_names(folder):
            problems = check_file(source / "adjudicated" / folder / name, BATCHES / folder / name)
            if problems:
                raise SystemExit(
                    f"{folder}/{name}: the adjudicated file has {len(problems)} problems"
                )
            for kind in PASSES:
                target = REAL / "annotation" / kind / folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / kind / folder / name, target)
            figures = REAL / "annotation" / "agreement" / folder / f"{name}.json"
            figures.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / "agreement" / folder / f"{name}.json", figures)
            language, short, _ = name.split("-")
            key = f"{language}_{KINDS[short]}"
            gold.setdefault(key, []).extend(_records(source / "adjudicated" / folder / name))
    return gold


def _agreement(split: str, key: str) -> dict[str, Any]:
    """Agreement of the two passes over every batch of one split, language and kind."""
    language, kind = key.split("_")
    short = next(s for s, k in KINDS.items() if k == kind)
    passes: dict[str, dict[str, tuple[int, dict[str, Any]]]] = {"pass_a": {}, "pass_b": {}}
    for folder in FOLDERS[split]:
        for name in _batch_names(folder):
            if name.startswith(f"{language}-{short}-"):
                for kind_of_pass, records in passes.items():
                    records.update(load_pass(REAL / "annotation" / kind_of_pass / folder / name))
    report = compare_passes(passes["pass_a"], passes["pass_b"]).to_json()
    report.pop("per_type")
    return report


def main(argv: list[str] | None = None) -> int:
    """Assemble the gold of the splits asked (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("annotations", type=Path, help="the annotators' folder")
    parser.add_argument("--split", action="append", choices=SPLITS, help="default: all")
    args = parser.parse_args(argv)
    agreement_path = REAL / "annotation" / "agreement.json"
    agreement: dict[str, Any] = (
        json.loads(agreement_path.read_text(encoding="utf-8")) if agreement_path.is_file() else {}
    )
    for split in args.split or SPLITS:
        missing = [m for folder in FOLDERS[split] for m in _missing(args.annotations, folder)]
        if missing:
            print(f"{split}: not assembled, {len(missing)} files missing (first: {missing[0]})")
            continue
        gold = _file_split(args.annotations, split)
        for key, records in sorted(gold.items()):
            records.sort(key=lambda record: record["id"])
            path = GOLD / split / f"{key}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            events = sum(len(r["events"]) for r in records)
            empty = sum(not r["events"] for r in records)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            agreement[f"{split}/{key}"] = _agreement(split, key)
            figures = agreement[f"{split}/{key}"]
            print(
                f"{split}/{key}: {len(records)} records, {events} events, {empty} with none; "
                f"passes agree micro-F1 {figures['micro_f1']}, macro-F1 {figures['macro_f1']}, "
                f"kappa {figures['event_kappa']}; sha256 {digest[:16]}"
            )
    agreement_path.write_text(json.dumps(agreement, indent=1, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
