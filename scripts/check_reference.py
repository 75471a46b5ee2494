"""Check the reference article end to end through the CLI (eval/reference/seed_expected.json).

Runs ``veille ingest`` then ``veille articles --json``, ``veille events --json``
and ``veille show ID --json`` on a temporary store, and fails (exit 1) on any
missing metadata or event, on any event coded from the commentary section as
a reported event, and on the place rules of issue #10 (``places`` in the
expected file): no event located outside the countries and regions the
article is about, the place mentions that must resolve at a given precision
with no coordinates, and the background phrase ("guerre en Ukraine").
Exits 0 with a note when ``../shared`` is absent (a user's checkout has none).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXPECTED = ROOT / "eval" / "reference" / "seed_expected.json"


def veille(db: Path, *args: str) -> str:
    exe = Path(sys.executable).with_name("veille")
    run = subprocess.run(
        [str(exe), "--db", str(db), *args], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise SystemExit(f"reference check: `veille {' '.join(args)}` failed:\n{run.stderr}")
    return run.stdout


def codes(side: list[dict[str, Any]]) -> set[str]:
    return {str(ref.get("code")) for ref in side}


def event_matches(event: dict[str, Any], rule: dict[str, Any]) -> bool:
    if event["event_type"] not in rule["types"] or event["section_kind"] == "commentary":
        return False
    sources, targets = codes(event["source"]), codes(event["target"])
    checks = [
        set(rule.get("source", [])) <= sources,
        set(rule.get("target", [])) <= targets,
        set(rule.get("parties", [])) <= sources | targets,
    ]
    if "quantity" in rule:
        checks.append(
            any(
                q["value"] == rule["quantity"]
                and q["approximate"] == rule.get("approximate", q["approximate"])
                for q in event["quantities"]
            )
        )
    if rule.get("condition"):
        checks.append(event["condition"] is not None)
    if "duration_days" in rule:
        checks.append((event["duration"] or {}).get("days") == rule["duration_days"])
    if "duration_days_min" in rule:
        checks.append((event["duration"] or {}).get("days", 0) >= rule["duration_days_min"])
    if rule.get("attributed"):
        checks.append(event["attributed_to"] is not None)
    if rule.get("not_done"):
        checks.append(event["modality"] != "done" or event["hypothetical"])
    return all(checks)


def check_places(
    want: dict[str, Any], text: str, events: list[dict[str, Any]], shown: dict[str, Any]
) -> list[str]:
    """Check event locations, place precision and the background phrase (issue #10)."""
    problems: list[str] = []
    places = shown.get("places") or []
    for event in events:
        loc = event.get("location")
        if not loc:
            continue
        where = f"{event['event_type']} {event['trigger']['text']!r} located at {loc['name']!r}"
        if loc["precision"] == "region":
            if loc["place_id"] not in want["event_regions"]:
                problems.append(f"{where}: a region the article does not place events in")
        elif loc.get("country") not in want["event_countries"]:
            problems.append(f"{where} ({loc.get('country')}): a wrong place")
        if loc["precision"] in ("country", "region") and (loc["lat"] or loc["lon"]):
            problems.append(f"{where}: coordinates at {loc['precision']} precision")
    for rule in want["mentions"]:
        hits = [p for p in places if p["text"].replace("’", "'") == rule["text"]]
        ok = any(
            p["place_id"] == rule["place_id"]
            and p["precision"] == rule["precision"]
            and p["lat"] is None
            and p["lon"] is None
            for p in hits
        )
        print(f"  {'ok  ' if ok else 'MISS'} place {rule['text']!r} → {rule['place_id']}")
        if not ok:
            found = [(p["place_id"], p["precision"]) for p in hits]
            problems.append(f"place {rule['text']!r}: {found or 'not found'}")
    phrase = want["background_phrase"]
    start = text.replace("’", "'").find(phrase)
    if start < 0:
        problems.append(f"background phrase {phrase!r} not in the article")
        return problems
    end = start + len(phrase)
    inside = [e for e in events if start <= e["trigger"]["start"] < end]
    wrong = [
        f"{e['event_type']} {e['trigger']['text']!r} in {phrase!r} is not background"
        for e in inside
        if e["salience"] != "background"
    ]
    wrong += [
        f"{e['event_type']} {e['trigger']['text']!r} located in {phrase!r}"
        for e in events
        if e.get("location")
        and e["location"].get("start") is not None
        and start <= e["location"]["start"] < end
    ]
    mark = "MISS" if wrong else "ok  "
    print(f"  {mark} {phrase!r}: {len(inside)} event(s) coded there, none lead, none located there")
    problems.extend(wrong)
    return problems


def check_actors(want: dict[str, Any], shown: dict[str, Any]) -> list[str]:
    """Check that the listed mentions resolve to their actors (issue 18)."""
    problems: list[str] = []
    mentions = shown.get("mentions") or []
    for rule in want["mentions"]:
        found = [m["actor_id"] for m in mentions if m["text"] == rule["text"]]
        ok = rule["actor_id"] in found
        print(f"  {'ok  ' if ok else 'MISS'} actor {rule['text']!r} → {rule['actor_id']}")
        if not ok:
            problems.append(f"mention {rule['text']!r}: {found or 'not found'}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=SHARED,
        help="the shared data folder holding seed/ (default: ../shared next to the checkout)",
    )
    shared = parser.parse_args().shared
    if not shared.is_dir():
        print("reference check: ../shared is absent; nothing to check.")
        return 0
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "reference.db"
        veille(db, "ingest", str(shared / expected["file"]), "--as-of", expected["as_of"])
        (article,) = json.loads(veille(db, "articles", "--json"))
        events = json.loads(veille(db, "events", "--json"))
        shown = json.loads(veille(db, "show", article["id"], "--json"))
    want = expected["article"]
    for key in ("title", "author", "author_role", "published_text", "reading_time_minutes"):
        if article[key] != want[key]:
            problems.append(f"article {key}: {article[key]!r} != {want[key]!r}")
    if article["language"] != want["language"]:
        problems.append(f"language: {article['language']!r}")
    if not (article["published_at"] or "").startswith(want["published_date"]):
        problems.append(f"published_at: {article['published_at']!r}")
    kinds = [s["kind"] for s in article["sections"]]
    missing_kinds = set(want["section_kinds"]) - set(kinds)
    if missing_kinds:
        problems.append(f"section kinds missing: {sorted(missing_kinds)}")
    commentary = [s for s in article["sections"] if s["kind"] == "commentary"]
    text = article["text"]
    if not any(
        text[s["start"] : s["end"]].startswith(want["commentary_starts"]) for s in commentary
    ):
        problems.append("the 'Analyse :' paragraph is not a commentary section")
    for start, end in ((s["start"], s["end"]) for s in commentary):
        inside = [e for e in events if start <= e["trigger"]["start"] < end]
        problems.extend(
            f"event coded from commentary as reported: {e['event_type']} {e['trigger']['text']!r}"
            for e in inside
            if e["section_kind"] != "commentary"
        )
    for rule in expected["events"]:
        found = any(event_matches(e, rule) for e in events)
        print(f"  {'ok  ' if found else 'MISS'} {rule['name']}")
        if not found:
            problems.append(f"missing event: {rule['name']}")
    if "places" in expected:
        problems.extend(check_places(expected["places"], article["text"], events, shown))
    if "actors" in expected:
        problems.extend(check_actors(expected["actors"], shown))
    print(f"reference article: {len(events)} events coded")
    if problems:
        print("reference check FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("reference check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
