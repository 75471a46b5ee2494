"""Place resolver: our own French and English sentences, one rule per test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy

from places_helpers import AS_OF, place_runner
from veille.actors import get_resolver
from veille.nlp import load_pipeline, pipeline_name
from veille.places import COMPONENT_NAME, get_place_resolver
from veille.records import Mention, PlaceMention


@pytest.fixture(scope="module")
def fr() -> Callable[[str], tuple[PlaceMention, ...]]:
    return place_runner("fr")


@pytest.fixture(scope="module")
def en() -> Callable[[str], tuple[PlaceMention, ...]]:
    return place_runner("en")


def place(places: tuple[PlaceMention, ...], text: str, nth: int = 0) -> PlaceMention:
    hits = [p for p in places if p.text == text]
    assert len(hits) > nth, f"no place {text!r} in {[p.text for p in places]}"
    return hits[nth]


# ------------------------------------------------------------ country names


def test_country_names_are_countries_fr(fr):
    places = fr("La France et les États-Unis ont signé un accord avec les Etats-Unis du Mexique.")
    france = place(places, "France")
    assert (france.place_id, france.precision) == ("C:FRA", "country")
    assert place(places, "États-Unis").place_id == "C:USA"
    assert all(p.precision != "city" for p in places if p.text == "France")


@pytest.mark.parametrize("name", ["USA", "U.S.", "US", "U.S"])
def test_us_acronyms_are_the_united_states_en(en, name):
    places = en(f"Officials of the {name} and Canada met on Monday.")
    us = place(places, name)
    assert us.place_id == "C:USA"
    assert place(places, "Canada").place_id == "C:CAN"


def test_the_pronoun_us_is_no_country_en(en):
    places = en("The minister told us that Canada would help.")
    assert [p.place_id for p in places] == ["C:CAN"]


def test_spans_index_the_text_and_come_in_text_order(fr):
    text = "Des combats ont eu lieu à Kharkiv, puis en Pologne et en Roumanie."
    places = fr(text)
    assert [p.text for p in places] == ["Kharkiv", "Pologne", "Roumanie"]
    for p in places:
        assert text[p.start : p.end] == p.text
    assert [p.country for p in places] == ["UKR", "POL", "ROU"]  # several countries


# --------------------------------------------------------------- patterns


def test_city_and_state_code_en(en):
    places = en("The ship docked in Long Beach, CA on Monday.")
    city = place(places, "Long Beach")
    assert (city.country, city.admin1, city.precision) == ("USA", "US.CA", "city")
    assert city.lat == pytest.approx(33.77, abs=0.05)
    assert place(places, "CA").place_id == "A1:US.CA"


def test_paris_france_by_default_and_paris_texas_by_pattern_en(en):
    france = place(en("Leaders met in Paris on Monday."), "Paris")
    assert france.country == "FRA"
    assert any(alt for alt in france.alternatives)  # the Texan town is kept
    texas = place(en("A tornado hit Paris, Texas on Monday."), "Paris")
    assert (texas.country, texas.admin1) == ("USA", "US.TX")
    assert france.place_id in texas.alternatives


def test_paris_texas_by_context_fr(fr):
    places = fr("Une tornade a frappé Dallas et le Texas. Les dégâts sont lourds à Paris.")
    assert place(places, "Paris").admin1 == "US.TX"
    assert place(fr("Le sommet se tient à Paris."), "Paris").country == "FRA"


def test_city_country_pattern_en(en):
    bam = place(en("Doctors delivered medicine to a clinic in Bam, Iran, on Friday."), "Bam")
    assert (bam.country, bam.precision) == ("IRN", "city")


def test_an_unknown_town_takes_the_country_of_its_comma_chain_en(en):
    places = en("Shelling hit a market in Qorvandi, North Kordofan, Sudan, on Friday.")
    town = place(places, "Qorvandi")
    assert (town.precision, town.place_id, town.country) == ("unknown", None, "SDN")


def test_an_unknown_town_takes_the_country_of_its_comma_chain_fr(fr):
    places = fr("Des obus sont tombés vendredi à Qorvandi, Soudan, selon des témoins.")
    town = place(places, "Qorvandi")
    assert (town.precision, town.country) == ("unknown", "SDN")


@pytest.mark.parametrize(
    ("text", "name", "country", "precision"),
    [
        # Bari has a Somali region of its name: the chain asks for it, not the Italian city.
        ("Troops raided a camp near Bari, Puntland, Somalia, on Monday.", "Bari", "SOM", "admin1"),
        # Part of a hyphenated town name the gazetteer reads as an Indian town.
        ("A bus was attacked in Pardes Hanna-Karkur, Israel.", "Hanna", "ISR", "unknown"),
        # A district placed with "in" before the chain.
        (
            "Rebels seized the Adan Yabal District in Middle Shabelle, Somalia.",
            "Adan",
            "SOM",
            "unknown",
        ),
    ],
)
def test_a_town_lies_in_the_country_that_ends_its_chain_en(en, text, name, country, precision):
    town = place(en(text), name)
    assert (town.country, town.precision) == (country, precision)


def test_a_compass_word_cut_from_a_longer_name_is_no_place_en(en):
    # The gazetteer cuts "North Waziristan" to Cameroon's North region; "North" alone
    # names no place (a compass word, tests/test_places_en_compass_regions.py), and
    # the chain's own country is found.
    places = en("Gunmen attacked a post in North Waziristan, Pakistan.")
    assert [(p.text, p.country) for p in places] == [("Pakistan", "PAK")]


def test_a_country_that_goes_on_as_an_actor_closes_no_chain_en(en):
    # "Israel's army": Israel is who speaks, not the country Bari is in.
    places = en("Soldiers fought in Bari, Israel's army said on Monday.")
    assert place(places, "Bari").country == "ITA"


def test_an_unknown_name_outside_a_comma_chain_has_no_country_en(en):
    places = en("Shelling hit a market in Qorvandi, officials in Sudan said on Friday.")
    assert place(places, "Qorvandi").country is None


# ---------------------------------------------------------------- context


def test_georgia_the_country_by_default_and_with_tbilisi_en(en):
    places = en("Protesters marched in Tbilisi as Georgia's parliament voted.")
    assert place(places, "Georgia").place_id == "C:GEO"


def test_georgia_the_state_with_atlanta_en(en):
    places = en("Storms hit Atlanta on Monday, and Georgia's governor declared an emergency.")
    georgia = place(places, "Georgia")
    assert (georgia.place_id, georgia.precision) == ("A1:US.GA", "admin1")
    assert "C:GEO" in georgia.alternatives


def test_georgia_fr(fr):
    assert (
        place(fr("Des manifestants se sont réunis à Tbilissi, en Géorgie."), "Géorgie").country
        == "GEO"
    )
    assert place(fr("Des tornades ont frappé l'État de Géorgie."), "État de Géorgie").place_id == (
        "A1:US.GA"
    )


def test_tripoli_follows_the_lebanese_context_en(en):
    places = en("Shells hit Tripoli as the death toll rose in the north Lebanese port.")
    assert place(places, "Tripoli").country == "LBN"
    assert place(en("Militias clashed in Tripoli on Friday."), "Tripoli").country == "LBY"


# ------------------------------------------------------------- Washington


def test_washington_the_government_is_no_place(fr, en):
    assert not [p for p in fr("Washington a averti Moscou.") if p.text == "Washington"]
    assert not [p for p in en("Washington warned Moscow on Monday.") if p.text == "Washington"]


def test_washington_the_city_when_used_as_a_place(fr, en):
    city = place(fr("Le sommet a eu lieu à Washington."), "Washington")
    assert (city.place_id, city.admin1) == ("G:4140963", "US.DC")
    assert place(en("Talks resumed in Washington on Friday."), "Washington").place_id == (
        "G:4140963"
    )


def test_washington_the_state(fr, en):
    assert (
        place(fr("Des incendies ravagent l'État de Washington."), "État de Washington").place_id
        == "A1:US.WA"
    )
    assert place(en("Fires burned across Washington state."), "Washington state").place_id == (
        "A1:US.WA"
    )
    seattle = en("Fires burned near Seattle, Washington on Monday.")
    assert place(seattle, "Washington").place_id == "A1:US.WA"
    assert place(seattle, "Seattle").admin1 == "US.WA"


# ------------------------------------------------------- regions, adjectives


def test_adjective_on_a_place_noun_is_the_country_fr(fr):
    border = place(
        fr("Des forces sont massées à proximité des frontières russes."), "frontières russes"
    )
    assert (border.place_id, border.precision) == ("C:RUS", "country")
    assert (border.lat, border.lon) == (None, None)


def test_adjective_on_a_place_noun_is_the_country_en(en):
    soil = place(en("Drones fell on Ukrainian territory overnight."), "Ukrainian territory")
    assert soil.place_id == "C:UKR"


def test_a_nationality_alone_is_no_place(fr):
    assert not [p for p in fr("Les soldats russes ont quitté la ville.") if "russe" in p.text]


def test_supra_national_regions(fr, en):
    east = place(fr("L'OTAN renforce sa posture à l'Est de l'Europe."), "Est de l'Europe")
    assert (east.place_id, east.precision, east.country) == ("R:eastern-europe", "region", None)
    assert (east.lat, east.lon) == (None, None)
    gaza = place(fr("Des frappes ont visé la bande de Gaza."), "bande de Gaza")
    assert (gaza.precision, gaza.country) == ("region", "PSE")
    places = en("Tensions rose in the Middle East and the West Bank.")
    assert place(places, "Middle East").place_id == "R:middle-east"
    assert place(places, "West Bank").country == "PSE"


def test_institution_words_are_no_places(fr):
    places = fr("Le ministère de la Défense de la Russie a publié un communiqué.")
    assert [p.text for p in places] == ["Russie"]


# ---------------------------------------------------------------- unknowns


def test_an_unknown_place_never_hides_the_others(nlp_fr_doc):
    doc, text = nlp_fr_doc
    start = text.index("Karvolnia")
    unknown = Mention(start, start + len("Karvolnia"), "Karvolnia", "other", None)
    mentions = (*get_resolver("fr").resolve_mentions(doc, as_of=AS_OF), unknown)
    mentions = tuple(sorted(mentions, key=lambda m: m.start))
    places = get_place_resolver("fr").resolve_places(doc, mentions)
    lost = place(places, "Karvolnia")
    assert (lost.place_id, lost.precision, lost.name) == (None, "unknown", None)
    assert place(places, "Pologne").place_id == "C:POL"
    assert place(places, "Kharkiv").country == "UKR"


@pytest.fixture(scope="module")
def nlp_fr_doc():
    text = "Des combats ont eu lieu à Karvolnia, en Pologne et à Kharkiv."
    return load_pipeline("fr")(text), text


# --------------------------------------------------------------- component


def test_the_spacy_component_stores_the_places_on_the_doc():
    nlp = spacy.load(pipeline_name("en"))
    nlp.add_pipe("veille_actors")
    nlp.add_pipe(COMPONENT_NAME)
    doc = nlp("Talks resumed in Geneva while fighting went on in Kharkiv.")
    assert [p.place_id for p in doc._.places] == ["G:2660646", "G:706483"]
    assert doc._.places == get_place_resolver("en").resolve_places(doc, doc._.veille_mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Cardinal George told the bishops to stay calm.",
        "The hospital was named after President Lincoln last year.",
        "Gen. Lincoln inspected the troops on Monday.",
    ],
)
def test_a_name_after_a_persons_title_is_no_place_en(en, text):
    assert not [(p.text, p.country) for p in en(text) if p.text in ("George", "Lincoln")]


def test_a_name_after_a_persons_title_is_no_place_fr(fr):
    assert not [p for p in fr("Le cardinal George a reçu les évêques.") if p.text == "George"]
    assert not [p for p in fr("Le président Lincoln a signé le texte.") if p.text == "Lincoln"]


def test_a_title_hides_only_the_name_that_follows_it(en, fr):
    assert place(en("President Trump spoke in Lincoln, Nebraska."), "Lincoln").country == "USA"
    assert place(fr("Le général Martin a parlé à Lyon."), "Lyon").country == "FRA"
