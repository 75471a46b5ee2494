"""A civilian attacker coded by the country it is in still aims at the place it attacks (issue 18).

"Un suspect armé a ouvert le feu … à Québec": the suspect takes Canada from
the town, and the place attacked stands for Canada (codebook 4.16). Every
sentence here is our own. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_an_armed_suspect_shooting_in_a_town_targets_its_country() -> None:
    [attack] = [
        e
        for e in pipeline_events(
            "Un suspect armé a ouvert le feu sur des fidèles dans une mosquée de Québec.", "fr"
        )
        if e.event_type == "ASSAULT"
    ]
    assert side_codes(attack.target) == ["CAN"]
