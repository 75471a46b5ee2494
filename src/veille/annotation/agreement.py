"""How far two independent annotation passes agree, and where they differ.

Records are matched by ``id``. Inside a record, events are paired the way the
scorer (:mod:`veille.evaluation.events`) pairs gold and predicted events, with pass A in
the gold role:

1. each event of A with an event of B of the same type (in an article, whose
   ``sentence`` overlaps), preferring the one sharing most actor codes;
2. an event left over on either side that has the type (and sentence) of a
   *background* event of the other pass is dropped, as are leftover
   background events: background events are optional (codebook, "Background
   events");
3. the remaining events of A with the remaining events of B (in an article,
   in the same sentence), in order: one type disagreement each;
4. what is left is an event only one pass coded.

Event-type F1 is then computed with :func:`veille.evaluation.events.label_scores`, so
"agreement" is the score pass B would get against pass A as gold. Actor
agreement is measured on same-type pairs: the share of A's actor codes found
on the same side in B and of B's found in A (a code and an organ of it, such
as ``UN`` and ``UNSC``, agree; when either pass gives the event no target, it
is undirected and its actors may sit on either side). Cohen's kappa is
over the yes/no question "does this record report an event".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.evaluation.events import EXTRA, NONE, TypeScore, label_scores, percent, type_table

Covers = Callable[[str, str], bool]
"""``covers(general, specific)``: whether actor code ``specific`` names ``general`` or a part."""

Place = tuple[str, int, int]
"""Where an article event's sentence sits: (``"text"`` or ``"title"``, start, end)."""


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """One event of one pass, with what the pairing needs read once."""

    raw: Mapping[str, Any]
    number: int
    event_type: str
    background: bool
    place: Place | None
    source: frozenset[str]
    target: frozenset[str]

    def describe(self) -> str:
        """One line for the diff: type/mode, sides, trigger, flags."""
        mode = self.raw.get("mode")
        head = f"{self.event_type}/{mode}" if mode else self.event_type
        sides = f"{_side(self.raw.get('source'))} → {_side(self.raw.get('target'))}"
        flags = [
            name for name in ("negated", "hypothetical", "background") if self.raw.get(name) is True
        ]
        quantity = self.raw.get("quantity")
        if isinstance(quantity, dict) and quantity.get("value") is not None:
            flags.append(f"quantity={quantity['value']:g}")
        trigger = self.raw.get("trigger")
        extra = f" [{', '.join(flags)}]" if flags else ""
        return f"{self.number}. {head}  {sides}  «{trigger}»{extra}"


