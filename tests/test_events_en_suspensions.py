"""English suspensions (codebook 7 and 13, issue 17).

Suspending sanctions, an embargo or tariffs eases them (RETREAT ease); any
other suspension of a relation with another actor (aid, trade, a treaty, a
membership, flights, talks, an accreditation) stays a SANCTION. Every
sentence is our own.
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
        "The EU suspended sanctions on Syria for six months.",
        "Japan suspended its planned tariffs on Chinese steel.",
        "Washington suspended its embargo on Cuban cigars.",
    ],
)
def test_suspending_sanctions_eases_them(text: str) -> None:
    assert coded(text) == [("RETREAT", "ease")]


@pytest.mark.parametrize(
    "text",
    [
        "Washington suspended its military aid to Niger.",
        "Peru suspends fish exports to Chile and announces a 20% tariff on Chilean wine.",
        "Iran suspended talks on sanctions relief with the Europeans.",
        "Russia suspended its participation in the New START treaty.",
        "The African Union suspended Mali's membership.",
        "Italy suspended flights to Tunisia.",
        "Moscow suspended the accreditation of a BBC journalist.",
    ],
)
def test_other_suspensions_of_a_relation_stay_sanctions(text: str) -> None:
    assert [t for t, _ in coded(text)] == ["SANCTION"]
