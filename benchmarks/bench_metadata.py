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
* **organisation**: share of pages whose organisation byline equals the
  expected one (an expected "none" included); trafilatura has no such field,
  so its figure is the share of pages without an organisation byline;
* **date**: share of pages whose day, in the page's own time zone, is the
  expected day (or another day the page states as its own);
* **body**: mean token F1 (bag of lower-cased words) against the gold body;
* **speed**: veille's extraction rate as a ratio of trafilatura's on the same
  pages (the time of each extractor summed over the pages).

The scorer is ``veille.evaluation.metadata``, shared with the eval gate
(``scripts/eval_gate.py``), which pins floors on veille's figures.

The dev split lists veille's misses page by page. The test split was frozen
before development (eval/metadata/README.md): only aggregates are printed for
it, once over all its pages and once without the pages earlier veille work
had read (the fundus and trafilatura copies). When no pages folder is found
the script says where it looked and what to run, and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from veille.evaluation.metadata import (
    FIELDS,
    Found,
    Page,
    find_pages_folder,
    judge,
    load_pages,
    pages_folders,
    trafilatura_extractor,
    veille_extractor,
)

REPO = Path(__file__).resolve().parents[1]
PAGE_LIST = REPO / "eval" / "metadata" / "pages.jsonl"
SEEN_BEFORE = frozenset({"fundus", "trafilatura"})


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
        if scores["organisation"] == 0:
            print(
                f"  {page.id}: organisation: {expected['organisation']!r} | {found.organisation!r}"
            )
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
    looked = [args.pages] if args.pages else pages_folders(REPO)
    pages_dir = find_pages_folder(looked)
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
    pages, refused = load_pages(PAGE_LIST, pages_dir, splits)
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
