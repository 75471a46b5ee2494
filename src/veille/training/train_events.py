"""Build the event model artefact (``make train``): ``python -m veille.training.train_events``.

1. Read every training file of :data:`veille.training.events.SOURCES`, run
   the pipeline and the rules on it, and label the candidate words.
2. Choose the vote's thresholds by grouped cross-validation on the training
   records (never on dev or test): fit on four folds, score the fifth, and
   keep, per language, the thresholds whose simulated vote gives the best
   mean of event-type macro- and micro-F1 (as ``veille eval`` counts them)
   over all folds; the rules alone are a candidate, so a language where the
   model does not help keeps its rules untouched. Only the languages of
   :data:`VOTING_LANGUAGES` get them; the others keep the rules.
3. Fit on everything and write ``src/veille/data/models/events.json.gz``:
   sorted JSON, weights rounded to 4 decimals, gzip without a time stamp,
   so that the same inputs give the same bytes. Its ``meta`` names every
   input file with its SHA-256 (``inputs``) and the figures of step 2.

Run single-threaded (``make train`` sets the thread variables): the fit is
deterministic, and the parse is spaCy's, pinned in the lock.

``--check`` rebuilds in memory and exits 1 when the result differs from the
shipped file (CI's staleness check: ``tests/test_events_model.py``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from veille.evaluation.events import EXTRA, label_scores
from veille.events.model import (
    KEEP_RULES,
    NONE,
    OFF,
    SCHEMA,
    Thresholds,
    TypeModel,
    model_path,
    vote,
)
from veille.events.ontology import EVENT_TYPES
from veille.settings import Settings
from veille.training import events as data
from veille.training.linear import LinearModel, fit

LABELS = (NONE, *EVENT_TYPES)
FOLDS = 5
L2 = 1.0
MIN_COUNT = 2
WEIGHT_DIGITS = 4
# A rule trigger is dropped only when the model is nearly sure it is no event.
# Cross-validation alone picks 0.9 (the best mean F1 on the train records), but
# at 0.9 the reference article loses its intended cooperation ("Les deux pays
# entendent consolider leurs capacités", P(NONE) = 0.96): real-news annotators
# rarely code intentions, the product promises them (scripts/check_reference.py).
# On real dev, 0.97 keeps most of 0.9's gain (docs/events.md, "The learned detector").
GRID_DROP = (0.97, 0.98, 0.99, 1.01)
GRID_RETYPE = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
# The model never adds a trigger the rules did not find: the words it added
# were right often enough to raise type F1, but the later steps found poor
# sides for them (English dev articles: actor accuracy 0.730 → 0.659), and
# actor accuracy must not fall. Retyping a rule trigger keeps its sides.
GRID_ADD = (1.01,)
RULES_ONLY = KEEP_RULES
LANGUAGES = ("fr", "en")
# The languages where the model votes; the others keep the rules as they are.
# A choice made on the real dev split (which may choose hyper-parameters, never
# fit): in French, cross-validation on train says the model helps (macro-F1
# 0.353 → 0.377) but on dev sentences it lowers macro-F1 from 0.394 to 0.376
# (articles gain, 0.197 → 0.221); English gains on both (docs/events.md).
VOTING_LANGUAGES = ("en",)

# The code whose change must rebuild the artefact, besides the training files.
CODE_FILES = (
    "src/veille/events/model.py",
    "src/veille/training/events.py",
    "src/veille/training/linear.py",
    "src/veille/training/train_events.py",
)


def fold_of(record_id: str) -> int:
    """Return the cross-validation fold of a record (stable: a hash of its id)."""
    return int(hashlib.sha256(record_id.encode()).hexdigest()[:8], 16) % FOLDS


def predict(
    model: LinearModel, found: Sequence[data.Candidate]
) -> list[tuple[str | None, dict[str, float]]]:
    """Return each candidate's rule type and probabilities under ``model``."""
    out = []
    for cand in found:
        probs = model.scores(cand.features)
        out.append((cand.rule_type, dict(zip(model.labels, probs.tolist(), strict=True))))
    return out


