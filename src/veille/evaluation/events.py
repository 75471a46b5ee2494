"""Score the event coder against gold JSONL files (``veille eval``).

Two record shapes are accepted (see ``docs/eval.md``):

- one event at the top level, as in the PLOVER gold standard records:
  ``{"text", "event_type", "mode", "source": [{text, code, sector}], "target": [...], "size"}``;
- a list of events, possibly empty: ``{"text", "events": [{event_type, mode, source, target,
  quantity: {value, unit} | null, negated, hypothetical, condition, attributed_to}]}``.

Event type is scored per record as a classification of its main event(s),
"no event" (``NONE``) included: a one-event record is compared with the
coder's most confident event, read by PLOVER's convention for announced
acts (:func:`plover_type`: the records of that shape are PLOVER's); in a
list record each gold event is paired with a predicted event of the same
type, then a gold event left unpaired
with a predicted event left unpaired (a wrong type: one error, not a missed
event plus a spurious one). A gold event still unpaired is predicted as
``NONE``. ``NONE`` is the class of *records* with no event, so its support
is the number of such records: an empty record is labelled by the coder's
most confident event (or ``NONE``), and every other predicted event that
pairs with no gold event is a false positive of its own type only. Actors,
quantities, negation, hypothetical and condition are then scored on the
matched pairs. A gold event marked ``"background": true`` (a past act the
text only recalls, ``docs/codebook.md``) is optional: it is never a miss, and
one same-type prediction per such event is left out of the tally, so finding
it is not a false positive either.

Place accuracy is scored on every gold event that carries an ``event_loc``
(``{"name": "Kabul", "country code": "AF"}``, as in the PLOVER records): the
predicted event it is compared with is the record's main event (one-event
records) or the event paired with it, whatever its type; the location is
correct when its name, the name of its gazetteer place or any other name of
that place equals the gold name once folded and stripped of generic words
("town of Rafah" is Rafah, "Jaffna peninsula" is Jaffna), and, when the gold
gives a country code (ISO alpha-2 or alpha-3), the countries agree. An event
with no location, or no predicted event, counts as wrong.

Whole articles (``"kind": "article"`` with a ``title``) are read as the
title line then the body, as the pipeline stores them. Each gold event names
its ``sentence``; it pairs only with predictions from that sentence. Article
records are also scored at the document level: per type, is it found in the
article at all (``doc_macro_f1`` / ``doc_micro_f1``, the measure NGEC quotes).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.errors import GoldFormatError
from veille.events.discourse import stated_type
from veille.records import ACTOR_HOWS, ActorRef, Event

NONE = "NONE"
EXTRA = "<extra>"
"""Gold side of a spurious extra event: counted in precision, never as gold support."""

Runner = Callable[[str, str | None, str | None], Sequence[Event]]
"""``run(text, language, date)`` returns the events the pipeline codes for ``text``."""


@dataclass(frozen=True, slots=True)
class TypeScore:
    """Precision, recall and F1 of one event type, with its gold support."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(slots=True)
