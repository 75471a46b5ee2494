"""`veille places`: the places named in the store, as a table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from test_store_places import KYIV, MINSK, located
from veille.cli import app
from veille.store import open_store

runner = CliRunner()


def places(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), "places", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_places_lists_resolved_places_with_counts(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    with open_store(db) as store:
        store.save(located("a1", MINSK), "s1")
        store.save(located("a2", MINSK), "s2")
        store.save(located("a3", KYIV, salience="background"), "s3")
    listed = json.loads(places(db, "--json"))
    assert [(p["place_id"], p["mentions"], p["events"]) for p in listed] == [
        ("C:BLR", 3, 0),
        ("G:625144", 2, 2),
        ("G:703448", 1, 1),
    ]
    assert listed[1]["lat"] == MINSK.lat
    assert [p["name"] for p in json.loads(places(db, "--country", "UKR", "--json"))] == ["Kyiv"]
    table = places(db)
    assert "Minsk" in table
    assert "G:625144" in table
    assert "53.90, 27.57" in table


def test_places_unresolved_lists_unknown_names(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    with open_store(db) as store:
        store.save(located("a1", MINSK), "s1")
    listed = json.loads(places(db, "--unresolved", "--json"))
    assert [(p["name"], p["place_id"]) for p in listed] == [("Zorgovilla", None)]
    assert "unresolved place names" in places(db, "--unresolved")
