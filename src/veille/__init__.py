"""veille: geopolitical news intelligence with evidence spans.

The public API is what ``__all__`` lists; every other module is private and may change::

    from veille import ingest, open_store
    report = ingest(["articles/", "https://example.org/feed.xml"], db="veille.db")
    with open_store("veille.db") as store:
        for event in store.events(dyad=("RUS", "BLR")):
            print(event.event_type, event.trigger.text)
"""

from __future__ import annotations

from veille.engine import IngestReport, ItemOutcome, ingest, process_article, process_text
from veille.errors import VeilleError
from veille.records import (
    Actor,
    ActorRef,
    Article,
    ArticleError,
    ArticleResult,
    Attribution,
    Condition,
    Duration,
    Event,
    Mention,
    Quantity,
    Section,
    Span,
    Story,
)
from veille.serialize import to_dict
from veille.settings import Settings
from veille.store import SaveOutcome, SearchHit, Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorRef",
    "Article",
    "ArticleError",
    "ArticleResult",
    "Attribution",
    "Condition",
    "Duration",
    "Event",
    "IngestReport",
    "ItemOutcome",
    "Mention",
    "Quantity",
    "SaveOutcome",
    "SearchHit",
    "Section",
    "Settings",
    "Span",
    "Store",
    "Story",
    "VeilleError",
    "__version__",
    "ingest",
    "open_store",
    "process_article",
    "process_text",
    "to_dict",
]
