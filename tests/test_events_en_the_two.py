""" "The two" and "the two countries" refer back to the two states just named (issue 18).

When no coordinated pair was written ("X held talks with Y"), the pair is the
last two states the article named. Sentences written for these tests (not in
any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from events_helpers import only_event, side_codes


@pytest.mark.parametrize(
    "text",
    [
        "Ghana's foreign minister held talks with the Togolese president in Lome on Monday. "
        "The two agreed to reopen the border.",
        "Ghana's foreign minister held talks with the Togolese president in Lome on Monday. "
        "The two countries agreed to reopen the border.",
    ],
)
def test_the_two_are_the_last_two_states_named(text: str) -> None:
    event = only_event(text, "en", "AGREE")
    assert sorted(side_codes(event.source)) == ["GHA", "TGO"]
    assert not event.target


def test_the_two_women_are_no_pair() -> None:
    text = (
        "Ghana's foreign minister held talks with the Togolese president on Monday. "
        "The two women were arrested in Accra on Tuesday."
    )
    event = only_event(text, "en", "COERCE")
    assert "TGO" not in side_codes(event.target)
