"""Agreement between two independent annotation passes of the same batch.

    python scripts/agreement.py PASS_A.jsonl PASS_B.jsonl [--diff] [--json]

Prints event-type F1 between the passes (micro and macro, per type, computed
as ``veille eval`` scores, pass A in the gold role), actor, mode and flag
agreement on the events both passes typed alike, and Cohen's kappa of
event / no event per record. ``--diff`` then lists every record where the
passes differ, with both passes' events, for adjudication; ``--json`` prints
the figures as one JSON object instead of the table. Run
``scripts/check_annotations.py`` on each pass first. Pairing rules:
``veille.annotation.agreement``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veille.annotation.agreement import compare_passes, format_diff, format_report, load_pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pass_a", type=Path, help="first pass (JSONL)")
    parser.add_argument("pass_b", type=Path, help="second pass (JSONL)")
    parser.add_argument("--diff", action="store_true", help="list the disagreeing records")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        report = compare_passes(load_pass(args.pass_a), load_pass(args.pass_b))
    except (OSError, ValueError) as exc:
        print(f"agreement: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if args.diff:
        diff = format_diff(report)
        print()
        print(diff or "no disagreement")
    return 0


if __name__ == "__main__":
    sys.exit(main())
