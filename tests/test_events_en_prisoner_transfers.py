"""A prisoner transferred to another state to serve his sentence there is COOPERATE.

Codebook 4.5 lists extradition and handing suspects over to another state's
justice as material cooperation; a transfer of prisoners to serve their
sentences at home is the same judicial cooperation (CAMEO 063). A patient
transferred to a hospital stays no event. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import event_types, only_event


def test_prisoners_transferred_to_serve_their_sentences_is_cooperation() -> None:
    text = (
        "Indonesia transferred two British prisoners to Britain to serve their sentences at home."
    )
    event = only_event(text, "en", "COOPERATE")
    assert event.cameo == "063"


def test_an_agentless_transfer_to_serve_a_sentence_is_cooperation() -> None:
    text = (
        "Two Australian drug convicts are transferred to Australia"
        " to serve the rest of their sentences."
    )
    assert event_types(text, "en") == ["COOPERATE"]


def test_a_patient_transferred_to_a_hospital_is_no_event() -> None:
    text = "The injured driver was transferred to a hospital in Lyon on Friday."
    assert event_types(text, "en") == []
