"""Place armed groups of no single country in the country where they act.

The codebook (section 7.6) codes the Islamic State, al-Qaeda and the other
groups tied to no one state by the country where the act happens, "as the
sentence (or, in an article, the article) places it": "des combattants
d'Al-Qaïda ont été tués en Syrie" is ``SYR``/``REB``, "Daech encerclé à
Mossoul" ``IRQ``/``REB``. Only when nothing places the act does the side
keep the group's own id, which the scorer and the knowledge base roll up to
the generic ``IMG``.

This runs once the events are located (:func:`veille.places.locate_events`):
the event's own stated location comes first, then the country where the
text's other events are stated to happen most often, then the country of
the towns and regions the text names most often, then the dateline's. A
state or a town that acts ("US Predator attacks", "Moscou a dénoncé") says
who acts, not where: it places nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from veille.records import ActorRef, Event, PlaceMention


def place_stateless_groups(
    events: Sequence[Event],
    places: Sequence[PlaceMention],
    stateless: Callable[[str], bool],
) -> tuple[Event, ...]:
    """Return ``events`` with their stateless armed groups coded by the country they act in.

    ``events`` are the text's located events and ``places`` its resolved
    place mentions; ``stateless(code)`` tells whether an event code is an
    armed group of no single country (``KnowledgeBase.covers("IMG", code)``).
    A side keeps its words and its sector; an event with no such side is
    returned as it is.
    """
    fallback = _most_stated_country(events) or _most_named_town_country(events, places)
    out: list[Event] = []
    for event in events:
        codes = [ref.code for ref in (*event.source, *event.target)]
        if not any(code is not None and stateless(code) for code in codes):
            out.append(event)
            continue
        location = event.location
        stated = location.country if location is not None and not location.inferred else None
        # A dateline says where the news was written from, which is weaker
        # evidence of where the group acts than the places of the text's acts.
        dateline = location.country if location is not None else None
        country = stated or fallback or dateline
        if country is None:
            out.append(event)
            continue
        out.append(
            replace(
                event,
                source=_placed(event.source, country, stateless),
                target=_placed(event.target, country, stateless),
            )
        )
    return tuple(out)


def _placed(
    side: tuple[ActorRef, ...], country: str, stateless: Callable[[str], bool]
) -> tuple[ActorRef, ...]:
    """Code the stateless groups of one side by ``country``, one reference per code."""
    out: list[ActorRef] = []
    for ref in side:
        placed = replace(ref, code=country) if ref.code and stateless(ref.code) else ref
        # "Daech ... les combattants de l'EI" on one side is one actor once placed.
        if placed.code is None or all(placed.code != r.code for r in out):
            out.append(placed)
    return tuple(out)


def _most_stated_country(events: Sequence[Event]) -> str | None:
    """Return the country the events' stated locations name most often, the first on a tie."""
    stated = [
        e.location.country
        for e in events
        if e.location is not None and not e.location.inferred and e.location.country
    ]
    return _most_frequent(stated)


def _most_named_town_country(events: Sequence[Event], places: Sequence[PlaceMention]) -> str | None:
    """Return the country of the towns and regions the text names most often.

    Countries are left out (most are named as actors, "la Turquie a
    annoncé"), and so is a town that is the source of an event ("Moscou a
    dénoncé").
    """
    acting = [(ref.start, ref.end) for e in events for ref in e.source]
    named = [
        p.country
        for p in places
        if p.country
        and p.precision != "country"
        and not any(start < p.end and p.start < end for start, end in acting)
    ]
    return _most_frequent(named)


def _most_frequent(codes: Sequence[str]) -> str | None:
    """Return the code met most often in ``codes``, the first met on a tie (None: no code)."""
    counts = Counter(codes)
    if not counts:
        return None
    best = max(counts.values())
    return next(c for c in codes if counts[c] == best)
