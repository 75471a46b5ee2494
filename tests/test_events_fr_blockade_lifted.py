"""French "débloquer" a site: a blockade lifted is RETREAT `withdraw` (issue 17).

Codebook RETREAT: "lifting a blockade", mode `withdraw` ("a blockade is
lifted"). Releasing funds stays AID, and unlocking a situation or talks
is no event. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.mode) for e in pipeline_events(text, "fr")]


def test_a_depot_unblocked_is_a_withdrawal() -> None:
    text = "Après deux jours de blocage, la raffinerie de Donges a été débloquée mercredi soir."
    assert ("RETREAT", "withdraw") in _types(text)


def test_farmers_unblocking_a_road_withdraw() -> None:
    text = "Les agriculteurs ont débloqué l'autoroute A7 dans la nuit."
    assert ("RETREAT", "withdraw") in _types(text)


def test_funds_released_stay_aid() -> None:
    text = "Le Canada a débloqué dix millions de dollars pour les sinistrés."
    assert [t for t, _ in _types(text)] == ["AID"]


def test_unlocking_a_situation_is_no_event() -> None:
    text = "Le médiateur espère débloquer la situation avant la fin de la semaine."
    assert _types(text) == []
