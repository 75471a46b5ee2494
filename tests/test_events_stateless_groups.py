"""Armed groups of no single country placed where they act (issue 18, codebook 7.6).

Found on the French real-news train and dev splits (``eval/real/gold/``);
every sentence here is our own, written for the test, never one of those
sentences. Each test runs the whole pipeline (``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import only_event, pipeline_events, side_codes
from veille.records import Event


def coded(text: str) -> list[Event]:
    """The events the full pipeline codes in the French ``text``."""
    return pipeline_events(text, "fr")


def only(text: str, wanted: str) -> Event:
    """The one event of type ``wanted`` coded in the French ``text``."""
    return only_event(text, "fr", wanted)


# ------------------------------------- groups of no single country (codebook 7.6)
def test_a_stateless_group_takes_the_country_where_the_act_is_stated() -> None:
    event = only(
        "Des frappes russes ont tué vingt combattants de Daech dans la province d'Idleb.", "ASSAULT"
    )
    assert side_codes(event.target) == ["SYR"]
    assert event.target[0].sector == "REB"


def test_a_stateless_group_takes_the_country_of_the_texts_other_acts() -> None:
    text = (
        "L'armée irakienne a lancé lundi une offensive à Mossoul. "
        "Al-Qaïda a revendiqué un attentat contre une caserne."
    )
    [claimed] = [e for e in coded(text) if "Al-Qaïda" in e.sentence.text]
    assert side_codes(claimed.source) == ["IRQ"]


def test_a_stateless_group_nothing_places_keeps_its_own_code() -> None:
    event = only("L'État islamique a revendiqué l'attentat.", "ASSAULT")
    assert side_codes(event.source) == ["ISIS"]


def test_a_stateless_group_takes_the_country_of_the_towns_the_text_names() -> None:
    event = only(
        "Le gouverneur de Ninive a indiqué que Daech avait exécuté vingt civils.", "ASSAULT"
    )
    assert side_codes(event.source) == ["IRQ"]


def test_a_state_that_acts_does_not_place_a_stateless_group() -> None:
    event = only("Des drones américains ont tué trois chefs d'Al-Qaïda, selon l'armée.", "ASSAULT")
    assert side_codes(event.target) == ["ALQAEDA"]
