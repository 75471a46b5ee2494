"""Build the real-news story set (eval/stories_real/) from its selection files and ../shared.

    .venv/bin/python scripts/build_stories_real.py items     # sources/*.tsv -> items.jsonl
    .venv/bin/python scripts/build_stories_real.py split     # items -> split.json (seeded draw)
    .venv/bin/python scripts/build_stories_real.py batches   # items -> annotation/batches/NN.jsonl
    .venv/bin/python scripts/build_stories_real.py resolve OUT_DIR   # batches with every text

``items`` needs ``../shared/eval`` (French Wikinews documents, English
Wikinews documents of ``../shared/train/gum_news``, feed and page dates);
the other steps read only the repository, except ``resolve``, which fills in
the feed entries and news pages that the repository only points to (their
text belongs to their publishers) so that annotators can read them.
See eval/stories_real/README.md for the sources, licences and method.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from email.utils import parsedate_to_datetime
from pathlib import Path

from veille.stories.realset import (
    SPLIT_SEED,
    RealItem,
    digest_of_test_ids,
    draw_split,
    group_counts,
    item_id,
    load_items,
    resolve_item,
    windows,
)

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "eval" / "stories_real"
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
BATCH_SIZE = 60
_MONTHS = {
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
_WIKINEWS_FR = "shared/eval/french/wikinews_fr_keyphrase"
_LICENCES = {
    "wnfr": "CC BY 2.5 (fr.wikinews.org contributors)",
    "wpce": "CC BY-SA 3.0 (Wikipedia Current events portal contributors, via the Context)",
    "gum": "CC BY 2.5 (en.wikinews.org contributors; text via UD_English-GUM)",
    "feed": "text (c) its publisher, not copied here; fixture MIT (rbren/rss-parser)",
    "page": "text (c) its publisher, not copied here; fixture MIT (flairNLP/fundus)",
}


def build_items(sources: Path, shared: Path) -> list[RealItem]:
    """Read every ``sources/WINDOW.tsv`` and return the items it selects."""
    french = _jsonl(shared / "eval" / "french" / "wikinews_fr_keyphrase" / "docs.jsonl", "id")
    reserved = _reserved(shared / "eval" / "french" / "wikinews_fr_keyphrase" / "RESERVED.txt")
    reserved_days = _reserved(
        shared / "eval" / "french" / "wikinews_fr_keyphrase" / "RESERVED_DAYS.txt"
    )
    gum = _jsonl(shared / "train" / "gum_news" / "docs.jsonl", "doc_id")
    items = []
    for path in sorted(sources.glob("*.tsv")):
        window = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, *rest = line.split("\t")
            if kind == "wikinews_fr":
                if rest[0] in reserved:
                    raise SystemExit(f"{path}: {rest[0]} is reserved for outside evaluation")
                items.append(_french(french[rest[0]], window))
            elif kind == "wpce":
                day, commit, text = rest
                if day in reserved_days:
                    raise SystemExit(f"{path}: {day} is a reserved current-events day")
                items.append(_summary(day, commit, text, window))
            elif kind == "gum":
                items.append(_gum(gum[rest[0]], window))
            elif kind == "feed":
                items.append(_feed(shared / "eval", rest[0], rest[1], window))
            elif kind == "page":
                items.append(_page(shared / "eval", rest[0], rest[1], window))
            else:
                raise SystemExit(f"{path}: unknown kind {kind!r}")
    return items


def _french(doc: dict[str, str], window: str) -> RealItem:
    match = re.match(r"(\d+)(?:er)? (\w+) (\d{4})", doc.get("date_text") or "")
    if match is None:
        raise SystemExit(f"wikinews_fr {doc['id']} has no date")
    date = f"{match[3]}-{_MONTHS[match[2]]:02d}-{int(match[1]):02d}"
    return RealItem(
        id=item_id("wnfr", doc["id"]),
        language="fr",
        date=date,
        title=doc["title"].replace("\u00ad", ""),
        text=doc["text"].replace("\u00ad", ""),
        window=window,
        source={"corpus": _WIKINEWS_FR, "doc_id": doc["id"], "licence": _LICENCES["wnfr"]},
    )


def _summary(day: str, commit: str, text: str, window: str) -> RealItem:
    year, month, number = day.split("-")
    url = f"https://github.com/nixworks/public/blob/{commit}/news/{year}/{month}/{int(number)}/index.md"
    return RealItem(
        id=item_id("wpce", day, text),
        language="en",
        date=day,
        title=None,
        text=text,
        window=window,
        source={
            "corpus": "wikipedia-current-events (nixworks/public)",
            "url": url,
            "licence": _LICENCES["wpce"],
        },
    )


def _gum(doc: dict[str, str], window: str) -> RealItem:
    paragraphs = doc["text"].split("\n\n")
    # The first paragraph is the headline, kept as the title; the dateline stays in the text.
    return RealItem(
        id=item_id("gum", doc["doc_id"].removeprefix("GUM_news_")),
        language="en",
        date=doc["date_created"],
        title=doc["title"],
        text="\n\n".join(paragraphs[1:]).strip(),
        window=window,
        source={
            "corpus": "shared/train/gum_news",
            "doc_id": doc["doc_id"],
            "url": doc["source_url"],
            "licence": _LICENCES["gum"],
        },
    )


def _feed(shared: Path, path: str, link: str, window: str) -> RealItem:
    import feedparser  # noqa: PLC0415 - only this step reads feeds

    parsed = feedparser.parse((shared / "feeds" / path).read_bytes())
    entry = next(e for e in parsed.entries if e.get("link") == link)
    date = parsedate_to_datetime(entry["published"]).date().isoformat()
    return RealItem(
        id=item_id("feed", f"{path}#{link}"),
        language="en",
        date=date,
        title=None,
        text=None,
        window=window,
        source={
            "corpus": "shared/eval/feeds",
            "path": f"feeds/{path}",
            "entry": link,
            "licence": _LICENCES["feed"],
        },
    )


def _page(shared: Path, path: str, key: str, window: str) -> RealItem:
    stem = Path(path).name.removesuffix(".html.gz")
    publisher = stem.split("_", 1)[0]
    record = json.loads((shared / Path(path).parent / f"{publisher}.json").read_text("utf-8"))[key]
    language = "fr" if "/fr/" in path else "en"
    return RealItem(
        id=item_id("page", stem),
        language=language,
        date=str(record["publishing_date"])[:10],
        title=None,
        text=None,
        window=window,
        source={
            "corpus": "shared/eval/html",
            "path": path,
            "key": key,
            "licence": _LICENCES["page"],
        },
    )


def _jsonl(path: Path, key: str) -> dict[str, dict[str, str]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {str(row[key]): row for row in rows}


def _reserved(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def write_items(items: list[RealItem], path: Path) -> None:
    """Write ``items.jsonl``, windows in name order, items by date then id."""
    ordered = [i for group in windows(items).values() for i in group]
    lines = [json.dumps(i.as_json(), ensure_ascii=False) for i in ordered]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_split(items: list[RealItem], labels: dict[str, str], path: Path) -> dict[str, str]:
    """Draw the split, write ``split.json`` and return ``{window: part}``."""
    parts = draw_split(items, labels)
    counts = group_counts(items, labels)
    summary = {
        part: {
            "windows": sum(1 for p in parts.values() if p == part),
            "items": sum(1 for i in items if parts[i.window] == part),
            "candidate_groups": sum(counts[w] for w, p in parts.items() if p == part),
        }
        for part in ("dev", "test")
    }
    body = {
        "seed": SPLIT_SEED,
        "procedure": "veille.stories.realset.draw_split",
        "parts": parts,
        "summary": summary,
        "test_ids_sha256": digest_of_test_ids(items, parts),
    }
    path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    return parts


def write_batches(items: list[RealItem], parts: dict[str, str], folder: Path) -> list[Path]:
    """Cut annotation batches of about :data:`BATCH_SIZE` items, whole windows, one part each.

    Batches hold items without any group label, windows in name order; a
    window is never split and a batch never mixes the dev and test parts.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    batches: list[list[RealItem]] = []
    for part in ("dev", "test"):
        current: list[RealItem] = []
        for window, members in windows(items).items():
            if parts[window] != part:
                continue
            if current and len(current) + len(members) > BATCH_SIZE:
                batches.append(current)
                current = []
            current.extend(members)
        if current:
            batches.append(current)
    written = []
    index = {}
    for number, batch in enumerate(batches, start=1):
        path = folder / f"{number:02d}.jsonl"
        lines = [json.dumps(_batch_row(i), ensure_ascii=False) for i in batch]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
        index[path.name] = {
            "part": parts[batch[0].window],
            "windows": sorted({i.window for i in batch}),
            "items": len(batch),
        }
    # Which batch is which part: adjudication and scoring read it; the test batches are never
    # opened by whoever develops on the dev part.
    (folder.parent / "batches.json").write_text(json.dumps(index, indent=1) + "\n", "utf-8")
    return written


