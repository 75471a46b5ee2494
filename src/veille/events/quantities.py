"""Numbers and durations attached to events, read from raw text with their spans.

Handles French and English number writing: thousands separated by spaces,
no-break or thin spaces ("60 000", "60\u202f000"), commas in English
("60,000"), decimal commas in French ("2,5 milliards"), scale words
("2 milliards d'euros", "$2 billion"), small numbers in words ("cinq",
"five") and approximation cues ("près de", "nearly"). Durations ("pour une
durée d'un an", "for the next five years") are normalised to days.

The words are the language's (``data/lexicon/<language>/quantities.tsv``,
read into :class:`~veille.events.lexicon.QuantityWords`); a
:class:`QuantityReader` compiles its patterns from them once. The module
functions take a language name for callers without a coder.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from veille.events.lexicon import QuantityWords, load_lexicon
from veille.records import Duration, Quantity

_SEP = "[ \u00a0\u202f\u2009]"
_DIGITS = rf"\d{{1,3}}(?:(?:{_SEP}|,|\.)\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
# A small number right after a capitalised word inside a sentence is part of a
# name ("France 2", "Ligue 1", "Apollo 11"), not an amount.
_NAME_NUMBER = re.compile(r"[^.!?:;«\"\s]\s+[A-ZÀ-Ý][\w’'-]*\s$")
# Two numbers joined by a dash ("voted 56–32", "won 2-1"): a tally or a score.
_TALLY_AFTER = re.compile(r"[-–—]\d+")
_TALLY_BEFORE = re.compile(r"\d[-–—]$")
# Every number written in digits holds one: a sentence without any has none.
_ANY_DIGIT = re.compile(r"\d")
# The suffix of an ordinal written in digits, right after them: "9th", "21st", "3e", "1er".
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|e|er|re|ère|ème|eme|nde?)\b", re.IGNORECASE)
_APOSTROPHES = ("'", "’")
# How many words after "the two" may hold the noun naming the parties ("the two foreign ministers").
_PARTY_NOUN_REACH = 3
_TENS = frozenset(float(n) for n in range(20, 100, 10))
# An age set off by commas after a name: "Daniel Montalvo, 19, was" (codebook 8.5: never an age).
_AGE_BEFORE = re.compile(r"[A-ZÀ-Ý][\w’'-]*,\s*$")
_AGE_AFTER = re.compile(r"\s*[,)]")


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    start: int
    end: int
    unit: str | None


class QuantityReader:
    """Reads amounts and durations in the words of one language (``quantities.tsv``)."""

    def __init__(self, words: QuantityWords) -> None:
        """Build the patterns of ``words``: signs, scales, duration wordings, number words."""
        self.words = words
        signs = _alternatives(words.currency_signs)
        initials = re.escape("".join(sorted({sign[0] for sign in words.currency_signs})))
        # Patterns that open with optional parts make the regex engine try every
        # position of the sentence in full; a look-ahead for the characters a
        # match can start with lets it skip the rest (about twice as fast).
        self.number_pattern = re.compile(
            rf"(?=[\d{initials}\s])"
            rf"(?P<sign>{signs})?\s?(?P<num>{_DIGITS})"
            rf"(?:{_SEP}?(?P<scale>{_alternatives(words.scales)})\b"
            # "$375m", "£40k": one-letter scales, only trusted after a currency
            # sign (a bare "375m" is as likely metres).
            rf"|(?P<short>{_alternatives(words.short_scales)})\b)?",
            re.IGNORECASE,
        )
        leads = words.duration_leads
        lead_initials = re.escape("".join(sorted({lead[0] for lead in leads})))
        fillers = "|".join(_phrase(f) for f in words.duration_fillers)
        determiners = _alternatives(words.duration_determiners)
        qualifiers = _alternatives(words.duration_qualifiers)
        self.duration_pattern = re.compile(
            (rf"(?=[{lead_initials}])" if leads else "") + rf"\b(?:{_alternatives(leads)})\s+"
            rf"(?:{fillers})?"
            rf"(?:(?:{determiners})\s+)*"
            rf"(?P<num>\d+|{_alternatives(words.numbers)})"
            rf"(?:\s+(?:{qualifiers}))?\s*-?\s*"
            rf"(?P<unit>{_alternatives(words.duration_units)})\b",
            re.IGNORECASE,
        )
        self.compound_pattern = re.compile(
            rf"\b(?P<num>\d+|\w+)-(?P<unit>{_alternatives(words.compound_units)})\b",
            re.IGNORECASE,
        )
        self.spelled_numbers = _spelled_numbers(set(words.numbers) - words.not_counts)
        self.compound_numbers = _compound_numbers(words.numbers)
        # Labels written with a sign ("n°") are not whole words: they are matched on the text.
        self._sign_labels = tuple(label for label in words.labels if not _WORD.fullmatch(label))
        # Links written with an elision ("d'euros") are cut off the word they open.
        self._elided_links = tuple(link for link in words.unit_links if link.endswith(_APOSTROPHES))

    def parse_number(self, text: str) -> float | None:
        """Read one written number ("60 000", "60,000", "2,5", "cinq") or return ``None``."""
        raw = text.strip().lower()
        if raw in self.words.numbers:
            return self.words.numbers[raw]
        return _parse_digits(raw)

    def find_durations(self, text: str, offset: int = 0) -> list[Duration]:
        """Durations in ``text`` ("pendant un an": 365 days), spans shifted by ``offset``."""
        units = self.words.duration_units
        found = []
        for m in self.duration_pattern.finditer(text):
            value = self.parse_number(m.group("num"))
            if value is None:
                continue
            days = int(value * units[m.group("unit").lower()])
            found.append(
                Duration(text=m.group(0), days=days, start=offset + m.start(), end=offset + m.end())
            )
        # "six-month extension" / "a 30-day state of siege": a compound duration.
        lowered = text.lower()
        if not any(f"-{unit}" in lowered for unit in self.words.compound_units):
            return found  # most sentences: no need to run the pattern
        for m in self.compound_pattern.finditer(text):
            value = self.parse_number(m.group("num"))
            if value is not None and not any(d.start <= offset + m.start() < d.end for d in found):
                days = int(value * units[m.group("unit").lower()])
                found.append(Duration(m.group(0), days, offset + m.start(), offset + m.end()))
        return found

    def find_quantities(
        self,
        text: str,
        offset: int = 0,
        approx_cues: Iterable[str] = (),
        durations: Sequence[Duration] | None = None,
    ) -> list[Quantity]:
        """Find counted amounts in ``text``: value, unit, what is counted, approximation.

        Years, dates, percentages inside durations and ordinals are skipped:
        they are not amounts of anything. ``durations`` are those of ``text``
        when the caller has found them already (spans shifted by ``offset``, as
        :meth:`find_durations` gives them).
        """
        words = self.words
        cues = tuple(sorted(approx_cues, key=len, reverse=True))
        if durations is None:
            durations = self.find_durations(text, offset)
        out: list[Quantity] = []
        candidates = self._digit_numbers(text) + self._spelled(text)
        for num in sorted(candidates, key=lambda n: n.start):
            if any(d.start <= offset + num.start < d.end for d in durations):
                continue
            rest = text[num.end :]
            following = _WORD.findall(rest[:40])
            before = text[: num.start]
            raw = text[num.start : num.end].strip()
            if _YEAR.match(raw) and num.unit is None:
                continue
            # "the 9th Circuit", "le 3e régiment": a rank, no amount of anything.
            if num.unit is None and _ORDINAL_SUFFIX.match(rest):
                continue
            if num.unit is None and raw.isdigit() and len(raw) <= 3 and _NAME_NUMBER.search(before):
                continue
            # "l'attentat de Strasbourg [1]": the call of a note, no amount.
            if before.endswith("[") and rest.startswith("]"):
                continue
            # "Daniel Montalvo, 19, was arrested": an age set off by commas after a name.
            if (
                num.unit is None
                and raw.isdigit()
                and _AGE_BEFORE.search(before)
                and _AGE_AFTER.match(rest)
            ):
                continue
            if following and following[0].lower() in words.months:
                continue
            # "l'article 155", "vers 12h", "(n°42)": a label or a time of day, no amount.
            tokens = _WORD.findall(before[-30:])
            previous = re.split("[’']", tokens[-1])[-1].lower() if tokens else ""
            if previous in words.labels or before.rstrip().lower().endswith(self._sign_labels):
                continue
            if following and following[0].lower().rstrip("0123456789") in words.measures:
                continue
            # "one person is killed and four others are injured": the second count is
            # of others beside the first; the event's number is the first (codebook 8.5).
            if following and following[0].lower() in words.others:
                continue
            if self._tally(rest, before, following):
                continue
            # "10 Downing Street": the number of an address, no amount.
            if following[:1] and following[0][:1].isupper() and self._street(following[1:3]):
                continue
            # "ten and a half years": the number is part of a duration.
            fraction = self._fraction_words(following)
            if (
                fraction
                and len(following) > fraction
                and following[fraction].lower() in words.duration_units
            ):
                continue
            if rest.lstrip().startswith("%") or " ".join(following[:2]).lower() in words.percent:
                unit: str | None = "%"
                what: str | None = None
            else:
                unit, what = num.unit, None
                idx = 0
                if following and following[0].lower() in words.unit_links:
                    idx = 1
                # "2 milliards d'euros": de + currency; "60 000 militaires": the noun counted.
                word = following[idx].lower() if len(following) > idx else ""
                for link in self._elided_links:
                    if word.startswith(link):
                        word = word[len(link) :]
                        break
                if word in words.currencies:
                    unit = words.currencies[word]
                elif (
                    word
                    and unit is None
                    and not word.isdigit()
                    and idx == 0
                    and word not in words.duration_units
                    and word not in words.never_counted
                ):
                    what = following[0]
                if word in words.duration_units:
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
                    approximate=_approximate(before, cues) or raw.lower() in words.estimates,
                    start=offset + num.start,
                    end=offset + end,
                )
            )
        return out

    def _tally(self, rest: str, before: str, following: list[str]) -> bool:
        """Tell whether a number is one side of a vote tally or a score ("56–32 to").

        A range of what is counted ("50-60 people") is an amount: only a pair
        that counts nothing (no word after it, or a word never counted) is a tally.
        """
        never = self.words.never_counted
        pair_end = _TALLY_AFTER.match(rest)
        if pair_end is not None:
            after = _WORD.findall(rest[pair_end.end() :][:40])
            return not after or after[0].lower() in never
        if _TALLY_BEFORE.search(before):
            return not following or following[0].lower() in never
        return False

    def _street(self, words: list[str]) -> bool:
        """Tell whether one of ``words`` ends a street's name (``street`` rows)."""
        return any(w.lower() in self.words.street_words for w in words)

    def _fraction_words(self, following: list[str]) -> int:
        """Return how many of ``following`` words write a fraction ("and a half"), else 0."""
        lowered = [w.lower() for w in following]
        for fraction in self.words.fractions:
            parts = fraction.split()
            if lowered[: len(parts)] == parts:
                return len(parts)
        return 0

    def _digit_numbers(self, text: str) -> list[_Number]:
        """Numbers written in digits, with their scale and currency sign."""
        out: list[_Number] = []
        if not _ANY_DIGIT.search(text):
            return out
        for m in self.number_pattern.finditer(text):
            value = self.parse_number(m.group("num"))
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
                value *= self.words.scales[m.group("scale").lower()]
            elif m.group("short") and m.group("sign"):
                value *= self.words.short_scales[m.group("short").lower()]
            sign = m.group("sign")
            currency = self.words.currency_signs.get(sign) if sign else None
            start = m.start("sign") if sign else m.start("num")
            out.append(_Number(value, start, m.end(), currency))
        return out

    def _spelled(self, text: str) -> list[_Number]:
        """Numbers written as words ("cinq", "five", "twenty-six"), except those naming parties."""
        out: list[_Number] = []
        numbers = self.words.numbers
        for m in self.compound_numbers.finditer(text) if self.compound_numbers else ():
            value = numbers[m.group("tens").lower()] + numbers[m.group("unit").lower()]
            if not self._names_parties(text, m.start(), m.end()):
                out.append(_Number(value, m.start(), m.end(), None))
        pattern = self.spelled_numbers
        for m in pattern.finditer(text) if pattern is not None else ():
            token = m.group(0).lower()
            if token not in numbers or token in self.words.not_counts:
                continue
            if not self._names_parties(text, m.start(), m.end()):
                out.append(_Number(numbers[token], m.start(), m.end(), None))
        return out

    def _names_parties(self, text: str, start: int, end: int) -> bool:
        """Tell whether the number word at ``start:end`` names the parties of the act.

        "entre deux clans", "les deux pays", "les deux principaux partis" name parties
        and count nothing; "les cinq casseurs" counts the people the act involves
        (codebook 8.5). A ``party_opener`` before the number always names parties:
        English "the two" does, whatever follows ("the two sides", "the two hostages").
        """
        previous = text[:start].rstrip().lower().rsplit(" ", 1)[-1]
        if previous in self.words.party_openers:
            return True
        if previous not in self.words.party_determiners:
            return False
        following = [w.lower() for w in _WORD.findall(text[end : end + 60])]
        if not following or following[0] in self.words.never_counted:
            return True
        # The noun may come after adjectives: "the two foreign ministers", "les deux
        # principaux partis"; a word never counted ends the phrase.
        for word in following[:_PARTY_NOUN_REACH]:
            if word in self.words.never_counted:
                return False
            if word in self.words.party_nouns:
                return True
        return False


