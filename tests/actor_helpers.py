"""Shared helpers for the actor tests: resolve a sentence's mentions, pick one, read its code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from veille.actors import get_resolver
from veille.nlp import load_pipeline
from veille.records import Mention


def resolver_for(language: str, as_of: date) -> Callable[[str], tuple[Mention, ...]]:
    """Return a function giving the resolved mentions of a text, read at ``as_of``."""
    nlp = load_pipeline(language)
    resolver = get_resolver(language)
    return lambda text: resolver.resolve_mentions(nlp(text), as_of=as_of)


def mention(mentions: tuple[Mention, ...], text: str) -> Mention:
    """Return the mention written exactly ``text``; fail the test naming the mentions found."""
    hits = [m for m in mentions if m.text == text]
    assert hits, f"no mention {text!r} in {[m.text for m in mentions]}"
    return hits[0]


def code(m: Mention) -> str | None:
    """The code an event side takes from a mention (see veille.actors.resolver)."""
    return m.country or m.actor_id
