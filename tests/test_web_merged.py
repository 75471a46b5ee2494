"""Pages of merged events against merging everything at once (veille.stories.merged_events)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from _records_factory import long_text, make_article, make_event
from veille.queries import merged as merged_module
from veille.queries.merged import merged_page
from veille.records import ArticleResult, Quantity
from veille.serialize import to_dict
from veille.store import Store, StoryMember, open_store
from veille.store.event_query import EventFilter
from veille.stories import merged_events

CODES = ("RUS", "BLR", "NATO", "USA")
TYPES = ("AGREE", "ACCUSE", "MOBILIZE")
DAYS = ("2026-11-20", "2026-11-21", "2026-11-22", None)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "veille.db") as opened:
        yield opened


def fill(store: Store, seed: int) -> None:
    """Articles with random events; some grouped into stories, some left unclustered."""
    rng = random.Random(seed)
    anchors: list[str] = []
    for number in range(12):
        article_id = f"a{number:02d}"
        day = rng.choice(DAYS[:3])
        events = []
        for _ in range(rng.randint(0, 5)):
            source, target = rng.sample(CODES, 2)
            kind = rng.choice(TYPES)
            event = make_event(
                article_id,
                kind,
                source=source,
                target=rng.choice([target, None]),
                date=rng.choice([day, day, None, f"{day}T10:00:00Z"]),
                section_kind=rng.choice(["body", "body", "body", "commentary"]),
            )
            if kind == "MOBILIZE":
                event = replace(event, quantities=(make_quantity(rng.choice([50000, 60000])),))
            events.append(event)
        article = make_article(article_id, long_text(100 + number + seed * 50))
        store.save(ArticleResult(article, (), tuple(events)), article_id)
        if rng.random() < 0.7:
            anchor = f"2026-11-2{number % 3}T0{number % 10}:00:00Z|{article_id}"
            linked = (
                [rng.choice(anchors).rsplit("|", 1)[1]] if anchors and rng.random() < 0.6 else []
            )
            store.join_story(StoryMember(article_id, "", 1, anchor, {}), ["K"], linked)
            anchors.append(anchor)


def make_quantity(value: int) -> Quantity:
    return Quantity(float(value), None, "militaires", False, 0, 5)


def normalised(found: list[Any]) -> list[dict[str, Any]]:
    """Merged events as JSON, in one order, with their supports in one order."""
    out = []
    for merged in found:
        data = to_dict(merged)
        data["supports"] = sorted(data["supports"], key=repr)
        data["quantities"] = sorted(data["quantities"], key=repr)
        out.append(data)
    return sorted(out, key=repr)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "filters", [{}, {"actor": "RUS"}, {"event_type": "MOBILIZE"}, {"since": "2026-11-21"}]
)
def test_pages_hold_what_merging_everything_gives(
    store: Store, seed: int, filters: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store, seed)
    # Small scan batches, so a page needs several of them and stories straddle batches.
    monkeypatch.setattr(merged_module, "SCAN_BATCH", 3)
    reference = merged_events(store, **filters)
    query = EventFilter(**filters)
    whole = merged_page(store, query, 0, None)
    assert whole.total == len(reference)
    assert not whole.more
    assert normalised(whole.events) == normalised(reference)
    # Newest event date first, undated last.
    dates = [m.event_date or "" for m in whole.events]
    assert dates == sorted(dates, reverse=True)
    for size in (1, 4):
        pages = []
        offset = 0
        while True:
            page = merged_page(store, query, offset, size)
            pages += page.events
            offset += size
            if not page.more:
                break
        assert pages == whole.events


def test_an_empty_store_has_no_merged_events(store: Store) -> None:
    page = merged_page(store, EventFilter(), 0, 10)
    assert (page.events, page.more, page.total) == ([], False, 0)
