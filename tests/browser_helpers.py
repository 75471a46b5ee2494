"""Where the dashboard tests and benchmark find chromium, and the flags they launch it with.

Kept apart from ``conftest.py`` so ``benchmarks/bench_dashboard.py`` can import
them without pytest, and free of Playwright so importing them costs nothing.
"""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    """Return the Chromium executable: ``VEILLE_CHROMIUM``, else ``chromium`` on the PATH."""
    path = os.environ.get("VEILLE_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise RuntimeError(
            "chromium not found: run scripts/install-browser.sh (make browser) "
            "or set VEILLE_CHROMIUM to a Chromium executable"
        )
    return path
