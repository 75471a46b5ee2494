"""The vocabulary of the schema description, and how each backend writes it as DDL.

:mod:`veille.store.schema` describes veille's tables once, as a list of
:class:`Step` s built from the parts below; :func:`migrations` renders the
steps of one backend into the :class:`Migration` s its migration runner
applies (:mod:`veille.store.sqlite.migrations`,
:mod:`veille.store.postgres.migrations`), and :func:`too_new` is how both
refuse a database a newer veille wrote.

What the rendering decides, so that the description does not have to:

======================  ============================  ==============================
description             SQLite                        PostgreSQL
======================  ============================  ==============================
``"text"``              ``TEXT``                      ``TEXT``
``"integer"``           ``INTEGER``                   ``INTEGER``
``"bigint"``            ``INTEGER`` (64-bit already)  ``BIGINT``
``"real"``              ``REAL``                      ``DOUBLE PRECISION``
``"rowid"``             ``INTEGER`` (the rowid)       ``BIGSERIAL``
``"tsvector"``          (none: FTS5 instead)          ``TSVECTOR``
``byte_order=True``     (default collation already)   ``COLLATE "C"``
``nocase=True``         ``COLLATE NOCASE``            (none: ``lower()`` in indexes)
``without_rowid=True``  ``WITHOUT ROWID``             (none: every table is a heap)
======================  ============================  ==============================

Everything else that differs is said where it differs, with :class:`PerBackend`
(the same statement or index key in each backend's words) or ``only=`` (a part
one backend has and the other does not); each such place says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from veille.errors import StoreError

Backend = Literal["sqlite", "postgres"]
ColumnKind = Literal["text", "integer", "bigint", "real", "rowid", "tsvector"]

_TYPES: dict[ColumnKind, tuple[str, str]] = {
    "text": ("TEXT", "TEXT"),
    "integer": ("INTEGER", "INTEGER"),
    "bigint": ("INTEGER", "BIGINT"),
    "real": ("REAL", "DOUBLE PRECISION"),
    "rowid": ("INTEGER", "BIGSERIAL"),
    "tsvector": ("", "TSVECTOR"),
}


@dataclass(frozen=True, slots=True)
class PerBackend:
    """The same statement (or index key) written in each backend's words."""

    sqlite: str
    postgres: str

    def text(self, backend: Backend) -> str:
        """Return this backend's words."""
        return self.sqlite if backend == "sqlite" else self.postgres


Words = str | PerBackend
"""Text that reads the same in both backends, or one text per backend."""


def _words(words: Words, backend: Backend) -> str:
    return words if isinstance(words, str) else words.text(backend)


@dataclass(frozen=True, slots=True)
class Column:
    """One column, with the constraints written on its own line."""

    name: str
    kind: ColumnKind
    not_null: bool = False
    primary_key: bool = False
    unique: bool = False
    default: str | None = None
    """An SQL literal both backends read alike (``'lead'``, ``0``)."""
    references: str | None = None
    """``table(column) ON DELETE …``."""
    check_in: tuple[str, ...] = ()
    """The only values the column may hold (``CHECK (name IN (…))``)."""
    byte_order: bool = False
    """Sorted or compared as bytes: PostgreSQL's ``"C"`` collation, whatever the server's locale."""
    nocase: bool = False
    """SQLite compares it ignoring ASCII case (PostgreSQL indexes ``lower()`` where it must)."""
    only: Backend | None = None

    def ddl(self, backend: Backend) -> str:
        """Return the column's definition in ``backend``'s DDL."""
        sqlite = backend == "sqlite"
        parts = [self.name, _TYPES[self.kind][0 if sqlite else 1]]
        # PostgreSQL wants COLLATE right after the type; SQLite's NOCASE was
        # written after NOT NULL, and its stored DDL keeps that order.
        if self.byte_order and not sqlite:
            parts.append('COLLATE "C"')
        if self.primary_key:
            parts.append("PRIMARY KEY")
        if self.not_null:
            parts.append("NOT NULL")
        if self.nocase and sqlite:
            parts.append("COLLATE NOCASE")
        if self.unique:
            parts.append("UNIQUE")
        if self.default is not None:
            parts.append(f"DEFAULT {self.default}")
        if self.references:
            parts.append(f"REFERENCES {self.references}")
        if self.check_in:
            values = ", ".join(f"'{value}'" for value in self.check_in)
            parts.append(f"CHECK ({self.name} IN ({values}))")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Table:
    """``CREATE TABLE``: columns in order, then the table's key and unique constraints."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    without_rowid: bool = False
    """SQLite stores the table as its primary-key b-tree (no separate rowid)."""
    only: Backend | None = None

    def statements(self, backend: Backend) -> tuple[str, ...]:
        """Return the ``CREATE TABLE`` statement in ``backend``'s DDL."""
        lines = [column.ddl(backend) for column in self.columns if _applies(column.only, backend)]
        if self.primary_key:
            lines.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        if self.unique:
            lines.append(f"UNIQUE ({', '.join(self.unique)})")
        body = ",\n    ".join(lines)
        tail = " WITHOUT ROWID" if self.without_rowid and backend == "sqlite" else ""
        return (f"CREATE TABLE {self.name} (\n    {body}\n){tail}",)


