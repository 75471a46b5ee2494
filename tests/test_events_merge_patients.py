"""One event per act (codebook 5.5), but not for two acts on patients the text names apart."""

from __future__ import annotations

from events_helpers import pipeline_events


def test_a_passive_act_on_its_own_patient_is_not_merged_into_the_first() -> None:
    # Both acts are COERCE between French actors: codes alone made them one act.
    text = (
        "Au matin, à Embrun (Hautes-Alpes), les gendarmes ont expulsé les Gilets jaunes "
        "du rond-point, les pneus ont été évacués et une femme a été placée en garde à vue."
    )
    coded = [(e.event_type, e.mode) for e in pipeline_events(text, "fr")]
    assert coded == [("COERCE", "deport"), ("COERCE", "arrest")]
