"""Store methods behind the analyst's exports, hints and search, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from _records_factory import long_text, make_article, make_event
from veille.records import ArticleResult, Location, Mention
from veille.store import open_store


def _putin(start: int, text: str) -> Mention:
    return Mention(start, start + len(text), text, "person", "PER:vladimir-putin")


def test_headlines_mentions_and_facets(location: str) -> None:
    kyiv = Location("Kyiv", "G:703448", "UKR", None, 50.45, 30.52, "city", False)
    with open_store(location) as store:
        store.save(
            ArticleResult(
                make_article(
                    "fr1",
                    long_text(1),
                    url="https://news.example.org/fr1",
                    source_name="Le Journal",
                    retrieved_at=datetime(2026, 11, 23, 7, tzinfo=UTC),
                ),
                (_putin(0, "Poutine"), _putin(20, "Vladimir Poutine")),
                (make_event("fr1", location=kyiv), make_event("fr1", "ASSAULT", cameo="190")),
            ),
            "s1",
        )
        store.save(
            ArticleResult(
                replace(make_article("en1", long_text(2), published=None), language="en"),
                (_putin(5, "Putin"),),
                (make_event("en1", date="2025-01-02"),),
            ),
            "s2",
        )
        store.save(ArticleResult(make_article("x1", long_text(3)), (), ()), "s3")

        headlines = store.article_headlines(["fr1", "en1", "missing", "fr1"])
        assert set(headlines) == {"fr1", "en1"}
        assert headlines["fr1"].url == "https://news.example.org/fr1"
        assert headlines["fr1"].source_name == "Le Journal"
        assert headlines["fr1"].published_at == datetime(2026, 11, 22, 8, tzinfo=UTC)
        assert headlines["fr1"].retrieved_at == datetime(2026, 11, 23, 7, tzinfo=UTC)
        assert headlines["en1"].published_at is None
        assert headlines["en1"].language == "en"

        mentioning = store.articles_mentioning("PER:vladimir-putin")
        assert [(h.article_id, h.rank) for h in mentioning] == [("fr1", 2.0), ("en1", 1.0)]
        assert mentioning[0].snippet in {"Poutine", "Vladimir Poutine"}
        assert [h.article_id for h in store.articles_mentioning("PER:vladimir-putin", limit=1)] == [
            "fr1"
        ]
        among = store.articles_mentioning("PER:vladimir-putin", among=["en1", "x1"])
        assert [h.article_id for h in among] == ["en1"]
        assert store.articles_mentioning("PER:nobody") == []

        facets = store.event_facets()
        assert facets.total == 3
        assert facets.types == {"ACCUSE": 2, "ASSAULT": 1}
        assert facets.countries == {"UKR": 1}
        assert facets.actors == {"RUS": 3, "NATO": 3}
        assert (facets.first_day, facets.last_day) == ("2025-01-02", "2026-11-22")
