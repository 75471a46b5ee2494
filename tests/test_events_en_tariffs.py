"""English tariffs imposed on another country are sanctions (codebook 13, issue 17).

"impose" is COERCE restrict for curfews and restrictions at home, but a tariff,
levy or duty on another country's goods is SANCTION discontinue. Every
sentence is our own.
"""

from __future__ import annotations

import pytest

from events_helpers import types_and_modes


def coded(text: str) -> list[tuple[str, str | None]]:
    """The (type, mode) of each event coded in the English ``text``."""
    return types_and_modes(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "Canada imposed duties on Chinese electric cars.",
        "The United States imposes tariffs of 25 percent on Canadian steel.",
        "India imposed a new levy on Japanese imports.",
    ],
)
def test_tariffs_imposed_are_sanctions(text: str) -> None:
    assert coded(text) == [("SANCTION", "discontinue")]


def test_restrictions_imposed_at_home_stay_coercion() -> None:
    assert coded("Russia imposed restrictions on foreign journalists.") == [("COERCE", "restrict")]
