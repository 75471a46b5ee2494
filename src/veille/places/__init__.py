"""Places: the gazetteer, the place resolver, event locations and lead/background.

Public surface::

    from veille.places import get_place_resolver, locate_events, get_gazetteer
    places = get_place_resolver("fr").resolve_places(doc, mentions)
    events = locate_events(events, places, mentions, article, doc)
    get_gazetteer().lookup("Kyïv")          # [Place(id='G:703448', ...)]

Importing this package registers the ``veille_places`` spaCy factory and the
``doc._.places`` extension. How places are found and resolved is told in
:mod:`veille.places.resolver`; how an event gets its location in
:mod:`veille.places.locate`; lead and background in
:mod:`veille.places.salience`; ``docs/places.md`` sums it up.
"""

from __future__ import annotations

from veille.errors import PlaceDataError
from veille.places.component import COMPONENT_NAME, PlaceComponent
from veille.places.gazetteer import Gazetteer, Place, get_gazetteer
from veille.places.locate import locate_events
from veille.places.resolver import PlaceResolver, get_place_resolver
from veille.places.salience import assign_salience

__all__ = [
    "COMPONENT_NAME",
    "Gazetteer",
    "Place",
    "PlaceComponent",
    "PlaceDataError",
    "PlaceResolver",
    "assign_salience",
    "get_gazetteer",
    "get_place_resolver",
    "locate_events",
]
