"""Store.clustered: which articles already belong to a story, in one look-up, on both backends."""

from __future__ import annotations

from veille.engine import process_text
from veille.store import open_store
from veille.stories import assign_story

TEXTS = [
    "La Russie et la Biélorussie ont signé un accord militaire à Minsk le 3 mars 2026.",
    "Le Japon a annoncé des sanctions contre la Corée du Nord le 4 mars 2026.",
    "Le Brésil a accueilli des pourparlers avec l'Argentine le 5 mars 2026.",
]


def test_clustered_names_only_articles_with_a_story(location: str) -> None:
    results = [process_text(t, language="fr", as_of="2026-03-06") for t in TEXTS]
    with open_store(location) as store:
        outcomes = [store.save(r, f"t{i}.txt") for i, r in enumerate(results)]
        ids = [r.article.id for r in results]
        assert store.clustered(ids) == set()
        assign_story(store, results[0], outcomes[0])
        assign_story(store, results[2], outcomes[2])
        assert store.clustered([*ids, "no-such-article", ids[0]]) == {ids[0], ids[2]}
        assert store.clustered([]) == set()
