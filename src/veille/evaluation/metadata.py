"""Scoring article metadata (title, authors, organisation, day, body) on real pages.

The page set is ``eval/metadata/`` (its README gives the sources, the split
and how the expected values were written): a page list ``pages.jsonl`` in
the repository, and the pages themselves in a folder kept outside it, laid
out as ``pages/<id, / as __>.html.gz`` and ``bodies/<same>.txt``. A file whose
hash differs from the list is refused, never scored.

Per page, :func:`judge` gives:

* **title**: 1 when the title equals the expected one (or a second headline
  the page shows as prominently) after folding case, spaces, quotes and
  dashes;
* **author**: 1 when the set of person names equals the expected one; an
  expected empty set is scored too, so an outlet reported as a person is a
  miss;
* **organisation**: 1 when the organisation byline equals the expected one,
  an expected "none" included (so a person page given an organisation is a
  miss);
* **date**: 1 when the day, in the page's own time zone, is the expected day
  (or another day the page states as its own);
* **body**: token F1 (bags of lower-cased words) against the gold body.

``benchmarks/bench_metadata.py`` prints these side by side with bare
trafilatura; ``scripts/eval_gate.py`` pins floors on veille's means per part
and language (:func:`part_scores`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone
from pathlib import Path

FIELDS = ("title", "author", "organisation", "date", "body")
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


def pages_folders(repository: Path) -> list[Path]:
    """Where the pages folder is looked for, in order, for the repository at ``repository``.

    ``$VEILLE_METADATA_PAGES``; ``shared/eval/metadata`` in the first folder
    above the repository holding a ``shared/eval``; the user's cache
    (``$XDG_CACHE_HOME/veille/metadata-pages``, else ``~/.cache/...``).
    """
    folders = []
    if configured := os.environ.get("VEILLE_METADATA_PAGES"):
        folders.append(Path(configured))
    shared = next(
        (f / "shared" for f in repository.parents if (f / "shared" / "eval").is_dir()), None
    )
    folders.append((shared or repository.parent / "shared") / "eval" / "metadata")
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folders.append(Path(cache) / "veille" / "metadata-pages")
    return folders


def find_pages_folder(folders: Iterable[Path]) -> Path | None:
    """Return the first of ``folders`` that holds a ``pages/`` folder, else ``None``."""
    return next((folder for folder in folders if (folder / "pages").is_dir()), None)


def load_pages(page_list: Path, pages_dir: Path, splits: set[str]) -> tuple[list[Page], list[str]]:
    """Return the pages of ``splits`` whose files match the list, and the ids refused.

    A page is refused when its file or its gold body is missing or its hash
    is not the one the list pins.
    """
    pages: list[Page] = []
    refused: list[str] = []
    for line in page_list.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record["split"] not in splits:
            continue
        name = record["id"].replace("/", "__")
        expected = record["expected"]
        try:
            raw = gzip.decompress((pages_dir / "pages" / f"{name}.html.gz").read_bytes())
            body_path = pages_dir / "bodies" / f"{name}.txt"
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
    # Imported here: the scorer itself (judge, token_f1) needs no engine.
    from veille.extract import extract_article  # noqa: PLC0415
    from veille.records import RawDocument  # noqa: PLC0415
    from veille.settings import Settings  # noqa: PLC0415

    settings = Settings()

    def run(page: Page) -> Found:
        raw = RawDocument(source=page.id, data=page.html, media_type="text/html", url=page.url)
        try:
            article = extract_article(raw, settings)
        except Exception as exc:  # a miss on this page, with its reason; the others go on
            return Found(error=f"{type(exc).__name__}: {exc}")
        day = article.published_date_local
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
            authors=list(article.authors) or split_names(article.author),
            organisation=article.organisation,
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
            authors=split_names(values.get("author")),
            date=(values.get("date") or None),
            body=values.get("text") or "",
        )

    return run


def split_names(value: str | None) -> list[str]:
    """Split an author string ("A, B and C") into names."""
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
    """Case, compatibility forms, quotes, dashes and spaces folded: what matching ignores."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(folded.split())


def token_f1(found: str, gold: str) -> float:
    """F1 of the bags of lower-cased words of ``found`` and ``gold``.

    >>> round(token_f1("the cat sat", "the cat sat down"), 3)
    0.857
    """
    got = Counter(_WORD.findall(found.casefold()))
    want = Counter(_WORD.findall(gold.casefold()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def judge(page: Page, found: Found) -> dict[str, float | None]:
    """Score one extractor's output on one page; ``None`` where the page has no expectation.

    Title, author and organisation are scored on pages with an expected
    title (the body-only pages have none), the date where the page states
    a day, the body where a gold body exists.
    """
    expected = page.expected
    scores: dict[str, float | None] = dict.fromkeys(FIELDS)
    if expected["title"]:
        also = expected.get("title_also") or []
        titles = {normalise(str(t)) for t in [expected["title"], *_as_list(also)]}
        scores["title"] = float(found.title is not None and normalise(found.title) in titles)
        want = {normalise(str(name)) for name in _as_list(expected["authors"])}
        scores["author"] = float({normalise(name) for name in found.authors} == want)
        want_org = normalise(str(expected.get("organisation") or ""))
        scores["organisation"] = float(normalise(found.organisation or "") == want_org)
    if expected["date"]:
        days = {str(expected["date"]), *map(str, _as_list(expected.get("date_also") or []))}
        scores["date"] = float(found.date is not None and found.date[:10] in days)
    if page.body is not None:
        scores["body"] = token_f1(found.body, page.body)
    return scores


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def means(scores: Iterable[dict[str, float | None]]) -> dict[str, tuple[float, int]]:
    """Mean and count of each field over the pages that score it; unscored fields left out."""
    totals: dict[str, list[float]] = {}
    for row in scores:
        for name in FIELDS:
            if (value := row[name]) is not None:
                totals.setdefault(name, []).append(value)
    return {name: (sum(v) / len(v), len(v)) for name, v in totals.items()}


def part_scores(
    pages: list[Page], scores: list[dict[str, float | None]]
) -> dict[tuple[str, str], dict[str, float]]:
    """Return the mean per field for each (split, language) part: the gate's figures.

    Metric names: ``title``, ``author``, ``organisation``, ``date`` and
    ``body_f1``.
    """
    parts: dict[tuple[str, str], list[dict[str, float | None]]] = {}
    for page, row in zip(pages, scores, strict=True):
        parts.setdefault((page.split, page.language), []).append(row)
    return {
        part: {
            ("body_f1" if name == "body" else name): mean
            for name, (mean, _count) in means(rows).items()
        }
        for part, rows in sorted(parts.items())
    }
