"""Fetching URLs against a real HTTP server on 127.0.0.1: guard, redirects, caps, feeds."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from veille.errors import FetchError, NetworkGuardError
from veille.records import ArticleError, RawDocument
from veille.settings import Settings
from veille.sources import NetworkGuard, fetch_url, iter_raw_documents

SERVER_DATE = "Mon, 02 Mar 2026 10:00:00 GMT"
PAGE = (
    "<html><head><title>Local page</title></head><body><article><p>"
    + "Ministers met in Tallinn on Monday to discuss energy links across the Baltic. " * 5
    + "</p></article></body></html>"
).encode()


def feed(port: int) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local wire</title>
<item><title>Entry one</title><link>http://127.0.0.1:{port}/page.html</link><guid>e1</guid>
<pubDate>Sun, 01 Mar 2026 09:00:00 GMT</pubDate>
<description>Short summary of entry one, with enough words to read.</description></item>
<item><title>Entry two</title><link>http://169.254.169.254/latest/meta-data/</link><guid>e2</guid>
<description>An entry whose link points at a metadata address.</description></item>
</channel></rss>""".encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output quiet
        pass

    def date_time_string(self, timestamp=None):
        return SERVER_DATE

    def send_body(self, status, content_type, body, extra=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        port = self.server.server_address[1]
        path = self.path
        if path == "/page.html":
            self.send_body(200, "text/html; charset=utf-8", PAGE)
        elif path == "/feed.rss":
            self.send_body(200, "application/rss+xml", feed(port))
        elif path == "/feed-as-text":
            self.send_body(200, "text/plain", feed(port))
        elif path == "/host":
            self.send_body(200, "text/plain", f"Host header: {self.headers['Host']}".encode())
        elif path == "/to-page":
            self.redirect("/page.html")
        elif path == "/to-loopback-2":
            self.redirect(f"http://127.0.0.2:{port}/page.html")
        elif path == "/to-metadata":
            self.redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-decimal-loopback":
            self.redirect(f"http://2130706433:{port + 1}/page.html")
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/big-declared":
            self.send_body(200, "text/plain", b"x" * 5000)
        elif path == "/big-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the client must count
            for _ in range(50):
                self.wfile.write(b"y" * 1000)
            self.close_connection = True
        elif path == "/slow":
            time.sleep(1.5)
            self.send_body(200, "text/plain", b"too late")
        elif path == "/image.png":
            self.send_body(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
        elif path == "/report.pdf":
            self.send_body(200, "application/pdf", b"%PDF-1.4")
        elif path == "/untyped":
            self.send_body(200, "", PAGE)
        else:
            self.send_body(404, "text/plain", b"not here")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The client hanging up on /slow and the capped streams is the point of those tests.
        pass


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def only_server(server):
    """A guard that exempts exactly the test server; every other private address stays refused."""
    return NetworkGuard.from_settings(
        Settings(), allowed_endpoints=frozenset({("127.0.0.1", server.server_address[1])})
    )


OPEN = Settings(allow_private_network=True)


def test_default_settings_refuse_the_loopback_server(base):
    with pytest.raises(NetworkGuardError) as caught:
        fetch_url(f"{base}/page.html", Settings())
    assert caught.value.code == "E-NETWORK-GUARD"
    assert "loopback" in caught.value.message


def test_allow_private_network_fetches_it(base):
    page = fetch_url(f"{base}/page.html", OPEN)
    assert page.data == PAGE
    assert page.media_type == "text/html"
    assert page.charset == "utf-8"
    assert page.server_date == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_relative_redirect_is_followed(base, only_server):
    page = fetch_url(f"{base}/to-page", Settings(), guard=only_server)
    assert page.data == PAGE
    assert page.url == f"{base}/page.html"
    assert page.redirects == (f"{base}/to-page",)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-loopback-2", "127.0.0.2"),
        ("/to-metadata", "cloud-metadata"),
        ("/to-decimal-loopback", "127.0.0.1"),
    ],
)
def test_redirect_to_a_forbidden_address_is_refused(base, only_server, path, reason):
    with pytest.raises(NetworkGuardError, match=reason):
        fetch_url(f"{base}{path}", Settings(), guard=only_server)


def test_redirect_loop_stops_at_max_redirects(base):
    with pytest.raises(FetchError, match="redirected more than 3 times"):
        fetch_url(f"{base}/loop", replace(OPEN, max_redirects=3))


