"""US federal departments that English news names without "U.S." (issue 18).

Sentences written for these tests (not in any gold file).
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from veille.actors import get_resolver
from veille.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp_en() -> Language:
    return load_pipeline("en")


@pytest.mark.parametrize(
    ("text", "name", "sectors"),
    [
        ("The Justice Department indicted two lobbyists.", "Justice Department", ("GOV",)),
        (
            "The Department of Homeland Security paused the visa program.",
            "Department of Homeland Security",
            ("GOV",),
        ),
        ("The Treasury Department froze the bank's assets.", "Treasury Department", ("GOV",)),
        ("The Department of Defense sent more drones.", "Department of Defense", ("GOV", "MIL")),
    ],
)
def test_a_us_federal_department_is_the_us_government(
    nlp_en: Language, text: str, name: str, sectors: tuple[str, ...]
) -> None:
    mentions = get_resolver("en").resolve_mentions(nlp_en(text), as_of=date(2026, 3, 12))
    found = [m for m in mentions if m.text == name]
    assert found, [m.text for m in mentions]
    assert (found[0].country, found[0].sectors) == ("USA", sectors)
