"""Numbers and durations attached to events, read from raw text with their spans.

Handles French and English number writing: thousands separated by spaces,
no-break or thin spaces ("60 000", "60\u202f000"), commas in English
("60,000"), decimal commas in French ("2,5 milliards"), scale words
("2 milliards d'euros", "$2 billion"), small numbers in words ("cinq",
"five") and approximation cues ("près de", "nearly"). Durations ("pour une
durée d'un an", "for the next five years") are normalised to days.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from veille.records import Duration, Quantity

_WORD_NUMBERS = {
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "quinze": 15,
        "vingt": 20,
        "trente": 30,
        "cent": 100,
        "mille": 1000,
        "dizaine": 10,
        "douzaine": 12,
        "centaine": 100,
        "millier": 1000,
    },
    "en": {
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fifteen": 15,
        "twenty": 20,
        "thirty": 30,
        "hundred": 100,
        "thousand": 1000,
        "dozen": 12,
    },
}
_SCALES = {
    "mille": 1e3,
    "millier": 1e3,
    "milliers": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "mds": 1e9,
    "mn": 1e6,
    "bn": 1e9,
}
_SHORT_SCALES = {"m": 1e6, "k": 1e3}
_CURRENCY_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "livre": "GBP",
    "livres": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "rouble": "RUB",
    "roubles": "RUB",
    "yuan": "CNY",
    "yen": "JPY",
    "shilling": "SHILLING",
    "shillings": "SHILLING",
}
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "US$": "USD", "US $": "USD"}
_UNIT_DAYS = {
    "an": 365,
    "ans": 365,
    "année": 365,
    "années": 365,
    "mois": 30,
    "semaine": 7,
    "semaines": 7,
    "jour": 1,
    "jours": 1,
    "year": 365,
    "years": 365,
    "month": 30,
    "months": 30,
    "week": 7,
    "weeks": 7,
    "day": 1,
    "days": 1,
}
_PERCENT = {"%", "pour cent", "percent", "per cent"}

_SEP = "[ \u00a0\u202f\u2009]"
_DIGITS = rf"\d{{1,3}}(?:(?:{_SEP}|,|\.)\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# Patterns that open with optional parts make the regex engine try every
# position of the sentence in full; a look-ahead for the characters a match
# can start with lets it skip the rest (about twice as fast, same matches).
_NUMBER = re.compile(
    r"(?=[\d$€£U\s])"
    rf"(?P<sign>US ?\$|[$€£])?\s?(?P<num>{_DIGITS})"
    rf"(?:{_SEP}?(?P<scale>mille|milliers|millions?|milliards?|thousands?|billions?|trillion|mds|mn|bn)\b"
    # "$375m", "£40k": one-letter scales, only trusted after a currency sign
    # (a bare "375m" is as likely metres).
    r"|(?P<short>[mk])\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_FUNCTION_WORDS = {
    "for",
    "in",
    "on",
    "to",
    "at",
    "from",
    "by",
    "with",
    "and",
    "or",
    "the",
    "of",
    "per",
    "et",
    "ou",
    "en",
    "à",
    "au",
    "aux",
    "pour",
    "dans",
    "sur",
    "par",
    "le",
    "la",
    "les",
    "des",
    "du",
    "avec",
    "contre",
    "who",
    "which",
    "that",
    "qui",
    "que",
    "were",
    "was",
}
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_MONTHS = {
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_NUMBER_WORDS = "|".join(
    sorted(set(_WORD_NUMBERS["fr"]) | set(_WORD_NUMBERS["en"]), key=len, reverse=True)
)
_DURATION_LEAD = re.compile(
    r"(?=[psdfo])\b(?:pour|pendant|durant|sur|for|over|during)\s+"
    r"(?:une\s+durée\s+d[’']\s*|a\s+period\s+of\s+)?"
    r"(?:(?:les|la|le|the|next|coming|a|an|une?)\s+)*"
    rf"(?P<num>\d+|{_NUMBER_WORDS})"
    r"(?:\s+(?:prochaines?|prochains|dernières?|derniers|next|coming|following))?\s*-?\s*"
    r"(?P<unit>années|année|ans|an|mois|semaines?|jours?|years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)

_COMPOUND_UNITS = ("year", "month", "week", "day")
_COMPOUND_DURATION = re.compile(
    rf"\b(?P<num>\d+|\w+)-(?P<unit>{'|'.join(_COMPOUND_UNITS)})\b", re.IGNORECASE
)
# Every number written in digits holds one: a sentence without any has none.
_ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    start: int
    end: int
    unit: str | None


def parse_number(text: str, language: str) -> float | None:
    """Read one written number ("60 000", "60,000", "2,5", "cinq") or return ``None``."""
    raw = text.strip().lower()
    words = _WORD_NUMBERS.get(language, {}) | _WORD_NUMBERS["en"]
    if raw in words:
        return float(words[raw])
    raw = re.sub(_SEP, "", raw)
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
        return None
    groups = re.split(r"[.,]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        # "60,000" / "60.000" / "1,234,567": thousands, in both languages. A
        # French decimal with three digits ("2,500 milliards") is rare enough.
        value = float("".join(groups))
    elif len(groups) == 2:
        value = float(f"{groups[0]}.{groups[1]}")
    elif len(groups) == 1:
        value = float(groups[0])
    else:
        return None
    # 400 digits in a row read as infinity, which is not a count of anything
    # (and int(inf) would raise when a duration is turned into days).
    return value if math.isfinite(value) else None


def _approximate(before: str, cues: Iterable[str]) -> bool:
    tail = before.lower().rstrip()
    tail = re.sub(r"[\u00a0\u202f]", " ", tail)
    return any(
        tail.endswith(cue) and (len(tail) == len(cue) or not tail[-len(cue) - 1].isalnum())
        for cue in cues
    )


def find_durations(text: str, offset: int = 0, language: str = "fr") -> list[Duration]:
    """Durations in ``text`` ("pour une durée d'un an" → 365 days); spans shifted by ``offset``."""
    found = []
    for m in _DURATION_LEAD.finditer(text):
        value = parse_number(m.group("num"), language)
        if value is None:
            continue
        days = int(value * _UNIT_DAYS[m.group("unit").lower()])
        found.append(
            Duration(text=m.group(0), days=days, start=offset + m.start(), end=offset + m.end())
        )
    # "six-month extension" / "a 30-day state of siege": a compound duration.
    lowered = text.lower()
    if not any(f"-{unit}" in lowered for unit in _COMPOUND_UNITS):
        return found  # most sentences: no need to run the pattern
    for m in _COMPOUND_DURATION.finditer(text):
        value = parse_number(m.group("num"), language)
        if value is not None and not any(d.start <= offset + m.start() < d.end for d in found):
            days = int(value * _UNIT_DAYS[m.group("unit").lower()])
            found.append(Duration(m.group(0), days, offset + m.start(), offset + m.end()))
    return found


# Number words that are articles more often than counts ("un accord", "a deal").
_NOT_COUNTS = frozenset({"un", "une", "a", "an", "one"})


@lru_cache(maxsize=8)
def _spelled_numbers(language: str) -> re.Pattern[str] | None:
    """Find the whole words of ``text`` (as ``_WORD`` cuts them) that may be number words.

    One search for the few number words instead of a look-up of every word;
    ``find_quantities`` still checks each match against the table.
    """
    words = sorted(set(_WORD_NUMBERS.get(language, {})) - _NOT_COUNTS, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in words)
    # The look-ahead on first letters lets the engine skip most positions.
    initials = re.escape("".join(sorted({word[0].lower() for word in words})))
    return re.compile(rf"(?=[{initials}])(?<![\w’'-])(?:{alternatives})(?![\w’'-])", re.IGNORECASE)


def find_quantities(
    text: str,
    offset: int = 0,
    language: str = "fr",
    approx_cues: Iterable[str] = (),
    durations: Sequence[Duration] | None = None,
) -> list[Quantity]:
    """Find counted amounts in ``text``: value, unit, what is counted, approximation.

    Years, dates, percentages inside durations and ordinals are skipped: they
    are not amounts of anything. ``durations`` are those of ``text`` when the
    caller has found them already (spans shifted by ``offset``, as
    :func:`find_durations` gives them).
    """
    cues = tuple(sorted(approx_cues, key=len, reverse=True))
    if durations is None:
        durations = find_durations(text, offset, language)
    out: list[Quantity] = []
    candidates: list[_Number] = []
    for m in _NUMBER.finditer(text) if _ANY_DIGIT.search(text) else ():
        value = parse_number(m.group("num"), language)
        if value is None:
            continue
        num_start = m.start("num")
        if (
            num_start > 0
            and (text[num_start - 1].isalpha() or text[num_start - 1] == "-")
            and (not m.group("sign"))
        ):
            continue  # part of a name or code ("M23", "F-16", "G7"), not an amount
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        elif m.group("short") and m.group("sign"):
            value *= _SHORT_SCALES[m.group("short").lower()]
        sign = m.group("sign")
        currency = _CURRENCY_SIGNS.get(sign.replace(" ", "")) if sign else None
        start = m.start("sign") if sign else m.start("num")
        candidates.append(_Number(value, start, m.end(), currency))
    words = _WORD_NUMBERS.get(language, {})
    spelled = _spelled_numbers(language)
    for m in spelled.finditer(text) if spelled is not None else ():
        token = m.group(0).lower()
        if token not in words or token in _NOT_COUNTS:
            continue
        previous = text[: m.start()].rstrip().lower().rsplit(" ", 1)[-1]
        # "les deux pays", "the two sides" name parties, they count nothing.
        if previous not in ("les", "the", "ces", "these", "both", "des"):
            candidates.append(_Number(float(words[token]), m.start(), m.end(), None))
    for num in sorted(candidates, key=lambda n: n.start):
        if any(d.start <= offset + num.start < d.end for d in durations):
            continue
        rest = text[num.end :]
        following = _WORD.findall(rest[:40])
        before = text[: num.start]
        raw = text[num.start : num.end].strip()
        if _YEAR.match(raw) and num.unit is None:
            continue
        if following and following[0].lower() in _MONTHS:
            continue
        if rest.lstrip().startswith("%") or " ".join(following[:2]).lower() in _PERCENT:
            unit: str | None = "%"
            what: str | None = None
        else:
            unit, what = num.unit, None
            idx = 0
            if following and following[0].lower() in {"de", "d", "d’", "d'", "of"}:
                idx = 1
            # "2 milliards d'euros": de + currency; "60 000 militaires": the noun counted.
            word = following[idx].lower() if len(following) > idx else ""
            if word.startswith(("d’", "d'")):
                word = word[2:]
            if word in _CURRENCY_WORDS:
                unit = _CURRENCY_WORDS[word]
            elif (
                word
                and unit is None
                and not word.isdigit()
                and idx == 0
                and word not in _UNIT_DAYS
                and word not in _FUNCTION_WORDS
            ):
                what = following[0]
            if word in _UNIT_DAYS:
                continue
        end = num.end
        if what:
            end = num.end + rest.find(what) + len(what)
        elif unit and unit != "%" and num.unit is None:
            end = num.end + rest.lower().find(word) + len(word)
        out.append(
            Quantity(
                value=num.value,
                unit=unit,
                what=what,
                approximate=_approximate(before, cues),
                start=offset + num.start,
                end=offset + end,
            )
        )
    return out
