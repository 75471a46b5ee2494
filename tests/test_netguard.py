"""The network guard's address logic: spellings, ranges, schemes, names.

The HTTP side (real server, redirects, pinning) is in test_sources_url.py.
"""

from __future__ import annotations

import contextlib
import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.errors import FetchError, NetworkGuardError
from veille.settings import Settings
from veille.sources.netguard import NetworkGuard, forbidden_reason, normalise_host, parse_ip_literal


def fixed_resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("10.1", "10.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ],
)
def test_odd_ip_spellings_are_read_as_the_address_they_are(spelling, address):
    assert parse_ip_literal(spelling) == ipaddress.ip_address(address)


@pytest.mark.parametrize("name", ["example.org", "1.2.3.4.5", "08.1.1.1", "256.1.1.1", ""])
def test_host_names_and_invalid_numbers_are_not_ip_literals(name):
    assert parse_ip_literal(name) is None


def test_normalise_host_lowercases_and_drops_trailing_dot():
    assert normalise_host("News.Example.ORG.") == "news.example.org"
    assert normalise_host("[::1]") == "::1"
    assert normalise_host("0177.1") == "127.0.0.1"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("10.2.3.4", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("fd12:3456::1", "private"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("169.254.169.254", "cloud-metadata"),
        ("fd00:ec2::254", "cloud-metadata"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "private"),
        ("::ffff:10.0.0.1", "private (IPv4 inside IPv6)"),
        ("::ffff:169.254.169.254", "cloud-metadata (IPv4 inside IPv6)"),
        ("64:ff9b::7f00:1", "loopback (IPv4 inside IPv6)"),
        ("2002:7f00:1::", "loopback (IPv4 inside IPv6)"),
    ],
)
def test_forbidden_ranges(address, reason):
    assert forbidden_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::6810:85e5"])
def test_public_addresses_pass(address):
    assert forbidden_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://0x/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://localhost:9200/",
        "http://api.localhost/",
        "https://10.0.0.5/admin",
    ],
)
def test_guard_refuses_internal_targets(url):
    guard = NetworkGuard(resolver=fixed_resolver({}))
    with pytest.raises(NetworkGuardError) as caught:
        guard.check(url)
    assert caught.value.code == "E-NETWORK-GUARD"
    assert "allow_private_network" in caught.value.message


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://example.org/x", "scheme"),
        ("gopher://example.org/", "scheme"),
        ("https://user:secret@example.org/", "credentials"),
        ("https://user@example.org/", "credentials"),
        ("http:///nohost", "no host"),
    ],
)
def test_guard_refuses_bad_urls(url, fragment):
    with pytest.raises(NetworkGuardError, match=fragment):
        NetworkGuard(resolver=fixed_resolver({})).check(url)


def test_every_resolved_address_is_checked():
    guard = NetworkGuard(resolver=fixed_resolver({"mixed.example": ["93.184.216.34", "10.0.0.7"]}))
    with pytest.raises(NetworkGuardError, match=r"10\.0\.0\.7"):
        guard.check("https://mixed.example/")


def test_public_host_is_pinned_to_its_checked_address():
    guard = NetworkGuard(resolver=fixed_resolver({"news.example": ["93.184.216.34"]}))
    target = guard.check("https://News.Example/a?b=1")
    assert (target.host, target.port, target.address) == ("news.example", 443, "93.184.216.34")
    assert target.host_header == "news.example"
    assert target.pinned_authority == "93.184.216.34:443"


def test_unresolvable_host_is_a_fetch_error_not_a_guard_error():
    with pytest.raises(FetchError) as caught:
        NetworkGuard(resolver=fixed_resolver({})).check("https://nowhere.example/")
    assert caught.value.code == "E-FETCH"


def test_allow_private_network_lets_loopback_through():
    guard = NetworkGuard.from_settings(Settings(allow_private_network=True))
    assert guard.check("http://127.0.0.1:8000/").address == "127.0.0.1"


def test_allowed_endpoint_exempts_exactly_that_host_and_port():
    guard = NetworkGuard.from_settings(
        Settings(), allowed_endpoints=frozenset({("127.0.0.1", 8000)})
    )
    assert guard.check("http://127.0.0.1:8000/x").address == "127.0.0.1"
    for url in ("http://127.0.0.1:8001/", "http://127.0.0.2:8000/", "http://2130706433:8001/"):
        with pytest.raises(NetworkGuardError):
            guard.check(url)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_guard_never_raises_anything_but_its_own_errors(url):
    guard = NetworkGuard(resolver=fixed_resolver({}))
    with contextlib.suppress(NetworkGuardError, FetchError):
        guard.check(url)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_decimal_ipv4_spelling_round_trips(value):
    assert parse_ip_literal(str(value)) == ipaddress.IPv4Address(value)
