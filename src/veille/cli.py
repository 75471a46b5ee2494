"""The ``veille`` command line: a thin layer over the public API.

Every listing command takes ``--json`` and then prints exactly the records'
JSON form (the same field names as the HTTP API and the gold files).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from veille.actors.labels import actor_label
from veille.cli_options import JsonOption, PrivateNetworkOption
from veille.engine import IngestReport, ItemOutcome, ingest_iter, store_for
from veille.errors import VeilleError
from veille.records import Article, Event
from veille.serialize import to_dict
from veille.settings import Settings, parse_datetime, setting_docs
from veille.store import Store

if TYPE_CHECKING:
    from veille.distributed import DistributedOptions

app = typer.Typer(
    name="veille",
    help="Geopolitical news intelligence: ingest articles, code events, search and export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


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
    _unwrap_when_piped()


PIPED_WIDTH = 10_000
"""Columns Rich lays out in when the output is not a terminal (a pipe, a file)."""


def _unwrap_when_piped() -> None:
    """Lay out tables for a pipe or a file without hard-wrapping them at 80 columns.

    Rich assumes 80 columns when it is not writing to a terminal, so a
    table piped to ``grep``, ``less -S`` or a file was cut into short
    lines. A terminal keeps its own width.
    """
    for output in (console, err_console):
        if not output.is_terminal:
            output.width = PIPED_WIDTH


def main() -> None:
    """Entry point of the ``veille`` console script."""
    try:
        app()
    except VeilleError as exc:
        err_console.print(f"[bold red]error[/] {escape(str(exc))}")
        sys.exit(2)


def _settings(**overrides: Any) -> Settings:  # noqa: ANN401
    return Settings.from_env(db=_State.db, **overrides)


@contextmanager
def _store(settings: Settings | None = None) -> Iterator[Store]:
    store = store_for(settings or _settings())
    try:
        yield store
    finally:
        store.close()


def _sample_corpus() -> list[str]:
    """Return the bundled sample corpus as sources (its README and gold are not articles)."""
    sample_dir = Path(str(files("veille") / "samples"))
    return [str(sample_dir / part) for part in ("articles", "html", "feeds")]


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, folders, URLs, feeds, JSONL files, or - for standard input."),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(help="Reference time for relative dates, e.g. 2026-11-24 (ISO 8601)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language: fr, en or auto (detect).")
    ] = None,
    follow_links: Annotated[
        bool | None,
        typer.Option("--follow-links/--no-follow-links", help="Fetch feed entries' pages."),
    ] = None,
    allow_private_network: PrivateNetworkOption = None,
    resume: Annotated[
        bool, typer.Option("--resume/--no-resume", help="Skip sources already stored.")
    ] = True,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=0, help="Spread the work over N Dask worker processes (0: no Dask)."
        ),
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Use a running Dask cluster, e.g. tcp://host:8786 (implies Dask)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="With Dask: write Parquet partitions to DIR (load with veille load)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest articles, code their events and store them."""
    settings = _settings(
        as_of=parse_datetime(as_of) if as_of else None,
        language=lang,
        follow_links=follow_links,
        allow_private_network=allow_private_network,
    )
    if workers or scheduler or out is not None:
        from veille.distributed import DistributedOptions  # noqa: PLC0415 - loads Dask

        options = DistributedOptions(workers=workers or 2, scheduler=scheduler, out=out)
        report = _run_distributed(sources, settings, options, resume=resume, quiet=as_json)
    else:
        with _store(settings) as store:
            report = _run_ingest(sources, store, settings, resume=resume, quiet=as_json)
    if as_json:
        _print_json(
            {
                "counts": dict(report.counts),
                "article_ids": report.article_ids,
                "errors": [to_dict(e) for e in report.errors],
            }
        )
    else:
        _print_report(report)
    if report.errors:
        # The batch went on and the rest is stored, but a script must see that items failed.
        raise typer.Exit(PARTIAL_FAILURE)


PARTIAL_FAILURE = 1
"""Exit code of an ingest in which some items failed (2 is a usage or setup error)."""


class RateColumn(ProgressColumn):
    """Items per second (per minute when slower), so a long ingest says how fast it goes.

    The number of items is not known in advance (folders and feeds are read
    as they come), so the rate and the elapsed time stand in for a total.
    """

    def render(self, task: Task) -> Text:
        """Write the task's rate: ``12.5/s``, ``40/min`` or nothing before the first item."""
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("")
        return Text(f"{speed:.1f}/s" if speed >= 1 else f"{speed * 60:.0f}/min")


