"""Per-item time budget: the clock each item's work is charged to, checked between steps.

Why a cooperative clock rather than a watchdog that kills a worker process:
every step veille runs on one item is bounded by the other budgets (bytes
read, HTML elements and attributes, characters per spaCy call), so no single
step can run for long; the clock is checked between steps (extraction
stages, each parse chunk, each coded chunk), so an item is stopped within
one bounded step of its budget. Killing a worker instead would cost a spaCy
reload (seconds and hundreds of MiB) on every timeout, a second copy of the
pipeline in memory, and pickling every article across a process boundary,
and it does not work inside the API server's threads or on Dask workers,
which run the same code. See docs/reliability.md.

Items are processed in batches (spaCy parses several texts per call), so the
clock charges each item the time spent on it: its own extraction and coding,
and every parse call it took part in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from veille.errors import BudgetError

__all__ = ["ItemClock"]


class ItemClock:
    """Processing time charged to one item, against its budget in seconds."""

    def __init__(self, source: str, budget: float) -> None:
        """Start an item's clock at zero; ``budget`` is ``settings.item_timeout``."""
        self.source = source
        self.budget = budget
        self._spent = 0.0
        self._since: float | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        """Charge the time spent inside the block to this item."""
        started = time.monotonic()
        self._since = started
        try:
            yield
        finally:
            self._since = None
            self._spent += time.monotonic() - started

    def charge(self, seconds: float) -> None:
        """Charge ``seconds`` spent on work this item shared (a parse call of several texts)."""
        self._spent += seconds

    @property
    def spent(self) -> float:
        """Seconds charged so far, including a block still running."""
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self._spent + running

    def check(self, step: str) -> None:
        """Raise :class:`BudgetError` (``E-TIMEOUT``) when the item is over its budget."""
        if self.spent > self.budget:
            raise BudgetError(
                f"{self.source} took more than item_timeout={self.budget:g} s "
                f"({self.spent:.1f} s, stopped at {step}); split it, or raise "
                "VEILLE_ITEM_TIMEOUT if it is worth the time"
            )
