"""Export stored articles or events as JSON Lines, CSV, Parquet or a GDELT 2.0 event file.

Records (the ``records`` layout) are the dictionaries of
:func:`veille.serialize.to_dict`: the same fields, under the same names, as
``--json`` output and the HTTP API. Events can also be written flat (the
``flat`` layout, :mod:`veille.flat`): one plain value per column, GDELT's
names where GDELT has the value, for spreadsheets and ``pandas``.

- **jsonl**: one JSON object per line, UTF-8; records read back with
  :func:`veille.serialize.article_from_dict` / :func:`~veille.serialize.event_from_dict`.
- **csv**: events are always flat; articles have one column per field,
  nested values (sections, evidence) as JSON text. Booleans are ``true`` /
  ``false``, missing values empty cells; codes that look like numbers
  ("030") must be read as text (:data:`CSV_DTYPES` for ``pandas.read_csv``).
- **parquet**: typed columns: records keep nested structs and lists (see
  :data:`ARTICLE_SCHEMA` and :data:`EVENT_SCHEMA`), flat rows are plain
  columns (:data:`FLAT_TYPES`); days are Parquet dates and instants UTC
  timestamps, codes are strings.
- **gdelt**: the 61 tab-separated columns of a GDELT 2.0 event file, no
  header, one row per event that was not negated (GDELT has no negation).

``query`` filters the events (as ``veille events`` does) and ``merged``
writes one row per real-world event (:mod:`veille.queries.merged`) instead of
one per report.

When ``out`` is a path the file is written next to it under a temporary name
and renamed at the end, so a failed export never leaves a truncated file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from veille.flat import (
    CODE_COLUMNS,
    DATE_COLUMNS,
    EVENT_COLUMNS,
    GDELT_COLUMNS,
    MERGED_COLUMNS,
    TIME_COLUMNS,
    flat_event,
    flat_merged,
    gdelt_values,
)
from veille.records import Event
from veille.serialize import EVENT_FIELDS, JsonDict, to_dict
from veille.store.base import Store
from veille.store.event_query import EventFilter

__all__ = [
    "ARTICLE_SCHEMA",
    "CSV_DTYPES",
    "EVENT_SCHEMA",
    "FLAT_TYPES",
    "FORMATS",
    "GDELT_COLUMNS",
    "LAYOUTS",
    "WHATS",
    "export",
]

ExportFormat = Literal["jsonl", "csv", "parquet", "gdelt"]
ExportWhat = Literal["articles", "events"]
ExportLayout = Literal["records", "flat"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "parquet", "gdelt")
WHATS: tuple[ExportWhat, ...] = ("articles", "events")
LAYOUTS: tuple[ExportLayout, ...] = ("records", "flat")

ROWS_PER_HEADLINE_BATCH = 1000
"""Events whose articles' headlines are read in one go for flat rows."""

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
        ("how", pa.string()),
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
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("published_date_local", pa.date32()),
        ("published_text", pa.string()),
        ("reference_time", pa.timestamp("us", tz="UTC")),
        ("reference_time_source", pa.string()),
        ("retrieved_at", pa.timestamp("us", tz="UTC")),
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
    "event_date": pa.date32(),
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

_FLAT_INTEGERS = (
    "QuadClass",
    "IsRootEvent",
    "trigger_start",
    "trigger_end",
    "duration_days",
    "ActionGeo_Type",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "DATEADDED",
)
_FLAT_FLOATS = ("GoldsteinScale", "ActionGeo_Lat", "ActionGeo_Long", "confidence")
_FLAT_BOOLEANS = ("negated", "hypothetical", "location_inferred")


def _flat_type(column: str) -> pa.DataType:
    if column in _FLAT_INTEGERS:
        return pa.int64()
    if column in _FLAT_FLOATS:
        return pa.float64()
    if column in _FLAT_BOOLEANS:
        return pa.bool_()
    if column in DATE_COLUMNS:
        return pa.date32()
    if column in TIME_COLUMNS:
        return pa.timestamp("us", tz="UTC")
    return pa.string()


FLAT_TYPES: dict[str, pa.DataType] = {
    column: _flat_type(column) for column in dict.fromkeys((*EVENT_COLUMNS, *MERGED_COLUMNS))
}
"""Parquet type of every flat column (event and merged-event rows)."""

CSV_DTYPES: dict[str, str] = dict.fromkeys(CODE_COLUMNS, "string")
"""``pandas.read_csv(path, dtype=CSV_DTYPES)`` keeps codes such as "030" as written."""


