"""French "renforcer" a military set-up is MOBILIZE, a partnership COOPERATE (issue 17).

Codebook MOBILIZE lists reinforcements and build-ups of forces and weapons
short of using them; strengthening ties between actors stays COOPERATE.
Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_reinforcing_a_military_deployment_is_mobilize() -> None:
    text = "L'Inde a renforcé son dispositif militaire le long de la frontière."
    assert event_types(text, "fr") == ["MOBILIZE"]


def test_building_up_a_nuclear_arsenal_is_mobilize() -> None:
    assert event_types("Pyongyang veut renforcer son arsenal nucléaire.", "fr") == ["MOBILIZE"]


def test_strengthening_nuclear_capacity_is_mobilize() -> None:
    assert event_types("L'Iran veut renforcer sa capacité nucléaire.", "fr") == ["MOBILIZE"]


def test_a_reinforcement_of_troops_is_mobilize() -> None:
    text = "Le Pentagone a annoncé le renforcement des effectifs américains en Pologne."
    assert event_types(text, "fr") == ["MOBILIZE"]


def test_strengthening_military_cooperation_stays_cooperate() -> None:
    text = "Paris et Rome ont renforcé leur coopération militaire."
    assert event_types(text, "fr") == ["COOPERATE"]
