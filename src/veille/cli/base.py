"""The ``veille`` Typer app, its global ``--db`` option, and what every command shares.

A command builds its :class:`~veille.settings.Settings` with :func:`settings`
(so ``--db`` and the ``VEILLE_*`` variables apply alike) and opens the store
with :func:`opened_store`. The commands themselves are registered in
:mod:`veille.cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from veille.cli.render import err_console, unwrap_when_piped
from veille.engine import store_for
from veille.errors import VeilleError
from veille.settings import Settings
from veille.store import Store

app = typer.Typer(
    name="veille",
    help="Geopolitical news intelligence: ingest articles, code events, search and export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _State:
    db: str | None = None


@app.callback()
def _main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="VEILLE_DB",
            help="Store location (SQLite file). Default: ./veille.db, or $VEILLE_DB.",
        ),
    ] = None,
) -> None:
    """Ingest news articles and query the coded events."""
    _State.db = db
    unwrap_when_piped()


def main() -> None:
    """Entry point of the ``veille`` console script."""
    try:
        app()
    except VeilleError as exc:
        err_console.print(f"[bold red]error[/] {escape(str(exc))}")
        sys.exit(2)


def settings(**overrides: Any) -> Settings:  # noqa: ANN401
    """Return the settings of this run: ``--db``, then the environment, then ``overrides``."""
    return Settings.from_env(db=_State.db, **overrides)


@contextmanager
def opened_store(current: Settings | None = None) -> Iterator[Store]:
    """Open the store that ``current`` (default: :func:`settings`) names; close it after."""
    store = store_for(current or settings())
    try:
        yield store
    finally:
        store.close()


def sample_corpus() -> list[str]:
    """Return the bundled sample corpus as sources (its README and gold are not articles)."""
    sample_dir = Path(str(files("veille") / "samples"))
    return [str(sample_dir / part) for part in ("articles", "html", "feeds")]
