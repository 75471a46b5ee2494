"""Records ⇄ JSON dictionaries: the public format and exact round trips."""

from __future__ import annotations

import base64
import contextlib
import json
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _records_factory import (
    articles,
    errors,
    events,
    make_article,
    mentions,
    results,
    rich_event,
)
from veille.errors import RecordFormatError
from veille.records import Article, Event, RawDocument, Span
from veille.serialize import (
    EVENT_FIELDS,
    article_from_dict,
    error_from_dict,
    event_from_dict,
    mention_from_dict,
    result_from_dict,
    to_dict,
)
from veille.store import SearchHit

BOUNDED = settings(max_examples=100, deadline=None)

# The public event format, written out by hand so that a rename breaks this test.
PUBLIC_EVENT_KEYS = [
    "article_id", "event_type", "mode", "cameo", "goldstein", "quad_class", "source", "target",
    "trigger", "sentence", "quantities", "duration", "condition", "negated", "hypothetical",
    "modality", "attributed_to", "section_kind", "event_date", "location", "salience", "coder",
    "confidence",
]  # fmt: skip


def through_json(data: dict[str, object]) -> object:
    return json.loads(json.dumps(data))


def test_event_dict_has_exactly_the_public_keys_in_order() -> None:
    data = to_dict(rich_event("a1"))
    assert list(data) == PUBLIC_EVENT_KEYS
    assert list(EVENT_FIELDS) == PUBLIC_EVENT_KEYS


def test_event_nested_values_have_the_public_shape() -> None:
    data = to_dict(rich_event("a1"))
    assert data["source"] == [
        {"text": "La Russie", "code": "RUS", "start": 0, "end": 9, "sector": "GOV", "how": None}
    ]
    assert data["trigger"] == {"start": 5, "end": 13, "text": "respecter"}
    assert data["quantities"] == [
        {
            "value": 60000.0,
            "unit": "militaires",
            "what": "troops",
            "approximate": True,
            "start": 20,
            "end": 35,
        }
    ]
    assert data["condition"] == {
        "text": "si les États-Unis font de même",
        "start": 50,
        "end": 82,
        "depends_on": "USA",
    }
    assert data["attributed_to"] == {
        "text": "Belousov",
        "code": "RUS",
        "start": 90,
        "end": 98,
        "verb": {"start": 100, "end": 107, "text": "a déclaré"},
    }
    assert data["duration"] == {"text": "un an", "days": 365, "start": 40, "end": 45}


def test_datetimes_keep_their_offset_and_utc_is_written_with_z() -> None:
    # A page's publication time keeps the page's own offset (issue 24): the
    # evening post in Montreal stays on its day instead of moving to the next.
    montreal = timezone(timedelta(hours=-5))
    article = make_article(
        "a1", "Texte.", published=datetime(2026, 11, 22, 21, 30, tzinfo=montreal)
    )
    assert to_dict(article)["published_at"] == "2026-11-22T21:30:00-05:00"
    back = article_from_dict(to_dict(article))
    assert back.published_at == article.published_at
    assert back.published_at is not None
    assert back.published_at.utcoffset() == timedelta(hours=-5)
    utc = make_article("a2", "Texte.", published=datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    assert to_dict(utc)["published_at"] == "2026-11-22T09:30:00Z"
    naive = make_article("a3", "Texte.", published=datetime(2026, 11, 22, 9, 30))
    assert to_dict(naive)["published_at"] == "2026-11-22T09:30:00Z"


def test_article_dict_is_json_ready_and_keeps_evidence_spans() -> None:
    data = to_dict(make_article("a1", "Moscou dénonce l'OTAN. Suite."))
    assert json.loads(json.dumps(data)) == data
    assert data["evidence"] == {"title": {"start": 0, "end": 10, "text": "Moscou dén"}}
    assert data["sections"] == [{"kind": "body", "start": 0, "end": 29, "heading": None}]
    assert len(data["minhash"]) == 128


def test_raw_document_bytes_become_base64() -> None:
    data = to_dict(RawDocument("a.bin", b"\x00\xff", "application/octet-stream"))
    assert data["data"] == "AP8="
    assert data["data_encoding"] == "base64"
    assert to_dict(RawDocument("a.txt", "texte", "text/plain"))["data_encoding"] == "text"


def test_any_dataclass_such_as_a_search_hit_converts() -> None:
    assert to_dict(SearchHit("a1", None, "[Moscou] dénonce", 1.5)) == {
        "article_id": "a1",
        "title": None,
        "snippet": "[Moscou] dénonce",
        "rank": 1.5,
    }


def test_non_records_are_a_type_error() -> None:
    with pytest.raises(TypeError):
        to_dict({"id": "a1"})
    with pytest.raises(TypeError):
        to_dict(Article)


@BOUNDED
@given(articles)
def test_article_round_trip(article: Article) -> None:
    assert article_from_dict(through_json(to_dict(article))) == article


@BOUNDED
@given(events)
def test_event_round_trip(event: object) -> None:
    assert event_from_dict(through_json(to_dict(event))) == event


@BOUNDED
@given(mentions)
def test_mention_round_trip(mention: object) -> None:
    assert mention_from_dict(through_json(to_dict(mention))) == mention


@BOUNDED
@given(errors)
def test_error_round_trip(error: object) -> None:
    assert error_from_dict(through_json(to_dict(error))) == error


@settings(max_examples=50, deadline=None)
@given(results())
def test_result_round_trip(result: object) -> None:
    assert result_from_dict(through_json(to_dict(result))) == result


def test_optional_fields_take_their_defaults() -> None:
    event = event_from_dict(
        {
            "article_id": "a1",
            "event_type": "ACCUSE",
            "trigger": {"start": 0, "end": 3, "text": "abc"},
            "sentence": {"start": 0, "end": 3, "text": "abc"},
            "note": "unknown keys are ignored",
        }
    )
    assert event.modality == "done"
    assert event.source == ()
    assert event.condition is None
    assert event.section_kind == "body"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"event_type": "ACCUSE"}, "article_id"),
        ({"article_id": "a", "event_type": 3}, "event_type"),
        ({"article_id": "a", "event_type": "X", "trigger": "abc"}, "trigger"),
        (
            {
                "article_id": "a",
                "event_type": "X",
                "trigger": {"start": 0, "end": True, "text": ""},
                "sentence": {"start": 0, "end": 1, "text": ""},
            },
            "end",
        ),
        (
            {
                "article_id": "a",
                "event_type": "X",
                "trigger": {"start": 0, "end": 1, "text": ""},
                "sentence": {"start": 0, "end": 1, "text": ""},
                "modality": "maybe",
            },
            "modality",
        ),
        (
            {
                "article_id": "a",
                "event_type": "X",
                "trigger": {"start": 0, "end": 1, "text": ""},
                "sentence": {"start": 0, "end": 1, "text": ""},
                "source": {"text": "x"},
            },
            "source",
        ),
    ],
)
def test_bad_event_dicts_name_the_field(data: dict[str, object], named: str) -> None:
    with pytest.raises(RecordFormatError) as caught:
        event_from_dict(data)
    assert named in str(caught.value)
    assert caught.value.code == "E-RECORD"


