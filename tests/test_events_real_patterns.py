"""Error patterns of the coder on real news, each fixed by a general rule (issue 17).

The patterns were found on the real-news dev split (``eval/real/gold/dev``);
every sentence here is our own, written for the test, never a dev sentence.
Each test runs the whole pipeline (``veille.process_text``) as a user would.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text
from veille.records import Event


def coded(text: str, language: str) -> list[Event]:
    """The events the full pipeline codes in ``text`` (commentary left out, as the scorer does)."""
    return [e for e in process_text(text, language=language).events if e.section_kind != "commentary"]


def types(text: str, language: str) -> list[str]:
    return [e.event_type for e in coded(text, language)]


# ------------------------------------------------- a verb tagged as a noun
@pytest.mark.parametrize(
    ("text", "wanted", "source", "target"),
    [
        ("Chilean police arrest two alleged arms dealers in Santiago.", "COERCE", "CHL", None),
        ("The Turkish foreign ministry summons the Greek envoy over the incident.", "ACCUSE", "TUR", "GRC"),
    ],
)
def test_a_headline_verb_tagged_as_a_noun_is_read_as_a_verb(
    text: str, wanted: str, source: str, target: str | None
) -> None:
    [event] = [e for e in coded(text, "en") if e.event_type == wanted]
    assert source in {a.code for a in event.source}
    if target:
        assert target in {a.code for a in event.target}
