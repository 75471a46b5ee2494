"""Servers on 127.0.0.1 for the hostile tests: a scripted web server, and veille's own API.

``serve({"/a": Answer(200, b"...", "text/html")})`` starts a web server on a
free port in a thread and yields it; ``server.hits`` lists the paths asked, so
a test can prove that nothing fetched a URL it was only shown.
``serve_api(settings)`` runs veille's API under uvicorn and yields a client.
``read_sources_in_child`` reads sources in a child process that cannot hang
or swamp the test run.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from api_helpers import serving
from veille.api import create_app
from veille.settings import Settings
from veille.store import Store


@dataclass(frozen=True)
class Answer:
    """What the server sends for one path: status, body, content type, extra raw headers."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class LocalServer:
    """A running server: its base URL and the paths it was asked for."""

    port: int
    hits: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _handler(routes: Mapping[str, Answer], log: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            log.append(self.path)
            answer = routes.get(self.path.split("?", 1)[0], Answer(404, b"not found"))
            # send_response_only + raw header lines: the hostile answers carry
            # header values (NUL, spaces, 10 kB) that send_header would refuse
            # or that must reach the client byte for byte.
            self.send_response_only(answer.status)
            self.flush_headers()
            lines = [f"Content-Length: {len(answer.body)}".encode()]
            if answer.content_type:
                lines.append(f"Content-Type: {answer.content_type}".encode())
            # UTF-8 on the wire: a hostile server sends whatever bytes it likes.
            lines.extend(f"{name}: {value}".encode() for name, value in answer.headers)
            self.wfile.write(b"".join(line + b"\r\n" for line in lines) + b"\r\n")
            self.wfile.write(answer.body)

    return Handler


@contextmanager
def serve(routes: Mapping[str, Answer]) -> Iterator[LocalServer]:
    """Serve ``routes`` on 127.0.0.1 (a free port) for the duration of the block."""
    log: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, log))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(server.server_address[1], log)
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_api(settings: Settings, *, store: Store | None = None) -> Iterator[httpx.Client]:
    """Run veille's API over ``settings`` (uvicorn in a thread, 127.0.0.1); yield a client of it.

    ``store`` is the application's own store (the one ``POST /api/ingest``
    writes to), opened from ``settings.db`` when not given.
    """
    with (
        serving(create_app(settings, store=store)) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


_READ_IN_CHILD = """
import resource, sys
# A hard ceiling so that a regression fails the test instead of the machine.
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from veille.records import ArticleError
from veille.settings import Settings
from veille.store import Store
from veille.sources import iter_raw_documents
items = list(iter_raw_documents(sys.argv[1:], Settings()))
codes = [item.code if isinstance(item, ArticleError) else "document" for item in items]
# VmHWM, not ru_maxrss: Linux hands a forked child its parent's ru_maxrss.
status = open("/proc/self/status").read()
peak_mib = int(status.split("VmHWM:")[1].split()[0]) // 1024
print(",".join(codes), peak_mib)
"""


def read_sources_in_child(*sources: str, timeout: float = 60) -> tuple[list[str], int]:
    """Read ``sources`` through veille's sources layer in a child process with a 1 GiB ceiling.

    Returns each item's error code (``"document"`` for a document) and the
    child's peak RSS in MiB; a child that blocks fails the test by its timeout
    instead of hanging the run.
    """
    done = subprocess.run(
        [sys.executable, "-c", _READ_IN_CHILD, *sources],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    codes, peak = done.stdout.split()
    return codes.split(","), int(peak)
