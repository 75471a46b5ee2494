"""Lead or background: what the article reports as new, and what it recalls.

An event is ``background`` when

* its event date is more than :data:`STALE_DAYS` days before the article's
  date (a date stated in its sentence: "le 24 février 2022");
* a time phrase of the language's lexicon (``bg_time``: "last year",
  "l'an dernier", "previously") or a past year ("en 2022", "in 2019") stands
  in the trigger's clause;
* it is governed by words that open recalled context (``bg_before``: "sur
  fond de guerre en Ukraine", "amid the war", "depuis le début de la
  guerre", "rappelle que", "after"/"since" clauses reporting earlier acts).

Everything else is ``lead``. The lexicon lives in
``data/places/lexicon_<lang>.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.nlp import doc_text
from veille.places.lexicon import PlaceLexicon, load_place_lexicon, year_before
from veille.places.syntax import clause_head, token_at
from veille.records import Article, Event, Salience

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

STALE_DAYS = 7
"""An event dated more than this many days before its article is background."""

# A year after a preposition that dates a clause: "en 2022", "in 2019", "depuis 2014".
_PAST_YEAR = re.compile(r"\b(?:en|in|since|depuis|during|pendant|durant)\s+((?:19|20)\d\d)\b")


def assign_salience(events: Sequence[Event], doc: Doc, article: Article) -> tuple[Event, ...]:
    """Return ``events`` with ``salience`` set to ``lead`` or ``background``."""
    if not events:
        return ()
    lexicon = load_place_lexicon(doc.lang_ if doc.lang_ in ("fr", "en") else "en")
    moment = article.published_at or article.reference_time
    reference = moment.date() if moment else None
    text = doc_text(doc)
    # Events of one sentence share its time phrases: each sentence is read once.
    cues: dict[tuple[int, int], _SentenceCues | None] = {}
    out = []
    for event in events:
        background = _stale(event, reference)
        if not background:
            bounds = (event.sentence.start, event.sentence.end)
            if bounds not in cues:
                cues[bounds] = _sentence_cues(doc, text, bounds, lexicon, reference)
            found = cues[bounds]
            if found is not None:
                trigger = token_at(doc, event.trigger.start)
                background = trigger is not None and _recalled(trigger, found)
        salience: Salience = "background" if background else "lead"
        out.append(event if event.salience == salience else replace(event, salience=salience))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _SentenceCues:
    """The phrases of one sentence that may mark an event of it as background."""

    before: list[SpacySpan]  # "sur fond de", "amid", "after" …
    times: list[SpacySpan]  # "l'an dernier", "last year" …
    years: list[SpacySpan]  # past years after a preposition: "en 2022"


def _sentence_cues(
    doc: Doc,
    text: str,
    bounds: tuple[int, int],
    lexicon: PlaceLexicon,
    reference: date | None,
) -> _SentenceCues | None:
    """Find the background cues of the sentence at ``bounds`` (None: no sentence, no cue)."""
    sent = doc.char_span(bounds[0], bounds[1], alignment_mode="expand")
    if sent is None:
        return None
    # Span.text joins the span's tokens anew on every access; the Doc's text is cut once.
    lowered = text[sent.start_char : sent.end_char].lower()
    years = []
    for match in _PAST_YEAR.finditer(lowered):
        if not year_before(int(match.group(1)), reference):
            continue
        year = doc.char_span(sent.start_char + match.start(1), sent.start_char + match.end(1))
        if year is not None:
            years.append(year)
    plain = lowered.replace("’", "'")
    before = _matches(doc, sent.start_char, plain, _pattern(lexicon, "bg_before"))
    times = _matches(doc, sent.start_char, plain, _pattern(lexicon, "bg_time"))
    if not (before or times or years):
        return None
    return _SentenceCues(before, times, years)


def _stale(event: Event, reference: date | None) -> bool:
    if reference is None or not event.event_date:
        return False
    try:
        when = date.fromisoformat(event.event_date[:10])
    except ValueError:
        return False
    return (reference - when).days > STALE_DAYS


def _recalled(trigger: Token, cues: _SentenceCues) -> bool:
    head = clause_head(trigger)
    for cue in cues.before:
        top = _top(cue)
        scope = top.head if top.dep_ in ("mark", "case") and top.head.i >= cue.end else top
        if trigger.i >= cue.end and trigger in scope.subtree and scope.i != head.i:
            return True
        if trigger.i >= cue.end and scope.i == trigger.i:
            return True
    for cue in cues.times:
        if _same_clause(_top(cue), trigger, head):
            return True
    return any(_same_clause(year[0], trigger, head) for year in cues.years)


def _same_clause(tok: Token, trigger: Token, head: Token) -> bool:
    """Tell whether a time phrase dates the trigger's clause (or the trigger's own phrase)."""
    return clause_head(tok).i == head.i or tok in trigger.subtree


def _top(span: SpacySpan) -> Token:
    """Return the word of a phrase whose head lies outside it (the phrase's attachment)."""
    return next((t for t in span if not span.start <= t.head.i < span.end), span.root)


def _matches(doc: Doc, offset: int, text: str, pattern: re.Pattern[str] | None) -> list[SpacySpan]:
    """Return the token spans where a phrase of the pattern occurs in ``text``.

    ``text`` is a sentence of ``doc`` in lower case, starting at character ``offset``.
    """
    if pattern is None:
        return []
    found: list[SpacySpan] = []
    for match in pattern.finditer(text):
        span = doc.char_span(offset + match.start(), offset + match.end(), alignment_mode="expand")
        if span is not None and len(span):
            found.append(span)
    return found


@lru_cache(maxsize=32)
def _pattern(lexicon: PlaceLexicon, kind: str) -> re.Pattern[str] | None:
    """One regular expression for the phrases of ``kind``, longest first, on word bounds."""
    phrases = sorted(lexicon.get(kind), key=lambda p: (-len(p), p))
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
