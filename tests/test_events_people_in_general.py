"""People in general ("personnes") as the only side of harm name no political actor (issue 18).

A count of people hurt or killed whose state comes only from the place
("Vingt personnes ont été tuées" after a bus fell into a ravine) names
who was hurt, not who acted: with no word of public life or armed violence
it stays private or accidental harm (codebook 3.4), as it was before the
word had a side. Every sentence here is our own, written for the test. The
mention of "personnes" is made by hand, as the resolver makes it once
``roles.tsv`` lists the word, so these tests do not depend on that row.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from events_helpers import article_for
from veille.events import get_coder
from veille.nlp import load_pipeline
from veille.records import Event, Mention


@pytest.fixture(scope="session")
def fr() -> Language:
    return load_pipeline("fr")


def code(nlp: Language, text: str, country: str) -> tuple[Event, ...]:
    """Code ``text`` with "personnes" resolved as civilians of ``country``, as the resolver does."""
    at = text.index("personnes")
    people = Mention(at, at + len("personnes"), "personnes", "role", None, ("CVL",), country)
    doc = nlp(text)
    return get_coder("fr").code(doc, article_for(text, "fr"), [people])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Un car est tombé dans un ravin au Pérou. Dix-huit personnes ont été tuées.", "PER"),
        ("Un immeuble s'est écroulé à Lagos. Onze personnes ont été blessées.", "NGA"),
        ("Une querelle a dégénéré dans un bar. Deux personnes ont été poignardées.", "FRA"),
    ],
)
def test_people_in_general_hurt_are_no_political_side(
    fr: Language, text: str, country: str
) -> None:
    assert [e.event_type for e in code(fr, text, country)] == []


def test_people_hurt_in_armed_violence_stay_an_attack(fr: Language) -> None:
    text = "Des rebelles ont attaqué un village du Kivu : quinze personnes ont été tuées."
    assert "ASSAULT" in [e.event_type for e in code(fr, text, "COD")]


def test_people_arrested_by_the_police_stay_an_arrest(fr: Language) -> None:
    text = "La police a interpellé douze personnes à Dakar."
    assert [e.event_type for e in code(fr, text, "SEN")] == ["COERCE"]


@pytest.mark.parametrize("hurt", ["blessées", "tuées"])
def test_people_counted_next_to_an_attack_are_its_toll(fr: Language, hurt: str) -> None:
    # The attack's target is Japan's embassy; the people hurt take Nigeria from the
    # town: different codes, but people in general contradict no side. "tuées" is a
    # form of "tué" (the stem once kept two letters before "ées").
    text = f"Des hommes armés ont attaqué l'ambassade du Japon, et neuf personnes ont été {hurt}."
    at, japan = text.index("personnes"), text.index("Japon")
    mentions = [
        Mention(japan, japan + len("Japon"), "Japon", "country", "JPN", ("GOV",), "JPN"),
        Mention(at, at + len("personnes"), "personnes", "role", None, ("CVL",), "NGA"),
    ]
    events = get_coder("fr").code(fr(text), article_for(text, "fr"), mentions)
    assert [e.event_type for e in events] == ["ASSAULT"]
