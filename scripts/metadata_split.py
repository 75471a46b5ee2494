"""Draw the dev/test split of the metadata pages, by publisher (see eval/metadata/README.md).

Usage: python scripts/metadata_split.py [eval/metadata/pages.jsonl]

Sets ``split`` on every record of the page list and rewrites it in place.
Run once, before any expected value is filled in; re-running it on the same
list gives the same split, and ``tests/test_eval_metadata.py`` pins the result.
Records marked ``added`` came after the draw (development pages found later):
they take no part in it and stay ``dev``.
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

SEED = 2412
FRENCH_TEST_SHARE = 0.5
OTHER_TEST_SHARE = 0.4
DEFAULT_PAGES = Path(__file__).resolve().parents[1] / "eval" / "metadata" / "pages.jsonl"


def drawn(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """Return the records the draw was made over: all but those added after it."""
    return [r for r in records if not r.get("added")]


def draw(records: list[dict[str, object]]) -> dict[str, str]:
    """Return the split (``dev`` or ``test``) of every publisher in ``records``."""
    publishers = sorted({str(r["publisher"]) for r in records})
    french = sorted({str(r["publisher"]) for r in records if r["language"] == "fr"})
    others = [p for p in publishers if p not in set(french)]
    generator = random.Random(SEED)
    generator.shuffle(french)
    generator.shuffle(others)
    test = set(french[: math.ceil(len(french) * FRENCH_TEST_SHARE)])
    test |= set(others[: round(len(others) * OTHER_TEST_SHARE)])
    return {p: ("test" if p in test else "dev") for p in publishers}


def main() -> int:
    """Assign the split in the page list given on the command line (or the default one)."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PAGES
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    splits = draw(drawn(records))
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            record["split"] = "dev" if record.get("added") else splits[str(record["publisher"])]
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    counts: dict[tuple[str, str], int] = {}
    for record in records:
        key = (str(record["split"]), str(record["language"]))
        counts[key] = counts.get(key, 0) + 1
    print(sorted(counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
