"""Actor ids are shown as names where people read them, kept as ids in JSON (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api_helpers import Server, running_server
from veille.actors.labels import actor_label, actor_labels
from veille.cli import app

runner = CliRunner()

ARTICLE = """Moscou accuse l'OTAN

Le ministre russe de la Défense, Andreï Belousov, a dénoncé mardi les manœuvres de l'OTAN.
Selon le ministre, l'OTAN a mobilisé près de 40 000 soldats près de la frontière biélorusse.
"""


def test_people_are_named_with_whom_they_act_for():
    assert actor_label("PER:vladimir-putin") == "Vladimir Putin (RUS)"
    assert actor_label("PER:andrei-belousov") == "Andrei Belousov (RUS)"  # not "Andreï"
    assert actor_label("PER:mark-rutte") == "Mark Rutte (NATO)"  # the office he holds now


def test_groups_are_named_codes_stay_codes():
    assert actor_label("RSF-SDN") == "Rapid Support Forces (SDN)"
    assert actor_label("ISIS") == "Islamic State"
    assert actor_labels(["RUS", "NATO", "EU", "WEST"]) == {
        "RUS": "RUS",
        "NATO": "NATO",
        "EU": "EU",
        "WEST": "WEST",
    }
    assert actor_label("PER:nobody-we-know") == "PER:nobody-we-know"
    generated = actor_label("ORG:aden-abyan-islamic-army")
    assert generated == "Aden Abyan Islamic Army (YEM)"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "veille.db"
    result = runner.invoke(
        app, ["--db", str(store), "ingest", str(source), "--as-of", "2026-11-24"]
    )
    assert result.exit_code == 0, result.output
    return store


def cli(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_tables_say_who_said_it_by_name(db: Path):
    events = json.loads(cli(db, "events", "--json"))
    said = [e for e in events if e["attributed_to"] and e["attributed_to"]["code"]]
    assert any(e["attributed_to"]["code"] == "PER:andrei-belousov" for e in said)  # ids in JSON
    table = cli(db, "events")
    assert "said by Andrei Belousov (RUS)" in table
    assert "PER:" not in table


def test_cli_show_names_the_mentioned_people(db: Path):
    (article,) = json.loads(cli(db, "articles", "--json"))
    shown = cli(db, "show", article["id"])
    assert "Andreï Belousov → Andrei Belousov (RUS)" in shown
    assert "PER:" not in shown
    assert '"actor_id": "PER:andrei-belousov"' in cli(db, "show", article["id"], "--json")


@pytest.fixture(scope="module")
def server() -> Server:
    return running_server()


def test_api_labels_maps_codes_to_names(server: Server):
    response = httpx.get(
        f"{server.url}/api/labels",
        params=[("code", "PER:dmitry-peskov"), ("code", "RUS"), ("code", "PER:nobody")],
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json() == {
        "PER:dmitry-peskov": "Dmitry Peskov (RUS)",
        "RUS": "RUS",
        "PER:nobody": "PER:nobody",
    }
    assert httpx.get(f"{server.url}/api/labels", timeout=10).json() == {}
