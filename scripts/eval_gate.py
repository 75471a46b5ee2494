"""Evaluation gate run by CI: score every gold file and fail below the pinned floors.

Gold files: our own under ``eval/gold/``, ``eval/heldout/`` and the real-news corpus's
``eval/real/gold/{dev,test}/`` always, and the shared ones under
``../shared/eval/`` (those with event records) when that folder exists; and the
story gold folder ``eval/stories/`` (``veille eval-stories``, key ``stories:eval/stories``),
and the real-news story set ``eval/stories_real/``, its dev part (which needs
``../shared/eval``, where its feed entries and pages live) and its frozen test
part (aggregates only), keys ``stories-real-dev:`` and ``stories-real-test:``, and the
same with the ``words`` similarity, ``stories-real-dev-words:`` and ``stories-real-test-words:``.
Article metadata (``veille.evaluation.metadata``, the scorer of
``benchmarks/bench_metadata.py``) on the pages of ``eval/metadata/``: title,
author, organisation, date and body token F1 per part and language, keys
``metadata-dev:fr`` ... ``metadata-test:en`` (aggregates only, as everywhere
here). The pages are not in the repository: when no pages folder is found
the part is skipped with the reason printed; a folder whose pages do not
match the list fails the gate.
Floors live in ``eval/floors.json``: ``{gold file key: {metric: floor}}``.
A floor is raised whenever a run beats it (``--raise-floors`` writes the new
values), and never lowered.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from veille.evaluation.metadata import (
    find_pages_folder,
    judge,
    load_pages,
    pages_folders,
    part_scores,
    veille_extractor,
)

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "eval" / "floors.json"
SHARED = ROOT.parent / "shared" / "eval"
GATED_METRICS = (
    "macro_f1",
    "micro_f1",
    "actor_accuracy",
    "actor_recall",
    "actor_precision",
    "quantity_f1",
    "negation_accuracy",
    "condition_accuracy",
    "place_accuracy",
    "doc_macro_f1",
    "doc_micro_f1",
)
# Story clustering (``veille eval-stories``) on our gold folder: pairwise
# scores are floors like the others; merged events per real event has the
# issue's fixed ceiling instead (fewer is better, 1.0 is perfect).
STORY_GOLD = ROOT / "eval" / "stories"
REAL_GOLD = ROOT / "eval" / "real" / "gold"
STORY_REAL = ROOT / "eval" / "stories_real"
REAL_STORY_PREFIXES = (
    "stories-real-dev:",
    "stories-real-test:",
    "stories-real-dev-words:",
    "stories-real-test-words:",
)
# The real set is also scored with the ``words`` similarity, which is not the
# default yet (docs/stories.md): its gains are pinned before it can become one.
WORDS_SUFFIX = "-words"
STORY_METRICS = ("precision", "recall", "f1", "cross_language_recall")
CEILINGS = {"merged_per_real": 1.1}
METADATA_PAGES = ROOT / "eval" / "metadata" / "pages.jsonl"


def gold_files() -> dict[str, Path]:
    """Map a stable key to each gold file that exists on this machine."""
    found = {f"repo:{p.name}": p for p in sorted((ROOT / "eval" / "gold").glob("*.jsonl"))}
    # The held-out set is gated against regressions like the others, but no
    # lexicon is ever tuned on it (eval/README.md, "Held-out set").
    found |= {f"heldout:{p.name}": p for p in sorted((ROOT / "eval" / "heldout").glob("*.jsonl"))}
    # The real-news corpus (eval/real/README.md): dev is read while developing,
    # test and test2 (a second French article set) are frozen, never read, and
    # only their aggregate scores are printed.
    for split in ("dev", "test", "test2"):
        found |= {f"real-{split}:{p.name}": p for p in sorted((REAL_GOLD / split).glob("*.jsonl"))}
    if (STORY_GOLD / "gold.json").is_file():
        found["stories:eval/stories"] = STORY_GOLD
    if (STORY_REAL / "items.jsonl").is_file():
        # The dev part points to feed entries and pages in ../shared/eval; test holds none.
        if SHARED.is_dir():
            found["stories-real-dev:eval/stories_real"] = STORY_REAL
            found["stories-real-dev-words:eval/stories_real"] = STORY_REAL
        found["stories-real-test:eval/stories_real"] = STORY_REAL
        found["stories-real-test-words:eval/stories_real"] = STORY_REAL
    if SHARED.is_dir():
        for path in sorted(SHARED.rglob("*.jsonl")):
            if _has_events(path):
                found[f"shared:{path.relative_to(SHARED)}"] = path
    return found


def _has_events(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and ("event_type" in record or "events" in record)


# CI has two cores: the gate runs two scoring processes at a time.
WORKERS = 2


def score_all(selected: dict[str, Path]) -> dict[str, dict[str, float]]:
    """Score the selected gold files and folders; return each key's gated metrics.

    Event gold files are scored in ``WORKERS`` batches, one ``veille eval``
    process each, so the models load once per batch rather than once per
    file; story folders run as their own processes beside them.
    """
    veille = Path(sys.executable).with_name("veille")
    stories = {key: path for key, path in selected.items() if path.is_dir()}
    events = {key: path for key, path in selected.items() if key not in stories}
    # Largest files first, dealt in turn, so the batches take about as long.
    ordered = sorted(events, key=lambda key: events[key].stat().st_size, reverse=True)
    batches = [ordered[start::WORKERS] for start in range(WORKERS)]
    scores: dict[str, dict[str, float]] = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        event_runs = [
            pool.submit(_score_events, veille, {key: events[key] for key in batch})
            for batch in batches
            if batch
        ]
        story_runs = {
            key: pool.submit(_score_story_key, veille, key, path) for key, path in stories.items()
        }
        for run in event_runs:
            scores |= run.result()
        scores |= {key: run.result() for key, run in story_runs.items()}
    return {key: scores[key] for key in selected}


def _score_events(veille: Path, files: dict[str, Path]) -> dict[str, dict[str, float]]:
    run = subprocess.run(
        [str(veille), "eval", *(str(path) for path in files.values()), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        names = " ".join(str(path) for path in files.values())
        raise SystemExit(f"eval gate: `veille eval {names}` failed (exit {run.returncode})")
    answer = json.loads(run.stdout)
    # One file gives its report; several give {path: report}.
    reports = {str(path): answer for path in files.values()} if len(files) == 1 else answer
    return {
        key: {
            m: float(reports[str(path)][m])
            for m in GATED_METRICS
            if reports[str(path)].get(m) is not None
        }
        for key, path in files.items()
    }


def _score_story_key(veille: Path, key: str, path: Path) -> dict[str, float]:
    if key.startswith(REAL_STORY_PREFIXES):
        name = key.split(":", 1)[0]
        words = name.endswith(WORDS_SUFFIX)
        part = name.removesuffix(WORDS_SUFFIX).rsplit("-", 1)[-1]
        options = ("--similarity", "words") if words else ()
        return _score_stories(
            veille, path, "--part", part, "--shared", str(SHARED), *options, nested=part
        )
    return _score_stories(veille, path)


def _score_stories(
    veille: Path, folder: Path, *options: str, nested: str | None = None
) -> dict[str, float]:
    run = subprocess.run(
        [str(veille), "eval-stories", str(folder), *options, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        raise SystemExit(
            f"eval gate: `veille eval-stories {folder}` failed (exit {run.returncode})"
        )
    report = json.loads(run.stdout)
    if nested is not None:
        # The real-news set has no events to merge: pairwise scores only.
        return {m: float(report[nested][m]) for m in STORY_METRICS}
    return {m: float(report[m]) for m in (*STORY_METRICS, *CEILINGS)}


def metadata_parts(
    splits: set[str], pages_dir: Path | None = None
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Score veille's article metadata on ``splits`` per language; return scores and problems.

    No pages folder: no scores, and the reason is printed (the pages are not
    in the repository, so a checkout without them skips this part). Pages that
    are missing or differ from the list are problems: scoring the rest would
    move the figures for a reason that is not the code.
    """
    looked = [pages_dir] if pages_dir is not None else pages_folders(ROOT)
    folder = find_pages_folder(looked)
    if folder is None:
        print(
            "metadata: skipped, no pages folder (looked in "
            + ", ".join(str(f) for f in looked)
            + "); build one with scripts/build_metadata_pages.py (eval/metadata/README.md)"
        )
        return {}, []
    start, cpu = time.perf_counter(), time.process_time()
    pages, refused = load_pages(METADATA_PAGES, folder, splits)
    if refused:
        return {}, [
            f"metadata: {len(refused)} pages in {folder} are missing or differ from "
            "eval/metadata/pages.jsonl; rebuild the folder with scripts/build_metadata_pages.py"
        ]
    extract = veille_extractor()
    scores = [judge(page, extract(page)) for page in pages]
    parts = part_scores(pages, scores)
    print(
        f"metadata: {len(pages)} pages from {folder} scored in "
        f"{time.perf_counter() - start:.1f} s ({time.process_time() - cpu:.1f} s of CPU)"
    )
    return {
        f"metadata-{split}:{language}": values for (split, language), values in parts.items()
    }, []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--raise-floors", action="store_true", help="write beaten floors back to eval/floors.json"
    )
    parser.add_argument(
        "--only",
        metavar="PREFIX",
        default="",
        help="score only the keys starting with PREFIX (e.g. metadata-): a quicker run, "
        "and --raise-floors then touches only those",
    )
    parser.add_argument(
        "--metadata-pages",
        metavar="DIR",
        type=Path,
        default=None,
        help="the metadata pages folder (default: $VEILLE_METADATA_PAGES, shared/eval/metadata, "
        "~/.cache/veille/metadata-pages, the first that exists)",
    )
    args = parser.parse_args()
    floors: dict[str, dict[str, float]] = (
        json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    )
    failures: list[str] = []
    print(f"{'gold file':44} {'metric':20} {'score':>7} {'floor':>7}")
    selected = {key: path for key, path in gold_files().items() if key.startswith(args.only)}
    for key, scores in score_all(selected).items():
        _check(key, scores, floors, failures, raise_floors=args.raise_floors)
    # A prefix selects a metadata part when one could start with the other
    # ("metadata-" selects both, "metadata-dev:fr" the dev part only).
    splits = {
        split
        for split in ("dev", "test")
        if f"metadata-{split}:".startswith(args.only) or args.only.startswith(f"metadata-{split}:")
    }
    if splits:
        parts, problems = metadata_parts(splits, args.metadata_pages)
        failures.extend(problems)
        for key, scores in parts.items():
            if key.startswith(args.only):
                _check(key, scores, floors, failures, raise_floors=args.raise_floors)
    missing = [
        k
        for k in floors
        if k.startswith(
            (
                "repo:",
                "heldout:",
                "stories:",
                "real-",
                "stories-real-test:",
                "stories-real-test-words:",
            )
        )
        and k.startswith(args.only)
        and k not in gold_files()
    ]
    failures.extend(f"{k}: gold file with pinned floors is missing" for k in missing)
    if args.raise_floors:
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if failures:
        print("\nEvaluation gate FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nEvaluation gate passed.")
    return 0


