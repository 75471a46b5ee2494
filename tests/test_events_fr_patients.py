"""The patient of one verb is not the source of the next (issue 18, step 12 of the sides).

Found on the French real-news train and dev splits (``eval/real/gold/``);
every sentence here is our own, written for the test, never one of those
sentences. Each test runs the whole pipeline (``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_protesters_arrested_are_not_the_source_of_the_wounding_after() -> None:
    events = pipeline_events(
        "La police a dispersé le rassemblement à Lyon. "
        "Trois manifestants ont été interpellés et deux policiers ont été blessés.",
        "fr",
    )
    [wounded] = [e for e in events if e.trigger.text == "blessés"]
    assert side_codes(wounded.source) == []
    assert side_codes(wounded.target) == ["FRA"]


def test_an_actor_before_the_trigger_is_still_its_source() -> None:
    events = pipeline_events("Selon l'AFP, l'armée malienne, lundi, a bombardé Kidal.", "fr")
    [strike] = [e for e in events if e.event_type == "ASSAULT"]
    assert side_codes(strike.source) == ["MLI"]
