"""A negotiator is a role: the person named beside it takes its country (codebook 7.5).

"X, the chief Iranian negotiator" names X's office and state; without the role
the apposition was not read and X stayed a person of no country. Every sentence
is our own.
"""

from __future__ import annotations

from datetime import date

from actor_helpers import code, mention, resolver_for

resolve = resolver_for("en", date(2024, 5, 1))


def test_a_person_named_beside_a_negotiator_takes_its_country() -> None:
    mentions = resolve("Ahmed Karimi, the chief Iranian negotiator, left the talks in Geneva.")
    person = mention(mentions, "Ahmed Karimi")
    assert code(person) == "IRN"
    assert "GOV" in person.sectors


def test_a_negotiator_named_after_the_role_takes_its_country() -> None:
    mentions = resolve("Kenya's chief negotiator, Amos Otieno, arrived in Addis Ababa.")
    assert code(mention(mentions, "Amos Otieno")) == "KEN"
