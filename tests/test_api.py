"""HTTP API tests against a real uvicorn server on 127.0.0.1 and a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from api_helpers import MAX_BYTES, TOKEN, Server, running_server
from veille.cli import app
from veille.flat import EVENT_COLUMNS, MERGED_COLUMNS
from veille.queries.charts import dyad_timeline
from veille.queries.merged import MERGED_FIELDS
from veille.records import ActorRef, Event, Span
from veille.serialize import EVENT_FIELDS, to_dict
from veille.store import open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Server:
    return running_server()


@pytest.fixture(scope="module")
def client(server: Server) -> httpx.Client:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def events(client: httpx.Client, **params: object) -> list[dict]:
    """Raw events: every event as coded in each article."""
    response = client.get("/api/events", params={"limit": 1000, "merged": "false", **params})
    assert response.status_code == 200, response.text
    assert int(response.headers["X-Total-Count"]) == len(response.json())
    return response.json()


def merged(client: httpx.Client, **params: object) -> list[dict]:
    """Merged events, what /api/events answers by default."""
    response = client.get("/api/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    assert response.headers["X-Has-More"] == "false"
    assert int(response.headers["X-Total-Count"]) == len(response.json())
    return response.json()


def codes(event: dict) -> set[str]:
    return {ref["code"] for ref in event["source"] + event["target"] if ref["code"]}


def sides(event: dict) -> set[str]:
    return set(event["source"]) | set(event["target"])


def cli_json(server: Server, *args: str) -> object:
    result = CliRunner().invoke(app, ["--db", server.settings.db, *args, "--json"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return json.loads(result.stdout)


def article_languages(client: httpx.Client) -> dict[str, str]:
    return {a["id"]: a["language"] for a in client.get("/api/articles?limit=1000").json()}


# -- reading -----------------------------------------------------------------


def test_articles_are_the_cli_json_with_total_and_pages(client: httpx.Client, server: Server):
    with open_store(server.settings.db) as store:
        expected = [to_dict(a) for a in store.articles(limit=None)]
    response = client.get("/api/articles", params={"limit": 1000})
    assert response.json() == expected
    assert int(response.headers["X-Total-Count"]) == len(expected) > 20
    page = client.get("/api/articles", params={"limit": 3, "offset": 2}).json()
    assert page == expected[2:5]


def test_article_detail_has_sections_mentions_and_events(client: httpx.Client):
    listed = client.get("/api/articles", params={"limit": 1000}).json()
    target = next(a for a in listed if a["title"] and a["title"].startswith("Flanc Est"))
    detail = client.get(f"/api/articles/{target['id']}").json()
    assert detail["article"]["id"] == target["id"]
    assert {s["kind"] for s in detail["article"]["sections"]} >= {"title", "body", "commentary"}
    assert any(m["actor_id"] == "BLR" for m in detail["mentions"])
    assert [list(e) for e in detail["events"]] == [list(EVENT_FIELDS)] * len(detail["events"])
    text = detail["article"]["text"]
    for event in detail["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]


def test_unknown_article_is_a_404_that_says_what_to_do(client: httpx.Client):
    response = client.get("/api/articles/nope")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "E-NOT-FOUND"
    assert "GET /api/articles" in body["message"]


def test_events_are_merged_by_default_exactly_as_the_cli_merges_them(
    client: httpx.Client, server: Server
):
    default = merged(client)
    assert default
    assert all(list(m) == list(MERGED_FIELDS) for m in default)
    assert default == cli_json(server, "events", "--merged")
    # One record per real event: fewer records than raw events, none lost.
    raw = events(client)
    supports = sum(len(m["supports"]) for m in default)
    body_events = [
        e for e in raw if e["section_kind"] not in ("commentary", "related-links", "boilerplate")
    ]
    assert supports == len(body_events)
    assert len(default) < len(raw)


def test_raw_events_are_the_cli_json(client: httpx.Client, server: Server):
    raw = events(client)
    assert all(list(e) == list(EVENT_FIELDS) for e in raw)
    assert raw == cli_json(server, "events", "--raw")
    assert events(client, actor="NATO") == cli_json(server, "events", "--actor", "nato")
    assert raw[3:8] == cli_json(server, "events", "--limit", "5", "--offset", "3")


def test_a_figure_two_outlets_disagree_on_is_kept_with_its_sources(client: httpx.Client):
    mobilization = [m for m in merged(client, actor="NATO", type="MOBILIZE") if m["quantities"]]
    reported = next(
        m for m in mobilization if {q["value"] for q in m["quantities"]} >= {60000, 50000}
    )
    assert reported["support_count"] >= 2
    by_value = {q["value"]: q["article_ids"] for q in reported["quantities"]}
    assert set(by_value[60000]).isdisjoint(by_value[50000])
    (disagreement,) = [d for d in reported["disagreements"] if d["field"].startswith("quantity")]
    # Each value with the article that gave it (digits only: "près de 60 000" is 60000).
    figures = {re.sub(r"\D", "", v["value"]): v["article_ids"] for v in disagreement["values"]}
    assert set(figures) == {"60000", "50000"}
    titles = {a["id"]: a["title"] for a in client.get("/api/articles?limit=1000").json()}
    sources = {value: titles[ids[0]] for value, ids in figures.items()}
    assert sources["60000"].startswith("Flanc Est")
    assert sources["50000"].startswith("Manœuvres d'automne")


def test_dyad_filter_finds_the_russia_belarus_agreement_both_ways(client: httpx.Client):
    forward = events(client, dyad="RUS,BLR")
    assert forward == events(client, dyad="BLR,RUS")
    assert all({"RUS", "BLR"} <= codes(e) for e in forward)
    agree = [e for e in forward if e["event_type"] == "AGREE"]
    assert agree
    assert agree[0]["trigger"]["text"] == "signé"
    joined = merged(client, dyad="RUS,BLR")
    assert joined == merged(client, dyad="blr,rus")
    assert all({"RUS", "BLR"} <= sides(m) for m in joined)
    assert any(m["event_type"] == "AGREE" and m["support_count"] >= 2 for m in joined)


def test_nato_mobilization_carries_the_60000_quantity(client: httpx.Client):
    found = events(client, actor="nato", type="mobilize")
    assert all(e["event_type"] == "MOBILIZE" and "NATO" in codes(e) for e in found)
    values = [q["value"] for e in found for q in e["quantities"]]
    assert 60000 in values


@pytest.mark.parametrize("quad", [1, 2, 3, 4])
def test_quad_class_filter(client: httpx.Client, quad: int):
    found = events(client, quad_class=quad)
    assert found
    assert {e["quad_class"] for e in found} == {quad}
    assert {m["quad_class"] for m in merged(client, quad_class=quad)} == {quad}


def test_date_range_and_language_filters(client: httpx.Client):
    every = events(client)
    dated = sorted(e["event_date"] for e in every if e["event_date"])
    since, until = dated[len(dated) // 3][:10], dated[2 * len(dated) // 3][:10]
    window = events(client, since=since, until=until)
    assert window
    assert all(since <= e["event_date"][:10] <= until for e in window)
    assert len(window) == sum(1 for d in dated if since <= d[:10] <= until)
    assert all(
        since <= m["event_date"][:10] <= until for m in merged(client, since=since, until=until)
    )
    english = events(client, language="en")
    languages = article_languages(client)
    assert english
    assert {languages[e["article_id"]] for e in english} == {"en"}
    assert len(english) + len(events(client, language="fr")) <= len(every)
    merged_english = merged(client, language="en")
    assert {s["language"] for m in merged_english for s in m["supports"]} == {"en"}


def test_place_filter_takes_a_country_or_a_place_id(client: httpx.Client, server: Server):
    located = [e for e in events(client) if e["location"] and e["location"]["country"]]
    assert located, "the sample corpus has located events"
    country = located[0]["location"]["country"]
    in_country = events(client, place=country.lower())
    assert in_country
    assert {e["location"]["country"] for e in in_country} == {country}
    assert len(in_country) == sum(1 for e in located if e["location"]["country"] == country)
    place_id = located[0]["location"]["place_id"]
    assert {e["location"]["place_id"] for e in events(client, place=place_id)} == {place_id}
    assert events(client, place="ZZZ") == []
    assert merged(client, place=country) == cli_json(
        server, "events", "--merged", "--place", country
    )
    assert events(client, place=country) == cli_json(server, "events", "--place", country)


def test_salience_splits_lead_from_background(client: httpx.Client, server: Server):
    every = events(client)
    lead = events(client, salience="lead")
    background = events(client, salience="background")
    assert background, "the sample corpus recalls some background events"
    assert {e["salience"] for e in lead} == {"lead"}
    assert {e["salience"] for e in background} == {"background"}
    assert len(lead) + len(background) == len(every) == len(events(client, salience="all"))
    assert background == cli_json(server, "events", "--salience", "background")
    assert client.get("/api/events", params={"salience": "main"}).status_code == 422


def test_actor_how_keeps_the_events_whose_actors_their_sentence_names(
    client: httpx.Client, server: Server
):
    every = events(client)
    stated = events(client, actor_how="stated")
    referred = events(client, actor_how="coreference")
    hows = lambda listed: {r["how"] for e in listed for r in e["source"] + e["target"]}  # noqa: E731
    assert hows(every) >= {"stated", "context"}, "the sample corpus has both kinds"
    assert hows(stated) == {"stated"}
    assert hows(referred) <= {"stated", "coreference"}
    assert len(stated) <= len(referred) < len(every) == len(events(client, actor_how="all"))
    assert stated == cli_json(server, "events", "--actor-how", "stated")
    network = client.get("/api/network", params={"actor_how": "stated", "salience": "all"})
    assert network.status_code == 200
    assert client.get("/api/events", params={"actor_how": "named"}).status_code == 422


def test_text_query_matches_words_without_accents(client: httpx.Client):
    found = events(client, q="bielorussie")
    assert found
    assert all("biélorussie" in e["sentence"]["text"].lower() or "BLR" in codes(e) for e in found)
    assert events(client, q="zzzunlikelyword") == []
    assert merged(client, q="zzzunlikelyword") == []


def test_pages_of_events_add_up_to_the_whole(client: httpx.Client):
    for kind in ("false", "true"):
        whole = client.get("/api/events", params={"limit": 1000, "merged": kind})
        total = int(whole.headers["X-Total-Count"])
        pages = []
        for offset in range(0, total, 7):
            page = client.get("/api/events", params={"limit": 7, "offset": offset, "merged": kind})
            pages += page.json()
            assert page.headers["X-Has-More"] == ("true" if offset + 7 < total else "false")
        assert pages == whole.json()
        assert len(pages) == total


def test_filtered_raw_pages_carry_the_total(client: httpx.Client):
    whole = events(client, actor="RUS")
    assert len(whole) > 6
    pages: list[dict] = []
    offset = 0
    while True:
        response = client.get(
            "/api/events", params={"actor": "RUS", "limit": 5, "offset": offset, "merged": "false"}
        )
        assert int(response.headers["X-Total-Count"]) == len(whole)
        pages += response.json()
        offset += 5
        if response.headers["X-Has-More"] == "false":
            break
    assert pages == whole


def test_csv_has_the_flat_columns_and_the_same_rows(client: httpx.Client):
    for kind, fields, listed in (
        ("false", EVENT_COLUMNS, events(client, dyad="RUS,BLR")),
        ("true", MERGED_COLUMNS, merged(client, dyad="RUS,BLR")),
    ):
        response = client.get(
            "/api/events", params={"dyad": "RUS,BLR", "format": "csv", "merged": kind}
        )
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert tuple(rows[0]) == tuple(fields)
        assert len(rows) - 1 == len(listed) == int(response.headers["X-Total-Count"])
        column = fields.index("event_type")
        assert [r[column] for r in rows[1:]] == [e["event_type"] for e in listed]
        for row in rows[1:]:
            assert not any(cell.startswith(("{", "[")) for cell in row)  # flat: no JSON in cells
        if kind == "true":
            reports = [r[fields.index("article_ids")] for r in rows[1:]]
            assert reports == [
                "; ".join(dict.fromkeys(s["article_id"] for s in m["supports"])) for m in listed
            ]


def test_bad_parameters_are_client_errors(client: httpx.Client):
    assert client.get("/api/events", params={"limit": 5000}).status_code == 422
    assert client.get("/api/events", params={"quad_class": 9}).status_code == 422
    for merge in ("true", "false"):
        bad_date = client.get("/api/events", params={"since": "yesterday", "merged": merge})
        assert bad_date.status_code == 400
        assert "ISO date" in bad_date.json()["message"]
    assert client.get("/api/events", params={"dyad": "RUS"}).status_code == 400


def test_every_event_endpoint_reads_typed_filters_with_the_clis_parser(client: httpx.Client):
    # One parser (veille.filters.event_filter) for the CLI and every endpoint; the API
    # words a dyad of one actor as a bad request, a value naming nothing as E-FILTER.
    one_actor = client.get("/api/events", params={"dyad": "RUS"}).json()
    assert one_actor["code"] == "E-BAD-REQUEST"
    assert "dyad=RUS,BLR" in one_actor["message"]
    for path in ("/api/events", "/api/timeline", "/api/map"):
        refused = client.get(path, params={"type": "ATTACK"})
        assert (refused.status_code, refused.json()["code"]) == (400, "E-FILTER"), path
        named = client.get(path, params={"actor": "Russie", "type": "190"})
        assert named.status_code == 200, path


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "actor",
                "dyad",
                "type",
                "since",
                "until",
                "q",
                "language",
                "offset",
                "place",
                "salience",
                "merged",
            ]
        ),
        st.text(max_size=20),
        max_size=4,
    )
)
def test_any_query_string_gets_an_answer_not_a_crash(client: httpx.Client, params: dict):
    response = client.get("/api/events", params=params)
    assert response.status_code in (200, 400, 422), response.text
    assert isinstance(response.json(), list | dict)


def test_dyad_timeline_counts_the_lead_events_unless_asked(client: httpx.Client):
    body = client.get("/api/dyads/rus/blr/timeline").json()
    assert (body["a"], body["b"]) == ("RUS", "BLR")
    listed = events(client, dyad="RUS,BLR", commentary="false", salience="lead")
    left_out = body["undated_events"] + body["negated_events"]
    assert sum(p["events"] for p in body["points"]) + left_out == len(listed)
    for point in body["points"]:
        same_day = [
            e for e in listed if e["event_date"][:10] == point["period"] and not e["negated"]
        ]
        expected = -sum(e["goldstein"] for e in same_day if e["goldstein"] is not None)
        assert point["tension"] == pytest.approx(expected, abs=1e-3)
    weekly = client.get("/api/dyads/RUS/BLR/timeline", params={"bucket": "week"}).json()
    assert sum(p["events"] for p in weekly["points"]) == sum(p["events"] for p in body["points"])
    every = client.get("/api/dyads/RUS/BLR/timeline", params={"salience": "all"}).json()
    all_listed = events(client, dyad="RUS,BLR", commentary="false")
    left_out = every["undated_events"] + every["negated_events"]
    assert sum(p["events"] for p in every["points"]) + left_out == len(all_listed)


def test_timeline_counts_lead_events_per_day(client: httpx.Client):
    def counted(body: dict) -> int:
        return sum(sum(day["counts"].values()) for day in body["days"])

    lead = [e for e in events(client, salience="lead") if e["event_date"] and not e["negated"]]
    assert counted(client.get("/api/timeline").json()) == len(lead)
    every = [e for e in events(client) if e["event_date"] and not e["negated"]]
    assert counted(client.get("/api/timeline", params={"salience": "all"}).json()) == len(every)
    assert len(every) > len(lead)


def _event(day: str, goldstein: float) -> Event:
    span = Span(0, 1, "x")
    return Event(
        article_id="a",
        event_type="X",
        trigger=span,
        sentence=span,
        goldstein=goldstein,
        source=(ActorRef("A", "AAA", 0, 1),),
        target=(ActorRef("B", "BBB", 0, 1),),
        event_date=day,
    )


def test_a_hostile_day_among_calm_ones_is_the_only_spike():
    calm = [_event(f"2026-11-{d:02d}", 3.0) for d in range(1, 10)]
    hostile = [_event("2026-11-05", -9.0) for _ in range(3)]
    body = dyad_timeline(calm + hostile, "AAA", "BBB")
    spikes = [p["period"] for p in body["points"] if p["spike"]]
    assert spikes == ["2026-11-05"]
    flat = dyad_timeline(calm, "AAA", "BBB")
    assert not any(p["spike"] for p in flat["points"])


def test_network_links_russia_and_belarus(client: httpx.Client):
    body = client.get("/api/network").json()
    pairs = {frozenset((e["source"], e["target"])) for e in body["edges"]}
    assert frozenset(("RUS", "BLR")) in pairs
    assert {n["id"] for n in body["nodes"]} >= {"RUS", "BLR", "NATO"}


def test_actors_have_mention_counts(client: httpx.Client):
    body = client.get("/api/actors", params={"q": "Biélorussie"}).json()
    belarus = next(a for a in body if a["id"] == "BLR")
    assert belarus["mention_count"] > 0


def test_stories_list_their_articles_and_languages(client: httpx.Client, server: Server):
    listed = client.get("/api/stories", params={"limit": 1000}).json()
    assert listed == [
        {**story, "languages": listed[i]["languages"]}
        for i, story in enumerate(cli_json(server, "stories", "--limit", "1000"))
    ]
    languages = article_languages(client)
    for story in listed:
        detail = client.get(f"/api/stories/{story['id']}").json()
        members = [m["article_id"] for m in detail["members"]]
        assert len(members) == story["size"] == sum(story["languages"].values())
        assert story["languages"] == {
            lang: sum(1 for m in members if languages[m] == lang)
            for lang in set(map(languages.get, members))
        }
    assert any(len(s["languages"]) == 2 for s in listed), "a story told in French and English"
    page = client.get("/api/stories", params={"limit": 2, "offset": 1})
    assert page.json() == listed[1:3]
    assert page.headers["X-Has-More"] == "true"


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_story_days_are_iso_dates_in_every_json_answer(client: httpx.Client, server: Server):
    """Days read as dates (issue 19): never the store's ordinals such as 739956."""
    listed = client.get("/api/stories", params={"limit": 1000}).json()
    assert listed
    for rows in (listed, cli_json(server, "stories", "--limit", "1000")):
        for story in rows:
            assert ISO_DAY.match(story["first_day"]), story
            assert ISO_DAY.match(story["last_day"]), story
            assert story["first_day"] <= story["last_day"]
    for story in listed:
        for detail in (
            client.get(f"/api/stories/{story['id']}").json(),
            cli_json(server, "story", story["id"]),
        ):
            days = [m["day"] for m in detail["members"]]
            assert all(ISO_DAY.match(day) for day in days), days
            assert (min(days), max(days)) == (story["first_day"], story["last_day"])


