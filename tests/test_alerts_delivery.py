"""Alert delivery to real local receivers: a webhook that fails twice before accepting (HMAC
signature checked as a receiver would), the Slack/Mattermost text format, e-mail through an
aiosmtpd server, failure after the last attempt, and no repeat after delivery.
"""

from __future__ import annotations

import email
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from veille.alerts import Deliverer, WatchlistError, add_watchlist
from veille.settings import Settings
from veille.sources import NetworkGuard
from veille.store import open_store
from veille.store.monitoring import MonitorStore, NewAlert
from watch_helpers import smtp_server, webhook_receiver

SECRET = "s3cret-for-tests"


def raise_alert(store, watchlist: str, key: str = "story:st-1") -> str:
    row = MonitorStore(store).watchlist(watchlist)
    assert row is not None
    target = row.delivery
    channels = []
    if target.get("webhook"):
        prefix = "slack+" if target.get("webhook_format") == "slack" else ""
        channels.append(("webhook", prefix + target["webhook"]))
    if target.get("email"):
        channels.append(("email", ",".join(target["email"])))
    alert = NewAlert(
        watchlist=watchlist,
        kind="event",
        dedup_key=key,
        title="ACCUSE RUS → NATO, 2026-11-16 (1 article)",
        payload={
            "rule": "RUS–NATO",
            "link": "http://veille.test/#/story/st-1",
            "evidence": [
                {
                    "article_id": "a1",
                    "title": "Russia accuses NATO <b>now</b>",
                    "sentence": "Russia accused NATO of provocations & more.",
                    "link": "http://veille.test/#/article/a1?ev=7-14",
                    "url": "http://example.org/a1",
                    "source_name": "Example",
                    "language": "en",
                }
            ],
        },
        story_id="st-1",
        channels=tuple(channels),
    )
    written = MonitorStore(store).commit_matches([alert], [], 0)
    assert written == [alert.id]
    return alert.id


def settings(**overrides: object) -> Settings:
    return Settings.from_env({}, alert_retry_delay=0.2, **overrides)


def guard_for(url: str) -> NetworkGuard:
    port = int(url.split(":")[2].split("/", maxsplit=1)[0])
    return NetworkGuard(allowed_endpoints=frozenset({("127.0.0.1", port)}))


