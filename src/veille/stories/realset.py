"""The real-news story set: items, day windows, the frozen test/dev split, source pointers.

``eval/stories_real/`` holds real reports of real happenings (French
Wikinews articles, English Wikipedia current-events summaries, English
Wikinews articles, feed entries and news pages) grouped in *day windows*:
every item of a window was published within the same few days, and the
group labels that say which items report the same happening are given per
window. Pairs of items from different windows are never scored.

Items whose text may be copied (CC BY / CC BY-SA) carry it; feed entries and
news pages, whose text belongs to their publishers, carry only a pointer
into ``../shared/eval`` that :func:`resolve_item` follows at run time.

The split into a frozen test part and a dev part is drawn per window by
:func:`draw_split` from a seed written down before any development on the
set; :func:`digest_of_test_ids` is the hash of the test item ids that a test pins.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from veille.errors import RecordFormatError
from veille.records import RawDocument

SPLIT_SEED = 20261208
"""The seed of the test/dev draw, written down before the draw (see the set's README).

Two earlier draws (seeds 20261206 and 20261207) were retired when a developer
read items of windows they put in test; see :data:`READ_WINDOWS`."""

READ_WINDOWS = frozenset({"2012-05-28", "2012-07-30"})
"""Windows whose items a developer of veille has read: never drawn into the test part.

Both: the adjudication notes quote their disputed items, and the lead read them
while filing the annotations (2026-12-06)."""

TEST_MIN_GROUPS = 24
"""Candidate groups the test windows must hold at least (20 are asked; the margin is for
groups the adjudication drops)."""

DEV_ONLY_CORPORA = frozenset({"shared/eval/feeds", "shared/eval/html"})
"""Sources of the ~500-item real sample whose largest stories are read by hand: their
windows are never drawn into the test part, since reading them would read test records."""


@dataclass(frozen=True, slots=True)
class RealItem:
    """One report in the real story set.

    ``source`` names where it comes from: ``corpus``, ``doc_id`` or ``url``
    or ``path``, ``licence``. ``title`` and ``text`` are None for a pointer
    item until :func:`resolve_item` reads it.
    """

    id: str
    language: str
    date: str
    title: str | None
    text: str | None
    window: str
    source: Mapping[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Return the item as one JSON line of ``items.jsonl``."""
        return {
            "id": self.id,
            "language": self.language,
            "date": self.date,
            "title": self.title,
            "text": self.text,
            "window": self.window,
            "source": dict(self.source),
        }


def load_items(path: Path) -> list[RealItem]:
    """Read ``items.jsonl``; raise :class:`RecordFormatError` on a malformed line."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(
                RealItem(
                    id=str(row["id"]),
                    language=str(row["language"]),
                    date=str(row["date"]),
                    title=row.get("title"),
                    text=row.get("text"),
                    window=str(row["window"]),
                    source={str(k): str(v) for k, v in row.get("source", {}).items()},
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise RecordFormatError(
                f"{path}:{number} is not a story item ({exc}); each line needs "
                '"id", "language", "date", "window" and a "source" object',
                code="E-STORY-GOLD",
            ) from exc
    return items


def load_excluded(path: Path) -> set[str]:
    """Read ``excluded_from_dev.txt``: item ids dev scoring leaves out (``#`` comments)."""
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def item_id(kind: str, ref: str, text: str = "") -> str:
    """Return the stable id of an item: its kind, its reference, and a text hash when needed.

    Current-events summaries have no id of their own, so theirs is the day
    and the first hex digits of the summary's SHA-1; feed entries use their link.
    """
    if kind == "wpce":
        return f"wpce-{ref}-{hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8]}"
    if kind == "feed":
        stem = Path(ref.split("#", 1)[0]).stem
        link = ref.split("#", 1)[1] if "#" in ref else ref
        return f"feed-{stem}-{hashlib.sha1(link.encode(), usedforsecurity=False).hexdigest()[:8]}"
    return f"{kind}-{ref}"


def windows(items: Iterable[RealItem]) -> dict[str, list[RealItem]]:
    """Group items by window, windows and their items in a stable order."""
    found: dict[str, list[RealItem]] = {}
    for item in sorted(items, key=lambda i: (i.window, i.date, i.id)):
        found.setdefault(item.window, []).append(item)
    return found


def group_counts(items: Iterable[RealItem], labels: Mapping[str, str]) -> Counter[str]:
    """Count, per window, the groups of at least two items that ``labels`` give."""
    sizes: Counter[tuple[str, str]] = Counter()
    for item in items:
        label = labels.get(item.id, "none")
        if label != "none":
            sizes[(item.window, label)] += 1
    return Counter(window for (window, _), size in sizes.items() if size >= 2)


def draw_split(
    items: Sequence[RealItem],
    labels: Mapping[str, str],
    seed: int = SPLIT_SEED,
    min_test_groups: int = TEST_MIN_GROUPS,
) -> dict[str, str]:
    """Assign every window to ``test`` or ``dev`` at random; return ``{window: part}``.

    The windows (sorted by name) are shuffled with ``random.Random(seed)``;
    walking the shuffled order, each window that may be tested joins the test
    part until the test part holds ``min_test_groups`` candidate groups
    (``labels``: the proposed group of each item id); every other window is
    dev. Windows with an item of :data:`DEV_ONLY_CORPORA`, and the windows of
    :data:`READ_WINDOWS`, are always dev.
    """
    by_window = windows(items)
    counts = group_counts(items, labels)
    order = sorted(by_window)
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible draw, not a secret
    parts: dict[str, str] = {}
    in_test = 0
    for window in order:
        dev_only = window in READ_WINDOWS or any(
            i.source.get("corpus") in DEV_ONLY_CORPORA for i in by_window[window]
        )
        if not dev_only and in_test < min_test_groups:
            parts[window] = "test"
            in_test += counts[window]
        else:
            parts[window] = "dev"
    return dict(sorted(parts.items()))


def digest_of_test_ids(items: Iterable[RealItem], parts: Mapping[str, str]) -> str:
    """Return the SHA-256 of the sorted test item ids, one per line (what a test pins)."""
    ids = sorted(i.id for i in items if parts.get(i.window) == "test")
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


def resolve_item(item: RealItem, shared: Path) -> RealItem:
    """Fill in the title and text of a pointer item from ``shared`` (``../shared/eval``).

    Feed entries are read with feedparser and matched by link; news pages are
    read from the expected-extraction JSON that ships next to them. Items
    that carry their text are returned unchanged. Raises
    :class:`RecordFormatError` when the pointed file or entry is missing.
    """
    if item.text is not None:
        return item
    corpus = item.source.get("corpus")
    path = shared / item.source.get("path", "")
    if corpus == "shared/eval/feeds":
        title, text = _feed_entry(path, item.source.get("entry", ""))
    elif corpus == "shared/eval/html":
        title, text = _page_text(path, item.source.get("key", "V1"))
    else:
        raise RecordFormatError(
            f"story item {item.id} has no text and no known pointer (corpus {corpus!r})",
            code="E-STORY-GOLD",
        )
    return replace(item, title=title, text=text)


def _feed_entry(path: Path, link: str) -> tuple[str, str]:
    import feedparser  # noqa: PLC0415 - only pointer items need it

    try:
        parsed = feedparser.parse(path.read_bytes())
    except OSError as exc:
        raise RecordFormatError(
            f"cannot read the feed {path}: {exc}; the story set needs ../shared/eval",
            code="E-STORY-GOLD",
        ) from exc
    for entry in parsed.entries:
        if entry.get("link") == link:
            summary = _plain(str(entry.get("summary", "")))
            return str(entry.get("title", "")), summary
    raise RecordFormatError(f"no entry {link} in {path}", code="E-STORY-GOLD")


def _page_text(path: Path, key: str) -> tuple[str, str]:
    # The expected extraction of each page ships as <Publisher>.json next to the pages.
    publisher = path.name.split("_", 1)[0]
    expected = path.parent / f"{publisher}.json"
    try:
        record = json.loads(expected.read_text(encoding="utf-8"))[key]
    except (OSError, ValueError, KeyError) as exc:
        raise RecordFormatError(
            f"cannot read the expected text {key} of {path} in {expected}: {exc}",
            code="E-STORY-GOLD",
        ) from exc
    body = record.get("body", {})
    paragraphs = list(body.get("summary", []))
    for section in body.get("sections", []):
        paragraphs.extend(section.get("headline", []))
        paragraphs.extend(section.get("paragraphs", []))
    return str(record.get("title", "")), "\n\n".join(paragraphs)


def page_html(item: RealItem, shared: Path) -> str:
    """Return the HTML of a news-page item (its pages are stored gzipped)."""
    path = shared / item.source["path"]
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")


def _plain(markup: str) -> str:
    text = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


LABEL_PASSES = ("pass_a", "pass_b", "adjudicated")
"""The label folders under ``annotation/labels/``: two independent passes and the gold."""

NO_GROUP = "none"
"""The label of an item that no other item of its window reports the same happening as."""


def load_labels(folder: Path) -> dict[str, str]:
    """Read every ``*.jsonl`` of a label folder and return ``{item id: group}``.

    Raises :class:`RecordFormatError` on a malformed line or an item labelled twice.
    """
    labels: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                identifier, group = str(row["id"]), str(row["group"])
            except (ValueError, KeyError, TypeError) as exc:
                raise RecordFormatError(
                    f"{path}:{number} is not a group label ({exc}); "
                    'each line needs "id" and "group"',
                    code="E-STORY-GOLD",
                ) from exc
            if identifier in labels:
                raise RecordFormatError(
                    f"{path}:{number}: {identifier} is labelled twice; label each item once",
                    code="E-STORY-GOLD",
                )
            labels[identifier] = group
    return labels


def happenings(items: Iterable[RealItem], labels: Mapping[str, str]) -> dict[str, str]:
    """Return ``{item id: happening}``, a happening named per window.

    Group names are unique inside a window only, so the window is part of the
    happening; an item without a group (``none``, or no label) is a
    happening of its own. Items of different windows never share one, so
    scoring pairs of these happenings scores pairs inside windows only.
    """
    found = {}
    for item in items:
        group = labels.get(item.id, NO_GROUP)
        found[item.id] = (
            f"{item.window}/{item.id}" if group == NO_GROUP else f"{item.window}/{group}"
        )
    return found


def within_windows(items: Iterable[RealItem], predicted: Mapping[str, str]) -> dict[str, str]:
    """Qualify predicted story ids by window, so that pairs across windows are never scored."""
    return {i.id: f"{i.window}|{predicted[i.id]}" for i in items if i.id in predicted}


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Pairwise agreement of two labellings over some windows.

    ``linked_first`` / ``linked_second``: item pairs of one window that each
    labelling puts in one group; ``both`` / ``either``: pairs that both / at
    least one of them link; ``identical``: windows partitioned the same way.
    """

    items: int
    windows: int
    identical: int
    linked_first: int
    linked_second: int
    both: int
    either: int
    differing: tuple[str, ...] = ()

    @property
    def f1(self) -> float:
        """Pairwise F1, ``2·both / (linked_first + linked_second)``; 1.0 when nothing is linked."""
        total = self.linked_first + self.linked_second
        return 2 * self.both / total if total else 1.0

    @property
    def jaccard(self) -> float:
        """Pairwise Jaccard index, ``both / either``; 1.0 when nothing is linked."""
        return self.both / self.either if self.either else 1.0

    def __add__(self, other: PairAgreement) -> PairAgreement:
        """Add the counts of two disjoint sets of windows."""
        return PairAgreement(
            self.items + other.items,
            self.windows + other.windows,
            self.identical + other.identical,
            self.linked_first + other.linked_first,
            self.linked_second + other.linked_second,
            self.both + other.both,
            self.either + other.either,
            self.differing + other.differing,
        )


def pair_agreement(
    items: Iterable[RealItem], first: Mapping[str, str], second: Mapping[str, str]
) -> PairAgreement:
    """Compare two labellings (``{item id: group}``) of ``items`` pair by pair inside windows.

    This is how ``annotation/AGREEMENT.md`` measures the two passes, and how
    a pass compares with the adjudicated gold: an item missing from a
    labelling counts as ``none``.
    """
    by_window = windows(items)
    total = PairAgreement(0, 0, 0, 0, 0, 0, 0)
    for window, members in by_window.items():
        left = happenings(members, first)
        right = happenings(members, second)
        linked_first = linked_second = both = either = 0
        for a, b in _pairs([m.id for m in members]):
            in_first = left[a] == left[b]
            in_second = right[a] == right[b]
            linked_first += in_first
            linked_second += in_second
            both += in_first and in_second
            either += in_first or in_second
        same = linked_first == linked_second == both
        total = total + PairAgreement(
            len(members),
            1,
            int(same),
            linked_first,
            linked_second,
            both,
            either,
            () if same else (window,),
        )
    return total


def _pairs(ids: Sequence[str]) -> Iterable[tuple[str, str]]:
    for index, first in enumerate(ids):
        for second in ids[index + 1 :]:
            yield first, second


def part_items(
    items: Iterable[RealItem],
    parts: Mapping[str, str],
    part: str,
    excluded: Iterable[str] = (),
) -> list[RealItem]:
    """Return the items of one part (``dev`` or ``test``) of the split.

    ``excluded`` (``excluded_from_dev.txt``) leaves the dev part: documents
    another corpus holds in its frozen test split.
    """
    if part not in ("dev", "test"):
        raise ValueError(f"unknown part {part!r} of the story set; use dev or test")
    left_out = set(excluded)
    return [i for i in items if parts.get(i.window) == part and i.id not in left_out]


def item_document(item: RealItem) -> RawDocument:
    """Return the raw document the engine ingests for an item (its text resolved first).

    The item is what a feed reader would hand over: title, text, publication
    day and language, as a JSON lines record gives them. Its source key is
    ``stories_real:ID`` so that outcomes map back to items.
    """
    if item.text is None:
        raise RecordFormatError(
            f"story item {item.id} has no text: resolve it first (resolve_item)",
            code="E-STORY-GOLD",
        )
    metadata = {"published": item.date, "language": item.language, "source_format": "jsonl"}
    if item.title:
        metadata["title"] = item.title
    corpus = item.source.get("corpus", "")
    return RawDocument(
        source=f"{SOURCE_PREFIX}{item.id}",
        data=item.text,
        media_type="text/plain",
        source_name=corpus.rsplit("/", 1)[-1] or None,
        metadata=metadata,
    )


SOURCE_PREFIX = "stories_real:"
"""Source key prefix of the documents :func:`item_document` builds."""
