"""A town an attack or a siege is aimed at is its target, even in the attackers' own state.

"La ville de Goma" after "attaqué" is the patient: it stands for its state
(codebook 7.4), though the rebels who attack it are of that state too. A state
named only to say where ("près des frontières russes") stays no target of
its own act. Every sentence here is our own. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import last_sentence_event, side_codes


def test_rebels_attacking_a_town_of_their_state_target_it() -> None:
    event = last_sentence_event("Les rebelles du M23 ont attaqué la ville de Goma.", "fr")
    assert event.event_type == "ASSAULT"
    assert side_codes(event.source) == ["COD"]
    assert side_codes(event.target) == ["COD"]


def test_an_army_besieging_a_town_of_its_state_targets_it() -> None:
    event = last_sentence_event("L'armée congolaise a bouclé la ville de Goma.", "fr")
    assert side_codes(event.target) == ["COD"]


def test_a_state_named_to_say_where_is_still_no_target() -> None:
    event = last_sentence_event(
        "L'armée russe a déployé des troupes près des frontières russes.", "fr"
    )
    assert side_codes(event.target) == []
