"""Hostile feeds: a feed body that names a local file, a device or a FIFO is data, never a path.

Issue 20, defect 1: feedparser was handed the downloaded bytes, and feedparser
tries ``open(bytes)`` as a file name before it reads them as a document. A
``.rss`` file (or an HTTP answer served as ``application/rss+xml``) whose body
was ``/some/local/file.xml`` ingested that local file, ``/dev/zero`` grew
memory to the cap, and a FIFO hung the run. Each case here failed before the
fix.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostile_helpers import read_sources_in_child
from veille import ingest, open_store
from veille.records import ArticleError, RawDocument
from veille.settings import Settings
from veille.sources import iter_raw_documents

SECRET_WORD = "zanzibarquetzal"
LOCAL_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local secrets</title>
<item><guid>local-1</guid><title>Note interne {SECRET_WORD}</title>
<description>Le ministre a rencontré son homologue. Mot de passe {SECRET_WORD}.</description>
</item></channel></rss>
"""


def _local_feed(folder: Path) -> Path:
    path = folder / "private" / "local.xml"
    path.parent.mkdir()
    path.write_text(LOCAL_FEED, encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_feed_whose_body_is_a_local_path_does_not_make_that_file_searchable(
    tmp_path: Path,
) -> None:
    local = _local_feed(tmp_path)
    pointer = tmp_path / "p.rss"
    pointer.write_text(str(local), encoding="utf-8")
    db = tmp_path / "x.db"
    settings = Settings(db=str(db), language="fr", places=False)

    report = ingest([str(pointer)], settings=settings)

    assert report.counts["new"] == 0
    assert [error.code for error in report.errors] == ["E-FEED"]
    with open_store(str(db)) as store:
        assert store.search(SECRET_WORD) == []


def test_a_feed_body_naming_a_file_uri_is_not_read(tmp_path: Path) -> None:
    local = _local_feed(tmp_path)
    for body in (local.as_uri(), f"feed:{local.as_uri()}", str(local)):
        pointer = tmp_path / "uri.rss"
        pointer.write_text(body, encoding="utf-8")
        items = list(iter_raw_documents([str(pointer)], Settings()))
        assert all(isinstance(item, ArticleError) for item in items), body
        assert all(
            SECRET_WORD not in item.message for item in items if isinstance(item, ArticleError)
        )


@pytest.mark.slow
@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_feed_body_naming_a_device_or_fifo_is_an_error_quickly_and_cheaply(
    tmp_path: Path, target: str
) -> None:
    if target == "fifo":
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        target = str(fifo)
    pointer = tmp_path / "p.rss"
    pointer.write_text(target, encoding="utf-8")
    # Before the fix: /dev/zero read until the 1 GiB ceiling, the FIFO blocked
    # until the timeout.
    codes, peak_mib = read_sources_in_child(str(pointer))
    assert codes == ["E-FEED"]
    assert peak_mib < 300


def test_feed_entries_from_bytes_that_look_like_a_path_are_data(tmp_path: Path) -> None:
    from veille.sources.feeds import iter_feed_entries  # noqa: PLC0415

    local = _local_feed(tmp_path)
    items = list(iter_feed_entries(str(local).encode(), "api:feed:x"))
    assert [type(item) for item in items] == [ArticleError]
    assert not any(isinstance(item, RawDocument) for item in items)
