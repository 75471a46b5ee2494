"""A verb of everyday asking that names no actor, in a sentence with no public life, is no event.

The codebook (3.1) codes an act done by or to a political actor: a
neighbour asking for help is none. Requests of an official, and claims
("réclamer la libération"), stay. Found on the French real-news train and
dev sentences; every sentence here is our own. Each test runs the whole
pipeline (``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import pipeline_events


def _types(text: str) -> list[str]:
    return [e.event_type for e in pipeline_events(text, "fr")]


def test_a_neighbour_asking_for_help_is_no_request() -> None:
    assert "REQUEST" not in _types("Le voisin m'a demandé de l'aider à porter ses valises.")


def test_a_form_the_lemmatiser_keeps_is_read_as_its_verb() -> None:
    # The French lemmatiser keeps "demande" for the verb: the guessed "demander" is the cue.
    assert "REQUEST" not in _types("Le client demande que la commande soit livrée demain.")


def test_a_minister_s_request_stays() -> None:
    text = "Le ministre demande au gouvernement de retirer le texte."
    assert "REQUEST" in _types(text)


def test_a_claim_stays_even_with_no_known_actor() -> None:
    assert "REQUEST" in _types("Des habitants réclament la libération des prisonniers.")


def test_the_opposition_is_public_life() -> None:
    assert "REQUEST" in _types("L'opposition demande un nouveau débat sur la réforme.")