def test_bad_datetime_says_how_to_write_it() -> None:
    data = to_dict(make_article("a1", "Texte."))
    data["published_at"] = "il y a 2 jours"
    with pytest.raises(RecordFormatError, match="2026-11-22T08:00:00Z"):
        article_from_dict(data)


def test_datetime_without_offset_is_read_as_utc() -> None:
    data = to_dict(make_article("a1", "Texte."))
    data["published_at"] = "2026-11-22T08:00:00"
    assert article_from_dict(data).published_at == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
event_like = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(PUBLIC_EVENT_KEYS, json_values),
)


@BOUNDED
@given(st.one_of(json_values, event_like))
def test_garbage_is_refused_with_a_record_format_error(data: object) -> None:
    for parse in (event_from_dict, article_from_dict, mention_from_dict, error_from_dict):
        with contextlib.suppress(RecordFormatError):
            parse(data)


def test_span_dict_shape() -> None:
    assert to_dict(Span(1, 4, "abc")) == {"start": 1, "end": 4, "text": "abc"}


def _plain_conversion(value: object) -> object:
    """The conversion spelled out as the public format describes it, one rule after another."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() != timedelta(0):
            return value.isoformat()  # another offset than UTC is kept
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return utc.isoformat().replace("+00:00", "Z")
    if isinstance(value, RawDocument):
        out = {f.name: _plain_conversion(getattr(value, f.name)) for f in fields(value)}
        out["data_encoding"] = "base64" if isinstance(value.data, bytes) else "text"
        return out
    if isinstance(value, Event):
        return {name: _plain_conversion(getattr(value, name)) for name in EVENT_FIELDS}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain_conversion(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(key): _plain_conversion(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain_conversion(item) for item in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(type(value))


@settings(max_examples=60, deadline=None)
@given(results())
def test_to_dict_follows_the_plain_rules(result: object) -> None:
    # to_dict picks its conversion once per type; the outcome must be the plain rules'.
    converted = to_dict(result)
    assert converted == _plain_conversion(result)
    assert json.dumps(converted) == json.dumps(_plain_conversion(result))


@pytest.mark.parametrize(
    "record",
    [
        RawDocument("a.bin", b"\x00\xff", "application/octet-stream", metadata={"title": "T"}),
        RawDocument("a.txt", "texte", "text/plain", reference_time=datetime(2026, 1, 2, 3, 4)),
        SearchHit("a1", None, "[Moscou] dénonce", 1.5),
    ],
)
def test_to_dict_follows_the_plain_rules_for_other_records(record: object) -> None:
    assert json.dumps(to_dict(record)) == json.dumps(_plain_conversion(record))
