"""Scale-out: the per-article pipeline as a map job on Dask (``veille ingest --workers N``).

Who does what, and why:

- **The client** reads the sources (files, feeds, URLs, stdin): the network
  guard and standard input live in this process, and resuming (skipping
  sources already stored) needs the store. Raw documents are cut into
  partitions of :attr:`DistributedOptions.partition_size`.
- **Workers** run :func:`veille.engine.process_documents` on a partition:
  extraction, spaCy, actors, events. It touches no store, so a worker can be
  anywhere. Models load once per worker process (``load_pipeline`` is cached
  per process) and stay loaded for the next partitions.
- **The single writer** is the client again: partitions come back through
  ``as_completed`` and are written *in submission order*, so the store sees
  the articles in the same order as a single-process run and duplicate /
  near-duplicate decisions (which depend on who came first) are identical.
  With ``out`` (``--out DIR``) each partition is written as one Parquet file
  instead, to be loaded later with :func:`load_partitions` (``veille load``).

Failure handling: one article's failure is an :class:`ArticleError` on that
article (``process_documents`` isolates it). A worker that dies loses the
partitions it held; Dask resubmits them (``retries``) to another worker.
Retries cannot duplicate rows because the writer only writes a partition
once, and :meth:`Store.save` is keyed by article id and source anyway. A
partition that still fails after its retries becomes one ``E-WORKER`` error
per document, and the run goes on.

At most ``window`` partitions are in flight or waiting to be written, so
memory stays bounded however large the input.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veille.engine import IngestReport, ItemOutcome, process_documents
from veille.errors import DistributedError, StoreError
from veille.records import ArticleError, ArticleResult, RawDocument
from veille.serialize import error_from_dict, result_from_dict, to_dict
from veille.settings import Settings
from veille.sources import iter_raw_documents
from veille.store import Store
from veille.stories import article_signals, assign_story, drop_keys, upcoming_keys

if TYPE_CHECKING:
    from distributed import Client, Future

PARTITION_FILE = "part-{index:06d}.parquet"
"""Name of the Parquet file of partition ``index`` under ``--out DIR``."""

Processed = list[ArticleResult | ArticleError]


@dataclass(frozen=True, slots=True)
class DistributedOptions:
    """How a distributed run is laid out.

    ``workers`` processes of one thread each on a local cluster, unless
    ``scheduler`` names an existing one (``tcp://host:8786``). ``retries``
    is how often a lost partition is resubmitted; ``window`` how many
    partitions may be in flight (default: four per worker).
    """

    workers: int = 2
    scheduler: str | None = None
    partition_size: int = 16
    retries: int = 3
    window: int | None = None
    out: Path | None = None


@dataclass(slots=True)
class _Partition:
    index: int
    # Items in source order: a document to process, or an outcome already known.
    items: list[RawDocument | ItemOutcome]

    @property
    def documents(self) -> list[RawDocument]:
        return [item for item in self.items if isinstance(item, RawDocument)]


def run_distributed(
    sources: Iterable[str],
    settings: Settings,
    *,
    store: Store | None,
    options: DistributedOptions,
    client: Client | None = None,
    resume: bool = True,
    on_item: Callable[[ItemOutcome], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest ``sources`` with the per-article work spread over Dask workers.

    Results go to ``store`` (the single writer), or to Parquet files under
    ``options.out`` when it is set (``store`` may then be None, and resuming
    is off). ``client`` reuses a running Dask client; otherwise one is made
    from ``options`` and closed at the end. ``on_progress(done, submitted)``
    is called as partitions finish, counting documents.
    """
    if options.out is None and store is None:
        raise StoreError(
            "a distributed run needs a store to write to, or an output folder (--out DIR)",
            code="E-STORE-ARGUMENT",
        )
    if options.workers < 1 or options.partition_size < 1:
        raise DistributedError(
            "--workers and the partition size must be at least 1, got "
            f"{options.workers} and {options.partition_size}"
        )
    if options.out is not None:
        options.out.mkdir(parents=True, exist_ok=True)
    report = IngestReport()
    partitions = _partitions(
        sources, settings, store if options.out is None and resume else None, options
    )
    with _client(options, client) as dask:
        for outcome in _map(
            dask, partitions, settings, store=store, options=options, on_progress=on_progress
        ):
            report.add(outcome)
            if on_item is not None:
                on_item(outcome)
    return report


def _partitions(
    sources: Iterable[str],
    settings: Settings,
    resume_from: Store | None,
    options: DistributedOptions,
) -> Iterator[_Partition]:
    items = iter_raw_documents(sources, settings)
    index = 0
    while True:
        chunk = list(islice(items, options.partition_size))
        if not chunk:
            return
        prepared: list[RawDocument | ItemOutcome] = []
        for item in chunk:
            if isinstance(item, ArticleError):
                prepared.append(ItemOutcome(item.source, "error", error=item))
            elif resume_from is not None and resume_from.source_done(item.source):
                prepared.append(ItemOutcome(item.source, "skipped"))
            else:
                prepared.append(item)
        yield _Partition(index, prepared)
        index += 1


def _map(
    dask: Client,
    partitions: Iterator[_Partition],
    settings: Settings,
    *,
    store: Store | None,
    options: DistributedOptions,
    on_progress: Callable[[int, int], None] | None,
) -> Iterator[ItemOutcome]:
    from distributed import as_completed  # noqa: PLC0415 - Dask loads only for distributed runs

    window = options.window or 4 * max(1, options.workers)
    run = uuid.uuid4().hex[:12]
    futures: dict[object, _Partition] = {}
    ready: dict[int, tuple[_Partition, Processed]] = {}
    pending = as_completed()  # type: ignore[no-untyped-call]
    waiting = 0  # submitted or ready but not yet written
    next_index = 0
    submitted_docs = done_docs = 0
    exhausted = False

    def submit_more() -> None:
        nonlocal waiting, exhausted, submitted_docs
        while not exhausted and waiting < window:
            partition = next(partitions, None)
            if partition is None:
                exhausted = True
                return
            waiting += 1
            documents = partition.documents
            if not documents:
                ready[partition.index] = (partition, [])
                continue
            future: Future[Processed] = dask.submit(
                process_documents,
                documents,
                settings,
                key=f"veille-{run}-{partition.index}",
                retries=options.retries,
                pure=False,
            )
            futures[future.key] = partition
            submitted_docs += len(documents)
            pending.add(future)  # type: ignore[no-untyped-call]

    submit_more()
    while waiting:
        if next_index not in ready:
            future = next(pending)
            partition = futures.pop(future.key)
            ready[partition.index] = (partition, _collect(future, partition))
            done_docs += len(partition.documents)
            if on_progress is not None:
                on_progress(done_docs, submitted_docs)
            continue
        partition, processed = ready.pop(next_index)
        yield from _write(partition, processed, store, options)
        next_index += 1
        waiting -= 1
        submit_more()


def _collect(future: Future[Processed], partition: _Partition) -> Processed:
    try:
        return future.result()
    except Exception as exc:
        now = datetime.now(UTC)
        reason = f"{type(exc).__name__}: {exc}".strip()
        return [
            ArticleError(
                document.source,
                "E-WORKER",
                f"the worker processing this article failed after its retries ({reason}); "
                "run the ingest again to retry it (stored articles are skipped)",
                now,
            )
            for document in partition.documents
        ]


def _write(
    partition: _Partition, processed: Processed, store: Store | None, options: DistributedOptions
) -> Iterator[ItemOutcome]:
    results = iter(processed)
    merged: list[tuple[str, ArticleResult | ArticleError] | ItemOutcome] = []
    for item in partition.items:
        merged.append((item.source, next(results)) if isinstance(item, RawDocument) else item)
    if options.out is not None:
        _write_parquet(options.out, partition.index, merged)
        for entry in merged:
            if isinstance(entry, ItemOutcome):
                yield entry
            else:
                yield _outcome_unsaved(*entry)
        return
    assert store is not None
    yield from save_processed(store, merged)


def save_processed(
    store: Store, entries: Sequence[tuple[str, ArticleResult | ArticleError] | ItemOutcome]
) -> Iterator[ItemOutcome]:
    """Write processed ``(source, result or error)`` entries in order; yield their outcomes.

    Outcomes already decided (skipped, source errors) pass through, their
    errors recorded. Stores with a ``save_many`` method (PostgreSQL) get the
    results of the batch in one transaction.
    """
    pending: list[tuple[ArticleResult, str]] = []
    staged: list[tuple[str, ArticleResult | ArticleError] | ItemOutcome] = []
    save_many: Callable[[Sequence[tuple[ArticleResult, str]]], list[Any]] | None = getattr(
        store, "save_many", None
    )
    for entry in entries:
        if isinstance(entry, ItemOutcome):
            if entry.error is not None:
                store.record_error(entry.error)
        elif isinstance(entry[1], ArticleError):
            store.record_error(entry[1])
        else:
            pending.append((entry[1], entry[0]))
        staged.append(entry)
    outcomes: list[ItemOutcome] = []
    # As in the engine: the batch's keys tell its first articles how common a key is.
    signals = {id(result): article_signals(result) for result, _ in pending}
    upcoming = upcoming_keys(signals.values())
    # One transaction for the batch where the store can (see Store.batch);
    # outcomes are reported once it is committed.
    with store.batch():
        if save_many is not None:
            saved = iter(save_many(pending))
        else:
            saved = iter([store.save(result, source) for result, source in pending])
        for entry in staged:
            if isinstance(entry, ItemOutcome):
                outcomes.append(entry)
            elif isinstance(entry[1], ArticleError):
                outcomes.append(ItemOutcome(entry[0], "error", error=entry[1]))
            else:
                outcome = next(saved)
                result = entry[1]
                own = signals[id(result)]
                drop_keys(upcoming, own)
                assign_story(store, result, outcome, upcoming=upcoming, signals=own)
                outcomes.append(
                    ItemOutcome(
                        entry[0],
                        outcome.status,
                        article_id=outcome.article_id,
                        title=result.article.title,
                        events=len(result.events),
                    )
                )
    yield from outcomes


def _outcome_unsaved(source: str, processed: ArticleResult | ArticleError) -> ItemOutcome:
    if isinstance(processed, ArticleError):
        return ItemOutcome(source, "error", error=processed)
    # Written to Parquet, not yet to a store: "new" to the output folder.
    return ItemOutcome(
        source,
        "new",
        article_id=processed.article.id,
        title=processed.article.title,
        events=len(processed.events),
    )


# -- Parquet partitions ------------------------------------------------------------


def _write_parquet(
    folder: Path,
    index: int,
    entries: Sequence[tuple[str, ArticleResult | ArticleError] | ItemOutcome],
) -> Path:
    import json  # noqa: PLC0415

    import pyarrow as pa  # noqa: PLC0415 - only --out needs pyarrow
    import pyarrow.parquet as pq  # noqa: PLC0415

    rows: dict[str, list[Any]] = {
        name: []
        for name in ("position", "source", "kind", "article_id", "title", "events", "payload")
    }
    for position, entry in enumerate(entries):
        value: ArticleResult | ArticleError
        if isinstance(entry, ItemOutcome):
            if entry.error is None:
                continue  # skipped sources leave nothing to load
            source, value = entry.source, entry.error
        else:
            source, value = entry
        is_result = isinstance(value, ArticleResult)
        rows["position"].append(position)
        rows["source"].append(source)
        rows["kind"].append("result" if is_result else "error")
        rows["article_id"].append(value.article.id if isinstance(value, ArticleResult) else None)
        rows["title"].append(value.article.title if isinstance(value, ArticleResult) else None)
        rows["events"].append(len(value.events) if isinstance(value, ArticleResult) else 0)
        rows["payload"].append(json.dumps(to_dict(value), ensure_ascii=False))
    schema = pa.schema(
        [
            ("position", pa.int32()),
            ("source", pa.string()),
            ("kind", pa.string()),
            ("article_id", pa.string()),
            ("title", pa.string()),
            ("events", pa.int32()),
            ("payload", pa.string()),
        ]
    )
    target = folder / PARTITION_FILE.format(index=index)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pydict(rows, schema=schema), temporary)
    # Renaming is atomic: a reader (or a crash) never sees half a partition.
    temporary.replace(target)
    return target


