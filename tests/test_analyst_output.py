"""What an analyst reads out of veille (issue 21, "Output"): listings, filters, search, exports.

The store is synthetic (:mod:`analyst_corpus`): coded articles written
straight into SQLite, so these tests need no NLP and run in seconds.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from analyst_corpus import Corpus, build_store
from veille.cli import app
from veille.errors import VeilleError
from veille.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_store(tmp_path_factory.mktemp("analyst") / "veille.db", 150)


def veille(corpus: Corpus, *args: str) -> tuple[int, str, str]:
    """Run ``veille --db CORPUS ARGS``; a refused command gives exit 2 and ``E-CODE: message``.

    The console script turns a :class:`VeilleError` into exit code 2 and its
    message on stderr (``veille.cli.main``); the runner calls the app under
    it, so the same translation is made here.
    """
    result = runner.invoke(app, ["--db", str(corpus.db), *args])
    if isinstance(result.exception, VeilleError):
        return 2, result.stdout, result.stderr + str(result.exception)
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------- veille events


def test_the_events_table_shows_date_codes_scores_and_article(corpus: Corpus) -> None:
    code, out, _ = veille(corpus, "events", "--limit", "5")
    assert code == 0
    header = next(line for line in out.splitlines() if "type" in line and "source" in line)
    for column in ("date", "cameo goldstein quad", "article"):
        assert column in header
    with open_store(str(corpus.db)) as store:
        newest = store.events(limit=1)[0]
    first_row = next(line for line in out.splitlines() if newest.article_id in line)
    assert newest.event_date
    assert newest.event_date in first_row
    assert f"{newest.cameo} {newest.goldstein:+g} q{newest.quad_class}" in first_row


def test_type_takes_a_plover_type_or_a_cameo_code_and_refuses_what_is_neither(
    corpus: Corpus,
) -> None:
    code, out, _ = veille(corpus, "events", "--type", "190", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert {r["cameo"] for r in rows} == {"190"}
    code, out, _ = veille(corpus, "events", "--type", "assault", "--json")
    assert {r["event_type"] for r in json.loads(out)} == {"ASSAULT"}
    code, _, err = veille(corpus, "events", "--type", "ATTACK")
    assert code == 2
    assert "E-FILTER" in err
    assert "ASSAULT" in err  # the accepted types are listed


def test_place_takes_a_name_and_an_unknown_place_says_how_to_find_one(corpus: Corpus) -> None:
    code, out, _ = veille(corpus, "events", "--place", "Ukraine", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert {r["location"]["country"] for r in rows} == {"UKR"}
    code, _, err = veille(corpus, "events", "--place", "Atlantide")
    assert code == 2
    assert "veille places" in err


def test_actor_takes_a_name_in_any_language(corpus: Corpus) -> None:
    by_code = json.loads(veille(corpus, "events", "--actor", "RUS", "--json")[1])
    by_name = json.loads(veille(corpus, "events", "--actor", "Russie", "--json")[1])
    assert by_code
    assert by_code == by_name
    putin = json.loads(veille(corpus, "events", "--actor", "Poutine", "--json")[1])
    assert putin
    assert all(
        "PER:vladimir-putin" in [a["code"] for a in r["source"] + r["target"]] for r in putin
    )


def test_an_empty_listing_says_what_the_store_holds(corpus: Corpus) -> None:
    code, out, err = veille(corpus, "events", "--actor", "RUS", "--since", "2031-01-01")
    assert code == 0
    assert "0 events" in out
    assert "No event matches" in err
    assert f"from {corpus.first_day.isoformat()} to {corpus.last_day.isoformat()}" in err
    assert "RUS (" in err


def test_merged_events_carry_their_location(corpus: Corpus) -> None:
    code, out, _ = veille(corpus, "events", "--merged", "--place", "UKR", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert all(r["location"]["country"] == "UKR" for r in rows)
    code, out, _ = veille(corpus, "events", "--merged", "--limit", "3")
    assert "where" in out


# --------------------------------------------------------------------- negated events


def test_negated_events_are_left_out_of_the_timeline_network_and_tension(corpus: Corpus) -> None:
    from veille.web.queries import actor_network, dyad_timeline, event_timeline  # noqa: PLC0415

    with open_store(str(corpus.db)) as store:
        every = store.events()
    denied = [e for e in every if e.negated]
    assert denied  # the corpus has some, scored as the old coder scored them
    done = [e for e in every if not e.negated]
    timeline = event_timeline(every, "type")
    counted = sum(sum(day["counts"].values()) for day in timeline["days"])  # type: ignore[union-attr]
    assert counted == sum(1 for e in done if e.event_date)
    network = actor_network(every)
    assert network == actor_network(done)
    pair = ("RUS", "UKR")
    both = [e for e in every if set(pair) <= {a.code for a in e.source + e.target}]
    assert any(e.negated for e in both)
    tension = dyad_timeline(both, *pair)
    assert tension["negated_events"] == sum(e.negated for e in both)
    assert tension["points"] == dyad_timeline([e for e in both if not e.negated], *pair)["points"]


def test_a_merged_negated_event_has_no_goldstein_score(corpus: Corpus) -> None:
    code, out, _ = veille(corpus, "events", "--merged", "--limit", "500", "--json")
    assert code == 0
    rows = json.loads(out)
    assert any(r["negated"] for r in rows)
    assert all(r["goldstein"] is None for r in rows if r["negated"])
    assert any(r["goldstein"] is not None for r in rows if not r["negated"])
