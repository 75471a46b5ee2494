"""An English point of the compass is a state's region only when the article names that state.

Cameroon, Ghana, Zambia and others name first-level regions West, North,
Central, Eastern; English writes these words for parts of any country. "in
West Java", a province our gazetteer lacks, gave the place "West" of
Cameroon, and then the police of the sentence the code CMR (found on the
English real-news dev split); "in Central Jakarta" gave a town called Central
in the United States. Every sentence here is our own. Each test runs
the whole pipeline.
"""

from __future__ import annotations

from veille.engine import process_text


def place_countries(text: str) -> dict[str, str | None]:
    """The places the pipeline finds in the English ``text``, with their countries."""
    return {p.text: p.country for p in process_text(text, language="en").places}


def test_the_west_of_an_unnamed_province_is_no_region_of_cameroon() -> None:
    places = place_countries("Police fired tear gas at students in West Java on Monday.")
    assert places.get("West") != "CMR"


def test_an_attack_in_west_java_gives_its_police_no_cameroonian_code() -> None:
    events = process_text(
        "Police stormed two campuses in West Java, firing tear gas at protesters.",
        language="en",
    ).events
    assert events
    assert all(ref.code != "CMR" for event in events for ref in event.source)


def test_central_before_a_city_is_no_town_of_that_name() -> None:
    places = place_countries("Protesters marched in Central Jakarta on Friday.")
    assert "Central" not in places
    assert places["Jakarta"] == "IDN"


def test_the_far_north_stays_a_region_when_the_article_names_cameroon() -> None:
    places = place_countries("Gunmen attacked a village in the Far North region of Cameroon.")
    assert places["Far North"] == "CMR"
