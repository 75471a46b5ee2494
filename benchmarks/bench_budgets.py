"""Per-item budgets: time and peak memory of hostile inputs against one ordinary article.

Each input is ingested by ``veille ingest`` in a process of its own (a real
SQLite store, the whole pipeline: extraction, parsing, actors, events,
places, store, stories), so each peak RSS is that input's alone. The
baseline is an ordinary sample article, measured in the same run.

Inputs, built from the bundled French samples (issue 20):

* ``fr-989k``: 989,000 characters of French news paragraphs;
* ``fr-10mb``: just under ``max_bytes`` (10 MB) of the same;
* ``one-line-989k``: the 989k text with its line breaks made spaces (one
  paragraph: pieces must be cut at sentence ends);
* ``attrs-1e5.html``: one element with 100,000 attributes;
* ``nodes-3e5.html``: 300,000 elements.

Each runs with the default settings (the 10 MB text is then expected to go
over ``item_timeout`` on this machine and become an ``E-TIMEOUT`` row), and
the two long texts once more with ``item_timeout`` lifted, to measure the
memory of coding them whole. Target: peak RSS at most 1 GiB in every row.

    .venv/bin/python benchmarks/bench_budgets.py [--unbounded NAME ...]

``--unbounded`` names the inputs run again with ``item_timeout`` lifted
(default: both long texts; none skips them: the 10 MB one takes about half an
hour on a loaded machine).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLES = Path(__file__).parents[1] / "src" / "veille" / "samples" / "articles"
BASELINE = SAMPLES / "01_fr_otan_exercices_baltique.txt"
GIB = 1024

_CHILD = """
import json, os, sys, time
from veille.engine import ingest
from veille.nlp import load_pipeline
from veille.settings import Settings

source, db, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
settings = Settings.from_env(db=db, language="fr", item_timeout=timeout)
def peak_mib():
    # VmHWM of this process; ru_maxrss would start at the parent's peak (fork).
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) // 1024
load_pipeline("fr", settings.fr_model)
loaded = peak_mib()
started = time.perf_counter()
report = ingest([source], settings=settings)
seconds = time.perf_counter() - started
peak = peak_mib()
outcome = ",".join(e.code for e in report.errors) or ",".join(sorted(report.counts))
print(json.dumps({"seconds": seconds, "peak": peak, "loaded": loaded, "outcome": outcome}))
"""


def build_inputs(folder: Path) -> dict[str, Path]:
    """Write the hostile inputs into ``folder``; return them by name."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*_fr_*.txt"))]
    body = "\n\n".join(text.split("\n", 1)[1].strip() for text in texts)
    long_text = "Un très long texte\n\n"
    while len(long_text) < 989_000:
        long_text += body + "\n\n"
    long_text = long_text[:989_000]
    huge = long_text
    while len(huge.encode()) < 9_990_000:
        huge += "\n\n" + long_text
    huge = huge.encode()[:9_990_000].decode("utf-8", "ignore")
    attributes = " ".join(f'a{i}="{i}"' for i in range(100_000))
    elements = "".join(f"<p>Paragraphe {i}.</p>" for i in range(300_000))
    prose = f"<p>{body[:3000]}</p>"
    pages = {
        "attrs-1e5.html": f"<html><body><div {attributes}>x</div>{prose}</body></html>",
        "nodes-3e5.html": f"<html><body><article>{prose}{elements}</article></body></html>",
    }
    files = {
        "fr-989k.txt": long_text,
        "fr-10mb.txt": huge,
        "one-line-989k.txt": "Un très long texte\n\n" + long_text[20:].replace("\n", " "),
        **pages,
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / name
        paths[name].write_text(content, encoding="utf-8")
    return paths


def measure(source: Path, folder: Path, timeout: float) -> dict[str, object]:
    """Ingest ``source`` in a fresh process; return its seconds, peak RSS and outcome."""
    db = folder / f"{source.stem}-{timeout:g}.db"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(source), str(db), str(timeout)],
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    """Build the inputs, measure each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--unbounded",
        nargs="*",
        default=["fr-989k.txt", "fr-10mb.txt"],
        help="inputs run again with item_timeout lifted (none: skip those runs)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="veille-budgets-") as name:
        folder = Path(name)
        inputs = build_inputs(folder)
        runs: list[tuple[str, Path, float]] = [("baseline article", BASELINE, 120.0)]
        runs += [(label, path, 120.0) for label, path in inputs.items()]
        runs += [(f"{label} (no timeout)", inputs[label], 1e9) for label in args.unbounded]
        print(
            f"{'input':<28}{'chars':>11}{'outcome':>12}{'seconds':>9}{'s/1k ch':>9}"
            f"{'x base':>8}{'peak MiB':>10}{'+ MiB':>7}"
        )
        base_rate = None
        for label, path, timeout in runs:
            chars = len(path.read_text(encoding="utf-8"))
            result = measure(path, folder, timeout)
            seconds = float(str(result["seconds"]))
            rate = seconds / chars * 1000
            base_rate = base_rate or rate
            peak = int(str(result["peak"]))
            added = peak - int(str(result["loaded"]))
            flag = "" if peak <= GIB else "  over 1 GiB"
            print(
                f"{label:<28}{chars:>11,}{result['outcome']!s:>12}{seconds:>9.1f}{rate:>9.3f}"
                f"{rate / base_rate:>8.2f}{peak:>10}{added:>7}{flag}",
                flush=True,
            )


if __name__ == "__main__":
    main()
