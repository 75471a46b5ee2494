"""Article metadata and body on real pages: veille against bare trafilatura, same run.

Usage: python benchmarks/bench_metadata.py [--pages DIR] [--split dev|test|both] [--no-misses]

Reads the page list ``eval/metadata/pages.jsonl`` (see its README) and the
pages themselves from a folder laid out as ``pages/<id, / as __>.html.gz`` and
``bodies/<same>.txt``; the first of these that exists: ``--pages DIR``,
``$VEILLE_METADATA_PAGES``, ``shared/eval/metadata`` (beside the repository or
beside a folder holding it), ``$XDG_CACHE_HOME/veille/metadata-pages``
(``~/.cache/...``). ``scripts/build_metadata_pages.py`` builds that folder from
the pages' sources. A file whose hash differs from the list is refused, not
scored. For every page it runs
``veille.extract.extract_article`` and ``trafilatura.bare_extraction``
(metadata on) one after the other and prints, per split and language:

* **title**: share of pages whose title equals the expected one (or a second
  headline the page shows as prominently) after normalising case, spaces,
  quotes and dashes;
* **author**: share of pages whose set of person names equals the expected
  one (case-insensitive); an expected empty set is scored too, so reporting
  an outlet or agency as a person is a miss; ``org→person`` counts those;
* **date**: share of pages whose day, in the page's own time zone, is the
  expected day (or another day the page states as its own);
* **body**: mean token F1 (bag of lower-cased words) against the gold body;
* **speed**: veille's extraction rate as a ratio of trafilatura's on the same
  pages (the time of each extractor summed over the pages).

The dev split lists veille's misses page by page. The test split was frozen
before development (eval/metadata/README.md): only aggregates are printed for
it, once over all its pages and once without the pages earlier veille work
had read (the fundus and trafilatura copies). When no pages folder is found
the script says where it looked and what to run, and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE_LIST = REPO / "eval" / "metadata" / "pages.jsonl"
FIELDS = ("title", "author", "date", "body")
SEEN_BEFORE = frozenset({"fundus", "trafilatura"})
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;&/|]|\band\b|\bet\b)\s*", re.IGNORECASE)
_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
    }
)
_WORD = re.compile(r"\w+")
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})$")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the list with its HTML and gold body (when it has one)."""

    id: str
    source: str
    split: str
    language: str
    url: str | None
    html: str
    expected: dict[str, object]
    body: str | None


@dataclass(slots=True)
class Found:
    """What one extractor returned for one page."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    organisation: str | None = None
    date: str | None = None
    body: str = ""
    error: str | None = None


def pages_folders() -> list[Path]:
    """Where the pages folder is looked for when ``--pages`` is not given, in order."""
    folders = []
    if configured := os.environ.get("VEILLE_METADATA_PAGES"):
        folders.append(Path(configured))
    shared = next((f / "shared" for f in REPO.parents if (f / "shared" / "eval").is_dir()), None)
    folders.append((shared or REPO.parent / "shared") / "eval" / "metadata")
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folders.append(Path(cache) / "veille" / "metadata-pages")
    return folders


def load_pages(pages_dir: Path, splits: set[str]) -> tuple[list[Page], list[str]]:
    """Return the pages of ``splits`` whose files match the list, and the ids refused."""
    pages: list[Page] = []
    refused: list[str] = []
    for line in PAGE_LIST.read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["split"] not in splits:
            continue
        name = record["id"].replace("/", "__")
        page_path = pages_dir / "pages" / f"{name}.html.gz"
        body_path = pages_dir / "bodies" / f"{name}.txt"
        expected = record["expected"]
        try:
            raw = gzip.decompress(page_path.read_bytes())
            body_bytes = body_path.read_bytes() if expected["body_sha256"] else None
        except OSError:
            refused.append(record["id"])
            continue
        body_ok = (
            body_bytes is None or hashlib.sha256(body_bytes).hexdigest() == expected["body_sha256"]
        )
        if hashlib.sha256(raw).hexdigest() != record["sha256"] or not body_ok:
            refused.append(record["id"])
            continue
        pages.append(
            Page(
                id=record["id"],
                source=record["source"],
                split=record["split"],
                language=record["language"],
                url=record.get("url") or None,
                html=raw.decode("utf-8", errors="replace"),
                expected=expected,
                body=body_bytes.decode("utf-8") if body_bytes is not None else None,
            )
        )
    return pages, refused


def veille_extractor() -> Callable[[Page], Found]:
    """Return a function that reads a page with veille's own extraction."""
    from veille.extract import extract_article  # noqa: PLC0415
    from veille.records import RawDocument  # noqa: PLC0415
    from veille.settings import Settings  # noqa: PLC0415

    settings = Settings()

    def run(page: Page) -> Found:
        raw = RawDocument(source=page.id, data=page.html, media_type="text/html", url=page.url)
        try:
            article = extract_article(raw, settings)
        except Exception as exc:  # a miss, reported with its reason, not a crash
            return Found(error=f"{type(exc).__name__}: {exc}")
        authors = list(getattr(article, "authors", ()) or _split_names(article.author))
        day = getattr(article, "published_date_local", None)
        if day is None and article.published_at is not None:
            offset = _offset_of(article.published_text or "")
            day = article.published_at.astimezone(offset or UTC).date().isoformat()
        body = "\n".join(
            article.text[s.start : s.end]
            for s in article.sections
            if s.kind in ("body", "commentary")
        )
        return Found(
            title=article.title,
            authors=authors,
            organisation=getattr(article, "organisation", None),
            date=day,
            body=body,
        )

    return run