class EvalReport:
    """Scores of one evaluation run; ``None`` where nothing was there to score."""

    n_records: int = 0
    macro_f1: float = 0.0
    micro_f1: float = 0.0
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    actor_accuracy: float | None = None
    actor_recall: float | None = None
    # Actor recall split by how the gold says each actor is found (codebook 7.8),
    # the gold actors of each kind, and how often a found actor's ``how`` agrees.
    actor_recall_by_how: dict[str, float | None] = field(default_factory=dict)
    n_actors_by_how: dict[str, int] = field(default_factory=dict)
    actor_how_accuracy: float | None = None
    # Of the actor codes the coder gives matched events, the share that names a
    # gold actor of that side: accuracy and recall count only the gold's actors,
    # so an extra or wrong actor (a state carried from context) shows only here.
    actor_precision: float | None = None
    actor_precision_by_how: dict[str, float | None] = field(default_factory=dict)
    n_predicted_actors_by_how: dict[str, int] = field(default_factory=dict)
    quantity_f1: float | None = None
    negation_accuracy: float | None = None
    hypothetical_accuracy: float | None = None
    condition_accuracy: float | None = None
    place_accuracy: float | None = None
    n_places: int = 0
    n_gold_events: int = 0
    n_matched: int = 0
    doc_macro_f1: float | None = None
    doc_micro_f1: float | None = None
    n_documents: int = 0

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (``veille eval --json``)."""
        return {
            "n_records": self.n_records,
            "macro_f1": _round(self.macro_f1),
            "micro_f1": _round(self.micro_f1),
            "per_type": {
                k: {
                    "precision": _round(v.precision),
                    "recall": _round(v.recall),
                    "f1": _round(v.f1),
                    "support": v.support,
                }
                for k, v in self.per_type.items()
            },
            "actor_accuracy": _round(self.actor_accuracy),
            "actor_recall": _round(self.actor_recall),
            "actor_recall_by_how": {k: _round(v) for k, v in self.actor_recall_by_how.items()},
            "n_actors_by_how": dict(self.n_actors_by_how),
            "actor_how_accuracy": _round(self.actor_how_accuracy),
            "actor_precision": _round(self.actor_precision),
            "actor_precision_by_how": {
                k: _round(v) for k, v in self.actor_precision_by_how.items()
            },
            "n_predicted_actors_by_how": dict(self.n_predicted_actors_by_how),
            "quantity_f1": _round(self.quantity_f1),
            "negation_accuracy": _round(self.negation_accuracy),
            "hypothetical_accuracy": _round(self.hypothetical_accuracy),
            "condition_accuracy": _round(self.condition_accuracy),
            "place_accuracy": _round(self.place_accuracy),
            "n_places": self.n_places,
            "n_gold_events": self.n_gold_events,
            "n_matched": self.n_matched,
            "doc_macro_f1": _round(self.doc_macro_f1),
            "doc_micro_f1": _round(self.doc_micro_f1),
            "n_documents": self.n_documents,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# ------------------------------------------------------------------- reading
def normalize_record(raw: object, where: str = "record") -> dict[str, Any]:
    """Bring a gold record of either shape to ``{id, text, language, date, single, events}``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise GoldFormatError(f"{where}: expected a JSON object with a string 'text'")
    if isinstance(raw.get("events"), list):
        events = raw["events"]
        single = False
        # A record-level ``event_loc`` is where its first (main) event happened.
        if isinstance(raw.get("event_loc"), dict) and events and isinstance(events[0], dict):
            events = [{"event_loc": raw["event_loc"], **events[0]}, *events[1:]]
    elif isinstance(raw.get("event_type"), str):
        size = raw.get("size")
        quantity = None
        if isinstance(size, int | float) or (
            isinstance(size, str) and size.replace(",", "").isdigit()
        ):
            quantity = {"value": float(str(size).replace(",", "")), "unit": None}
        event = {k: raw[k] for k in ("event_type", "mode", "source", "target") if k in raw}
        event["quantity"] = quantity
        for key in ("negated", "hypothetical", "condition", "attributed_to", "event_loc"):
            if key in raw:
                event[key] = raw[key]
        events, single = [event], True
    else:
        raise GoldFormatError(
            f"{where}: a record needs either 'event_type' (one event) or 'events' (a list, "
            "possibly empty); see docs/eval.md"
        )
    for i, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("event_type"), str):
            raise GoldFormatError(f"{where}: event {i} has no string 'event_type'")
    kind = raw.get("kind", "sentence")
    if kind not in ("sentence", "article"):
        raise GoldFormatError(f"{where}: 'kind' must be 'sentence' or 'article', not {kind!r}")
    text = raw["text"]
    title = raw.get("title")
    if kind == "article" and isinstance(title, str) and title.strip():
        # The pipeline reads an article as its title line, then the body.
        text = f"{title.strip()}\n\n{text}"
    return {
        "id": str(raw.get("id", where)),
        "text": text,
        "kind": kind,
        "language": raw.get("language"),
        "date": raw.get("date"),
        "single": single,
        "events": events,
    }


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file (blank lines and ``#`` lines skipped) into normalised records."""
    records = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(
                    f"{path}:{n}: not valid JSON ({exc.msg}); fix the line"
                ) from exc
            records.append(normalize_record(raw, f"{path}:{n}"))
    return records


# ------------------------------------------------------------------- scoring
def _hows(side: object) -> dict[str, str]:
    """Map each actor code of a side to how it was found (``stated`` unless it says).

    A side is a list of gold actor objects, of bare codes, or of predicted
    :class:`~veille.records.ActorRef`; the first way a code is given wins.
    """
    out: dict[str, str] = {}
    for item in side or []:  # type: ignore[attr-defined]
        if isinstance(item, dict):
            code, how = item.get("code"), item.get("how")
        else:
            code, how = getattr(item, "code", item), getattr(item, "how", None)
        if code:
            out.setdefault(str(code), str(how or "stated"))
    return out


def _codes(side: object) -> set[str]:
    return set(_hows(side))


def _names(gold_code: str, predicted: set[str]) -> bool:
    """Tell whether a predicted side names the gold actor.

    Codes are hierarchical, as in the gold conventions: a UN agency or organ
    (``WFP``, ``UNSC``) is ``UN``, and any intergovernmental organisation is
    the generic ``IGO`` of the PLOVER records.
    """
    if gold_code in predicted:
        return True
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - only when codes differ

    kb = get_knowledge_base()
    return any(kb.covers(gold_code, code) for code in predicted)


def plover_type(event: Event) -> str:
    """Return the type PLOVER's own codebook gives an event, for its one-event gold records.

    Our codebook (``docs/codebook.md``) keeps the type of an act announced
    for later without a condition ("Hungary said it will support the bid":
    SUPPORT, hypothetical); PLOVER, and its gold-standard records, code the
    announcement itself: a promise of cooperation (AGREE) or a threat of
    material conflict (THREATEN). One-event records are scored by PLOVER's
    convention, every other gold file by ours.
    """
    if event.modality == "announced" and event.condition is None and not event.negated:
        return stated_type(event.event_type, "announced", committed=True)
    return event.event_type


def _main_event(events: Sequence[Event]) -> Event | None:
    reported = [e for e in events if e.section_kind != "commentary"]
    if not reported:
        return None
    best = max(e.confidence for e in reported)
    return next(e for e in reported if e.confidence == best)


_WORD = re.compile(r"\w{3,}")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _same_sentence(gold_event: dict[str, Any], pred: Event) -> bool:
    """Tell whether a predicted event comes from the sentence a gold event names.

    Article records name each event's sentence as written; the pipeline may
    cut sentences elsewhere (a title, a quote, a list), so two sentences are
    the same when half the words of the shorter one are in the other. Gold
    events without a ``sentence`` (sentence records) match any prediction.
    """
    wanted = gold_event.get("sentence")
    if not isinstance(wanted, str) or not wanted.strip():
        return True
    gold_words, pred_words = _words(wanted), _words(pred.sentence.text)
    if not gold_words or not pred_words:
        return wanted.strip() in pred.sentence.text or pred.sentence.text.strip() in wanted
    return len(gold_words & pred_words) >= 0.5 * min(len(gold_words), len(pred_words))


def _pair_events(
    gold: list[dict[str, Any]], pred: list[Event], optional: Sequence[dict[str, Any]] = ()
) -> list[tuple[dict[str, Any] | None, Event | None]]:
    """Pair the gold events of one record with predictions; unpaired ones pair with ``None``.

    A gold event pairs first with a prediction of its type (from its own
    sentence, in article records), preferring the one naming most of its
    actors; then a gold event left over takes a leftover prediction (from
    its sentence): the coder saw the event and mistyped it.
    """
    left = list(pred)
    pairs: list[tuple[dict[str, Any] | None, Event | None]] = []
    for g in gold:
        same = [p for p in left if p.event_type == g["event_type"] and _same_sentence(g, p)]
        if same:
            wanted = _codes(g.get("source")) | _codes(g.get("target"))
            same.sort(key=lambda p: -len(wanted & (_codes(p.source) | _codes(p.target))))
            pairs.append((g, same[0]))
            left.remove(same[0])
        else:
            pairs.append((g, None))
    left = _without_optional(left, optional)
    # A gold event with no same-type prediction takes a leftover prediction
    # (the nearest in confidence order): the coder saw the event, mistyped it.
    left.sort(key=lambda p: -p.confidence)
    for i, (gold_event, guess) in enumerate(pairs):
        if guess is None and gold_event is not None:
            nearby = next((p for p in left if _same_sentence(gold_event, p)), None)
            if nearby is not None:
                pairs[i] = (gold_event, nearby)
                left.remove(nearby)
    pairs.extend((None, extra) for extra in left)
    return pairs


def _without_optional(pred: list[Event], optional: Sequence[dict[str, Any]]) -> list[Event]:
    """Drop one prediction per optional (background) gold event of the same type.

    A background event is a past act the text only recalls (codebook,
    "Background events"): finding it is not a false positive, missing it is
    not a miss, so its prediction leaves the tally altogether. In article
    records the prediction must come from the background event's sentence.
    """
    left = list(pred)
    for g in optional:
        same = [p for p in left if p.event_type == g["event_type"] and _same_sentence(g, p)]
        if same:
            left.remove(same[0])
    return left


@dataclass(slots=True)
class _Tally:
    labels: list[tuple[str, str]] = field(default_factory=list)
    actor_ok: int = 0
    actor_n: int = 0
    # Gold actor codes of every gold event, found or not, by how the gold says each
    # is found (their sum is actor recall's denominator); those found, and whether
    # the found ones were found the way the gold says.
    how_gold: Counter[str] = field(default_factory=Counter)
    how_ok: Counter[str] = field(default_factory=Counter)
    how_same: list[bool] = field(default_factory=list)
    # Actor codes the coder gave matched events, by how it says each was found,
    # and those that name a gold actor of their side.
    predicted_how: Counter[str] = field(default_factory=Counter)
    predicted_ok: Counter[str] = field(default_factory=Counter)
    q_tp: int = 0
    q_fp: int = 0
    q_fn: int = 0
    neg: list[bool] = field(default_factory=list)
    hyp: list[bool] = field(default_factory=list)
    cond: list[bool] = field(default_factory=list)
    places: list[bool] = field(default_factory=list)
    matched: int = 0
    gold_events: int = 0
    # Document level (article records): per type, in how many articles the
    # gold and the coder find it at least once.
    doc_gold: Counter[str] = field(default_factory=Counter)
    doc_pred: Counter[str] = field(default_factory=Counter)
    doc_hits: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def actor_found(self, gold_how: str, found_how: str | None) -> None:
        """Count a gold actor the coder named, and whether it says how it was found alike."""
        self.actor_ok += 1
        self.how_ok[gold_how] += 1
        if found_how is not None:
            self.how_same.append(found_how == gold_how)

    def add_document(
        self,
        gold: Sequence[dict[str, Any]],
        optional: Sequence[dict[str, Any]],
        reported: Sequence[Event],
    ) -> None:
        """Count the event types one article holds, gold against predicted.

        A type the gold has only as background counts neither way: finding it
        is not wrong and missing it is not a miss.
        """
        self.documents += 1
        news = {g["event_type"] for g in gold}
        found = {e.event_type for e in reported} - ({g["event_type"] for g in optional} - news)
        self.doc_gold.update(news)
        self.doc_pred.update(found)
        self.doc_hits.update(news & found)


def _count_gold_hows(g: dict[str, Any], tally: _Tally) -> None:
    for side in ("source", "target"):
        tally.how_gold.update(_hows(g.get(side)).values())


def _found_how(code: str, refs: Sequence[ActorRef]) -> str | None:
    """Return the ``how`` of the first predicted reference that names the gold ``code``."""
    return next((r.how for r in refs if r.code and _names(code, {r.code})), None)


def _score_predicted_actors(
    gold_src: dict[str, str], gold_tgt: dict[str, str], p: Event, tally: _Tally
) -> None:
    """Count each actor code the coder gave a matched event, and whether the gold has it.

    A code is right when it names a gold actor of its side (of either side when
    the gold event is undirected), by the same hierarchy as recall ("WFP" is
    named by "UN"). Gold actors with no code (unknown attackers) name nothing.
    """
    either = set(gold_src) if not gold_tgt else set()
    for refs, gold in ((p.source, set(gold_src)), (p.target, set(gold_tgt) | either)):
        for code, how in _hows(refs).items():
            tally.predicted_how[how] += 1
            if any(_names(g, {code}) for g in gold):
                tally.predicted_ok[how] += 1


def _score_pair(g: dict[str, Any], p: Event, tally: _Tally) -> None:
    tally.matched += 1
    src, tgt = _codes(p.source), _codes(p.target)
    gold_src, gold_tgt = _hows(g.get("source")), _hows(g.get("target"))
    # Undirected gold (no target) accepts its actors on either side.
    for code, how in gold_src.items():
        tally.actor_n += 1
        if _names(code, src):
            tally.actor_found(how, _found_how(code, p.source))
        elif not gold_tgt and _names(code, tgt):
            tally.actor_found(how, _found_how(code, p.target))
    for code, how in gold_tgt.items():
        tally.actor_n += 1
        if _names(code, tgt):
            tally.actor_found(how, _found_how(code, p.target))
    _score_predicted_actors(gold_src, gold_tgt, p, tally)
    if "quantity" in g:
        values = {q.value for q in p.quantities}
        gq = g["quantity"]
        if isinstance(gq, dict) and gq.get("value") is not None:
            if float(gq["value"]) in values:
                tally.q_tp += 1
            else:
                tally.q_fn += 1
                tally.q_fp += bool(values) and g.get("_strict_quantity", True)
        elif gq is None and values and not g.get("_lenient_quantity"):
            tally.q_fp += 1
    if "negated" in g:
        tally.neg.append(bool(g["negated"]) == p.negated)
    if "hypothetical" in g:
        tally.hyp.append(bool(g["hypothetical"]) == p.hypothetical)
    if "condition" in g:
        tally.cond.append(bool(g["condition"]) == (p.condition is not None))


# Words that say what kind of place a name is, not which: "town of Rafah" is Rafah.
_GENERIC_PLACE_WORDS = frozenset(
    {
        *("town", "city", "village", "of", "the", "de", "la", "le", "l", "du", "d", "ville"),
        *("region", "province", "peninsula", "strip", "district", "capital", "state"),
        *("oblast", "governorate"),
    }
)


def _place_key(name: str) -> str:
    from veille.places.gazetteer import name_key  # noqa: PLC0415 - only when places are scored

    return " ".join(w for w in name_key(name).split() if w not in _GENERIC_PLACE_WORDS)


def _score_place(gold: dict[str, Any], pred: Event | None, tally: _Tally) -> None:
    """Score the predicted location of one gold event that has an ``event_loc``."""
    wanted = gold.get("event_loc")
    if not isinstance(wanted, dict) or not wanted.get("name"):
        return
    loc = pred.location if pred is not None else None
    if loc is None:
        tally.places.append(False)
        return
    from veille.places.gazetteer import get_gazetteer  # noqa: PLC0415

    gaz = get_gazetteer()
    names = {_place_key(loc.name)}
    if loc.place_id:
        names |= {
            " ".join(w for w in key.split() if w not in _GENERIC_PLACE_WORDS)
            for key in gaz.names_of(loc.place_id)
        }
    ok = _place_key(str(wanted["name"])) in names
    code = wanted.get("country code") or wanted.get("country")
    if ok and code:
        country = gaz.country(str(code))
        ok = country is not None and country.country == loc.country
    tally.places.append(ok)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def label_scores(
    labels: Iterable[tuple[str, str]],
) -> tuple[dict[str, TypeScore], float, float]:
    """Score ``(gold, predicted)`` label pairs: per-type scores, macro F1 and micro F1.

    Labels are event types, ``NONE`` (a record with no event, or an event
    not found) and ``EXTRA`` on the gold side of a spurious predicted event.
    Macro F1 is the mean over every label seen, ``NONE`` only when some gold
    record is empty; micro F1 is over event types, ``NONE`` left out.
    """
    pairs = list(labels)
    gold_counts = Counter(g for g, _ in pairs)
    pred_counts = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    gold_counts.pop(EXTRA, None)
    names = sorted((set(gold_counts) | set(pred_counts)) - ({NONE} - set(gold_counts)))
    per_type: dict[str, TypeScore] = {}
    for label in names:
        prec = hits[label] / pred_counts[label] if pred_counts[label] else 0.0
        rec = hits[label] / gold_counts[label] if gold_counts[label] else 0.0
        per_type[label] = TypeScore(prec, rec, _f1(prec, rec), gold_counts[label])
    macro = sum(s.f1 for s in per_type.values()) / len(per_type) if per_type else 0.0
    tp = sum(hits[x] for x in hits if x != NONE)
    pred_n = sum(c for x, c in pred_counts.items() if x != NONE)
    gold_n = sum(c for x, c in gold_counts.items() if x != NONE)
    micro = _f1(tp / pred_n if pred_n else 0.0, tp / gold_n if gold_n else 0.0)
    return per_type, macro, micro


def _mean(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def score(records: Iterable[dict[str, Any]], predictions: Iterable[Sequence[Event]]) -> EvalReport:
    """Score predicted events against normalised gold records (same order)."""
    tally = _Tally()
    n = 0
    for record, events in zip(records, predictions, strict=True):
        n += 1
        gold = [g for g in record["events"] if not g.get("background")]
        optional = [g for g in record["events"] if g.get("background")]
        tally.gold_events += len(gold)
        scored = gold[:1] if record["single"] else gold
        for g in scored:
            _count_gold_hows(g, tally)
        if record["single"]:
            main = _main_event(events)
            g = dict(gold[0])
            g["_lenient_quantity"] = True  # the GSR "size" is not an exhaustive list
            main_type = plover_type(main) if main else NONE
            tally.labels.append((g["event_type"], main_type))
            _score_place(g, main, tally)
            if main is not None and main_type == g["event_type"]:
                _score_pair(g, main, tally)
            continue
        reported = [e for e in events if e.section_kind != "commentary"]
        if record.get("kind") == "article":
            tally.add_document(gold, optional, reported)
        elif not gold:
            reported = _without_optional(reported, optional)
            # The record is one "no event" item, labelled by the main prediction.
            main = _main_event(reported)
            tally.labels.append((NONE, main.event_type if main else NONE))
            reported = [e for e in reported if e is not main]
            tally.labels.extend((EXTRA, e.event_type) for e in reported)
            continue
        for gold_event, pred in _pair_events(gold, reported, optional):
            if gold_event is not None:
                _score_place(gold_event, pred, tally)
            tally.labels.append(
                (
                    gold_event["event_type"] if gold_event else EXTRA,
                    pred.event_type if pred else NONE,
                )
            )
            if (
                gold_event is not None
                and pred is not None
                and (pred.event_type == gold_event["event_type"])
            ):
                _score_pair(gold_event, pred, tally)
    report = EvalReport(n_records=n, n_gold_events=tally.gold_events, n_matched=tally.matched)
    report.per_type, report.macro_f1, report.micro_f1 = label_scores(tally.labels)
    report.actor_accuracy = tally.actor_ok / tally.actor_n if tally.actor_n else None
    gold_actors = sum(tally.how_gold.values())
    report.actor_recall = tally.actor_ok / gold_actors if gold_actors else None
    report.n_actors_by_how = {how: tally.how_gold[how] for how in ACTOR_HOWS}
    report.actor_recall_by_how = _shares_by_how(tally.how_ok, tally.how_gold)
    report.actor_how_accuracy = _mean(tally.how_same)
    predicted = sum(tally.predicted_how.values())
    report.actor_precision = sum(tally.predicted_ok.values()) / predicted if predicted else None
    report.n_predicted_actors_by_how = {how: tally.predicted_how[how] for how in ACTOR_HOWS}
    report.actor_precision_by_how = _shares_by_how(tally.predicted_ok, tally.predicted_how)
    q_p = tally.q_tp / (tally.q_tp + tally.q_fp) if tally.q_tp + tally.q_fp else 0.0
    q_r = tally.q_tp / (tally.q_tp + tally.q_fn) if tally.q_tp + tally.q_fn else 0.0
    report.quantity_f1 = _f1(q_p, q_r) if tally.q_tp + tally.q_fp + tally.q_fn else None
    report.negation_accuracy = _mean(tally.neg)
    report.hypothetical_accuracy = _mean(tally.hyp)
    report.condition_accuracy = _mean(tally.cond)
    report.place_accuracy = _mean(tally.places)
    report.n_places = len(tally.places)
    if tally.documents:
        report.n_documents = tally.documents
        report.doc_macro_f1, report.doc_micro_f1 = _document_f1(tally)
    return report


def _shares_by_how(hits: Counter[str], totals: Counter[str]) -> dict[str, float | None]:
    """Return ``hits / totals`` for each actor ``how`` (``None`` where nothing was counted)."""
    return {how: hits[how] / totals[how] if totals[how] else None for how in ACTOR_HOWS}


def _document_f1(tally: _Tally) -> tuple[float, float]:
    """Macro and micro F1 of "which event types does each article hold"."""
    f1s = []
    for label in sorted(set(tally.doc_gold) | set(tally.doc_pred)):
        hits = tally.doc_hits[label]
        prec = hits / tally.doc_pred[label] if tally.doc_pred[label] else 0.0
        rec = hits / tally.doc_gold[label] if tally.doc_gold[label] else 0.0
        f1s.append(_f1(prec, rec))
    hits = sum(tally.doc_hits.values())
    pred_n, gold_n = sum(tally.doc_pred.values()), sum(tally.doc_gold.values())
    micro = _f1(hits / pred_n if pred_n else 0.0, hits / gold_n if gold_n else 0.0)
    return (sum(f1s) / len(f1s) if f1s else 0.0), micro


def evaluate(records: Iterable[dict[str, Any]], run: Runner) -> EvalReport:
    """Run the pipeline on each gold record's text (with its language and date) and score it.

    ``records`` may be raw gold objects or already normalised by :func:`load_gold`.
    """
    normalised = [
        r if "single" in r else normalize_record(r, f"record {i}") for i, r in enumerate(records)
    ]
    predictions = [run(r["text"], r.get("language"), r.get("date")) for r in normalised]
    return score(normalised, predictions)


def percent(value: float | None) -> str:
    """Write a score as a percentage six characters wide, ``n/a`` when nothing was scored."""
    return "   n/a" if value is None else f"{value * 100:6.1f}"


def type_table(per_type: Mapping[str, TypeScore], headers: tuple[str, str, str, str]) -> list[str]:
    """List the lines of a per-type table: a header row, then one row per label.

    ``headers`` names the precision, recall, F1 and support columns (an
    agreement table calls its precision "P(B|A)").
    """
    precision, recall, f1, support = headers
    lines = [f"{'type':<12} {precision:>6} {recall:>6} {f1:>6} {support:>7}"]
    for label, s in per_type.items():
        lines.append(
            f"{label:<12} {percent(s.precision)} {percent(s.recall)} {percent(s.f1)} {s.support:>7}"
        )
    return lines


def _by_how_lines(label: str, shares: dict[str, float | None], counts: dict[str, int]) -> list[str]:
    """Render a figure split by actor ``how``: one line per kind that was counted."""
    lines = []
    for how in ACTOR_HOWS:
        if counts.get(how, 0):
            name = f"{label}, {how}"
            lines.append(f"{name:<26} {percent(shares.get(how))} of {counts[how]}")
    return lines


def format_report(report: EvalReport) -> str:
    """Render the scores as a plain-text table (no colours, fit for CI logs)."""
    lines = type_table(report.per_type, ("prec", "rec", "F1", "support"))
    lines.append("")
    lines.append(f"records            {report.n_records:>6}")
    lines.append(f"gold events        {report.n_gold_events:>6}   matched {report.n_matched}")
    for name, value in (
        ("macro F1", report.macro_f1),
        ("micro F1", report.micro_f1),
        ("actor accuracy", report.actor_accuracy),
        ("actor recall", report.actor_recall),
        ("quantity F1", report.quantity_f1),
        ("negation accuracy", report.negation_accuracy),
        ("hypothetical acc.", report.hypothetical_accuracy),
        ("condition accuracy", report.condition_accuracy),
        ("place accuracy", report.place_accuracy),
    ):
        lines.append(f"{name:<18} {percent(value)}")
    lines.append(f"places scored      {report.n_places:>6}")
    lines += _by_how_lines("actor recall", report.actor_recall_by_how, report.n_actors_by_how)
    lines.append(f"{'actor how accuracy':<18} {percent(report.actor_how_accuracy)}")
    lines.append(f"{'actor precision':<18} {percent(report.actor_precision)}")
    lines += _by_how_lines(
        "actor precision", report.actor_precision_by_how, report.n_predicted_actors_by_how
    )
    if report.n_documents:
        lines.append(f"articles           {report.n_documents:>6}")
        lines.append(f"{'article macro F1':<18} {percent(report.doc_macro_f1)}")
        lines.append(f"{'article micro F1':<18} {percent(report.doc_micro_f1)}")
    return "\n".join(lines)
