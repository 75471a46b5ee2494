"""Check an annotated JSONL file against the codebook's record format (docs/codebook.md).

    python scripts/check_annotations.py FILE.jsonl [--batch BATCH.jsonl]

Prints one line per problem, ``FILE:LINE: [id] message``, then a summary, and
exits 1 when there is any problem (0 when the file is clean). With
``--batch``, also checks that the file holds exactly the batch's records, each
with its batch fields unchanged. The checks are listed in
``veille.annotation.check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veille.annotation import check_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="annotated JSONL file (one record per line)")
    parser.add_argument(
        "--batch", type=Path, help="the batch file it was annotated from (ids and fields)"
    )
    args = parser.parse_args(argv)
    for path in (args.file, args.batch):
        if path is not None and not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            return 2
    problems = check_file(args.file, args.batch)
    for problem in problems:
        print(problem.render(str(args.file)))
    lines = args.file.read_text(encoding="utf-8").splitlines()
    n_records = n_events = 0
    for line in lines:
        try:
            raw = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue
        if isinstance(raw, dict):
            n_records += 1
            events = raw.get("events")
            n_events += len(events) if isinstance(events, list) else 0
    summary = f"{n_records} records, {n_events} events"
    if problems:
        print(f"{len(problems)} problem(s) in {summary}: fix them and run the check again")
        return 1
    print(f"OK: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