def _batch_row(item: RealItem) -> dict[str, object]:
    row = item.as_json()
    del row["window"]
    return {"window": item.window, **row}


def main() -> int:
    """Run one step of the build (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["items", "split", "batches", "resolve"])
    parser.add_argument("out", nargs="?", type=Path, help="folder for `resolve`")
    args = parser.parse_args()
    items_path = SET / "items.jsonl"
    labels_path = SET / "candidates" / "proposed_groups.json"
    if args.step == "items":
        items = build_items(SET / "sources", SHARED)
        write_items(items, items_path)
        print(f"{len(items)} items in {len(windows(items))} windows -> {items_path}")
        return 0
    items = load_items(items_path)
    if args.step == "split":
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        parts = write_split(items, labels, SET / "split.json")
        tested = sorted(w for w, p in parts.items() if p == "test")
        print(f"test windows: {', '.join(tested)}")
        print(f"test ids sha256: {digest_of_test_ids(items, parts)}")
        return 0
    parts = json.loads((SET / "split.json").read_text(encoding="utf-8"))["parts"]
    if args.step == "batches":
        for path in write_batches(items, parts, SET / "annotation" / "batches"):
            print(path.relative_to(ROOT), sum(1 for _ in path.open(encoding="utf-8")))
        return 0
    if args.out is None:
        parser.error("resolve needs an output folder")
    args.out.mkdir(parents=True, exist_ok=True)
    by_id = {i.id: resolve_item(i, SHARED / "eval") for i in items}
    per_batch: dict[str, list[str]] = defaultdict(list)
    for path in sorted((SET / "annotation" / "batches").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = by_id[json.loads(line)["id"]]
            per_batch[path.name].append(json.dumps(_batch_row(item), ensure_ascii=False))
    for name, lines in per_batch.items():
        (args.out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(per_batch)} batches with every text -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
