r"""Rebuild the pages folder of the metadata set (eval/metadata/README.md) from its sources.

Usage::

    python scripts/build_metadata_pages.py --repos DIR [--repos DIR ...] \
        [--shared ../shared] [--out DIR] [--only ID_PREFIX ...]

The pages of ``eval/metadata/pages.jsonl`` are © their publishers and are not
in this repository. Every record names where its page was found (``origin``:
a repository, a commit and a path, and for the fundus and trafilatura pages
the copy in ``shared/eval/html``); this script reads each page from there,
checks it against the record's ``sha256`` and writes the folder
``bench_metadata.py`` reads:

* ``pages/<id, / as __>.html.gz``: the page's bytes as found (gzip, no
  timestamp, so two builds give the same files);
* ``bodies/<same>.txt``: the gold body where the source gives one, checked
  against ``expected.body_sha256``. fundus: its expected summary, then each
  section's headline and paragraphs, one per paragraph (of the parser versions
  in the publisher's JSON, the one whose text has the pinned hash);
  mozilla/readability: the text of ``expected.html``, one line per block
  element and per source line; scrapinghub: ``articleBody`` of
  ``ground-truth.json``.

``--repos`` is a folder holding git copies (bare or not) of the source
repositories, as ``owner+name/repo``, ``owner+name``, ``owner/name`` or
``name``, and the package files (wheels) some pages come from (``origin``
names ``wheel``, its ``wheel_sha256`` and the ``package`` to download with
``pip download PACKAGE --no-deps -d DIR``); give it several times for
several folders. Get a missing one with
``git clone https://github.com/OWNER/NAME DIR/OWNER+NAME`` (the commits named
in pages.jsonl must be in it). ``--shared`` is the project's ``shared/``
folder (default: ``shared/`` beside the repository or beside a folder
holding it, as for a worktree): the fundus and
trafilatura pages are read from its copies only, never from those projects'
repositories, whose other test pages are reserved.

``--out`` defaults to ``$VEILLE_METADATA_PAGES``, else
``$XDG_CACHE_HOME/veille/metadata-pages`` (``~/.cache/...``), the last place
``bench_metadata.py`` looks. A page already there with the right hash is kept.
A page whose source is missing or differs from its hash is not written; the
script lists them and exits 1.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
PAGE_LIST = ROOT / "eval" / "metadata" / "pages.jsonl"


def find_shared(start: Path = ROOT) -> Path:
    """Return the project's ``shared/`` folder: beside the repository or beside a parent of it."""
    for folder in start.parents:
        if (folder / "shared" / "eval").is_dir():
            return folder / "shared"
    return start.parent / "shared"


# Elements that start a new line in the text of readability's expected.html.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "td", "th", "tr", "ul",
    }
)  # fmt: skip


class SourceMissingError(Exception):
    """A repository, commit, file or copy a page needs is not here."""


@dataclass(frozen=True, slots=True)
class Built:
    """What became of one page: written, kept (already there) or refused with a reason."""

    id: str
    status: str
    reason: str = ""


def default_out() -> Path:
    """Return where the pages go when ``--out`` is not given."""
    if configured := os.environ.get("VEILLE_METADATA_PAGES"):
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "veille" / "metadata-pages"


def file_name(page_id: str) -> str:
    """Return the file stem of a page: its id with ``/`` as ``__``."""
    return page_id.replace("/", "__")