def load_partitions(
    folder: Path, store: Store, *, on_item: Callable[[ItemOutcome], None] | None = None
) -> IngestReport:
    """Load the Parquet partitions written by a ``--out DIR`` run into ``store``, in order.

    Loading the same folder twice changes nothing the second time
    (``unchanged``/``duplicate``): saving is keyed by article id and source.
    """
    import json  # noqa: PLC0415

    import pyarrow.parquet as pq  # noqa: PLC0415

    files = sorted(folder.glob("part-*.parquet"))
    if not files:
        raise StoreError(
            f"no partition files (part-*.parquet) in {folder}; give the folder that "
            "veille ingest --workers N --out DIR wrote",
            code="E-LOAD-EMPTY",
        )
    report = IngestReport()
    for file in files:
        table = pq.read_table(file, columns=["source", "kind", "payload"]).to_pylist()
        entries: list[tuple[str, ArticleResult | ArticleError] | ItemOutcome] = []
        for row in table:
            where = f"{file.name}, source {row['source']}"
            data = json.loads(row["payload"])
            value: ArticleResult | ArticleError = (
                result_from_dict(data, where)
                if row["kind"] == "result"
                else error_from_dict(data, where)
            )
            entries.append((row["source"], value))
        for outcome in save_processed(store, entries):
            report.add(outcome)
            if on_item is not None:
                on_item(outcome)
    return report