@dataclass(slots=True)
class RecordComparison:
    """The two passes' events of one record, paired, with the differences found."""

    record_id: str
    text: str
    line_a: int | None
    line_b: int | None
    events_a: list[CodedEvent] = field(default_factory=list)
    events_b: list[CodedEvent] = field(default_factory=list)
    pairs: list[tuple[CodedEvent | None, CodedEvent | None]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AgreementReport:
    """Agreement figures between pass A and pass B, and every record compared."""

    n_records: int = 0
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    n_events_a: int = 0
    n_events_b: int = 0
    n_same_type: int = 0
    macro_f1: float = 0.0
    micro_f1: float = 0.0
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    actor_agreement: float | None = None
    actor_a_in_b: float | None = None
    actor_b_in_a: float | None = None
    mode_agreement: float | None = None
    negation_agreement: float | None = None
    hypothetical_agreement: float | None = None
    quantity_agreement: float | None = None
    event_kappa: float | None = None
    records: list[RecordComparison] = field(default_factory=list)

    def disagreements(self) -> list[RecordComparison]:
        """Return the records an adjudicator must look at (any difference at all)."""
        return [r for r in self.records if r.differences]

    def to_json(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready dict (``scripts/agreement.py --json``)."""
        return {
            "n_records": self.n_records,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "n_events_a": self.n_events_a,
            "n_events_b": self.n_events_b,
            "n_same_type": self.n_same_type,
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
            "actor_agreement": _round(self.actor_agreement),
            "actor_a_in_b": _round(self.actor_a_in_b),
            "actor_b_in_a": _round(self.actor_b_in_a),
            "mode_agreement": _round(self.mode_agreement),
            "negation_agreement": _round(self.negation_agreement),
            "hypothetical_agreement": _round(self.hypothetical_agreement),
            "quantity_agreement": _round(self.quantity_agreement),
            "event_kappa": _round(self.event_kappa),
            "n_disagreeing_records": len(self.disagreements()),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _side(side: object) -> str:
    if not isinstance(side, list) or not side:
        return "∅"
    out = []
    for actor in side:
        if isinstance(actor, dict):
            code = actor.get("code") or "?"
            sector = f"/{actor['sector']}" if actor.get("sector") else ""
            how = actor.get("how")
            out.append(f"{code}{sector}" + (f"({how})" if how and how != "stated" else ""))
    return "+".join(out) or "∅"


# ------------------------------------------------------------------ reading
def load_pass(path: str | Path) -> dict[str, tuple[int, dict[str, Any]]]:
    """Read one pass: ``id`` → (line number, record). Run the checker first; bad lines raise."""
    records: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{path}:{number}: not valid JSON ({exc.msg}); run scripts/check_annotations.py"
            ) from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise ValueError(f"{path}:{number}: a record needs a string id")
        records[raw["id"]] = (number, raw)
    return records


def _codes(side: object) -> frozenset[str]:
    if not isinstance(side, list):
        return frozenset()
    return frozenset(
        str(a["code"]) for a in side if isinstance(a, dict) and a.get("code") is not None
    )


def _place(record: Mapping[str, Any], sentence: object) -> Place | None:
    if record.get("kind") != "article" or not isinstance(sentence, str) or not sentence:
        return None
    for name in ("text", "title"):
        whole = record.get(name)
        if isinstance(whole, str):
            start = whole.find(sentence)
            if start >= 0:
                return (name, start, start + len(sentence))
    return None


def coded_events(record: Mapping[str, Any]) -> list[CodedEvent]:
    """Read the events of one record (malformed events are skipped: the checker reports them)."""
    out = []
    for number, raw in enumerate(record.get("events") or [], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("event_type"), str):
            continue
        out.append(
            CodedEvent(
                raw=raw,
                number=number,
                event_type=raw["event_type"],
                background=raw.get("background") is True,
                place=_place(record, raw.get("sentence")),
                source=_codes(raw.get("source")),
                target=_codes(raw.get("target")),
            )
        )
    return out


# ------------------------------------------------------------------ pairing
def _same_place(a: CodedEvent, b: CodedEvent) -> bool:
    """Events of a sentence record are always in the same place; in an article, overlap."""
    if a.place is None or b.place is None:
        return True
    return a.place[0] == b.place[0] and a.place[1] < b.place[2] and b.place[1] < a.place[2]


def pair_events(
    events_a: Sequence[CodedEvent], events_b: Sequence[CodedEvent]
) -> list[tuple[CodedEvent | None, CodedEvent | None]]:
    """Pair two passes' events of one record (steps in the module docstring).

    Dropped optional events appear in no pair.
    """
    pairs: list[tuple[CodedEvent | None, CodedEvent | None]] = []
    left_b = [b for b in events_b if not b.background]
    left_a: list[CodedEvent] = []
    for a in (e for e in events_a if not e.background):
        same = [b for b in left_b if b.event_type == a.event_type and _same_place(a, b)]
        if not same:
            left_a.append(a)
            continue
        wanted = a.source | a.target
        best = max(same, key=lambda b: len(wanted & (b.source | b.target)))
        pairs.append((a, best))
        left_b.remove(best)

    def optional(event: CodedEvent, other: Sequence[CodedEvent]) -> bool:
        return any(
            o.background and o.event_type == event.event_type and _same_place(event, o)
            for o in other
        )

    left_a = [a for a in left_a if not optional(a, events_b)]
    left_b = [b for b in left_b if not optional(b, events_a)]
    mistyped: list[tuple[CodedEvent | None, CodedEvent | None]] = []
    for a in list(left_a):
        near = [b for b in left_b if _same_place(a, b)]
        if near:
            mistyped.append((a, near[0]))
            left_a.remove(a)
            left_b.remove(near[0])
    return pairs + mistyped + [(a, None) for a in left_a] + [(None, b) for b in left_b]


def _labels(
    events_a: Sequence[CodedEvent], pairs: Sequence[tuple[CodedEvent | None, CodedEvent | None]]
) -> list[tuple[str, str]]:
    """Turn a record's pairs into (A label, B label) as the scorer does, A in the gold role."""
    if not any(not e.background for e in events_a):
        extras = [b.event_type for _, b in pairs if b is not None]
        if not extras:
            return [(NONE, NONE)]
        return [(NONE, extras[0])] + [(EXTRA, t) for t in extras[1:]]
    return [(a.event_type if a else EXTRA, b.event_type if b else NONE) for a, b in pairs]


# ------------------------------------------------------------------ comparing
@dataclass(slots=True)
class _Counts:
    actor_ab: list[bool] = field(default_factory=list)
    actor_ba: list[bool] = field(default_factory=list)
    mode: list[bool] = field(default_factory=list)
    negated: list[bool] = field(default_factory=list)
    hypothetical: list[bool] = field(default_factory=list)
    quantity: list[bool] = field(default_factory=list)


def _agree(code: str, others: Iterable[str], covers: Covers) -> bool:
    return any(code == o or covers(code, o) or covers(o, code) for o in others)


def _actors_found(x: CodedEvent, y: CodedEvent, covers: Covers) -> list[bool]:
    """For each actor code of ``x``, whether ``y`` has it on the same side.

    As in the scorer, an undirected event (no target) takes its actors on
    either side; here that holds when either pass left the target empty, so
    the measure is the same both ways.
    """
    undirected = not x.target or not y.target
    found = [
        _agree(code, y.source, covers) or (undirected and _agree(code, y.target, covers))
        for code in sorted(x.source)
    ]
    found += [
        _agree(code, y.target, covers) or (undirected and _agree(code, y.source, covers))
        for code in sorted(x.target)
    ]
    return found


def _quantity_value(event: CodedEvent) -> float | None:
    quantity = event.raw.get("quantity")
    if isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
        return float(quantity["value"])
    return None


def _compare_pair(
    a: CodedEvent, b: CodedEvent, covers: Covers, counts: _Counts, diffs: list[str]
) -> None:
    name = a.event_type
    if a.event_type != b.event_type:
        diffs.append(
            f"type: A {a.event_type} (event {a.number}) / B {b.event_type} (event {b.number})"
        )
        return
    found_ab = _actors_found(a, b, covers)
    found_ba = _actors_found(b, a, covers)
    counts.actor_ab += found_ab
    counts.actor_ba += found_ba
    if not all(found_ab) or not all(found_ba):
        diffs.append(
            f"{name}: actors A {_side(a.raw.get('source'))} → {_side(a.raw.get('target'))}"
            f" / B {_side(b.raw.get('source'))} → {_side(b.raw.get('target'))}"
        )
    checks: list[tuple[str, list[bool], object, object]] = [
        ("mode", counts.mode, a.raw.get("mode"), b.raw.get("mode")),
        ("negated", counts.negated, a.raw.get("negated") is True, b.raw.get("negated") is True),
        (
            "hypothetical",
            counts.hypothetical,
            a.raw.get("hypothetical") is True,
            b.raw.get("hypothetical") is True,
        ),
        ("quantity", counts.quantity, _quantity_value(a), _quantity_value(b)),
    ]
    for label, tally, value_a, value_b in checks:
        tally.append(value_a == value_b)
        if value_a != value_b:
            diffs.append(f"{name}: {label} A {value_a} / B {value_b}")


def _default_covers() -> Covers:
    from veille.actors.kb import KnowledgeBase  # noqa: PLC0415 - heavy, loaded on use

    return KnowledgeBase.load(historical=False).covers


def compare_passes(
    pass_a: Mapping[str, tuple[int, dict[str, Any]]],
    pass_b: Mapping[str, tuple[int, dict[str, Any]]],
    covers: Covers | None = None,
) -> AgreementReport:
    """Compare two passes read by :func:`load_pass` (records matched by id)."""
    covers = covers or _default_covers()
    report = AgreementReport()
    report.only_a = sorted(set(pass_a) - set(pass_b))
    report.only_b = sorted(set(pass_b) - set(pass_a))
    labels: list[tuple[str, str]] = []
    counts = _Counts()
    has_event: list[tuple[bool, bool]] = []
    for record_id in (i for i in pass_a if i in pass_b):
        line_a, record_a = pass_a[record_id]
        line_b, record_b = pass_b[record_id]
        comparison = RecordComparison(
            record_id=record_id,
            text=_record_text(record_a),
            line_a=line_a,
            line_b=line_b,
            events_a=coded_events(record_a),
            events_b=coded_events(record_b),
        )
        comparison.pairs = pair_events(comparison.events_a, comparison.events_b)
        labels += _labels(comparison.events_a, comparison.pairs)
        for a, b in comparison.pairs:
            if a is not None and b is not None:
                _compare_pair(a, b, covers, counts, comparison.differences)
            elif a is not None:
                comparison.differences.append(f"{a.event_type}: only in A (event {a.number})")
            elif b is not None:
                comparison.differences.append(f"{b.event_type}: only in B (event {b.number})")
        has_event.append(
            (
                any(not e.background for e in comparison.events_a),
                any(not e.background for e in comparison.events_b),
            )
        )
        report.n_events_a += sum(not e.background for e in comparison.events_a)
        report.n_events_b += sum(not e.background for e in comparison.events_b)
        report.n_same_type += sum(
            1 for a, b in comparison.pairs if a and b and a.event_type == b.event_type
        )
        report.records.append(comparison)
    report.n_records = len(report.records)
    report.per_type, report.macro_f1, report.micro_f1 = label_scores(labels)
    report.actor_a_in_b = _mean(counts.actor_ab)
    report.actor_b_in_a = _mean(counts.actor_ba)
    report.actor_agreement = _mean(counts.actor_ab + counts.actor_ba)
    report.mode_agreement = _mean(counts.mode)
    report.negation_agreement = _mean(counts.negated)
    report.hypothetical_agreement = _mean(counts.hypothetical)
    report.quantity_agreement = _mean(counts.quantity)
    report.event_kappa = cohen_kappa(has_event)
    return report


def _record_text(record: Mapping[str, Any]) -> str:
    if record.get("kind") == "article":
        return f"{record.get('title') or ''}\n{record.get('text') or ''}".strip()
    return str(record.get("text") or "")


def _mean(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def cohen_kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two yes/no codings; None when chance agreement is total (no variation)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    yes_a = sum(a for a, _ in pairs) / n
    yes_b = sum(b for _, b in pairs) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


# ------------------------------------------------------------------ output
def format_report(report: AgreementReport) -> str:
    """Render the agreement figures as a plain-text table."""
    lines = type_table(report.per_type, ("P(B|A)", "R", "F1", "A n"))
    lines += [
        "",
        f"records compared        {report.n_records:>6}",
        f"only in A / only in B   {len(report.only_a):>6} / {len(report.only_b)}",
        f"events A / B            {report.n_events_a:>6} / {report.n_events_b}"
        f"   same-type pairs {report.n_same_type}",
        f"records to adjudicate   {len(report.disagreements()):>6}",
    ]
    for name, value in (
        ("event-type macro F1", report.macro_f1),
        ("event-type micro F1", report.micro_f1),
        ("event/no-event kappa", report.event_kappa),
        ("actor agreement", report.actor_agreement),
        ("  A's actors in B", report.actor_a_in_b),
        ("  B's actors in A", report.actor_b_in_a),
        ("mode agreement", report.mode_agreement),
        ("negated agreement", report.negation_agreement),
        ("hypothetical agr.", report.hypothetical_agreement),
        ("quantity agreement", report.quantity_agreement),
    ):
        lines.append(f"{name:<22} {percent(value)}")
    return "\n".join(lines)


def format_diff(report: AgreementReport) -> str:
    """List every disagreeing record with both passes' events, for adjudication."""
    blocks = []
    for record_id in report.only_a:
        blocks.append(f"=== {record_id}: only in pass A")
    for record_id in report.only_b:
        blocks.append(f"=== {record_id}: only in pass B")
    for r in report.disagreements():
        lines = [f"=== {r.record_id}  (A line {r.line_a}, B line {r.line_b})", r.text]
        lines += ["A: " + e.describe() for e in r.events_a] or ["A: (no event)"]
        lines += ["B: " + e.describe() for e in r.events_b] or ["B: (no event)"]
        lines += ["  - " + d for d in r.differences]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
