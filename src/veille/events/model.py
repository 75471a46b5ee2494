"""The learned event detector: a linear model that votes with the trigger rules.

The rules (:mod:`~veille.events.triggers`) find trigger words from the
lexicon; on real news they also fire on sport, business, history and
polysemous words ("HP accuse une baisse", "tirer parti", "à l'aide de") and
miss words the lexicon lacks. This step runs right after them (step 2b of
``docs/events.md``) and looks at every *candidate* word of the sentence:

- each trigger the rules found, with the type the rules gave it;
- each other verb or noun whose lemma the training data holds as a trigger
  (the model's candidate vocabulary).

For each candidate a multinomial logistic regression over sparse lexical,
dependency, actor and rule features gives the probability of each PLOVER
type and of ``NONE`` (no event). The step then votes:

- a rule trigger the model reads as no event (``P(NONE) >= drop``) is
  dropped (precision);
- a rule trigger the model reads as another type (``P(type) >= retype``)
  takes that type;
- a candidate the rules did not find becomes a trigger of the model's type
  when ``P(type) >= add`` (recall); the rules' later steps then find its
  sides, flags and evidence as for any trigger.

The thresholds, one set per language, were chosen by cross-validation on
the training data (a language where the model does not help keeps the rules
as they are) and ship with the weights in one artefact (``data/models/events.json.gz``),
rebuilt by ``make train`` (:mod:`veille.training.events`). Its features,
training data, figures and cost: ``docs/events.md``, "The learned detector".
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from veille.errors import EventModelError
from veille.events.arguments import MentionIndex
from veille.events.lexicon import TriggerEntry
from veille.events.ontology import EVENT_TYPES, Ontology
from veille.events.parsed import Sent, Word

NONE = "NONE"
"""The label of a candidate word that carries no event."""

SCHEMA = 2
"""Version of the artefact layout this module reads."""

DEFAULT_MODEL = "events"
"""The artefact shipped in ``veille/data/models/`` and used unless told otherwise."""

OFF = "off"
"""The model name that switches the learned step off (rules alone)."""

# Coarse parts of speech: the model's vocabulary keys and the candidates it scores.
COARSE = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}
# Words whose lemma enters the sentence's bag of words.
CONTENT = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})
# Arcs from a word to the phrases that may name who acts or who is acted on.
ARGUMENT_ARCS = {
    "nsubj": "subj",
    "nsubj:pass": "psubj",
    "nsubjpass": "psubj",
    "obj": "obj",
    "dobj": "obj",
    "iobj": "obj",
    "dative": "obj",
    "obl:agent": "agent",
    "agent": "agent",
    "obl": "obl",
    "obl:arg": "obl",
    "obl:mod": "obl",
    "nmod": "nmod",
    "prep": "obl",
    "poss": "poss",
    "nmod:poss": "poss",
}


class ProposalStep(Protocol):
    """What the coder calls between finding triggers and reading their sides."""

    def propose(
        self, sent: Sent, index: MentionIndex, found: list[tuple[Word, TriggerEntry]]
    ) -> list[tuple[Word, TriggerEntry]]:
        """Return the triggers of ``sent`` to code, given those the rules ``found``."""
        ...


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Probabilities from which the step drops, retypes or adds a trigger."""

    drop: float = 0.7
    retype: float = 0.7
    add: float = 0.6


KEEP_RULES = Thresholds(drop=1.01, retype=1.01, add=1.01)
"""Thresholds no probability reaches: the vote keeps the rules' triggers as they are."""


def coarse_pos(tok: Word) -> str:
    """Return the coarse part of speech the model keys words by (``V``, ``N``, ``A`` or ``O``)."""
    return COARSE.get(tok.pos_, "O")


def vocabulary_key(tok: Word) -> str:
    """Return the key of ``tok`` in the candidate vocabulary: lower-case lemma and coarse tag."""
    return f"{tok.lemma_.lower()}|{coarse_pos(tok)}"


def _mention_near(tok: Word, index: MentionIndex) -> str | None:
    """Return the kind of the resolved mention heading ``tok``'s phrase, if any."""
    found = index.get(tok)
    if found is None:
        for child in tok.children:
            found = index.get(child)
            if found is not None:
                break
    return None if found is None else found.kind


def sentence_context(sent: Sent, index: MentionIndex, language: str) -> list[str]:
    """Return the features every candidate of ``sent`` shares: its bag of lemmas and actors.

    They tell the model what the sentence is about (a match, an earthquake,
    a ministry), how many political actors it names, and its language.
    """
    feats = [f"lang={language}"]
    feats += [f"s={tok.lemma_.lower()}" for tok in sent if tok.pos_ in CONTENT]
    actors = {id(m): m.kind for m in index.by_token.values()}
    feats.append(f"na={min(len(actors), 3)}")
    feats.extend(f"ak={kind}" for kind in sorted(set(actors.values())))
    return feats


