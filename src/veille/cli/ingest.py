"""Commands that fill the store: ``veille ingest``, ``veille load``, ``veille demo``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from veille.cli.base import opened_store, sample_corpus, settings
from veille.cli.render import (
    console,
    ingest_progress,
    print_articles,
    print_events,
    print_json,
    print_report,
    print_skipped,
)
from veille.cli_options import JsonOption, PrivateNetworkOption
from veille.engine import IngestReport, ItemOutcome, ingest_iter
from veille.serialize import to_dict
from veille.settings import Settings, parse_datetime
from veille.store import Store

if TYPE_CHECKING:
    from veille.distributed import DistributedOptions

PARTIAL_FAILURE = 1
"""Exit code of an ingest in which some items failed (2 is a usage or setup error)."""


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
    current = settings(
        as_of=parse_datetime(as_of) if as_of else None,
        language=lang,
        follow_links=follow_links,
        allow_private_network=allow_private_network,
    )
    if workers or scheduler or out is not None:
        from veille.distributed import DistributedOptions  # noqa: PLC0415 - loads Dask

        options = DistributedOptions(workers=workers or 2, scheduler=scheduler, out=out)
        report = run_distributed(sources, current, options, resume=resume, quiet=as_json)
    else:
        with opened_store(current) as store:
            report = run_ingest(sources, store, current, resume=resume, quiet=as_json)
    if as_json:
        print_json(
            {
                "counts": dict(report.counts),
                "article_ids": report.article_ids,
                "errors": [to_dict(e) for e in report.errors],
            }
        )
    else:
        print_report(report)
    if report.errors:
        # The batch went on and the rest is stored, but a script must see that items failed.
        raise typer.Exit(PARTIAL_FAILURE)


def run_ingest(
    sources: Sequence[str], store: Store, current: Settings, *, resume: bool, quiet: bool
) -> IngestReport:
    """Ingest ``sources`` into ``store`` in this process, showing progress unless ``quiet``."""
    report = IngestReport()
    progress = ingest_progress(quiet=quiet)
    with progress:
        task = progress.add_task("ingesting", total=None)

        def advance(outcome: ItemOutcome) -> None:
            report.add(outcome)
            label = outcome.title or outcome.source
            progress.update(task, advance=1, description=escape(label[:60]))
            if not quiet:
                print_skipped(outcome)

        for outcome in ingest_iter(sources, store, current, resume=resume):
            advance(outcome)
    return report


def run_distributed(
    sources: Sequence[str],
    current: Settings,
    options: DistributedOptions,
    *,
    resume: bool,
    quiet: bool,
) -> IngestReport:
    """Ingest ``sources`` on Dask workers, into the store or Parquet partitions (``--out``)."""
    from veille.distributed import run_distributed as run_on_dask  # noqa: PLC0415 - loads Dask

    progress = ingest_progress(quiet=quiet)

    def warn(outcome: ItemOutcome) -> None:
        if not quiet:
            print_skipped(outcome)

    with progress:
        task = progress.add_task(f"ingesting on {options.workers} workers", total=None)

        def advance(done: int, submitted: int) -> None:
            # The total grows while the sources are still being read.
            progress.update(task, completed=done, total=submitted)

        if options.out is not None:
            return run_on_dask(
                sources, current, store=None, options=options, on_item=warn, on_progress=advance
            )
        with opened_store(current) as store:
            return run_on_dask(
                sources,
                current,
                store=store,
                options=options,
                resume=resume,
                on_item=warn,
                on_progress=advance,
            )


def load(
    folder: Annotated[
        Path, typer.Argument(help="Folder of Parquet partitions written by ingest --out.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Load the Parquet partitions of a distributed run (ingest --workers N --out DIR)."""
    from veille.distributed import load_partitions  # noqa: PLC0415 - loads pyarrow

    with opened_store() as store:
        report = load_partitions(folder, store)
    if as_json:
        print_json({"counts": dict(report.counts), "article_ids": report.article_ids})
    else:
        print_report(report)


def demo(
    as_of: Annotated[
        str | None, typer.Option(help="Reference time for relative dates (ISO 8601).")
    ] = None,
) -> None:
    """Ingest the bundled sample corpus, print its events and say what to do next."""
    current = settings(as_of=parse_datetime(as_of) if as_of else None)
    corpus = sample_corpus()
    with opened_store(current) as store:
        report = run_ingest(corpus, store, current, resume=True, quiet=False)
        print_report(report)
        print_articles(store.articles(limit=50))
        print_events(store.events(limit=200))
    db = current.db
    console.print(
        f"\nStore: [bold]{escape(db)}[/]. Next:\n"
        f"  veille --db {db} events --dyad RUS,NATO    # filter events\n"
        f"  veille --db {db} search Lavrov             # full-text search\n"
        f"  veille --db {db} show ARTICLE_ID           # one article with its evidence\n"
        f"  veille --db {db} serve                     # then open http://127.0.0.1:8000/",
        soft_wrap=True,
    )
