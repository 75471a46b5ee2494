"""French role words of single people and small groups take a country from context (issue 18).

"Le suspect", "les casseurs", "un policier", "les enquêteurs": the gold codes
them by the country the sentence or the article names (codebook 7.4, 7.8
``context``). Found on the French real-news train and dev splits; every
sentence here is our own. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import last_sentence_event, side_codes
from veille.records import Event


def last_event(text: str) -> Event:
    """The event coded in the last sentence of the French ``text``."""
    return last_sentence_event(text, "fr")


def test_the_suspect_not_yet_arrested_takes_the_articles_country() -> None:
    event = last_event(
        "La police allemande a bouclé le quartier. Le suspect n'a pas encore été arrêté."
    )
    assert side_codes(event.target) == ["DEU"]
    assert event.target[0].sector == "CVL"


def test_rioters_arrested_take_the_country_of_the_police() -> None:
    event = last_event("La police ivoirienne a interpellé les cinq casseurs.")
    assert side_codes(event.target) == ["CIV"]


def test_a_policeman_killed_takes_the_country_of_the_town() -> None:
    event = last_event("Des assaillants ont tué un policier à Bamako.")
    assert side_codes(event.target) == ["MLI"]
    assert event.target[0].sector == "COP"


def test_investigators_accuse_for_the_country_the_article_names() -> None:
    event = last_event(
        "Le parquet belge a ouvert une enquête. "
        "Les enquêteurs accusent l'entreprise de fraude fiscale."
    )
    assert [(ref.text, ref.code) for ref in event.source] == [("enquêteurs", "BEL")]
