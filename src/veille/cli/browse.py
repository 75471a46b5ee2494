"""Commands that read the store: articles, one article, search, events, export, actors, places.

``veille events`` is the one to look at first: its options are the filters
every front end shares (:mod:`veille.filters`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from veille.cli.base import opened_store
from veille.cli.render import (
    err_console,
    print_actor,
    print_actors,
    print_article,
    print_articles,
    print_errors,
    print_events,
    print_json,
    print_merged,
    print_places,
    print_search_hits,
)
from veille.cli_options import ActorHowOption, JsonOption
from veille.errors import VeilleError
from veille.queries import actor_json, actors_with_mentions
from veille.serialize import to_dict


def articles(
    errors: Annotated[
        bool, typer.Option("--errors", help="List per-article errors instead.")
    ] = False,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles (or, with --errors, the items that failed)."""
    with opened_store() as store:
        if errors:
            failures = store.errors()
            shown = failures[offset : offset + limit]
            if as_json:
                print_json([to_dict(e) for e in shown])
                return
            print_errors(failures, shown, offset)
            return
        found = store.articles(limit=limit, offset=offset)
    if as_json:
        print_json([to_dict(a) for a in found])
    else:
        print_articles(found)


def show(
    article_id: Annotated[str, typer.Argument(help="Article id (see `veille articles`).")],
    as_json: JsonOption = False,
) -> None:
    """Show one article with its sections, mentions and events."""
    with opened_store() as store:
        result = store.article(article_id)
    if result is None:
        raise VeilleError(
            f"no article with id {article_id!r}; list ids with `veille articles`",
            code="E-NOT-FOUND",
        )
    if as_json:
        print_json(to_dict(result))
        return
    print_article(result)


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

    with opened_store() as store:
        hits = search_articles(
            store, query, limit=limit, actor=actor, since=since, until=until, language=language
        )
    if as_json:
        print_json([to_dict(h) for h in hits])
        return
    print_search_hits(query, hits)


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
    actor_how: ActorHowOption = "all",
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
    """List coded events, newest first, filtered by actor, dyad, type, date, place and salience.

    ``--actor-how stated`` keeps the events whose actors their own sentence names.
    """
    from veille.filters import empty_hint, event_filter  # noqa: PLC0415

    query = event_filter(
        actor=actor,
        dyad=dyad,
        event_type=event_type,
        since=since,
        until=until,
        place=place,
        salience=salience,
        actor_how=actor_how,
    )
    with opened_store() as store:
        if merged:
            from veille.queries.merged import merged_page  # noqa: PLC0415

            combined = merged_page(store, query, offset, limit).events
            empty = not combined
        else:
            found = store.events(query, limit=limit, offset=offset)
            empty = not found
        hint = empty_hint(store, query) if empty and not query.unfiltered and not offset else None
    if hint and not as_json:
        err_console.print(escape(hint))
    if merged:
        print_merged(combined, as_json=as_json)
        return
    if as_json:
        print_json([to_dict(e) for e in found])
    else:
        print_events(found)


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
    actor_how: ActorHowOption = "all",
) -> None:
    """Export articles or events to JSONL, CSV, Parquet or a GDELT 2.0 event file."""
    from veille.export import FORMATS  # noqa: PLC0415 - pyarrow is slow to import
    from veille.export import export as run_export  # noqa: PLC0415
    from veille.filters import event_filter  # noqa: PLC0415

    if fmt not in FORMATS:
        raise VeilleError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}", code="E-USAGE")
    if what not in ("articles", "events"):
        raise VeilleError(f"unknown --what {what!r}; use articles or events", code="E-USAGE")
    filtered = any((actor, dyad, event_type, since, until, place, language)) or actor_how != "all"
    query = (
        event_filter(
            actor=actor,
            dyad=dyad,
            event_type=event_type,
            since=since,
            until=until,
            place=place,
            language=language,
            actor_how=actor_how,
        )
        if filtered
        else None
    )
    options: dict[str, Any] = {"query": query, "merged": merged, "layout": "flat" if flat else None}
    with opened_store() as store:
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


def list_actors(
    query: Annotated[
        str | None, typer.Argument(help="Name, code or acronym, any language; all if omitted.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Search the actor knowledge base (states, organisations, blocs, people)."""
    with opened_store() as store:
        found = actors_with_mentions(store, query, limit)
    if as_json:
        print_json([actor_json(actor, count) for actor, count in found])
        return
    print_actors(found)


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
    with opened_store() as store:
        count = store.mention_counts([actor.id])[actor.id]
    if as_json:
        print_json(actor_json(actor, count))
        return
    print_actor(actor, count)


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
    with opened_store() as store:
        found = store.places(limit=limit, offset=offset, country=country, unresolved=unresolved)
    if as_json:
        print_json([to_dict(place) for place in found])
        return
    print_places(found, unresolved=unresolved)
