"""The monitoring commands: ``veille watch``, ``veille watchlist add/list/rm``, ``veille alerts``.

:func:`register` adds them to the main Typer app (:mod:`veille.cli`), which
passes its own settings builder so ``--db`` and ``VEILLE_*`` apply as for
every other command.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from veille.cli_options import PrivateNetworkOption
from veille.engine import store_for
from veille.settings import Settings
from veille.store import Store

SettingsFactory = Callable[..., Settings]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

watchlist_app = typer.Typer(
    name="watchlist",
    help="Watchlists: rules over events and full text that raise alerts (see docs/watch.md).",
    no_args_is_help=True,
)


def register(app: typer.Typer, settings: SettingsFactory) -> None:
    """Add the watch, watchlist and alerts commands to ``app`` (``settings(**kw)``: Settings)."""

    @contextmanager
    def opened(current: Settings | None = None) -> Iterator[Store]:
        store = store_for(current or settings())
        try:
            yield store
        finally:
            store.close()

    @app.command("watch")
    def watch(  # noqa: PLR0917 - Typer commands take one parameter per option
        config: Annotated[
            str | None, typer.Argument(help="A watch.toml naming the sources (see docs/watch.md).")
        ] = None,
        source: Annotated[
            list[str] | None,
            typer.Option(
                "--source", help="A feed or page URL, or a folder, to watch (repeatable)."
            ),
        ] = None,
        every: Annotated[
            str | None,
            typer.Option(
                help="Interval between polls: 90, 30s, 5m, 1h (default VEILLE_WATCH_EVERY)."
            ),
        ] = None,
        once: Annotated[
            bool, typer.Option("--once", help="Poll every source once, then exit.")
        ] = False,
        allow_private_network: PrivateNetworkOption = None,
        deliver: Annotated[
            bool, typer.Option("--deliver/--no-deliver", help="Push alerts by webhook and e-mail.")
        ] = True,
    ) -> None:
        """Poll sources on a schedule, ingest what is new, deliver alerts (until SIGTERM)."""
        from veille.watch.watcher import Watcher  # noqa: PLC0415 - loads the ingest engine

        current = settings(allow_private_network=allow_private_network)
        sources = watch_sources(config, source or [], every, current)
        stop = threading.Event()
        _stop_on_signals(stop)
        names = ", ".join(s.target for s in sources)
        # Plain lines, never wrapped: they go to a journal or a container log.
        _log(f"veille watching {len(sources)} source(s) into {current.db}: {names}")
        Watcher(sources, current, deliver=deliver, log=_log).run(
            stop, max_cycles=1 if once else None
        )
        _log("veille watch stopped")

    @watchlist_app.command("add")
    def add(  # noqa: PLR0917 - Typer commands take one parameter per option
        name: Annotated[str, typer.Argument(help="Name: lower-case letters, digits, - and _.")],
        actor: Annotated[
            list[str] | None, typer.Option("--actor", help="Actor code on either side (any of).")
        ] = None,
        dyad: Annotated[str | None, typer.Option(help="Both actors take part: RUS,NATO.")] = None,
        type_: Annotated[
            list[str] | None, typer.Option("--type", help="PLOVER type (any of).")
        ] = None,
        quad: Annotated[
            list[int] | None, typer.Option("--quad", help="Quad class 1-4 (any of).")
        ] = None,
        place: Annotated[
            list[str] | None, typer.Option("--place", help="Country (MLI) or place id (R:sahel).")
        ] = None,
        salience: Annotated[str, typer.Option(help="lead, background or all.")] = "lead",
        language: Annotated[list[str] | None, typer.Option("--language", help="fr or en.")] = None,
        min_goldstein: Annotated[float | None, typer.Option(help="Goldstein at least.")] = None,
        max_goldstein: Annotated[float | None, typer.Option(help="Goldstein at most.")] = None,
        negated: Annotated[str, typer.Option(help="no (default), yes or any.")] = "no",
        min_articles: Annotated[int, typer.Option(help="Articles reporting it, at least.")] = 1,
        text: Annotated[
            str | None, typer.Option(help='Words (all) or "phrases" in the text.')
        ] = None,
        tension: Annotated[
            bool,
            typer.Option("--tension", help="Alert when the dyad's daily tension leaves its band."),
        ] = False,
        tension_z: Annotated[
            float | None, typer.Option(help="Band width in σ (default 2).")
        ] = None,
        webhook: Annotated[str | None, typer.Option(help="POST alerts to this URL.")] = None,
        webhook_format: Annotated[
            str, typer.Option(help="json, or slack (Slack, Mattermost).")
        ] = "json",
        email: Annotated[
            list[str] | None, typer.Option("--email", help="Send alerts to this address.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Add a watchlist; it alerts on articles stored from now on."""
        from veille.alerts.watchlists import add_watchlist, watchlist_json  # noqa: PLC0415

        rule: dict[str, Any] = {
            "actors": actor or [],
            "dyad": dyad,
            "types": type_ or [],
            "quad_classes": quad or [],
            "places": place or [],
            "salience": salience,
            "languages": language or [],
            "min_goldstein": min_goldstein,
            "max_goldstein": max_goldstein,
            "negated": {"no": False, "yes": True}.get(negated.lower(), negated),
            "min_articles": min_articles,
            "text": text,
            "tension": tension,
            "tension_z": tension_z,
        }
        delivery = {"webhook": webhook, "webhook_format": webhook_format, "email": email or []}
        with opened() as store:
            row = add_watchlist(store, name, rule, delivery)
            shown = watchlist_json(row, 0)
        if as_json:
            _print_json(shown)
        else:
            console.print(f"watchlist {escape(row.name)} added: {escape(shown['description'])}")

    @watchlist_app.command("list")
    def list_watchlists(
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List watchlists with their rules, delivery and open alerts."""
        from veille.alerts.watchlists import watchlist_json  # noqa: PLC0415
        from veille.store.monitoring import MonitorStore  # noqa: PLC0415

        with opened() as store:
            monitor = MonitorStore(store)
            counts = monitor.open_counts()
            rows = [watchlist_json(w, counts.get(w.name, 0)) for w in monitor.watchlists()]
        if as_json:
            _print_json(rows)
            return
        table = Table("name", "kind", "rule", "delivery", "open alerts")
        for row in rows:
            targets = [
                t for t in (row["delivery"].get("webhook"), *row["delivery"].get("email", [])) if t
            ]
            table.add_row(
                escape(row["name"]),
                row["kind"],
                escape(row["description"]),
                escape(", ".join(targets) or "Atom feed only"),
                str(row["open_alerts"]),
            )
        console.print(table)

    @watchlist_app.command("rm")
    def remove(name: Annotated[str, typer.Argument(help="The watchlist to remove.")]) -> None:
        """Remove a watchlist with its alerts."""
        from veille.alerts.watchlists import require_watchlist  # noqa: PLC0415
        from veille.store.monitoring import MonitorStore  # noqa: PLC0415

        with opened() as store:
            require_watchlist(store, name)
            MonitorStore(store).remove_watchlist(name)
        console.print(f"watchlist {escape(name)} removed")

    app.add_typer(watchlist_app)

    @app.command("alerts")
    def alerts(
        watchlist: Annotated[str | None, typer.Option(help="Only this watchlist's alerts.")] = None,
        open_only: Annotated[
            bool, typer.Option("--open", help="Only alerts not acknowledged.")
        ] = False,
        limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
        ack: Annotated[
            list[str] | None, typer.Option("--ack", help="Acknowledge this alert id.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List alerts, newest first, with their delivery state; --ack acknowledges."""
        from veille.alerts.deliver import alert_json  # noqa: PLC0415
        from veille.alerts.watchlists import require_watchlist  # noqa: PLC0415
        from veille.store.monitoring import MonitorStore  # noqa: PLC0415

        with opened() as store:
            monitor = MonitorStore(store)
            if ack:
                done = monitor.acknowledge(ack)
                err_console.print(f"{done} alert(s) acknowledged")
            if watchlist is not None:
                require_watchlist(store, watchlist)
            found = monitor.alerts(watchlist, open_only=open_only, limit=limit)
        rows = [alert_json(a) for a in found]
        if as_json:
            _print_json(rows)
            return
        table = Table("created", "watchlist", "alert", "delivery", "id")
        for alert, row in zip(found, rows, strict=True):
            states = ", ".join(f"{d['channel']} {d['status']}" for d in row["deliveries"]) or "Atom"
            mark = "" if alert.acknowledged_at else "● "
            table.add_row(
                alert.created_at[:19],
                escape(alert.watchlist),
                escape(mark + alert.title),
                states,
                alert.id,
            )
        console.print(table)


def watch_sources(
    config: str | None, sources: list[str], every: str | None, settings: Settings
) -> list[Any]:
    """Return the sources a ``veille watch`` (or ``serve --watch``) invocation names."""
    from veille.errors import SettingsError  # noqa: PLC0415
    from veille.watch.config import load_watch_config, sources_from_flags  # noqa: PLC0415

    found = []
    if config is not None:
        found += load_watch_config(config, settings.watch_every, every)
    if sources:
        found += sources_from_flags(sources, every, settings.watch_every)
    if not found:
        raise SettingsError(
            "nothing to watch: give a watch.toml, or --source URL_OR_PATH (repeatable) with "
            "--every; see docs/watch.md",
            code="E-WATCH-CONFIG",
        )
    return found


def _stop_on_signals(stop: threading.Event) -> None:
    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def _log(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