def test_a_story_shows_its_merged_events_as_the_cli_does(client: httpx.Client, server: Server):
    nato = next(m for m in merged(client, actor="NATO", type="MOBILIZE") if m["disagreements"])
    detail = client.get(f"/api/stories/{nato['story_id']}").json()
    assert detail == cli_json(server, "story", nato["story_id"])
    assert nato in detail["merged_events"]
    assert {a["id"] for a in detail["articles"]} >= {s["article_id"] for s in nato["supports"]}
    missing = client.get("/api/stories/st-nope")
    assert missing.status_code == 404
    assert "GET /api/stories" in missing.json()["message"]


def test_search_hits_mark_the_words(client: httpx.Client):
    hits = client.get("/api/search", params={"q": "Minsk"}).json()
    assert any("[Minsk]" in h["snippet"] for h in hits)


# -- docs, CORS ----------------------------------------------------------------


def test_docs_work_offline_and_openapi_lists_the_endpoints(client: httpx.Client):
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    for source in sources:
        assert client.get(source).status_code == 200, source
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/ingest", "/api/dyads/{a}/{b}/timeline"} <= set(spec["paths"])


def test_cors_is_closed(client: httpx.Client):
    response = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/ingest",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


# -- writing -------------------------------------------------------------------


def test_without_a_configured_token_writes_are_refused():
    readonly = running_server(None)
    response = httpx.post(
        f"{readonly.url}/api/ingest",
        json={"text": "Titre\n\nLa France a signé un accord."},
        headers={"Authorization": "Bearer anything"},
    )
    assert response.status_code == 403
    assert "VEILLE_TOKEN" in response.json()["message"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_a_missing_or_wrong_token_is_refused(client: httpx.Client, header: str | None):
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/ingest", json={"text": "x"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "E-UNAUTHORIZED"


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_body_size_is_capped(client: httpx.Client):
    response = client.post("/api/ingest", json={"text": "a" * (MAX_BYTES + 10)}, headers=auth())
    assert response.status_code == 413
    assert response.json()["code"] == "E-TOO-LARGE"


@pytest.mark.parametrize(
    "body",
    [{}, {"text": "a", "html": "b"}, {"url": "/etc/passwd"}, {"url": "file:///etc/passwd"}],
)
def test_malformed_ingest_requests_are_refused(client: httpx.Client, body: dict):
    response = client.post("/api/ingest", json=body, headers=auth())
    assert response.status_code == 400
    assert response.json()["code"] == "E-BAD-REQUEST"


def test_urls_go_through_the_network_guard(client: httpx.Client, server: Server):
    response = client.post("/api/ingest", json={"url": f"{server.url}/"}, headers=auth())
    assert response.status_code == 200
    body = response.json()
    assert body["article_ids"] == []
    assert body["errors"][0]["code"] == "E-NETWORK-GUARD"


def test_posted_text_is_coded_and_stored(client: httpx.Client):
    text = (
        "Paris et Berlin signent un accord sur l'hydrogène\n"
        "- publié le 20 novembre 2026\n\n"
        "La France et l'Allemagne ont signé jeudi un accord de coopération sur l'hydrogène.\n"
    )
    response = client.post(
        "/api/ingest", json={"text": text, "as_of": "2026-11-24"}, headers=auth()
    )
    assert response.status_code == 201, response.text
    (article_id,) = response.json()["article_ids"]
    detail = client.get(f"/api/articles/{article_id}").json()
    assert detail["article"]["title"].startswith("Paris et Berlin")
    assert any({"FRA", "DEU"} <= codes(e) for e in detail["events"])


def test_veille_serve_command_serves_the_dashboard(server: Server, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", "VEILLE_DB": server.settings.db, "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "veille", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert page.status_code == 200
        assert '<script type="module" src="/static/app.js">' in page.text
        refused = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"text": "x"})
        assert refused.status_code == 403
    finally:
        process.terminate()
        process.wait(timeout=10)


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Guetteur</title>
<item><title>Rome et Madrid signent un accord portuaire</title><guid>g-1</guid>
<pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate>
<description>L'Italie et l'Espagne ont signé vendredi un accord portuaire.
</description>
</item></channel></rss>"""

PAGE = """<!doctype html><html lang="fr">
<head><title>Varsovie et Vilnius renforcent leur défense</title>
<meta property="og:title" content="Varsovie et Vilnius renforcent leur défense"></head>
<body><article><h1>Varsovie et Vilnius renforcent leur défense</h1>
<p>La Pologne et la Lituanie ont signé mardi un accord de défense aérienne commune.</p>
<p>Les deux pays entendent coordonner la surveillance de leur frontière.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("kind", "body", "title"), [("feed", FEED, "Rome et Madrid"), ("html", PAGE, "Varsovie")]
)
def test_posted_feeds_and_pages_are_stored(client: httpx.Client, kind: str, body: str, title: str):
    response = client.post("/api/ingest", json={kind: body, "as_of": "2026-11-24"}, headers=auth())
    assert response.status_code == 201, response.text
    (article_id,) = response.json()["article_ids"]
    stored = client.get(f"/api/articles/{article_id}").json()["article"]
    assert stored["title"].startswith(title)


def test_event_filters_take_names_and_cameo_codes_and_refuse_what_names_nothing(
    client: httpx.Client,
):
    by_code = events(client, actor="RUS")
    assert by_code
    assert events(client, actor="Russie") == by_code
    assert events(client, dyad="Russie,Biélorussie") == events(client, dyad="RUS,BLR")
    agree = events(client, type="AGREE")
    assert agree
    root = agree[0]["cameo"][:2]
    by_cameo = events(client, type=root)
    assert by_cameo
    assert {e["cameo"][:2] for e in by_cameo} == {root}
    for params in ({"type": "ATTACK"}, {"place": "Atlantide"}):
        refused = client.get("/api/events", params=params)
        assert refused.status_code == 400, params
        assert refused.json()["code"] == "E-FILTER"
    listed = client.get("/api/events", params={"type": "ATTACK"}).json()["message"]
    assert "ASSAULT" in listed  # the accepted types are named
