"""Every CLI command and every API endpoint is in the README's tables (a docs test).

The other lists a user reads have their own: every setting in the README's
settings table (tests/test_settings.py), every error code in the table of
``veille.errors`` (tests/test_error_codes.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import typer

from veille.api import create_app
from veille.cli import app as cli_app
from veille.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _table_after(heading: str, first_cell: str) -> list[str]:
    """Return the rows of the first table under ``heading`` whose header starts ``first_cell``."""
    section = README.split(f"\n{heading}\n", 1)[1]
    start = section.index(f"| {first_cell} |")
    rows = []
    for line in section[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _commands(app: typer.Typer, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    for command in app.registered_commands:
        if not command.hidden:
            assert command.callback is not None
            name = command.name or command.callback.__name__.replace("_", "-")
            yield " ".join((*prefix, name))
    for group in app.registered_groups:
        assert group.typer_instance is not None
        group_name = group.name or group.typer_instance.info.name
        assert isinstance(group_name, str)
        yield from _commands(group.typer_instance, (*prefix, group_name))


def documented_commands() -> set[str]:
    """Return the commands the README's command table names: ``watchlist list\\|rm`` is two."""
    names: set[str] = set()
    for row in _table_after("## Command line", "command"):
        first_cell = row.split(" | ")[0]
        for span in re.findall(r"`veille ([^`]*)`", first_cell):
            words = re.sub(r"\[[^\]]*\]", " ", span).split()
            path: list[list[str]] = []
            for word in words:
                if not re.fullmatch(r"[a-z][a-z-]*(?:\\\|[a-z][a-z-]*)*", word):
                    break  # an argument (SOURCE...) or an option ends the command's name
                path.append(word.split("\\|"))
            prefixes = [""]
            for alternatives in path:
                prefixes = [f"{p} {a}".strip() for p in prefixes for a in alternatives]
            names.update(prefixes)
    return names


def test_every_cli_command_is_in_the_readme() -> None:
    commands = set(_commands(cli_app))
    assert "watchlist rm" in commands  # the walk reaches the sub-commands
    assert sorted(commands - documented_commands()) == []


def _route_key(method: str, path: str) -> tuple[str, str]:
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path.split("?", 1)[0])


def documented_endpoints() -> set[tuple[str, str]]:
    """Return ``(method, path)`` of the README's endpoint table; ``{id}`` matches any name."""
    found: set[tuple[str, str]] = set()
    for row in _table_after("## Dashboard and API", "endpoint"):
        method = "GET"  # "`GET /a`, `/b`": /b is read with the method before it
        for span in re.findall(r"`([^`]*)`", row.split(" | ")[0]):
            parts = span.split()
            if len(parts) == 2:
                method, path = parts
            else:
                (path,) = parts
            found.add(_route_key(method, path))
    return found


def test_every_api_endpoint_is_in_the_readme(tmp_path: Path) -> None:
    app = create_app(Settings(db=str(tmp_path / "docs.db")))
    routes = {
        _route_key(method, path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    assert ("POST", "/api/alerts/{}/ack") in routes  # the alerts router is included
    assert sorted(routes - documented_endpoints()) == []