def _check(
    key: str,
    scores: dict[str, float],
    floors: dict[str, dict[str, float]],
    failures: list[str],
    *,
    raise_floors: bool,
) -> None:
    """Print one key's scores against their floors (or ceilings), noting failures."""
    pinned = floors.setdefault(key, {})
    for metric, value in scores.items():
        if metric in CEILINGS:
            ceiling = CEILINGS[metric]
            over = value > ceiling + 1e-9
            if over:
                failures.append(f"{key} {metric}: {value:.3f} > ceiling {ceiling:.3f}")
            mark = "  ABOVE CEILING" if over else ""
            print(f"{key:44} {metric:20} {value:7.3f} {'<=' + format(ceiling, '.2f'):>7}{mark}")
            continue
        floor = pinned.get(metric)
        mark = ""
        if floor is not None and value + 1e-9 < floor:
            failures.append(f"{key} {metric}: {value:.3f} < floor {floor:.3f}")
            mark = "  BELOW FLOOR"
        elif raise_floors and (floor is None or value > floor):
            pinned[metric] = round(value - 0.0005, 3)  # round down: reruns must pass
        floor_text = f"{floor:.3f}" if floor is not None else "-"
        print(f"{key:44} {metric:20} {value:7.3f} {floor_text:>7}{mark}")


if __name__ == "__main__":
    sys.exit(main())
