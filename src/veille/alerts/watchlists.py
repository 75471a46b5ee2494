"""Watchlists as the CLI and the API manage them: add, list, remove, shown as JSON.

Both front-ends call these functions, so a watchlist refused by one is
refused by the other with the same message (``E-WATCHLIST``, listing the
valid values).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from veille.alerts.match import Delivery
from veille.alerts.rules import check_name, rule_from_json
from veille.errors import StoreError, WatchlistError
from veille.store import Store
from veille.store.monitoring import MonitorStore, WatchlistRow

WEBHOOK_FORMATS = ("json", "slack")
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+$")


def delivery_from_json(data: Mapping[str, Any] | None) -> Delivery:
    """Build and check delivery targets: ``webhook`` (http/https), ``webhook_format``, ``email``."""
    data = data or {}
    unknown = sorted(set(data) - {"webhook", "webhook_format", "email"})
    if unknown:
        raise WatchlistError(
            f"unknown delivery field(s) {', '.join(unknown)}; use webhook, webhook_format, email"
        )
    webhook = data.get("webhook") or None
    if webhook is not None and (
        not isinstance(webhook, str) or not webhook.lower().startswith(("http://", "https://"))
    ):
        raise WatchlistError(f"webhook must be an http:// or https:// URL; got {webhook!r}")
    style = str(data.get("webhook_format") or "json").lower()
    if style not in WEBHOOK_FORMATS:
        raise WatchlistError(
            f"unknown webhook format {style!r}; valid values: {', '.join(WEBHOOK_FORMATS)} "
            "(slack also suits Mattermost)"
        )
    raw = data.get("email") or []
    addresses = [
        a.strip() for a in (raw.split(",") if isinstance(raw, str) else raw) if str(a).strip()
    ]
    bad = [a for a in addresses if not _EMAIL.match(str(a))]
    if bad:
        raise WatchlistError(f"not an e-mail address: {', '.join(map(str, bad))}")
    return Delivery(webhook=webhook, webhook_format=style, email=tuple(str(a) for a in addresses))


def add_watchlist(
    store: Store, name: str, rule: Mapping[str, Any], delivery: Mapping[str, Any] | None = None
) -> WatchlistRow:
    """Check and store a watchlist; it alerts on articles stored from now on. Return it."""
    checked_name = check_name(name)
    checked_rule = rule_from_json(rule)
    checked_delivery = delivery_from_json(delivery)
    monitor = MonitorStore(store)
    try:
        monitor.add_watchlist(checked_name, checked_rule.to_json(), checked_delivery.to_json())
    except StoreError as exc:
        if exc.code != "E-WATCHLIST-EXISTS":
            raise
        raise WatchlistError(exc.message, code=exc.code) from exc
    found = monitor.watchlist(checked_name)
    assert found is not None  # just written in the same store
    return found


def watchlist_json(row: WatchlistRow, open_alerts: int | None = None) -> dict[str, Any]:
    """Return a watchlist as `veille watchlist list --json` and `GET /api/watchlists` list it."""
    rule = rule_from_json(row.rule)
    delivery = dict(row.delivery)
    return {
        "name": row.name,
        "kind": rule.kind,
        "rule": row.rule,
        "description": rule.describe(),
        "delivery": delivery,
        "created_at": row.created_at,
        "open_alerts": open_alerts,
    }


def require_watchlist(store: Store, name: str) -> WatchlistRow:
    """Return the watchlist ``name``, or raise ``E-WATCHLIST-UNKNOWN`` naming the existing ones."""
    monitor = MonitorStore(store)
    found = monitor.watchlist(name)
    if found is None:
        names = [w.name for w in monitor.watchlists()]
        listed = ", ".join(names) if names else "none yet (veille watchlist add)"
        raise WatchlistError(
            f"no watchlist named {name!r}; the watchlists are: {listed}", code="E-WATCHLIST-UNKNOWN"
        )
    return found
