"""What an analyst reads out of veille (issue 21, "Output"): listings, filters, search, exports.

The store is synthetic (:mod:`analyst_corpus`): coded articles written
straight into SQLite, so these tests need no NLP and run in seconds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from _records_factory import long_text, make_article, make_event
from analyst_corpus import Corpus, build_store
from veille.cli import app
from veille.errors import VeilleError
from veille.export import CSV_DTYPES, GDELT_COLUMNS
from veille.flat import EVENT_COLUMNS
from veille.records import ArticleResult
from veille.store import open_store
from veille.store.base import StoryMember

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
    from veille.queries.charts import actor_network, dyad_timeline, event_timeline  # noqa: PLC0415

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


# --------------------------------------------------------------------- exports


def export_to(corpus: Corpus, out: Path, *args: str) -> None:
    code, _, err = veille(corpus, "export", str(out), *args)
    assert code == 0, err


def test_csv_export_loads_in_pandas_with_flat_gdelt_columns(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export_to(corpus, out, "--format", "csv")
    frame = pd.read_csv(out, dtype=CSV_DTYPES)
    with open_store(str(corpus.db)) as store:
        stored = list(store.iter_events())
    assert len(frame) == corpus.events == len(stored)
    for column in (
        "event_id", "SOURCEURL", "title", "Actor1Code", "Actor1CountryCode", "Actor2Code",
        "EventCode", "EventRootCode", "QuadClass", "GoldsteinScale", "ActionGeo_CountryCode",
        "ActionGeo_Lat", "NumArticles",
    ):  # fmt: skip
        assert column in frame.columns
    # No JSON in a cell: every text column holds plain values.
    for column in frame.select_dtypes(exclude="number").columns:
        cells = frame[column].dropna().astype(str)
        assert not cells.str.startswith(("{", "[")).any(), column
    # Codes as written: "057" stays "057", not 57.
    assert list(frame["EventCode"]) == [e.cameo for e in stored]
    assert (frame["EventCode"] == "057").any()
    assert (frame["EventRootCode"] == "05").any()
    assert frame["event_id"].is_unique
    assert frame["SOURCEURL"].str.startswith("https://news.example.org/").all()
    assert frame["title"].notna().all()
    assert set(frame["NumArticles"]) == {1}
    assert frame["GoldsteinScale"].dtype == "float64"
    assert frame["negated"].dtype == bool
    putin = frame[frame["Actor1Code"] == "PER:vladimir-putin"]
    assert not putin.empty
    assert set(putin["Actor1CountryCode"]) == {"RUS"}
    city = frame[frame["location_precision"] == "city"]
    assert city["ActionGeo_Lat"].notna().all()
    in_usa = city["ActionGeo_CountryCode"] == "USA"
    assert set(city[~in_usa]["ActionGeo_Type"]) == {4}  # GDELT's world city
    assert set(city[in_usa]["ActionGeo_Type"]) <= {3}  # GDELT's US city


def test_export_filters_match_the_events_listing(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "russia.csv"
    export_to(corpus, out, "--format", "csv", "--actor", "Russie", "--since", "2020-01-01",
              "--type", "19")  # fmt: skip
    frame = pd.read_csv(out, dtype=CSV_DTYPES)
    listed = json.loads(
        veille(
            corpus,
            "events",
            "--actor",
            "RUS",
            "--since",
            "2020-01-01",
            "--type",
            "19",
            "--limit",
            "100000",
            "--json",
        )[1]
    )
    assert listed
    assert sorted(frame["event_id"]) == sorted(
        f"{e['article_id']}#{e['trigger']['start']}-{e['trigger']['end']}" for e in listed
    )
    assert set(frame["EventRootCode"]) == {"19"}
    assert (pd.to_datetime(frame["event_date"]) >= "2020-01-01").all()
    code, _, err = veille(corpus, "export", str(tmp_path / "x.csv"), "--format", "csv",
                          "--type", "ATTACK")  # fmt: skip
    assert code == 2
    assert "E-FILTER" in err


def test_merged_export_has_one_row_per_real_event_with_its_article_count(
    corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "merged.csv"
    export_to(corpus, out, "--format", "csv", "--merged", "--place", "UKR")
    frame = pd.read_csv(out, dtype=CSV_DTYPES)
    listed = json.loads(
        veille(corpus, "events", "--merged", "--place", "UKR", "--limit", "100000", "--json")[1]
    )
    assert len(frame) == len(listed)
    assert sorted(frame["NumArticles"]) == sorted(m["support_count"] for m in listed)
    assert set(frame["ActionGeo_CountryCode"]) == {"UKR"}


def test_a_merged_row_counts_the_articles_and_outlets_reporting_it(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    with open_store(str(db)) as store:
        for index, outlet in enumerate(("Le Journal", "Wire Service")):
            article_id = f"r{index}"
            article = make_article(
                article_id,
                long_text(index),
                url=f"https://news.example.org/{article_id}",
                source_name=outlet,
            )
            store.save(ArticleResult(article, (), (make_event(article_id),)), article_id)
            store.join_story(
                StoryMember(
                    article_id=article_id,
                    story_id="",
                    day=date(2026, 11, 22).toordinal(),
                    anchor=f"2026-11-22T08:00:0{index}Z|{article_id}",
                    features={},
                    link="first" if index == 0 else "structured",
                    score=None if index == 0 else 0.9,
                ),
                keys=(),
                linked=() if index == 0 else ("r0",),
            )
    out = tmp_path / "merged.csv"
    result = runner.invoke(
        app, ["--db", str(db), "export", str(out), "--format", "csv", "--merged"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=CSV_DTYPES)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["NumArticles"], row["NumMentions"], row["NumSources"]) == (2, 2, 2)
    assert row["article_ids"] == "r0; r1"
    assert row["SOURCEURL"] == "https://news.example.org/r0"
    assert (row["Actor1Code"], row["Actor2Code"], row["EventCode"]) == ("RUS", "NATO", "112")


def test_parquet_keeps_dates_as_dates_and_codes_as_strings(corpus: Corpus, tmp_path: Path) -> None:
    records = tmp_path / "events.parquet"
    export_to(corpus, records, "--format", "parquet")
    frame = pd.read_parquet(records)
    assert isinstance(frame["event_date"].dropna().iloc[0], date)
    assert (frame["cameo"] == "057").any()
    flat = tmp_path / "flat.parquet"
    export_to(corpus, flat, "--format", "parquet", "--flat")
    table = pd.read_parquet(flat)
    assert list(table.columns) == list(EVENT_COLUMNS)
    assert isinstance(table["event_date"].dropna().iloc[0], date)
    assert str(table["published_at"].dtype).startswith("datetime64")
    assert (table["EventCode"] == "057").any()
    assert table["QuadClass"].dtype == "int64"
    articles = tmp_path / "articles.parquet"
    export_to(corpus, articles, "--format", "parquet", "--what", "articles")
    assert str(pd.read_parquet(articles)["published_at"].dtype).startswith("datetime64")


def test_gdelt_export_has_the_61_gdelt_columns_and_leaves_out_negated_events(
    corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "events.export.CSV"
    export_to(corpus, out, "--format", "gdelt")
    frame = pd.read_csv(out, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=CSV_DTYPES)
    assert len(GDELT_COLUMNS) == 61
    assert len(frame) == corpus.events - corpus.negated
    assert frame["GlobalEventID"].dtype == "int64"
    assert frame["GlobalEventID"].is_unique
    assert frame["Day"].between(20110101, 20261231).all()
    assert (frame["EventCode"] == "057").any()
    assert frame["SOURCEURL"].str.startswith("https://").all()
    assert set(frame["ActionGeo_Type"]) <= {0, 1, 3, 4}
    # The same event keeps its id from one export to the next.
    again = tmp_path / "again.CSV"
    export_to(corpus, again, "--format", "gdelt")
    assert out.read_bytes() == again.read_bytes()


# --------------------------------------------------------------------- veille articles --errors


def test_errors_are_counted_by_code_and_limited(tmp_path: Path) -> None:
    db = tmp_path / "errors.db"
    sources = []
    for index in range(4):
        empty = tmp_path / f"empty{index}.txt"
        empty.write_bytes(b"")
        sources.append(str(empty))
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    sources.append(str(binary))
    ingest = runner.invoke(app, ["--db", str(db), "ingest", *sources])
    assert ingest.exit_code == 1  # items failed; 0 would tell a script all went well
    shown = runner.invoke(app, ["--db", str(db), "articles", "--errors", "--limit", "2"])
    assert shown.exit_code == 0
    assert "5 errors (E-EMPTY 4, E-BINARY 1); 2 shown" in shown.stdout
    assert len([line for line in shown.stdout.splitlines() if "│" in line]) == 2
    listed = runner.invoke(
        app, ["--db", str(db), "articles", "--errors", "--limit", "3", "--offset", "3", "--json"]
    )
    assert len(json.loads(listed.stdout)) == 2


def test_piped_tables_are_not_wrapped_at_80_columns(corpus: Corpus) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    run = subprocess.run(
        [sys.executable, "-m", "veille", "--db", str(corpus.db), "events", "--limit", "20"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line for line in run.stdout.splitlines() if "│" in line]
    assert max(len(line) for line in rows) > 80
    with open_store(str(corpus.db)) as store:
        shown = store.events(limit=20)
    # One line per event: no cell was cut over two lines.
    assert len(rows) == len(shown)


def test_the_ingest_progress_shows_a_rate() -> None:
    from rich.progress import Progress  # noqa: PLC0415

    from veille.cli import RateColumn  # noqa: PLC0415

    with Progress(RateColumn(), disable=True) as progress:
        task_id = progress.add_task("ingesting", total=None)
        task = progress.tasks[0]
        assert RateColumn().render(task).plain == ""
        for _ in range(3):
            progress.update(task_id, advance=1)
        assert RateColumn().render(progress.tasks[0]).plain.endswith(("/s", "/min"))


# --------------------------------------------------------------------- search across languages

SEARCH_ARTICLES = [
    {
        "url": "https://news.example.org/fr/kremlin",
        "title": "Le Kremlin répond à Ankara",
        "text": "Vladimir Poutine a rencontré mardi à Moscou le président turc Recep Tayyip "
        "Erdogan. Poutine a déclaré que la Russie était prête à reprendre les discussions sur "
        "les exportations de céréales. Les deux dirigeants ont évoqué la situation en mer "
        "Noire et la sécurité des ports.",
        "published": "2026-11-17T09:00:00+01:00",
        "language": "fr",
        "source_name": "Le Journal",
    },
    {
        "url": "https://news.example.org/en/kremlin",
        "title": "Kremlin talks with Ankara",
        "text": "Vladimir Putin met the Turkish president Recep Tayyip Erdogan in Moscow on "
        "Tuesday. Putin said Russia was ready to resume talks on grain exports. The two "
        "leaders discussed the situation in the Black Sea and the security of ports.",
        "published": "2026-11-21T09:00:00Z",
        "language": "en",
        "source_name": "Wire Service",
    },
    {
        "url": "https://news.example.org/fr/defense",
        "title": "Paris et Berlin signent un accord",
        "text": "La France et l'Allemagne ont signé mercredi à Berlin un accord sur la défense "
        "aérienne. Le ministre français des Armées a salué une étape importante pour la "
        "sécurité européenne. Les deux pays financeront ensemble un nouveau système.",
        "published": "2026-11-18T09:00:00+01:00",
        "language": "fr",
        "source_name": "Le Journal",
    },
]


@pytest.fixture(scope="module")
def searchable(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("search")
    source = folder / "articles.jsonl"
    source.write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in SEARCH_ARTICLES) + "\n",
        encoding="utf-8",
    )
    db = folder / "veille.db"
    ingest = runner.invoke(app, ["--db", str(db), "ingest", str(source), "--json"])
    assert ingest.exit_code == 0, ingest.output
    with open_store(str(db)) as store:
        ids = {a.url or "": a.id for a in store.iter_articles()}
    return db, {url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1]: i for url, i in ids.items()}


def found(searchable: tuple[Path, dict[str, str]], *args: str) -> set[str]:
    db, ids = searchable
    result = runner.invoke(app, ["--db", str(db), "search", *args, "--json"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    names = {i: name for name, i in ids.items()}
    return {names[hit["article_id"]] for hit in json.loads(result.stdout)}


def test_a_name_finds_the_articles_of_every_language(
    searchable: tuple[Path, dict[str, str]],
) -> None:
    both = {"fr/kremlin", "en/kremlin"}
    assert found(searchable, "Poutine") == both
    assert found(searchable, "Putin") == both
    assert found(searchable, "PER:vladimir-putin") == both


def test_or_finds_either_side(searchable: tuple[Path, dict[str, str]]) -> None:
    assert found(searchable, "Berlin OR céréales") == {"fr/kremlin", "fr/defense"}
    assert found(searchable, "Berlin céréales") == set()  # without OR every word is needed


def test_search_filters_by_actor_date_and_language(
    searchable: tuple[Path, dict[str, str]],
) -> None:
    assert found(searchable, "Putin", "--language", "fr") == {"fr/kremlin"}
    assert found(searchable, "Putin", "--since", "2026-11-20") == {"en/kremlin"}
    assert found(searchable, "ports OR Berlin", "--until", "2026-11-18") == {
        "fr/kremlin",
        "fr/defense",
    }
    assert found(searchable, "ports OR Berlin", "--actor", "Poutine") == {
        "fr/kremlin",
        "en/kremlin",
    }


# --------------------------------------------------------------------- dashboard aggregates


def test_the_timeline_fits_its_period_to_the_span(corpus: Corpus) -> None:
    from veille.queries.charts import choose_bucket, event_timeline  # noqa: PLC0415

    with open_store(str(corpus.db)) as store:
        every = store.events()
    fifteen_years = event_timeline(every, "quad_class")
    assert fifteen_years["bucket"] == "month"
    periods = fifteen_years["days"]
    assert len(periods) <= 12 * 16  # type: ignore[arg-type]
    first = periods[0]  # type: ignore[index]
    assert first["day"].endswith("-01")
    assert first["until"][:7] == first["day"][:7]
    counted = sum(sum(p["counts"].values()) for p in periods)  # type: ignore[union-attr]
    assert counted == sum(1 for e in every if e.event_date and not e.negated)
    assert event_timeline(every, "quad_class", "year")["bucket"] == "year"
    assert choose_bucket(date(2026, 1, 1), date(2026, 2, 1)) == "day"
    assert choose_bucket(date(2025, 1, 1), date(2026, 2, 1)) == "week"
    assert choose_bucket(date(1990, 1, 1), date(2026, 2, 1)) == "year"


def test_a_dyad_spread_needs_three_periods(corpus: Corpus) -> None:
    from veille.queries.charts import dyad_timeline  # noqa: PLC0415

    with open_store(str(corpus.db)) as store:
        pair = [e for e in store.events(dyad=("RUS", "UKR")) if not e.negated and e.event_date]
    days = sorted({e.event_date for e in pair})
    two_days = [e for e in pair if e.event_date in days[:2]]
    assert dyad_timeline(two_days, "RUS", "UKR")["stdev_tension"] is None
    assert dyad_timeline(pair, "RUS", "UKR")["stdev_tension"] is not None
    yearly = dyad_timeline(pair, "RUS", "UKR", "auto")
    assert yearly["bucket"] == "month"
