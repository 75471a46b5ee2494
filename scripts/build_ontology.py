"""Rebuild ``src/veille/data/ontology/cameo.tsv`` from the public reference tables.

Inputs (in ``../shared/eval`` beside the repository, or the folder given as
the first argument):

- ``plover_gsr/CAMEO2PLOVER-2021.txt``: CAMEO code → PLOVER event, mode and
  context (PLOVER manual draft 0.8, CC BY-SA 4.0).
- ``kb/icews/cameo-codes.utf8.csv``: CAMEO code names and Goldstein scores
  (andybega/icews, MIT; text from the CAMEO codebook).
- ``kb/gdelt/CAMEO.goldsteinscale.txt``: the GDELT Goldstein lookup, used
  where the ICEWS table has no score.

The output is one row per CAMEO code; because it includes the PLOVER mapping
it is distributed under CC BY-SA 4.0, which the header says.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "veille" / "data" / "ontology" / "cameo.tsv"

# CAMEO roots that CAMEO2PLOVER-2021 leaves out: public statements are not
# events in PLOVER, and appeals (02) are requests in PLOVER's own manual.
ROOT_FALLBACK = {"01": ("", "", ""), "02": ("REQUEST", "", "")}

HEADER = """\
# CAMEO event codes with their PLOVER event type and mode, Goldstein score and quad class.
# Built by scripts/build_ontology.py from:
#   - CAMEO2PLOVER-2021.txt, openeventdata/PLOVER (manual draft 0.8, P. Schrodt), CC BY-SA 4.0
#   - cameo-codes.csv, andybega/icews (MIT, (c) 2022 Andreas Beger): names and Goldstein scores
#   - CAMEO.goldsteinscale.txt, the GDELT lookup (Goldstein 1992), where ICEWS has no score
# Licence of this derived table: CC BY-SA 4.0 (it adapts the PLOVER mapping).
# quad_class: 1 verbal cooperation (01-05), 2 material cooperation (06-09),
#             3 verbal conflict (10-14), 4 material conflict (15-20).
# plover_type is empty for codes PLOVER does not treat as events (01x public statements).
"""


def quad_class(code: str) -> int:
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "~")) or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        fields = rest.split("#", 1)[0].split(",")
        event = fields[0].strip()
        mode = fields[1].strip() if len(fields) > 1 else ""
        context = ",".join(f.strip() for f in fields[2:]).strip(", ").replace(";", ",")
        # First occurrence wins (175 is listed twice with the same mapping).
        table.setdefault(code.strip(), (event, mode, context))
    return table


def main(shared: Path) -> None:
    plover = read_plover(shared / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    with (shared / "kb" / "gdelt" / "CAMEO.goldsteinscale.txt").open(encoding="utf-8") as fh:
        gdelt = {
            row["CAMEOEVENTCODE"].strip(): row["GOLDSTEINSCALE"].strip()
            for row in csv.DictReader(fh, delimiter="\t")
        }
    with (shared / "kb" / "icews" / "cameo-codes.utf8.csv").open(encoding="utf-8") as fh:
        icews = list(csv.DictReader(fh))
    rows = []
    for rec in icews:
        code = rec["code"].strip()
        goldstein = rec["goldstein"].strip()
        if goldstein in ("", "NA"):
            goldstein = gdelt.get(code, "")
        entry = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2])
        if entry is None:
            entry = ROOT_FALLBACK.get(code[:2], ("", "", ""))
        event, mode, context = entry
        rows.append((code, event, mode, context, goldstein, str(quad_class(code)), rec["name"]))
    rows.sort(key=lambda r: (r[0][:2], r[0]))
    lines = [
        "\t".join(
            ("cameo", "plover_type", "plover_mode", "context", "goldstein", "quad_class", "name")
        )
    ]
    lines += ["\t".join(r) for r in rows]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} CAMEO codes to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval")
