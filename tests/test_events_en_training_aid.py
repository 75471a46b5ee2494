"""Training another actor's forces is AID; one side's forces training stay MOBILIZE.

The codebook's MOBILIZE vs AID boundary: troops sent to protect or train an
ally are AID. "Train" is a MOBILIZE trigger (exercises, drills); with a
direct object that is another actor's forces, the act helps that actor (AID,
CAMEO 072). Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import only_event, side_codes, types_and_modes


def test_training_another_states_army_is_aid() -> None:
    event = only_event("Germany trains the Nigerien army near Niamey.", "en", "AID")
    assert event.cameo == "072"
    assert side_codes(event.source) == ["DEU"]
    assert side_codes(event.target) == ["NER"]


def test_instructors_staying_to_train_an_allied_army_is_aid() -> None:
    text = "Spain says 40 Spanish instructors will stay in Mali to train the Malian army."
    assert ("AID", None) in types_and_modes(text, "en")


def test_ones_own_troops_training_stay_mobilize() -> None:
    text = "Russian troops train near the border with Belarus."
    assert ("AID", None) not in types_and_modes(text, "en")
