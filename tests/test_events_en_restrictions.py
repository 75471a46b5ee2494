"""English restrictions on persons, media and groups are COERCE restrict (codebook 15, issue 17).

A passport or licence cancelled, revoked or suspended, a closure ordered,
the internet cut: state power used on persons, groups or property. What
stays a sanction (a visa revoked, aid or supplies cut) is checked too.
Every sentence is our own, written for the test.
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
        "Nicaragua cancelled the passports of dozens of exiled critics.",
        "Authorities in Moscow revoked the licence of an independent radio station.",
        "The regulator suspended the licence of a private television channel.",
        "The junta suspended the French broadcaster RFI.",
        "The government ordered the closure of three human rights groups.",
        "Ethiopia cut internet access in the Tigray region.",
        "Authorities cut off the internet in Manipur.",
    ],
)
def test_documents_media_groups_and_the_internet_restricted(text: str) -> None:
    assert types(text) == ["COERCE"]


@pytest.mark.parametrize(
    "text",
    [
        "Washington revoked the visas of four Nicaraguan officials.",
        "The United States suspended military aid to Niger.",
        "Russia cut gas supplies to Bulgaria.",
    ],
)
def test_visas_aid_and_supplies_stay_sanctions(text: str) -> None:
    assert types(text) == ["SANCTION"]
