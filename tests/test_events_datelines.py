"""A dateline is not coded: its agency is no actor, its place no actor of the first sentence.

"BAMAKO, 3 mars (AFP) – Des manifestants ont défilé …": the parser glues the
dateline to the first sentence, so the agency (AFP, a French firm) became the
demonstrators' state, or the source of the act, and the dateline's place the
author of an unclaimed attack (issue 18; codebook section 9). The place
still tells whose the article is. Sentences written for these tests; each
test runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import pipeline_events, side_codes
from veille.engine import process_text


def test_the_agency_of_a_dateline_gives_no_group_its_state() -> None:
    [march] = pipeline_events(
        "BAMAKO, 3 mars (AFP) – Des milliers de manifestants ont défilé contre la vie chère.",
        "fr",
    )
    assert side_codes(march.source) == ["MLI"]
    assert march.source[0].how == "context"


def test_the_agency_of_an_english_dateline_is_no_actor() -> None:
    [march] = pipeline_events(
        "KYIV, March 3 (Reuters) - Thousands of protesters marched against the government.",
        "en",
    )
    assert "GBR" not in side_codes(march.source)


def test_the_place_of_a_dateline_is_no_author_of_an_unclaimed_attack() -> None:
    [attack] = pipeline_events(
        "BAMAKO, 3 mars (AFP) – Des hommes armés ont attaqué un village du centre du pays.", "fr"
    )
    assert [ref.text for ref in attack.source if ref.code] == []


def test_an_agency_named_in_the_body_is_still_a_mention() -> None:
    result = process_text(
        "BAMAKO, 3 mars (AFP) – Le gouvernement a confirmé l'attaque, a appris l'AFP.",
        language="fr",
    )
    assert [m.text for m in result.mentions if m.actor_id == "AFP"] == ["AFP"]
    assert all(m.start > 20 for m in result.mentions if m.actor_id == "AFP")
