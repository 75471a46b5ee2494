"""Place chains ("in Town, Region, Country"): our own sentences, one rule per test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from places_helpers import AS_OF, place_runner
from veille.engine import process_text
from veille.records import ArticleResult, Event, PlaceMention


@pytest.fixture(scope="module")
def en() -> Callable[[str], tuple[PlaceMention, ...]]:
    return place_runner("en")


def _event(result: ArticleResult, trigger: str) -> Event:
    hits = [e for e in result.events if e.trigger.text == trigger]
    assert hits, f"no event on {trigger!r} in {[e.trigger.text for e in result.events]}"
    return hits[0]


def _by_text(places: tuple[PlaceMention, ...]) -> dict[str, PlaceMention]:
    return {p.text: p for p in places}


def test_a_town_read_as_an_organisation_is_a_place_in_its_chain_en(en):
    # The small English model tags the town as an organisation.
    places = _by_text(en("Police detained three men in Kostiantynivka, Donetsk Oblast, on Friday."))
    assert "Kostiantynivka" in places
    assert places["Kostiantynivka"].country == "UKR"


def test_a_region_read_as_an_organisation_is_a_later_link_of_the_chain_en(en):
    places = _by_text(en("A car bomb exploded in Dunaivtsi, Khmelnytskyi Oblast, on Sunday."))
    assert places["Khmelnytskyi Oblast"].precision == "admin1"
    assert places["Dunaivtsi"].country == "UKR"


def test_persons_in_a_list_are_no_chain_en(en):
    places = _by_text(en("Macron met Scholz, Meloni and Sanchez in Brussels."))
    assert set(places) == {"Brussels"}


def test_an_event_near_a_town_its_chain_places_is_at_that_town_en():
    text = "Gunmen ambushed a police patrol near Kalanak, Helmand, Afghanistan, on Monday."
    loc = _event(process_text(text, language="en", as_of=str(AS_OF)), "ambushed").location
    assert loc is not None
    assert (text[loc.start : loc.end], loc.country) == ("Kalanak", "AFG")


def test_an_event_near_a_country_is_still_not_in_it_en():
    text = "Gunmen ambushed a police patrol near Afghanistan's border on Monday."
    loc = _event(process_text(text, language="en", as_of=str(AS_OF)), "ambushed").location
    assert loc is None or loc.inferred


@pytest.mark.parametrize(
    ("text", "trigger", "site", "country"),
    [
        (
            "A suspect was arrested at Heathrow Airport in London on Monday.",
            "arrested",
            "Heathrow Airport",
            "GBR",
        ),
        (
            "Two people were wounded when gunmen opened fire outside the Grand Hyatt Hotel in "
            "Karachi, Pakistan.",
            "wounded",
            "Grand Hyatt Hotel",
            "PAK",
        ),
    ],
)
def test_a_named_site_in_a_city_is_the_most_specific_place_en(text, trigger, site, country):
    loc = _event(process_text(text, language="en", as_of=str(AS_OF)), trigger).location
    assert loc is not None
    assert (loc.name, text[loc.start : loc.end], loc.country, loc.precision) == (
        site,
        site,
        country,
        "city",
    )
    assert loc.lat is not None  # the city's coordinates: the site has none of its own


def test_a_site_with_no_name_leaves_the_city_en():
    text = "Police arrested ten protesters at a rally in Berlin."
    loc = _event(process_text(text, language="en", as_of=str(AS_OF)), "arrested").location
    assert loc is not None
    assert text[loc.start : loc.end] == "Berlin"


@pytest.mark.parametrize(
    ("text", "language", "trigger", "name", "place_id"),
    [
        (
            "Artillery fire killed two farmers in southern Lebanon on Friday.",
            "en",
            "killed",
            "southern Lebanon",
            "C:LBN",
        ),
        (
            "Des frappes ont détruit un pont dans le nord de la Syrie.",
            "fr",
            "détruit",
            "nord de la Syrie",
            "C:SYR",
        ),
    ],
)
def test_a_part_of_a_country_named_by_the_compass_is_the_place(
    text, language, trigger, name, place_id
):
    loc = _event(process_text(text, language=language, as_of=str(AS_OF)), trigger).location
    assert loc is not None
    assert (loc.name, text[loc.start : loc.end], loc.place_id, loc.lat) == (
        name,
        name,
        place_id,
        None,
    )


def test_an_organisation_naming_whose_a_thing_is_is_no_town_en(en):
    places = _by_text(en("Soldiers fired on a crowd at a Hamas base in Gaza City."))
    assert "Hamas" not in places
