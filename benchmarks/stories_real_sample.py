"""The largest stories of the ~500-item real sample in ../shared/eval, to be read by a person.

Issue 19 asks that no story among the 20 largest of this sample mix two
happenings. The sample is every real item of ``../shared/eval`` that a new
user would ingest: the entries of every feed in ``feeds/``, every page in
``html/`` (gzip pages are unpacked to a temporary folder first) and the free
documents of ``french/wikinews_fr_keyphrase/`` (never the ids of its
``RESERVED.txt``, nor the documents of the frozen test part of
``eval/stories_real``). They are ingested into a fresh store with the settings of
the environment (``VEILLE_STORY_*``), and the largest stories are printed with
every member's language, happening day, how it joined, and title, so that a
person can read whether each story is one happening.

    .venv/bin/python benchmarks/stories_real_sample.py               # 20 largest
    .venv/bin/python benchmarks/stories_real_sample.py --top 30 --json out.json

When ``../shared`` is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from veille.engine import ingest
from veille.settings import Settings
from veille.store import open_store
from veille.stories.realset import load_excluded
from veille.stories.views import iso_day

_ROOT = Path(__file__).resolve().parent.parent
# ../shared next to the main checkout; a worktree under wt/ finds it one level up.
SHARED = next(
    (p / "shared" / "eval" for p in (_ROOT.parent, _ROOT.parent.parent) if (p / "shared").is_dir()),
    _ROOT.parent / "shared" / "eval",
)
_FEED_SUFFIXES = (".rss", ".atom", ".xml", ".json")


def sample_sources(shared: Path, workdir: Path) -> list[str]:
    """Return the sample's source paths: feeds, pages (unpacked into ``workdir``), free docs."""
    sources: list[str] = []
    for path in sorted((shared / "feeds").rglob("*")):
        # The rss-parser expected outputs are JSON answers, not feeds.
        if path.suffix in _FEED_SUFFIXES and "output" not in path.parts:
            sources.append(str(path))
    pages = workdir / "pages"
    for path in sorted((shared / "html").rglob("*.htm*")):
        target = pages / path.relative_to(shared / "html")
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".gz":
            target = target.with_suffix("")
            target.write_bytes(gzip.decompress(path.read_bytes()))
        else:
            shutil.copyfile(path, target)
        sources.append(str(target))
    wikinews = shared / "french" / "wikinews_fr_keyphrase"
    reserved = {
        line.strip()
        for line in (wikinews / "RESERVED.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    held_out = frozen_test_documents()
    for path in sorted((wikinews / "documents").glob("*.html")):
        if path.stem not in reserved and path.stem not in held_out:
            sources.append(str(path))
    return sources


def frozen_test_documents() -> set[str]:
    """Return the Wikinews ids in the frozen test part of ``eval/stories_real``.

    The sample leaves them out so that reading its largest stories never
    reads a test record (the set's feed and page windows are always dev).
    """
    folder = _ROOT / "eval" / "stories_real"
    split = json.loads((folder / "split.json").read_text("utf-8"))
    # Documents the event corpus may hold in its test split are left out too.
    excluded = load_excluded(folder / "excluded_from_dev.txt")
    held_out = set()
    for line in (folder / "items.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        test = split["parts"][item["window"]] == "test" or item["id"] in excluded
        if test and "doc_id" in item["source"]:
            held_out.add(item["source"]["doc_id"])
    return held_out


def largest_stories(db: Path, top: int) -> list[dict[str, object]]:
    """Return the ``top`` largest stories of a store with their members, biggest first."""
    with open_store(str(db)) as store:
        listed = store.stories(limit=1_000_000)
        listed.sort(key=lambda s: (-s.size, s.id))
        found = []
        for story in listed[:top]:
            members = []
            for member in store.story_members(story.id):
                stored = store.article(member.article_id)
                article = stored.article if stored else None
                members.append(
                    {
                        "article_id": member.article_id,
                        "language": article.language if article else None,
                        "day": iso_day(member.day),
                        "link": member.link,
                        "score": member.score,
                        "title": article.title if article else None,
                        "source": article.source_name if article else None,
                    }
                )
            found.append({"id": story.id, "size": story.size, "members": members})
        sizes = Counter(s.size for s in listed)
    print(
        f"{sum(sizes.values())} stories; sizes: "
        + ", ".join(f"{size}×{count}" for size, count in sorted(sizes.items(), reverse=True))
    )
    return found


def main() -> int:
    """Ingest the sample into a fresh store and print its largest stories."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the stories to this file")
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temporary one)")
    args = parser.parse_args()
    if not args.shared.is_dir():
        print(f"{args.shared} not found: the real sample lives in ../shared; nothing to read.")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db = args.db or workdir / "sample.db"
        sources = sample_sources(args.shared, workdir)
        settings = Settings.from_env(db=str(db))
        started = time.perf_counter()
        report = ingest(sources, settings=settings)
        seconds = time.perf_counter() - started
        print(
            f"{len(sources)} sources, {dict(report.counts)} in {seconds:.0f} s "
            f"(window {settings.story_window}, threshold {settings.story_threshold}, "
            f"similarity {settings.story_similarity})"
        )
        stories = largest_stories(db, args.top)
    for rank, story in enumerate(stories, start=1):
        print(f"\n#{rank} {story['id']} — {story['size']} articles")
        for m in story["members"]:  # type: ignore[attr-defined]
            score = f" {m['score']:.2f}" if m["score"] is not None else ""
            print(f"  [{m['language']}] {m['day']} {m['link']}{score}  {m['title']}")
    if args.json:
        args.json.write_text(json.dumps(stories, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
