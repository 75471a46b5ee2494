"""docs/tutorial.md runs: every ``console`` command and ``python`` block, in order, on the samples.

The commands run through the CLI app (as ``veille ...`` would) in a fresh
folder holding a copy of the bundled sample articles; the Python blocks run
in that folder. A command must exit 0 (1 for an ingest in which items
failed, which the tutorial explains) and a block must not raise.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from importlib.resources import files
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.cli import app

pytestmark = pytest.mark.slow

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"
BLOCK = re.compile(r"```(console|python)\n(.*?)```", re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(kind, body) for kind, body in BLOCK.findall(TUTORIAL.read_text(encoding="utf-8"))]


def test_the_tutorial_has_commands_and_an_analysis() -> None:
    kinds = [kind for kind, _ in blocks()]
    assert kinds.count("console") >= 4
    assert kinds.count("python") >= 2


def test_every_tutorial_step_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(Path(str(files("veille") / "samples" / "articles")), tmp_path / "articles")
    runner = CliRunner()
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        for kind, body in blocks():
            if kind == "python":
                exec(compile(body, str(TUTORIAL), "exec"), {"__name__": "tutorial"})
                continue
            for line in body.splitlines():
                if not line.startswith("$ veille "):
                    continue
                args = shlex.split(line.removeprefix("$ veille "))
                result = runner.invoke(app, args)
                allowed = (0, 1) if "ingest" in args else (0,)
                assert result.exit_code in allowed, f"{line}\n{result.output}{result.exception!r}"
                assert result.exception is None or result.exit_code == 1, line
    finally:
        os.chdir(here)
    printed = capsys.readouterr().out
    assert "RUS" in printed  # the analysis printed dyads and codes
    for name in ("events.csv", "events.parquet", "merged.csv", "events.gdelt"):
        assert (tmp_path / name).stat().st_size > 0
