"""A group written as a known person's own takes that person's state (issue 18).

"le régime de Kim Jong-un", "le gouvernement de Viktor Orban": the group is
the person's (codebook 7.5), even when the sentence names another state
first, which the context pass used to give it. Pattern found on the
real-news train and dev splits (``eval/real/gold/``); every sentence here is
our own, written for the test. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes


def test_the_government_of_a_known_leader_is_that_leaders_state() -> None:
    [event] = pipeline_events(
        "Le ministre français a vivement critiqué le gouvernement de Viktor Orban.", "fr"
    )
    assert side_codes(event.source) == ["FRA"]
    assert side_codes(event.target) == ["HUN"]


def test_a_regime_named_by_its_leader_is_not_the_speakers_state() -> None:
    [event] = pipeline_events(
        "Le dirigeant américain dénonce l'hostilité du régime de Kim Jong-un.", "fr"
    )
    assert side_codes(event.target) == ["PRK"]


def test_a_group_with_no_owner_still_takes_the_sentences_state() -> None:
    [event] = pipeline_events("Le président russe a critiqué le gouvernement mardi.", "fr")
    assert side_codes(event.target) == ["RUS"]
