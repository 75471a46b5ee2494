"""scripts/build_metadata_pages.py: pages rebuilt from git sources, every hash checked.

The pages here are written for this test (no publisher's page): a real git
repository in a temporary folder stands for a fixture project, a folder for
``shared/``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from script_helpers import load_script

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_metadata_pages.py"
PAGE = b"<html lang='fr'><body><h1>Un titre</h1><p>Par Anne Roux</p></body></html>\n"
EXPECTED = (
    "<div><p>Premier paragraphe\n  sur deux lignes.</p>"
    "<p>Second <b>paragraphe</b>.</p><ul><li>un</li><li>deux</li></ul></div>"
)
EXPECTED_TEXT = "Premier paragraphe\nsur deux lignes.\nSecond paragraphe.\nun\ndeux"


def _script() -> ModuleType:
    return load_script(SCRIPT, "build_metadata_pages")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Any]:
    """A fixture repository (readability's layout), a shared copy and a page list."""
    repo = tmp_path / "repos" / "someone+fixtures"
    pages = repo / "test" / "test-pages" / "article"
    pages.mkdir(parents=True)
    (pages / "source.html").write_bytes(PAGE)
    (pages / "expected.html").write_text(EXPECTED, encoding="utf-8")
    (repo / "plain.html").write_bytes(PAGE + b"<!-- second page -->")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "fixtures")
    commit = _git(repo, "rev-parse", "HEAD")
    shared = tmp_path / "shared"
    (shared / "eval" / "html" / "site").mkdir(parents=True)
    (shared / "eval" / "html" / "site" / "copy.html").write_bytes(PAGE + b"<!-- copy -->")
    origin = {"repo": "someone/fixtures", "commit": commit, "licence": "MIT"}
    records = [
        {
            "id": "readability/article",
            "source": "readability",
            "origin": {**origin, "path": "test/test-pages/article/source.html"},
            "sha256": _sha(PAGE),
            "expected": {"body_sha256": _sha(EXPECTED_TEXT.encode())},
        },
        {
            "id": "other/plain",
            "source": "other",
            "origin": {**origin, "path": "plain.html"},
            "sha256": _sha(PAGE + b"<!-- second page -->"),
            "expected": {"body_sha256": None},
        },
        {
            "id": "trafilatura/fr/copy",
            "source": "trafilatura",
            "origin": {**origin, "path": "copy.html", "copy": "shared/eval/html/site/copy.html"},
            "sha256": _sha(PAGE + b"<!-- copy -->"),
            "expected": {"body_sha256": None},
        },
    ]
    page_list = tmp_path / "pages.jsonl"
    page_list.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return {
        "repos": tmp_path / "repos",
        "shared": shared,
        "list": page_list,
        "out": tmp_path / "out",
    }


def _run(sources: dict[str, Any], *extra: str) -> int:
    status: int = _script().main(
        [
            "--repos",
            str(sources["repos"]),
            "--shared",
            str(sources["shared"]),
            "--pages-list",
            str(sources["list"]),
            "--out",
            str(sources["out"]),
            *extra,
        ]
    )
    return status


def test_pages_and_bodies_are_rebuilt_from_git_and_shared_copies(sources: dict[str, Any]) -> None:
    assert _run(sources) == 0
    out = sources["out"]
    assert gzip.decompress((out / "pages" / "readability__article.html.gz").read_bytes()) == PAGE
    body = (out / "bodies" / "readability__article.txt").read_text("utf-8")
    assert body == EXPECTED_TEXT
    copy = gzip.decompress((out / "pages" / "trafilatura__fr__copy.html.gz").read_bytes())
    assert copy.endswith(b"<!-- copy -->")
    assert (out / "pages" / "other__plain.html.gz").is_file()


def test_two_builds_write_the_same_bytes(sources: dict[str, Any], tmp_path: Path) -> None:
    assert _run(sources) == 0
    first = (sources["out"] / "pages" / "other__plain.html.gz").read_bytes()
    sources["out"] = tmp_path / "again"
    assert _run(sources) == 0
    assert (sources["out"] / "pages" / "other__plain.html.gz").read_bytes() == first


def test_a_page_that_differs_from_its_hash_is_refused(
    sources: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    records = [json.loads(line) for line in sources["list"].read_text("utf-8").splitlines()]
    records[1]["sha256"] = "0" * 64
    records[0]["expected"]["body_sha256"] = "1" * 64
    sources["list"].write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assert _run(sources) == 1
    printed = capsys.readouterr().out
    assert "refused other/plain: page differs from its pinned hash" in printed
    assert "refused readability/article: no gold body with the pinned hash" in printed
    assert not (sources["out"] / "pages" / "other__plain.html.gz").exists()
    assert not (sources["out"] / "pages" / "readability__article.html.gz").exists()


def test_a_missing_repository_is_named_with_the_command_to_get_it(
    sources: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources["repos"] = tmp_path / "empty"
    assert _run(sources) == 1
    printed = capsys.readouterr().out
    assert "missing repository someone/fixtures: git clone https://github.com/someone/fixtures" in (
        printed
    )
    # The shared copy needs no repository.
    assert (sources["out"] / "pages" / "trafilatura__fr__copy.html.gz").is_file()


def test_block_text_breaks_at_blocks_and_source_lines() -> None:
    assert _script().block_text(EXPECTED) == EXPECTED_TEXT


def _wheel_record(wheel: Path, page: bytes) -> dict[str, Any]:
    return {
        "id": "package/page",
        "source": "package",
        "origin": {
            "wheel": wheel.name,
            "wheel_sha256": _sha(wheel.read_bytes()),
            "package": "some-package==1.0",
            "path": "some_package/tests/page.html",
            "licence": "MIT",
        },
        "sha256": _sha(page),
        "expected": {"body_sha256": None},
    }


def test_a_page_is_read_from_a_package_file_checked_by_its_hash(
    sources: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile  # noqa: PLC0415

    wheel = sources["repos"] / "some_package-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("some_package/tests/page.html", PAGE)
    sources["list"].write_text(json.dumps(_wheel_record(wheel, PAGE)) + "\n", encoding="utf-8")
    assert _run(sources) == 0
    built = gzip.decompress((sources["out"] / "pages" / "package__page.html.gz").read_bytes())
    assert built == PAGE
    # Another file under the same name: refused, not read.
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("some_package/other.txt", b"changed")
    sources["out"] = sources["out"].with_name("again")
    assert _run(sources) == 1
    assert "differs from its pinned hash" in capsys.readouterr().out
    wheel.unlink()
    assert _run(sources) == 1
    assert "pip download some-package==1.0 --no-deps -d DIR" in capsys.readouterr().out