def _run_distributed(
    sources: Sequence[str],
    settings: Settings,
    options: DistributedOptions,
    *,
    resume: bool,
    quiet: bool,
) -> IngestReport:
    from veille.distributed import run_distributed  # noqa: PLC0415 - loads Dask

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet or not err_console.is_terminal,
    )

    def warn(outcome: ItemOutcome) -> None:
        if outcome.error is not None and not quiet:
            err_console.print(
                f"[yellow]skipped[/] {escape(outcome.source)}: {escape(outcome.error.code)} "
                f"{escape(outcome.error.message)}"
            )

    with progress:
        task = progress.add_task(f"ingesting on {options.workers} workers", total=None)

        def advance(done: int, submitted: int) -> None:
            # The total grows while the sources are still being read.
            progress.update(task, completed=done, total=submitted)

        if options.out is not None:
            return run_distributed(
                sources, settings, store=None, options=options, on_item=warn, on_progress=advance
            )
        with _store(settings) as store:
            return run_distributed(
                sources,
                settings,
                store=store,
                options=options,
                resume=resume,
                on_item=warn,
                on_progress=advance,
            )


@app.command()
def load(
    folder: Annotated[
        Path, typer.Argument(help="Folder of Parquet partitions written by ingest --out.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Load the Parquet partitions of a distributed run (ingest --workers N --out DIR)."""
    from veille.distributed import load_partitions  # noqa: PLC0415 - loads pyarrow

    with _store() as store:
        report = load_partitions(folder, store)
    if as_json:
        _print_json({"counts": dict(report.counts), "article_ids": report.article_ids})
    else:
        _print_report(report)


@app.command()
def demo(
    as_of: Annotated[
        str | None, typer.Option(help="Reference time for relative dates (ISO 8601).")
    ] = None,
) -> None:
    """Ingest the bundled sample corpus, print its events and say what to do next."""
    settings = _settings(as_of=parse_datetime(as_of) if as_of else None)
    corpus = _sample_corpus()
    with _store(settings) as store:
        report = _run_ingest(corpus, store, settings, resume=True, quiet=False)
        _print_report(report)
        _print_articles(store.articles(limit=50))
        _print_events(store.events(limit=200))
    db = settings.db
    console.print(
        f"\nStore: [bold]{escape(db)}[/]. Next:\n"
        f"  veille --db {db} events --dyad RUS,NATO    # filter events\n"
        f"  veille --db {db} search Lavrov             # full-text search\n"
        f"  veille --db {db} show ARTICLE_ID           # one article with its evidence\n"
        f"  veille --db {db} serve                     # then open http://127.0.0.1:8000/",
        soft_wrap=True,
    )


@app.command()
def articles(
    errors: Annotated[
        bool, typer.Option("--errors", help="List per-article errors instead.")
    ] = False,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles (or, with --errors, the items that failed)."""
    with _store() as store:
        if errors:
            failures = store.errors()
            shown = failures[offset : offset + limit]
            if as_json:
                _print_json([to_dict(e) for e in shown])
                return
            by_code = Counter(f.code for f in failures)
            counted = ", ".join(f"{code} {n}" for code, n in by_code.most_common())
            title = f"{len(failures)} errors ({counted})" if failures else "No errors"
            if len(shown) < len(failures):
                title += f"; {len(shown)} shown from {offset + 1}"
            table = Table("source", "code", "message", title=title)
            for failure in shown:
                table.add_row(escape(failure.source), failure.code, escape(failure.message))
            console.print(table)
            return
        found = store.articles(limit=limit, offset=offset)
    if as_json:
        _print_json([to_dict(a) for a in found])
    else:
        _print_articles(found)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (see `veille articles`).")],
    as_json: JsonOption = False,
) -> None:
    """Show one article with its sections, mentions and events."""
    with _store() as store:
        result = store.article(article_id)
    if result is None:
        raise VeilleError(
            f"no article with id {article_id!r}; list ids with `veille articles`",
            code="E-NOT-FOUND",
        )
    if as_json:
        _print_json(to_dict(result))
        return
    article = result.article
    console.print(f"[bold]{escape(article.title or '(no title)')}[/]  [dim]{article.id}[/]")
    meta = [
        ("authors", ", ".join(article.authors)),
        ("organisation", article.organisation),
        ("role", article.author_role),
        ("published", article.published_at.isoformat() if article.published_at else None),
        ("day on the page", article.published_date_local),
        ("as written", article.published_text),
        ("language", f"{article.language} ({article.language_confidence:.2f})"),
        ("url", article.url),
    ]
    for key, value in meta:
        if value:
            console.print(f"  {key}: {escape(str(value))}")
    for field_name, choice in article.provenance.items():
        lost = "; ".join(f"{v.source}: {v.value}" for v in choice.outvoted[:3])
        note = f" (outvoted {lost})" if lost else ""
        console.print(f"  [dim]{field_name} from {escape(choice.source)}{escape(note)}[/]")
    for section in article.sections:
        body = article.text[section.start : section.end].strip()
        console.print(f"\n[cyan]<{section.kind}>[/] {escape(body)}")
    if result.mentions:
        console.print("\n[bold]Mentions[/]")
        for m in result.mentions:
            who = actor_label(m.actor_id) if m.actor_id else (m.country or "?")
            console.print(f"  {escape(m.text)} → {escape(who)} ({m.kind})")
    _print_events(list(result.events))


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words or "a phrase"; accents are optional; A OR B; an actor name in any '
            "language (Poutine, Putin) also finds the articles mentioning that actor."
        ),
    ],
    limit: Annotated[int, typer.Option(help="How many hits.")] = 20,
    actor: Annotated[
        str | None, typer.Option(help="Only articles mentioning this actor: RUS, Poutine.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (ISO date).")] = None,
    language: Annotated[str | None, typer.Option(help="Article language: fr, en.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over article titles and bodies, across languages."""
    from veille.search import search_articles  # noqa: PLC0415 - loads the knowledge base

    with _store() as store:
        hits = search_articles(
            store, query, limit=limit, actor=actor, since=since, until=until, language=language
        )
    if as_json:
        _print_json([to_dict(h) for h in hits])
        return
    table = Table("id", "title", "snippet", title=f"Search: {escape(query)}")
    for hit in hits:
        table.add_row(hit.article_id, escape(hit.title or ""), escape(hit.snippet))
    console.print(table)


@app.command()
def events(
    actor: Annotated[
        str | None, typer.Option(help="Actor code or name on either side: RUS, Russie, Poutine.")
    ] = None,
    dyad: Annotated[
        str | None, typer.Option(help="Two actors, both taking part on either side: RUS,BLR.")
    ] = None,
    event_type: Annotated[
        str | None,
        typer.Option(
            "--type", help="PLOVER type (ASSAULT) or CAMEO code (190, or 19 for a family)."
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date (ISO).")] = None,
    place: Annotated[
        str | None,
        typer.Option(
            help="Where the event happened: an ISO alpha-3 country code (UKR), a place id "
            "(G:703448, see `veille places`) or a place name (Ukraine, Kharkiv)."
        ),
    ] = None,
    salience: Annotated[
        str,
        typer.Option(
            help="lead (what the article reports as new), background (recalled context) or all."
        ),
    ] = "all",
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    merged: Annotated[
        bool,
        typer.Option(
            "--merged/--raw",
            help="Merged: one record per real event across a story's articles, with support "
            "counts and disagreements. Raw (default): every event as coded in each article.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List coded events, newest first, filtered by actor, dyad, type, date, place and salience."""
    from veille.filters import empty_hint, event_filter  # noqa: PLC0415

    query = event_filter(
        actor=actor,
        dyad=dyad,
        event_type=event_type,
        since=since,
        until=until,
        place=place,
        salience=salience,
    )
    with _store() as store:
        if merged:
            from veille.web.merged import merged_page  # noqa: PLC0415

            combined = merged_page(store, query, offset, limit).events
            empty = not combined
        else:
            found = store.events(**query.arguments(), limit=limit, offset=offset)
            empty = not found
        hint = empty_hint(store, query) if empty and not query.unfiltered and not offset else None
    if hint and not as_json:
        err_console.print(escape(hint))
    if merged:
        _print_merged(combined, as_json=as_json)
        return
    if as_json:
        _print_json([to_dict(e) for e in found])
    else:
        _print_events(found)


@app.command()
def export(
    output: Annotated[Path, typer.Argument(help="File to write; - for standard output.")],
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl, csv, parquet or gdelt (GDELT 2.0 events).")
    ] = "jsonl",
    what: Annotated[str, typer.Option(help="articles or events.")] = "events",
    merged: Annotated[
        bool, typer.Option("--merged", help="One row per real-world event, with its reports.")
    ] = False,
    flat: Annotated[
        bool,
        typer.Option(
            "--flat", help="Flat columns for jsonl and parquet too (csv and gdelt always are)."
        ),
    ] = False,
    actor: Annotated[
        str | None, typer.Option(help="Actor code or name on either side: RUS, Poutine.")
    ] = None,
    dyad: Annotated[str | None, typer.Option(help="Two actors taking part: RUS,BLR.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER type (ASSAULT) or CAMEO code (19, 190).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date (ISO).")] = None,
    place: Annotated[
        str | None, typer.Option(help="Country code (UKR), place id (G:703448) or place name.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Article language: fr, en.")] = None,
) -> None:
    """Export articles or events to JSONL, CSV, Parquet or a GDELT 2.0 event file."""
    from veille.export import FORMATS  # noqa: PLC0415 - pyarrow is slow to import
    from veille.export import export as run_export  # noqa: PLC0415
    from veille.filters import event_filter  # noqa: PLC0415

    if fmt not in FORMATS:
        raise VeilleError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}", code="E-USAGE")
    if what not in ("articles", "events"):
        raise VeilleError(f"unknown --what {what!r}; use articles or events", code="E-USAGE")
    filtered = any((actor, dyad, event_type, since, until, place, language))
    query = (
        event_filter(
            actor=actor,
            dyad=dyad,
            event_type=event_type,
            since=since,
            until=until,
            place=place,
            language=language,
        )
        if filtered
        else None
    )
    options: dict[str, Any] = {"query": query, "merged": merged, "layout": "flat" if flat else None}
    with _store() as store:
        try:
            if str(output) == "-":
                if fmt == "parquet":
                    raise VeilleError("parquet needs a file path, not -", code="E-USAGE")
                count = run_export(store, fmt, sys.stdout.buffer, what, **options)  # type: ignore[arg-type]
            else:
                count = run_export(store, fmt, output, what, **options)  # type: ignore[arg-type]
        except ValueError as exc:
            raise VeilleError(str(exc), code="E-USAGE") from exc
    if str(output) != "-":
        rows = "merged events" if merged else what
        err_console.print(f"wrote {count} {rows} to {escape(str(output))}")


@app.command("settings")
def show_settings(as_json: JsonOption = False) -> None:
    """List every setting with its environment variable, default and meaning."""
    if as_json:
        keys = ("name", "env", "default", "help")
        _print_json([dict(zip(keys, row, strict=True)) for row in setting_docs()])
        return
    table = Table("setting", "environment variable", "default", "meaning")
    for name, env, default, help_text in setting_docs():
        table.add_row(name, env, escape(default), escape(help_text))
    console.print(table)


def _run_ingest(
    sources: Sequence[str], store: Store, settings: Settings, *, resume: bool, quiet: bool
) -> IngestReport:
    report = IngestReport()
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet or not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("ingesting", total=None)

        def advance(outcome: ItemOutcome) -> None:
            report.add(outcome)
            label = outcome.title or outcome.source
            progress.update(task, advance=1, description=escape(label[:60]))
            if outcome.error is not None and not quiet:
                err_console.print(
                    f"[yellow]skipped[/] {escape(outcome.source)}: {escape(outcome.error.code)} "
                    f"{escape(outcome.error.message)}"
                )

        for outcome in ingest_iter(sources, store, settings, resume=resume):
            advance(outcome)
    return report


def _print_report(report: IngestReport) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items()))
    console.print(f"Ingest finished: {counts or 'nothing to do'}.")
    if report.errors:
        console.print("Errors are stored; list them with `veille articles --errors`.")


def _print_articles(found: Sequence[Article]) -> None:
    table = Table("id", "lang", "published", "title", "author", title=f"{len(found)} articles")
    for article in found:
        day = article.published_date_local or (
            article.published_at.date().isoformat() if article.published_at else ""
        )
        table.add_row(
            article.id,
            article.language,
            day,
            escape(article.title or ""),
            escape(article.author or article.organisation or ""),
        )
    console.print(table)


def _print_merged(found: Sequence[Any], *, as_json: bool) -> None:
    if as_json:
        _print_json([to_dict(m) for m in found])
        return
    table = Table(title=f"{len(found)} merged events")
    for name in ("date", "type"):
        table.add_column(name, no_wrap=True)
    table.add_column("source")
    table.add_column("target")
    table.add_column("cameo goldstein quad", no_wrap=True)
    table.add_column("where")
    table.add_column("support", justify="right")
    table.add_column("first reported", no_wrap=True)
    table.add_column("disagreements", justify="right")
    table.add_column("first article", no_wrap=True)
    for m in found:
        where = f"{m.location.name} ({m.location.precision})" if m.location else ""
        table.add_row(
            m.event_date or "",
            m.event_type + (" NOT" if m.negated else ""),
            escape(_codes(m.source)),
            escape(_codes(m.target)),
            _scores(m.cameo, m.goldstein, m.quad_class),
            escape(where),
            str(m.support_count),
            m.first_reported_at.date().isoformat() if m.first_reported_at else "",
            str(len(m.disagreements)) if m.disagreements else "",
            m.first_article_id,
        )
    console.print(table)


def _figure(value: float) -> str:
    """Write 60000.0 as 60,000 and 2.5 as 2.5: whole numbers read better grouped."""
    return f"{value:,.0f}" if value.is_integer() else f"{value:g}"


def _side(refs: Sequence[Any]) -> str:
    """Write an event side for a table: codes, or names for people and groups."""
    return "+".join(sorted({actor_label(r.code) if r.code else r.text for r in refs})) or "-"


def _codes(codes: Sequence[str]) -> str:
    """Write the codes of a merged side for a table, people and groups by name."""
    return "+".join(actor_label(c) for c in codes) or "-"


def _speaker(attribution: Any) -> str:  # noqa: ANN401 - an Attribution or its dict
    """Say who said it: "Vladimir Putin (RUS)" rather than "PER:vladimir-putin"."""
    return actor_label(attribution.code) if attribution.code else attribution.text


def _event_details(event: Event) -> str:
    details = [f"{_figure(q.value)} {q.what or q.unit or ''}".strip() for q in event.quantities]
    if event.duration:
        details.append(event.duration.text)
    if event.condition:
        details.append("if: " + event.condition.text[:40])
    if event.negated:
        details.append("NOT")
    if event.modality != "done":
        details.append(event.modality)
    if event.section_kind == "commentary":
        details.append("commentary")
    if event.salience == "background":
        details.append("background")
    if event.attributed_to:
        details.append("said by " + _speaker(event.attributed_to))
    if event.location:
        inferred = ", inferred" if event.location.inferred else ""
        details.append(f"in {event.location.name} ({event.location.precision}{inferred})")
    return "; ".join(details)


def _scores(cameo: str | None, goldstein: float | None, quad_class: int | None) -> str:
    """Write the GDELT-style codes of an event: CAMEO, Goldstein score, quad class."""
    tone = "" if goldstein is None else f" {goldstein:+g}"
    quad = "" if quad_class is None else f" q{quad_class}"
    return f"{cameo or '-'}{tone}{quad}"


def _print_events(found: Sequence[Event]) -> None:
    table = Table(title=f"{len(found)} events")
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("source")
    table.add_column("target")
    table.add_column("cameo goldstein quad", no_wrap=True)
    table.add_column("details")
    table.add_column("trigger")
    table.add_column("article", no_wrap=True)
    for event in found:
        table.add_row(
            event.event_date or "",
            event.event_type,
            escape(_side(event.source)),
            escape(_side(event.target)),
            _scores(event.cameo, event.goldstein, event.quad_class),
            escape(_event_details(event)),
            escape(event.trigger.text),
            event.article_id,
        )
    console.print(table)


@app.command("actors")
def list_actors(
    query: Annotated[
        str | None, typer.Argument(help="Name, code or acronym, any language; all if omitted.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Search the actor knowledge base (states, organisations, blocs, people)."""
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - loads data files

    kb = get_knowledge_base()
    found = kb.search(query, limit=limit) if query else list(kb.actors())[:limit]
    with _store() as store:
        counts = store.mention_counts([a.id for a in found])
    if as_json:
        _print_json([{**to_dict(a), "mention_count": counts[a.id]} for a in found])
        return
    table = Table("id", "type", "country", "names", "mentions", title=f"{len(found)} actors")
    for actor in found:
        names = sorted({n for per_lang in actor.names.values() for n in per_lang})[:4]
        table.add_row(
            actor.id,
            actor.type,
            actor.country or "",
            escape(", ".join(names)),
            str(counts[actor.id]),
        )
    console.print(table)


@app.command("actor")
def show_actor(
    actor_id: Annotated[str, typer.Argument(help="Actor id, e.g. RUS, NATO, PER:andrei-belousov.")],
    as_json: JsonOption = False,
) -> None:
    """Show one actor: names per language, sectors, dated roles and mention count."""
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - loads data files

    actor = get_knowledge_base().actor(actor_id)
    if actor is None:
        raise VeilleError(
            f"no actor with id {actor_id!r}; find ids with `veille actors QUERY`",
            code="E-NOT-FOUND",
        )
    with _store() as store:
        count = store.mention_counts([actor.id])[actor.id]
    if as_json:
        _print_json({**to_dict(actor), "mention_count": count})
        return
    console.print(f"[bold]{escape(actor.id)}[/] ({actor.type}) — {count} stored mentions")
    for language, names in sorted(actor.names.items()):
        console.print(f"  names ({language}): {escape(', '.join(names))}")
    if actor.sectors:
        console.print(f"  sectors: {', '.join(actor.sectors)}")
    for role in actor.roles:
        span = f"{role.start or '?'} → {role.end or 'now'}"
        console.print(f"  role: {escape(role.office)} of {role.country or '-'} ({span})")


@app.command("places")
def list_places(
    country: Annotated[
        str | None, typer.Option(help="Only places in this country (ISO alpha-3, e.g. UKR).")
    ] = None,
    unresolved: Annotated[
        bool,
        typer.Option(
            "--unresolved", help="List the place names the gazetteer did not know instead."
        ),
    ] = False,
    limit: Annotated[int, typer.Option(help="How many, most mentioned first.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List the places named in stored articles, with how many events happened there."""
    with _store() as store:
        found = store.places(limit=limit, offset=offset, country=country, unresolved=unresolved)
    if as_json:
        _print_json([to_dict(place) for place in found])
        return
    what = "unresolved place names" if unresolved else "places"
    table = Table(title=f"{len(found)} {what}")
    table.add_column("place", min_width=12)
    for name in ("id", "precision", "country", "lat, lon"):
        table.add_column(name, no_wrap=True)
    for name in ("mentions", "events"):
        table.add_column(name, justify="right", no_wrap=True)
    for place in found:
        where = f"{place.lat:.2f}, {place.lon:.2f}" if place.lat is not None else ""
        table.add_row(
            escape(place.name),
            place.place_id or "",
            place.precision,
            place.country or "",
            where,
            str(place.mentions),
            str(place.events),
        )
    console.print(table)


@app.command("eval")
def evaluate_gold(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL file(s); see docs/eval.md.")],
    as_json: JsonOption = False,
) -> None:
    """Score the event coder on gold JSONL: per-type P/R/F1, actors, quantities and more."""
    from veille.engine import process_text  # noqa: PLC0415
    from veille.evaluation.events import evaluate, format_report, load_gold  # noqa: PLC0415

    settings = _settings()

    def run(text: str, language: str | None, day: str | None) -> list[Event]:
        return list(process_text(text, language=language, as_of=day, settings=settings).events)

    reports = {}
    for path in gold:
        records = load_gold(path)
        reports[str(path)] = evaluate(records, run)
    if as_json:
        if len(reports) == 1:
            _print_json(next(iter(reports.values())).to_json())
        else:
            _print_json({name: report.to_json() for name, report in reports.items()})
        return
    for name, report in reports.items():
        console.print(f"[bold]{escape(name)}[/]")
        console.print(escape(format_report(report)), soft_wrap=True)


@app.command()
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

    settings = _settings()
    if not settings.token:
        err_console.print("read-only: set VEILLE_TOKEN to allow POST /api/ingest")
    application = create_app(settings)
    if watch is not None:
        from veille.watch.serving import watch_while_serving  # noqa: PLC0415

        watch_while_serving(application, watch, settings)
    console.print(f"veille serving {escape(settings.db)} on http://{host}:{port}/  (API: /docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


# -- stories (veille.stories) ------------------------------------------------


WindowOption = Annotated[
    int | None,
    typer.Option(
        "--window",
        help="Days between the dates two reports give for one happening "
        "(default: VEILLE_STORY_WINDOW, else 1).",
    ),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        help="Similarity (0-1) from which reports are linked "
        "(default: VEILLE_STORY_THRESHOLD, else 0.45).",
    ),
]
SimilarityOption = Annotated[
    str | None,
    typer.Option(
        "--similarity",
        help="Text similarity: off, words (names, concepts, stems), vectors (words + French "
        "word vectors) or e5 (words + multilingual embeddings, extra [embed]) (default: "
        "VEILLE_STORY_SIMILARITY, else off).",
    ),
]


@app.command("stories")
def list_stories(
    limit: Annotated[int, typer.Option(help="How many, most recent first.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stories: articles reporting the same happening, most recent first."""
    from veille.stories.views import iso_day, summary_json  # noqa: PLC0415

    with _store() as store:
        found = store.stories(limit=limit, offset=offset)
        titles = {}
        for story in found:
            first = store.article(story.first_article)
            titles[story.id] = first.article.title if first else None
    if as_json:
        _print_json([summary_json(s, titles[s.id]) for s in found])
        return
    table = Table(title=f"{len(found)} stories")
    table.add_column("id", no_wrap=True)
    for name in ("articles", "first day", "last day"):
        table.add_column(name, no_wrap=True)
    table.add_column("title")
    for story in found:
        table.add_row(
            story.id,
            str(story.size),
            iso_day(story.first_day) or "",
            iso_day(story.last_day) or "",
            escape(titles[story.id] or ""),
        )
    console.print(table)


@app.command("story")
def show_story(
    story_id: Annotated[str, typer.Argument(help="Story id (see `veille stories`).")],
    as_json: JsonOption = False,
) -> None:
    """Show one story: its articles and merged events with their supports and disagreements."""
    from veille.stories import story_events  # noqa: PLC0415
    from veille.stories.views import shared_signals, story_json  # noqa: PLC0415

    with _store() as store:
        members = store.story_members(story_id)
        if not members:
            raise VeilleError(
                f"no story with id {story_id!r}; list ids with `veille stories`",
                code="E-NOT-FOUND",
            )
        if as_json:
            _print_json(story_json(store, story_id))
            return
        articles = {m.article_id: store.article(m.article_id) for m in members}
        merged = story_events(store, story_id)
    console.print(f"[bold]{members[0].story_id}[/] — {len(members)} articles")
    for member in members:
        stored = articles[member.article_id]
        title = stored.article.title if stored else "?"
        language = stored.article.language if stored else "?"
        shared = ", ".join(shared_signals(member, members, limit=5))
        why = f"{member.link}: {shared}" if shared and member.link != "first" else member.link
        console.print(
            f"  {member.article_id} [{language}] {escape(title or '')} [dim]({escape(why)})[/]"
        )
    table = Table(
        "type", "source", "target", "support", "first report", "details", title="Merged events"
    )
    for event in merged:
        details = [
            f"{q.value:g} {q.what or q.unit or ''}".strip() + f" ×{len(q.article_ids)}"
            for q in event.quantities
        ]
        details += [
            f"{d.field}: " + " vs ".join(f"{v.value} ({len(v.article_ids)})" for v in d.values)
            for d in event.disagreements
        ]
        table.add_row(
            event.event_type,
            _codes(event.source),
            _codes(event.target),
            str(event.support_count),
            event.first_reported_at.isoformat() if event.first_reported_at else "",
            escape("; ".join(details)),
        )
    console.print(table)


@app.command("eval-stories")
def evaluate_stories(
    corpus: Annotated[
        Path | None,
        typer.Argument(
            help="Folder with articles/ and gold.json (e.g. eval/stories), or the real-news "
            "set eval/stories_real (items.jsonl, split.json, adjudicated labels); "
            "default: the bundled samples and their stories.json."
        ),
    ] = None,
    window: WindowOption = None,
    threshold: ThresholdOption = None,
    similarity: SimilarityOption = None,
    part: Annotated[
        str,
        typer.Option(
            "--part",
            help="Real-news set only: score dev, test (aggregates only) or all (both).",
        ),
    ] = "all",
    shared: Annotated[
        Path | None,
        typer.Option(
            "--shared",
            help="Real-news set only: the ../shared/eval folder its feed entries and pages "
            "point to (default: found next to the repository).",
        ),
    ] = None,
    by_window: Annotated[
        bool,
        typer.Option("--by-window", help="Real-news set only: dev scores per window too."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score story clustering on a gold set: pairwise P/R/F1, cross-language recall, merging."""
    import tempfile  # noqa: PLC0415
    from dataclasses import replace  # noqa: PLC0415

    from veille.evaluation.stories import (  # noqa: PLC0415
        cluster_corpus,
        format_scores,
        load_story_gold,
        score_stories,
    )
    from veille.samples import REFERENCE_TIME, samples_dir  # noqa: PLC0415

    # The story options travel in the settings: the engine clusters each
    # article as it is saved, with the options the settings give.
    story = {"story_window": window, "story_threshold": threshold, "story_similarity": similarity}
    if corpus is not None and (corpus / "items.jsonl").is_file():
        _evaluate_real_set(
            corpus, _settings(**story), part=part, shared=shared, by_window=by_window,
            as_json=as_json,
        )  # fmt: skip
        return
    if corpus is None:
        root = samples_dir()
        gold = load_story_gold(root / "stories.json")
        sources = _sample_corpus()
        settings = _settings(as_of=REFERENCE_TIME, **story)
    else:
        root = corpus
        if not (root / "gold.json").is_file() or not (root / "articles").is_dir():
            raise VeilleError(
                f"{root} needs an articles/ folder and a gold.json file (see eval/stories), "
                "or items.jsonl and split.json (see eval/stories_real)",
                code="E-USAGE",
            )
        gold = load_story_gold(root / "gold.json")
        sources = [str(root / "articles")]
        settings = _settings(**story)
    with tempfile.TemporaryDirectory(prefix="veille-stories-") as scratch:
        # A fresh store: scores must not depend on what the user's store holds.
        settings = replace(settings, db=str(Path(scratch) / "eval.db"))
        with _store(settings) as store:
            clustered = cluster_corpus(root, sources, store, settings)
    scores = score_stories(gold, clustered.stories, clustered.languages, clustered.events)
    if as_json:
        _print_json(to_dict(scores))
        return
    console.print(f"[bold]{escape(str(root))}[/]")
    console.print(escape(format_scores(scores)), soft_wrap=True)


def _evaluate_real_set(
    folder: Path,
    settings: Settings,
    *,
    part: str,
    shared: Path | None,
    by_window: bool,
    as_json: bool,
) -> None:
    """Score the real-news story set, each part in a fresh store; test prints aggregates only."""
    import tempfile  # noqa: PLC0415
    from dataclasses import replace  # noqa: PLC0415

    from veille.evaluation.stories import format_scores, score_real_set  # noqa: PLC0415

    if part not in ("dev", "test", "all"):
        raise VeilleError(f"--part must be dev, test or all, not {part!r}", code="E-USAGE")
    if by_window and part == "test":
        raise VeilleError(
            "--by-window is for the dev part: the test part is scored as a whole only",
            code="E-USAGE",
        )
    shared = shared or _shared_eval(folder)
    report: dict[str, object] = {}
    for name in ("dev", "test") if part == "all" else (part,):
        with tempfile.TemporaryDirectory(prefix="veille-stories-real-") as scratch:
            scoped = replace(settings, db=str(Path(scratch) / "eval.db"))
            with _store(scoped) as store:
                result = score_real_set(folder, name, store, scoped, shared)
        row: dict[str, Any] = {**to_dict(result.scores), "failed": result.failed}
        if by_window and name == "dev":
            row["per_window"] = {w: to_dict(s) for w, s in result.per_window.items()}
        report[name] = row
        if not as_json:
            console.print(f"[bold]{escape(str(folder))} — {name}[/] ({result.failed} failed)")
            console.print(escape(format_scores(result.scores)), soft_wrap=True)
            if by_window and name == "dev":
                for window, scores in result.per_window.items():
                    console.print(
                        f"  {window}: P {scores.precision:.3f} R {scores.recall:.3f} "
                        f"F1 {scores.f1:.3f} ({scores.true_pairs}/{scores.predicted_pairs} "
                        f"predicted, {scores.gold_pairs} gold)"
                    )
    if as_json:
        _print_json(report)


def _shared_eval(folder: Path) -> Path | None:
    """Find ``shared/eval`` in a folder above the corpus (a worktree sits one level deeper)."""
    for parent in folder.resolve().parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval"
    return None


# -- monitoring (veille.watch, veille.alerts): watch, watchlist, alerts -------

from veille.watch.commands import register as _register_monitoring  # noqa: E402

_register_monitoring(app, _settings)
