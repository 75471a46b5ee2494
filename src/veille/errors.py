"""Exceptions raised by veille.

Hierarchy::

    VeilleError                 base class; ``code`` is a short stable identifier
    ├── SettingsError           a setting has an invalid value
    ├── SourceError             one source item could not be read (recorded, batch goes on)
    │   ├── NetworkGuardError   a URL resolves to an address the guard forbids
    │   └── FetchError          HTTP failure, timeout, size cap or wrong content type
    ├── ExtractionError         the item was read but holds no usable article
    ├── BudgetError             the item went over a per-item budget (time)
    ├── ModelNotInstalledError  a spaCy pipeline is missing; the message says which pip package
    ├── ActorDataError          an actor file (package data or user YAML/CSV) cannot be read
    ├── EventModelError         the learned event model's file is missing, unreadable or stale
    ├── StoreError              the database cannot be opened or migrated
    ├── RecordFormatError       a JSON record (export, gold file) has a missing or mistyped field
    └── DistributedError        the Dask cluster cannot be started or reached (--workers)

Every message says what happened and what to do next. Per-article errors
(``SourceError``, ``ExtractionError`` and ``BudgetError``) become
:class:`veille.records.ArticleError` rows in the store instead of stopping a batch.

The codes of those error rows (``veille articles --errors``)::

    E-NOT-FOUND       the path named does not exist
    E-READ            the file exists but the system refused to read it
    E-SPECIAL-FILE    a FIFO, device or socket: refused before opening (it could block or never end)
    E-TOO-LARGE       the file, response or posted body is over max_bytes
    E-EMPTY           no bytes, or only blank ones (also a JSON lines file with no record)
    E-BINARY          the bytes are not text (an image, a PDF, random bytes)
    E-ENCODING        a byte-order mark contradicts the bytes
    E-NO-TEXT         decoded, but no words: only markup, symbols or a script-only page
    E-LANGUAGE        the article is in a language veille does not code (force with --lang)
    E-JSONL           one JSON line is not an object with a "text" or "html" string
    E-FORMAT          a .json file that is neither a JSON Feed nor JSON lines
    E-FEED            a feed that yields no entry (malformed, empty, not a feed)
    E-NETWORK-GUARD   the URL, or a redirect, points at a forbidden address or scheme
    E-FETCH           the HTTP exchange failed (timeout, refused type, bad Location, ...)
    E-HTTP-<status>   the server answered with that HTTP error status
    E-TIMEOUT         the item took more than item_timeout seconds of processing
    E-MODEL           the spaCy pipeline for the item's language is not installed
    E-WORKER          a distributed partition failed on every retry
    E-INTERNAL        an exception veille did not expect: a bug, reported with its input
"""

from __future__ import annotations

import traceback


class VeilleError(Exception):
    """Base class of every error veille raises on purpose."""

    code = "E-VEILLE"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        """The human-readable message, without the code."""
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class SettingsError(VeilleError):
    """A setting (CLI flag, environment variable or file) has an invalid value."""

    code = "E-SETTINGS"


class SourceError(VeilleError):
    """One source item (file, URL, feed entry, JSONL line) could not be read."""

    code = "E-SOURCE"


class NetworkGuardError(SourceError):
    """A URL or one of its redirects points at a forbidden network address."""

    code = "E-NETWORK-GUARD"


class FetchError(SourceError):
    """An HTTP fetch failed: status, timeout, size cap or content type.

    ``status`` is the HTTP status when the server answered with an error, and
    ``retry_after`` its ``Retry-After`` header as sent (seconds or an HTTP
    date), which ``veille watch`` honours before asking that server again.
    """

    code = "E-FETCH"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        retry_after: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.retry_after = retry_after


class ExtractionError(VeilleError):
    """The item was read but holds no usable article (empty, binary, undecodable)."""

    code = "E-EXTRACT"


class BudgetError(VeilleError):
    """One item used more than its budget (``item_timeout``); it is stopped, the batch goes on."""

    code = "E-TIMEOUT"


class ModelNotInstalledError(VeilleError):
    """A spaCy pipeline needed for a language is not installed."""

    code = "E-MODEL"


class ActorDataError(VeilleError):
    """An actor knowledge-base file (package data or a user YAML/CSV file) is unreadable."""

    code = "E-ACTORS"


class EventModelError(VeilleError):
    """The learned event detector's artefact is missing, unreadable or of another layout."""

    code = "E-EVENT-MODEL"


class StoreError(VeilleError):
    """The store cannot be opened, migrated or written."""

    code = "E-STORE"


class RecordFormatError(VeilleError):
    """A JSON record (an export line, a gold event) has a missing or mistyped field."""

    code = "E-RECORD"


class DistributedError(VeilleError):
    """The Dask cluster of a distributed run cannot be started or reached."""

    code = "E-DISTRIBUTED"


def internal_error_message(exc: BaseException) -> str:
    """Describe an unexpected exception for an ``E-INTERNAL`` row: a bug of veille, not the input.

    Names the exception and the line that raised it, so a user can report it
    with the input that caused it; the item becomes an error row and the batch
    goes on.
    """
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    location = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
    return (
        f"{type(exc).__name__}: {exc}{location}. This is a bug in veille; please report it "
        "with the input that caused it."
    )
