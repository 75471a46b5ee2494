"""The ``veille_events`` spaCy component: code the events of a parsed article.

It reads what ``veille_actors`` and ``veille_places`` stored on the Doc and
stores the events on ``doc._.veille_events``::

    nlp = veille.nlp.load_pipeline("fr")
    nlp.add_pipe("veille_actors")
    nlp.add_pipe("veille_places")
    nlp.enable_pipe("veille_events")      # loaded disabled, see below
    doc = nlp("Moscou a dénoncé les exercices de l'OTAN.")
    doc._.veille_events                    # tuple[Event, ...]

The article the events belong to (its id, sections and dates) is
``doc._.veille_article`` when set, else a bare article made of the Doc's
text, read at ``doc._.veille_as_of`` (events then carry an empty article id).

:func:`veille.nlp.load_pipeline` adds the component disabled: the engine
resolves actors and places itself after ``nlp.pipe``, sets the three
extensions, then runs this component on each Doc
(:func:`veille.engine.code_document`).

Configuration:

- ``language`` names the lexicon (``data/lexicon/<language>/``), by
  default the pipeline's own language;
- ``model`` names the learned detector that votes with the trigger rules
  (:mod:`veille.events.model`): ``"off"`` for the rules alone (the
  default), ``"events"``, the model shipped with veille, or the path of a
  model file built by ``make train``. The engine passes ``Settings.event_model``
  (``VEILLE_EVENT_MODEL``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from spacy.language import Language
from spacy.tokens import Doc

from veille.events.coder import EventCoder
from veille.events.model import OFF, make_proposer
from veille.nlp import doc_text
from veille.records import Article

COMPONENT_NAME = "veille_events"

for _name, _default in (
    ("veille_events", ()),
    ("veille_article", None),
    ("veille_mentions", ()),
    ("veille_as_of", None),
    ("places", ()),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class EventComponent:
    """Pipeline component: code events and store them on ``doc._.veille_events``."""

    def __init__(self, coder: EventCoder) -> None:
        """Bind the component to the coder of one language."""
        self.coder = coder

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` in place and return it."""
        article = doc._.veille_article or self._bare_article(doc)
        doc._.veille_events = self.coder.code(doc, article, doc._.veille_mentions, doc._.places)
        return doc

    def _bare_article(self, doc: Doc) -> Article:
        """Make an article of the Doc's text alone, for a Doc the engine did not prepare."""
        day: date | None = doc._.veille_as_of
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
        text = doc_text(doc)
        return Article(
            id="", text=text, content_hash="", language=self.coder.language, reference_time=moment
        )


@Language.factory(
    COMPONENT_NAME,
    default_config={"language": None, "model": OFF},
    requires=["doc._.veille_mentions"],
    assigns=["doc._.veille_events"],
)
def make_event_component(
    nlp: Language, name: str, language: str | None, model: str
) -> EventComponent:
    """SpaCy factory for ``nlp.add_pipe("veille_events")``."""
    language = language or str(nlp.lang)
    return EventComponent(EventCoder(language, proposer=make_proposer(model, language)))
