"""Every exception veille raises on purpose, and the one table of error codes.

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
    ├── PlaceDataError          a gazetteer data file is damaged
    ├── OntologyError           the packaged PLOVER/CAMEO tables are missing or malformed
    ├── EventModelError         the learned event model's file is missing, unreadable or stale
    ├── StoreError              the database cannot be opened, migrated, read or written
    ├── FilterError             a filter value (actor, type, place) names nothing
    ├── RecordFormatError       a JSON record (export, gold file) has a missing or mistyped field
    ├── GoldFormatError         a gold events file line is of neither accepted shape
    ├── DistributedError        the Dask cluster cannot be started or reached (--workers)
    ├── ApiError                an HTTP request the API refuses (``status``: its HTTP status)
    ├── WatchlistError          a watchlist rule or delivery names an unknown value
    └── DeliveryError           one alert delivery attempt failed (``retry_after`` if asked)

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

Every other code, by what raises it (the CLI prints ``CODE: message`` and
exits with 2; the API answers ``{"code", "message"}`` with a 4xx or 5xx)::

    E-VEILLE              VeilleError raised without a code of its own
    E-USAGE               a CLI option or argument has a value the command cannot use
    E-SETTINGS            a setting (flag, environment variable) has an invalid value
    E-SOURCE              a source item could not be read (the base of the row codes above)
    E-EXTRACT             an item holds no usable article (the base of the row codes above)
    E-ACTORS              an actor file (package data or a user YAML/CSV) is unreadable
    E-PLACE-DATA          a gazetteer data file is damaged: reinstall veille
    E-ONTOLOGY            the ontology tables are missing or malformed: reinstall veille
    E-DATA                another package data file is damaged: the message names the line
    E-EVENT-MODEL         the learned event model is missing, unreadable or stale (make train)
    E-STORE               the store failed (the base of the E-STORE-* codes)
    E-STORE-LOCATION      the --db location is neither a file path, sqlite:/// nor postgresql://
    E-STORE-OPEN          the database cannot be opened (permissions, server down, bad URL)
    E-STORE-FOREIGN       the database holds tables that are not veille's
    E-STORE-TOO-NEW       the database was written by a newer veille: upgrade veille
    E-STORE-MISMATCH      an event names another article than the one saved with it (a bug)
    E-STORE-LOCKED        another process holds the database longer than busy_timeout
    E-STORE-IO            the disk or the server failed while reading or writing
    E-STORE-NUL           a value holds NUL, which PostgreSQL text cannot store
    E-STORE-CLOSED        the store was used after it was closed: open it again
    E-STORE-ARGUMENT      a query argument is malformed (a date, a limit, an offset, a code)
    E-SEARCH-EMPTY        a search query holds no word to look for
    E-QUERY-TIMEOUT       a read took more than query_timeout seconds and was stopped
    E-FILTER              an actor, type or place filter names nothing; lists what exists
    E-RECORD              a JSON record (export line, gold event) has a missing or mistyped field
    E-GOLD                a gold events file line is of neither accepted shape (docs/eval.md)
    E-STORY-GOLD          a story gold file is unreadable or of neither accepted shape
    E-DISTRIBUTED         the Dask cluster cannot be started or reached
    E-LOAD-EMPTY          veille load found no Parquet partition in the folder named
    E-API                 an HTTP request the API refuses (the base of the API codes)
    E-BAD-REQUEST         a request's parameters or body are invalid (400)
    E-UNAUTHORIZED        a write without the right bearer token (401)
    E-WRITE-DISABLED      a write to a server started without VEILLE_TOKEN (403)
    E-WATCH-CONFIG        the watch configuration file or a --source is invalid
    E-WATCHLIST           a watchlist rule or delivery names an unknown value or is empty
    E-WATCHLIST-EXISTS    a watchlist of that name exists already
    E-WATCHLIST-UNKNOWN   no watchlist has that name; the message lists those there are
    E-DELIVERY            an alert delivery (webhook, e-mail) failed; it is retried later
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


class PlaceDataError(VeilleError):
    """A gazetteer data file is damaged (wrong number of columns, unknown id)."""

    code = "E-PLACE-DATA"


class OntologyError(VeilleError):
    """The packaged ontology table is missing or malformed (a broken install)."""

    code = "E-ONTOLOGY"


class EventModelError(VeilleError):
    """The learned event detector's artefact is missing, unreadable or of another layout."""

    code = "E-EVENT-MODEL"


class StoreError(VeilleError):
    """The store cannot be opened, migrated or written."""

    code = "E-STORE"


class FilterError(VeilleError):
    """A filter value that can match nothing; the message lists what is accepted.

    ``parameter`` names the filter at fault (``actor``, ``dyad``, ``type``,
    ``place``), so that a front end can word the error in its own terms.
    """

    code = "E-FILTER"

    def __init__(self, message: str, *, code: str | None = None, parameter: str) -> None:
        super().__init__(message, code=code)
        self.parameter = parameter


class RecordFormatError(VeilleError):
    """A JSON record (an export line, a gold event) has a missing or mistyped field."""

    code = "E-RECORD"


class GoldFormatError(VeilleError):
    """A gold file line is not a record of either accepted shape."""

    code = "E-GOLD"


class DistributedError(VeilleError):
    """The Dask cluster of a distributed run cannot be started or reached."""

    code = "E-DISTRIBUTED"


class ApiError(VeilleError):
    """An HTTP request the API refuses; ``status`` is the HTTP status code."""

    code = "E-API"

    def __init__(self, status: int, message: str, *, code: str) -> None:
        """Remember the HTTP status along with the usual code and message."""
        super().__init__(message, code=code)
        self.status = status


class WatchlistError(VeilleError):
    """A watchlist rule or delivery names an unknown value or is empty; lists valid ones."""

    code = "E-WATCHLIST"


class DeliveryError(VeilleError):
    """One delivery attempt failed; ``retry_after`` is the receiver's wait, in seconds, if any."""

    code = "E-DELIVERY"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        """Keep the receiver's ``Retry-After`` with the message."""
        super().__init__(message)
        self.retry_after = retry_after


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
