"""Gazetteer: the shipped place tables, name lookup, case rules and precision."""

from __future__ import annotations

from importlib import resources

import pytest

from veille.places.gazetteer import get_gazetteer, name_key, prior

DATA = resources.files("veille").joinpath("data", "places")
TABLES = ("countries.tsv", "admin1.tsv", "cities.tsv", "regions.tsv", "names.tsv")


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def ids(places):
    return [p.id for p in places]


@pytest.mark.parametrize("name", [*TABLES, "lexicon_fr.tsv", "lexicon_en.tsv"])
def test_every_table_names_its_origin_and_licence(name):
    header = [
        line for line in DATA.joinpath(name).read_text("utf-8").splitlines() if line[:1] == "#"
    ]
    text = "\n".join(header).lower()
    assert "licence" in text
    assert any(word in text for word in ("origin", "generated", "hand-written", "written by"))


def test_the_shipped_tables_stay_small():
    total = sum(len(DATA.joinpath(name).read_bytes()) for name in TABLES)
    assert total < 5_000_000


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("l'Est de l’Europe", "est de l europe"),
        ("Kyïv", "kyiv"),
        ("États-Unis", "etats unis"),
        ("the Middle East", "middle east"),
        ("la bande de Gaza", "bande de gaza"),
    ],
)
def test_fold_drops_accents_case_punctuation_and_a_leading_article(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize("name", ["France", "Allemagne", "Germany", "Russie", "Ukraine"])
def test_a_country_name_is_the_country_first(gaz, name):
    places = gaz.lookup(name)
    assert places[0].precision == "country"


@pytest.mark.parametrize("name", ["USA", "U.S.", "U.S", "US", "États-Unis", "Etats-Unis"])
def test_the_usual_names_of_the_united_states(gaz, name):
    assert gaz.lookup(name)[0].id == "C:USA"


@pytest.mark.parametrize("name", ["us", "Us", "usa"])
def test_acronyms_match_only_in_capitals(gaz, name):
    assert "C:USA" not in ids(gaz.lookup(name))


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Moscou", "G:524901"),
        ("Pékin", "G:1816670"),
        ("Londres", "G:2643743"),
        ("Varsovie", "G:756135"),
        ("Kiev", "G:703448"),
        ("Kyiv", "G:703448"),
        ("Kyïv", "G:703448"),
        ("Le Caire", "G:360630"),
    ],
)
def test_french_and_english_city_names(gaz, name, place_id):
    assert place_id in ids(gaz.lookup(name))


def test_regions_of_the_hand_written_table(gaz):
    assert gaz.lookup("l'Est de l'Europe")[0].id == "R:eastern-europe"
    assert gaz.lookup("Eastern Europe")[0].id == "R:eastern-europe"
    assert gaz.lookup("le Proche-Orient")[0].id == "R:near-east"
    assert gaz.lookup("Sahel")[0].id == "R:sahel"
    west_bank = gaz.lookup("Cisjordanie")[0]
    assert west_bank.id == "R:west-bank"
    assert west_bank.country == "PSE"
    assert gaz.lookup("bande de Gaza")[0].id == "R:gaza-strip"
    # The territory is the finer place: the name no longer points at the whole country.
    assert "C:PSE" not in ids(gaz.lookup("Gaza"))


def test_only_cities_carry_coordinates(gaz):
    for place_id in ("C:RUS", "A1:US.TX", "R:sahel"):
        place = gaz.get(place_id)
        assert place is not None
        assert (place.lat, place.lon) == (None, None)
    moscow = gaz.get("G:524901")
    assert moscow is not None
    assert moscow.lat == pytest.approx(55.75, abs=0.1)
    assert moscow.lon == pytest.approx(37.62, abs=0.1)


def test_us_cities_know_their_state(gaz):
    (paris_tx,) = [p for p in gaz.lookup("Paris") if p.country == "USA"]
    assert paris_tx.admin1 == "US.TX"
    assert gaz.get("A1:US.TX").name == "Texas"


def test_ambiguous_names_keep_every_sense(gaz):
    senses = ids(gaz.lookup("Georgia"))
    assert senses[0] == "C:GEO"
    assert "A1:US.GA" in senses
    washington = ids(gaz.lookup("Washington"))
    assert {"A1:US.WA", "G:4140963"} <= set(washington)


def test_country_codes_of_either_length(gaz):
    assert gaz.country("RU").id == "C:RUS"
    assert gaz.country("rus").id == "C:RUS"
    assert gaz.country("XX") is None


def test_lower_case_starts_come_only_from_the_hand_written_tables(gaz):
    assert "bande" in gaz.lower_first_words
    assert "region" in gaz.lower_first_words  # "région de Donetsk"
    # GeoNames city names starting with a lower-case particle must not open scans.
    assert not {"al", "de", "san", "el"} & gaz.lower_first_words


def test_prior_orders_kinds_and_city_sizes(gaz):
    big = gaz.get("G:2988507")  # Paris, France
    small = next(p for p in gaz.lookup("Paris") if p.country == "USA")
    assert prior(gaz.get("C:FRA")) > prior(gaz.get("R:sahel")) > prior(big) > prior(small)
    # A first-level region ranks as a city of about 300,000 people: above the
    # small Paris of Texas, below the large Paris.
    assert prior(big) > prior(gaz.get("A1:US.TX")) > prior(small)


def test_a_bare_first_level_region_outranks_a_small_town_of_its_name_abroad(gaz):
    colorado = gaz.lookup("Colorado")
    assert max(colorado, key=prior).id == "A1:US.CO"
    cordoba = gaz.lookup("Córdoba")
    assert max(cordoba, key=prior).precision == "city"  # the Argentine city of 1.3 million


def test_search_puts_exact_names_first(gaz):
    found = gaz.search("Kharkiv")
    assert found[0].name == "Kharkiv"
    assert all(
        name_key(p.name).startswith("kharkiv") or "kharkiv" in gaz.names_of(p.id) for p in found[:1]
    )
    assert gaz.search("") == []
