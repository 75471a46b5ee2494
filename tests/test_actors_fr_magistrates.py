"""French "magistrat": a judge, and "le premier magistrat" of a town, its mayor (issue 18).

"Un magistrat" is a judge or a prosecutor (JUD), as the plural "magistrats"
already was; "le premier magistrat de la ville" is the mayor (GOV). Both take
their state from context like any role word (codebook 7.3, 7.8 ``context``).
Every sentence here is our own. Each test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import last_sentence_event, side_codes


def test_a_magistrate_who_frees_a_suspect_is_the_source() -> None:
    event = last_sentence_event(
        "La police belge a arrêté un militant lundi à Liège. "
        "Mardi, le militant a été présenté à un magistrat qui l'a remis en liberté.",
        "fr",
    )
    assert side_codes(event.source) == ["BEL"]
    assert event.source[0].sector == "JUD"


def test_the_first_magistrate_of_a_town_is_its_mayor() -> None:
    event = last_sentence_event(
        "Les habitants de Namur ont manifesté contre le projet du gouvernement belge. "
        "Ils dénoncent l'inaction du premier magistrat de la ville.",
        "fr",
    )
    assert side_codes(event.target) == ["BEL"]
    assert event.target[0].sector == "GOV"
