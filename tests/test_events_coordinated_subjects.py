"""Coordinated subjects the parser split are one side (issue 18, codebook 5.4).

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


# ------------------------------------------------ coordinated subjects (codebook 5.4)
def test_a_subject_the_parser_split_in_two_is_one_side() -> None:
    event = only(
        "La ministre allemande de la Défense, le chef de la diplomatie italienne ainsi que "
        "le premier ministre belge ont dénoncé l'annexion.",
        "ACCUSE",
    )
    assert side_codes(event.source) == ["DEU", "ITA", "BEL"]


# ------------------------------------- a phrase the parser made a second subject
def test_a_phrase_opened_by_a_preposition_is_no_second_subject() -> None:
    # The parser hangs "contre Kharkiv" on the verb as a second subject: the town
    # attacked is not the attacker.
    event = only("Une attaque contre Kharkiv a fait dix morts.", "ASSAULT")
    assert "UKR" not in side_codes(event.source)
