"""French "renforcer" a military set-up is MOBILIZE, a partnership COOPERATE (issue 17).

Codebook MOBILIZE lists reinforcements and build-ups of forces and weapons
short of using them; strengthening ties between actors stays COOPERATE.
Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_reinforcing_a_military_deployment_is_mobilize() -> None:
    text = "L'Inde a renforcé son dispositif militaire le long de la frontière."
    assert _types(text) == ["MOBILIZE"]


def test_building_up_a_nuclear_arsenal_is_mobilize() -> None:
    assert _types("Pyongyang veut renforcer son arsenal nucléaire.") == ["MOBILIZE"]


def test_strengthening_nuclear_capacity_is_mobilize() -> None:
    assert _types("L'Iran veut renforcer sa capacité nucléaire.") == ["MOBILIZE"]


def test_a_reinforcement_of_troops_is_mobilize() -> None:
    text = "Le Pentagone a annoncé le renforcement des effectifs américains en Pologne."
    assert _types(text) == ["MOBILIZE"]


def test_strengthening_military_cooperation_stays_cooperate() -> None:
    text = "Paris et Rome ont renforcé leur coopération militaire."
    assert _types(text) == ["COOPERATE"]
