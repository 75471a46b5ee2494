"""The actor network counted by the store (``Store.actor_links``) is the network of the events.

Issue 21 asks every dashboard view to answer in under a second on 5,000
articles; the network read every event with its sides and counted them in
Python. The store now counts the links in the database: these tests check,
on SQLite and PostgreSQL, that :func:`~veille.queries.charts.store_network`
gives exactly :func:`~veille.queries.charts.actor_network` of the whole events
under the dashboard's filters, with the cases where SQL and Python could
part: codes that differ only by case (SQLite's code column ignores case,
Python does not), a target that is also a source, bilateral events, events
with no Goldstein score, negated events and commentary sections.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from _records_factory import make_article, make_event
from conftest_backends import location, pg_database, pg_server  # noqa: F401 - fixtures
from veille.queries.charts import actor_network, chart_events, store_network
from veille.records import ActorRef, ArticleResult, Event
from veille.store import Store, open_store
from veille.store.event_query import EventFilter


def _sides(event: Event, sources: tuple[str, ...], targets: tuple[str, ...]) -> Event:
    return replace(
        event,
        source=tuple(ActorRef(code, code, 0, 6) for code in sources),
        target=tuple(ActorRef(code, code, 30, 34) for code in targets),
    )


def _events(article_id: str) -> list[Event]:
    """Every way an event's sides can make links, over two days and three types."""
    accuse, assault = make_event(article_id), make_event(article_id, "ASSAULT", goldstein=-10.0)
    return [
        accuse,  # RUS → NATO
        make_event(article_id, goldstein=-4.0),  # the same link, another score
        make_event(article_id, goldstein=None),  # the same link, no score
        _sides(assault, ("RUS", "BLR"), ("UKR", "POL")),  # two by two
        _sides(accuse, ("Rus",), ("NATO",)),  # a code differing by case: another node
        _sides(accuse, ("RUS",), ("rus",)),  # source and target differ only by case
        _sides(accuse, ("UKR", "POL"), ("UKR",)),  # the target is a source: bilateral
        _sides(accuse, ("USA", "UKR"), ("UKR", "RUS")),  # one target left: USA, UKR → RUS
        _sides(make_event(article_id, "AGREE", date="2026-11-23"), ("FRA", "DEU"), ()),
        _sides(accuse, (), ("UKR",)),  # a target alone: a node, no link
        _sides(accuse, ("NATO",), ()),  # a source alone: a node, no link
        make_event(article_id, source=None, target=None),  # no one
        make_event(article_id, source="USA", target="CHN", negated=True),  # not done
        make_event(article_id, source="USA", target="IRN", section_kind="commentary"),
        make_event(article_id, source="TUR", target="SYR", salience="background"),
        make_event(article_id, source="ISR", target="LBN", date=None),  # undated: still linked
    ]


@pytest.fixture
def store(location: str) -> Iterator[Store]:  # noqa: F811 - the imported fixture
    with open_store(location) as opened:
        text = "Moscou dénonce la présence de l'OTAN sur le flanc est, dit le ministre."
        for number in range(2):
            article_id = f"net{number}"
            opened.save(
                ArticleResult(
                    article=make_article(article_id, text + str(number)),
                    events=tuple(_events(article_id)),
                ),
                f"test:{number}",
            )
        yield opened


DASHBOARD_FILTERS = [
    EventFilter(salience="lead", commentary=False),  # what the network view asks by default
    EventFilter(commentary=False),
    EventFilter(),
    EventFilter(event_type="assault", salience="lead", commentary=False),
    EventFilter(since="2026-11-23", commentary=False),
    EventFilter(until="2026-11-22", salience="background"),
]


@pytest.mark.parametrize(
    "query", DASHBOARD_FILTERS, ids=["view", "all-salience", "all", "type", "since", "until"]
)
def test_the_network_counted_by_the_store_is_the_network_of_the_events(
    store: Store, query: EventFilter
) -> None:
    expected = actor_network(store.events(query))
    assert store_network(store, query) == expected
    assert store_network(store, query) == actor_network(chart_events(store, query, sides=True))


def test_the_counts_keep_case_bilateral_events_and_scores(store: Store) -> None:
    network = store_network(store, EventFilter(salience="lead", commentary=False))
    nodes = {node["id"]: node["events"] for node in network["nodes"]}
    edges = {(e["source"], e["target"]): e for e in network["edges"]}
    # Two articles of the same events: every count is even.
    assert nodes["RUS"] == 2 * 6  # four RUS → NATO, two by two, RUS → rus, a target of USA's
    assert nodes["Rus"] == nodes["rus"] == 2
    assert edges["RUS", "NATO"]["events"] == 2 * 3
    assert edges["RUS", "NATO"]["goldstein_mean"] == -3.0  # the unscored event is not averaged
    assert edges["Rus", "NATO"]["events"] == edges["RUS", "rus"]["events"] == 2
    assert edges["POL", "UKR"]["events"] == 2  # bilateral, the lower code first
    assert ("UKR", "UKR") not in edges
    assert edges["USA", "RUS"]["events"] == edges["UKR", "RUS"]["events"] == 2
    assert edges["DEU", "FRA"]["events"] == 2
    assert edges["ISR", "LBN"]["events"] == 2
    for left_out in ("CHN", "IRN", "SYR", "TUR"):  # negated, commentary, background
        assert left_out not in nodes
    # Busiest first, then by code, so that every read lists ties in one order.
    ranked = [(-node["events"], node["id"]) for node in network["nodes"]]
    assert ranked == sorted(ranked)


def test_an_empty_selection_has_no_nodes_and_no_edges(store: Store) -> None:
    assert store_network(store, EventFilter(since="2031-01-01")) == {"nodes": [], "edges": []}


def test_two_codes_differing_by_case_on_one_side_count_as_the_charts_read_them(
    location: str,  # noqa: F811 - the imported fixture
) -> None:
    # SQLite's actor index ignores case, so it keeps one of "FRA" and "fra" as sources
    # of one event (PostgreSQL keeps both): the network counts what the index holds, as
    # the charts' read of the sides does.
    event = _sides(make_event("c1", "AGREE"), ("FRA", "fra", "DEU"), ())
    with open_store(location) as store:
        store.save(
            ArticleResult(article=make_article("c1", "Paris et Berlin."), events=(event,)), "c"
        )
        network = store_network(store, EventFilter())
        assert network == actor_network(chart_events(store, EventFilter(), sides=True))
        if location.startswith("postgresql"):
            assert network == actor_network([event])
        assert {node["id"] for node in network["nodes"]} >= {"DEU", "FRA"} or {
            node["id"] for node in network["nodes"]
        } >= {"DEU", "fra"}
