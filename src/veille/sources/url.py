"""Fetch one URL over HTTP(S) safely: guard, pin, cap, check.

Every hop (the first request and each redirect) goes through
:class:`~veille.sources.netguard.NetworkGuard`; the request is then sent to the
address the guard checked, not to the host name, so DNS cannot answer
differently between the check and the connection (DNS rebinding). The
original host stays in the ``Host`` header and, for HTTPS, in the TLS SNI and
certificate check (httpcore's ``sni_hostname`` extension), so virtual hosting
and certificate verification work as usual.

Redirects are followed by hand up to ``settings.max_redirects``; bodies are
streamed and cut at ``settings.max_bytes`` (after content decoding, so a
compressed bomb is caught too); only web page, text and feed media types are
accepted.
"""

from __future__ import annotations

import functools
import os
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from veille.errors import FetchError, VeilleError
from veille.settings import Settings
from veille.sources.netguard import GuardedTarget, NetworkGuard

ACCEPTED_MEDIA_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "application/x-ndjson",
        "application/jsonl",
    }
)
"""Media types veille reads; anything else (images, PDF, archives…) is refused."""

_ACCEPT_HEADER = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,application/json;q=0.7"
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_LOCATION_CHARS = 8192
"""Longest redirect target followed; browsers and servers rarely accept longer URLs."""
MAX_RETRY_AFTER = 86400.0
"""Longest ``Retry-After`` honoured, in seconds: a day (the watcher, alert deliveries)."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """The body of a successful fetch and what the server said about it."""

    url: str
    data: bytes
    media_type: str
    charset: str | None
    server_date: datetime | None
    redirects: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    """The server answered 304 to a conditional request: ``data`` is empty, keep what you have."""


def _tls_context() -> ssl.SSLContext:
    """Return the TLS context of every fetch (certificate checks as httpx's default).

    Loading the CA bundle costs about 20 ms of CPU; made once, a watcher polling
    1,000 feeds does not pay it per request. httpx takes the bundle the
    environment names (``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else
    certifi's), so the kept context is keyed by those two variables: one
    built before they changed is not reused.
    """
    return _tls_context_for(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.lru_cache(maxsize=4)
def _tls_context_for(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """Build the context httpx builds when the environment names ``cert_file`` or ``cert_dir``."""
    if cert_file:
        return ssl.create_default_context(cafile=cert_file)
    if cert_dir:
        return ssl.create_default_context(capath=cert_dir)
    return httpx.create_ssl_context(trust_env=False)  # certifi's bundle


def fetch_url(
    url: str,
    settings: Settings,
    *,
    guard: NetworkGuard | None = None,
    conditional: Mapping[str, str] | None = None,
) -> FetchedPage:
    """Fetch ``url`` and return its body, following redirects under the network guard.

    ``conditional`` headers (``If-None-Match``, ``If-Modified-Since``) make
    the request conditional: a 304 answer comes back as a page with
    ``not_modified`` set and no body. The page carries the ``ETag`` and
    ``Last-Modified`` the server sent, for the next conditional request.

    Raises :class:`~veille.errors.NetworkGuardError` when a hop is forbidden and
    :class:`~veille.errors.FetchError` for everything else that goes wrong:
    HTTP errors, timeouts, bodies over ``settings.max_bytes`` (code
    ``E-TOO-LARGE``), refused content types, unusable ``Location`` values, and
    any exception of the HTTP stack. Nothing else escapes, so one bad URL never
    stops a batch.
    """
    try:
        return _fetch(url, settings, guard or NetworkGuard.from_settings(settings), conditional)
    except VeilleError:
        raise
    except Exception as exc:
        # httpx, httpcore, h11, idna and ssl do not share one exception base
        # (httpx.InvalidURL is not an httpx.HTTPError; idna raises UnicodeError,
        # urllib ValueError), and what they parse here comes from a server
        # nobody vetted: whatever they raise is a failed fetch of this URL.
        raise FetchError(
            f"cannot fetch {url!r}: {type(exc).__name__}: {exc}; check the URL"
        ) from exc


def _fetch(
    url: str,
    settings: Settings,
    guard: NetworkGuard,
    conditional: Mapping[str, str] | None = None,
) -> FetchedPage:
    timeout = httpx.Timeout(settings.fetch_timeout)
    # The transport, not a Client: a Client parses every Location header into
    # an httpx.URL even with redirects off, and raises on the ones it cannot
    # read (javascript:, data:, x:y …) before veille sees them. Here the
    # Location is only text until urljoin and the guard have checked it. No
    # Client also means no proxy from the environment, which would connect on
    # our behalf to the host name and defeat the pinning and the guard.
    with httpx.HTTPTransport(trust_env=False, verify=_tls_context()) as transport:
        current = url
        visited: list[str] = []
        for _ in range(settings.max_redirects + 1):
            target = guard.check(current)
            answer = _request(transport, target, settings, timeout, conditional or {})
            if isinstance(answer, FetchedPage):
                return replace(answer, redirects=tuple(visited))
            visited.append(current)
            current = _redirect_target(current, answer)
    raise FetchError(
        f"{url!r} redirected more than {settings.max_redirects} times (last: {current!r}); "
        "open it in a browser to find the final address, or raise max_redirects"
    )


def _redirect_target(current: str, location: str) -> str:
    """Resolve a ``Location`` value against the URL that sent it; refuse what is not a URL."""
    if len(location) > MAX_LOCATION_CHARS:
        raise FetchError(
            f"{current!r} redirected to an address of {len(location)} characters "
            f"(more than {MAX_LOCATION_CHARS}); this is not a page veille can fetch"
        )
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:  # "Invalid IPv6 URL" and the like
        raise FetchError(
            f"{current!r} redirected to {location[:200]!r}, which is not a valid URL ({exc})"
        ) from exc


def _pinned_url(target: GuardedTarget) -> str:
    parts = urlsplit(target.url)
    return urlunsplit((target.scheme, target.pinned_authority, parts.path or "/", parts.query, ""))


def _request(
    transport: httpx.HTTPTransport,
    target: GuardedTarget,
    settings: Settings,
    timeout: httpx.Timeout,
    conditional: Mapping[str, str],
) -> FetchedPage | str:
    """Send one request; return the page, or the ``Location`` of a redirect."""
    headers = {
        **conditional,
        "Host": target.host_header,
        "User-Agent": settings.user_agent,
        "Accept": _ACCEPT_HEADER,
        "Accept-Encoding": "gzip, deflate",
    }
    extensions: dict[str, object] = {"timeout": timeout.as_dict()}
    if target.scheme == "https":
        extensions["sni_hostname"] = target.host
    request = httpx.Request("GET", _pinned_url(target), headers=headers, extensions=extensions)
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        response = transport.handle_request(request)
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"{target.url!r} did not answer within {settings.fetch_timeout:g} s; "
            "try again later or raise fetch_timeout"
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {target.url!r}: {exc}; check the URL") from exc
    response.request = request
    try:
        if response.status_code in _REDIRECT_STATUSES:
            location = response.headers.get("location", "")
            if not location.strip():
                raise FetchError(f"{target.url!r} redirected without a Location header")
            return str(location)
        if response.status_code == 304 and conditional:
            return FetchedPage(
                url=target.url,
                data=b"",
                media_type="",
                charset=None,
                server_date=_server_date(response),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                not_modified=True,
            )
        if response.status_code >= 400:
            raise FetchError(
                f"{target.url!r} answered HTTP {response.status_code}; "
                "check the URL or try again later",
                code=f"E-HTTP-{response.status_code}",
                status=response.status_code,
                retry_after=response.headers.get("retry-after"),
            )
        media_type, charset = _content_type(response, target.url)
        data = _read_capped(response, target.url, settings, deadline)
        return FetchedPage(
            url=target.url,
            data=data,
            media_type=media_type,
            charset=charset,
            server_date=_server_date(response),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
    finally:
        response.close()


def _content_type(response: httpx.Response, url: str) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    media_type, _, params = header.partition(";")
    media_type = media_type.strip().lower()
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    if not media_type:
        # Servers that omit the type are common for static files; the sniffer decides later.
        return "application/octet-stream", charset
    if media_type not in ACCEPTED_MEDIA_TYPES and not media_type.endswith(("+xml", "+json")):
        raise FetchError(
            f"{url!r} is {media_type}, not a web page, text or feed; "
            "veille reads HTML, plain text, RSS/Atom and JSON. Remove this URL"
        )
    return media_type, charset


def _read_capped(response: httpx.Response, url: str, settings: Settings, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(_too_large(url, settings, int(declared)), code="E-TOO-LARGE")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > settings.max_bytes:
                raise FetchError(_too_large(url, settings, None), code="E-TOO-LARGE")
            # The per-read timeout alone lets a server drip one byte at a time forever.
            if time.monotonic() > deadline:
                raise FetchError(
                    f"{url!r} was still sending after {settings.fetch_timeout:g} s; "
                    "try again later or raise fetch_timeout"
                )
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"{url!r} stopped sending for {settings.fetch_timeout:g} s; try again later"
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"reading {url!r} failed: {exc}; try again later") from exc
    return b"".join(chunks)


def _too_large(url: str, settings: Settings, size: int | None) -> str:
    stated = f" ({size} bytes)" if size is not None else ""
    return (
        f"{url!r} is larger than max_bytes={settings.max_bytes}{stated}; "
        "raise VEILLE_MAX_BYTES if you really want it"
    )


def _server_date(response: httpx.Response) -> datetime | None:
    value = response.headers.get("date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Read a ``Retry-After`` header (seconds or an HTTP date) as seconds from now, capped at a day.

    >>> retry_after_seconds("120")
    120.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
