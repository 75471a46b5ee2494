"""What the CLI prints: Rich tables, panels and progress bars, and the ``--json`` form.

The commands (:mod:`veille.cli.ingest`, :mod:`veille.cli.browse`, ...) read
their options and call the library; everything a person reads on the
terminal is laid out here, so one command's table looks like the others'.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
from veille.engine import IngestReport, ItemOutcome
from veille.records import Article, Event
from veille.serialize import to_dict

if TYPE_CHECKING:
    from veille.records import Actor, ArticleError, ArticleResult
    from veille.store.base import PlaceSummary, SearchHit, StoryMember, StorySummary
    from veille.stories import MergedEvent

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

PIPED_WIDTH = 10_000
"""Columns Rich lays out in when the output is not a terminal (a pipe, a file)."""


def unwrap_when_piped() -> None:
    """Lay out tables for a pipe or a file without hard-wrapping them at 80 columns.

    Rich assumes 80 columns when it is not writing to a terminal, so a
    table piped to ``grep``, ``less -S`` or a file was cut into short
    lines. A terminal keeps its own width.
    """
    for output in (console, err_console):
        if not output.is_terminal:
            output.width = PIPED_WIDTH


def print_json(value: object) -> None:
    """Print ``value`` as indented JSON, non-ASCII letters as they are (the ``--json`` form)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


# -- ingesting ---------------------------------------------------------------


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


def ingest_progress(*, quiet: bool) -> Progress:
    """Return the progress bar of an ingest, on stderr, hidden when quiet or not a terminal."""
    return Progress(
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


def print_skipped(outcome: ItemOutcome) -> None:
    """Say on stderr that an item failed, and why (the batch goes on)."""
    if outcome.error is None:
        return
    err_console.print(
        f"[yellow]skipped[/] {escape(outcome.source)}: {escape(outcome.error.code)} "
        f"{escape(outcome.error.message)}"
    )


def print_report(report: IngestReport) -> None:
    """Print how many items an ingest stored, skipped or failed."""
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items()))
    console.print(f"Ingest finished: {counts or 'nothing to do'}.")
    if report.errors:
        console.print("Errors are stored; list them with `veille articles --errors`.")


# -- articles and search -----------------------------------------------------


def print_articles(found: Sequence[Article]) -> None:
    """Print a table of articles: id, language, day, title, author."""
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


def print_errors(
    failures: Sequence[ArticleError], shown: Sequence[ArticleError], offset: int
) -> None:
    """Print the ``shown`` page of the stored per-item errors, titled with counts by code."""
    by_code = Counter(f.code for f in failures)
    counted = ", ".join(f"{code} {n}" for code, n in by_code.most_common())
    title = f"{len(failures)} errors ({counted})" if failures else "No errors"
    if len(shown) < len(failures):
        title += f"; {len(shown)} shown from {offset + 1}"
    table = Table("source", "code", "message", title=title)
    for failure in shown:
        table.add_row(escape(failure.source), failure.code, escape(failure.message))
    console.print(table)


def print_article(result: ArticleResult) -> None:
    """Print one article: metadata with provenance, sections, mentions and events."""
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
    print_events(list(result.events))


def print_search_hits(query: str, hits: Sequence[SearchHit]) -> None:
    """Print a table of full-text search hits with their snippets."""
    table = Table("id", "title", "snippet", title=f"Search: {escape(query)}")
    for hit in hits:
        table.add_row(hit.article_id, escape(hit.title or ""), escape(hit.snippet))
    console.print(table)


# -- events ------------------------------------------------------------------


def print_merged(found: Sequence[Any], *, as_json: bool) -> None:
    """Print merged events (one per real-world event) as JSON or as a table."""
    if as_json:
        print_json([to_dict(m) for m in found])
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


def print_events(found: Sequence[Event]) -> None:
    """Print a table of events as coded in each article, with their details and trigger."""
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


# -- actors and places -------------------------------------------------------


def print_actors(found: Sequence[tuple[Actor, int]]) -> None:
    """Print a table of actors with a few of their names and their stored mention counts."""
    table = Table("id", "type", "country", "names", "mentions", title=f"{len(found)} actors")
    for actor, count in found:
        names = sorted({n for per_lang in actor.names.values() for n in per_lang})[:4]
        table.add_row(
            actor.id,
            actor.type,
            actor.country or "",
            escape(", ".join(names)),
            str(count),
        )
    console.print(table)


def print_actor(actor: Actor, count: int) -> None:
    """Print one actor: names per language, sectors and dated roles."""
    console.print(f"[bold]{escape(actor.id)}[/] ({actor.type}) — {count} stored mentions")
    for language, names in sorted(actor.names.items()):
        console.print(f"  names ({language}): {escape(', '.join(names))}")
    if actor.sectors:
        console.print(f"  sectors: {', '.join(actor.sectors)}")
    for role in actor.roles:
        span = f"{role.start or '?'} → {role.end or 'now'}"
        console.print(f"  role: {escape(role.office)} of {role.country or '-'} ({span})")


def print_places(found: Sequence[PlaceSummary], *, unresolved: bool) -> None:
    """Print a table of places (or unresolved place names) with mention and event counts."""
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


# -- stories -----------------------------------------------------------------


def print_story_list(found: Sequence[StorySummary], titles: dict[str, str | None]) -> None:
    """Print a table of stories: id, size, first and last day, title of the first article."""
    from veille.stories.views import iso_day  # noqa: PLC0415

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


def print_story(
    members: Sequence[StoryMember],
    articles: dict[str, ArticleResult | None],
    merged: Sequence[MergedEvent],
) -> None:
    """Print one story: its articles, then its merged events with supports and disagreements."""
    from veille.stories.views import shared_signals  # noqa: PLC0415

    console.print(f"[bold]{members[0].story_id}[/] — {len(members)} articles")
    for member in members:
        stored = articles[member.article_id]
        title = stored.article.title if stored else "?"
        language = stored.article.language if stored else "?"
        # Say which signals linked the member, not only how ("keys: RUS, Lavrov").
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


# -- settings ----------------------------------------------------------------


def print_settings(rows: Sequence[tuple[str, str, str, str]]) -> None:
    """Print the settings table: name, environment variable, default, meaning."""
    table = Table("setting", "environment variable", "default", "meaning")
    for name, env, default, help_text in rows:
        table.add_row(name, env, escape(default), escape(help_text))
    console.print(table)
