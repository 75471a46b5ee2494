"""Metadata accuracy on real news pages: veille against bare trafilatura, same run.

Usage: python benchmarks/bench_metadata.py [--eval-dir ../shared/eval/html] [--no-misses]

Reads the real pages kept in ``../shared/eval/html`` (see its README): the
fundus pages (gzip HTML, expected output per parser version in
``<Publisher>.json``) and the trafilatura pages (``expected_subset.json``).
For each page it extracts title, author and date with
``veille.extract.extract_article`` and with ``trafilatura.bare_extraction``,
and prints exact-match rates per language and overall, then veille's misses.

Comparison rules (light normalisation, the same for both extractors):

* title: whitespace collapsed (non-breaking spaces included), case kept;
* author: the set of names, split on ``,``, ``;``, ``&``, `` and ``,
  `` et ``, whitespace collapsed, case-insensitive;
* date: ``YYYY-MM-DD``. veille stores an absolute UTC time, so it is read in
  the expected value's own UTC offset when the expected value has one (fundus);
  else in the offset the page wrote (trafilatura's expected values are
  date-only, in the page's local time).

Fields an expected file leaves empty are "not annotated" and not scored.
When ``../shared`` is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, timedelta, timezone
from pathlib import Path

FIELDS = ("title", "author", "date")
DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "html"
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;&/|]|\band\b|\bet\b)\s*", re.IGNORECASE)
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})$")


@dataclass(frozen=True, slots=True)
class Page:
    """One real page with the metadata its source project expects."""

    name: str
    language: str
    url: str | None
    html: str
    expected: dict[str, str]
    expected_offset: timezone | None


@dataclass(frozen=True, slots=True)
class Found:
    """Title, author and date as one extractor returned them, date already YYYY-MM-DD."""

    title: str | None
    author: str | None
    date: str | None


def load_pages(eval_dir: Path) -> list[Page]:
    """Return every page under ``eval_dir`` (fundus then trafilatura) with its expectations."""
    return [*_fundus_pages(eval_dir / "fundus"), *_trafilatura_pages(eval_dir / "trafilatura")]


def _fundus_pages(root: Path) -> Iterator[Page]:
    for country in sorted(p for p in root.iterdir() if p.is_dir()):
        meta_path = country / "meta.info"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        pages = sorted(country.glob("*.html.gz"))
        for path in pages:
            publisher = path.name.rsplit("_", 3)[0]
            versions = json.loads((country / f"{publisher}.json").read_text("utf-8"))
            siblings = [p for p in pages if p.name.rsplit("_", 3)[0] == publisher]
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            expected = _pick_version(html, versions, siblings.index(path), len(siblings))
            published = str(expected.get("publishing_date") or "")
            yield Page(
                name=f"fundus/{country.name}/{path.name.removesuffix('.html.gz')}",
                language="fr" if country.name == "fr" else "en",
                url=meta.get(path.name, {}).get("url"),
                html=html,
                expected={
                    "title": str(expected.get("title") or ""),
                    "author": ", ".join(str(name) for name in _as_list(expected.get("authors"))),
                    "date": published[:10],
                },
                expected_offset=_offset_of(published),
            )


def _pick_version(
    html: str, versions: dict[str, dict[str, object]], position: int, count: int
) -> dict[str, object]:
    """Pair a page with its fundus parser version.

    The data does not record the pairing. The expected title written in the
    page itself is direct evidence, so it decides; failing that, the n-th page
    by date goes with the n-th version key (what the data's README suggests).
    """
    flat = _norm_space(html)
    for value in versions.values():
        title = _norm_space(str(value.get("title") or ""))
        if title and title in flat:
            return value
    keys = sorted(versions)
    return versions[keys[min(position + len(keys) - count, len(keys) - 1)]]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _trafilatura_pages(root: Path) -> Iterator[Page]:
    expected_all = json.loads((root / "expected_subset.json").read_text("utf-8"))
    for url, item in sorted(expected_all.items(), key=lambda kv: kv[1]["local_path"]):
        html = (root / item["local_path"]).read_text("utf-8", errors="replace")
        yield Page(
            name=f"trafilatura/{item['local_path'].removesuffix('.html')}",
            language=item["lang"],
            url=url,
            html=html,
            expected={key: str(item.get(key) or "") for key in FIELDS},
            expected_offset=None,
        )


def veille_extractor() -> Callable[[Page], Found]:
    """Return a function that reads a page with veille's own extraction."""
    from veille.extract import extract_article  # noqa: PLC0415
    from veille.records import RawDocument  # noqa: PLC0415
    from veille.settings import Settings  # noqa: PLC0415

    settings = Settings()

    def run(page: Page) -> Found:
        raw = RawDocument(source=page.name, data=page.html, media_type="text/html", url=page.url)
        try:
            article = extract_article(raw, settings)
        except Exception as exc:  # a miss, reported with its reason, not a crash
            return Found(None, None, f"error: {exc}")
        day = None
        if article.published_at is not None:
            offset = page.expected_offset or _offset_of(article.published_text or "")
            day = article.published_at.astimezone(offset or UTC).date().isoformat()
        return Found(article.title, article.author, day)

    return run


def trafilatura_extractor() -> Callable[[Page], Found]:
    """Return a function that reads a page with bare trafilatura (metadata on)."""
    import trafilatura  # noqa: PLC0415

    def run(page: Page) -> Found:
        document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        if document is None:
            return Found(None, None, None)
        values = document if isinstance(document, dict) else document.as_dict()
        return Found(values.get("title"), values.get("author"), values.get("date"))

    return run


def matches(field: str, expected: str, found: str | None) -> bool:
    """Say whether ``found`` equals ``expected`` for ``field`` after light normalisation."""
    if found is None:
        return False
    if field == "author":
        return _author_set(expected) == _author_set(found)
    if field == "date":
        return found[:10] == expected[:10]
    return _norm_space(found) == _norm_space(expected)


def _author_set(value: str) -> frozenset[str]:
    return frozenset(
        _norm_space(part).casefold() for part in _AUTHOR_SPLIT.split(value) if part.strip()
    )


def _norm_space(value: str) -> str:
    return " ".join(value.split())


def _offset_of(value: str) -> timezone | None:
    match = _OFFSET.search(value.strip())
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    return timezone(sign * delta)


def score(
    pages: list[Page], found: dict[str, list[Found]]
) -> dict[str, dict[str, dict[str, tuple[int, int]]]]:
    """Count (hits, annotated) per extractor, language group and field."""
    table: dict[str, dict[str, dict[str, tuple[int, int]]]] = {}
    for name, results in found.items():
        per_group: dict[str, dict[str, tuple[int, int]]] = {}
        for group in ("fr", "en", "all"):
            per_field: dict[str, tuple[int, int]] = {}
            for field in FIELDS:
                hits = total = 0
                for page, result in zip(pages, results, strict=True):
                    expected = page.expected[field]
                    if not expected or group not in (page.language, "all"):
                        continue
                    total += 1
                    hits += matches(field, expected, getattr(result, field))
                per_field[field] = (hits, total)
            per_group[group] = per_field
        table[name] = per_group
    return table


def print_table(table: dict[str, dict[str, dict[str, tuple[int, int]]]]) -> None:
    """Print exact-match rates, one row per extractor and language group."""
    print(f"{'extractor':<12} {'lang':<4} " + " ".join(f"{f:>15}" for f in FIELDS))
    for name, per_group in table.items():
        for group, per_field in per_group.items():
            cells = []
            for field in FIELDS:
                hits, total = per_field[field]
                rate = hits / total if total else 0.0
                cells.append(f"{rate:6.1%} ({hits:>2}/{total:<2})")
            print(f"{name:<12} {group:<4} " + " ".join(f"{c:>15}" for c in cells))


def print_misses(pages: list[Page], results: list[Found]) -> None:
    """Print every field veille got wrong, with the expected and the found value."""
    print("\nveille misses (page: field: expected | found)")
    count = 0
    for page, result in zip(pages, results, strict=True):
        for field in FIELDS:
            expected = page.expected[field]
            got = getattr(result, field)
            if expected and not matches(field, expected, got):
                count += 1
                print(f"  {page.name}: {field}: {expected!r} | {got!r}")
    if not count:
        print("  none")


def main() -> int:
    """Run the benchmark and print the tables; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--no-misses", action="store_true", help="do not list veille's misses")
    args = parser.parse_args()
    if not args.eval_dir.is_dir():
        print(f"{args.eval_dir} not found: the real pages live in ../shared; nothing to measure.")
        return 0
    pages = load_pages(args.eval_dir)
    languages = {lang: sum(p.language == lang for p in pages) for lang in ("fr", "en")}
    print(f"{len(pages)} pages ({languages['fr']} fr, {languages['en']} en) from {args.eval_dir}")
    extractors = {"veille": veille_extractor(), "trafilatura": trafilatura_extractor()}
    found = {name: [run(page) for page in pages] for name, run in extractors.items()}
    print()
    print_table(score(pages, found))
    if not args.no_misses:
        print_misses(pages, found["veille"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
