"""Protesters, strikers or a firm do not command their country's police (issue 18).

"Des manifestants ont attaqué des policiers": the police of the protesters'
country are the target, not forces the protesters move (codebook 7.1, 7.4).
Only a state, or one of its organs, has "its own" soldiers and police that
the side search looks past. Pattern found on the real-news train and dev
splits (``eval/real/gold/``); every sentence here is our own. Each test runs
the whole pipeline.
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_protesters_attacking_police_target_the_police() -> None:
    [event] = pipeline_events("Des manifestants ont attaqué des policiers à Marseille.", "fr")
    assert event.event_type == "ASSAULT"
    assert side_codes(event.target) == ["FRA"]
    assert event.target[0].sector == "COP"


def test_strikers_hitting_gendarmes_keep_the_gendarmes_as_target() -> None:
    [event] = pipeline_events("Des grévistes français ont frappé deux gendarmes mardi.", "fr")
    assert side_codes(event.target) == ["FRA"]


def test_a_state_still_moves_its_own_soldiers() -> None:
    [event] = pipeline_events("L'armée française a déployé des soldats à Lyon.", "fr")
    assert all(ref.sector != "MIL" for ref in event.target)
