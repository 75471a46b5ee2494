"""Fixtures every test module sees: the two store backends and a browser.

``location`` is a fresh store location for each backend (a new SQLite file,
then a new PostgreSQL database), so a test that opens its store there runs
on both; ``pg_database`` makes fresh PostgreSQL databases and ``pg_server``
is the session's server. They are written in :mod:`conftest_backends`, which
a test module imports for its plain helpers (``BACKENDS``, ``fresh_database``).

``browser`` is Debian's chromium driven by Playwright, one per module, and
``page`` a fresh tab on it for each test. A module that uses ``page`` defines
a ``dashboard_url`` fixture: the live server the tab may talk to. Playwright
is imported only when a test asks for the browser, so the other tests never
load it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from browser_helpers import CHROMIUM_ARGS, chromium_path
from conftest_backends import location, pg_database, pg_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["browser", "location", "page", "pg_database", "pg_server"]

# The analyst views load a 5,000-article store on 2 shared cores; Playwright's
# default 30 s has been too short for them there.
PAGE_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch chromium for the module's tests and close it after them."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only browser tests need it

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, dashboard_url: str) -> Iterator[Page]:
    """Open a 1280×900 tab that fails the test on a request outside ``dashboard_url`` or a dialog.

    A request elsewhere would mean a CDN or a leak; a dialog would mean markup
    from an article ran as script. Dialogs are dismissed and kept on
    ``page.dialogs`` so a test can also check them where it matters.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(PAGE_TIMEOUT_MS)
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    outside: list[str] = []
    opened.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((dashboard_url, "data:"))
            else None
        ),
    )
    yield opened
    context.close()
    assert outside == []
    assert dialogs == []
