"""Page metadata resolver (issue 24): the right headline, every author, the page's own date.

Each test is a small page written for it, rebuilding one pattern seen on real
news pages: a search-engine headline in JSON-LD, the name of a non-article
JSON-LD object, kickers glued to titles, bylines only visible on the page
("Par X le 3 mars 2024", "X et Y", "Un documentaire de X"), "Last, First" in
Dublin Core, the site or an agency as author, a related-posts <time> read
as the date, an evening post in the Americas moved to the next day in UTC.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract import extract_article
from veille.extract.pagemeta import parse_byline
from veille.records import Article, RawDocument
from veille.settings import Settings

SETTINGS = Settings(as_of=datetime(2026, 11, 24, 10, tzinfo=UTC))
URL = "https://www.journal-test.example/monde/2026/11/23/article"
UNDATED_URL = "https://www.journal-test.example/monde/article"
BODY = (
    "Les ministres des Affaires étrangères se sont réunis mardi à Bruxelles pour discuter "
    "de la situation dans la région. Ils ont adopté une déclaration commune qui appelle au "
    "dialogue et à la retenue. Plusieurs délégations ont demandé un nouveau cycle de "
    "négociations avant la fin de l'année, selon des diplomates présents à la réunion."
)


def page(
    *,
    head: str = "",
    before: str = "",
    header: str = "",
    after: str = "",
    lang: str = "fr",
    json_ld: object | None = None,
) -> str:
    """A page: ``head`` markup, chrome ``before`` the article, its ``header``, body, ``after``."""
    script = (
        f'<script type="application/ld+json">{json.dumps(json_ld)}</script>'
        if json_ld is not None
        else ""
    )
    paragraphs = "".join(f"<p>{BODY}</p>" for _ in range(3))
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>Page</title>{head}{script}</head><body>{before}"
        f"<article><header>{header}</header><div class='content'>{paragraphs}</div></article>"
        f"{after}</body></html>"
    )


def extract(html: str, url: str = URL) -> Article:
    return extract_article(RawDocument("page", html, "text/html", url=url), SETTINGS)


def under_headline(markup: str) -> Article:
    """Extract a page whose article shows ``markup`` between its headline and its body."""
    return extract(page(header=f"<h1>Un titre</h1>{markup}"))


def assert_day_and_offset(article: Article, day: str, hours: int) -> None:
    """The article is dated ``day`` as the page states it, its instant kept in that offset."""
    assert article.published_date_local == day
    assert article.published_at is not None
    assert article.published_at.utcoffset() == timedelta(hours=hours)


# --------------------------------------------------------------------------- titles


HEADLINE = "Sommet à Bruxelles, les ministres appellent au dialogue"


def test_og_title_and_h1_agreeing_beat_a_search_engine_headline_in_json_ld() -> None:
    json_ld = {"@type": "NewsArticle", "headline": "Bruxelles : tout savoir sur le sommet de mardi"}
    article = extract(
        page(
            head=f'<meta property="og:title" content="{HEADLINE}">',
            header=f"<h1>{HEADLINE}</h1>",
            json_ld=json_ld,
        )
    )
    assert article.title == HEADLINE
    choice = article.provenance["title"]
    assert choice.source == "h1:headline"
    assert "og:title" in choice.agreeing
    assert [v.source for v in choice.outvoted] == ["json-ld:NewsArticle.headline", "<title>"]


def test_a_json_ld_headline_cut_at_110_characters_supports_the_full_headline() -> None:
    full = (
        "Les ministres des Affaires étrangères de l'Union appellent au dialogue et à la retenue "
        "après une nuit de négociations à Bruxelles"
    )
    json_ld = {"@type": "NewsArticle", "headline": full[:110] + "…"}
    article = extract(page(header=f"<h1>{full}</h1>", json_ld=json_ld))
    assert article.title == full
    assert "json-ld:NewsArticle.headline" in article.provenance["title"].agreeing


@pytest.mark.parametrize("kind", ["WebPage", "AudioObject", "PodcastEpisode"])
def test_the_name_of_a_json_ld_object_that_is_not_the_article_never_becomes_the_title(
    kind: str,
) -> None:
    json_ld = [
        {"@type": kind, "name": "Le podcast du jour : l'Europe en questions"},
        {"@type": "NewsArticle", "datePublished": "2026-11-23T08:00:00+01:00"},
    ]
    html = page(
        head='<meta property="og:title" content="Un accord sur les quotas de pêche">',
        json_ld=json_ld,
    )
    assert extract(html).title == "Un accord sur les quotas de pêche"


def test_section_and_kicker_glued_to_declared_titles_are_removed() -> None:
    html = page(
        head=(
            '<meta property="og:title" content="Le tramway arrive à Vaulx | Opinions">'
            '<meta property="article:section" content="Opinions">'
        ),
    )
    assert extract(html).title == "Le tramway arrive à Vaulx"
    with_kicker = page(
        head='<meta property="og:title" content="Lyon | Un tramway de plus en 2027">',
        header="<h1>Un tramway de plus en 2027</h1>",
    )
    assert extract(with_kicker).title == "Un tramway de plus en 2027"


def test_a_sidebar_heading_is_not_taken_for_the_headline() -> None:
    sidebar = "<aside class='sidebar'><h1>Les plus lus</h1><ul><li>Autre sujet</li></ul></aside>"
    html = page(
        head='<meta property="og:title" content="Un accord sur les quotas de pêche">',
        before=sidebar,
    )
    assert extract(html).title == "Un accord sur les quotas de pêche"


def test_a_headline_in_an_h2_under_a_logo_h1_is_the_headline() -> None:
    html = page(
        head=(
            '<meta property="og:site_name" content="Le Journal Test">'
            '<meta property="og:title" content="Pêche : Bruxelles fixe les quotas">'
            '<meta name="sailthru.title" content="Bruxelles fixe les quotas de pêche pour 2027">'
        ),
        before="<h1>Le Journal Test</h1>",
        header="<h2>Bruxelles fixe les quotas de pêche pour 2027</h2>",
    )
    assert extract(html).title == "Bruxelles fixe les quotas de pêche pour 2027"


# --------------------------------------------------------------------------- authors


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Par Jeanne Roy le 3 mars 2024", ("Jeanne Roy",)),
        ("par Jeanne Roy, 3 mars", ("Jeanne Roy",)),
        ("Par Jeanne Roy et Paul Tremblay", ("Jeanne Roy", "Paul Tremblay")),
        ("Un documentaire de Jeanne Roy", ("Jeanne Roy",)),
        ("By Jane Smith and John Doe", ("Jane Smith", "John Doe")),
        ("By JANE SMITH, Staff Writer", ("Jane Smith",)),
        (
            "Par Martin Dupont (avec Anne Roux et Léa Petit)",
            ("Martin Dupont", "Anne Roux", "Léa Petit"),
        ),
    ],
)
def test_visible_bylines_are_read_without_metadata(byline: str, authors: tuple[str, ...]) -> None:
    article = under_headline(f"<p class='signature'>{byline}</p>")
    assert article.authors == authors
    assert article.author == ", ".join(authors)
    assert article.organisation is None


@pytest.mark.parametrize(
    ("line", "authors", "day"),
    [
        ("Jeanne Roy · 3 mars 2024", ("Jeanne Roy",), "2024-03-03"),
        ("Jeanne Roy | 03-03-2024", ("Jeanne Roy",), "2024-03-03"),
        (
            "Jeanne Roy et Paul Tremblay – 3 mars 2024",
            ("Jeanne Roy", "Paul Tremblay"),
            "2024-03-03",
        ),
        (
            "<span>Jeanne Roy</span> • <span>mardi 3 mars 2024 à 14h05</span>",
            ("Jeanne Roy",),
            "2024-03-03",
        ),
    ],
)
def test_an_unlabelled_line_of_names_then_a_date_is_a_byline(
    line: str, authors: tuple[str, ...], day: str
) -> None:
    # No "Par", no byline class: the date alone after a separator says the names sign.
    article = extract(page(header=f"<h1>Un titre</h1><p>{line}</p>"), url=UNDATED_URL)
    assert article.authors == authors
    assert article.published_date_local == day


@pytest.mark.parametrize("line", ["Politique · 3 mars 2024", "Europe | 03-03-2024"])
def test_a_section_and_a_date_under_the_headline_name_nobody(line: str) -> None:
    article = extract(page(header=f"<h1>Un titre</h1><p>{line}</p>"), url=UNDATED_URL)
    assert article.authors == ()
    assert article.published_date_local == "2024-03-03"


@pytest.mark.parametrize(
    ("byline", "authors", "organisation"),
    [
        ("Jeanne Roy (Le Devoir)", ("Jeanne Roy",), None),
        ("Par Le Devoir", (), "Le Devoir"),
        ("Par Marine Le Pen", ("Marine Le Pen",), None),
    ],
)
def test_an_outlet_opening_with_an_article_is_no_person(
    byline: str, authors: tuple[str, ...], organisation: str | None
) -> None:
    # "Le Devoir" has the shape of a name (two capitalised words); a person's name opens
    # with a given name, never with "Le", "La", "Les" or "The".
    article = under_headline(f"<p class='auteur'>{byline}</p>")
    assert article.authors == authors
    assert article.organisation == organisation


def test_a_bare_link_to_the_writers_page_signs_the_article() -> None:
    link = (
        "<p><a href='/auteur/jeanne-roy'>Jeanne Roy</a> et "
        "<a href='/auteur/paul-tremblay'>Paul Tremblay</a></p>"
    )
    assert under_headline(link).authors == ("Jeanne Roy", "Paul Tremblay")
    # A link to a topic page naming a person is no byline, nor a writer's link in a sidebar.
    topic = "<p><a href='/sujet/jeanne-roy'>Jeanne Roy</a></p>"
    assert under_headline(topic).authors == ()
    sidebar = "<aside class='sidebar'><p><a href='/auteur/luc-petit'>Luc Petit</a></p></aside>"
    assert extract(page(header="<h1>Un titre</h1>", after=sidebar)).authors == ()


@pytest.mark.parametrize("label", ["Écrit par", "Rédigé par", "Words by"])
def test_a_label_opening_with_any_letters_is_read_in_a_plain_line(label: str) -> None:
    # The quick filter on a line's first letters comes from the label list itself.
    assert under_headline(f"<p>{label} Jeanne Roy</p>").authors == ("Jeanne Roy",)


def test_a_byline_line_without_class_is_read_too() -> None:
    article = under_headline("<div>Par <a href='/a/jr'>Jeanne Roy</a></div>")
    assert article.authors == ("Jeanne Roy",)
    assert article.provenance["authors"].source == "byline:article"


def test_dublin_core_creators_are_all_kept_and_turned_around() -> None:
    html = page(
        head=(
            '<meta name="dc.creator" content="Roy, Jeanne">'
            '<meta name="dc.creator" content="Tremblay, Paul">'
        )
    )
    assert extract(html).authors == ("Jeanne Roy", "Paul Tremblay")


def test_the_full_author_list_of_the_structured_data_wins_over_its_first_name() -> None:
    json_ld = {
        "@type": "NewsArticle",
        "author": [
            {"@type": "Person", "name": "Jeanne Roy"},
            {"@type": "Person", "name": "Paul Tremblay"},
        ],
    }
    html = page(head='<meta name="author" content="Jeanne Roy">', json_ld=json_ld)
    article = extract(html)
    assert article.authors == ("Jeanne Roy", "Paul Tremblay")
    assert article.provenance["authors"].agreeing == ("meta:author",)


@pytest.mark.parametrize(
    ("head", "json_ld", "organisation"),
    [
        # The site's own name in the author field, where the page signs nobody.
        (
            '<meta property="og:site_name" content="Le Journal Test">'
            '<meta name="author" content="Le Journal Test">',
            None,
            "Le Journal Test",
        ),
        # The publisher as the JSON-LD author.
        ("", {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "AFP"}}, "AFP"),
        # An organisation written in another script, typed as a person.
        ("", {"@type": "NewsArticle", "author": {"@type": "Person", "name": "新华社"}}, "新华社"),
        # An agency byline.
        ('<meta name="author" content="The Associated Press">', None, "The Associated Press"),
    ],
)
def test_a_site_publisher_or_agency_is_never_a_person(
    head: str, json_ld: object, organisation: str
) -> None:
    article = extract(page(head=head, json_ld=json_ld))
    assert article.authors == ()
    assert article.author is None
    assert article.organisation == organisation


def test_an_outlet_with_an_agency_is_the_organisation_byline() -> None:
    article = under_headline("<p class='byline'>Par Le Monde avec AFP</p>")
    assert (article.authors, article.organisation) == ((), "Le Monde avec AFP")


def test_an_agency_co_signing_with_a_person_is_kept_as_the_organisation() -> None:
    html = page(header="<h1>A title</h1><p class='byline'>By Tom Davies - Associated Press</p>")
    article = extract(html)
    assert (article.authors, article.organisation) == (("Tom Davies",), "Associated Press")


def test_an_end_credit_outweighs_the_byline_of_a_related_article() -> None:
    related = "<div class='more-articles'><p>Par Olivier Bot</p><p>Un autre sujet</p></div>"
    html = page(after=related).replace(f"{BODY}</p></div>", f"{BODY} (ats/nxp)</p></div>")
    article = extract(html)
    assert (article.authors, article.organisation) == ((), "ATS")


# --------------------------------------------------------------------------- dates


def test_a_related_posts_time_does_not_date_the_article() -> None:
    related = (
        "<aside class='related'><time datetime='2026-10-02T08:00:00+02:00'>2 octobre</time></aside>"
    )
    html = page(before=related, header="<h1>Un titre</h1><p>Publié le 23 novembre 2026 à 14h05</p>")
    article = extract(html)
    assert article.published_date_local == "2026-11-23"
    assert article.provenance["published"].source == "dateline"
    assert [v.value for v in article.provenance["published"].outvoted] == []


def test_no_date_is_reported_that_the_page_does_not_state() -> None:
    html = page(header="<h1>Un titre</h1>").replace(
        "<p>Les ministres", "<p>Le 4 décembre 2019, les ministres", 1
    )
    article = extract(html, url="https://www.journal-test.example/monde/article")
    assert (article.published_at, article.published_date_local) == (None, None)


def test_an_evening_post_in_the_americas_keeps_its_day_and_offset() -> None:
    html = page(
        head='<meta property="article:published_time" content="2024-04-26T21:30:00-04:00">',
        lang="en",
    )
    article = extract(html, url="https://news.example.com/a")
    assert_day_and_offset(article, "2024-04-26", -4)
    assert article.published_at == datetime(2024, 4, 27, 1, 30, tzinfo=UTC)


def test_the_day_the_page_shows_beats_a_utc_instant_on_the_next_day() -> None:
    html = page(
        head='<meta property="article:published_time" content="2016-12-29T01:32:00Z">',
        header="<h1>A title</h1><p class='byline'>By Laura Adkins</p><p>December 28, 2016</p>",
        lang="en",
    )
    article = extract(html, url="https://news.example.com/a")
    assert article.published_date_local == "2016-12-28"
    assert article.authors == ("Laura Adkins",)


def test_a_numeric_date_is_read_in_the_page_language() -> None:
    html = page(header="<h1>A title</h1><p>9/11/13 10:00AM</p>", lang="en")
    assert extract(html, url="https://news.example.com/a").published_date_local == "2013-09-11"
    french = page(header="<h1>Un titre</h1><p>Publié le 09/11/2013</p>", lang="fr")
    assert extract(french).published_date_local == "2013-11-09"


def test_a_feed_date_keeps_its_offset_and_an_agency_author_is_an_organisation() -> None:
    raw = RawDocument(
        "feed#1",
        "Titre\n\nUn texte assez long pour être un article.",
        "text/plain",
        metadata={"published": "Sat, 23 Nov 2026 21:30:00 -0500", "author": "AFP"},
    )
    article = extract_article(raw, SETTINGS)
    assert_day_and_offset(article, "2026-11-23", -5)
    assert (article.authors, article.organisation) == ((), "AFP")
    assert article.provenance["authors"].source == "container"


# --------------------------------------------------------------------------- bylines as text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=5))
def test_any_byline_text_gives_names_of_two_to_five_words(chunks: list[str]) -> None:
    byline = parse_byline(chunks)
    for name in byline.persons:
        assert 2 <= len(name.split()) <= 5
        assert not any(char.isdigit() for char in name)
    assert byline.organisation_text is None or not byline.persons


# --------------------------------------------------------------------------- French bylines


@pytest.mark.parametrize(
    ("byline", "authors", "organisation"),
    [
        # Quebec and magazine labels.
        ("Un texte de Jeanne Roy", ("Jeanne Roy",), None),
        ("Chronique de Jeanne Roy", ("Jeanne Roy",), None),
        ("Entretien réalisé par Jeanne Roy", ("Jeanne Roy",), None),
        # A role or a place after each name, the names joined by "et".
        (
            "Par Jeanne Roy, correspondante à Pékin et Paul Tremblay, correspondant à New York",
            ("Jeanne Roy", "Paul Tremblay"),
            None,
        ),
        (
            "Par JEANNE ROY, PAUL TREMBLAY Envoyés spéciaux à Toulouse",
            ("Jeanne Roy", "Paul Tremblay"),
            None,
        ),
        ("De notre correspondante à Bruxelles, Jeanne Roy", ("Jeanne Roy",), None),
        # An agency with the French article elided co-signs.
        ("Par Jeanne Roy et l'AFP", ("Jeanne Roy",), "AFP"),
        ("Par Jeanne Roy avec l’AFP", ("Jeanne Roy",), "AFP"),
        # "Texte : X | Photos : Y": the photographer is no author.
        ("Texte : Jeanne Roy | Photos : Paul Tremblay", ("Jeanne Roy",), None),
    ],
)
def test_french_bylines(byline: str, authors: tuple[str, ...], organisation: str | None) -> None:
    for markup in (f"<p class='signature'>{byline}</p>", f"<div>{byline}</div>"):
        article = under_headline(markup)
        assert (article.authors, article.organisation) == (authors, organisation), markup


@pytest.mark.parametrize(
    "line",
    [
        "Publié le 3 mars 2024 à 14h05 par Jeanne Roy",
        "Publié le 3 mars 2024 à 14h05 par <a href='/auteur/jr'>Jeanne Roy</a>",
        "Le 03/03/2024 par Jeanne Roy",
    ],
)
def test_a_byline_after_the_dateline_is_read_with_its_date(line: str) -> None:
    article = under_headline(f"<p>{line}</p>")
    assert article.authors == ("Jeanne Roy",)
    assert article.published_date_local == "2024-03-03"


def test_the_newsroom_signing_is_an_organisation_that_outvotes_a_teasers_byline() -> None:
    header = "<h1>Un titre</h1><p class='signature'>Par la rédaction</p>"
    teaser = "<div class='suite'><p class='byline'>Par Paul Tremblay</p></div>"
    article = extract(page(header=header, after=teaser))
    assert (article.authors, article.organisation) == ((), "la rédaction")


@pytest.mark.parametrize(
    "prose",
    [
        "Le 3 mars 2024, le projet de loi présenté par Gabriel Attal, a été adopté.",
        "Le projet présenté le 3 mars par Gabriel Attal, à Matignon, a été adopté.",
        "On March 3, 2024 the bill put forward by Jane Doe, a senator, passed.",
    ],
)
def test_prose_opening_like_a_dateline_is_no_byline(prose: str) -> None:
    article = under_headline(f"<p>{prose}</p>")
    assert article.authors == ()


def test_a_dated_line_signed_by_a_reader_below_the_body_is_no_byline() -> None:
    comments = (
        "<div class='reactions'><p>Le 04/03/2024 à 10h22 par Jean Dupont</p>"
        "<p>Un avis de lecteur sur cet article.</p></div>"
    )
    html = page(header="<h1>Un titre</h1><p class='surtitre'>Politique</p>")
    html = html.replace("</div></article>", f"</div>{comments}</article>")
    assert extract(html).authors == ()


def test_a_photo_credit_in_parentheses_is_no_byline() -> None:
    header = "<h1>Un titre</h1><p class='auteur'>(Photo : Paul Tremblay)</p>"
    assert extract(page(header=header)).authors == ()


def test_an_author_given_as_a_url_is_named_by_the_link_to_that_url() -> None:
    head = "<meta property='article:author' content='https://www.journal-test.example/source/jeanne-roy'>"
    aside = "<aside><a rel='author' href='/source/jeanne-roy'>Jeanne Roy</a></aside>"
    article = extract(page(head=head, header="<h1>Un titre</h1>", after=aside))
    assert article.authors == ("Jeanne Roy",)
    assert article.provenance["authors"].source == "meta:article:author+link"
    # The same path on another site (a social profile) is another page.
    elsewhere = "<aside><a href='https://social.example/source/jeanne-roy'>Jeanne Roy</a></aside>"
    assert extract(page(head=head, header="<h1>Un titre</h1>", after=elsewhere)).authors == ()
    # A link to another writer's page names nobody.
    other = "<aside><a href='/source/paul-tremblay'>Paul Tremblay</a></aside>"
    assert extract(page(head=head, header="<h1>Un titre</h1>", after=other)).authors == ()


# --------------------------------------------------------------------------- French dates


@pytest.mark.parametrize(
    "line",
    [
        "3 mars 2024 à 14h05 Mis à jour le 4 mars 2024 à 10h00",
        "Le 3 mars 2024 à 14h05 (mis à jour le 4 mars 2024 à 10h00)",
        "03/03/2024 14h05 | Mis à jour le 04/03/2024",
    ],
)
def test_a_date_before_an_update_with_no_published_word_is_the_publication(line: str) -> None:
    article = extract(page(header=f"<h1>Un titre</h1><p>{line}</p>"), url=UNDATED_URL)
    assert article.published_date_local == "2024-03-03"


@pytest.mark.parametrize(
    "line",
    [
        "Publié le 3 mar. 2024 à 10h00",
        "Le 3 mar 2024",
        "Publié le 3 mars 2024 à 23h30 (heure de Paris)",
    ],
)
def test_march_abbreviated_and_a_zone_in_words_are_read(line: str) -> None:
    # dateparser takes "mar." for mardi and dated such pages in the current month;
    # "(heure de Paris)" made the line unreadable.
    article = extract(page(header=f"<h1>Un titre</h1><p>{line}</p>"), url=UNDATED_URL)
    assert article.published_date_local == "2024-03-03"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Mis à jour le 04/03/2024 à 10h00 - Publié le 03/03/2024 à 14h05", "2024-03-03"),
        ("Publié le 03/03/2024 à 14:05, mis à jour le 04/03/2024 à 10:00", "2024-03-03"),
        ("3 mars 2024, 14 h 05", "2024-03-03"),
        ("Publié le 3 mars 2024 à 14 h 05 HNE", "2024-03-03"),
        ("03-03-2024 14:05", "2024-03-03"),
        ("Le 03.03.2024 à 14h05", "2024-03-03"),
    ],
)
def test_french_datelines(line: str, day: str) -> None:
    article = under_headline(f"<p>{line}</p>")
    assert article.published_date_local == day


def test_a_published_line_outweighs_an_updated_line_above_it() -> None:
    header = (
        "<h1>Un titre</h1><p>Dernière mise à jour : 05/03/2024</p><p>Publication : 03/03/2024</p>"
    )
    assert extract(page(header=header)).published_date_local == "2024-03-03"


def test_a_date_in_microdata_text_is_read() -> None:
    header = (
        "<div class='postdate' itemprop='datePublished'><span>2</span> Déc 2017</div>"
        "<h1>Un titre</h1>"
    )
    article = extract(page(header=header), url="https://www.journal-test.example/monde/article")
    assert article.published_date_local == "2017-12-02"


def test_a_time_inside_the_body_text_weighs_less_than_the_date_in_the_url() -> None:
    # The last paragraph dates the post this one republishes.
    html = page(header="<h1>Un titre</h1>").replace(
        "</div></article>",
        "<p><time datetime='2017-11-30T11:20:00+00:00'>Écrit le 30</time> novembre 2017</p>"
        "</div></article>",
    )
    article = extract(html, url="https://www.journal-test.example/2017/12/02/article/")
    assert article.published_date_local == "2017-12-02"


def test_a_published_line_far_from_the_headline_dates_a_page_that_has_no_other_date() -> None:
    reactions = "<div class='reactions'>" + "<p>Un avis de lecteur.</p>" * 6 + "</div>"
    footer = "<div class='infos'>Publié le 29/10/2012<br><em>Mis à jour le 30/10/2012</em></div>"
    html = page(header="<h1>Un titre</h1>", after=reactions + footer)
    article = extract(html, url="https://www.journal-test.example/monde/article")
    assert article.published_date_local == "2012-10-29"
    assert article.provenance["published"].source == "dateline:page"


def test_a_utc_instant_is_read_in_the_offset_the_page_states_elsewhere() -> None:
    # The same instant twice: in UTC in JSON-LD, with Montreal's offset in <meta>.
    html = page(
        head="<meta property='article:published_time' content='2024-03-03T22:30:00-05:00'>",
        json_ld={"@type": "NewsArticle", "datePublished": "2024-03-04T03:30:00Z"},
    )
    article = extract(html, url="https://www.journal-test.example/monde/article")
    assert_day_and_offset(article, "2024-03-03", -5)


def test_a_utc_instant_is_read_in_the_offset_the_visible_time_implies() -> None:
    # The page shows 21 h 05 (Montreal, no offset written); its metadata says 02:05 UTC.
    html = page(
        head="<meta property='article:published_time' content='2024-03-04T02:05:00Z'>",
        header="<h1>Un titre</h1><p>Publié le 3 mars 2024 à 21 h 05</p>",
    )
    article = extract(html, url="https://www.journal-test.example/monde/article")
    assert_day_and_offset(article, "2024-03-03", -5)
    assert article.published_at == datetime(2024, 3, 4, 2, 5, tzinfo=UTC)


# Round 4: French pages added to dev from needle's fixtures (eval/metadata README).


@pytest.mark.parametrize(
    "signature",
    [
        "Entretien avec Paul Tremblay",
        "Interview with Paul Tremblay",
        "Rencontre avec Paul Tremblay",
    ],
)
def test_the_person_interviewed_is_no_author(signature: str) -> None:
    article = under_headline(f"<div class='auteur'>{signature}</div>")
    assert article.authors == ()


def test_an_interview_byline_naming_its_writer_keeps_the_writer() -> None:
    article = under_headline(
        "<div class='auteur'>Entretien avec Paul Tremblay, par Jeanne Roy</div>"
    )
    assert article.authors == ("Jeanne Roy",)


def test_propos_recueillis_par_signs_the_interview_at_its_end() -> None:
    # The interviewee under the headline and in JSON-LD, the site as <meta> author,
    # the writer only in the closing line, in italics inside the body.
    json_ld = {
        "@type": "NewsArticle",
        "headline": "Un titre",
        "author": {"@type": "Person", "name": "Entretien avec Paul Tremblay"},
    }
    closing = "<ul><li><i>Propos recueillis par Jeanne Roy</i></li></ul>"
    html = page(
        head="<meta name='author' content='Journal Test'>",
        header="<h1>Un titre</h1><div class='auteur'>Entretien avec Paul Tremblay</div>",
        json_ld=json_ld,
    ).replace("</div></article>", f"{closing}</div></article>")
    article = extract(html)
    assert (article.authors, article.organisation) == (("Jeanne Roy",), None)


@pytest.mark.parametrize("site", ["JeanneRoy.net", "jeanneroy.net"])
def test_a_personal_site_named_after_its_author_keeps_the_author(site: str) -> None:
    html = page(
        head=f"<meta property='og:site_name' content='{site}'>",
        header="<h1>Un titre</h1><span class='byline'>Jeanne Roy</span>",
    )
    article = extract(html, url="https://jeanneroy.net/2026/11/23/un-titre/")
    assert (article.authors, article.organisation) == (("Jeanne Roy",), None)


def test_an_outlet_writing_its_name_as_the_byline_words_stays_an_organisation() -> None:
    html = page(
        head="<meta property='og:site_name' content='Bondy Journal'>",
        header="<h1>Un titre</h1><span class='byline'>Bondy Journal</span>",
    )
    article = extract(html, url="https://bondyjournal.example/2026/11/23/un-titre/")
    assert article.authors == ()


def test_an_agency_signing_apart_from_its_reporters_co_signs() -> None:
    header = (
        "<h1>Un titre</h1><p class='signature'>Par Reuters le 02.10.2017 à 08h31</p>"
        "<p class='auteurs'>par Jeanne Roy et Paul Tremblay</p>"
    )
    article = extract(page(header=header))
    assert (article.authors, article.organisation) == (("Jeanne Roy", "Paul Tremblay"), "Reuters")


def test_an_agency_credit_at_the_end_does_not_co_sign_a_writers_byline() -> None:
    closing = "<p>La réunion reprendra demain matin à Bruxelles, selon les délégations. (AFP)</p>"
    html = page(header="<h1>Un titre</h1><p class='signature'>Par Jeanne Roy</p>")
    article = extract(html.replace("</div></article>", f"{closing}</div></article>"))
    assert (article.authors, article.organisation) == (("Jeanne Roy",), None)


def test_the_visible_organisation_byline_naming_more_wins_a_tie_with_the_structured_data() -> None:
    # JSON-LD gives the outlet alone, as a Person; the byline shows it with the agency,
    # split by markup before the comma.
    json_ld = {
        "@type": "NewsArticle",
        "headline": "Un titre",
        "author": [{"@type": "Person", "name": " JOURNAL TEST"}],
    }
    header = (
        "<h1>Un titre</h1><span class='authors'>Par <span class='author'>"
        "<a href='/auteur/1'>JOURNAL TEST</a> , AFP</span></span>"
    )
    article = extract(page(header=header, json_ld=json_ld))
    assert (article.authors, article.organisation) == ((), "JOURNAL TEST, AFP")
