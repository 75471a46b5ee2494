"""`veille demo` on the bundled corpus: no El Salvador, no site chrome coded (issue 18).

"l'Union" (the EU) and "State of the Union" used to become SLV through the town
of La Unión, and two lines of site chrome ("Téléchargez notre application…",
"Cet article vous a été proposé par notre partenaire") were the first two
events of the dashboard.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.extract.layout import _is_boilerplate

runner = CliRunner()


def veille(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    printed = veille(db, "demo", "--as-of", "2026-12-06")
    return db, printed


def test_the_demo_prints_no_el_salvador(demo):
    _, printed = demo
    assert "SLV" not in printed
    assert "La Unión" not in printed


def test_no_stored_event_names_or_happens_in_el_salvador(demo):
    db, _ = demo
    events = json.loads(veille(db, "events", "--limit", "1000", "--json"))
    assert events
    codes = {ref["code"] for e in events for ref in e["source"] + e["target"]}
    assert "SLV" not in codes
    assert all((e.get("location") or {}).get("country") != "SLV" for e in events)


def test_no_event_comes_from_site_chrome(demo):
    db, _ = demo
    articles = json.loads(veille(db, "articles", "--limit", "100", "--json"))
    checked = 0
    for article in articles:
        shown = json.loads(veille(db, "show", article["id"], "--json"))
        text = shown["article"]["text"]
        chrome = [s for s in shown["article"]["sections"] if s["kind"] == "boilerplate"]
        for event in shown["events"]:
            start = event["trigger"]["start"]
            assert all(not s["start"] <= start < s["end"] for s in chrome), event
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
            assert not (len(line) <= 200 and _is_boilerplate(line)), (event["trigger"], line)
            checked += 1
    assert checked > 50


def test_the_partner_and_app_lines_are_boilerplate_sections(demo):
    db, _ = demo
    articles = json.loads(veille(db, "articles", "--limit", "100", "--json"))
    found = 0
    for article in articles:
        shown = json.loads(veille(db, "show", article["id"], "--json"))
        text = shown["article"]["text"]
        at = text.find("Téléchargez notre application")
        if at < 0:
            continue
        found += 1
        kinds = [s["kind"] for s in shown["article"]["sections"] if s["start"] <= at < s["end"]]
        assert kinds == ["boilerplate"]
        assert all(not (at - 60 <= e["trigger"]["start"] <= at + 60) for e in shown["events"]), (
            "an event was coded from the chrome line"
        )
    assert found
