"""French "promettre" of what is likely, not of what one binds oneself to (issue 17).

Codebook AGREE is a pledge to a future act; "les élections promettent de
figurer parmi les plus serrées" or "la finale promet un beau spectacle"
only says what is likely. A pledge and a promise of reprisals keep their
types. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_a_race_that_promises_to_be_close_is_no_event() -> None:
    text = "Le scrutin de dimanche promet de figurer parmi les plus disputés de la décennie."
    assert _types(text) == []


def test_a_match_that_promises_a_show_is_no_event() -> None:
    assert _types("La finale de samedi promet un duel serré entre les deux favoris.") == []


def test_a_pledge_stays_agree() -> None:
    assert _types("Le gouvernement a promis de baisser les impôts.") == ["AGREE"]


def test_promised_reprisals_stay_a_threat() -> None:
    assert _types("Téhéran a promis des représailles contre Israël.") == ["THREATEN"]