@dataclass(frozen=True, slots=True)
class Index:
    """``CREATE INDEX`` over key terms: column names, or :class:`PerBackend` expressions."""

    name: str
    table: str
    keys: tuple[Words, ...]
    where: str | None = None
    """A partial index's condition."""
    using: str | None = None
    """PostgreSQL's index method (``GIN``); SQLite has b-trees only."""
    only: Backend | None = None

    def statements(self, backend: Backend) -> tuple[str, ...]:
        """Return the ``CREATE INDEX`` statement in ``backend``'s DDL."""
        keys = ", ".join(_words(key, backend) for key in self.keys)
        method = f" USING {self.using} " if self.using else ""
        where = f" WHERE {self.where}" if self.where else ""
        return (f"CREATE INDEX {self.name} ON {self.table}{method}({keys}){where}",)


@dataclass(frozen=True, slots=True)
class AddColumn:
    """``ALTER TABLE … ADD COLUMN``; rows already stored get the column's default (or NULL)."""

    table: str
    column: Column
    only: Backend | None = None

    def statements(self, backend: Backend) -> tuple[str, ...]:
        """Return the ``ALTER TABLE`` statement in ``backend``'s DDL."""
        return (f"ALTER TABLE {self.table} ADD COLUMN {self.column.ddl(backend)}",)


@dataclass(frozen=True, slots=True)
class DropIndex:
    """``DROP INDEX``: an index a later step replaces."""

    name: str
    only: Backend | None = None

    def statements(self, backend: Backend) -> tuple[str, ...]:
        """Return the ``DROP INDEX`` statement (``backend`` is unused: both write it alike)."""
        del backend
        return (f"DROP INDEX {self.name}",)


@dataclass(frozen=True, slots=True)
class Sql:
    """Statements written out: what a backend does its own way (data fixes, triggers, search)."""

    words: tuple[Words, ...]
    only: Backend | None = None

    def statements(self, backend: Backend) -> tuple[str, ...]:
        """Return the statements in ``backend``'s words."""
        return tuple(_words(words, backend) for words in self.words)


Part = Table | Index | AddColumn | DropIndex | Sql


@dataclass(frozen=True, slots=True)
class Step:
    """One change of the schema, and the version it brings each backend to.

    ``sqlite`` / ``postgres`` is the version a backend reaches with this step,
    or ``None`` when the step is not one of that backend's: the two backends
    number their versions apart because some steps only ever concerned one of
    them (SQLite's FTS5 index, one SQLite trigger).
    """

    sqlite: int | None
    postgres: int | None
    description: str
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Migration:
    """One step in one backend's DDL: the statements that take ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


def migrations(steps: Iterable[Step], backend: Backend) -> tuple[Migration, ...]:
    """Render the steps that concern ``backend`` as its numbered migrations.

    Raises ``ValueError`` when the versions are not 1, 2, 3, … in order:
    a runner applies them by number, so a gap or a repeat would skip or
    repeat a change on users' databases.
    """
    rendered = []
    for step in steps:
        version = step.sqlite if backend == "sqlite" else step.postgres
        if version is None:
            continue
        statements = tuple(
            statement
            for part in step.parts
            if _applies(part.only, backend)
            for statement in part.statements(backend)
        )
        rendered.append(Migration(version, step.description, statements))
    numbers = [migration.version for migration in rendered]
    if numbers != list(range(1, len(numbers) + 1)):
        message = f"the {backend} schema steps are numbered {numbers}, not 1, 2, 3, …"
        raise ValueError(message)
    return tuple(rendered)


def too_new(location: str, version: int, latest: int) -> StoreError:
    """Return the error for a database a newer veille wrote: upgrading veille is the way out."""
    return StoreError(
        f"the store {location} has schema version {version} but this veille only knows up "
        f"to version {latest}; upgrade veille (pip install -U veille) to open it",
        code="E-STORE-TOO-NEW",
    )


def _applies(only: Backend | None, backend: Backend) -> bool:
    return only is None or only == backend