def deliver_until(deliverer: Deliverer, done, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        deliverer.deliver_due()
        time.sleep(0.05)


def test_a_webhook_failing_twice_gets_the_alert_on_the_third_try_signed(tmp_path: Path) -> None:
    with webhook_receiver(fail_first=2) as receiver, open_store(tmp_path / "a.db") as store:
        add_watchlist(store, "rusnato", {"dyad": "RUS,NATO"}, {"webhook": receiver.url})
        alert_id = raise_alert(store, "rusnato")
        deliverer = Deliverer(store, settings(webhook_secret=SECRET), guard=guard_for(receiver.url))
        deliver_until(deliverer, receiver.accepted)
        assert [p.status for p in receiver.posts] == [500, 500, 200]
        # Retries waited (0.2 s, then 0.4 s, jittered ±25 %).
        gaps = [b.at - a.at for a, b in zip(receiver.posts, receiver.posts[1:], strict=False)]
        assert gaps[0] >= 0.15
        assert gaps[1] >= 0.3
        post = receiver.posts[-1]
        headers = {k.lower(): v for k, v in post.headers.items()}
        assert headers["x-veille-alert"] == alert_id
        expected = hmac.new(
            SECRET.encode(),
            headers["x-veille-timestamp"].encode() + b"." + post.body,
            hashlib.sha256,
        ).hexdigest()
        assert headers["x-veille-signature"] == f"sha256={expected}"
        body = json.loads(post.body)
        assert body["id"] == alert_id
        assert body["watchlist"] == "rusnato"
        assert body["evidence"][0]["link"].endswith("?ev=7-14")
        (alert,) = MonitorStore(store).alerts("rusnato")
        (state,) = alert.deliveries
        assert (state.status, state.attempts) == ("delivered", 3)
        # Delivered means done: another pass sends nothing.
        deliverer.deliver_due(datetime.now(UTC) + timedelta(hours=2))
        assert len(receiver.posts) == 3


def test_a_wrong_secret_does_not_verify(tmp_path: Path) -> None:
    with webhook_receiver() as receiver, open_store(tmp_path / "a.db") as store:
        add_watchlist(store, "w", {"actors": ["RUS"]}, {"webhook": receiver.url})
        raise_alert(store, "w")
        Deliverer(
            store, settings(webhook_secret=SECRET), guard=guard_for(receiver.url)
        ).deliver_due()
        post = receiver.accepted()[0]
        headers = {k.lower(): v for k, v in post.headers.items()}
        forged = hmac.new(
            b"other", headers["x-veille-timestamp"].encode() + b"." + post.body, hashlib.sha256
        ).hexdigest()
        assert headers["x-veille-signature"] != f"sha256={forged}"


def test_slack_format_posts_linked_text_with_markup_escaped(tmp_path: Path) -> None:
    with webhook_receiver() as receiver, open_store(tmp_path / "a.db") as store:
        add_watchlist(
            store, "w", {"actors": ["RUS"]}, {"webhook": receiver.url, "webhook_format": "slack"}
        )
        raise_alert(store, "w")
        Deliverer(store, settings(), guard=guard_for(receiver.url)).deliver_due()
        body = json.loads(receiver.accepted()[0].body)
        assert set(body) == {"text"}
        assert "<http://veille.test/#/story/st-1|ACCUSE RUS → NATO" in body["text"]
        assert "provocations &amp; more" in body["text"]
        assert "<http://veille.test/#/article/a1?ev=7-14|evidence>" in body["text"]


def test_email_goes_through_a_real_smtp_server(tmp_path: Path) -> None:
    with smtp_server() as box, open_store(tmp_path / "a.db") as store:
        add_watchlist(store, "w", {"actors": ["RUS"]}, {"email": ["analyst@example.org"]})
        alert_id = raise_alert(store, "w")
        report = Deliverer(
            store, settings(smtp_host=box.host, smtp_port=box.port, smtp_from="veille@example.org")
        ).deliver_due()
        assert report.delivered == [(alert_id, "email")]
        deadline = time.monotonic() + 5
        while not box.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        ((sender, recipients, raw),) = box.messages
        assert sender == "veille@example.org"
        assert recipients == ["analyst@example.org"]
        message = email.message_from_bytes(raw)
        assert message["X-Veille-Alert"] == alert_id
        assert "ACCUSE RUS → NATO" in str(
            email.header.make_header(email.header.decode_header(message["Subject"]))
        )
        text = message.get_payload(decode=True).decode()
        assert "http://veille.test/#/article/a1?ev=7-14" in text


def test_no_mail_server_is_a_failed_attempt_that_says_what_to_set(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        add_watchlist(store, "w", {"actors": ["RUS"]}, {"email": ["a@example.org"]})
        raise_alert(store, "w")
        report = Deliverer(store, settings()).deliver_due()
        assert "VEILLE_SMTP_HOST" in report.failed[0][2]


def test_after_the_last_attempt_a_delivery_is_marked_failed(tmp_path: Path) -> None:
    with webhook_receiver(fail_first=100) as receiver, open_store(tmp_path / "a.db") as store:
        add_watchlist(store, "w", {"actors": ["RUS"]}, {"webhook": receiver.url})
        raise_alert(store, "w")
        deliverer = Deliverer(store, settings(alert_attempts=3), guard=guard_for(receiver.url))
        later = datetime.now(UTC)
        for _ in range(5):
            later += timedelta(hours=2)
            deliverer.deliver_due(later)
        assert len(receiver.posts) == 3
        (state,) = MonitorStore(store).alerts("w")[0].deliveries
        assert state.status == "failed"
        assert "HTTP 500" in (state.last_error or "")


def test_a_webhook_on_a_private_address_needs_the_guard_lifted(tmp_path: Path) -> None:
    with webhook_receiver() as receiver, open_store(tmp_path / "a.db") as store:
        add_watchlist(store, "w", {"actors": ["RUS"]}, {"webhook": receiver.url})
        raise_alert(store, "w")
        report = Deliverer(store, settings()).deliver_due()
        assert receiver.posts == []
        assert "E-NETWORK-GUARD" in report.failed[0][2] or "refuses" in report.failed[0][2]


@pytest.mark.parametrize(
    ("delivery", "named"),
    [
        ({"webhook": "ftp://x"}, "http"),
        ({"webhook_format": "teams"}, "json, slack"),
        ({"email": ["not-an-address"]}, "e-mail"),
    ],
)
def test_bad_delivery_targets_are_refused(tmp_path: Path, delivery: dict, named: str) -> None:
    with open_store(tmp_path / "a.db") as store, pytest.raises(WatchlistError, match=named):
        add_watchlist(store, "w", {"actors": ["RUS"]}, delivery)
