"""Export stored articles or events as JSON Lines, CSV or Parquet.

Every format writes the dictionaries of :func:`veille.serialize.to_dict`, so
an export holds the same fields, under the same names, as ``--json`` output
and the HTTP API:

- **jsonl**: one JSON object per line, UTF-8; reads back with
  :func:`veille.serialize.article_from_dict` / :func:`~veille.serialize.event_from_dict`.
- **csv**: one column per top-level field; nested values (spans, actor
  lists, sections) are JSON text in their cell, booleans are ``true`` /
  ``false`` and missing values are empty cells.
- **parquet**: typed columns with nested structs and lists (see
  :data:`ARTICLE_SCHEMA` and :data:`EVENT_SCHEMA`); datetimes stay ISO 8601
  text as in JSON, and the article ``evidence`` mapping is a Parquet map.

When ``out`` is a path the file is written next to it under a temporary name
and renamed at the end, so a failed export never leaves a truncated file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from veille.serialize import EVENT_FIELDS, JsonDict, to_dict
from veille.store.base import Store

__all__ = ["ARTICLE_SCHEMA", "EVENT_SCHEMA", "FORMATS", "WHATS", "export"]

ExportFormat = Literal["jsonl", "csv", "parquet"]
ExportWhat = Literal["articles", "events"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "parquet")
WHATS: tuple[ExportWhat, ...] = ("articles", "events")

ROWS_PER_PARQUET_GROUP = 2000
"""Rows converted and written at a time: bounded memory on large stores."""

_SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
_ACTOR = pa.struct(
    [
        ("text", pa.string()),
        ("code", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("sector", pa.string()),
    ]
)

_CHOICE = pa.struct(
    [
        ("value", pa.string()),
        ("source", pa.string()),
        ("agreeing", pa.list_(pa.string())),
        (
            "outvoted",
            pa.list_(
                pa.struct(
                    [("source", pa.string()), ("value", pa.string()), ("weight", pa.float64())]
                )
            ),
        ),
    ]
)

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("content_hash", pa.string()),
        ("url", pa.string()),
        ("source_name", pa.string()),
        ("source_format", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("organisation", pa.string()),
        ("author_role", pa.string()),
        ("published_at", pa.string()),
        ("published_date_local", pa.string()),
        ("published_text", pa.string()),
        ("reference_time", pa.string()),
        ("reference_time_source", pa.string()),
        ("retrieved_at", pa.string()),
        ("language", pa.string()),
        ("language_confidence", pa.float64()),
        ("reading_time_minutes", pa.int64()),
        ("reading_time_estimated", pa.bool_()),
        (
            "sections",
            pa.list_(
                pa.struct(
                    [
                        ("kind", pa.string()),
                        ("start", pa.int64()),
                        ("end", pa.int64()),
                        ("heading", pa.string()),
                    ]
                )
            ),
        ),
        ("evidence", pa.map_(pa.string(), _SPAN)),
        ("provenance", pa.map_(pa.string(), _CHOICE)),
        ("minhash", pa.list_(pa.int64())),
    ]
)
"""Parquet columns of an article export, in :func:`to_dict` order."""

_EVENT_TYPES: dict[str, pa.DataType] = {
    "article_id": pa.string(),
    "event_type": pa.string(),
    "mode": pa.string(),
    "cameo": pa.string(),
    "goldstein": pa.float64(),
    "quad_class": pa.int64(),
    "source": pa.list_(_ACTOR),
    "target": pa.list_(_ACTOR),
    "trigger": _SPAN,
    "sentence": _SPAN,
    "quantities": pa.list_(
        pa.struct(
            [
                ("value", pa.float64()),
                ("unit", pa.string()),
                ("what", pa.string()),
                ("approximate", pa.bool_()),
                ("start", pa.int64()),
                ("end", pa.int64()),
            ]
        )
    ),
    "duration": pa.struct(
        [("text", pa.string()), ("days", pa.int64()), ("start", pa.int64()), ("end", pa.int64())]
    ),
    "condition": pa.struct(
        [
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("depends_on", pa.string()),
        ]
    ),
    "negated": pa.bool_(),
    "hypothetical": pa.bool_(),
    "modality": pa.string(),
    "attributed_to": pa.struct(
        [
            ("text", pa.string()),
            ("code", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("verb", _SPAN),
        ]
    ),
    "section_kind": pa.string(),
    "event_date": pa.string(),
    "location": pa.struct(
        [
            ("name", pa.string()),
            ("place_id", pa.string()),
            ("country", pa.string()),
            ("admin1", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("precision", pa.string()),
            ("inferred", pa.bool_()),
            ("start", pa.int64()),
            ("end", pa.int64()),
        ]
    ),
    "salience": pa.string(),
    "coder": pa.string(),
    "confidence": pa.float64(),
}
EVENT_SCHEMA = pa.schema([(name, _EVENT_TYPES[name]) for name in EVENT_FIELDS])
"""Parquet columns of an event export, in the public event field order."""


def export(
    store: Store,
    fmt: ExportFormat,
    out: str | os.PathLike[str] | IO[bytes],
    what: ExportWhat = "articles",
) -> int:
    """Write every stored article (or event) to ``out`` in format ``fmt``; return the row count.

    ``out`` is a file path or a binary stream (such as ``sys.stdout.buffer``);
    a stream is flushed but left open.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if what not in WHATS:
        raise ValueError(f"cannot export {what!r}; choose one of {', '.join(WHATS)}")
    rows = _rows(store, what)
    schema = ARTICLE_SCHEMA if what == "articles" else EVENT_SCHEMA
    if isinstance(out, str | os.PathLike):
        target = Path(out)
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as stream:
                count = _write(fmt, rows, schema, stream)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return count
    count = _write(fmt, rows, schema, out)
    out.flush()
    return count


def _rows(store: Store, what: ExportWhat) -> Iterator[JsonDict]:
    records: Iterable[object] = store.iter_articles() if what == "articles" else store.iter_events()
    return (to_dict(record) for record in records)


def _write(fmt: ExportFormat, rows: Iterator[JsonDict], schema: pa.Schema, out: IO[bytes]) -> int:
    if fmt == "parquet":
        return _write_parquet(rows, schema, out)
    # Wrap the caller's binary stream without taking ownership: detach() below
    # leaves it open.
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            return _write_jsonl(rows, text)
        return _write_csv(rows, schema.names, text)
    finally:
        text.flush()
        text.detach()


def _write_jsonl(rows: Iterator[JsonDict], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _csv_cell(value: Any) -> str:  # noqa: ANN401 - any JSON value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _write_csv(rows: Iterator[JsonDict], columns: list[str], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
        count += 1
    return count


def _write_parquet(rows: Iterator[JsonDict], schema: pa.Schema, out: IO[bytes]) -> int:
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        while batch := list(islice(rows, ROWS_PER_PARQUET_GROUP)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
        if count == 0:
            # An empty file still carries the schema, so readers see the columns.
            writer.write_table(schema.empty_table())
    return count
