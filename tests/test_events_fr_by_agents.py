"""A French event noun with a "par X" agent: X acts, its "de Y" undergoes (issue 18).

Found on the French real-news train and dev splits (``eval/real/gold/``);
every sentence here is our own, written for the test, never one of those
sentences. Each test runs the whole pipeline (``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_the_by_agent_of_an_invasion_is_its_source_and_the_invaded_its_target() -> None:
    [invasion] = [
        e
        for e in pipeline_events("L'invasion de l'Ukraine par la Russie a commencé en 2022.", "fr")
        if e.event_type == "ASSAULT"
    ]
    assert side_codes(invasion.source) == ["RUS"]
    assert side_codes(invasion.target) == ["UKR"]


def test_without_a_by_agent_the_de_complement_still_acts() -> None:
    [aid] = [
        e
        for e in pipeline_events("L'aide de la France est arrivée au Liban.", "fr")
        if e.event_type == "AID"
    ]
    assert side_codes(aid.source) == ["FRA"]
