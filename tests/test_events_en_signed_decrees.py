"""Signing a decree, an executive order or a bill is no agreement (codebook 3.2).

Laws and decrees are a state's own acts, not events (§3.2); what a decree
orders is coded when it is an act of its own. Signing a treaty or a deal
with another party stays AGREE. Every sentence is our own.
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
        "Putin signs a decree renaming the airport in Volgograd.",
        "The Kenyan president signed the finance bill into law.",
    ],
)
def test_a_signed_decree_or_bill_is_no_agreement(text: str) -> None:
    assert types(text) == []


def test_a_signed_treaty_stays_an_agreement() -> None:
    assert types("Russia and China signed a trade agreement in Beijing.") == ["AGREE"]
