"""Armed groups of no single country take the country where they act (codebook 7.6, issue 18).

Sentences written for these tests (not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def codes(text: str) -> list[tuple[list[str | None], list[str | None]]]:
    events = process_text(text, language="en").events
    return [([a.code for a in e.source], [a.code for a in e.target]) for e in events]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Islamic State fighters stormed a prison in Hasakah, Syria.", (["SYR"], ["SYR"])),
        ("Nigerian troops killed twenty ISIS militants in Borno, Nigeria.", (["NGA"], ["NGA"])),
        ("Al-Qaeda gunmen attacked a hotel in Mogadishu, Somalia.", (["SOM"], ["SOM"])),
    ],
)
def test_a_stateless_armed_group_is_coded_by_the_place_of_its_act(
    text: str, wanted: tuple[list[str], list[str]]
) -> None:
    assert codes(text)[0] == wanted


def test_a_stateless_armed_group_keeps_its_code_when_nothing_places_the_act() -> None:
    found = codes("Islamic State fighters attacked the convoy.")
    assert found
    assert found[0][0] == ["ISIS"]