# -- the Dask client ---------------------------------------------------------------------


class _client:  # noqa: N801 - used like a function, as a context manager
    """Use ``given``, else start a local cluster or reach a scheduler; close only what it opened."""

    def __init__(self, options: DistributedOptions, given: Client | None) -> None:
        self._options = options
        self._given = given
        self._opened: list[Any] = []

    def __enter__(self) -> Client:
        if self._given is not None:
            return self._given
        try:
            from distributed import Client, LocalCluster  # noqa: PLC0415
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise DistributedError(
                "Dask is not installed; pip install 'dask[distributed]' to use --workers"
            ) from exc
        try:
            if self._options.scheduler:
                client = Client(self._options.scheduler, timeout="20s")  # type: ignore[no-untyped-call]
            else:
                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=self._options.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._opened.append(cluster)
                client = Client(cluster)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            self.close()
            where = self._options.scheduler or "a local cluster"
            raise DistributedError(
                f"cannot start or reach the Dask scheduler at {where} ({exc}); check the "
                "address (tcp://host:8786) and that `dask scheduler` runs there"
            ) from exc
        self._opened.insert(0, client)
        return client

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for resource in self._opened:
            resource.close()
        self._opened.clear()


__all__ = [
    "PARTITION_FILE",
    "DistributedError",
    "DistributedOptions",
    "load_partitions",
    "run_distributed",
    "save_processed",
]
