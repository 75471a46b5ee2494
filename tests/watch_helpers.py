"""Real local servers for the monitoring tests: a feed server, a webhook receiver, an SMTP server.

All listen on 127.0.0.1 on a free port, in threads of the test process.

- :class:`FeedServer` serves RSS feeds whose items the test changes between
  cycles; it answers conditional requests with 304 (strong ETag of the body,
  and Last-Modified), and can be told to answer the next requests of a path
  with 429 + Retry-After, 500, or malformed XML. Every request is logged
  with its conditional headers.
- :class:`WebhookReceiver` records every POST (headers and body) and can
  fail the first N with 500.
- :func:`smtp_server` runs aiosmtpd and collects the messages it receives.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

from aiosmtpd.controller import Controller


@dataclass
class Item:
    """One feed item: a stable id, a title, a body and its date (RFC 822)."""

    guid: str
    title: str
    body: str
    date: str = "Mon, 16 Nov 2026 08:00:00 GMT"


@dataclass
class Hit:
    """One request the feed server answered."""

    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    at: float


@dataclass
class Feed:
    """A served feed: its items, and the answers queued for its next requests."""

    items: list[Item] = field(default_factory=list)
    queued: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    always: tuple[int, dict[str, str], bytes] | None = None
    modified: float = field(default_factory=time.time)

    def body(self) -> bytes:
        entries = "".join(
            f"<item><guid>{escape(i.guid)}</guid><title>{escape(i.title)}</title>"
            f"<link>http://example.org/{escape(i.guid)}</link><pubDate>{i.date}</pubDate>"
            f"<description>{escape(i.body)}</description></item>"
            for i in self.items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Local test feed</title><link>http://example.org/</link>{entries}"
            "</channel></rss>"
        ).encode()


class FeedServer:
    """A threaded HTTP server of feeds on 127.0.0.1 (see the module docstring)."""

    def __init__(self) -> None:
        self.feeds: dict[str, Feed] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        # Which validators answers carry: "etag", "last-modified" (a server without ETags)
        # or both; and how long each answer takes, to see requests overlap.
        self.validators = ("etag", "last-modified")
        self.delay = 0.0
        self.in_flight = 0
        self.most_in_flight = 0
        self.spans: list[tuple[float, float]] = []  # (start, end) of every answer, monotonic
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._answer(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def feed(self, path: str) -> Feed:
        with self.lock:
            return self.feeds.setdefault(path, Feed())

    def set_items(self, path: str, items: list[Item]) -> None:
        with self.lock:
            feed = self.feeds.setdefault(path, Feed())
            feed.items = list(items)
            feed.modified = time.time()

    def queue(
        self, path: str, status: int, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> None:
        """Answer the next request of ``path`` with this (then the feed again)."""
        with self.lock:
            self.feeds.setdefault(path, Feed()).queued.append((status, headers or {}, body))

    def fail_always(self, path: str, status: int, body: bytes = b"broken") -> None:
        with self.lock:
            self.feeds.setdefault(path, Feed()).always = (status, {}, body)

    def hits_of(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        started = time.monotonic()
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
        finally:
            # Counted out before the answer is written: a client may send its next
            # request as soon as it has read this answer, before this thread runs
            # again, and that must not look like two requests at once.
            with self.lock:
                self.in_flight -= 1
                self.spans.append((started, time.monotonic()))
        self._respond(handler)

    def _respond(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        inm = handler.headers.get("If-None-Match")
        ims = handler.headers.get("If-Modified-Since")
        with self.lock:
            feed = self.feeds.get(path)
            if feed is None:
                status, headers, body = 404, {}, b"not found"
            elif feed.queued:
                status, headers, body = feed.queued.pop(0)
            elif feed.always is not None:
                status, headers, body = feed.always
            else:
                body = feed.body()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                modified = formatdate(int(feed.modified), usegmt=True)
                headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
                if "etag" in self.validators:
                    headers["ETag"] = etag
                if "last-modified" in self.validators:
                    headers["Last-Modified"] = modified
                fresh = (
                    inm == etag
                    if "etag" in self.validators
                    else ims == modified and "last-modified" in self.validators
                )
                status = 304 if fresh else 200
                if status == 304:
                    body = b""
            self.hits.append(Hit(path, status, inm, ims, time.monotonic()))
        handler.send_response(status)
        headers.setdefault("Content-Type", "application/rss+xml; charset=utf-8")
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if body:
            handler.wfile.write(body)


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@dataclass
class Post:
    """One POST the webhook receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    at: float


class WebhookReceiver:
    """Records POSTs; fails the first ``fail_first`` with 500."""

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.posts: list[Post] = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver.lock:
                    failing = len(receiver.posts) < receiver.fail_first
                    status = 500 if failing else 200
                    receiver.posts.append(
                        Post(self.path, dict(self.headers.items()), body, status, time.monotonic())
                    )
                    receiver.arrived.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def accepted(self) -> list[Post]:
        with self.lock:
            return [p for p in self.posts if p.status == 200]

    def wait_for(self, count: int, timeout: float) -> list[Post]:
        """Wait until ``count`` POSTs were accepted (or ``timeout`` s); return the accepted ones."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while sum(p.status == 200 for p in self.posts) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.arrived.wait(left)
            return [p for p in self.posts if p.status == 200]


@contextmanager
def webhook_receiver(fail_first: int = 0) -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(fail_first)
    receiver.thread.start()
    try:
        yield receiver
    finally:
        receiver.httpd.shutdown()
        receiver.httpd.server_close()


@dataclass
class Mailbox:
    """Messages an aiosmtpd server received: (envelope from, recipients, raw bytes)."""

    host: str
    port: int
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """Run an aiosmtpd SMTP server on 127.0.0.1 (a free port) collecting what it receives."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox("127.0.0.1", port)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
