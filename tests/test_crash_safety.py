"""An ingest killed with SIGKILL mid-way, then run again, loses and duplicates nothing.

The real command runs in a subprocess (``python -m veille --db X ingest DIR``)
on a few hundred small generated French articles and a few broken files. It is
killed once the store holds some rows, then the same command runs to the end.
Every input file must then be either linked to a stored article or recorded
as an error, exactly once; no article or event may be stored twice; and the
full-text index must agree with the articles table.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from veille.store import open_store

ARTICLES = 160
BROKEN = 12
KILL_AFTER_ROWS = 24

CITIES = ("Minsk", "Varsovie", "Vilnius", "Riga", "Tallinn", "Kiev", "Bruxelles", "Berlin")


def write_corpus(folder: Path) -> set[str]:
    """Write the inputs; return their absolute paths (the store's source keys)."""
    folder.mkdir()
    paths = set()
    for n in range(ARTICLES):
        city = CITIES[n % len(CITIES)]
        text = (
            f"Réunion numéro {n} à {city}\n\n"
            f"La Russie a accusé l'OTAN de provocations près de {city}, selon le ministre "
            f"de la Défense. Les deux pays ont signé {n + 2} accords lors de la séance {n}. "
            f"Le dossier {n * 7919} reste ouvert.\n"
        )
        path = folder / f"article_{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.add(str(path.resolve()))
    for n in range(BROKEN):
        path = folder / f"broken_{n:02d}.txt"
        path.write_bytes(b"" if n % 2 else b"\x00\x01binary\x00" * 10)
        paths.add(str(path.resolve()))
    return paths


def ingest_command(db: Path, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "veille",
        "--db",
        str(db),
        "ingest",
        str(folder),
        "--lang",
        "fr",
        "--as-of",
        "2026-11-24",
        "--json",
    ]


def stored_sources(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0  # not created or not migrated yet


def test_killed_ingest_resumes_without_losses_or_duplicates(tmp_path: Path) -> None:
    inputs = write_corpus(tmp_path / "corpus")
    db = tmp_path / "crash.db"
    env = {**os.environ, "VEILLE_DB": "", "PYTHONUNBUFFERED": "1"}
    command = ingest_command(db, tmp_path / "corpus")

    first = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 240
    while stored_sources(db) < KILL_AFTER_ROWS:
        assert first.poll() is None, first.stderr.read().decode() if first.stderr else ""
        assert time.monotonic() < deadline, "the first ingest stored nothing in time"
        time.sleep(0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    if first.stderr:
        first.stderr.close()
    kept = stored_sources(db)
    assert KILL_AFTER_ROWS <= kept < ARTICLES, "the kill must land in the middle of the run"

    second = subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    # Exit 1: the broken files failed again (the rest is stored), as a script should see.
    assert second.returncode == 1, second.stderr.decode()
    counts = json.loads(second.stdout)["counts"]
    # What the killed run committed is skipped, not redone.
    assert counts.get("skipped", 0) == kept
    # Similar generated texts may be linked as near-duplicates; both are stored.
    assert counts.get("new", 0) + counts.get("near-duplicate", 0) == ARTICLES - kept
    assert counts.get("error", 0) == BROKEN

    conn = sqlite3.connect(db)
    try:
        linked = [row[0] for row in conn.execute("SELECT source FROM sources")]
        errored = [row[0] for row in conn.execute("SELECT source FROM errors")]
        # 0 losses, 0 double bookings: every input exactly once, in one table.
        assert sorted(linked + errored) == sorted(inputs)
        assert {row[0] for row in conn.execute("SELECT code FROM errors")} <= {
            "E-EMPTY",
            "E-BINARY",
        }
        # 0 duplicates: one article per text, events not repeated.
        articles = conn.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles")
        assert articles.fetchone() == (ARTICLES, ARTICLES)
        events, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT article_id || payload) FROM events"
        ).fetchone()
        assert events == distinct
        assert events > 0
    finally:
        conn.close()
    with open_store(db) as store:
        assert store.check() == []
        assert store.count_articles() == ARTICLES
        assert len(store.search("Vilnius", limit=1000)) == ARTICLES // len(CITIES)
