"""When to poll again: intervals, jittered backoff after failures, and a server's Retry-After.

- After a success the next poll is one interval later.
- After *n* consecutive failures of a source it waits ``interval × 2^n``,
  at most ``max(watch_max_backoff, interval)``, jittered down to half (full
  spread between half and all of it), so that many sources failing together
  do not come back together.
- A ``429`` or ``503`` answer holds the whole **host** (every source on it)
  until its ``Retry-After`` (seconds or an HTTP date, honoured up to a day);
  without one, the backoff above applies to the host.
"""

from __future__ import annotations

import random
from urllib.parse import urlsplit

HOST_LIMIT_STATUSES = frozenset({429, 503})
"""Statuses that say "this server wants fewer requests": they hold the whole host."""


def backoff_seconds(every: float, failures: int, max_backoff: float, rng: random.Random) -> float:
    """Return how long to wait after ``failures`` consecutive failures (jittered)."""
    if failures <= 0:
        return every
    ceiling = max(max_backoff, every)
    delay: float = min(every * 2.0 ** min(failures, 30), ceiling)
    return delay * rng.uniform(0.5, 1.0)


def host_of(target: str) -> str:
    """Return the host a source is polled on (its ``host:port``), or ``local`` for a path."""
    if "://" not in target:
        return "local"
    parts = urlsplit(target)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host
