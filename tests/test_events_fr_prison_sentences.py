"""French prison sentences are COERCE arrest, not condemnations (issue 17, codebook 3.3).

"Condamné à deux ans de prison" sends someone to prison: COERCE `arrest`. A
conviction without prison is ACCUSE `allege`; a state that "condamne" an
act still condemns it (ACCUSE `disapprove`). Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _coded(text: str) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.mode) for e in pipeline_events(text, "fr")]


def test_a_prison_sentence_is_an_arrest() -> None:
    assert _coded("L'opposant a été condamné à deux ans de prison.") == [("COERCE", "arrest")]


def test_a_conviction_noun_with_prison_is_an_arrest() -> None:
    text = "Sa condamnation à dix ans de prison a été confirmée par la cour d'appel."
    assert _coded(text) == [("COERCE", "arrest")]


def test_a_fine_from_a_court_is_a_conviction() -> None:
    text = "Le militant a été condamné à une amende par le tribunal de Lyon."
    assert ("ACCUSE", "allege") in _coded(text)


def test_a_state_condemning_an_attack_still_condemns() -> None:
    assert _coded("La France a condamné l'attaque contre le Japon.") == [("ACCUSE", "disapprove")]
