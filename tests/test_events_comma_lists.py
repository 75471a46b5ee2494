"""A list of states closed by "et" is one side, however the parser split it (issue 18).

Codebook 5.4: one act with coordinated subjects is one event with every
party as source. Found on the French real-news train split; the sentences
are our own, written for the test.
"""

from __future__ import annotations

from veille.engine import process_text


def sources(text: str, wanted: str) -> list[str | None]:
    """The source codes of the one event of type ``wanted`` in the French ``text``."""
    [event] = [e for e in process_text(text, language="fr").events if e.event_type == wanted]
    return [ref.code for ref in event.source]


def test_a_comma_list_of_states_after_a_fronted_phrase_is_one_side() -> None:
    text = (
        "Dans la nuit du mardi, le Koweït, l'Égypte, le Bahreïn, les Émirats Arabes Unis, "
        "le Soudan et la Jordanie ont rompu leurs relations avec l'Iran."
    )
    assert sources(text, "SANCTION") == ["KWT", "EGY", "BHR", "ARE", "SDN", "JOR"]


def test_a_comma_after_a_fronted_phrase_joins_nothing() -> None:
    text = "Selon la Russie, la Chine et l'Inde ont signé un accord gazier."
    assert sources(text, "AGREE") == ["CHN", "IND"]
