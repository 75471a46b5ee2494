"""French "la ville" / "la capitale" refer back to the last town named (issue 18).

"L'armée irakienne a encerclé Mossoul. Elle tente de reprendre la ville": the
town retaken is Mossoul, so the target is Iraq (codebook 7.8,
``coreference``), as the gold codes a captured town by its state. Sentences
written for these tests; each runs the whole pipeline.
"""

from __future__ import annotations

from events_helpers import last_sentence_event, side_codes


def test_la_ville_is_the_last_town_named() -> None:
    event = last_sentence_event(
        "L'armée irakienne a encerclé Mossoul. Elle tente de reprendre la ville.", "fr"
    )
    assert side_codes(event.target) == ["IRQ"]
    assert event.target[0].how == "coreference"


def test_a_town_noun_with_its_own_name_is_not_the_last_town() -> None:
    event = last_sentence_event(
        "Les soldats syriens ont encerclé Alep. Ils ont bombardé la ville de Mossoul.", "fr"
    )
    assert [ref.text for ref in event.target if ref.text == "Alep"] == []
