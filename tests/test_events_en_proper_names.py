"""A capitalised noun that completes a body's proper name is part of the name, not an act.

"the Organization of Islamic Cooperation", "the Federal Bureau of
Investigation": the trigger word is a word of the name (codebook 3.2, a
mere mention). Names written as compounds ("the Gulf Cooperation Council")
were already dropped; these hang on "of" or "for". The same word written in
lower case stays an act. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import event_types


def test_cooperation_in_an_organisation_name_is_no_event() -> None:
    text = "Farmers demanded the intervention of the Organization of Islamic Cooperation."
    assert event_types(text, "en") == ["REQUEST"]


def test_investigation_in_a_bureau_name_is_no_event() -> None:
    text = "Agents of the Federal Bureau of Investigation arrested two men in Ohio."
    assert event_types(text, "en") == ["COERCE"]


def test_the_same_word_in_lower_case_is_still_an_act() -> None:
    text = "Police in Ohio arrested two men during an investigation of fraud."
    assert "COERCE" in event_types(text, "en")
    text = "France and Italy stepped up their cooperation against smuggling."
    assert event_types(text, "en") == ["COOPERATE"]
