"""Commands around the engine: ``veille settings``, ``veille eval``, ``veille serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from veille.cli.base import settings
from veille.cli.render import console, err_console, print_json, print_settings
from veille.cli_options import JsonOption
from veille.records import Event
from veille.settings import setting_docs


def show_settings(as_json: JsonOption = False) -> None:
    """List every setting with its environment variable, default and meaning."""
    if as_json:
        keys = ("name", "env", "default", "help")
        print_json([dict(zip(keys, row, strict=True)) for row in setting_docs()])
        return
    print_settings(setting_docs())


def evaluate_gold(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL file(s); see docs/eval.md.")],
    as_json: JsonOption = False,
) -> None:
    """Score the event coder on gold JSONL: per-type P/R/F1, actors, quantities and more."""
    from veille.engine import process_text  # noqa: PLC0415
    from veille.evaluation.events import evaluate, format_report, load_gold  # noqa: PLC0415

    current = settings()

    def run(text: str, language: str | None, day: str | None) -> list[Event]:
        return list(process_text(text, language=language, as_of=day, settings=current).events)

    reports = {}
    for path in gold:
        records = load_gold(path)
        reports[str(path)] = evaluate(records, run)
    if as_json:
        if len(reports) == 1:
            print_json(next(iter(reports.values())).to_json())
        else:
            print_json({name: report.to_json() for name, report in reports.items()})
        return
    for name, report in reports.items():
        console.print(f"[bold]{escape(name)}[/]")
        console.print(escape(format_report(report)), soft_wrap=True)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    watch: Annotated[
        str | None,
        typer.Option(help="Also watch the sources of this watch.toml (as `veille watch`)."),
    ] = None,
) -> None:
    """Serve the HTTP API and the dashboard (writes need VEILLE_TOKEN)."""
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    from veille.api import create_app  # noqa: PLC0415

    current = settings()
    if not current.token:
        err_console.print("read-only: set VEILLE_TOKEN to allow POST /api/ingest")
    application = create_app(current)
    # Load the actor data now (a few seconds, once per process) rather than in the first
    # request that reads names (a search, a filter by name, the labels of the charts).
    from veille.actors.labels import actor_labels  # noqa: PLC0415
    from veille.filters import names_actor  # noqa: PLC0415

    names_actor("RUS")
    actor_labels(())
    if watch is not None:
        from veille.watch.serving import watch_while_serving  # noqa: PLC0415

        watch_while_serving(application, watch, current)
    console.print(f"veille serving {escape(current.db)} on http://{host}:{port}/  (API: /docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