def candidate_features(
    tok: Word, entry: TriggerEntry | None, sent: Sent, index: MentionIndex, context: list[str]
) -> list[str]:
    """Return the sparse features of one candidate word (binary, as strings).

    The word itself (lemma, tag, its neighbours), what the rules made of it,
    its place in the parse (arc, head, the lemmas and prepositions of its
    dependents: "tirer|parti", "aide|à"), which of its arguments are
    resolved actors, and the sentence ``context``.
    """
    lemma = tok.lemma_.lower()
    pos = coarse_pos(tok)
    words = tok.doc.words
    before = words[tok.i - 1].lower_ if tok.i > sent.start else "<s>"
    after = words[tok.i + 1].lower_ if tok.i + 1 < sent.end else "</s>"
    feats = [
        f"l={lemma}",
        f"lp={lemma}|{pos}",
        f"p={pos}",
        f"r={entry.event_type if entry else '-'}",
        f"d={tok.dep_}",
        f"w-={before}",
        f"w+={after}",
        f"lw-={lemma}|{before}",
        f"lw+={lemma}|{after}",
    ]
    if entry is not None:
        feats.append(f"rm={entry.event_type}|{entry.mode or '-'}")
    head = tok.head
    if head is not tok:
        head_lemma = head.lemma_.lower()
        feats += [f"h={head_lemma}", f"hd={tok.dep_}|{head_lemma}"]
    feats.extend(tok.morph.get("Voice", []))
    for child in tok.children:
        dep = child.dep_
        if child.pos_ in CONTENT:
            feats.append(f"c={lemma}|{child.lemma_.lower()}")
        elif dep in ("case", "mark", "prt", "compound:prt") or child.pos_ == "ADP":
            feats.append(f"k={lemma}|{child.lower_}")
        elif dep in ("neg", "advmod") and child.lower_ in ("not", "pas", "n't", "never", "jamais"):
            feats.append("neg")
        arc = ARGUMENT_ARCS.get(dep)
        if arc is not None:
            kind = _mention_near(child, index)
            feats.append(f"a={arc}|{kind or '-'}")
    if tok.dep_ in ARGUMENT_ARCS and head is not tok:
        # A noun trigger is often the object of a light verb ("a lancé une offensive").
        feats.append(f"under={ARGUMENT_ARCS[tok.dep_]}|{head.pos_}")
    feats.extend(context)
    return feats


