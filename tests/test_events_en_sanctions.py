"""English sanctions the lexicon missed: leaving a treaty or talks, trade bans, terror lists.

Codebook 13: leaving a treaty, an organisation or talks is SANCTION
withdraw; embargoes, export bans and renewed sanctions are SANCTION; a foreign
group listed as terrorist is sanctioned, while a person labelled a foreign
agent at home is restricted (COERCE, codebook 15). Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    "text",
    [
        "Washington withdrew from the nuclear deal with Iran.",
        "Trump pulled the United States out of the Paris climate accord.",
        "Hungary will quit the International Criminal Court.",
        "Burkina Faso will leave the alliance.",
        "China banned exports of drones to Ukraine.",
        "The US imposed an export ban on chips to China.",
        "Congress voted to renew the sanctions on Iran.",
        "The State Department designates the Balochistan Liberation Army as a Foreign"
        " Terrorist Organization.",
    ],
)
def test_sanctions(text: str) -> None:
    assert types(text) == ["SANCTION"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # forces pulling out of a place step back; an official quitting his post resigns
        ("Russian troops pulled out of Kherson.", "RETREAT"),
        ("The minister quit his post on Friday.", "RETREAT"),
        # a person labelled a foreign agent at home is restricted
        ("Russia designates a Moscow film director as a foreign agent.", "COERCE"),
        # a ban on a party stays a ban
        ("The government banned the opposition party.", "COERCE"),
    ],
)
def test_near_senses_keep_their_type(text: str, wanted: str) -> None:
    assert types(text) == [wanted]
