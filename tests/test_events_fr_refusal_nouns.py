"""French "refus" with its actor is REJECT, as the verb "refuser" is (issue 17).

Codebook REJECT and §5.1 (events carried by nouns): "son refus de
coopérer", "le refus du gouvernement de négocier" report the refusal. A
driver's "refus d'obtempérer" is a traffic offence between the police and
a private person, no event (§3.2). Every sentence here is our own.
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_a_state_refusal_with_its_actor_is_a_rejection() -> None:
    text = "Le refus du Canada de ratifier la convention a irrité ses partenaires européens."
    assert "REJECT" in _types(text)


def test_a_possessive_refusal_is_a_rejection() -> None:
    text = "Le Japon a confirmé son refus de toute médiation avec la Chine."
    assert "REJECT" in _types(text)


def test_a_refusal_to_comply_with_police_is_no_event() -> None:
    text = "Un automobiliste a été placé en garde à vue pour refus d'obtempérer à Lille."
    assert "REJECT" not in _types(text)