def trafilatura_extractor() -> Callable[[Page], Found]:
    """Return a function that reads a page with bare trafilatura (metadata on)."""
    import trafilatura  # noqa: PLC0415

    def run(page: Page) -> Found:
        document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        if document is None:
            return Found()
        values = document if isinstance(document, dict) else document.as_dict()
        return Found(
            title=values.get("title"),
            authors=_split_names(values.get("author")),
            date=(values.get("date") or None),
            body=values.get("text") or "",
        )

    return run


def _split_names(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in _AUTHOR_SPLIT.split(value) if part.strip()]


def _offset_of(value: str) -> timezone | None:
    match = _OFFSET.search(value.strip())
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


def normalise(text: str) -> str:
    """Case, compatibility forms, quotes, dashes and spaces folded: what title matching ignores."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(folded.split())


def token_f1(found: str, gold: str) -> float:
    """F1 of the bags of lower-cased words of ``found`` and ``gold``."""
    got = Counter(_WORD.findall(found.casefold()))
    want = Counter(_WORD.findall(gold.casefold()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def judge(page: Page, found: Found) -> dict[str, float | None]:
    """Score one extractor's output on one page; ``None`` where the page has no expectation."""
    expected = page.expected
    scores: dict[str, float | None] = dict.fromkeys(FIELDS)
    if expected["title"]:
        titles = {normalise(str(t)) for t in [expected["title"], *expected.get("title_also", [])]}  # type: ignore[list-item]
        scores["title"] = float(found.title is not None and normalise(found.title) in titles)
        want = {normalise(str(name)) for name in expected["authors"]}  # type: ignore[attr-defined]
        scores["author"] = float({normalise(name) for name in found.authors} == want)
    if expected["date"]:
        days = {expected["date"], *expected.get("date_also", [])}  # type: ignore[misc]
        scores["date"] = float(found.date is not None and found.date[:10] in days)
    if page.body is not None:
        scores["body"] = token_f1(found.body, page.body)
    return scores


@dataclass(slots=True)
class Run:
    """One extractor's outputs, scores and time over the pages."""

    found: list[Found] = field(default_factory=list)
    scores: list[dict[str, float | None]] = field(default_factory=list)
    seconds: float = 0.0


def run_all(pages: list[Page], extractors: dict[str, Callable[[Page], Found]]) -> dict[str, Run]:
    """Run every extractor on every page, alternating which goes first, timing each."""
    runs = {name: Run() for name in extractors}
    names = list(extractors)
    for index, page in enumerate(pages):
        order = names if index % 2 == 0 else names[::-1]
        results: dict[str, Found] = {}
        for name in order:
            start = time.perf_counter()
            results[name] = extractors[name](page)
            runs[name].seconds += time.perf_counter() - start
        for name in names:
            runs[name].found.append(results[name])
            runs[name].scores.append(judge(page, results[name]))
    return runs


def _cell(values: list[float]) -> str:
    if not values:
        return f"{'-':>14}"
    return f"{sum(values) / len(values):6.1%} ({len(values):>3})"


