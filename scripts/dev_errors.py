"""Print the coder's errors on a DEV gold file, record by record: gold events against predicted.

For working on the rules from the real-news dev split (``eval/real/gold/dev/``)
or our invented gold (``eval/gold/``). It refuses any frozen test split and the
held-out folder: their records and errors are never to be read.

    python scripts/dev_errors.py run eval/real/gold/dev/fr_sentences.jsonl --save /tmp/fr.json
    python scripts/dev_errors.py run FILE --errors            # only records with an error
    python scripts/dev_errors.py run FILE --type SANCTION     # records where that type is wrong
    python scripts/dev_errors.py run FILE --actors            # paired events with a wrong actor
    python scripts/dev_errors.py diff /tmp/before.json /tmp/after.json   # what a change changed

Each record prints its id, text (articles: the sentences with events), then
``G`` lines (gold events: type, trigger, source → target codes; ``bg`` for
background) and ``P`` lines (predicted: type, trigger, sides, confidence),
with ``ok``, ``miss``, ``fp`` or ``TYPE?`` (mistyped) from the scorer's pairing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from veille.engine import process_text
from veille.evaluation.events import (
    EXTRA,
    NONE,
    _names,  # the scorer's own test of a side naming a gold actor
    _pair_events,  # the scorer's own pairing, so the marks agree with it
    load_gold,
    score,
)
from veille.evaluation.events import (
    _codes as _code_set,  # the scorer's own reading of a side
)
from veille.records import Event

FORBIDDEN = ("test", "heldout")


def _check_path(path: Path) -> None:
    """Refuse frozen test splits and the held-out folder (evaluation hygiene)."""
    parts = [p.lower() for p in path.resolve().parts]
    if any(word in part for part in parts for word in FORBIDDEN):
        raise SystemExit(f"dev_errors: refusing {path}: test and held-out records are never read")


def _codes(side: object) -> str:
    items = side if isinstance(side, list) else []
    codes = [str(a.get("code")) for a in items if isinstance(a, dict)]
    return "+".join(codes) or "-"


def _pred_row(e: Event) -> dict[str, Any]:
    return {
        "type": e.event_type,
        "trigger": e.trigger.text,
        "source": "+".join(str(a.code) for a in e.source) or "-",
        "target": "+".join(str(a.code) for a in e.target) or "-",
        "confidence": e.confidence,
        "sentence": e.sentence.text,
        "commentary": e.section_kind == "commentary",
        "negated": e.negated,
        "hypothetical": e.hypothetical,
    }


def _run(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    records = load_gold(path)
    predictions = []
    out: dict[str, Any] = {}
    for record in records:
        events = list(
            process_text(
                record["text"], language=record.get("language"), as_of=record.get("date")
            ).events
        )
        predictions.append(events)
        out[str(record.get("id"))] = [_pred_row(e) for e in events]
    report = score(records, predictions)
    for record, events in zip(records, predictions, strict=True):
        _show(record, events, args)
    print(f"== {path}: macro {report.macro_f1:.3f} micro {report.micro_f1:.3f}", end="")
    if report.doc_macro_f1 is not None:
        print(f" doc-macro {report.doc_macro_f1:.3f} doc-micro {report.doc_micro_f1:.3f}", end="")
    print(f" actors {report.actor_accuracy or 0:.3f}")
    for label, s in report.per_type.items():
        print(f"   {label:<10} P {s.precision:.2f} R {s.recall:.2f} F {s.f1:.2f} n {s.support}")
    return out


def _show(record: dict[str, Any], events: list[Event], args: argparse.Namespace) -> None:
    gold = [g for g in record["events"] if not g.get("background")]
    optional = [g for g in record["events"] if g.get("background")]
    reported = [e for e in events if e.section_kind != "commentary"]
    marks: list[tuple[str, str, Event | None, dict[str, Any] | None]] = []
    if not gold:
        for e in reported:
            bg = any(g["event_type"] == e.event_type for g in optional)
            marks.append(("bg" if bg else "fp", e.event_type, e, None))
    else:
        for g, p in _pair_events(gold, reported, optional):
            wanted = g["event_type"] if g else EXTRA
            got = p.event_type if p else NONE
            if wanted == got:
                mark = "ok"
            else:
                mark = "miss" if got == NONE else "fp" if g is None else "TYPE?"
            marks.append((mark, wanted, p, g))
    if args.actors:
        _show_actor_errors(record, marks)
        return
    wrong = {m[1] for m in marks if m[0] != "ok" and m[0] != "bg"}
    wrong |= {m[2].event_type for m in marks if m[0] in ("fp", "TYPE?") and m[2] is not None}
    if args.errors and not wrong:
        return
    if args.type and args.type not in wrong:
        return
    print(f"--- {record.get('id')}")
    if record.get("kind") == "article":
        print(f"   [article, {len(record['text'])} chars]")
    else:
        print(f"   {record['text']}")
    for g in record["events"]:
        background = " bg" if g.get("background") else ""
        sent = f"   «{g['sentence'][:90]}»" if g.get("sentence") else ""
        print(
            f"   G {g['event_type']:<9} {g.get('trigger')!s:<22} "
            f"{_codes(g.get('source'))} → {_codes(g.get('target'))}{background}{sent}"
        )
    for mark, _, p, _g in marks:
        if p is None:
            continue
        sent = f"   «{p.sentence.text[:90]}»" if record.get("kind") == "article" else ""
        print(
            f"   P {p.event_type:<9} {p.trigger.text:<22} "
            f"{'+'.join(str(a.code) for a in p.source) or '-'} → "
            f"{'+'.join(str(a.code) for a in p.target) or '-'} {p.confidence:.2f} {mark}{sent}"
        )
    for mark, wanted, p, _ in marks:
        if p is None and mark == "miss":
            print(f"   P -- missed {wanted}")


def _show_actor_errors(
    record: dict[str, Any], marks: list[tuple[str, str, Event | None, dict[str, Any] | None]]
) -> None:
    """Print the paired events whose gold actors the prediction does not name, as the scorer counts.

    One line per wrong gold code: ``src`` or ``tgt``, the gold code, the predicted side,
    then the sentence, so errors can be grouped by kind (name unknown, group noun ...).
    """
    for mark, _, p, g in marks:
        if p is None or g is None or mark != "ok":
            continue
        src, tgt = _code_set(p.source), _code_set(p.target)
        gold_tgt = _code_set(g.get("target"))
        checks = [("src", c, src, not gold_tgt) for c in sorted(_code_set(g.get("source")))]
        checks += [("tgt", c, tgt, False) for c in sorted(gold_tgt)]
        for role, code, side, either in checks:
            if _names(code, side) or (either and _names(code, tgt)):
                continue
            print(
                f"ACTOR {record.get('id')} {p.event_type:<9} {role} gold {code:<8} "
                f"pred {'+'.join(sorted(side)) or '-':<12} | {p.sentence.text[:160]!r}"
            )


def _diff(old_path: Path, new_path: Path) -> None:
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    for key in new:
        if key not in old:
            continue

        def brief(rows: list[dict[str, Any]]) -> list[str]:
            return [f"{r['type']}:{r['trigger']}:{r['source']}>{r['target']}" for r in rows]

        if brief(old[key]) != brief(new[key]):
            print(f"{key}\n   - {brief(old[key])}\n   + {brief(new[key])}")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run ``run`` or ``diff``."""
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="code dev gold files and print gold against predicted")
    run.add_argument("files", nargs="+", type=Path)
    run.add_argument("--errors", action="store_true", help="only records with an error")
    run.add_argument("--type", help="only records where this type is missed or wrong")
    run.add_argument(
        "--actors", action="store_true", help="only paired events with a wrong actor, one a line"
    )
    run.add_argument("--save", type=Path, help="write the predictions here (JSON) for diff")
    run.add_argument("--quiet", action="store_true", help="scores only")
    diff = sub.add_parser("diff", help="records whose predictions changed between two saves")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "diff":
        _diff(args.old, args.new)
        return 0
    saved: dict[str, Any] = {}
    for path in args.files:
        _check_path(path)
        if args.quiet:
            args.errors, args.type = True, "\0"
        saved |= _run(path, args)
    if args.save:
        args.save.write_text(json.dumps(saved, ensure_ascii=False, indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
