"""A court that suspends or halts an order restrains it: COERCE restrict (codebook 3.3, issue 17).

A state suspending aid sanctions another; a judge suspending an executive
order rules against it, as one blocking it does. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def test_a_judge_suspending_an_order_restrains_it() -> None:
    text = "A federal judge in Ottawa suspended the Canadian government's order on Monday."
    assert types_and_modes(text, "en") == [("COERCE", "restrict")]


def test_a_court_halting_a_ban_restrains_it() -> None:
    assert types_and_modes("A Canadian court halted the ban on Tuesday.", "en") == [
        ("COERCE", "restrict")
    ]


def test_a_state_suspending_aid_still_sanctions() -> None:
    assert [t for t, _ in types_and_modes("Canada suspended aid to Brazil.", "en")] == ["SANCTION"]
