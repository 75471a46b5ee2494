"""What is filed in court is a legal accusation: ACCUSE allege (codebook 3.3, issue 17).

Filed charges are no arrest, and a filed appeal is no plea for help. Every
sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def test_filed_charges_are_an_accusation() -> None:
    text = "Canadian prosecutors filed charges against two Chinese nationals."
    assert types_and_modes(text, "en") == [("ACCUSE", "allege")]


def test_a_filed_appeal_is_an_accusation() -> None:
    assert types_and_modes("Japan filed an appeal against the ruling.", "en") == [
        ("ACCUSE", "allege")
    ]


def test_a_filed_report_is_no_event() -> None:
    assert types_and_modes("Canadian police filed a report on the incident.", "en") == []
