"""Admitting a fault with "reconnaître" is CONCEDE, whatever the fault is called (issue 17).

Codebook §4.4 lists admitting fault under CONCEDE. The ``reconnaître`` row
named errors and faults, but not the other fault nouns of general news:
irregularities, failures, negligence, lies. Recognising a state stays
SUPPORT. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_admitting_irregularities_is_a_concession() -> None:
    text = (
        "La direction de l'hôpital a reconnu des dysfonctionnements graves dans la prise en charge."
    )
    assert "CONCEDE" in _types(text)


def test_admitting_a_lie_is_a_concession() -> None:
    assert "CONCEDE" in _types("Le ministre a reconnu un mensonge devant les députés.")


def test_recognising_a_state_stays_support() -> None:
    assert _types("La France a reconnu l'indépendance du Kosovo.") == ["SUPPORT"]
