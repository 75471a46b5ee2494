"""Words of names shared by the knowledge base and the resolver.

Names are matched on *folded words*: lowercase, accents removed, curly
apostrophes and dashes made plain (:data:`veille.text.ACTOR_NAMES`), then split
on anything that is not a word character. Folding maps every character to
exactly one character, so offsets in the folded text are offsets in the
original text: a match found on the folded text is a character span of the
article as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from veille.text import ACTOR_ACRONYMS, ACTOR_NAMES, fold

WORD_RE = re.compile(r"\w+")
"""What counts as a word: "l'OTAN" is ``l`` + ``otan``, "États-Unis" is ``etats`` + ``unis``."""


@lru_cache(maxsize=65536)
def words_of(text: str) -> tuple[str, ...]:
    """Return the folded words of a name: ``"la Biélorussie"`` → ``("la", "bielorussie")``."""
    return tuple(WORD_RE.findall(fold(text, ACTOR_NAMES)))


def cased_words_of(text: str) -> tuple[str, ...]:
    """Return the words of a name, accents stripped, case kept: ``"U.S."`` → ``("U", "S")``."""
    return tuple(WORD_RE.findall(fold(text, ACTOR_ACRONYMS)))


def slug(text: str) -> str:
    """ASCII, lowercase, hyphen-separated form of a name, used in person ids."""
    return "-".join(words_of(text)).replace("_", "-")


# Spellings of one sound across the transliterations French, English and German
# newsrooms use for Russian, Ukrainian, Arabic or Persian names, longest first:
# "chtch" (fr) / "shch" (en) / "schtsch" (de) are one letter, "tch" / "ch" / "tsch"
# another, "ch" / "sh" / "sch" a third; they are folded together ("S"), as are
# "kh" and "h", "w" and "v", "x" and "ks", "c", "ck", "q" and "k", "ts" and "z".
_TRANSLITERATIONS = (
    ("schtsch", "S"),
    ("chtch", "S"),
    ("shch", "S"),
    ("tsch", "S"),
    ("dzh", "J"),
    ("tch", "S"),
    ("sch", "S"),
    ("ch", "S"),
    ("sh", "S"),
    ("zh", "J"),
    ("dj", "J"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ts", "z"),
    ("tz", "z"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
)
_NOT_LETTERS = re.compile(r"[^a-z]")
# A final "-ij", "-iy", "-yy", "-yi" is one sound ("Zelenskyy", "Zelenskiy", "Zelenskij").
_FINAL_I = re.compile(r"(?:ij|yj|iy|yi|ii|yy)$")
# French writes a final "-ine" where English writes "-in" ("Poutine", "Putin").
_FINAL_INE = re.compile(r"ine$")
_VOWELS = re.compile(r"[aeiouyj]")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """Return a key that transliterations of one name share: a fold of sounds, no vowels.

    "Belousov", "Belooussov" and "Bielooussov" give ``blsv``; "Zelensky",
    "Zelenskyy" and "Zelenski" give ``zlnsk``; "Chtchoukine" and "Shchukin"
    give ``Skn``. Vowels are dropped (except that a word opening with one
    keeps a mark: "Iouri" and "Yuri" give ``Vr``), sounds spelled differently
    by each language are folded, doubled letters are one. The key is coarse
    on purpose: it is compared on every word of a full name at once, never
    on a common word alone.
    """
    letters = _NOT_LETTERS.sub("", fold(word, ACTOR_NAMES))
    if not letters:
        return ""
    letters = _FINAL_INE.sub("in", _FINAL_I.sub("i", letters))
    for spelled, sound in _TRANSLITERATIONS:
        letters = letters.replace(spelled, sound)
    head = "V" if letters[0] in "aeiouyj" else letters[0]
    return _DOUBLES.sub(r"\1", head + _VOWELS.sub("", letters[1:]))


def spelling_keys(name: str) -> tuple[str, ...]:
    """Return the spelling key of each word of a name (see :func:`spelling_key`)."""
    return tuple(k for k in (spelling_key(w) for w in WORD_RE.findall(name)) if k)
