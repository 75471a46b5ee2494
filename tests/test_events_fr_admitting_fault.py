"""Admitting a fault with "reconnaître" is CONCEDE, whatever the fault is called (issue 17).

Codebook §4.4 lists admitting fault under CONCEDE. The ``reconnaître`` row
named errors and faults, but not the other fault nouns of general news:
irregularities, failures, negligence, lies. Recognising a state stays
SUPPORT. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_admitting_irregularities_is_a_concession() -> None:
    text = (
        "La direction de l'hôpital a reconnu des dysfonctionnements graves dans la prise en charge."
    )
    assert "CONCEDE" in event_types(text, "fr")


def test_admitting_a_lie_is_a_concession() -> None:
    assert "CONCEDE" in event_types("Le ministre a reconnu un mensonge devant les députés.", "fr")


def test_recognising_a_state_stays_support() -> None:
    assert event_types("La France a reconnu l'indépendance du Kosovo.", "fr") == ["SUPPORT"]
