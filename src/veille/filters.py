"""What a user types in a filter, checked and turned into what the store compares.

The CLI (``veille events``, ``veille export``) and the HTTP API take the
same words. A filter that cannot match anything is refused with a message
listing what is accepted, instead of an empty result that looks like "no
such event":

- ``--type``: a PLOVER type (``ASSAULT``, any case) or a CAMEO code
  (``190``, ``19`` for the whole family); ``ATTACK`` is neither and the
  error names the 16 types;
- ``--place``: an ISO alpha-3 country (``UKR``), a place id (``G:703448``)
  or a place name the gazetteer knows (``Ukraine``, ``Kharkiv``);
- ``--actor``: an actor code (``RUS``, ``PER:vladimir-putin``) or a name
  the actor knowledge base knows in any language (``Russie``, ``Poutine``).

:func:`empty_hint` says, when a listing comes back empty, which values the
store does hold.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence

from veille.errors import FilterError
from veille.events.ontology import EVENT_TYPES
from veille.store import Store
from veille.store.event_query import EventFilter

__all__ = [
    "FilterError",
    "actor_filter",
    "empty_hint",
    "event_filter",
    "event_type_filter",
    "place_filter",
]

_CAMEO = re.compile(r"\d{2,4}")
_CODE = re.compile(r"[A-Z0-9]{2,12}(?:-[A-Z0-9]{1,12})*|[A-Z]{3}:[a-z0-9-]+", re.IGNORECASE)
_COUNTRY = re.compile(r"[A-Za-z]{3}")
_PLACE_ID = re.compile(r"[A-Z]:[A-Za-z0-9._-]+")


def event_type_filter(value: str) -> tuple[str | None, str | None]:
    """Return ``(PLOVER type, CAMEO code)`` for what the user typed; one of them is None.

    >>> event_type_filter("assault")
    ('ASSAULT', None)
    >>> event_type_filter("190")
    (None, '190')
    """
    typed = value.strip()
    if _CAMEO.fullmatch(typed):
        return None, typed
    upper = typed.upper()
    if upper in EVENT_TYPES:
        return upper, None
    close = difflib.get_close_matches(upper, EVENT_TYPES, n=2, cutoff=0.5)
    guess = f" Did you mean {' or '.join(close)}?" if close else ""
    raise FilterError(
        f"{value!r} is not a PLOVER event type nor a CAMEO code.{guess} Types: "
        f"{', '.join(EVENT_TYPES)}; or give a CAMEO code such as 190 (or 19 for its family)",
        parameter="type",
    )


def place_filter(value: str) -> str:
    """Return the store's place filter for what the user typed: ``UKR``, ``G:703448``, a name.

    A name is looked up in the gazetteer: a country becomes its alpha-3
    code, anything else its place id (the most likely place of that name).
    """
    typed = value.strip()
    if _COUNTRY.fullmatch(typed) and typed.isupper():
        return typed
    if _PLACE_ID.fullmatch(typed):
        return typed
    from veille.places.gazetteer import get_gazetteer  # noqa: PLC0415 - loads data files

    gazetteer = get_gazetteer()
    found = gazetteer.lookup(typed)
    if not found and _COUNTRY.fullmatch(typed):
        return typed.upper()  # "ukr" is a code typed in lower case
    if not found:
        near = [p.name for p in gazetteer.search(typed, limit=5)]
        listed = f" Places starting so: {', '.join(near)}." if near else ""
        raise FilterError(
            f"no place named {value!r} in the gazetteer.{listed} Give an ISO alpha-3 country "
            "code (UKR), a place id (G:703448) or a name; `veille places` lists the stored ones",
            parameter="place",
        )
    place = found[0]
    if place.precision == "country" and place.country:
        return place.country
    return place.id


def actor_filter(value: str) -> str:
    """Return the actor code for what the user typed: a code as is, a name by the knowledge base.

    ``Russie`` and ``Russia`` give ``RUS``; ``Poutine`` gives
    ``PER:vladimir-putin``. A code-shaped value (``RUS``, ``NATO``,
    ``PER:...``) is kept without a look-up, so codes of the user's own
    actor files work too.
    """
    typed = value.strip()
    if _CODE.fullmatch(typed) and (typed.isupper() or ":" in typed):
        return typed if ":" in typed else typed.upper()
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - loads data files

    kb = get_knowledge_base()
    if kb.actor(typed.upper()) is not None:
        return typed.upper()
    named = names_actor(typed)
    if named is not None:
        return named
    near = [f"{a.id}" for a in kb.search(typed, limit=5)]
    listed = f" Close: {', '.join(near)}." if near else ""
    raise FilterError(
        f"no actor named {value!r}.{listed} Give an actor code (RUS, NATO, "
        "PER:vladimir-putin) or a name; `veille actors NAME` finds codes",
        parameter="actor",
    )


@functools.lru_cache(maxsize=4096)
def names_actor(text: str) -> str | None:
    """Return the actor whose name (or, for a person, surname) is exactly ``text``, if one only.

    Used to read a name typed in a filter or a search, in any language:
    ``Poutine`` and ``Putin`` both name ``PER:vladimir-putin``. Answers are
    kept (the package's knowledge base does not change while a process runs):
    a fuzzy look-up costs about a tenth of a second, and a search asks twice.
    """
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - loads data files
    from veille.text import ACTOR_NAMES, fold  # noqa: PLC0415

    kb = get_knowledge_base()
    needle = fold(text.strip(), ACTOR_NAMES)
    if not needle:
        return None
    exact: list[str] = []
    surname: list[str] = []
    for actor in kb.search(text, limit=200):
        names = [fold(name, ACTOR_NAMES) for forms in actor.names.values() for name in forms]
        if needle in names or needle == fold(actor.id, ACTOR_NAMES):
            exact.append(actor.id)
        elif actor.type == "person" and any(name.split()[-1:] == [needle] for name in names):
            surname.append(actor.id)
    chosen = exact or surname
    return chosen[0] if len(chosen) == 1 else None


def dyad_actors(text: str) -> tuple[str, str] | None:
    """Split what a user typed for a dyad into its two actors; None when it is not two.

    The CLI (``--dyad``) and the API (``dyad=``) read it alike. A comma
    separates the two (``RUS,BLR``, ``Russie, Biélorussie``), so a hyphen in
    a name stays (``PER:vladimir-putin,RUS``, ``États-Unis,Russie``); with no
    comma giving two, a hyphen does (``RUS-BLR``).

    >>> dyad_actors("RUS-BLR"), dyad_actors("PER:vladimir-putin, RUS"), dyad_actors("RUS")
    (('RUS', 'BLR'), ('PER:vladimir-putin', 'RUS'), None)
    """
    for parts in (text.split(","), text.replace("-", ",").split(",")):
        actors = [part.strip(" -") for part in parts if part.strip(" -")]
        if len(actors) == 2:
            return actors[0], actors[1]
    return None


def event_filter(
    *,
    actor: str | None = None,
    dyad: str | None = None,
    event_type: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    salience: str | None = None,
    actor_how: str | None = None,
    quad_class: int | None = None,
    language: str | None = None,
    text: str | None = None,
    commentary: bool = True,
    article_ids: Sequence[str] | None = None,
) -> EventFilter:
    """Build the store's filter from what the user typed, for the CLI and the API alike.

    ``actor``, ``dyad``, ``event_type`` and ``place`` are read as a user
    types them (names in any language, CAMEO codes, place names; a dyad as
    :func:`dyad_actors` splits it); the other filters go to
    :class:`~veille.store.event_query.EventFilter` as they are. A value that
    names nothing raises :class:`FilterError` naming its ``parameter``, so
    that each front end can word it its own way (the API answers a dyad that
    is not two actors as a bad request).
    """
    pair: tuple[str, str] | None = None
    if dyad:
        actors = dyad_actors(dyad)
        if actors is None:
            raise FilterError(
                "a dyad is two actors: --dyad RUS,BLR (or --dyad Russie,Biélorussie)",
                parameter="dyad",
            )
        pair = (actor_filter(actors[0]), actor_filter(actors[1]))
    plover, cameo = event_type_filter(event_type) if event_type else (None, None)
    return EventFilter(
        actor=actor_filter(actor) if actor else None,
        dyad=pair,
        event_type=plover,
        cameo=cameo,
        since=since,
        until=until,
        place=place_filter(place) if place else None,
        salience=salience,
        actor_how=actor_how,
        quad_class=quad_class,
        language=language,
        text=text,
        commentary=commentary,
        article_ids=None if article_ids is None else tuple(article_ids),
    )


def empty_hint(store: Store, query: EventFilter) -> str:
    """Say what the store holds when ``query`` matched no event: types, countries, actors, dates."""
    facets = store.event_facets()
    if not facets.total:
        return "The store holds no event yet: ingest some articles first (veille ingest)."
    parts = [f"No event matches these filters; the store holds {facets.total} events."]
    if query.event_type or query.cameo:
        parts.append("Types: " + _counted(facets.types) + ".")
    if query.place:
        parts.append("Countries where events happened: " + _counted(facets.countries) + ".")
    if query.actor or query.dyad:
        parts.append("Most active actors: " + _counted(facets.actors) + ".")
    if query.since or query.until:
        parts.append(f"Event dates run from {facets.first_day} to {facets.last_day}.")
    return " ".join(parts)


def _counted(counts: Mapping[str, int], shown: int = 12) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{key} ({n})" for key, n in ranked[:shown])
    return text + (f" and {len(ranked) - shown} more" if len(ranked) > shown else "") or "none"
