"""Hostile redirects: whatever a server puts in ``Location``, that URL alone fails.

Issue 20, defect 2: a ``Location`` of ``javascript:…``, ``data:…``, ``mailto:``,
``about:``, ``tel:``, ``urn:``, ``news:`` or ``x:y`` raised ``httpx.InvalidURL``
(not an ``httpx.HTTPError``), which nothing caught: the CLI exited with a
traceback, later sources were never read and the API answered 500. Each
answer below comes from a real server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hostile_helpers import Answer, LocalServer, serve, serve_api
from veille.cli import app
from veille.records import ArticleError, RawDocument
from veille.settings import Settings
from veille.sources import NetworkGuard, iter_raw_documents
from veille.store import open_store

TOKEN = "hostile-redirect-token-0123456789"
# The schemes of the issue: httpx refused each with InvalidURL, which nothing
# caught. Now the network guard refuses every hop that is not http(s), so they
# are E-NETWORK-GUARD rows (the guard's code for any refused URL), not E-FETCH.
SCHEMES = ("javascript", "data", "mailto", "about", "tel", "urn", "news", "x-y")
LOCATIONS = {
    "javascript": "javascript:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "mailto": "mailto:someone@example.org",
    "about": "about:blank",
    "tel": "tel:+33123456789",
    "urn": "urn:isbn:0451450523",
    "news": "news:comp.lang.python",
    "x-y": "x:y",
    "long-path": "/" + "a" * 12_000,
    "long-header": "/" + "b" * 70_000,
    "long-host": "http://" + "c" * 300 + ".example/",
    "nul": "/a\x00b",
    "space": "/a b",
    "spaces-only": "   ",
    "spaced-host": "http://exa mple.org/",
    "bad-ipv6": "http://[::1",
    "bad-port": "http://example.org:99999/",
    "bad-idna": "https://xn--/",
    "bad-percent-host": "http://%zz/",
    "control": "\x7f",
    "backslash-host": "http://a\\b/",
    "utf8-combining-host": "http://e\u0301\u0301.example/",
    "no-host": "http:///x",
}
PAGE = (
    "<html><head><title>Page finale</title></head><body><article><p>"
    + "Les ministres se sont réunis à Tallinn lundi pour parler des liaisons énergétiques. " * 4
    + "</p></article></body></html>"
).encode()


def _no_dns(host: str, port: int) -> list[str]:
    # Tests never leave 127.0.0.1: a host name in a hostile Location is not looked up.
    raise OSError(f"no DNS in tests ({host})")


@pytest.fixture(scope="module")
def hostile() -> Iterator[LocalServer]:
    routes = {
        f"/r-{name}": Answer(302, b"", None, (("Location", value),))
        for name, value in LOCATIONS.items()
    }
    routes["/page.html"] = Answer(200, PAGE)
    with serve(routes) as server:
        yield server


def _settings(**overrides: object) -> Settings:
    return Settings(allow_private_network=True, fetch_timeout=5, **overrides)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(LOCATIONS))
def test_a_hostile_location_is_an_error_row_and_the_next_source_is_read(
    hostile: LocalServer, tmp_path: Path, name: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Titre\n\nLes ministres se sont réunis à Tallinn lundi.", encoding="utf-8")
    guard = NetworkGuard(allow_private=True, resolver=_no_dns)
    items = list(
        iter_raw_documents([f"{hostile.base}/r-{name}", str(good)], _settings(), guard=guard)
    )
    assert len(items) == 2
    error, document = items
    assert isinstance(error, ArticleError)
    assert error.code in {"E-FETCH", "E-NETWORK-GUARD", "E-HTTP-404"}, error
    if name in SCHEMES:
        assert error.code == "E-NETWORK-GUARD", error
        assert "only http and https" in error.message
    assert error.message
    assert isinstance(document, RawDocument)
    assert document.source == str(good.resolve())


@pytest.mark.slow
def test_the_cli_records_each_hostile_redirect_and_ingests_the_rest(
    hostile: LocalServer, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "Réunion à Tallinn\n\nLes ministres estoniens se sont réunis lundi à Tallinn.",
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    urls = [f"{hostile.base}/r-{name}" for name in (*SCHEMES, "bad-idna")]
    result = CliRunner().invoke(
        app,
        ["--db", str(db), "ingest", "--allow-private-network", "--lang", "fr", *urls, str(good)],
    )
    assert result.exit_code == 1, result.output  # items failed (the rest is stored): exit 1
    with open_store(str(db)) as store:
        errors = {error.source: error.code for error in store.errors()}
        assert errors == {**dict.fromkeys(urls, "E-NETWORK-GUARD"), urls[-1]: "E-FETCH"}
        assert store.count_articles() == 1


def test_the_api_answers_a_hostile_redirect_with_an_error_row_not_a_500(
    hostile: LocalServer, tmp_path: Path
) -> None:
    settings = _settings(db=str(tmp_path / "api.db"), token=TOKEN)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with serve_api(settings) as client:
        for name in (*SCHEMES, "bad-idna", "bad-ipv6"):
            url = f"{hostile.base}/r-{name}"
            response = client.post("/api/ingest", json={"url": url}, headers=headers)
            assert response.status_code == 200, (name, response.text)
            body = response.json()
            assert body["counts"] == {"error": 1}
            assert body["errors"][0]["code"] in {"E-FETCH", "E-NETWORK-GUARD"}
            if name in SCHEMES:
                assert body["errors"][0]["code"] == "E-NETWORK-GUARD", body
        # The server goes on: a good page after the hostile ones is ingested.
        response = client.post(
            "/api/ingest", json={"url": f"{hostile.base}/page.html"}, headers=headers
        )
        assert response.status_code == 201, response.text


def test_an_unexpected_failure_of_one_source_is_an_internal_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fault injected where no real input reaches today: the backstop that
    # keeps the next source's turn whatever a future bug raises.
    import veille.sources as sources  # noqa: PLC0415

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("injected")

    monkeypatch.setattr(sources, "fetch_url", broken)
    good = tmp_path / "good.txt"
    good.write_text("Titre\n\nTexte.", encoding="utf-8")
    items = list(iter_raw_documents(["http://127.0.0.1:9/", str(good)], Settings()))
    assert [type(item) for item in items] == [ArticleError, RawDocument]
    assert isinstance(items[0], ArticleError)
    assert items[0].code == "E-INTERNAL"
    assert "RuntimeError: injected" in items[0].message
