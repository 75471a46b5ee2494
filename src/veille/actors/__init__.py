"""Actors: the French/English knowledge base and the mention resolver.

Public surface::

    from veille.actors import get_resolver, get_knowledge_base
    mentions = get_resolver("fr").resolve_mentions(doc, as_of=date(2026, 11, 24))
    get_knowledge_base().actor("PER:andrei-belousov")
    get_knowledge_base().search("biélorussie")

Importing this package registers the ``veille_actors`` spaCy factory and the
``doc._.veille_mentions`` extension. See :mod:`veille.actors.resolver` for what
each Mention field means and how the event coder reads it.
"""

from __future__ import annotations

from veille.actors.component import (
    COMPONENT_NAME,
    ActorComponent,
    get_knowledge_base,
    get_resolver,
    resolver_for,
)
from veille.actors.kb import KnowledgeBase, office_family
from veille.actors.resolver import ActorResolver

__all__ = [
    "COMPONENT_NAME",
    "ActorComponent",
    "ActorResolver",
    "KnowledgeBase",
    "get_knowledge_base",
    "get_resolver",
    "office_family",
    "resolver_for",
]
