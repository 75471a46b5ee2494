"""``veille serve --watch watch.toml``: the watcher runs in the server's process, beside the API.

The watcher gets a thread and its own store connection; it starts with the
application and stops with it (uvicorn owns the signals: SIGTERM stops the
server, whose shutdown stops the watcher after the source it is ingesting,
then uvicorn re-raises SIGTERM: the exit status is "killed by SIGTERM", which
systemd counts as a clean stop).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from veille.settings import Settings


def watch_while_serving(app: FastAPI, config: str, settings: Settings) -> None:
    """Make ``app`` run a :class:`~veille.watch.watcher.Watcher` over ``config`` while it serves."""
    from veille.watch.commands import watch_sources  # noqa: PLC0415

    sources = watch_sources(config, [], None, settings)  # checked now: a bad file stops the start
    original = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[Any]:
        stop = threading.Event()

        def run() -> None:
            from veille.watch.watcher import Watcher  # noqa: PLC0415 - loads the ingest engine

            Watcher(sources, settings).run(stop)
            # As `veille watch` ends: the journal shows the watcher stopped cleanly.
            sys.stderr.write("veille watch stopped\n")
            sys.stderr.flush()

        thread = threading.Thread(target=run, name="veille-watch", daemon=True)
        async with original(application) as state:
            thread.start()
            try:
                yield state
            finally:
                stop.set()
                await run_in_threadpool(thread.join)

    app.router.lifespan_context = lifespan
