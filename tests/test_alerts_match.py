"""Alerts raised from real ingests, on SQLite and PostgreSQL: one per story, after the watchlist,
minimum reporting articles, full text, tension leaving its band, and refused rules.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from veille.alerts import AlertMatcher, WatchlistError, add_watchlist
from veille.alerts.tension import reading_for
from veille.engine import ingest_documents
from veille.records import RawDocument
from veille.settings import Settings
from veille.store import Store, open_store
from veille.store.monitoring import MonitorStore

pytestmark = pytest.mark.slow

ACCUSE = "Russia accused NATO of provocations near the border on Monday, the Kremlin said."
ACCUSE_AGAIN = ACCUSE + " Moscow added that the exercises were dangerous."
THREAT = "Russia threatened NATO with retaliation over the deployment."
# No weekday, so each is dated on its article's day; five wordings, so none duplicates another.
ACCUSATIONS = [
    "Russia accused NATO of provocations near the border, the Kremlin said.",
    "Moscow accused the North Atlantic alliance of staging dangerous drills in the Baltic.",
    "The Russian foreign ministry accused NATO of escalating tensions in Eastern Europe.",
    "Russia accused NATO of spying on its fleet in the Black Sea.",
    "Russian officials accused NATO of planning new deployments in Finland.",
]
AGREE = "France signed a defence agreement with Mali on Tuesday."


def doc(source: str, text: str, day: int, month: int = 11) -> RawDocument:
    return RawDocument(
        source=source,
        data=text,
        media_type="text/plain",
        reference_time=datetime(2026, month, day, 9, tzinfo=UTC),
        reference_time_source="api",
    )


def ingest(store: Store, *docs: RawDocument) -> None:
    settings = Settings.from_env({}, db=store.location, language="en")
    outcomes = list(ingest_documents(docs, store, settings))
    assert all(o.status != "error" for o in outcomes), outcomes


def matcher(store: Store) -> AlertMatcher:
    return AlertMatcher(store, Settings.from_env({}, public_url="http://veille.test"))


def test_one_alert_per_story_not_per_report(location: str) -> None:
    with open_store(location) as store:
        add_watchlist(store, "rusnato", {"dyad": "RUS,NATO", "types": ["ACCUSE"]})
        ingest(store, doc("d1", ACCUSE, 16))
        first = matcher(store).run()
        assert len(first.alerts) == 1
        # A second outlet reports the same happening: same story, no second alert.
        ingest(store, doc("d2", ACCUSE_AGAIN, 16))
        second = matcher(store).run()
        assert second.alerts == []
        monitor = MonitorStore(store)
        (alert,) = monitor.alerts("rusnato")
        assert alert.kind == "event"
        assert alert.title.startswith("ACCUSE RUS → NATO, 2026-11-16")
        evidence = alert.payload["evidence"]
        assert evidence
        assert evidence[0]["trigger"] == "accused"
        assert evidence[0]["link"].startswith("http://veille.test/#/article/")
        assert "?ev=" in evidence[0]["link"]
        # Both reports are covered by the one alert.
        members = [m.article_id for m in store.story_members(alert.story_id or "")]
        assert len(members) == 2
        assert monitor.covering_alerts("rusnato", members) == {alert.id}
        # Matching again changes nothing: the cursor moved past both.
        assert matcher(store).run().articles == 0


def test_a_watchlist_sees_only_articles_stored_after_it(location: str) -> None:
    with open_store(location) as store:
        ingest(store, doc("old", ACCUSE, 16))
        add_watchlist(store, "late", {"actors": ["RUS"]})
        assert matcher(store).run().alerts == []
        ingest(store, doc("new", THREAT, 20))
        raised = matcher(store).run().alerts
        assert len(raised) == 1
        assert MonitorStore(store).alerts("late")[0].title.startswith("THREATEN RUS → NATO")


def test_min_articles_fires_when_the_second_report_arrives(location: str) -> None:
    with open_store(location) as store:
        add_watchlist(store, "confirmed", {"types": ["ACCUSE"], "min_articles": 2})
        ingest(store, doc("d1", ACCUSE, 16))
        assert matcher(store).run().alerts == []
        ingest(store, doc("d2", ACCUSE_AGAIN, 16))
        raised = matcher(store).run().alerts
        assert len(raised) == 1
        (alert,) = MonitorStore(store).alerts("confirmed")
        assert alert.payload["event"]["support_count"] == 2
        assert len(alert.payload["evidence"]) == 2


def test_full_text_and_event_conditions(location: str) -> None:
    with open_store(location) as store:
        add_watchlist(store, "mali-words", {"text": 'defence "agreement with Mali"'})
        add_watchlist(store, "mali-events", {"places": ["MLI"], "salience": "all"})
        add_watchlist(store, "cooperation", {"quad_classes": [1, 2], "languages": ["en"]})
        add_watchlist(store, "not-this", {"text": "Wagner"})
        add_watchlist(store, "hostile", {"max_goldstein": -3})
        ingest(store, doc("m", AGREE, 17), doc("t", THREAT, 20))
        matcher(store).run()
        monitor = MonitorStore(store)
        by_list = {name: [a.title for a in monitor.alerts(name)] for name in monitor.open_counts()}
        assert len(by_list["mali-words"]) == 1
        assert by_list["mali-words"][0].startswith("France signed")
        assert by_list["cooperation"]
        assert by_list["cooperation"][0].startswith("AGREE")
        assert by_list["not-this"] == []
        assert [t.split(",")[0] for t in by_list["hostile"]] == ["THREATEN RUS → NATO"]
        article_alert = monitor.alerts("mali-words")[0]
        assert article_alert.kind == "article"
        assert "agreement with Mali" in article_alert.payload["evidence"][0]["sentence"]


def test_tension_leaving_its_band_raises_one_alert(location: str) -> None:
    with open_store(location) as store:
        add_watchlist(store, "rusnato-tension", {"dyad": "RUS,NATO", "tension": True})
        # Three quiet days with one accusation each make the band (tension 2 on 3 of 30 days).
        quiet = [doc(f"q{n}", ACCUSATIONS[n], day) for n, day in enumerate((1, 5, 9))]
        ingest(store, *quiet)
        assert matcher(store).run().alerts == []
        # One more accusation stays within 2 σ of that band...
        ingest(store, doc("q4", ACCUSATIONS[3], 12))
        assert matcher(store).run().alerts == []
        # ...a threat and an accusation the same day leave it.
        ingest(store, doc("s1", THREAT, 20), doc("s2", ACCUSATIONS[4], 20))
        raised = matcher(store).run().alerts
        assert len(raised) == 1
        (alert,) = MonitorStore(store).alerts("rusnato-tension")
        assert alert.kind == "tension"
        assert alert.payload["direction"] == "up"
        assert alert.payload["day"] == "2026-11-20"
        assert alert.payload["z"] >= 2
        assert alert.payload["evidence"]


def test_band_method_on_numbers() -> None:
    day = date(2026, 11, 30)
    quiet = {date(2026, 11, d): 2.0 for d in (1, 5, 9)}
    assert reading_for(quiet, day).z is not None
    assert reading_for({**quiet, day: 2.0}, day).direction(2.0) is None
    assert reading_for({**quiet, day: 6.0}, day).direction(2.0) == "up"
    assert reading_for({**quiet, day: -4.0}, day).direction(2.0) == "down"
    # Too little history: no band, no alert, however high.
    assert reading_for({date(2026, 11, 28): 1.0, day: 50.0}, day).direction(2.0) is None


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        ({"actors": ["RUSS"]}, "RUS"),
        ({"types": ["ATTACK"]}, "ASSAULT"),
        ({"places": ["Mali"]}, "ISO alpha-3"),
        ({"languages": ["de"]}, "fr, en"),
        ({"quad_classes": [5]}, "material conflict"),
        ({"salience": "main"}, "lead, background, all"),
        ({"dyad": "RUS"}, "two actor codes"),
        ({"tension": True}, "needs a dyad"),
        ({}, "at least one condition"),
    ],
)
def test_unknown_values_are_refused_with_the_valid_ones(tmp_path, rule: dict, named: str) -> None:
    with open_store(tmp_path / "v.db") as store:
        with pytest.raises(WatchlistError, match=named) as caught:
            add_watchlist(store, "bad", rule)
        assert caught.value.code == "E-WATCHLIST"
        assert MonitorStore(store).watchlists() == []