def sha256(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class Repositories:
    """Git copies of the source repositories, found under the ``--repos`` folders."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self._roots = list(roots)
        self._found: dict[str, Path | None] = {}

    def locate(self, repo: str) -> Path | None:
        """Return the git directory of ``owner/name``, or ``None`` when it is not here."""
        if repo not in self._found:
            owner, name = repo.split("/", 1)
            shapes = (f"{owner}+{name}/repo", f"{owner}+{name}", f"{owner}/{name}", name)
            candidates = [root / shape for root in self._roots for shape in shapes]
            self._found[repo] = next((c for c in candidates if _is_git(c)), None)
        return self._found[repo]

    def member(self, wheel: str, want_sha256: str, path: str) -> bytes:
        """Return the bytes of ``path`` inside the package file ``wheel`` (checked by hash)."""
        found = next((r / wheel for r in self._roots if (r / wheel).is_file()), None)
        if found is None:
            raise SourceMissingError(f"package file {wheel} not found under --repos")
        if sha256(found.read_bytes()) != want_sha256:
            raise SourceMissingError(f"package file {found} differs from its pinned hash")
        try:
            with zipfile.ZipFile(found) as archive:
                return archive.read(path)
        except (KeyError, zipfile.BadZipFile) as exc:
            raise SourceMissingError(f"{wheel}:{path}: {exc}") from exc

    def show(self, repo: str, commit: str, path: str) -> bytes:
        """Return the bytes of ``path`` at ``commit`` in ``repo``."""
        where = self.locate(repo)
        if where is None:
            raise SourceMissingError(f"repository {repo} not found under --repos")
        done = subprocess.run(
            ["git", "-C", str(where), "show", f"{commit}:{path}"],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            last = message[-1] if message else "git show failed"
            raise SourceMissingError(f"{repo}@{commit[:7]}:{path}: {last}")
        return done.stdout


def _is_git(path: Path) -> bool:
    if not path.is_dir():
        return False
    done = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--git-dir"], capture_output=True, check=False
    )
    return done.returncode == 0


def read_copy(shared: Path, copy: str) -> bytes:
    """Return the bytes of a page copied into ``shared/`` (decompressed when gzipped)."""
    path = shared / copy.removeprefix("shared/")
    if not path.is_file():
        raise SourceMissingError(f"copy {path} not found (--shared)")
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def page_bytes(record: dict[str, Any], repos: Repositories, shared: Path) -> bytes:
    """Return the HTML bytes of a page as found at its origin."""
    origin = record["origin"]
    if origin.get("copy"):
        return read_copy(shared, origin["copy"])
    if origin.get("wheel"):
        return repos.member(origin["wheel"], origin["wheel_sha256"], origin["path"])
    data = repos.show(origin["repo"], origin["commit"], origin["path"])
    return gzip.decompress(data) if origin["path"].endswith(".gz") else data


def fundus_bodies(record: dict[str, Any], shared: Path) -> list[str]:
    """Return the body text of each parser version in the publisher's fundus JSON."""
    copy = shared / record["origin"]["copy"].removeprefix("shared/")
    publisher = copy.name.removesuffix(".html.gz").rsplit("_", 3)[0]
    expected = copy.parent / f"{publisher}.json"
    if not expected.is_file():
        raise SourceMissingError(f"fundus expectations {expected} not found (--shared)")
    versions = json.loads(expected.read_text("utf-8"))
    texts = []
    for values in versions.values():
        body = values.get("body") or {}
        parts = list(body.get("summary") or [])
        for section in body.get("sections") or []:
            parts.extend(section.get("headline") or [])
            parts.extend(section.get("paragraphs") or [])
        texts.append("\n\n".join(parts))
    return texts


def readability_body(record: dict[str, Any], repos: Repositories) -> list[str]:
    """Return the text of readability's ``expected.html`` beside the page."""
    origin = record["origin"]
    path = origin["path"].rsplit("/", 1)[0] + "/expected.html"
    markup = repos.show(origin["repo"], origin["commit"], path).decode("utf-8")
    return [block_text(markup)]


def block_text(markup: str) -> str:
    """Text of an HTML fragment: a line per block element and per line break in the source."""
    lines: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        for piece in "".join(pending).split("\n"):
            line = " ".join(piece.split())
            if line:
                lines.append(line)
        pending.clear()

    def walk(element: Any) -> None:  # noqa: ANN401  # lxml elements are untyped
        tag = element.tag if isinstance(element.tag, str) else None
        if tag in ("script", "style"):
            pending.append(element.tail or "")
            return
        if tag in BLOCK_TAGS:
            flush()
        if tag is not None and element.text:
            pending.append(element.text)
        for child in element:
            walk(child)
        if tag in BLOCK_TAGS:
            flush()
        pending.append(element.tail or "")

    walk(lxml_html.fromstring(markup))
    flush()
    return "\n".join(lines)


_GROUND_TRUTH: dict[str, dict[str, Any]] = {}


def scrapinghub_body(record: dict[str, Any], repos: Repositories) -> list[str]:
    """Return the ``articleBody`` scrapinghub's ground truth gives for the page."""
    origin = record["origin"]
    key = f"{origin['repo']}@{origin['commit']}"
    if key not in _GROUND_TRUTH:
        raw = repos.show(origin["repo"], origin["commit"], "ground-truth.json")
        _GROUND_TRUTH[key] = json.loads(raw)
    name = origin["path"].rsplit("/", 1)[-1].removesuffix(".html.gz")
    entry = _GROUND_TRUTH[key].get(name)
    if entry is None:
        raise SourceMissingError(f"{name} not in scrapinghub's ground-truth.json")
    return [str(entry["articleBody"])]


def gold_bodies(record: dict[str, Any], repos: Repositories, shared: Path) -> list[str]:
    """Return the candidate gold bodies of a page (the one with the pinned hash is kept)."""
    readers: dict[str, Callable[[], list[str]]] = {
        "fundus": lambda: fundus_bodies(record, shared),
        "readability": lambda: readability_body(record, repos),
        "scrapinghub": lambda: scrapinghub_body(record, repos),
    }
    reader = readers.get(record["source"])
    if reader is None:
        raise SourceMissingError(f"no gold body is known for source {record['source']}")
    return reader()


def build_page(record: dict[str, Any], repos: Repositories, shared: Path, out: Path) -> Built:
    """Write one page (and its gold body) into ``out`` after checking their hashes."""
    name = file_name(record["id"])
    page_path = out / "pages" / f"{name}.html.gz"
    body_path = out / "bodies" / f"{name}.txt"
    want_body = record["expected"].get("body_sha256")
    if _already_there(page_path, record["sha256"], body_path, want_body):
        return Built(record["id"], "kept")
    try:
        raw = page_bytes(record, repos, shared)
        body = None
        if want_body:
            matching = [
                t for t in gold_bodies(record, repos, shared) if sha256(t.encode()) == want_body
            ]
            if not matching:
                return Built(record["id"], "refused", "no gold body with the pinned hash")
            body = matching[0]
    except SourceMissingError as exc:
        return Built(record["id"], "refused", str(exc))
    if sha256(raw) != record["sha256"]:
        return Built(record["id"], "refused", "page differs from its pinned hash")
    page_path.parent.mkdir(parents=True, exist_ok=True)
    page_path.write_bytes(gzip.compress(raw, mtime=0))
    if body is not None:
        body_path.parent.mkdir(parents=True, exist_ok=True)
        body_path.write_bytes(body.encode("utf-8"))
    return Built(record["id"], "written")


def _already_there(page: Path, want: str, body: Path, want_body: str | None) -> bool:
    try:
        if sha256(gzip.decompress(page.read_bytes())) != want:
            return False
        return not want_body or sha256(body.read_bytes()) == want_body
    except (OSError, gzip.BadGzipFile):
        return False


def build(
    records: list[dict[str, Any]], repos: Repositories, shared: Path, out: Path
) -> list[Built]:
    """Build every page of ``records`` into ``out``; return what became of each."""
    results = [build_page(record, repos, shared, out) for record in records]
    out.mkdir(parents=True, exist_ok=True)  # even when every page was refused
    (out / "README.md").write_text(
        "# veille metadata evaluation pages\n\n"
        "Built by veille's `scripts/build_metadata_pages.py` from the sources named in\n"
        "`eval/metadata/pages.jsonl` (see `eval/metadata/README.md`). The pages are (c)\n"
        "their publishers, kept as test fixtures by the projects named there: use them\n"
        "for local evaluation only and do not republish them.\n",
        encoding="utf-8",
    )
    return results


def main(argv: list[str] | None = None) -> int:
    """Build the pages folder and print what was written, kept and refused."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repos", type=Path, action="append", default=[])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--pages-list", type=Path, default=PAGE_LIST)
    parser.add_argument("--only", nargs="*", default=None, help="ids starting with these")
    args = parser.parse_args(argv)
    out = args.out or default_out()
    records = [json.loads(line) for line in args.pages_list.read_text("utf-8").splitlines()]
    if args.only:
        records = [r for r in records if r["id"].startswith(tuple(args.only))]
    repos = Repositories(args.repos)
    results = build(records, repos, args.shared or find_shared(), out)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    print(f"{out}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    refused = [r for r in results if r.status == "refused"]
    for result in refused:
        print(f"  refused {result.id}: {result.reason}")
    needed = {r["origin"]["repo"] for r in records if r["origin"].get("repo")}
    for repo in sorted(r for r in needed if repos.locate(r) is None):
        folder = repo.replace("/", "+")
        print(f"  missing repository {repo}: git clone https://github.com/{repo} DIR/{folder}")
    wheels = {
        (r["origin"]["wheel"], r["origin"]["package"]) for r in records if "wheel" in r["origin"]
    }
    for wheel, package in sorted(wheels):
        if not any((root / wheel).is_file() for root in args.repos):
            print(f"  missing package file {wheel}: pip download {package} --no-deps -d DIR")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