class TypeModel:
    """A multinomial logistic regression over sparse binary features.

    ``weights`` maps a feature to its weight per label (labels absent from a
    feature's map weigh 0); ``bias`` is the weight per label of every
    candidate.
    """

    def __init__(
        self,
        *,
        labels: tuple[str, ...],
        bias: dict[str, float],
        weights: dict[str, dict[str, float]],
        vocabulary: frozenset[str],
        thresholds: dict[str, Thresholds],
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Index the weights by label position for fast scoring."""
        self.labels = labels
        self.vocabulary = vocabulary
        self.thresholds = thresholds
        self.meta = meta or {}
        position = {label: i for i, label in enumerate(labels)}
        self._bias = [bias.get(label, 0.0) for label in labels]
        self._weights: dict[str, tuple[tuple[int, float], ...]] = {
            feature: tuple(sorted((position[k], w) for k, w in row.items() if k in position))
            for feature, row in weights.items()
        }

    def thresholds_for(self, language: str) -> Thresholds:
        """Return the vote's thresholds for ``language``; a language not trained keeps the rules."""
        return self.thresholds.get(language, KEEP_RULES)

    def probabilities(self, features: list[str]) -> dict[str, float]:
        """Return the probability of each label given the candidate's ``features``."""
        scores = list(self._bias)
        weights = self._weights
        for feature in features:
            row = weights.get(feature)
            if row is not None:
                for i, w in row:
                    scores[i] += w
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TypeModel:
        """Build a model from the artefact's JSON object (see :func:`load_model`)."""
        if data.get("schema") != SCHEMA:
            raise EventModelError(
                f"event model artefact has layout {data.get('schema')!r}, this veille reads "
                f"{SCHEMA}; rebuild it with `make train`"
            )
        labels = tuple(data["labels"])
        unknown = set(labels) - {NONE, *EVENT_TYPES}
        if unknown:
            raise EventModelError(f"event model names unknown labels {sorted(unknown)}")
        return cls(
            labels=labels,
            bias=data["bias"],
            weights=data["weights"],
            vocabulary=frozenset(data["vocabulary"]),
            thresholds={
                language: Thresholds(**limits) for language, limits in data["thresholds"].items()
            },
            meta=data.get("meta"),
        )


@lru_cache(maxsize=4)
def load_model(name_or_path: str) -> TypeModel:
    """Read a model artefact (once per process): a name shipped with veille, or a file path.

    A shipped name (``events``) is ``veille/data/models/<name>.json.gz``;
    anything with a suffix is read as the path of a ``.json.gz`` built by
    ``make train``.
    """
    path = Path(name_or_path)
    if not path.suffix:
        path = model_path(name_or_path)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise EventModelError(
            f"no event model at {path}; use the shipped model '{DEFAULT_MODEL}', "
            f"'{OFF}' for rules alone, or rebuild it with `make train`"
        ) from None
    except (OSError, ValueError) as exc:
        raise EventModelError(
            f"event model {path} is unreadable ({exc}); rebuild it with `make train`"
        ) from exc
    return TypeModel.from_json(data)


def make_proposer(name_or_path: str, language: str) -> TypeProposer | None:
    """Return the learned step for a coder of ``language``, or ``None`` when ``off``."""
    if name_or_path == OFF:
        return None
    from veille.events.ontology import load_ontology  # noqa: PLC0415 - cached table

    return TypeProposer(load_model(name_or_path), language, load_ontology())


def model_path(name: str) -> Path:
    """Return the file of the shipped model ``name``: ``veille/data/models/<name>.json.gz``."""
    return Path(str(resources.files("veille") / "data" / "models" / f"{name}.json.gz"))


def linked(first: Word, second: Word, arcs: int = 3) -> bool:
    """Return whether one word governs the other within ``arcs`` dependency arcs."""
    for lower, upper in ((first, second), (second, first)):
        tok = lower
        for _ in range(arcs):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i == upper.i:
                return True
    return False


def vote(scored: list[tuple[str | None, dict[str, float]]], limits: Thresholds) -> list[str | None]:
    """Decide each candidate's type, or ``None`` for no event (the rules in the module doc).

    ``scored`` holds, per candidate, the type the rules gave it (``None``
    for a word the rules did not find) and the model's probabilities. The
    training script calls this too, to choose the thresholds.
    """
    out: list[str | None] = []
    for rule_type, probs in scored:
        best_p, best = max((p, label) for label, p in probs.items() if label != NONE)
        if rule_type is not None:
            if probs[NONE] >= limits.drop:
                out.append(None)
            elif best != rule_type and best_p >= limits.retype:
                out.append(best)
            else:
                out.append(rule_type)
        else:
            out.append(best if best_p >= limits.add else None)
    return out


class TypeProposer:
    """Step 2b of the coder: confirm, drop, retype or add triggers with the model."""

    def __init__(self, model: TypeModel, language: str, ontology: Ontology) -> None:
        """Bind the model to one language's coder (``ontology`` gives default CAMEO codes)."""
        self.model = model
        self.language = language
        self.ontology = ontology
        self.limits = model.thresholds_for(language)
        self._entries: dict[tuple[str, str], TriggerEntry] = {}

    def candidates(
        self, sent: Sent, found: list[tuple[Word, TriggerEntry]]
    ) -> list[tuple[Word, TriggerEntry | None]]:
        """Return the words the model scores: the rules' triggers, then vocabulary words."""
        ruled = {tok.i for tok, _ in found}
        out: list[tuple[Word, TriggerEntry | None]] = list(found)
        vocabulary = self.model.vocabulary
        out.extend(
            (tok, None)
            for tok in sent
            if tok.i not in ruled and tok.pos_ in COARSE and vocabulary_key(tok) in vocabulary
        )
        return out

    def propose(
        self, sent: Sent, index: MentionIndex, found: list[tuple[Word, TriggerEntry]]
    ) -> list[tuple[Word, TriggerEntry]]:
        """Return the triggers of ``sent`` after the model's vote, in text order."""
        if self.limits == KEEP_RULES:
            return found  # a language where the model does not vote: no cost
        candidates = self.candidates(sent, found)
        if not candidates:
            return found
        context = sentence_context(sent, index, self.language)
        scored = [
            (
                entry.event_type if entry else None,
                self.model.probabilities(candidate_features(tok, entry, sent, index, context)),
            )
            for tok, entry in candidates
        ]
        decided = list(zip(candidates, vote(scored, self.limits), strict=True))
        out: list[tuple[Word, TriggerEntry]] = []
        for (tok, ruled), chosen in decided:  # the rules' triggers first
            if ruled is not None and chosen is not None:
                keep = ruled.event_type == chosen
                out.append((tok, ruled if keep else self._entry(tok, chosen)))
        for (tok, ruled), chosen in decided:
            # A word the rules missed is added unless it is another word of an
            # event already there: same type, within three arcs ("launched
            # joint patrols", "a missile strike killed"), the distance at which
            # the trigger step keeps only the governing trigger.
            if (
                ruled is None
                and chosen is not None
                and not any(kind.event_type == chosen and linked(tok, other) for other, kind in out)
            ):
                out.append((tok, self._entry(tok, chosen)))
        out.sort(key=lambda pair: pair[0].i)
        return out

    def _entry(self, tok: Word, event_type: str) -> TriggerEntry:
        """Return a lexicon-like entry for a trigger the model typed: the type's default code."""
        key = (tok.lemma_.lower(), event_type)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = TriggerEntry(
                lemma=key[0],
                pos="*",
                event_type=event_type,
                mode=None,
                cameo=self.ontology.default_cameo(event_type),
                with_lemmas=frozenset(),
            )
        return entry
