"""French nouns of one unnamed person as sides: "un homme" hurt, "un individu" arrested.

Issue 18, codebook 7.8: the gold codes a victim or a detainee the text does not
name by the state of the place or of the article, as it does "personnes".
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


def test_a_man_arrested_takes_the_country_of_the_sentence() -> None:
    event = only("La police sénégalaise a interpellé un individu de 30 ans.", "COERCE")
    assert side_codes(event.target) == ["SEN"]
    assert event.target[0].sector == "CVL"


def test_a_young_man_held_takes_the_country_the_article_names() -> None:
    text = (
        "Des barrages ont été dressés sur les routes de Belgique. "
        "Un jeune homme a été placé en garde à vue mardi."
    )
    [held] = [e for e in pipeline_events(text, "fr") if "jeune" in e.sentence.text]
    assert side_codes(held.target) == ["BEL"]


def test_human_rights_are_no_man() -> None:
    event = only("Les défenseurs des droits de l'homme ont dénoncé la loi polonaise.", "ACCUSE")
    assert all(ref.sector != "CVL" for ref in (*event.source, *event.target))


def test_a_man_killed_with_no_sign_of_public_life_is_no_event() -> None:
    assert pipeline_events("Un homme a été tué par balle dans la nuit de samedi.", "fr") == []


def test_an_armed_man_who_attacks_stays_unidentified() -> None:
    event = only(
        "Un homme armé a ouvert le feu sur des soldats nigériens près de Niamey.", "ASSAULT"
    )
    assert [ref.text for ref in event.source] == ["homme"]
    assert side_codes(event.source) == [None]
