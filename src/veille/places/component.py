"""The ``veille_places`` spaCy component.

Adding it after ``veille_actors`` stores the article's place mentions on
``doc._.places``::

    nlp = veille.nlp.load_pipeline("fr")
    nlp.add_pipe("veille_actors")
    nlp.add_pipe("veille_places")          # reads doc._.veille_mentions
    doc = nlp("Des combats ont eu lieu à Kharkiv.")
    doc._.places                            # tuple[PlaceMention, ...]

Without ``veille_actors`` before it, it still finds places from the NER and
the gazetteer, but cannot tell a capital standing for its government
("Moscou dénonce") from the city.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from veille.places.resolver import PlaceResolver, get_place_resolver

COMPONENT_NAME = "veille_places"

if not Doc.has_extension("places"):
    Doc.set_extension("places", default=())
if not Doc.has_extension("veille_mentions"):
    Doc.set_extension("veille_mentions", default=())


class PlaceComponent:
    """Pipeline component: resolve place mentions and store them on ``doc._.places``."""

    def __init__(self, resolver: PlaceResolver) -> None:
        """Bind the component to the resolver of the pipeline's language."""
        self.resolver = resolver

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` in place and return it."""
        doc._.places = self.resolver.resolve_places(doc, doc._.veille_mentions)
        return doc


@Language.factory(
    COMPONENT_NAME,
    default_config={},
    requires=["doc.ents"],
    assigns=["doc._.places"],
)
def make_place_component(nlp: Language, name: str) -> PlaceComponent:
    """SpaCy factory for ``nlp.add_pipe("veille_places")``."""
    return PlaceComponent(get_place_resolver(str(nlp.lang)))
