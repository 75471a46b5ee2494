"""Fixtures every test module sees: the two store backends.

``location`` is a fresh store location for each backend (a new SQLite file,
then a new PostgreSQL database), so a test that opens its store there runs
on both; ``pg_database`` makes fresh PostgreSQL databases and ``pg_server``
is the session's server. They are written in :mod:`conftest_backends`, which
a test module imports for its plain helpers (``BACKENDS``, ``fresh_database``).
"""

from conftest_backends import location, pg_database, pg_server

__all__ = ["location", "pg_database", "pg_server"]
