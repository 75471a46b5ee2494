"""An arrest made in an investigation is two acts of justice (codebook 3.3, issue 17).

"detained ... in an investigation into X" codes the detention (COERCE) and the
investigation (ACCUSE investigate); a noun a threat or a demand governs stays
its content. Every sentence is our own.
"""

from __future__ import annotations

from veille.engine import process_text


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in process_text(text, language="en").events]


def test_a_detention_in_an_investigation_is_also_the_investigation() -> None:
    text = "Kenyan police detained four officials in an investigation into the sale of land."
    assert types(text) == ["COERCE", "ACCUSE"]


def test_an_arrest_during_an_inquiry_codes_both() -> None:
    text = "Brazilian police arrested the mayor in an investigation into bribes."
    assert types(text) == ["COERCE", "ACCUSE"]


def test_a_threatened_investigation_stays_the_threat() -> None:
    assert types("China threatened an investigation of Japanese firms.") == ["THREATEN"]


def test_an_arrest_with_no_inquiry_named_is_one_event() -> None:
    assert types("Kenyan police detained four officials in Nairobi.") == ["COERCE"]


def test_an_inquiry_the_arrest_came_after_is_background() -> None:
    text = (
        "Italian police broke up a drug network, seizing two tonnes of heroin"
        " and arresting 40 people after a two-year investigation."
    )
    assert "ACCUSE" not in types(text)
