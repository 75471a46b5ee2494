"""Shared helpers for the event coder tests: hand-made mentions from a tiny gazetteer."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from veille.records import ActorRef, Article, Event, Mention, Section

GAZETTEER: dict[str, tuple[str, str, str | None]] = {
    # name: (mention kind, actor id, country)
    "Paris": ("capital", "FRA", "FRA"),
    "France": ("country", "FRA", "FRA"),
    "Allemagne": ("country", "DEU", "DEU"),
    "Germany": ("country", "DEU", "DEU"),
    "Berlin": ("capital", "DEU", "DEU"),
    "Japon": ("country", "JPN", "JPN"),
    "Japan": ("country", "JPN", "JPN"),
    "Chine": ("country", "CHN", "CHN"),
    "China": ("country", "CHN", "CHN"),
    "Pékin": ("capital", "CHN", "CHN"),
    "Beijing": ("capital", "CHN", "CHN"),
    "Inde": ("country", "IND", "IND"),
    "India": ("country", "IND", "IND"),
    "Brésil": ("country", "BRA", "BRA"),
    "Brazil": ("country", "BRA", "BRA"),
    "Canada": ("country", "CAN", "CAN"),
    "Norvège": ("country", "NOR", "NOR"),
    "Norway": ("country", "NOR", "NOR"),
    "ONU": ("organisation", "UN", None),
    "UN": ("organisation", "UN", None),
    "Union européenne": ("bloc", "EU", None),
    "European Union": ("bloc", "EU", None),
    "Marie Durand": ("person", "P-DURAND", "FRA"),
    "John Smith": ("person", "P-SMITH", "CAN"),
    "canadiens": ("demonym", "CAN", "CAN"),
    "Canadian": ("demonym", "CAN", "CAN"),
    "japonais": ("demonym", "JPN", "JPN"),
    "Japanese": ("demonym", "JPN", "JPN"),
    "Chinese": ("demonym", "CHN", "CHN"),
}


def mentions_for(text: str) -> list[Mention]:
    """Every gazetteer name in ``text`` as a resolved mention (longest names first)."""
    out: list[Mention] = []
    taken: set[int] = set()
    for name, (kind, actor, country) in sorted(GAZETTEER.items(), key=lambda x: -len(x[0])):
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), name, kind, actor, ("GOV",), country))  # type: ignore[arg-type]
    return sorted(out, key=lambda m: m.start)


def article_for(text: str, language: str, sections: tuple[Section, ...] = ()) -> Article:
    """An article whose body is ``text``, published on Wednesday 2025-03-12."""
    return Article(
        id="t1",
        text=text,
        content_hash="h",
        language=language,
        published_at=datetime(2025, 3, 12, 9, 0, tzinfo=UTC),
        sections=sections,
    )


def pipeline_events(text: str, language: str, as_of: str = "2017-03-01") -> list[Event]:
    """The events the full pipeline (``veille.process_text``) codes in ``text``."""
    from veille.engine import process_text  # noqa: PLC0415 - loads spaCy: only when called

    return list(process_text(text, language=language, as_of=as_of).events)


def side_codes(side: tuple[ActorRef, ...]) -> list[str | None]:
    """The actor codes of one side of an event, in order."""
    return [ref.code for ref in side]


def event_types(text: str, language: str) -> list[str]:
    """The type of each event the full pipeline codes in ``text``, in order."""
    return [e.event_type for e in pipeline_events(text, language)]


def types_and_modes(text: str, language: str) -> list[tuple[str, str | None]]:
    """The (type, mode) of each event the full pipeline codes in ``text``."""
    return [(e.event_type, e.mode) for e in pipeline_events(text, language)]


def only_event(text: str, language: str, event_type: str) -> Event:
    """The one event of ``event_type`` the full pipeline codes in ``text``."""
    found = [e for e in pipeline_events(text, language) if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in found]
    return found[0]


def last_sentence_event(text: str, language: str) -> Event:
    """The one event the full pipeline codes in the last sentence that has any."""
    events = pipeline_events(text, language)
    last = max(e.sentence.start for e in events)
    [event] = [e for e in events if e.sentence.start == last]
    return event
