"""What ``veille watch`` polls: ``watch.toml`` or ``--source``/``--every``, read and checked.

A ``watch.toml``::

    every = "15m"                 # default interval (else VEILLE_WATCH_EVERY)

    [[source]]
    url = "https://www.lemonde.fr/international/rss_full.xml"
    every = "5m"                  # this source's own interval

    [[source]]
    url = "https://example.org/live-page.html"

    [[source]]
    path = "/srv/inbox"           # a folder (or file) read as `veille ingest` reads it

Intervals are seconds (``90``) or a number with ``s``, ``m``, ``h`` or ``d``
(``30s``, ``5m``, ``1h``). A source is an ``http(s)`` URL (a feed or a page,
fetched under the network guard) or a local path.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veille.errors import SettingsError

MIN_INTERVAL = 1.0
"""Shortest interval accepted, in seconds: below it a watcher would hammer a server."""

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {None: 1.0, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class WatchSource:
    """One watched source: a URL or a path, and seconds between two polls."""

    target: str
    every: float

    @property
    def is_url(self) -> bool:
        """Whether the source is fetched over HTTP (else read from disk)."""
        return bool(_URL.match(self.target))


def parse_every(value: object) -> float:
    """Read an interval (``90``, ``"30s"``, ``"5m"``, ``"1h"``) as seconds; refuse nonsense."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if match is None:
            raise SettingsError(
                f"cannot read the interval {value!r}; write seconds (90) or 30s, 5m, 1h, 1d",
                code="E-WATCH-CONFIG",
            )
        unit = match.group(2).lower() if match.group(2) else None
        seconds = float(match.group(1)) * _UNITS[unit]
    if seconds < MIN_INTERVAL:
        raise SettingsError(
            f"interval {value!r} is under {MIN_INTERVAL:g} s; poll less often",
            code="E-WATCH-CONFIG",
        )
    return seconds


def sources_from_flags(
    targets: Sequence[str], every: str | None, default: float
) -> list[WatchSource]:
    """Build sources from ``--source`` values sharing ``--every`` (else ``default`` seconds)."""
    interval = parse_every(every) if every is not None else default
    return [_source(target, interval, "--source") for target in targets]


def load_watch_config(
    path: str | Path, default: float, every: str | None = None
) -> list[WatchSource]:
    """Read the sources of a ``watch.toml``; ``every`` (the CLI flag) overrides its default."""
    file = Path(path).expanduser()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(
            f"cannot read {file}: {exc.strerror}; give the path of a watch.toml",
            code="E-WATCH-CONFIG",
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{file} is not valid TOML: {exc}", code="E-WATCH-CONFIG") from exc
    unknown = sorted(set(data) - {"every", "source"})
    if unknown:
        raise SettingsError(
            f"{file}: unknown key(s) {', '.join(unknown)}; a watch.toml has `every` and "
            "[[source]] tables",
            code="E-WATCH-CONFIG",
        )
    interval = parse_every(every) if every is not None else parse_every(data.get("every", default))
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SettingsError(
            f'{file} names no source; add [[source]] tables with url = "..." or path = "..."',
            code="E-WATCH-CONFIG",
        )
    return [_table(file, number, table, interval) for number, table in enumerate(tables, start=1)]


def _table(file: Path, number: int, table: Any, default: float) -> WatchSource:  # noqa: ANN401
    where = f"{file}, source {number}"
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: expected a [[source]] table", code="E-WATCH-CONFIG")
    unknown = sorted(set(table) - {"url", "path", "every", "name"})
    if unknown:
        raise SettingsError(
            f"{where}: unknown key(s) {', '.join(unknown)}; use url or path, and every",
            code="E-WATCH-CONFIG",
        )
    given = [key for key in ("url", "path") if table.get(key)]
    if len(given) != 1:
        raise SettingsError(f"{where}: give exactly one of url or path", code="E-WATCH-CONFIG")
    target = str(table[given[0]])
    if given[0] == "url" and not _URL.match(target):
        raise SettingsError(f"{where}: url {target!r} is not an URL", code="E-WATCH-CONFIG")
    if given[0] == "path":
        target = str(Path(target).expanduser())
    every = parse_every(table["every"]) if "every" in table else default
    return _source(target, every, where)


def _source(target: str, every: float, where: str) -> WatchSource:
    if _URL.match(target):
        if not target.lower().startswith(("http://", "https://")):
            raise SettingsError(
                f"{where}: {target!r} is not an http(s) URL; veille watches http and https "
                "sources and local paths",
                code="E-WATCH-CONFIG",
            )
        return WatchSource(target, every)
    if target == "-":
        raise SettingsError(
            f"{where}: standard input cannot be watched; give a URL or a path",
            code="E-WATCH-CONFIG",
        )
    return WatchSource(str(Path(target).expanduser()), every)
