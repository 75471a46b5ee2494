"""French "promettre" of what is likely, not of what one binds oneself to (issue 17).

Codebook AGREE is a pledge to a future act; "les élections promettent de
figurer parmi les plus serrées" or "la finale promet un beau spectacle"
only says what is likely. A pledge and a promise of reprisals keep their
types. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_a_race_that_promises_to_be_close_is_no_event() -> None:
    text = "Le scrutin de dimanche promet de figurer parmi les plus disputés de la décennie."
    assert event_types(text, "fr") == []


def test_a_match_that_promises_a_show_is_no_event() -> None:
    assert (
        event_types("La finale de samedi promet un duel serré entre les deux favoris.", "fr") == []
    )


def test_a_pledge_stays_agree() -> None:
    assert event_types("Le gouvernement a promis de baisser les impôts.", "fr") == ["AGREE"]


def test_promised_reprisals_stay_a_threat() -> None:
    assert event_types("Téhéran a promis des représailles contre Israël.", "fr") == ["THREATEN"]
