"""French "signer" a player is a sports transfer, no AGREE (issue 17).

Codebook §3.2: sport, transfers included ("signed for Arsenal"), codes
nothing; states signing a treaty stay AGREE. Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_signing_a_striker_is_no_agreement() -> None:
    text = "Le club a dépensé 40 millions d'euros pour signer l'attaquant norvégien Erik Lund."
    assert "AGREE" not in _types(text)


def test_states_signing_a_treaty_agree() -> None:
    text = "Le Japon et le Canada ont signé un traité de libre-échange à Tokyo."
    assert "AGREE" in _types(text)
