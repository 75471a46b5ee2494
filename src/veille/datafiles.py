"""Data files shipped inside the package (``veille/data/<folder>/<name>``).

Tables are tab-separated, one row per line; blank lines and lines starting
with ``#`` (the origin and licence header) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable

from veille.errors import VeilleError


def read_data(folder: str, name: str) -> str:
    """Return the text of the package data file ``data/<folder>/<name>``.

    ``folder`` may hold several levels, written with ``/`` (``lexicon/fr``).
    """
    return _data_file(folder, name).read_text(encoding="utf-8")


def has_data(folder: str, name: str) -> bool:
    """Tell whether the package holds the data file ``data/<folder>/<name>``."""
    return _data_file(folder, name).is_file()


def _data_file(folder: str, name: str) -> Traversable:
    return resources.files("veille").joinpath("data", *folder.split("/"), name)


def tsv_rows(
    text: str, name: str, columns: int, error: type[VeilleError] = VeilleError
) -> Iterator[list[str]]:
    """Yield the rows of the table ``text`` (read from ``name``), each of ``columns`` fields.

    A row of another width means the installed data is damaged: ``error`` is
    raised with the file, the line and what to do.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != columns:
            raise error(
                f"{name} line {number}: expected {columns} tab-separated columns, got "
                f"{len(parts)}; the package data is damaged, reinstall veille"
            )
        yield parts
