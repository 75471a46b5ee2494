"""French people nouns as sides: "personnes" arrested or hurt (issue 18, codebook 7.4).

Found on the French real-news train and dev splits (``eval/real/gold/``);
every sentence here is our own, written for the test, never one of those
sentences. Each test runs the whole pipeline (``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import only_event, pipeline_events, side_codes
from veille.records import Event


def only(text: str, wanted: str) -> Event:
    """The one event of type ``wanted`` coded in the French ``text``."""
    return only_event(text, "fr", wanted)


# ------------------------------------------ "personnes" take their country (7.4)
def test_people_arrested_take_the_country_of_the_town_named() -> None:
    event = only("Cinq personnes ont été interpellées à Dakar.", "COERCE")
    assert side_codes(event.target) == ["SEN"]
    assert event.target[0].sector == "CVL"


def test_people_arrested_take_the_country_the_article_names() -> None:
    text = (
        "La police turque a mené un coup de filet. Douze personnes ont été placées en garde à vue."
    )
    [held] = [e for e in pipeline_events(text, "fr") if "Douze" in e.sentence.text]
    assert side_codes(held.target) == ["TUR"]


# ---------------------------------- ... without new events of their own (3.4, 5.5)
def test_people_killed_after_an_accident_are_no_attack() -> None:
    text = "Un autocar a quitté la route près de Cuzco. Quatorze personnes ont été tuées."
    assert [e.event_type for e in pipeline_events(text, "fr")] == []


def test_people_hurt_by_police_fire_are_the_toll_of_the_shooting() -> None:
    text = "Des gendarmes ont tiré sur des grévistes à Lomé, blessant six personnes."
    assert [e.event_type for e in pipeline_events(text, "fr")] == ["ASSAULT"]


# ------------------------------------------ "femmes" are people like "personnes"
def test_women_asked_take_the_country_of_the_sentence() -> None:
    text = (
        "La ministre brésilienne de la Santé a demandé aux femmes enceintes de rester chez elles."
    )
    assert side_codes(only(text, "REQUEST").target) == ["BRA"]


def test_women_killed_in_a_road_accident_are_no_attack() -> None:
    text = "Un camion a percuté un car près de Rennes. Trois femmes ont été tuées."
    assert [e.event_type for e in pipeline_events(text, "fr")] == []
