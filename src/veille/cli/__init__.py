"""The ``veille`` command line: a thin layer over the public API.

Every listing command takes ``--json`` and then prints exactly the records'
JSON form (the same field names as the HTTP API and the gold files).

The commands live by purpose — :mod:`~veille.cli.ingest` (ingest, load,
demo), :mod:`~veille.cli.browse` (articles, search, events, export, actors,
places), :mod:`~veille.cli.stories`, :mod:`~veille.cli.admin` (settings,
eval, serve) and :mod:`veille.watch.commands` (watch, watchlist, alerts) —
and what they print is laid out in :mod:`~veille.cli.render`. The table
below registers them, in the order ``veille --help`` lists them.
"""

from __future__ import annotations

from veille.cli import admin, browse, ingest, stories
from veille.cli.base import app, main, settings
from veille.cli.render import RateColumn
from veille.watch.commands import register as _register_monitoring

__all__ = ["RateColumn", "app", "main"]

COMMANDS = (
    ("ingest", ingest.ingest),
    ("load", ingest.load),
    ("demo", ingest.demo),
    ("articles", browse.articles),
    ("show", browse.show),
    ("search", browse.search),
    ("events", browse.events),
    ("export", browse.export),
    ("settings", admin.show_settings),
    ("actors", browse.list_actors),
    ("actor", browse.show_actor),
    ("places", browse.list_places),
    ("eval", admin.evaluate_gold),
    ("serve", admin.serve),
    ("stories", stories.list_stories),
    ("story", stories.show_story),
    ("eval-stories", stories.evaluate_stories),
)
"""Every command of the main app (name, function); the monitoring ones are added after."""

for _name, _command in COMMANDS:
    app.command(_name)(_command)

_register_monitoring(app, settings)
