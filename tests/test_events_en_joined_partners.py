"""Whom a source joins in an act is a source too (issue 18, codebook 5.4).

"X joined Y in calling for …": both do the call. Sentences written for these
tests (not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from events_helpers import only_event, side_codes


@pytest.mark.parametrize(
    ("text", "wanted", "codes"),
    [
        (
            "Canada joined Australia and Japan in condemning the missile test.",
            "ACCUSE",
            ["CAN", "AUS", "JPN"],
        ),
        (
            "The Austrian chancellor and the Finnish interior minister joined the Italian "
            "prime minister in calling for sanctions on Belarus.",
            "REQUEST",
            ["AUT", "FIN", "ITA"],
        ),
    ],
)
def test_the_partner_joined_in_an_act_is_a_source(text: str, wanted: str, codes: list[str]) -> None:
    event = only_event(text, "en", wanted)
    assert side_codes(event.source) == codes
