"""The command line, end to end: a fresh SQLite store per test, real pipeline, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.samples import article_paths, feed_paths
from veille.settings import setting_docs
from veille.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
FR_LAYOUT = FIXTURES / "fr_layout.txt"
EN_LAYOUT = FIXTURES / "en_layout.txt"

runner = CliRunner()

ARTICLE_FIELDS = {
    "id",
    "url",
    "title",
    "author",
    "authors",
    "organisation",
    "author_role",
    "published_at",
    "published_date_local",
    "published_text",
    "provenance",
    "language",
    "reading_time_minutes",
    "sections",
}
EVENT_FIELDS = {
    "article_id",
    "event_type",
    "mode",
    "cameo",
    "goldstein",
    "quad_class",
    "source",
    "target",
    "trigger",
    "quantities",
    "duration",
    "condition",
    "negated",
    "hypothetical",
    "attributed_to",
    "section_kind",
    "event_date",
    "coder",
    "confidence",
}


def veille(db: Path, *args: str, input_text: str | None = None) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], input=input_text)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def veille_json(db: Path, *args: str) -> object:
    return json.loads(veille(db, *args, "--json"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "veille.db"


def test_ingest_then_articles_json_has_the_metadata_fields(db: Path) -> None:
    veille(db, "ingest", str(FR_LAYOUT), "--as-of", "2026-11-24T10:00:00Z")
    (article,) = veille_json(db, "articles")  # type: ignore[misc]
    assert set(article) >= ARTICLE_FIELDS
    assert article["title"].startswith("Mer Baltique")
    assert article["author"] == "Claire Martin"
    assert article["authors"] == ["Claire Martin"]
    assert article["author_role"] == "Rédactrice en chef"
    assert article["published_date_local"] == "2026-11-23"
    assert article["published_at"].startswith("2026-11-23")
    assert article["published_text"] == "hier"
    assert article["language"] == "fr"
    assert article["reading_time_minutes"] == 3
    kinds = {s["kind"] for s in article["sections"]}
    assert {"commentary", "related-links", "body"} <= kinds


def test_reingesting_the_same_sources_changes_nothing(db: Path) -> None:
    sources = [str(FR_LAYOUT), str(EN_LAYOUT)]
    first = json.loads(veille(db, "ingest", *sources, "--json"))
    assert first["counts"] == {"new": 2}
    events_before = veille_json(db, "events")
    second = json.loads(veille(db, "ingest", *sources, "--json"))
    assert second["counts"] == {"skipped": 2}
    third = json.loads(veille(db, "ingest", *sources, "--no-resume", "--json"))
    assert set(third["counts"]) == {"unchanged"}
    assert len(veille_json(db, "articles")) == 2  # type: ignore[arg-type]
    assert veille_json(db, "events") == events_before


def test_a_copy_under_another_name_is_linked_not_stored_twice(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(FR_LAYOUT.read_bytes())
    report = json.loads(veille(db, "ingest", str(FR_LAYOUT), str(copy), "--json"))
    # Same text and no URL: the same article id, so the copy is the same article.
    assert report["counts"] == {"new": 1, "unchanged": 1}
    assert len(set(report["article_ids"])) == 1
    original_id = report["article_ids"][0]
    reworded = tmp_path / "reworded.txt"
    reworded.write_text(
        FR_LAYOUT.read_text(encoding="utf-8").replace("- hier", "- il y a 1 jour"), "utf-8"
    )
    report = json.loads(veille(db, "ingest", str(reworded), "--json"))
    assert report["counts"] == {"near-duplicate": 1}
    with open_store(str(db)) as store:
        assert store.duplicates_of(original_id) == report["article_ids"]


def test_bad_items_are_recorded_and_the_batch_goes_on(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    run = runner.invoke(
        app, ["--db", str(db), "ingest", str(empty), str(FR_LAYOUT), str(binary), "--json"]
    )
    assert run.exit_code == 1  # some items failed: a script must see it
    report = json.loads(run.stdout)
    assert report["counts"] == {"new": 1, "error": 2}
    errors = veille_json(db, "articles", "--errors")
    assert isinstance(errors, list)
    codes = {Path(e["source"]).name: e["code"] for e in errors}
    assert codes == {"empty.txt": "E-EMPTY", "blob.txt": "E-BINARY"}
    assert all(e["message"] for e in errors)


def test_events_json_uses_the_gold_field_names_and_filters(db: Path) -> None:
    veille(db, "ingest", *map(str, article_paths("fr")[:4]), "--as-of", "2026-11-24")
    events = veille_json(db, "events")
    assert isinstance(events, list)
    assert events, "the sample articles must yield events"
    for event in events:
        assert set(event) >= EVENT_FIELDS
        assert {"text", "start", "end"} <= set(event["trigger"])
    some_code = next(s["code"] for e in events for s in e["source"] if s["code"])
    filtered = veille_json(db, "events", "--actor", some_code)
    assert isinstance(filtered, list)
    assert filtered
    assert all(some_code in {a["code"] for a in e["source"] + e["target"]} for e in filtered)
    some_type = events[0]["event_type"]
    by_type = veille_json(db, "events", "--type", some_type.lower())
    assert isinstance(by_type, list)
    assert {e["event_type"] for e in by_type} == {some_type}


def test_show_and_search_find_the_article_without_accents(db: Path) -> None:
    veille(db, "ingest", str(FR_LAYOUT))
    hits = veille_json(db, "search", "cables sous-marins")
    assert isinstance(hits, list)
    assert len(hits) == 1
    shown = veille_json(db, "show", hits[0]["article_id"])
    assert isinstance(shown, dict)
    assert shown["article"]["title"].startswith("Mer Baltique")
    assert {"mentions", "events"} <= set(shown)


def test_show_says_where_each_metadata_field_came_from(db: Path) -> None:
    veille(db, "ingest", str(FIXTURES / "page_fr.html"), "--as-of", "2026-11-24T10:00:00Z")
    (article,) = veille_json(db, "articles")  # type: ignore[misc]
    assert article["published_at"] == "2025-02-14T09:30:00+01:00"  # the page's own offset
    shown = veille(db, "show", article["id"])
    assert "authors: Luc Bernard" in shown
    assert "day on the page: 2025-02-14" in shown
    assert "title from h1:headline" in shown


def test_standard_input_and_feeds_are_ingested(db: Path) -> None:
    report = json.loads(
        veille(db, "ingest", "-", "--json", input_text=EN_LAYOUT.read_text(encoding="utf-8"))
    )
    assert report["counts"] == {"new": 1}
    feed = feed_paths()[0]
    report = json.loads(veille(db, "ingest", str(feed), "--json"))
    assert report["counts"].get("new", 0) + report["counts"].get("near-duplicate", 0) >= 3


def test_export_jsonl_round_trips_the_events(db: Path, tmp_path: Path) -> None:
    veille(db, "ingest", str(FR_LAYOUT), str(EN_LAYOUT))
    out = tmp_path / "events.jsonl"
    veille(db, "export", str(out), "--format", "jsonl", "--what", "events")
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    listed = veille_json(db, "events")
    assert isinstance(listed, list)
    assert len(exported) == len(listed) > 0

    def key(event: dict[str, object]) -> str:
        return json.dumps(event, sort_keys=True)

    assert sorted(exported, key=key) == sorted(listed, key=key)


def test_eval_prints_the_scores_as_json(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    records = [
        {
            "id": "1",
            "language": "fr",
            "date": "2026-11-20",
            "text": "Moscou a dénoncé les exercices de l'OTAN en Pologne.",
            "events": [
                {
                    "event_type": "ACCUSE",
                    "source": [{"text": "Moscou", "code": "RUS"}],
                    "target": [{"text": "l'OTAN", "code": "NATO"}],
                }
            ],
        },
        {"id": "2", "language": "fr", "text": "Il fait beau à Lyon ce matin.", "events": []},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    report = veille_json(tmp_path / "unused.db", "eval", str(gold))
    assert isinstance(report, dict)
    assert report["n_records"] == 2
    for key in ("macro_f1", "micro_f1", "per_type", "actor_accuracy", "quantity_f1"):
        assert key in report
    assert report["per_type"]["ACCUSE"]["f1"] == 1.0


def test_errors_exit_non_zero_with_a_hint(db: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "veille", "--db", str(db), "show", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "E-NOT-FOUND" in run.stderr
    assert "veille articles" in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "veille", "--db", str(db), "events", "--dyad", "RUS"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "--dyad RUS,BLR" in run.stderr


def test_settings_command_lists_every_environment_variable(db: Path) -> None:
    listed = veille_json(db, "settings")
    assert isinstance(listed, list)
    assert [row["env"] for row in listed] == [env for _, env, _, _ in setting_docs()]
    assert all(row["help"] for row in listed)
