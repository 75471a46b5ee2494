"""English companion words behind an amount or a two-word preposition (issue 17).

A lexicon row that needs a companion word ("hand" + "medicine", "close" +
"border") finds it behind the "of" of an amount or a part ("700 kg of
medicine", "some of its borders"), but not in any phrase hung on the object
("threats of attacks" is no verbal attack). Every sentence is our own.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def types(text: str) -> list[str]:
    """The event types the full pipeline codes in English ``text``."""
    return [e.event_type for e in process_text(text, language="en").events]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Norwegian volunteers handed over 300 tonnes of medicine to clinics in Gaza.", "AID"),
        ("Poland has closed some of its border crossings with Belarus.", "COERCE"),
        ("Finland closed two of its border crossings with Russia on Friday.", "COERCE"),
    ],
)
def test_a_companion_behind_an_amount_counts(text: str, wanted: str) -> None:
    assert types(text) == [wanted]


def test_a_phrase_of_the_object_is_no_companion() -> None:
    assert types("Pyongyang issued new threats of attacks on Seoul.") == ["THREATEN"]
