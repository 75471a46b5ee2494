"""What the parse says around a trigger: clause head, negation, modality, conditions, speaker, date.

Each function reads the parse around one trigger token and the language's
lexicon (cue words, ``grammar.tsv``, ``calendar.tsv``); none of them knows
about event types. What these readings mean for an event (attribution, a
promise or a threat) is decided in :mod:`veille.events.discourse`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from veille.events.lexicon import Calendar, Lexicon
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
    # "obl:arg": a verb's own oblique argument ("ne participent pas à l'offensive",
    # "mettent en cause la Chine").
    argument = ("obj", "dobj", "attr", "nsubj", "nsubjpass", "nsubj:pass", "obl:agent", "obl:arg")
    if trigger.dep_ in argument and trigger.head.pos_ in ("VERB", "AUX"):
        return trigger.head
    if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
        return trigger.head.head
    return trigger


def is_negated(trigger: Word, lexicon: Lexicon) -> bool:
    """Tell whether the trigger's clause is negated ("n'a pas signé", "did not", "denied")."""
    negation = lexicon.cue("negation")
    # Cues of several words ("no longer") are read token by token from any child.
    phrases = _phrases_by_first_word(negation)
    head = clause_head(trigger)
    for tok in (trigger, head):
        for child in tok.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("advmod", "fixed", "dep") and child.lower_ in negation:
                return True
            if any(_starts_phrase(child, words) for words in phrases.get(child.lower_, ())):
                return True
    # "made no arrests", "aucune arrestation": the trigger noun is quantified by zero.
    nodet = lexicon.cue("nodet")
    if any(c.dep_ == "det" and (c.lower_ in nodet or _lemma(c) in nodet) for c in trigger.children):
        return True
    return _denying_governor(head) in lexicon.cue("deny")


@lru_cache(maxsize=64)
def _phrases_by_first_word(cues: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return the cues of several words, split into words, by their first word.

    Worked out once per cue set (a lexicon's are fixed): a phrase can only
    start at a word that is its first word.
    """
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for cue in sorted(cues):
        if " " in cue:
            words = tuple(cue.split())
            phrases.setdefault(words[0], []).append(words)
    return {first: tuple(found) for first, found in phrases.items()}


def _starts_phrase(tok: Word, words: Sequence[str]) -> bool:
    """Tell whether ``words`` are written from ``tok`` on, one token each."""
    doc = tok.doc
    end = tok.i + len(words)
    return end <= len(doc) and all(doc[tok.i + k].lower_ == word for k, word in enumerate(words))


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
    conditional = [a for a in aux if "Cnd" in a.morph.get("Mood", [])]
    # A past conditional of hearsay ("les assaillants auraient ouvert le feu") reports
    # an alleged act that was done, not a possible one.
    if (
        conditional
        and "Part" in head.morph.get("VerbForm", [])
        and all(_lemma(a) in lexicon.cue("hearsay") for a in conditional)
    ):
        return "done"
    if "Cnd" in head.morph.get("Mood", []) or conditional:
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
        single = " " not in phrase.strip()
        if (
            single
            and phrase.endswith("'")
            and tok.i + 1 < sent.end
            and sent.doc[tok.i + 1].lower_ not in lexicon.grammar.elision_subjects
        ):
            # An elided condition ("s'") is one only before a subject pronoun:
            # "s'exprimant" is a reflexive pronoun, "s'il(s)" is "si".
            continue
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


class DateReader:
    """Finds the date an event happened in its sentence, from one language's calendar words.

    A day and month written in one of the language's date orders ("12 mars
    2025", "March 12"), else a relative day ("hier", "yesterday"), else a
    weekday (the last one up to the reference date), else the reference date.
    """

    def __init__(self, calendar: Calendar) -> None:
        """Build the patterns of ``calendar`` (``calendar.tsv``)."""
        self.calendar = calendar
        names = {**calendar.months, **calendar.month_homographs}
        self._months = {name.lower(): number for name, number in names.items()}
        suffix = "|".join(map(re.escape, calendar.day_suffixes))
        suffix = f"(?:{suffix})?" if suffix else ""
        patterns: list[tuple[re.Pattern[str], int, int]] = []
        for order in calendar.date_orders:
            if order == "day month":
                alternatives = _alternatives(names)
                pattern = rf"\b(\d{{1,2}}){suffix}\s+({alternatives})(?:\s+(\d{{4}}))?\b"
                patterns.append((re.compile(pattern, re.I), 1, 2))
            else:
                # A homograph ("may") is read as a month only after its day.
                alternatives = _alternatives(calendar.months)
                pattern = rf"\b({alternatives})\s+(\d{{1,2}})(?:,\s*(\d{{4}}))?\b"
                patterns.append((re.compile(pattern, re.I), 2, 1))
        self._patterns = patterns
        self._relative = [
            (word, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), delta)
            for word, delta in calendar.relative_days.items()
        ]
        self._weekdays = [
            (word, re.compile(rf"\b{re.escape(word)}\b"), day)
            for word, day in calendar.weekdays.items()
        ]
        # Pure, and asked once per event of a sentence: the sentence's answer is kept.
        self.event_date = lru_cache(maxsize=256)(self._event_date)

    def _event_date(self, text: str, reference: datetime | None) -> str | None:
        """Return the event date (ISO): stated in the sentence, else the reference date."""
        ref: date | None = reference.date() if reference is not None else None
        for pattern, day_group, month_group in self._patterns:
            for m in pattern.finditer(text):
                year = int(m.group(3)) if m.group(3) else (ref.year if ref else None)
                if year is not None:
                    month = self._months[m.group(month_group).lower()]
                    try:
                        return date(year, month, int(m.group(day_group))).isoformat()
                    except ValueError:
                        continue
        if ref is None:
            return None
        lowered = text.lower()
        for word, pattern, delta in self._relative:
            if word in lowered and pattern.search(lowered):
                return (ref + timedelta(days=delta)).isoformat()
        for word, pattern, weekday in self._weekdays:
            if word in lowered and pattern.search(lowered):
                back = (ref.weekday() - weekday) % 7
                return (ref - timedelta(days=back)).isoformat()
        return ref.isoformat()


def _alternatives(words: Iterable[str]) -> str:
    """Return a regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
