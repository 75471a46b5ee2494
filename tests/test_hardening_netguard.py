"""Network guard cases test_netguard.py and test_sources_url.py do not cover.

More host spellings (expanded and zoned IPv6, IPv4-compatible, NAT64, Teredo,
full-width digits and ideographic dots that IDNA turns into an address),
resolvers that answer with forbidden or malformed addresses, exemptions that
must not leak to other names, redirects to other schemes and
protocol-relative targets, and caps on decoded size (compression bombs) and
on total time (a server that drips bytes).
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from veille.errors import FetchError, NetworkGuardError
from veille.settings import Settings
from veille.sources import NetworkGuard, fetch_url


def no_dns(host: str, port: int) -> list[str]:
    raise OSError(f"no DNS in tests ({host})")


@pytest.mark.parametrize(
    "url",
    [
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::FFFF:7F00:1]/",
        "http://[::127.0.0.1]/",
        "http://[fe80::1%25eth0]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
        "http://[::]/",
        "http://0/",
        "http://0x7f.0.0.01/",
        "http://127.000.000.001/",
        "http://017700000001/",
        "http://127.0.0.1./",
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/",  # full-width digits
        "http://100.100.100.200/",
        "http://198.18.0.1/",
        "http://192.0.2.1/",
        "http://LOCALHOST./",
    ],
)
def test_more_spellings_of_forbidden_addresses_are_refused(url: str) -> None:
    with pytest.raises(NetworkGuardError):
        NetworkGuard(resolver=no_dns).check(url)


def test_ideographic_dots_are_read_by_idna_and_still_refused() -> None:
    # "127。0。0。1" is no IP literal to the guard, but the system resolver's
    # IDNA step reads it as 127.0.0.1, which the address check then refuses.
    with pytest.raises(NetworkGuardError, match="loopback"):
        NetworkGuard().check("http://127\u30020\u30020\u30021/")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (["::ffff:10.0.0.1"], "private"),
        (["fe80::1%eth0"], "link-local"),
        (["0.0.0.0"], "unspecified"),
        (["169.254.169.254"], "cloud-metadata"),
        (["93.184.216.34", "::1"], "loopback"),
    ],
)
def test_names_resolving_to_forbidden_addresses_are_refused(answer: list[str], reason: str) -> None:
    guard = NetworkGuard(resolver=lambda host, port: answer)
    with pytest.raises(NetworkGuardError, match=reason):
        guard.check("https://news.example/article")


@pytest.mark.parametrize("answer", [["not-an-address"], [], ["999.1.1.1"]])
def test_a_resolver_answering_nonsense_is_a_fetch_error(answer: list[str]) -> None:
    guard = NetworkGuard(resolver=lambda host, port: answer)
    with pytest.raises(FetchError):
        guard.check("https://news.example/")


def test_an_exemption_names_one_host_not_every_name_for_its_address() -> None:
    guard = NetworkGuard(
        allowed_endpoints=frozenset({("127.0.0.1", 8080)}),
        resolver=lambda host, port: ["127.0.0.1"],
    )
    assert guard.check("http://127.0.0.1:8080/").address == "127.0.0.1"
    with pytest.raises(NetworkGuardError, match="loopback"):
        guard.check("http://rebind.example:8080/")


# ---------------------------------------------------------------- over HTTP

BOMB = zlib.compress(b"\x00" * 20_000_000, 9)  # ~20 KB on the wire, 20 MB decoded


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output quiet
        pass

    def send(self, status, headers, body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/to-file": [("Location", "file:///etc/passwd")],
            "/to-protocol-relative": [("Location", "//169.254.169.254/latest/meta-data/")],
            "/to-ipv6-loopback": [("Location", f"http://[::1]:{port}/")],
            "/to-localhost": [("Location", f"http://localhost:{port}/")],
            "/to-credentials": [("Location", f"http://user:pw@127.0.0.1:{port}/")],
        }
        if self.path in routes:
            self.send(302, routes[self.path])
        elif self.path == "/gzip-bomb":
            body = gzip.compress(b"\x00" * 20_000_000, 9)
            self.send(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body)
        elif self.path == "/deflate-bomb":
            self.send(200, [("Content-Type", "text/plain"), ("Content-Encoding", "deflate")], BOMB)
        elif self.path == "/gzip-page":
            body = gzip.compress(b"<html><body><p>Bonjour de Minsk.</p></body></html>")
            self.send(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body)
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        else:
            self.send(404, [("Content-Type", "text/plain")], b"no")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # veille hanging up on a bomb or a drip is the point


@pytest.fixture(scope="module")
def base():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def guard(base):
    port = int(base.rsplit(":", 1)[1])
    return NetworkGuard.from_settings(
        Settings(), allowed_endpoints=frozenset({("127.0.0.1", port)})
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-file", "scheme"),
        ("/to-protocol-relative", "cloud-metadata"),
        ("/to-ipv6-loopback", "loopback"),
        ("/to-localhost", "localhost"),
        ("/to-credentials", "credentials"),
    ],
)
def test_redirects_out_of_the_exempt_endpoint_are_refused(base, guard, path, reason):
    with pytest.raises(NetworkGuardError, match=reason):
        fetch_url(f"{base}{path}", Settings(), guard=guard)


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb"])
def test_compression_bombs_are_capped_on_the_decoded_size(base, guard, path):
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{base}{path}", replace(Settings(), max_bytes=1_000_000), guard=guard)
    assert caught.value.code == "E-TOO-LARGE"
    assert time.monotonic() - started < 10


def test_a_compressed_page_within_the_cap_is_decoded(base, guard):
    page = fetch_url(f"{base}/gzip-page", Settings(), guard=guard)
    assert page.data == b"<html><body><p>Bonjour de Minsk.</p></body></html>"


def test_a_server_that_drips_bytes_is_cut_at_the_time_cap(base, guard):
    started = time.monotonic()
    with pytest.raises(FetchError, match="still sending"):
        fetch_url(f"{base}/drip", replace(Settings(), fetch_timeout=0.5), guard=guard)
    assert time.monotonic() - started < 3
