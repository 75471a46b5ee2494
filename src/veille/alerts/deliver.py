"""Push alerts out: signed webhook POSTs (JSON or Slack/Mattermost text) and e-mail over SMTP.

:class:`Deliverer` sends every pending delivery whose time has come
(:meth:`veille.store.monitoring.MonitorStore.due_deliveries`), oldest alert
first, and records the result: delivered, or failed with the next attempt
``alert_retry_delay × 2^(attempt-1)`` seconds later (jittered ±25 %, at most
an hour, and never before a ``Retry-After`` the receiver sent), until
``alert_attempts`` tries have failed. State is in the store, so a restart
goes on where it stopped.

Webhooks
    ``POST`` with ``Content-Type: application/json``, through the network
    guard (a webhook on a private address needs ``allow_private_network``),
    no redirect followed. Headers: ``X-Veille-Alert`` (the alert id, stable:
    a receiver drops a repeat — delivery is at least once, and a crash
    between the receiver's answer and our record sends it again),
    ``X-Veille-Timestamp`` (Unix seconds) and, with ``webhook_secret`` set,
    ``X-Veille-Signature: sha256=<hex>``, the HMAC-SHA256 of
    ``<timestamp>.<body>`` under the secret. Any 2xx answer is success.
    The ``json`` format posts the alert (:func:`alert_json`); ``slack``
    posts ``{"text": ...}`` with ``<url|label>`` links, which Slack and
    Mattermost incoming webhooks both render.
E-mail
    A plain-text message per alert to the watchlist's addresses, through
    ``smtp_host:smtp_port`` (STARTTLS and login when configured).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import random
import smtplib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from veille.errors import DeliveryError, VeilleError
from veille.settings import Settings
from veille.sources.netguard import NetworkGuard
from veille.sources.url import retry_after_seconds
from veille.store import Store
from veille.store.monitoring import AlertRow, DeliveryState, MonitorStore

MAX_RETRY_SECONDS = 3600.0
"""Longest wait between two delivery attempts."""


@dataclass(slots=True)
class DeliveryReport:
    """What one pass of deliveries did."""

    delivered: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)


def alert_json(alert: AlertRow) -> dict[str, Any]:
    """Return an alert as the API lists it and the ``json`` webhook posts it."""
    return {
        "id": alert.id,
        "watchlist": alert.watchlist,
        "kind": alert.kind,
        "title": alert.title,
        "created_at": alert.created_at,
        "acknowledged_at": alert.acknowledged_at,
        "story_id": alert.story_id,
        "article_id": alert.article_id,
        **{k: v for k, v in alert.payload.items() if k not in {"watchlist", "kind", "title"}},
        "deliveries": [
            {
                "channel": d.channel,
                "status": d.status,
                "attempts": d.attempts,
                "last_error": d.last_error,
                "delivered_at": d.delivered_at,
                "next_attempt_at": d.next_attempt_at if d.status == "pending" else None,
            }
            for d in alert.deliveries
        ],
    }


def webhook_body(alert: AlertRow, style: str) -> bytes:
    """Return the webhook body of ``alert`` in ``style`` (``json`` or ``slack``)."""
    if style == "slack":
        return json.dumps({"text": slack_text(alert)}, ensure_ascii=False).encode()
    data = alert_json(alert)
    data.pop("deliveries", None)
    data.pop("acknowledged_at", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def slack_text(alert: AlertRow) -> str:
    """Return the alert as Slack/Mattermost message text: a linked title, then evidence quotes."""
    payload = alert.payload
    lines = [
        f"[veille] {_slack(alert.watchlist)}: <{payload.get('link', '')}|{_slack(alert.title)}>"
    ]
    for item in payload.get("evidence", [])[:3]:
        source = item.get("source_name") or item.get("title") or item.get("article_id")
        lines.append(f"> {_slack(str(item.get('sentence', ''))[:300])}")
        lines.append(f"  <{item.get('link', '')}|evidence> · {_slack(str(source))}")
    return "\n".join(lines)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Return the ``X-Veille-Signature`` value: ``sha256=`` and the HMAC of ``timestamp.body``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def email_message(alert: AlertRow, settings: Settings, recipients: list[str]) -> EmailMessage:
    """Return the plain-text e-mail of ``alert``."""
    message = EmailMessage()
    message["Subject"] = f"[veille] {alert.watchlist}: {alert.title}"[:250]
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(recipients)
    message["X-Veille-Alert"] = alert.id
    payload = alert.payload
    lines = [alert.title, "", f"Watchlist {alert.watchlist}: {payload.get('rule', '')}", ""]
    for item in payload.get("evidence", []):
        lines += [
            f"- {item.get('title') or item.get('article_id')} ({item.get('source_name') or ''}, "
            f"{item.get('language', '')})",
            f"  « {item.get('sentence', '')} »",
            f"  evidence: {item.get('link', '')}",
        ]
        if item.get("url"):
            lines.append(f"  original: {item['url']}")
    lines += ["", f"Open: {payload.get('link', '')}", f"Alert id: {alert.id}"]
    message.set_content("\n".join(lines))
    return message


class Deliverer:
    """Sends the pending deliveries of one store and records how each went."""

    def __init__(
        self, store: Store, settings: Settings, *, guard: NetworkGuard | None = None
    ) -> None:
        """Deliver from ``store``; ``guard`` replaces the network guard built from ``settings``."""
        self.monitor = MonitorStore(store)
        self.settings = settings
        self.guard = guard or NetworkGuard.from_settings(settings)

    def deliver_due(self, now: datetime | None = None, *, limit: int = 50) -> DeliveryReport:
        """Try every delivery due at ``now`` (default: now), at most ``limit``; return results."""
        report = DeliveryReport()
        for alert, state in self.monitor.due_deliveries(now or datetime.now(UTC), limit):
            try:
                self._send(alert, state)
            except Exception as exc:  # any failure of one delivery is that delivery's
                message = (
                    str(exc) if isinstance(exc, VeilleError) else f"{type(exc).__name__}: {exc}"
                )
                wait = exc.retry_after if isinstance(exc, DeliveryError) else None
                retry_at = self._next_attempt(state.attempts + 1, wait)
                self.monitor.delivery_failed(alert.id, state.channel, message, retry_at)
                report.failed.append((alert.id, state.channel, message))
            else:
                self.monitor.delivered(alert.id, state.channel)
                report.delivered.append((alert.id, state.channel))
        return report

    def run(self, stop: threading.Event, wake: threading.Event, *, poll: float = 1.0) -> None:
        """Deliver until ``stop`` is set: at once on ``wake``, else every ``poll`` s."""
        while not stop.is_set():
            wake.clear()
            # The store busy or gone for a moment: the next pass retries.
            with contextlib.suppress(VeilleError):
                self.deliver_due()
            wake.wait(poll)

    def _next_attempt(self, attempts: int, retry_after: float | None) -> datetime | None:
        if attempts >= self.settings.alert_attempts:
            return None
        delay = min(self.settings.alert_retry_delay * 2 ** (attempts - 1), MAX_RETRY_SECONDS)
        delay *= random.uniform(0.75, 1.25)  # noqa: S311 - spreading retries, not secrecy
        if retry_after is not None:
            delay = max(delay, retry_after)
        return datetime.now(UTC) + timedelta(seconds=delay)

    def _send(self, alert: AlertRow, state: DeliveryState) -> None:
        if state.channel == "webhook":
            style = "slack" if state.target.startswith("slack+") else "json"
            url = state.target.removeprefix("slack+")
            self.post_webhook(url, webhook_body(alert, style), alert.id)
        elif state.channel == "email":
            self.send_email(alert, [a for a in state.target.split(",") if a])
        else:
            raise DeliveryError(f"unknown channel {state.channel!r}")

    def post_webhook(self, url: str, body: bytes, alert_id: str) -> None:
        """POST ``body`` to ``url`` under the network guard; raise DeliveryError unless 2xx."""
        target = self.guard.check(url)
        parts = urlsplit(url)
        pinned = urlunsplit(
            (target.scheme, target.pinned_authority, parts.path or "/", parts.query, "")
        )
        timestamp = str(int(time.time()))
        headers = {
            "Host": target.host_header,
            "Content-Type": "application/json",
            "User-Agent": self.settings.user_agent,
            "X-Veille-Alert": alert_id,
            "X-Veille-Timestamp": timestamp,
        }
        if self.settings.webhook_secret:
            headers["X-Veille-Signature"] = signature(self.settings.webhook_secret, timestamp, body)
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        # trust_env=False: a proxy would connect to the host name, past the guard's pinning.
        with httpx.Client(timeout=self.settings.fetch_timeout, trust_env=False) as client:
            request = client.build_request("POST", pinned, headers=headers, content=body)
            request.extensions.update(extensions)
            try:
                response = client.send(request)
            except httpx.HTTPError as exc:
                raise DeliveryError(f"webhook {url!r} unreachable: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(
                f"webhook {url!r} answered HTTP {response.status_code}",
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )

    def send_email(self, alert: AlertRow, recipients: list[str]) -> None:
        """Send the alert's e-mail to ``recipients``; raise :class:`DeliveryError` on failure."""
        settings = self.settings
        if not settings.smtp_host:
            raise DeliveryError(
                "no mail server: set VEILLE_SMTP_HOST (and VEILLE_SMTP_PORT) to deliver e-mail"
            )
        message = email_message(alert, settings, recipients)
        try:
            with smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.fetch_timeout
            ) as smtp:
                if settings.smtp_starttls:
                    smtp.starttls()
                if settings.smtp_user:
                    smtp.login(settings.smtp_user, settings.smtp_password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(
                f"e-mail to {', '.join(recipients)} through {settings.smtp_host}:"
                f"{settings.smtp_port} failed: {exc}"
            ) from exc


def _slack(text: str) -> str:
    # Slack reads &, < and > as markup; escaping them keeps article text as text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
