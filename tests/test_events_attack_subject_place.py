"""An attack that is the subject names the place it struck (issue 18).

"A Russian airstrike in Kyiv, Ukraine, kills one person": the victim names
no state, the attack's own place does. Sentences written for these tests
(not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("An Israeli airstrike in Khan Younis, Gaza, kills one person.", "PSE"),
        ("A Saudi airstrike in Saada, Yemen, kills one person.", "YEM"),
    ],
)
def test_the_place_of_an_attack_subject_is_the_target(text: str, wanted: str) -> None:
    events = process_text(text, language="en").events
    assert events
    assert [a.code for a in events[0].target] == [wanted]
