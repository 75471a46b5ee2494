"""A point of the compass is a state's region only when the article names that state (issue 18).

Burkina Faso and Haiti name first-level regions Nord, Est, Centre, but
French writes "le Nord du pays", "l'Est", "au Centre culturel" of any
country: such a word gave the place, and then the actors around it, the
code BFA. Found on the French real-news train and dev splits; every
sentence here is our own. Each test runs the whole pipeline.
"""

from __future__ import annotations

from veille.engine import process_text


def place_countries(text: str) -> dict[str, str | None]:
    """The places the pipeline finds in the French ``text``, with their countries."""
    return {p.text: p.country for p in process_text(text, language="fr").places}


def test_the_north_of_an_unnamed_country_is_no_region_of_burkina_faso() -> None:
    assert "Nord" not in place_countries("L'armée a attaqué les rebelles dans le Nord du pays.")


def test_a_centre_that_opens_an_institution_name_is_no_region() -> None:
    places = place_countries("Un homme a ouvert le feu au Centre hospitalier de Tours.")
    assert "Centre" not in places
    assert places["Tours"] == "FRA"


def test_the_east_stays_a_region_when_the_article_names_its_state() -> None:
    places = place_countries(
        "Au Burkina Faso, des hommes armés ont attaqué un poste de police dans l'Est."
    )
    assert places["Est"] == "BFA"
