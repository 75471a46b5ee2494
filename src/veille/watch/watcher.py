"""The ``veille watch`` loop: poll due sources, ingest what is new, raise and deliver alerts.

One cycle, each time a source falls due:

1. the due sources are grouped by host; one worker thread per host fetches
   its sources **one request at a time** (politeness), conditionally
   (``If-None-Match`` / ``If-Modified-Since`` from the last answer), under
   the network guard, while the main thread ingests what has arrived;
2. a ``304``, or a body identical to the last one ingested (by SHA-256),
   costs nothing more; a new body goes through the ingest engine exactly as
   ``veille ingest`` would take it (:func:`veille.engine.ingest_documents`):
   feed entries already stored are skipped (resume), duplicates linked;
   a page whose body changed is coded again;
3. the validators and the body hash are saved only once the ingest has
   committed, so a crash in between makes the next run fetch and ingest
   again (and skip what was stored) instead of trusting a 304;
4. newly stored articles are matched against the watchlists
   (:class:`veille.alerts.AlertMatcher`), and the delivery thread is woken;
5. one log line sums the cycle up: per source, new / duplicate / errors, or
   ``not modified``, or the error and when it is tried again.

A failing source backs off (:mod:`veille.watch.schedule`) and never stops
the others; a ``429``/``503`` holds its whole host until ``Retry-After``.
Backoff and validators are stored (``watch_sources``), so a restart keeps
them. :meth:`Watcher.run` returns when its stop event is set, after the
source being ingested is committed.
"""

from __future__ import annotations

import hashlib
import queue
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from veille.alerts.deliver import Deliverer
from veille.alerts.matcher import AlertMatcher
from veille.engine import ItemOutcome, ingest_documents, ingest_iter, store_for
from veille.errors import FetchError, SourceError, VeilleError
from veille.records import ArticleError
from veille.settings import Settings
from veille.sources import FetchedPage, NetworkGuard, fetch_url, fetched_documents, sniff_media_type
from veille.sources.feeds import looks_like_feed
from veille.sources.files import walk_folder
from veille.sources.url import retry_after_seconds
from veille.store import Store, open_store
from veille.store.monitoring import MonitorStore, SourceState, utc_text
from veille.watch.config import WatchSource
from veille.watch.schedule import HOST_LIMIT_STATUSES, backoff_seconds, host_of

MAX_FETCH_THREADS = 8
"""Hosts fetched at the same time (each host still gets one request at a time)."""

Logger = Callable[[str], None]


@dataclass(slots=True)
class PollResult:
    """What one poll of one source did."""

    source: str
    state: str
    """``ingested``, ``not-modified``, ``unchanged``, ``error`` or ``held`` (host waiting)."""
    counts: Counter[str] = field(default_factory=Counter)
    error: str | None = None
    retry_in: float | None = None

    def summary(self) -> str:
        """Return this source's part of the cycle line."""
        if self.state == "error":
            return f"{self.source}: {self.error}, next poll in {self.retry_in:.0f} s"
        if self.state == "held":
            return f"{self.source}: host asked to wait, next poll in {self.retry_in:.0f} s"
        if self.state in ("not-modified", "unchanged"):
            return f"{self.source}: {self.state.replace('-', ' ')}"
        parts = [
            f"{name} {self.counts[name]}"
            for name in ("new", "updated", "duplicate", "near-duplicate", "error")
            if self.counts[name]
        ]
        return f"{self.source}: " + (", ".join(parts) or "nothing new")


@dataclass(slots=True)
class CycleReport:
    """What one cycle did: its polls, alerts raised, deliveries made."""

    number: int
    polls: list[PollResult] = field(default_factory=list)
    alerts: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """Return the cycle's log line."""
        total: Counter[str] = Counter()
        errors = 0
        for poll in self.polls:
            total.update(poll.counts)
            errors += poll.state == "error"
        head = (
            f"{utc_text()[:19]}Z cycle {self.number}: {len(self.polls)} polled in "
            f"{self.seconds:.1f} s; new {total['new']}, duplicate "
            f"{total['duplicate'] + total['near-duplicate']}, errors {errors + total['error']}, "
            f"alerts {self.alerts}"
        )
        return " | ".join([head, *(poll.summary() for poll in self.polls)])


