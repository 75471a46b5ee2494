"""Offices only one state has take that state when the text names none (issue 18).

French regional news says "le préfet", "les gendarmes de <commune>" without
naming France; the gold codes them FRA. The sentences are our own.
"""

from __future__ import annotations

from datetime import date

from veille.actors import get_resolver
from veille.nlp import load_pipeline


def countries(text: str) -> dict[str, str | None]:
    """The country of each mention the French resolver finds in ``text``."""
    doc = load_pipeline("fr")(text)
    mentions = get_resolver("fr").resolve_mentions(doc, as_of=date(2020, 5, 4))
    return {m.text: m.country for m in mentions}


def test_a_prefect_with_no_state_named_is_french() -> None:
    assert countries("Le préfet a interdit la manifestation de samedi.")["préfet"] == "FRA"


def test_gendarmes_of_an_unknown_commune_are_french() -> None:
    found = countries("Les gendarmes de Saint-Prix ont ouvert une enquête.")
    assert found["gendarmes"] == "FRA"


def test_a_state_the_text_names_comes_first() -> None:
    found = countries("Au Cameroun, les gendarmes ont dispersé la foule.")
    assert found["gendarmes"] == "CMR"


def test_police_take_no_home_state() -> None:
    assert countries("Les policiers ont interpellé deux jeunes.")["policiers"] is None
