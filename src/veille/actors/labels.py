"""Names people read for actor ids: "PER:vladimir-putin" → "Vladimir Putin (RUS)".

A person is shown with the state or body of the office they hold now
("Mark Rutte (NATO)"), else their country.

Tables, the dashboard and attributions show these labels; ``--json`` output
and the API's records keep the ids. States (``RUS``), organisations and
blocs (``NATO``, ``EU``, ``WEST``) are shown by their code, which is how
analysts name them; people, armed groups, parties, firms and the generated
``ORG:`` rows are shown by name, with the state they act for.

The labels are read straight from the data files, without building the
knowledge base's lexicons (a second instead of several): a command that
lists events can afford them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import yaml

from veille.actors.normalize import slug
from veille.datafiles import read_data, tsv_rows
from veille.errors import ActorDataError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def actor_label(code: str) -> str:
    """Return the name a person reads for an actor code (the code itself when it is one).

    >>> actor_label("PER:vladimir-putin")
    'Vladimir Putin (RUS)'
    >>> actor_label("RUS"), actor_label("NATO")
    ('RUS', 'NATO')
    """
    return _labels().get(code, code)


def actor_labels(codes: Iterable[str]) -> dict[str, str]:
    """Return the label of each code (see :func:`actor_label`)."""
    labels = _labels()
    return {code: labels.get(code, code) for code in codes}


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for person_id, country, names, _roles in tsv_rows(
        read_data("actors", "persons_phoenix.tsv"), "persons_phoenix.tsv", 4, ActorDataError
    ):
        labels[person_id] = _with_country(_name_of(person_id, names.split("|")), country)
    for group_id, country, _sectors, names in tsv_rows(
        read_data("actors", "groups_phoenix.tsv"), "groups_phoenix.tsv", 4, ActorDataError
    ):
        labels[group_id] = _with_country(names.split("|")[0], country)
    for file in ("organisations.yaml", "groups.yaml", "persons.yaml"):
        data: dict[str, Any] = yaml.load(read_data("actors", file), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
        for item in data.get("actors") or []:
            by_language = item.get("names") or {}
            forms = by_language.get("en") or by_language.get("fr")
            if item.get("type") == "group" and forms:
                labels[str(item["id"])] = _with_country(str(forms[0]), item.get("country"))
        for item in data.get("persons") or []:
            forms = [str(n) for n in item["names"]]
            person_id = str(item.get("id") or f"PER:{slug(forms[0])}")
            labels[person_id] = _with_country(_name_of(person_id, forms), _acts_for(item))
    return labels


def actor_country(code: str) -> str | None:
    """Return the state an actor belongs to (ISO alpha-3), or None for a body of no one state.

    A state is its own country; a person or an armed group has the country
    of the data files; ``NATO`` or ``EU`` have none.

    >>> actor_country("RUS"), actor_country("PER:vladimir-putin"), actor_country("NATO")
    ('RUS', 'RUS', None)
    """
    return _countries().get(code)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    countries: dict[str, str] = {}
    for alpha3, _alpha2, _lang, _name in tsv_rows(
        read_data("actors", "states.tsv"), "states.tsv", 4, ActorDataError
    ):
        countries[alpha3] = alpha3
    for person_id, country, _names, _roles in tsv_rows(
        read_data("actors", "persons_phoenix.tsv"), "persons_phoenix.tsv", 4, ActorDataError
    ):
        if country:
            countries[person_id] = country
    for group_id, country, _sectors, _names in tsv_rows(
        read_data("actors", "groups_phoenix.tsv"), "groups_phoenix.tsv", 4, ActorDataError
    ):
        if country:
            countries[group_id] = country
    for file in ("organisations.yaml", "groups.yaml", "persons.yaml"):
        data: dict[str, Any] = yaml.load(read_data("actors", file), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
        for item in [*(data.get("actors") or []), *(data.get("persons") or [])]:
            names = item.get("names")
            actor_id = item.get("id")
            if not actor_id and isinstance(names, list) and names:
                actor_id = f"PER:{slug(str(names[0]))}"  # a person's id is made from its name
            if actor_id and item.get("country"):
                countries[str(actor_id)] = str(item["country"])
    return countries


def _name_of(person_id: str, names: list[str]) -> str:
    """Return the name the id was made from ("Vladimir Putin", not "Vladimir Poutine").

    Of the spellings the id was made from, the one without accents is the
    English one ("Andrei Belousov", not "Andreï Belousov"); else the first name.
    """
    wanted = person_id.partition(":")[2]
    made_from = [n for n in names if slug(n) == wanted]
    return next((n for n in made_from if n.isascii()), made_from[0] if made_from else names[0])


def _acts_for(person: dict[str, Any]) -> str | None:
    """Return the body of the latest office the person still holds (NATO for Mark Rutte).

    A person with no office held (or no roles listed) is shown with their country.
    """
    roles = [list(r) for r in person.get("roles") or ()]
    held = [r for r in roles if len(r) > 1 and r[1] and not (r[4] if len(r) > 4 else "")]
    if held:
        latest = max(held, key=lambda r: str(r[3]) if len(r) > 3 else "")
        return str(latest[1])
    country = person.get("country")
    return str(country) if country else None


def _with_country(name: str, country: str | None) -> str:
    return f"{name} ({country})" if country else name