def test_connection_goes_to_the_checked_address_with_the_original_host_header(server):
    # "veille-test.invalid" does not exist in DNS: the fetch can only succeed
    # by connecting to the address the guard resolved and checked.
    port = server.server_address[1]

    def resolver(host, _port):
        assert host == "veille-test.invalid"
        return ["127.0.0.1"]

    guard = NetworkGuard(
        allowed_endpoints=frozenset({("veille-test.invalid", port)}), resolver=resolver
    )
    page = fetch_url(f"http://veille-test.invalid:{port}/host", Settings(), guard=guard)
    assert page.data == f"Host header: veille-test.invalid:{port}".encode()


def test_host_resolving_to_loopback_is_refused_even_under_another_name(server):
    port = server.server_address[1]
    guard = NetworkGuard(resolver=lambda host, _port: ["127.0.0.1"])
    with pytest.raises(NetworkGuardError, match="loopback"):
        fetch_url(f"http://innocent.example:{port}/page.html", Settings(), guard=guard)


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_size_cap(base, path):
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{base}{path}", replace(OPEN, max_bytes=4000))
    assert caught.value.code == "E-TOO-LARGE"


def test_timeout(base):
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer"):
        fetch_url(f"{base}/slow", replace(OPEN, fetch_timeout=0.3))
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize(("path", "kind"), [("/image.png", "image/png"), ("/report.pdf", "pdf")])
def test_wrong_content_type_is_refused(base, path, kind):
    with pytest.raises(FetchError, match=kind) as caught:
        fetch_url(f"{base}{path}", OPEN)
    assert caught.value.code == "E-FETCH"


def test_http_error_status_has_its_own_code(base):
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{base}/missing", OPEN)
    assert caught.value.code == "E-HTTP-404"


def test_url_source_yields_page_with_http_date_as_reference(base):
    (item,) = list(iter_raw_documents([f"{base}/untyped"], OPEN))
    assert isinstance(item, RawDocument)
    assert item.source == f"{base}/untyped"
    assert item.media_type == "text/html"
    assert item.reference_time == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert item.reference_time_source == "http"
    assert item.source_name == "127.0.0.1"


def test_refused_url_source_becomes_an_error_and_iteration_goes_on(base):
    items = list(iter_raw_documents([f"{base}/page.html", "file:///etc/passwd"], Settings()))
    assert [type(item) for item in items] == [ArticleError, ArticleError]
    assert [item.code for item in items] == ["E-NETWORK-GUARD", "E-NETWORK-GUARD"]


@pytest.mark.parametrize("path", ["/feed.rss", "/feed-as-text"])
def test_feed_url_yields_one_document_per_entry(base, path):
    items = list(iter_raw_documents([f"{base}{path}"], OPEN))
    assert [item.source for item in items] == [f"{base}{path}#e1", f"{base}{path}#e2"]
    first = items[0]
    assert isinstance(first, RawDocument)
    assert first.metadata["title"] == "Entry one"
    assert first.reference_time == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert first.reference_time_source == "feed"
    assert "Short summary" in first.data


def test_follow_links_fetches_entry_pages_under_the_guard(base, only_server):
    items = list(
        iter_raw_documents([f"{base}/feed.rss"], Settings(follow_links=True), guard=only_server)
    )
    page, refused = items
    assert isinstance(page, RawDocument)
    assert page.data == PAGE
    assert page.metadata["title"] == "Entry one"
    assert page.url == f"{base}/page.html"
    assert isinstance(refused, ArticleError)
    assert refused.code == "E-NETWORK-GUARD"
    assert refused.source == f"{base}/feed.rss#e2"


TLS = Path(__file__).parent / "fixtures" / "tls"


@pytest.fixture
def https_base() -> Iterator[str]:
    """A real HTTPS server on 127.0.0.1 whose certificate our test CA (``fixtures/tls``) signed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_tls_trusts_the_ca_bundle_the_environment_names_at_each_fetch(
    https_base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # httpx reads SSL_CERT_FILE / SSL_CERT_DIR when it builds a TLS context; the fetcher
    # keeps contexts for reuse, and one built before the variable changed must not answer.
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(FetchError):
        fetch_url(f"{https_base}/page.html", OPEN)  # our CA is not in the default bundle
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "ca.pem"))
    assert b"Tallinn" in fetch_url(f"{https_base}/page.html", OPEN).data