@dataclass(slots=True)
class _Fetched:
    source: WatchSource
    state: SourceState
    page: FetchedPage | None = None
    error: VeilleError | None = None


class Watcher:
    """Polls ``sources`` into the store that ``settings`` name, raising and delivering alerts."""

    def __init__(
        self,
        sources: Sequence[WatchSource],
        settings: Settings,
        *,
        store: Store | None = None,
        guard: NetworkGuard | None = None,
        log: Logger | None = None,
        deliver: bool = True,
        seed: int | None = None,
    ) -> None:
        """Watch ``sources``; ``store`` (left open) replaces the one ``settings`` name."""
        if not sources:
            raise VeilleError(
                "nothing to watch: give a watch.toml or --source URL/PATH", code="E-WATCH-CONFIG"
            )
        self.sources = list(sources)
        self.settings = settings
        self._own_store = store is None
        self.store = store if store is not None else store_for(settings)
        self.monitor = MonitorStore(self.store)
        self.guard = guard or NetworkGuard.from_settings(settings)
        self.log = log or _stderr
        self.deliver = deliver
        self.matcher = AlertMatcher(self.store, settings)
        self.rng = random.Random(seed)  # noqa: S311 - jitter, not secrecy
        self.cycles = 0
        self._due: dict[str, float] = {}
        self._host_hold: dict[str, float] = {}
        self._files: dict[str, tuple[int, int]] = {}
        self._wake = threading.Event()
        self._first_error: str | None = None
        self._load_schedule()

    # -- running -----------------------------------------------------------------

    def run(self, stop: threading.Event, *, max_cycles: int | None = None) -> None:
        """Poll until ``stop`` is set (or ``max_cycles`` cycles ran), delivering alerts too."""
        thread = None
        if self.deliver:
            thread = threading.Thread(
                target=self._deliver_loop, args=(stop,), name="veille-deliver", daemon=True
            )
            thread.start()
        try:
            self.matcher.run()  # what a killed run stored but did not match yet
            self._wake.set()
            while not stop.is_set():
                report = self.cycle(stop)
                self.log(report.line())
                if max_cycles is not None and self.cycles >= max_cycles:
                    break
                stop.wait(self._sleep_time())
        finally:
            if thread is not None:
                if max_cycles is not None and not stop.is_set():
                    self._drain_deliveries()
                stop.set()
                self._wake.set()
                thread.join()
            if self._own_store:
                self.store.close()

    def cycle(self, stop: threading.Event | None = None) -> CycleReport:
        """Poll every source that is due now, ingest, match; return the cycle's report."""
        stop = stop or threading.Event()
        self.cycles += 1
        report = CycleReport(self.cycles)
        started = time.monotonic()
        now = time.monotonic()
        due = [s for s in self.sources if self._due.get(s.target, 0.0) <= now]
        urls = [s for s in due if s.is_url]
        for source in (s for s in due if not s.is_url):
            if stop.is_set():
                break
            report.polls.append(self._poll_path(source))
            report.alerts += self._match()
        if urls and not stop.is_set():
            for fetched in self._fetch_all(urls, stop):
                result = self._settle(fetched)
                report.polls.append(result)
                if (
                    result.counts["new"]
                    or result.counts["updated"]
                    or result.counts["near-duplicate"]
                ):
                    report.alerts += self._match()
        report.seconds = time.monotonic() - started
        return report

    def _sleep_time(self) -> float:
        now = time.monotonic()
        upcoming = min(self._due.get(s.target, now) for s in self.sources)
        return max(0.05, upcoming - now)

    def _match(self) -> int:
        raised = len(self.matcher.run().alerts)
        if raised:
            self._wake.set()
        return raised

    # -- fetching, one request at a time per host --------------------------------

    def _fetch_all(
        self, sources: Sequence[WatchSource], stop: threading.Event
    ) -> Iterable[_Fetched]:
        by_host: dict[str, list[WatchSource]] = defaultdict(list)
        for source in sources:
            by_host[host_of(source.target)].append(source)
        arrived: queue.Queue[_Fetched | None] = queue.Queue()
        states = {s.target: self.monitor.source_state(s.target) for s in sources}

        def fetch_host(host: str, mine: list[WatchSource]) -> None:
            try:
                for source in mine:
                    if stop.is_set():
                        break
                    hold = self._host_hold.get(host, 0.0) - time.monotonic()
                    if hold > 0:
                        arrived.put(_Fetched(source, states[source.target], error=_held(hold)))
                        continue
                    arrived.put(self._fetch(source, states[source.target], host))
            finally:
                arrived.put(None)

        workers = min(MAX_FETCH_THREADS, len(by_host))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="veille-fetch") as pool:
            for host, mine in by_host.items():
                pool.submit(fetch_host, host, mine)
            finished = 0
            while finished < len(by_host):
                item = arrived.get()
                if item is None:
                    finished += 1
                else:
                    yield item

    def _fetch(self, source: WatchSource, state: SourceState, host: str) -> _Fetched:
        conditional: dict[str, str] = {}
        if state.etag:
            conditional["If-None-Match"] = state.etag
        if state.last_modified:
            conditional["If-Modified-Since"] = state.last_modified
        try:
            page = fetch_url(
                source.target, self.settings, guard=self.guard, conditional=conditional
            )
        except FetchError as exc:
            if exc.status in HOST_LIMIT_STATUSES:
                wait = retry_after_seconds(exc.retry_after)
                if wait is None:
                    wait = backoff_seconds(
                        source.every, state.failures + 1, self.settings.watch_max_backoff, self.rng
                    )
                self._host_hold[host] = time.monotonic() + wait
            return _Fetched(source, state, error=exc)
        except VeilleError as exc:
            return _Fetched(source, state, error=exc)
        except Exception as exc:  # the HTTP stack on hostile input: this source's failure only
            return _Fetched(
                source, state, error=FetchError(f"cannot fetch {source.target!r}: {exc!r}")
            )
        return _Fetched(source, state, page=page)

    # -- what a poll leads to ----------------------------------------------------

    def _settle(self, fetched: _Fetched) -> PollResult:
        source, state = fetched.source, fetched.state
        polled = utc_text()
        if fetched.error is not None:
            return self._failed(source, state, fetched.error, polled)
        page = fetched.page
        assert page is not None  # no error means a page
        if page.not_modified:
            self._succeeded(source, replace(state, last_polled_at=polled, last_status="304"))
            return PollResult(source.target, "not-modified")
        digest = hashlib.sha256(page.data).hexdigest()
        validated = replace(state, etag=page.etag, last_modified=page.last_modified)
        if digest == state.body_hash:
            self._succeeded(source, replace(validated, last_polled_at=polled, last_status="200"))
            return PollResult(source.target, "unchanged")
        is_feed = looks_like_feed(page.data, sniff_media_type(page.data, page.media_type))
        documents = fetched_documents(source.target, page, self.settings, guard=self.guard)
        # Feed entries already stored are skipped; a page that changed is coded again.
        counts = self._ingest(
            ingest_documents(documents, self.store, self.settings, resume=is_feed)
        )
        if counts["error"] and not (counts.keys() - {"error"}):
            # Nothing usable came out (a malformed feed, an empty page): a failed poll.
            code = self._first_error or "E-SOURCE"
            error = SourceError(f"{source.target} gave no usable item ({code})", code=code)
            return self._failed(source, state, error, polled)
        self._succeeded(
            source,
            replace(validated, body_hash=digest, last_polled_at=polled, last_status="200"),
        )
        return PollResult(source.target, "ingested", counts)

    def _poll_path(self, source: WatchSource) -> PollResult:
        """Read the files of a folder (or one file) that are new or changed since last seen."""
        polled = utc_text()
        state = self.monitor.source_state(source.target)
        path = Path(source.target)
        try:
            if not path.exists():
                raise SourceError(
                    f"{path} does not exist; check the path in watch.toml", code="E-NOT-FOUND"
                )
            files = sorted(walk_folder(path, self.settings)) if path.is_dir() else [path]
            changed = [f for f in files if self._file_changed(f)]
        except SourceError as exc:
            return self._failed(source, state, exc, polled)
        except OSError as exc:
            error = SourceError(f"cannot read {path}: {exc}", code="E-READ")
            return self._failed(source, state, error, polled)
        # Each file as `veille ingest` reads it: stored sources skipped, failures as error rows.
        counts = self._ingest(ingest_iter([str(f) for f in changed], self.store, self.settings))
        self._succeeded(source, replace(state, last_polled_at=polled, last_status="read"))
        return PollResult(source.target, "ingested" if changed else "unchanged", counts)

    def _file_changed(self, path: Path) -> bool:
        info = path.stat()
        mark = (info.st_mtime_ns, info.st_size)
        key = str(path)
        if self._files.get(key) == mark:
            return False
        self._files[key] = mark
        return True

    def _ingest(self, outcomes: Iterable[ItemOutcome]) -> Counter[str]:
        counts: Counter[str] = Counter()
        self._first_error = None
        for outcome in outcomes:
            counts[outcome.status] += 1
            if outcome.error is not None and self._first_error is None:
                self._first_error = outcome.error.code
        return counts

    def _succeeded(self, source: WatchSource, state: SourceState) -> None:
        self._due[source.target] = time.monotonic() + source.every
        self.monitor.save_source_state(replace(state, failures=0, retry_at=None))

    def _failed(
        self, source: WatchSource, state: SourceState, error: VeilleError, polled: str
    ) -> PollResult:
        host = host_of(source.target)
        held = isinstance(error, _HeldError)
        failures = state.failures if held else state.failures + 1
        wait = backoff_seconds(source.every, failures, self.settings.watch_max_backoff, self.rng)
        hold = self._host_hold.get(host, 0.0) - time.monotonic()
        if hold > 0:
            # The server named its time: come back then (a little after, never before).
            wait = hold + self.rng.uniform(0.0, min(1.0, hold * 0.1))
        self._due[source.target] = time.monotonic() + wait
        retry_at = utc_text(datetime.now(UTC) + timedelta(seconds=wait))
        self.monitor.save_source_state(
            replace(
                state,
                failures=failures,
                retry_at=retry_at,
                last_polled_at=polled,
                last_status=error.code,
            )
        )
        if not held:
            # As for `veille ingest`: the source's failure is an error row (the latest one).
            self.store.record_error(
                ArticleError(source.target, error.code, error.message, datetime.now(UTC))
            )
        return PollResult(
            source.target, "held" if held else "error", error=error.code, retry_in=wait
        )

    def _load_schedule(self) -> None:
        """Start every source now, except those a stored backoff or Retry-After still holds."""
        now_wall = datetime.now(UTC)
        now = time.monotonic()
        for source in self.sources:
            state = self.monitor.source_state(source.target)
            self._due[source.target] = now
            if state.retry_at:
                try:
                    until = datetime.fromisoformat(state.retry_at.replace("Z", "+00:00"))
                except ValueError:
                    continue
                wait = (until - now_wall).total_seconds()
                if wait > 0:
                    self._due[source.target] = now + wait
                    if state.last_status in {"E-HTTP-429", "E-HTTP-503"}:
                        host = host_of(source.target)
                        self._host_hold[host] = max(self._host_hold.get(host, 0.0), now + wait)

    # -- delivery ------------------------------------------------------------------

    def _deliver_loop(self, stop: threading.Event) -> None:
        store = open_store(self.store.location)
        try:
            Deliverer(store, self.settings, guard=self.guard).run(stop, self._wake)
        finally:
            store.close()

    def _drain_deliveries(self, seconds: float = 2.0) -> None:
        """Give pending deliveries a short while before a bounded run returns (``--once``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            due = self.monitor.due_deliveries(datetime.now(UTC), limit=1)
            if not due:
                return
            self._wake.set()
            time.sleep(0.1)


class _HeldError(VeilleError):
    """A source not fetched because its host asked to wait (Retry-After)."""

    code = "held"


def _held(seconds: float) -> _HeldError:
    return _HeldError(f"the host asked to wait {seconds:.0f} s more")


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
