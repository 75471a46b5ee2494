"""Scaling of the distributed run: 1 vs 2 Dask workers, and peak RSS per worker.

Usage: python benchmarks/bench_scaling.py [--docs 160] [--partition 8] [--workers 1 2]

Texts: the bundled sample articles (French and English), repeated to
``--docs`` documents, each copy numbered in its title line so that every one
is a distinct article. For each worker count a fresh ``LocalCluster``
(processes, one thread each) is started; one partition per worker is run
first to load the spaCy models (not timed), then the whole corpus is timed
through :func:`veille.distributed.run_distributed` writing Parquet partitions
(``--out``), so the single store writer is not what is measured.

Peak RSS per worker: psutil samples every worker process's resident memory
every 0.2 s during the timed run, and each worker also reports its own
high-water mark (``ru_maxrss``). Targets: scaling 1 -> 2 workers >= 1.7x on a
2-core machine; per-worker RSS <= 1 GiB. Figures go to docs/scaling.md.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import resource
import tempfile
import threading
import time
from pathlib import Path

import psutil
from distributed import Client, LocalCluster

from veille.distributed import DistributedOptions, run_distributed
from veille.samples import REFERENCE_TIME, article_paths
from veille.settings import Settings

MIB = 1024 * 1024


def corpus(folder: Path, docs: int) -> list[str]:
    """Write ``docs`` distinct article files made from the samples; return their paths."""
    samples = [p.read_text(encoding="utf-8") for p in article_paths()]
    paths = []
    for number in range(docs):
        title, _, rest = samples[number % len(samples)].partition("\n")
        path = folder / f"doc{number:05d}.txt"
        path.write_text(f"{title} ({number})\n{rest}", encoding="utf-8")
        paths.append(str(path))
    return paths


def worker_peak() -> int:
    """Run on a worker: its own peak resident memory in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(workers: int, paths: list[str], partition: int, settings: Settings) -> dict[str, float]:
    """Time one worker count; return docs/s and the peak RSS of each worker."""
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
        tempfile.TemporaryDirectory() as out,
    ):
        options = DistributedOptions(workers=workers, partition_size=partition)
        warm = DistributedOptions(workers=workers, partition_size=partition, out=Path(out) / "w")
        # Warm-up: one partition per worker loads the models everywhere.
        run_distributed(
            paths[: partition * workers], settings, store=None, options=warm, client=client
        )
        pids = list(client.run(os.getpid).values())
        sampled = dict.fromkeys(pids, 0)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                for pid in pids:
                    with contextlib.suppress(psutil.Error):
                        sampled[pid] = max(sampled[pid], psutil.Process(pid).memory_info().rss)
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timed = DistributedOptions(
            workers=workers, partition_size=options.partition_size, out=Path(out) / "run"
        )
        start = time.perf_counter()
        report = run_distributed(paths, settings, store=None, options=timed, client=client)
        elapsed = time.perf_counter() - start
        stop.set()
        sampler.join()
        peaks = client.run(worker_peak)
        assert report.counts["error"] == 0, report.errors[:3]
    return {
        "docs_per_s": len(paths) / elapsed,
        "seconds": elapsed,
        "rss_sampled_mib": max(sampled.values()) / MIB,
        "rss_peak_mib": max(peaks.values()) / MIB,
    }


def main() -> None:
    """Run the benchmark and print the figures and the scaling ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=160)
    parser.add_argument("--partition", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    settings = Settings.from_env(as_of=REFERENCE_TIME)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
        f"load average {os.getloadavg()[0]:.1f}; python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = corpus(Path(folder), args.docs)
        results = {}
        for workers in args.workers:
            results[workers] = figures = run(workers, paths, args.partition, settings)
            print(
                f"{workers} worker(s): {figures['docs_per_s']:.1f} docs/s "
                f"({figures['seconds']:.1f} s for {args.docs} docs), peak RSS per worker "
                f"{figures['rss_peak_mib']:.0f} MiB (sampled {figures['rss_sampled_mib']:.0f} MiB)"
            )
    if len(results) >= 2:
        low, high = min(results), max(results)
        ratio = results[high]["docs_per_s"] / results[low]["docs_per_s"]
        print(f"scaling {low} -> {high} workers: {ratio:.2f}x (target >= 1.7x on 2 idle cores)")


if __name__ == "__main__":
    main()
