"""An arrest warrant issued is a threat of arrest (codebook 3.3, THREATEN mode null).

A warrant is issued for someone the issuer does not hold; the codebook codes
it THREATEN, and the CAMEO row that made it a demand (REQUEST) is
replaced. A statement issued stays no event. Every sentence is our own.
"""

from __future__ import annotations

from veille.engine import process_text


def coded(text: str) -> list[tuple[str, str | None]]:
    """The event types and modes the full pipeline codes in English ``text``."""
    return [(e.event_type, e.mode) for e in process_text(text, language="en").events]


def test_an_arrest_warrant_issued_is_a_threat() -> None:
    text = "Iran issues an arrest warrant for the former Israeli defence minister."
    assert coded(text) == [("THREATEN", None)]


def test_a_statement_issued_stays_no_event() -> None:
    assert coded("The ministry issued a statement on the arrests.") == []
