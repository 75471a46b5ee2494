"""Command-line options that several command groups declare the same way.

The main CLI (``veille.cli``) and the monitoring commands
(``veille.watch.commands``) take these options with the same spelling and
help text; declaring them once keeps ``--help`` consistent.
"""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
"""``--json``: print the records' JSON form instead of a table."""

PrivateNetworkOption = Annotated[
    bool | None,
    typer.Option(
        "--allow-private-network/--deny-private-network",
        help="Allow URLs on loopback/private/link-local addresses (refused by default).",
    ),
]
"""``--allow-private-network``: let the network guard fetch local addresses (None: the setting)."""

ActorHowOption = Annotated[
    str,
    typer.Option(
        help="How the actors were found: stated (every actor named in the event's "
        "sentence), coreference (also actors referred back to: elle, the minister) or "
        "all (also actors taken from the article's context)."
    ),
]
"""``--actor-how``: keep events by how their actors were found (``veille events``, ``export``)."""
