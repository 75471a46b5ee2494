"""Event coding: PLOVER event types with CAMEO codes, Goldstein scores and evidence spans.

``get_coder(language).code(doc, article, mentions)`` turns one parsed article
and its resolved actor mentions into :class:`veille.records.Event` records.
Importing this package registers the ``veille_events`` spaCy factory and the
``doc._.veille_events`` extension (:mod:`veille.events.component`); the
steps, their order and the data files are told in ``docs/events.md``.
"""

from __future__ import annotations

from veille.errors import OntologyError
from veille.events.coder import CODER_NAME, CODER_VERSION, EventCoder, get_coder
from veille.events.component import COMPONENT_NAME, EventComponent
from veille.events.lexicon import Lexicon, load_lexicon
from veille.events.ontology import EVENT_TYPES, Ontology, load_ontology

__all__ = [
    "CODER_NAME",
    "CODER_VERSION",
    "COMPONENT_NAME",
    "EVENT_TYPES",
    "EventCoder",
    "EventComponent",
    "Lexicon",
    "Ontology",
    "OntologyError",
    "get_coder",
    "load_lexicon",
    "load_ontology",
]
