"""A real veille server on 127.0.0.1 over a real SQLite store, for the API and dashboard tests.

The store is filled once per test process by ingesting the bundled sample
corpus and our reference-style fixture article (spaCy loads once), and each
server runs uvicorn in a daemon thread on a free port.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from veille import samples
from veille.api import create_app
from veille.engine import ingest
from veille.settings import Settings, parse_datetime

FIXTURES = Path(__file__).parent / "fixtures" / "api"
REFERENCE_TIME = "2026-11-24T12:00:00Z"
TOKEN = "test-token-0123456789"
MAX_BYTES = 200_000


@dataclass(frozen=True)
class Server:
    """A running server: its base URL and the settings it was built with."""

    url: str
    settings: Settings


@functools.cache
def seeded_db() -> str:
    """Return the path of a SQLite store holding the sample corpus and the fixture article."""
    folder = Path(tempfile.mkdtemp(prefix="veille-api-"))
    atexit.register(shutil.rmtree, folder, True)
    db = str(folder / "veille.db")
    settings = Settings.from_env({}, db=db, as_of=parse_datetime(REFERENCE_TIME))
    corpus = samples.samples_dir()
    sources = [str(corpus / part) for part in ("articles", "html", "feeds")]
    ingest([*sources, str(FIXTURES)], settings=settings)
    return db


@functools.cache
def running_server(token: str | None = TOKEN) -> Server:
    """Start (once per token value) a server over :func:`seeded_db` and return it."""
    settings = Settings.from_env(
        {}, db=seeded_db(), as_of=parse_datetime(REFERENCE_TIME), token=token, max_bytes=MAX_BYTES
    )
    if token is None:
        settings = replace(settings, token=None)
    server, thread, url = start_server(create_app(settings), seconds=20, lifespan="on")
    atexit.register(_stop, server, thread, 5)
    httpx.get(f"{url}/api/articles?limit=1", timeout=10).raise_for_status()
    return Server(url, settings)


def start_server(
    app: Any,
    *,
    seconds: float = 30,
    **options: Any,
) -> tuple[uvicorn.Server, threading.Thread, str]:
    """Start uvicorn over ``app`` in a daemon thread on a free 127.0.0.1 port.

    Returns the server, its thread and its URL once it accepts connections;
    raises if it has not started within ``seconds``.
    """
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


@contextmanager
def serving(app: Any, *, seconds: float = 30) -> Iterator[str]:
    """Serve ``app`` as :func:`start_server` does; yield its URL, stop it on exit."""
    server, thread, url = start_server(app, seconds=seconds)
    try:
        yield url
    finally:
        _stop(server, thread, 10)


def _stop(server: uvicorn.Server, thread: threading.Thread, seconds: float) -> None:
    server.should_exit = True
    thread.join(timeout=seconds)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
