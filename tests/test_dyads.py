"""One reading of a dyad for the CLI and the API (veille.filters.dyad_actors, issue 23)."""

from __future__ import annotations

import json

import httpx
import pytest
from typer.testing import CliRunner

from api_helpers import Server, running_server
from veille.cli import app
from veille.filters import dyad_actors

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("typed", "actors"),
    [
        ("RUS,BLR", ("RUS", "BLR")),
        (" Russie , Biélorussie ", ("Russie", "Biélorussie")),
        ("RUS-BLR", ("RUS", "BLR")),  # the API's older form
        ("RUS-BLR,", ("RUS", "BLR")),
        ("PER:vladimir-putin,RUS", ("PER:vladimir-putin", "RUS")),  # a hyphen in a name stays
        ("États-Unis, Russie", ("États-Unis", "Russie")),
        ("RUS", None),
        ("RUS,BLR,UKR", None),
        ("", None),
    ],
)
def test_a_dyad_is_read_as_two_actors(typed: str, actors: tuple[str, str] | None) -> None:
    assert dyad_actors(typed) == actors


@pytest.fixture(scope="module")
def server() -> Server:
    return running_server()


def _api_events(server: Server, dyad: str) -> list[dict]:
    params = {"dyad": dyad, "merged": "false", "limit": 1000}
    response = httpx.get(f"{server.url}/api/events", params=params, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def _cli_events(server: Server, dyad: str) -> list[dict]:
    args = ["--db", server.settings.db, "events", "--dyad", dyad, "--limit", "1000", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return json.loads(result.stdout)


def test_the_cli_and_the_api_read_the_same_dyads_alike(server: Server) -> None:
    everything = httpx.get(
        f"{server.url}/api/events", params={"merged": "false", "limit": 1000}, timeout=60
    ).json()
    # The United States with an actor of one of their events: "États-Unis" holds a hyphen.
    other = next(
        side["code"]
        for e in everything
        if "USA" in {ref["code"] for ref in e["source"] + e["target"]}
        for side in e["source"] + e["target"]
        if side["code"] not in {None, "USA"}
    )
    for typed in ("RUS,BLR", "RUS-BLR", "Russie, Biélorussie", f"États-Unis,{other}"):
        found = _api_events(server, typed)
        assert found, typed
        assert found == _cli_events(server, typed), typed