def _parse_digits(raw: str) -> float | None:
    """Read a number written in digits (lower case, stripped), or return ``None``."""
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


def _alternatives(words: Iterable[str]) -> str:
    """Return a regex alternation of ``words``, longest first; one that never matches if none."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) for w in ordered) if ordered else "(?!)"


def _phrase(words: str) -> str:
    """Return a pattern for a phrase of ``words``: any spaces between them, either apostrophe.

    "une durée d'" reads "une  durée d’" too; a phrase ending in a word is
    followed by spaces, one ending in an elision ("d'") maybe by none.
    """
    parts = [
        "[’']".join(re.escape(piece) for piece in re.split("[’']", word)) for word in words.split()
    ]
    tail = r"\s*" if words.endswith(_APOSTROPHES) else r"\s+"
    return r"\s+".join(parts) + tail


def _spelled_numbers(words: set[str]) -> re.Pattern[str] | None:
    """Find the whole words of a text (as ``_WORD`` cuts them) that may be number words.

    One search for the few number words instead of a look-up of every word;
    :meth:`QuantityReader.find_quantities` still checks each match against the table.
    """
    ordered = sorted(words, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(word) for word in ordered)
    # The look-ahead on first letters lets the engine skip most positions.
    initials = re.escape("".join(sorted({word[0].lower() for word in ordered})))
    return re.compile(rf"(?=[{initials}])(?<![\w’'-])(?:{alternatives})(?![\w’'-])", re.IGNORECASE)


def _compound_numbers(numbers: dict[str, float]) -> re.Pattern[str] | None:
    """Find tens and units joined by a hyphen ("twenty-six", "trente-cinq").

    Only a tens word (20 to 90) before a units word (1 to 9) of the table
    makes one; "quatre-vingts" and "vingt et un" are not read.
    """
    tens = [w for w, v in numbers.items() if v in _TENS]
    units = [w for w, v in numbers.items() if 1 <= v <= 9 and v == int(v)]
    if not tens or not units:
        return None
    return re.compile(
        rf"(?<![\w’'-])(?P<tens>{_alternatives(tens)})-(?P<unit>{_alternatives(units)})(?![\w’'-])",
        re.IGNORECASE,
    )


@lru_cache(maxsize=8)
def reader_for(language: str) -> QuantityReader:
    """Return the reader of ``language``'s packaged words, built once per process.

    For callers without a coder; :class:`~veille.events.coder.EventCoder`
    builds its own from its lexicon.
    """
    return QuantityReader(load_lexicon(language).quantities)


def parse_number(text: str, language: str) -> float | None:
    """Read one written number ("60 000", "60,000", "2,5", "cinq") or return ``None``."""
    return reader_for(language).parse_number(text)


def find_durations(text: str, offset: int = 0, language: str = "fr") -> list[Duration]:
    """Durations in ``text`` ("pour une durée d'un an" → 365 days); spans shifted by ``offset``."""
    return reader_for(language).find_durations(text, offset)


def find_quantities(
    text: str,
    offset: int = 0,
    language: str = "fr",
    approx_cues: Iterable[str] = (),
    durations: Sequence[Duration] | None = None,
) -> list[Quantity]:
    """Find counted amounts in ``text`` (see :meth:`QuantityReader.find_quantities`)."""
    return reader_for(language).find_quantities(text, offset, approx_cues, durations)
