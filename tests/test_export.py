"""Exports to JSON Lines, CSV and Parquet, read back and compared with the store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from _records_factory import long_text, make_article, make_event, rich_event
from veille.export import ARTICLE_SCHEMA, EVENT_SCHEMA, export
from veille.flat import EVENT_COLUMNS
from veille.records import ArticleResult, MetadataChoice, MetadataVote
from veille.serialize import EVENT_FIELDS, article_from_dict, event_from_dict, to_dict
from veille.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "export.db") as opened:
        opened.save(
            ArticleResult(
                make_article(
                    "a1",
                    long_text(1),
                    author="James Keou",
                    authors=("James Keou",),
                    organisation="AFP",
                    published_date_local="2026-11-21",
                    provenance={
                        "authors": MetadataChoice(
                            "James Keou",
                            "byline:article",
                            ("meta:author",),
                            (MetadataVote("json-ld:NewsArticle.author", "Le Journal", 3.0),),
                        )
                    },
                ),
                (),
                (make_event("a1"), rich_event("a1")),
            ),
            "s1",
        )
        opened.save(
            ArticleResult(
                make_article(
                    "a2", "Titre seul\nUn texte « court », sur deux lignes.", minhash=False
                ),
                (),
                (make_event("a2", "CONSULT", target=None, date=None),),
            ),
            "s2",
        )
        yield opened


def as_json(row: dict) -> dict:
    """Write the dates and instants Parquet reads back as the ISO texts of the JSON form."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


def stored_articles(store: Store) -> list[object]:
    return list(store.iter_articles())


def test_jsonl_articles_read_back_identical(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert export(store, "jsonl", out, "articles") == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [article_from_dict(json.loads(line)) for line in lines] == stored_articles(store)
    assert "« court »" in lines[1]  # UTF-8 as is, not \\u escapes
    assert not (tmp_path / "articles.jsonl.part").exists()


def test_jsonl_events_read_back_identical(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(store, "jsonl", out, "events") == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [list(row) for row in rows] == [list(EVENT_FIELDS)] * 3
    assert [event_from_dict(row) for row in rows] == list(store.iter_events())


def test_csv_events_are_flat_rows(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out, "events") == 3
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(EVENT_COLUMNS)
        rows = list(reader)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("{", "[")), value  # no JSON inside a cell
    rich = rows[1]
    assert rich["event_id"] == "a1#5-13"
    assert rich["EventCode"] == "057"
    assert (rich["EventBaseCode"], rich["EventRootCode"]) == ("057", "05")
    assert rich["condition"] == "si les États-Unis font de même"
    assert rich["Actor2Code"] == "USA"
    assert rich["Actor2Names"] == "États-Unis; Washington"
    assert rich["quantities"] == "~60000 troops"
    assert rich["duration_days"] == "365"
    assert rich["hypothetical"] == "true"
    assert rich["negated"] == "false"
    assert float(rich["GoldsteinScale"]) == 8.0
    assert rows[2]["event_date"] == ""
    assert rows[2]["Actor2Code"] == ""
    assert rows[0]["condition"] == ""


def test_csv_articles_keep_multiline_text(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    export(store, "csv", out, "articles")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["a1", "a2"]
    assert rows[1]["text"] == "Titre seul\nUn texte « court », sur deux lignes."
    assert json.loads(rows[0]["sections"])[0]["kind"] == "body"
    assert rows[0]["author"] == "James Keou"
    assert rows[1]["author"] == ""


def test_parquet_events_are_typed_and_read_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out, "events") == 3
    table = pq.read_table(out)
    assert table.schema.names == list(EVENT_FIELDS)
    assert str(table.schema.field("goldstein").type) == "double"
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert [as_json(row) for row in table.to_pylist()] == [to_dict(e) for e in store.iter_events()]


def test_parquet_articles_read_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    assert export(store, "parquet", out, "articles") == 2
    table = pq.read_table(out)
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("published_date_local").type) == "date32[day]"
    rows = [as_json(row) for row in table.to_pylist()]
    for row in rows:
        row["evidence"] = dict(row["evidence"])  # Parquet maps read back as pairs
        row["provenance"] = dict(row["provenance"])
    assert [article_from_dict(row) for row in rows] == stored_articles(store)
    assert len(rows[0]["minhash"]) == 128


def test_parquet_schemas_cover_every_record_field() -> None:
    sample = make_article("a1", "Texte.")
    assert ARTICLE_SCHEMA.names == list(to_dict(sample))
    assert EVENT_SCHEMA.names == list(to_dict(rich_event("a1")))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_a_binary_stream_leaves_it_open(store: Store, fmt: str) -> None:
    stream = io.BytesIO()
    assert export(store, fmt, stream, "events") == 3  # type: ignore[arg-type]
    assert not stream.closed
    data = stream.getvalue()
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == 3
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(data.decode("utf-8"))))) == 3
    else:
        assert len(data.decode("utf-8").splitlines()) == 3


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_empty_store_exports_an_empty_but_valid_file(tmp_path: Path, fmt: str) -> None:
    with open_store(tmp_path / "empty.db") as empty:
        out = tmp_path / f"empty.{fmt}"
        assert export(empty, fmt, out, "events") == 0  # type: ignore[arg-type]
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == 0
        assert table.schema.names == list(EVENT_FIELDS)
    elif fmt == "csv":
        assert out.read_text(encoding="utf-8").strip() == ",".join(EVENT_COLUMNS)
    else:
        assert out.read_text(encoding="utf-8") == ""


def test_unknown_format_or_content_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="jsonl, csv, parquet"):
        export(store, "xlsx", tmp_path / "x.xlsx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="articles, events"):
        export(store, "csv", tmp_path / "x.csv", "mentions")  # type: ignore[arg-type]
    assert not (tmp_path / "x.xlsx").exists()


def test_failed_export_keeps_the_previous_file(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("previous export\n", encoding="utf-8")
    store.close()
    with pytest.raises(Exception, match="closed"):
        export(store, "jsonl", out, "events")
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert not (tmp_path / "events.jsonl.part").exists()
