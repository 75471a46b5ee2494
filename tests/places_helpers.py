"""Shared helper for the place tests: the places the real pipeline resolves in a text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from veille.actors import get_resolver
from veille.nlp import load_pipeline
from veille.places import get_place_resolver
from veille.records import PlaceMention

AS_OF = date(2026, 11, 24)


def place_runner(language: str) -> Callable[[str], tuple[PlaceMention, ...]]:
    """Return a function giving the places of a text: parse, actor mentions, then places."""
    nlp = load_pipeline(language)

    def run(text: str) -> tuple[PlaceMention, ...]:
        doc = nlp(text)
        mentions = get_resolver(language).resolve_mentions(doc, as_of=AS_OF)
        return get_place_resolver(language).resolve_places(doc, mentions)

    return run
