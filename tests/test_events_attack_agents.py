"""Passive verbs of harm whose agent is the attack they happened in (issue 18).

"Two civilians are killed in a Russian drone strike": no "by" agent, but the
attack is Russian, so Russia is the source. Sentences written for these
tests (not in any gold file); each runs the whole pipeline.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text


def sides(text: str) -> list[tuple[str, list[str | None]]]:
    """The type and source codes of each event the pipeline codes in English ``text``."""
    events = process_text(text, language="en").events
    return [(e.event_type, [a.code for a in e.source]) for e in events]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Five miners were killed in a Turkish drone strike near Sinjar, Iraq.", "TUR"),
        ("Nine villagers are wounded in Nigerian air strikes on Zamfara.", "NGA"),
        ("Two medics were killed during an Israeli raid on Jenin.", "ISR"),
        ("Ten fishermen were killed and four injured in Indian shelling near Kotli.", "IND"),
    ],
)
def test_the_attack_a_passive_harm_happened_in_names_its_source(text: str, source: str) -> None:
    found = sides(text)
    assert found, "no event"
    assert found[0] == ("ASSAULT", [source])
