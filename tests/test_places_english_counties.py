"""Counties of England are British places, not American towns of the same name (issue 18).

"La police du Kent" used to resolve Kent to a town of Washington state and the
police to the United States. Sentences written for these tests (not in any
gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("La police du Kent a ouvert une enquête après l'incendie.", "Kent"),
        ("Deux hommes ont été arrêtés dans l'Essex par la police.", "Essex"),
        ("La police du Yorkshire recherche un suspect.", "Yorkshire"),
    ],
)
def test_an_english_county_is_in_britain(text: str, county: str) -> None:
    places = [p for p in process_text(text, language="fr").places if p.text == county]
    assert [p.country for p in places] == ["GBR"]


def test_the_police_of_an_english_county_are_british() -> None:
    mentions = process_text("La police du Kent a ouvert une enquête.", language="fr").mentions
    assert [m.country for m in mentions if m.text == "police"] == ["GBR"]


def test_a_us_town_named_with_its_state_stays_american() -> None:
    places = process_text("Police in Kent, Washington, arrested two men.", language="en").places
    assert [p.country for p in places if p.text == "Kent"] == ["USA"]
