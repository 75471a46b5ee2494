"""French sentences that report more than their main verb's act (issue 17, French articles).

Found on the French real-news train and dev articles (``eval/real/gold/``);
every sentence here is our own, written for the test, never one of those
sentences. Each test runs the whole pipeline (``veille.process_text``).
"""

from __future__ import annotations

from events_helpers import only_event, pipeline_events, side_codes


def test_an_official_arriving_in_another_state_s_capital_pays_a_visit() -> None:
    # Codebook, CONSULT visit: an arrival in another state's capital is a visit.
    visit = only_event(
        "Le ministre japonais des Affaires étrangères est arrivé mardi à Pékin.", "fr", "CONSULT"
    )
    assert visit.mode == "visit"
    assert side_codes(visit.source) == ["JPN"]
    assert side_codes(visit.target) == ["CHN"]


def test_a_trip_inside_one_s_own_country_is_no_visit() -> None:
    # Nobody of another state is met (the dev ruling on a visit to one's own region).
    text = "Emmanuel Macron s'est rendu jeudi à Lille pour inaugurer une école."
    assert "CONSULT" not in [e.event_type for e in pipeline_events(text, "fr")]


def test_aid_that_arrives_stays_aid_and_is_no_visit() -> None:
    events = pipeline_events("Les livraisons d'armes allemandes sont arrivées en Ukraine.", "fr")
    assert [e.event_type for e in events] == ["AID"]
