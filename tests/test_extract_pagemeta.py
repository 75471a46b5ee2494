"""HTML page metadata: the headline without the site name, clean bylines, JSON-LD graphs.

Regressions found by ``benchmarks/bench_metadata.py`` on real pages, rebuilt
here as small pages we wrote: sites glue their name to ``og:title``, cut it
with an ellipsis, escape entities twice, leave "By"/"Auteur" in the byline or
a "No Author" placeholder, and point to the author through a JSON-LD ``@id``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract import extract_article
from veille.extract.htmlmeta import read_page
from veille.records import Article, RawDocument
from veille.settings import Settings

SETTINGS = Settings(as_of=datetime(2026, 11, 24, 10, tzinfo=UTC))
BODY = (
    "Les ministres des Affaires étrangères se sont réunis mardi à Bruxelles pour discuter "
    "de la situation dans la région. Ils ont adopté une déclaration commune qui appelle au "
    "dialogue et à la retenue. Plusieurs délégations ont demandé un nouveau cycle de "
    "négociations avant la fin de l'année, selon des diplomates présents à la réunion."
)


def page(
    *,
    og_title: str | None = None,
    h1: str | None = None,
    site: str | None = None,
    author: str | None = None,
    json_ld: object | None = None,
) -> str:
    """Build a small article page with only the metadata a test names."""
    head = ["<meta charset='utf-8'><title>Page</title>"]
    if og_title is not None:
        head.append(f'<meta property="og:title" content="{og_title}">')
    if site is not None:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if author is not None:
        head.append(f'<meta name="author" content="{author}">')
    if json_ld is not None:
        head.append(f'<script type="application/ld+json">{json.dumps(json_ld)}</script>')
    heading = f"<h1>{h1}</h1>" if h1 is not None else ""
    paragraphs = "".join(f"<p>{BODY}</p>" for _ in range(3))
    return (
        f"<!doctype html><html lang='fr'><head>{''.join(head)}</head>"
        f"<body><article>{heading}{paragraphs}</article></body></html>"
    )


def extract(html: str, url: str = "https://www.journal-test.example/monde/article-1") -> Article:
    return extract_article(RawDocument("page", html, "text/html", url=url), SETTINGS)


def test_site_name_after_the_headline_is_dropped_when_the_h1_is_the_headline():
    html = page(
        og_title="Sommet à Bruxelles | Le Journal Test | 24.11.2026", h1="Sommet à Bruxelles"
    )
    assert extract(html).title == "Sommet à Bruxelles"


def test_site_name_suffix_is_dropped_without_an_h1():
    html = page(og_title="Sommet à Bruxelles - Le Journal Test", site="Le Journal Test")
    assert extract(html).title == "Sommet à Bruxelles"


def test_site_named_only_by_the_domain_is_dropped():
    html = page(og_title="Sommet à Bruxelles — Journal Test")
    assert extract(html).title == "Sommet à Bruxelles"


@pytest.mark.parametrize(
    "title",
    [
        # The last segment is part of the headline, not the site name.
        "Sommet à Bruxelles - les ministres appellent à la retenue",
        # A colon splits many French headlines; nothing after it is a site name.
        "Ukraine : le Journal Test des négociations",
        # A site name of two letters must not match inside ordinary words.
        "Sommet à Bruxelles - Crowds gather",
    ],
)
def test_headline_segments_are_kept(title):
    assert extract(page(og_title=title, site="DW")).title == title


def test_a_logo_h1_does_not_replace_the_headline():
    # "JOURNAL" is the logo <h1> and names the site (journal-test.example): it is
    # neither the headline nor part of it.
    html = page(og_title="JOURNAL - Sommet à Bruxelles, les ministres se réunissent", h1="JOURNAL")
    assert extract(html).title == "Sommet à Bruxelles, les ministres se réunissent"


def test_a_cut_off_title_is_completed_from_the_h1():
    full = "Les ministres des Affaires étrangères appellent au dialogue et à la retenue"
    html = page(og_title="Les ministres des Affaires étrangères appellent au...", h1=full)
    assert extract(html).title == full


def test_double_escaped_entities_are_decoded():
    html = page(og_title="L&amp;#039;Europe hausse le ton")
    assert extract(html).title == "L'Europe hausse le ton"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("Par Jeanne Durand", "Jeanne Durand"),
        ("Auteur Jeanne Durand", "Jeanne Durand"),
        ("By: John Smith", "John Smith"),
        ("Parisa Khan", "Parisa Khan"),  # a name that starts like a label stays whole
        ("Bysshe Shelley", "Bysshe Shelley"),
    ],
)
def test_byline_labels_are_removed(declared, expected):
    assert extract(page(og_title="Sommet", author=declared)).author == expected


def test_author_placeholder_is_not_a_name():
    assert extract(page(og_title="Sommet", author="No Author")).author is None


def test_json_ld_author_reference_resolves_to_the_person_in_the_graph():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "Sommet à Bruxelles",
                "author": {"@id": "https://journal-test.example/#/person/1"},
                "datePublished": "2026-11-23T08:30:00+01:00",
            },
            {
                "@type": "Person",
                "@id": "https://journal-test.example/#/person/1",
                "name": "Ana Ruiz",
            },
        ],
    }
    article = extract(page(json_ld=graph))
    assert (article.title, article.author) == ("Sommet à Bruxelles", "Ana Ruiz")
    assert article.published_at == datetime(2026, 11, 23, 7, 30, tzinfo=UTC)


_TITLE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="&<>\"'"),
    min_size=1,
    max_size=80,
).filter(lambda s: any(c.isalnum() for c in s))


@settings(max_examples=60, deadline=None)
@given(title=_TITLE_TEXT, heading=_TITLE_TEXT, site=_TITLE_TEXT)
def test_the_headline_is_the_h1_or_a_prefix_of_the_declared_title(title, heading, site):
    declared = " ".join(title.split())
    shown = " ".join(heading.split())
    found = read_page(page(og_title=title, h1=heading, site=site)).title
    assert found is not None
    assert found == shown or declared.startswith(found)
