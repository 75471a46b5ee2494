"""A court that rejects or overturns a government act restrains it: COERCE restrict.

The rulings on court decisions against a government measure code a judge
blocking, suspending, overturning or striking down an executive order, a ban
or a law as COERCE `restrict` (court → government), not REJECT. Suspensions
by a court were already read so; rejections now follow. A parliament that
rejects a decree stays REJECT. Every sentence is our own.
"""

from __future__ import annotations

from events_helpers import types_and_modes


def test_a_court_rejecting_a_decree_restrains_it() -> None:
    text = "Brazil's Supreme Court rejects the government's decree on gun permits."
    assert types_and_modes(text, "en") == [("COERCE", "restrict")]


def test_a_judge_overturning_a_ban_restrains_it() -> None:
    text = "A federal judge in Texas overturns the state's ban, ruling that it is unconstitutional."
    assert ("COERCE", "restrict") in types_and_modes(text, "en")


def test_a_parliament_rejecting_a_decree_stays_reject() -> None:
    text = "Brazil's Congress rejects the government's decree on gun permits."
    assert [t for t, _ in types_and_modes(text, "en")] == ["REJECT"]
