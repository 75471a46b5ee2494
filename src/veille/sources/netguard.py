"""Network guard: refuse URLs that would make veille reach inside the user's network.

A news URL comes from a feed or a user list that veille does not control, so
fetching it must not let a third party probe loopback services, the LAN or a
cloud metadata endpoint (server-side request forgery). The guard:

* accepts only ``http``/``https`` URLs without credentials;
* normalises odd host spellings (``2130706433``, ``0177.0.0.1``, ``0x7f.1``)
  the way the C library would read them, so they are checked as the address
  they really are;
* resolves the host once and checks every resolved address against the
  forbidden ranges, and returns the address to connect to, so the caller can
  pin the connection to it (a DNS answer that changes between the check and
  the connection cannot bypass the guard);
* is applied again to every redirect target by the fetcher.

``allowed_endpoints`` exempts exact ``(host, port)`` pairs from the address
check: it lets a test or a deployment reach one known internal service while
every other private address, including redirect targets, stays refused.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

from veille.errors import FetchError, NetworkGuardError
from veille.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Host names that name a metadata service or the local machine whatever they
# resolve to; refused by name so a resolver quirk cannot let them through.
_FORBIDDEN_NAMES = frozenset(
    {
        "localhost",
        "localhost.localdomain",
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
    }
)

# Cloud metadata addresses, named in messages so users see why they are refused.
_METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),
        ipaddress.ip_address("169.254.170.2"),
        ipaddress.ip_address("100.100.100.200"),
        ipaddress.ip_address("fd00:ec2::254"),
    }
)

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class GuardedTarget:
    """A URL that passed the guard, and the address the connection must use."""

    url: str
    scheme: str
    host: str
    port: int
    address: str

    @property
    def host_header(self) -> str:
        """The ``Host`` header value: the original host, with the port when not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if _DEFAULT_PORTS[self.scheme] == self.port:
            return host
        return f"{host}:{self.port}"

    @property
    def pinned_authority(self) -> str:
        """``address:port`` to put in the request URL so the socket goes to the checked address."""
        address = f"[{self.address}]" if ":" in self.address else self.address
        return f"{address}:{self.port}"


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # Keep resolver order (it encodes the system's address preference) but drop repeats.
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class NetworkGuard:
    """Checks URLs before veille connects to them. Build it with :meth:`from_settings`."""

    allow_private: bool = False
    allowed_endpoints: frozenset[tuple[str, int]] = frozenset()
    resolver: Resolver = field(default=_system_resolver, compare=False)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, allowed_endpoints: frozenset[tuple[str, int]] = frozenset()
    ) -> NetworkGuard:
        """Build the guard the settings ask for, exempting exact ``(host, port)`` pairs."""
        return cls(
            allow_private=settings.allow_private_network,
            allowed_endpoints=frozenset((h.lower(), p) for h, p in allowed_endpoints),
        )

    def check(self, url: str) -> GuardedTarget:
        """Validate ``url``, resolve its host and return the address to connect to.

        Raises :class:`NetworkGuardError` when the URL or any address its host
        resolves to is forbidden.
        """
        parts = _split(url)
        scheme = parts.scheme.lower()
        host = normalise_host(parts.hostname or "")
        try:
            port = parts.port or _DEFAULT_PORTS[scheme]
        except ValueError as exc:
            raise NetworkGuardError(f"{url!r} has an invalid port; fix the URL") from exc
        exempt = self.allow_private or (host, port) in self.allowed_endpoints
        if not exempt and (host in _FORBIDDEN_NAMES or host.endswith(".localhost")):
            raise NetworkGuardError(
                f"{url!r} names {host!r}, a local or cloud-metadata host; "
                "set allow_private_network (VEILLE_ALLOW_PRIVATE_NETWORK=1) if you trust this URL"
            )
        addresses = self._resolve(url, host, port)
        if not exempt:
            for address in addresses:
                reason = forbidden_reason(ipaddress.ip_address(address))
                if reason is not None:
                    raise NetworkGuardError(
                        f"{url!r} resolves to {address}, a {reason} address; veille refuses it "
                        "to protect your network. Set allow_private_network "
                        "(VEILLE_ALLOW_PRIVATE_NETWORK=1) only if you trust this URL"
                    )
        return GuardedTarget(url=url, scheme=scheme, host=host, port=port, address=addresses[0])

    def _resolve(self, url: str, host: str, port: int) -> list[str]:
        literal = parse_ip_literal(host)
        if literal is not None:
            return [str(literal)]
        try:
            addresses = [
                str(ipaddress.ip_address(a.split("%")[0])) for a in self.resolver(host, port)
            ]
        except (OSError, UnicodeError, ValueError) as exc:
            raise FetchError(
                f"cannot resolve the host of {url!r} ({exc}); check the URL and your network"
            ) from exc
        if not addresses:
            raise FetchError(f"{url!r}: the host has no address; check the URL")
        return addresses


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise NetworkGuardError(f"{url!r} is not a valid URL; fix it or remove it") from exc
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise NetworkGuardError(
            f"{url!r} uses the scheme {parts.scheme!r}; veille fetches only http and https URLs"
        )
    if parts.username is not None or parts.password is not None:
        raise NetworkGuardError(
            f"{url!r} carries credentials; veille refuses URLs with user:password@ "
            "so secrets are not sent to a server or logged. Remove them"
        )
    if not parts.hostname:
        raise NetworkGuardError(f"{url!r} has no host; write it like https://example.org/page")
    return parts


def normalise_host(host: str) -> str:
    """Lower-case ``host``, drop a trailing dot and IPv6 brackets, and rewrite IP spellings.

    >>> normalise_host("0177.0.0.1")
    '127.0.0.1'
    >>> normalise_host("Example.ORG.")
    'example.org'
    """
    host = host.strip().lower().rstrip(".").strip("[]")
    literal = parse_ip_literal(host)
    return str(literal) if literal is not None else host


def parse_ip_literal(host: str) -> IPAddress | None:
    """Read ``host`` as an IP address, accepting the legacy IPv4 forms ``inet_aton`` accepts.

    Decimal (``2130706433``), octal (``0177.0.0.1``), hexadecimal (``0x7f.0.0.1``)
    and short forms (``127.1``) are all loopback to the C library, so they must
    be to the guard too. Returns ``None`` for host names.
    """
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return None
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _parse_ipv4_part(part)
        if number is None:
            return None
        numbers.append(number)
    # The last part fills all the bytes the earlier parts left (127.1 == 127.0.0.1).
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value)


def _parse_ipv4_part(part: str) -> int | None:
    try:
        if part.startswith(("0x", "0X")):
            return int(part[2:], 16) if part[2:] else 0
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def forbidden_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched (``"loopback"``, ``"private"``…), or ``None``."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = forbidden_reason(embedded)
            return f"{reason} (IPv4 inside IPv6)" if reason else None
    if address in _METADATA_ADDRESSES:
        return "cloud-metadata"
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_loopback, "loopback"),
        (address.is_unspecified, "unspecified"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT, "carrier-grade NAT"),
        (address.is_private, "private"),
        (address.is_reserved, "reserved"),
        # Documentation, benchmarking and similar ranges are neither private nor
        # routable on the internet; a news site never lives there.
        (not address.is_global, "non-public"),
    )
    for matched, reason in checks:
        if matched:
            return reason
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    # Deprecated IPv4-compatible form ::a.b.c.d (but not :: and ::1 themselves).
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None
