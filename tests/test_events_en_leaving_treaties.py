"""English: pulling out of or quitting a treaty, an organisation or talks (codebook 13, issue 17).

Leaving a treaty, an organisation or talks is SANCTION withdraw. Forces pulled
out stay RETREAT, a minister quitting a post stays what it was, and a firm's
deal or a party's domestic coalition is no treaty. Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def coded(text: str) -> list[tuple[str, str | None]]:
    """The (type, mode) of each event the full pipeline codes in English ``text``."""
    return [(e.event_type, e.mode) for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    "text",
    [
        "Burkina Faso pulled out of the regional bloc.",
        "The president said he was pulling his country out of the arms control treaty.",
        "Mali quit the ECOWAS bloc.",
        "Pyongyang quit the disarmament talks in 2009.",
        "The Iranian delegation walked out of the talks in Vienna.",
    ],
)
def test_leaving_a_treaty_an_organisation_or_talks_is_a_sanction(text: str) -> None:
    assert coded(text) == [("SANCTION", "withdraw")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia pulled its troops out of Kherson.", [("RETREAT", "withdraw")]),
        (
            "France pulled its soldiers out of Niger after the treaty expired.",
            [("RETREAT", "withdraw")],
        ),
        ("A junior partner quit the coalition on Wednesday.", []),
        ("The opposition walked out of parliament.", [("PROTEST", "boycott")]),
    ],
)
def test_near_misses_keep_their_coding(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert coded(text) == expected


def test_a_firm_pulling_out_of_a_deal_is_no_sanction() -> None:
    assert "SANCTION" not in [
        t for t, _ in coded("The company pulled out of the deal to buy the port.")
    ]
