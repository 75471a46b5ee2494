"""French "ce dernier" and "celle-ci" refer back to the last noun of their gender (issue 18).

"Le président russe a reçu le président turc. Ce dernier a condamné
l'attaque": the phrase stands for the noun named last before it, of its
gender and number, here the Turkish president (codebook 7.8,
``coreference`` when it lies in an earlier sentence). Without this rule the
coder carried the last event's sides over (Russia as the source) or took
what the words hung on the phrase name. The pattern is common in the French
real-news train and dev splits (``eval/real/gold/``); every sentence here is
our own, written for the test. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import last_sentence_event, pipeline_events, side_codes
from veille.records import Event


def last_event(text: str) -> Event:
    """The event coded in the last sentence of the French ``text``."""
    return last_sentence_event(text, "fr")


def test_ce_dernier_is_the_last_person_named_not_the_last_event_source() -> None:
    event = last_event(
        "Le président russe Vladimir Poutine a reçu le président turc Recep Tayyip Erdogan. "
        "Ce dernier a condamné l'attaque."
    )
    assert side_codes(event.source) == ["TUR"]
    assert event.source[0].how == "coreference"


def test_cette_derniere_skips_a_noun_of_the_other_gender() -> None:
    event = last_event(
        "L'armée syrienne tient toujours le quartier. Cette dernière a bombardé un village."
    )
    assert side_codes(event.source) == ["SYR"]


def test_ce_dernier_in_its_own_sentence_is_the_noun_before_it() -> None:
    events = pipeline_events(
        "Le syndicat a refusé de rencontrer le président Emmanuel Macron, "
        "estimant que ce dernier avait trahi ses promesses.",
        "fr",
    )
    [refusal] = [e for e in events if e.event_type == "REJECT"]
    assert side_codes(refusal.target) == ["FRA"]


def test_what_hangs_on_ce_dernier_is_not_its_referent() -> None:
    event = last_event(
        "Les jihadistes se sont réclamés de l'État islamique. "
        "Ce dernier, chassé de ses bastions au nord de l'Irak, a revendiqué l'attentat."
    )
    assert [ref.text for ref in event.source] == ["État islamique"]


def test_a_last_noun_that_is_no_actor_gives_no_source() -> None:
    event = last_event(
        "Le gouvernement japonais a relevé les taxes des chauffeurs. "
        "Ces derniers ont manifesté devant le ministère."
    )
    assert "JPN" not in side_codes(event.source)


def test_celle_ci_is_the_last_singular_noun() -> None:
    event = last_event(
        "Le ministre italien a reçu la chancelière allemande. Celle-ci a promis une aide."
    )
    assert side_codes(event.source) == ["DEU"]