def print_table(title: str, pages: list[Page], runs: dict[str, Run]) -> None:
    """Print one block: per extractor and language, the four scores and org→person errors."""
    print(f"\n{title}: {len(pages)} pages")
    header = " ".join(f"{f:>14}" for f in FIELDS)
    print(f"{'extractor':<12} {'lang':<4} {header} {'org→person':>11}")
    for name, run in runs.items():
        for language in ("fr", "en", "all"):
            chosen = [i for i, p in enumerate(pages) if language in (p.language, "all")]
            cells = []
            for field_name in FIELDS:
                values = [s for i in chosen if (s := run.scores[i][field_name]) is not None]
                cells.append(_cell(values))
            wrongly = sum(
                1
                for i in chosen
                if pages[i].expected["title"]
                and not pages[i].expected["authors"]
                and run.found[i].authors
            )
            print(f"{name:<12} {language:<4} {' '.join(cells)} {wrongly:>11}")


def print_misses(pages: list[Page], run: Run) -> None:
    """Print every field veille got wrong on dev pages, with the expected and found values."""
    print("\nveille misses on dev pages (page: field: expected | found)")
    for page, found, scores in zip(pages, run.found, run.scores, strict=True):
        if found.error:
            print(f"  {page.id}: error: {found.error}")
            continue
        expected = page.expected
        if scores["title"] == 0:
            print(f"  {page.id}: title: {expected['title']!r} | {found.title!r}")
        if scores["author"] == 0:
            print(f"  {page.id}: author: {expected['authors']!r} | {found.authors!r}")
        if scores["date"] == 0:
            print(f"  {page.id}: date: {expected['date']!r} | {found.date!r}")
        if scores["body"] is not None and scores["body"] < 0.8:
            print(f"  {page.id}: body F1 {scores['body']:.2f}")


def main() -> int:
    """Run the benchmark and print the tables; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=None)
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--no-misses", action="store_true", help="do not list veille's dev misses")
    args = parser.parse_args()
    looked = [args.pages] if args.pages else pages_folders()
    pages_dir = next((folder for folder in looked if (folder / "pages").is_dir()), None)
    if pages_dir is None:
        print(
            "No metadata pages folder (the pages are not in the repository); looked in:\n  "
            + "\n  ".join(str(folder) for folder in looked)
            + "\nBuild one from the pages' sources (eval/metadata/README.md), e.g.\n"
            "  python scripts/build_metadata_pages.py --repos DIR_WITH_GIT_CLONES\n"
            "then run this again; nothing measured."
        )
        return 0
    print(f"pages: {pages_dir}")
    splits = {"dev", "test"} if args.split == "both" else {args.split}
    pages, refused = load_pages(pages_dir, splits)
    if refused:
        print(f"refused (missing, or not the page the list pins): {len(refused)}")
    extractors = {"veille": veille_extractor(), "trafilatura": trafilatura_extractor()}
    runs = run_all(pages, extractors)
    for split in ("dev", "test"):
        chosen = [i for i, p in enumerate(pages) if p.split == split]
        if not chosen:
            continue
        part = [pages[i] for i in chosen]
        sub = {name: _subset(run, chosen) for name, run in runs.items()}
        print_table(split, part, sub)
        if split == "test":
            unseen = [i for i in chosen if pages[i].source not in SEEN_BEFORE]
            print_table(
                "test, without the pages earlier work had read",
                [pages[i] for i in unseen],
                {name: _subset(run, unseen) for name, run in runs.items()},
            )
        elif not args.no_misses:
            print_misses(part, sub["veille"])
    ratio = runs["trafilatura"].seconds / runs["veille"].seconds if runs["veille"].seconds else 0.0
    print(
        f"\nspeed: veille {len(pages) / runs['veille'].seconds:.1f} pages/s, trafilatura "
        f"{len(pages) / runs['trafilatura'].seconds:.1f} pages/s; veille = {ratio:.2f}x trafilatura"
    )
    return 0


def _subset(run: Run, indexes: list[int]) -> Run:
    return Run(
        found=[run.found[i] for i in indexes],
        scores=[run.scores[i] for i in indexes],
        seconds=run.seconds,
    )


if __name__ == "__main__":
    sys.exit(main())