def export(
    store: Store,
    fmt: ExportFormat,
    out: str | os.PathLike[str] | IO[bytes],
    what: ExportWhat = "articles",
    *,
    query: EventFilter | None = None,
    merged: bool = False,
    layout: ExportLayout | None = None,
) -> int:
    """Write the stored articles (or events) to ``out`` in format ``fmt``; return the row count.

    ``out`` is a file path or a binary stream (such as ``sys.stdout.buffer``);
    a stream is flushed but left open. For events, ``query`` keeps those it
    matches (newest first; all events in storage order without it),
    ``merged`` writes merged events, and ``layout`` chooses records or flat
    rows (default: records for jsonl and parquet, flat for csv and gdelt).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if what not in WHATS:
        raise ValueError(f"cannot export {what!r}; choose one of {', '.join(WHATS)}")
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    chosen = _layout(fmt, what, merged=merged, layout=layout, filtered=query is not None)
    rows, columns, schema = _source(store, what, chosen, query=query, merged=merged)
    if isinstance(out, str | os.PathLike):
        target = Path(out)
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as stream:
                count = _write(fmt, rows, columns, schema, stream)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return count
    count = _write(fmt, rows, columns, schema, out)
    out.flush()
    return count


def _layout(
    fmt: ExportFormat,
    what: ExportWhat,
    *,
    merged: bool,
    layout: ExportLayout | None,
    filtered: bool,
) -> ExportLayout:
    """Return the layout to write, refusing combinations that cannot be written."""
    if what == "articles":
        if merged or filtered or layout == "flat" or fmt == "gdelt":
            raise ValueError(
                "filters, --merged, the flat layout and the gdelt format are for events; "
                "use --what events"
            )
        return "records"
    if fmt in ("csv", "gdelt"):
        if layout == "records":
            raise ValueError(f"{fmt} writes flat rows only; use jsonl or parquet for records")
        return "flat"
    if merged and fmt == "parquet":
        if layout == "records":
            raise ValueError("merged events go to Parquet as flat rows; drop the records layout")
        return "flat"
    return layout or "records"


def _source(
    store: Store,
    what: ExportWhat,
    layout: ExportLayout,
    *,
    query: EventFilter | None,
    merged: bool,
) -> tuple[Iterator[JsonDict], list[str], pa.Schema]:
    """Return the rows to write, their columns and their Parquet schema."""
    if what == "articles":
        return (to_dict(a) for a in store.iter_articles()), ARTICLE_SCHEMA.names, ARTICLE_SCHEMA
    if merged:
        from veille.queries.merged import MERGED_FIELDS, merged_page  # noqa: PLC0415 - stories stack

        found = merged_page(store, query or EventFilter(), 0, None).events
        if layout == "records":
            return (to_dict(m) for m in found), list(MERGED_FIELDS), pa.schema([])
        return _flat_merged_rows(store, found), list(MERGED_COLUMNS), _flat_schema(MERGED_COLUMNS)
    events: Iterable[Event] = store.iter_events() if query is None else store.events(query)
    if layout == "records":
        return (to_dict(e) for e in events), EVENT_SCHEMA.names, EVENT_SCHEMA
    return _flat_event_rows(store, events), list(EVENT_COLUMNS), _flat_schema(EVENT_COLUMNS)


def _flat_schema(columns: Iterable[str]) -> pa.Schema:
    return pa.schema([(column, FLAT_TYPES[column]) for column in columns])


def _flat_event_rows(store: Store, events: Iterable[Event]) -> Iterator[JsonDict]:
    iterator = iter(events)
    while batch := list(islice(iterator, ROWS_PER_HEADLINE_BATCH)):
        headlines = store.article_headlines([e.article_id for e in batch])
        yield from (flat_event(e, headlines.get(e.article_id)) for e in batch)


def _flat_merged_rows(store: Store, found: Sequence[Any]) -> Iterator[JsonDict]:
    for first in range(0, len(found), ROWS_PER_HEADLINE_BATCH):
        batch = found[first : first + ROWS_PER_HEADLINE_BATCH]
        headlines = store.article_headlines(
            [s.article_id for merged in batch for s in merged.supports]
        )
        yield from (flat_merged(merged, headlines) for merged in batch)


def _write(
    fmt: ExportFormat,
    rows: Iterator[JsonDict],
    columns: list[str],
    schema: pa.Schema,
    out: IO[bytes],
) -> int:
    if fmt == "parquet":
        return _write_parquet(rows, schema, out)
    # Wrap the caller's binary stream without taking ownership: detach() below
    # leaves it open.
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            return _write_jsonl(rows, text)
        if fmt == "gdelt":
            return _write_gdelt(rows, text)
        return _write_csv(rows, columns, text)
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


def _gdelt_cell(value: Any) -> str:  # noqa: ANN401 - a flat value
    if value is None:
        return ""
    # A tab or a line break inside a name would shift every later column.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _write_gdelt(rows: Iterator[JsonDict], out: IO[str]) -> int:
    count = 0
    for row in rows:
        if row.get("negated"):
            continue  # GDELT has no negation: every row of its files is an event that happened
        out.write("\t".join(_gdelt_cell(v) for v in gdelt_values(row)) + "\n")
        count += 1
    return count


def _typed(row: JsonDict, days: Sequence[str], instants: Sequence[str]) -> JsonDict:
    """Turn the ISO texts of date and timestamp columns into dates and datetimes for Arrow."""
    typed = dict(row)
    for name in days:
        typed[name] = _as_day(typed.get(name))
    for name in instants:
        value = typed.get(name)
        typed[name] = datetime.fromisoformat(value) if isinstance(value, str) and value else None
    return typed


def _as_day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None  # a day that is not one cannot be a Parquet date


def _write_parquet(rows: Iterator[JsonDict], schema: pa.Schema, out: IO[bytes]) -> int:
    days = [f.name for f in schema if f.type == pa.date32()]
    instants = [f.name for f in schema if pa.types.is_timestamp(f.type)]
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        while batch := list(islice(rows, ROWS_PER_PARQUET_GROUP)):
            typed = [_typed(row, days, instants) for row in batch]
            writer.write_table(pa.Table.from_pylist(typed, schema=schema))
            count += len(batch)
        if count == 0:
            # An empty file still carries the schema, so readers see the columns.
            writer.write_table(schema.empty_table())
    return count