def record_labels(
    items: Sequence[data.SentenceItem],
    found: Sequence[data.Candidate],
    scored: Sequence[tuple[str | None, dict[str, float]]],
    limits: Thresholds,
    language: str | None = None,
) -> list[tuple[str, str]]:
    """Return the (gold, predicted) type pairs ``veille eval`` would count for the vote.

    Sentence records are paired as a whole, article sentences one by one
    (the scorer pairs article events within their sentence); a record with
    no gold event is one ``NONE`` item. Records with one event (not
    exhaustive), sources not used for tuning and, when ``language`` is
    given, records of other languages are left out.
    """
    chosen = vote(list(scored), limits)
    predicted: dict[int, list[str]] = {}
    for cand, label in zip(found, chosen, strict=True):
        if label is not None:
            predicted.setdefault(cand.item, []).append(label)
    units: dict[tuple[str, int], tuple[list[str], list[str], list[str], bool]] = {}
    for position, item in enumerate(items):
        if not item.exhaustive or not item.tune:
            continue
        if language is not None and item.language != language:
            continue
        key = (item.record_id, position if item.kind == "article" else -1)
        gold, optional, preds, article = units.setdefault(key, ([], [], [], item.kind == "article"))
        gold.extend(g.event_type for g in item.gold if not g.background)
        optional.extend(g.event_type for g in item.gold if g.background)
        preds.extend(predicted.get(position, []))
    pairs: list[tuple[str, str]] = []
    for gold, optional, coded, article in units.values():
        preds = list(coded)
        for kind in optional:
            if kind in preds:
                preds.remove(kind)
        if not gold and not article:
            pairs.append((NONE, preds[0] if preds else NONE))
            pairs.extend((EXTRA, p) for p in preds[1:])
            continue
        left = []
        for kind in gold:
            if kind in preds:
                preds.remove(kind)
                pairs.append((kind, kind))
            else:
                left.append(kind)
        for kind in left:
            pairs.append((kind, preds.pop(0) if preds else NONE))
        pairs.extend((EXTRA, p) for p in preds)
    return pairs


