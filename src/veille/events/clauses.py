"""What surrounds a trigger: negation, modality, condition clauses and who said it.

Each function reads the parse around one trigger token and the language's
cue lexicon; none of them knows about event types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from veille.events.lexicon import Lexicon
from veille.events.parsed import Sent, Word
from veille.records import Mode, Span

REPORT_COMPLEMENT = {"ccomp", "parataxis", "obj", "dobj", "xcomp", "advcl", "nsubj", "conj"}


def _lemma(tok: Word) -> str:
    return tok.lemma_.lower()


def clause_head(trigger: Word) -> Word:
    """Return the verb whose clause a trigger belongs to (a noun's governing verb, if any)."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    if trigger.pos_ == "ADJ" and trigger.head.pos_ in ("AUX", "VERB"):
        return trigger.head
    argument = ("obj", "dobj", "attr", "nsubj", "nsubjpass", "nsubj:pass", "obl:agent")
    if trigger.dep_ in argument and trigger.head.pos_ in ("VERB", "AUX"):
        return trigger.head
    if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
        return trigger.head.head
    return trigger


def is_negated(trigger: Word, lexicon: Lexicon) -> bool:
    """Tell whether the trigger's clause is negated ("n'a pas signé", "did not", "denied")."""
    negation = lexicon.cue("negation")
    head = clause_head(trigger)
    for tok in (trigger, head):
        for child in tok.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("advmod", "fixed", "dep") and child.lower_ in negation:
                return True
            nxt = child.nbor(1) if child.i + 1 < len(child.doc) else None
            if child.lower_ == "no" and nxt is not None and nxt.lower_ == "longer":
                return True
    # "made no arrests", "aucune arrestation": the trigger noun is quantified by zero.
    nodet = lexicon.cue("nodet")
    if any(c.dep_ == "det" and (c.lower_ in nodet or _lemma(c) in nodet) for c in trigger.children):
        return True
    return _denying_governor(head) in lexicon.cue("deny")


def _denying_governor(head: Word) -> str:
    """Spell the verb phrase governing ``head``'s clause, as the ``deny`` cues spell it.

    "denied attacking" / "failed to reach" give the governor's lemma ("deny",
    "fail"); "refrained from firing" / "stopped short of recognising" give the
    lemma with the words up to the preposition ("refrain from", "stop short of").
    """
    if head.dep_ in ("xcomp", "ccomp"):
        return _lemma(head.head)
    if head.dep_ == "pcomp" and head.head.dep_ == "prep":
        prep = head.head
        verb = prep.head
        words = [prep.lower_]
        if verb.dep_ == "advmod" and verb.head.pos_ == "VERB":  # "stopped short of"
            words.insert(0, verb.lower_)
            verb = verb.head
        return " ".join([_lemma(verb), *words])
    return ""


def modality(trigger: Word, lexicon: Lexicon) -> Mode:
    """Done, announced (future, commitment), intended ("plans to"), or possible ("could")."""
    head = clause_head(trigger)
    aux = [c for c in head.children if c.dep_ in ("aux", "aux:tense", "aux:pass", "auxpass")]
    lemmas = {_lemma(a) for a in aux} | {a.lower_ for a in aux}
    if lemmas & lexicon.cue("possible"):
        return "possible"
    governor = head.head if head.dep_ == "xcomp" and head.head is not head else None
    if governor is not None:
        g = _lemma(governor)
        if g in lexicon.cue("possible"):
            return "possible"
        if g in lexicon.cue("intended"):
            return "intended"
        if g in lexicon.cue("announced"):
            return "announced"
        if "Cnd" in governor.morph.get("Mood", []):
            return "possible"
    if lemmas & lexicon.cue("announced") or "Fut" in head.morph.get("Tense", []):
        return "announced"
    if "Cnd" in head.morph.get("Mood", []) or any("Cnd" in a.morph.get("Mood", []) for a in aux):
        return "possible"
    return "done"


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """A condition clause in a sentence: its span and the first token of its body."""

    span: Span
    first: int
    last: int


@lru_cache(maxsize=64)
def _longest_first(phrases: frozenset[str]) -> tuple[str, ...]:
    # Called for every token of every sentence: sort each cue set once.
    return tuple(sorted(phrases, key=len, reverse=True))


def _phrase_at(full_text: str, start: int, phrases: frozenset[str]) -> str | None:
    lowered = full_text[start : start + 40].lower().replace("’", "'")
    for phrase in _longest_first(phrases):
        if lowered.startswith(phrase) and (
            len(lowered) == len(phrase)
            or not lowered[len(phrase)].isalpha()
            or phrase.endswith("'")
        ):
            return phrase
    return None


@lru_cache(maxsize=16)
def _any_phrase(phrases: frozenset[str]) -> re.Pattern[str]:
    # As _phrase_at reads them: a phrase ends before a letter only when it ends
    # with an apostrophe ("s'", "qu'"); "si" is not found in "site".
    alternatives = "|".join(
        re.escape(p) if p.endswith("'") else rf"{re.escape(p)}(?![^\W\d_])"
        for p in _longest_first(phrases)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


def _holds_any(sent: Sent, phrases: frozenset[str]) -> bool:
    """Tell whether ``sent`` may hold one of ``phrases`` where :func:`_phrase_at` finds them.

    Most sentences hold none: one search of their text spares a look at every token.
    """
    window = sent.doc.text[sent.start_char : sent.end_char].replace("’", "'")
    return _any_phrase(phrases).search(window) is not None


def condition_clauses(sent: Sent, lexicon: Lexicon) -> list[ConditionClause]:
    """Condition clauses ("à condition que…", "si…", "provided that…", "if…") of a sentence."""
    text = sent.doc.text
    out: list[ConditionClause] = []
    if not _holds_any(sent, lexicon.cue("condition")):
        return out
    for tok in sent:
        if any(c.first <= tok.i <= c.last for c in out):
            continue
        if _phrase_at(text, tok.idx, lexicon.cue("concessive")):
            continue
        prev = sent.doc[tok.i - 1] if tok.i > sent.start else None
        if prev is not None and _phrase_at(text, prev.idx, lexicon.cue("concessive")):
            continue
        phrase = _phrase_at(text, tok.idx, lexicon.cue("condition"))
        if phrase is None:
            continue
        if (
            phrase in ("s'", "s’")
            and tok.i + 1 < sent.end
            and sent.doc[tok.i + 1].lower_
            not in (
                "il",
                "ils",
            )
        ):
            continue  # "s'exprimant" is a reflexive pronoun; only "s'il(s)" is "si"
        single = " " not in phrase.strip()
        # The parser sometimes hangs "si" on the subject it precedes ("si
        # Bruxelles persistait"): still a subordinator of that subject's verb.
        on_subject = tok.dep_ == "case" and tok.head.dep_ in ("nsubj", "nsubj:pass")
        if single and tok.dep_ != "mark" and not on_subject:
            continue  # "si" as in "si grand", "if" as a noun: not a subordinator
        # The clause runs to the end of the subtree of the verb the marker introduces.
        end_char = tok.idx + len(phrase)
        markers = [t for t in sent if t.idx >= tok.idx and t.idx < end_char + 1]
        verb = markers[-1].head if markers else tok.head
        if on_subject:
            verb = tok.head.head
        # A reporting clause hung on the condition's verb ("…, a averti X") is not part of it.
        edge = max(
            [verb.i] + [t.i for c in verb.children if c.dep_ != "parataxis" for t in c.subtree]
        )
        last = max(edge, markers[-1].i if markers else tok.i)
        last = min(last, sent.end - 1)
        while last > tok.i and sent.doc[last].is_punct:
            last -= 1
        end = sent.doc[last].idx + len(sent.doc[last].text)
        out.append(ConditionClause(Span(tok.idx, end, text[tok.idx : end]), tok.i, last))
    return out


@dataclass(frozen=True, slots=True)
class Speaker:
    """The speaker token of a reported event and the reporting verb or phrase."""

    token: Word
    verb: Span


def speaker_of(trigger: Word, sent: Sent, lexicon: Lexicon) -> Speaker | None:
    """Find who reported the event: a reporting verb's subject above it, or "selon X"."""
    report = lexicon.cue("report")
    tok = clause_head(trigger)
    for _ in range(4):
        parent = tok.head
        if parent is tok:
            break
        if tok.dep_ in REPORT_COMPLEMENT and _lemma(parent) in report:
            for child in parent.children:
                if child.dep_ in ("nsubj", "nsubj:pass"):
                    return Speaker(
                        child, Span(parent.idx, parent.idx + len(parent.text), parent.text)
                    )
        tok = parent
    text = sent.doc.text
    according = lexicon.cue("according")
    if not _holds_any(sent, according):
        return None
    for t in sent:
        phrase = _phrase_at(text, t.idx, according)
        if phrase is None:
            continue
        after = [x for x in sent if x.idx >= t.idx + len(phrase) and x.pos_ in ("NOUN", "PROPN")]
        if after:
            head = after[0]
            while (
                head.head.i != head.i
                and head.head.pos_ in ("NOUN", "PROPN")
                and head.dep_ in ("compound", "flat", "amod")
            ):
                head = head.head
            return Speaker(
                head, Span(t.idx, t.idx + len(phrase), text[t.idx : t.idx + len(phrase)])
            )
    return None


_WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTHS = {
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_RELATIVE = {
    "hier": -1,
    "yesterday": -1,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "today": 0,
    "avant-hier": -2,
}
_DAY_MONTH = re.compile(
    r"\b(?:le\s+)?(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?\b", re.I
)
# In the order of the tables above, which is the order they are tried in.
_RELATIVE_WORDS = [
    (word, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), delta)
    for word, delta in _RELATIVE.items()
]
_WEEKDAY_WORDS = [(word, re.compile(rf"\b{word}\b"), day) for word, day in _WEEKDAYS.items()]
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:,\s*(\d{4}))?\b", re.I)


# Pure, and asked once per event of a sentence: the sentence's answer is kept.
@lru_cache(maxsize=256)
def event_date(text: str, reference: datetime | None) -> str | None:
    """Return the event date (ISO): stated in the sentence, else the reference date."""
    ref: date | None = reference.date() if reference is not None else None
    for m in _DAY_MONTH.finditer(text):
        year = int(m.group(3)) if m.group(3) else (ref.year if ref else None)
        if year is not None:
            try:
                return date(year, _MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
            except ValueError:
                continue
    for m in _MONTH_DAY.finditer(text):
        year = int(m.group(3)) if m.group(3) else (ref.year if ref else None)
        if year is not None and m.group(1).lower() != "may":
            try:
                return date(year, _MONTHS[m.group(1).lower()], int(m.group(2))).isoformat()
            except ValueError:
                continue
    if ref is None:
        return None
    lowered = text.lower()
    for word, pattern, delta in _RELATIVE_WORDS:
        if word in lowered and pattern.search(lowered):
            return (ref + timedelta(days=delta)).isoformat()
    for word, pattern, weekday in _WEEKDAY_WORDS:
        if word in lowered and pattern.search(lowered):
            back = (ref.weekday() - weekday) % 7
            return (ref - timedelta(days=back)).isoformat()
    return ref.isoformat()
