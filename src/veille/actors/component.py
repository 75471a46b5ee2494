"""The ``veille_actors`` spaCy component and the cached resolvers behind it.

Adding the component to a pipeline stores the mentions on ``doc._.veille_mentions``::

    nlp = veille.nlp.load_pipeline("fr")
    nlp.add_pipe("veille_actors")          # after the NER, which it reads
    doc = nlp(text)
    doc._.veille_mentions                  # tuple[Mention, ...]

The date roles are resolved at is ``doc._.veille_as_of`` when set (a
``datetime.date``), else the ``as_of`` of the component config (ISO string),
else today. The engine may also skip the component and call
``get_resolver(lang).resolve_mentions(doc, as_of=...)`` directly.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from veille.actors.kb import KnowledgeBase
from veille.actors.resolver import ActorResolver

if TYPE_CHECKING:
    from collections.abc import Iterable

COMPONENT_NAME = "veille_actors"

if not Doc.has_extension("veille_mentions"):
    Doc.set_extension("veille_mentions", default=())
if not Doc.has_extension("veille_as_of"):
    Doc.set_extension("veille_as_of", default=None)


@lru_cache(maxsize=4)
def get_knowledge_base(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """Return the knowledge base of the package data plus the user files ``extra``, loaded once."""
    return KnowledgeBase.load(extra)


@lru_cache(maxsize=16)
def get_resolver(language: str, extra: tuple[str, ...] = ()) -> ActorResolver:
    """Return the resolver for ``language`` (``fr`` or ``en``), built once per process.

    ``extra`` lists user actor files (YAML or CSV, see ``docs/actors.md``).
    """
    return ActorResolver(get_knowledge_base(extra), language)


def resolver_for(language: str, extra: Iterable[str | Path] = ()) -> ActorResolver:
    """Like :func:`get_resolver`, accepting any iterable of paths."""
    return get_resolver(language, tuple(str(p) for p in extra))


class ActorComponent:
    """Pipeline component: resolve mentions and store them on ``doc._.veille_mentions``."""

    def __init__(self, language: str, as_of: str | None, extra: tuple[str, ...]) -> None:
        """Bind the component to a language, a default date and user actor files."""
        self.resolver = get_resolver(language, extra)
        self.as_of = date.fromisoformat(as_of) if as_of else None

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` in place and return it."""
        day = doc._.veille_as_of or self.as_of
        doc._.veille_mentions = self.resolver.resolve_mentions(doc, as_of=day)
        return doc


@Language.factory(
    COMPONENT_NAME,
    default_config={"as_of": None, "extra_files": []},
    requires=["doc.ents"],
    assigns=["doc._.veille_mentions"],
)
def make_actor_component(
    nlp: Language, name: str, as_of: str | None, extra_files: list[str]
) -> ActorComponent:
    """SpaCy factory for ``nlp.add_pipe("veille_actors")``."""
    return ActorComponent(str(nlp.lang), as_of, tuple(extra_files))