def f1_summary(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Return macro- and micro-F1 of type pairs, counted as ``veille eval`` does."""
    _, macro, micro = label_scores(pairs)
    return {"macro_f1": round(macro, 4), "micro_f1": round(micro, 4)}


def choose_thresholds(
    items: Sequence[data.SentenceItem],
    vocabulary: frozenset[str],
    *,
    log: bool = True,
) -> tuple[dict[str, Thresholds], dict[str, Any]]:
    """Pick the vote's thresholds, per language, by cross-validation on the training records."""
    found = data.candidates(items, vocabulary)
    scored: list[tuple[str | None, dict[str, float]] | None] = [None] * len(found)
    for fold in range(FOLDS):
        held = [i for i, c in enumerate(found) if fold_of(items[c.item].record_id) == fold]
        train = [c for c in found if fold_of(items[c.item].record_id) != fold]
        if not held:
            continue
        model = fit(data.examples(train), LABELS, l2=L2, min_count=MIN_COUNT)
        for i, pair in zip(held, predict(model, [found[i] for i in held]), strict=True):
            scored[i] = pair
        if log:
            print(f"  fold {fold + 1}/{FOLDS}: {len(train)} candidates fitted", file=sys.stderr)
    ready = [s for s in scored if s is not None]
    if len(ready) != len(found):
        raise RuntimeError("a candidate was left out of every fold")

    def objective(limits: Thresholds, language: str) -> tuple[float, dict[str, float]]:
        figures = f1_summary(record_labels(items, found, ready, limits, language))
        return (figures["macro_f1"] + figures["micro_f1"]) / 2, figures

    chosen: dict[str, Thresholds] = {}
    report: dict[str, Any] = {"folds": FOLDS}
    for language in LANGUAGES:
        # One set per language: French and English news, parsers and lexicons
        # differ, and where the model does not help the rules stay as they are.
        best = RULES_ONLY
        best_score, rules = objective(RULES_ONLY, language)
        for drop in GRID_DROP:
            for retype in GRID_RETYPE:
                for add in GRID_ADD:
                    limits = Thresholds(drop=drop, retype=retype, add=add)
                    value, _ = objective(limits, language)
                    if value > best_score + 1e-9:
                        best, best_score = limits, value
        report[language] = {
            "rules_only": rules,
            "with_model": objective(best, language)[1],
            "best": asdict(best),
            "votes": language in VOTING_LANGUAGES,
        }
        chosen[language] = best if language in VOTING_LANGUAGES else RULES_ONLY
    return chosen, report


def artefact(
    model: LinearModel,
    vocabulary: frozenset[str],
    limits: dict[str, Thresholds],
    meta: dict[str, Any],
) -> dict[str, Any]:
    """Return the artefact's JSON object: labels, bias, rounded non-zero weights, vocabulary."""
    weights: dict[str, dict[str, float]] = {}
    for feature, row in zip(model.features, model.weights, strict=True):
        kept = {
            label: round(float(w), WEIGHT_DIGITS)
            for label, w in zip(model.labels, row, strict=True)
            if round(float(w), WEIGHT_DIGITS) != 0.0
        }
        if kept:
            weights[feature] = kept
    return {
        "schema": SCHEMA,
        "labels": list(model.labels),
        "bias": {
            label: round(float(b), WEIGHT_DIGITS)
            for label, b in zip(model.labels, model.bias, strict=True)
        },
        "weights": weights,
        "vocabulary": sorted(vocabulary),
        "thresholds": {language: asdict(limits[language]) for language in sorted(limits)},
        "meta": meta,
    }


def encode(payload: dict[str, Any]) -> bytes:
    """Serialise the artefact: sorted compact JSON, gzip with no name and no time stamp."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


# The rules the model votes with: their triggers are its candidates and features,
# so a change of the coder or its words makes the artefact stale too.
RULE_FILES = (
    "src/veille/events/*.py",
    "src/veille/data/lexicon/*/*.tsv",
    "src/veille/data/ontology/*.tsv",
)


def input_hashes(root: Path) -> dict[str, str]:
    """Return the SHA-256 of every training file, the training code and the rules, by path."""
    paths = [path for _, path in data.source_files(root)]
    paths += [root / name for name in CODE_FILES]
    paths += sorted({path for pattern in RULE_FILES for path in root.glob(pattern)})
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(paths)
    }


def build(root: Path = data.ROOT, *, log: bool = True) -> dict[str, Any]:
    """Run the whole training and return the artefact's JSON object."""
    import spacy  # noqa: PLC0415

    from veille.nlp import pipeline_name  # noqa: PLC0415

    started = time.monotonic()
    # The training parse must not depend on a model it is about to replace.
    settings = replace(Settings(), event_model=OFF)
    items, files = data.load_items(settings, root)
    vocabulary = data.candidate_vocabulary(items)
    if log:
        print(f"{len(items)} sentences, {len(vocabulary)} candidate lemmas", file=sys.stderr)
    limits, cv = choose_thresholds(items, vocabulary, log=log)
    found = data.candidates(items, vocabulary)
    examples = data.examples(found)
    model = fit(examples, LABELS, l2=L2, min_count=MIN_COUNT)
    counts = Counter(ex.label for ex in examples)
    meta = {
        "inputs": input_hashes(root),
        "files": files,
        "examples": {label: counts[label] for label in LABELS},
        "sentences": len(items),
        "cross_validation": cv,
        "fit": {"l2": L2, "min_count": MIN_COUNT, "features": len(model.features)},
        "parsers": {
            lang: f"{name}=={spacy.util.get_package_version(name)}"
            for lang in ("fr", "en")
            for name in [pipeline_name(lang, getattr(settings, f"{lang}_model"))]
        },
    }
    if log:
        print(
            f"thresholds {limits}; cross-validation {cv}; {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    return artefact(model, vocabulary, limits, meta)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the artefact, write it (default) or compare it with the shipped one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="where to write the artefact")
    parser.add_argument(
        "--root",
        type=Path,
        default=data.ROOT,
        help="the checkout whose training files to read (default: this one)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a rebuild differs from the shipped file"
    )
    args = parser.parse_args(argv)
    target = args.out or model_path("events")
    payload = encode(build(args.root.resolve()))
    if args.check:
        same = target.is_file() and target.read_bytes() == payload
        print("identical" if same else f"differs from {target}: run `make train`")
        return 0 if same else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    size = len(payload)
    TypeModel.from_json(json.loads(gzip.decompress(payload)))  # the runtime reads it back
    print(f"wrote {target} ({size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
