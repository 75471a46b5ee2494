"""The one accent fold: text made comparable by dropping accents, and case where asked.

Every part of veille that compares words regardless of accents calls
:func:`fold`. Its callers need different folds, for reasons that are theirs;
each difference is an explicit keyword option of :class:`FoldOptions`, and
each caller's set of options is named below, next to why it is what it is:

==================  =========  ======  =====  =========  ===========  ==========  =====
options             case       marks   Latin  ligatures  punctuation  one-to-one  NUL
==================  =========  ======  =====  =========  ===========  ==========  =====
``TEXT_FILTER``     casefold   NFKD    no     no         kept         no          kept
``STORY_WORDS``     casefold   NFKD    no     no         apostrophe   no          kept
``SEARCH_INDEX``    kept       NFKD    no     no         kept         no          drop
``MONTH_NAMES``     kept       NFD     no     no         kept         no          kept
``PLACE_NAMES``     lower      NFKD    yes    yes        apostrophe   no          kept
``ACTOR_NAMES``     lower      NFD     yes    no         plain        yes         kept
``ACTOR_ACRONYMS``  kept       NFD     yes    no         plain        yes         kept
==================  =========  ======  =====  =========  ===========  ==========  =====

What each option of :class:`FoldOptions` does:

* ``case``: ``"keep"``; ``"lower"`` after the marks are dropped (``str.lower``:
  a final sigma becomes ``ς``); ``"casefold"`` before (``str.casefold``, as
  Unicode's caseless matching does it: ``ß`` → ``ss``, ``ΣΟΦΟΣ`` → ``σοφοσ``).
* ``decomposition``: ``"NFD"`` drops the accents of canonical decompositions
  only (``é`` → ``e``); ``"NFKD"`` also unfolds compatibility forms
  (``ﬁ`` → ``fi``, ``²`` → ``2``, ``ᵉ`` → ``e``, ``ĳ`` → ``ij``, a no-break space → a space).
* ``latin_only``: only the letters U+00C0–U+024F (Latin-1, Latin Extended-A and
  -B) lose their marks; other scripts, Vietnamese's ``ộ`` (Latin Extended
  Additional) and marks already written apart (``e`` + U+0301) stay as written.
  This is what a table of those letters gives, one pass of ``str.translate``
  (four times faster than a decomposition per name when the gazetteer loads).
* ``ligatures``: ``ß æ Æ œ Œ`` become ``ss ae AE oe OE`` (no decomposition does it).
* ``punctuation``: ``"keep"``; ``"apostrophe"`` turns ``’`` into ``'``;
  ``"plain"`` also turns ``‘ ʼ ` ´`` into ``'``, the dashes ``‐ ‑ ‒ – —`` into
  ``-`` and the no-break spaces U+00A0 and U+202F into a space.
* ``one_to_one``: every character becomes exactly one character, so offsets into
  the folded text are offsets into the text as written (the actor resolver
  finds names on the folded text and reports spans of the article). It takes
  ``latin_only`` and ``"NFD"``: a character keeps its case when its lowercase is
  two characters (``İ`` stays ``I``: its dot is dropped, its case kept), and
  characters above U+024F are kept as written, case included (``Москва``).
* ``drop_nul``: NUL goes (PostgreSQL text cannot hold it).

Not accent folds, so not here: :func:`veille.extract.textsig.normalise_text`
(NFKC and casefold: a content hash must see accents), the case-insensitive
regex gate of :mod:`veille.extract.prefilter` (``re.IGNORECASE``'s own
equivalences) and the gazetteer's acronym letters (accents dropped, case kept,
dots dropped).

The search indexes of both stores depend on ``SEARCH_INDEX`` (PostgreSQL's
stored vectors) and ``TEXT_FILTER`` (SQLite's ``veille_fold`` function,
PostgreSQL's ``translate`` table): changing what they give changes what an
existing database finds; tests/test_text.py pins them.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = [
    "ACTOR_ACRONYMS",
    "ACTOR_NAMES",
    "MONTH_NAMES",
    "PLACE_NAMES",
    "SEARCH_INDEX",
    "STORY_WORDS",
    "TEXT_FILTER",
    "FoldOptions",
    "fold",
]

Case = Literal["keep", "lower", "casefold"]
Decomposition = Literal["NFD", "NFKD"]
Punctuation = Literal["keep", "apostrophe", "plain"]

# The punctuation that "plain" makes plain: apostrophes, dashes and no-break spaces.
_PLAIN_PUNCTUATION: Final = {
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
    "\u202f": " ",
}
_PUNCTUATION: Final[dict[str, dict[int, str]]] = {
    "keep": {},
    "apostrophe": {ord("’"): "'"},
    "plain": {ord(char): plain for char, plain in _PLAIN_PUNCTUATION.items()},
}
_LIGATURES: Final = {ord("ß"): "ss", ord("æ"): "ae", ord("Æ"): "AE", ord("œ"): "oe", ord("Œ"): "OE"}
# The Latin letters a table folds: Latin-1 letters, Latin Extended-A and -B.
_LATIN_FIRST, _LATIN_END = 0xC0, 0x250
# The combining marks of Latin letters (U+0300-U+036F but U+034F, which is not one) go
# in one C-speed regex pass; only when other non-ASCII characters remain is each looked at.
_LATIN_MARKS = "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))
_MARKS: Final = re.compile(f"[{re.escape(_LATIN_MARKS)}]+")
_MARKS_AND_NUL: Final = re.compile(f"[{re.escape(_LATIN_MARKS)}\x00]+")
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True, kw_only=True)
class FoldOptions:
    """How :func:`fold` folds: every way its callers differ, each an explicit option.

    The module docstring says what each option does and which caller uses
    which set. The folding steps are chosen once, when the options are made,
    so a call costs little more than the string operations themselves (the
    actor resolver and the alert matchers fold many short strings).
    """

    case: Case = "casefold"
    decomposition: Decomposition = "NFKD"
    latin_only: bool = False
    ligatures: bool = False
    punctuation: Punctuation = "keep"
    one_to_one: bool = False
    drop_nul: bool = False
    _apply: Callable[[str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Check the options go together and choose the folding steps."""
        if self.one_to_one and (
            not self.latin_only
            or self.decomposition != "NFD"
            or self.case == "casefold"
            or self.ligatures
            or self.drop_nul
        ):
            raise ValueError(
                "FoldOptions: one_to_one needs latin_only, decomposition='NFD', case 'keep' or "
                "'lower', no ligatures and no drop_nul (the others change the length)"
            )
        object.__setattr__(self, "_apply", self._steps())

    def _steps(self) -> Callable[[str], str]:
        if self.one_to_one:
            return operator.methodcaller("translate", self._one_to_one_table())
        if self.latin_only:
            return self._latin_steps()
        return self._decomposition_steps()

    def _one_to_one_table(self) -> dict[int, str]:
        # Characters that stay as they are are listed too (with General Punctuation, where
        # news puts its dashes and quotes): str.translate raises and catches a KeyError
        # for every character a dict table lacks, which tripled the cost of folding.
        table: dict[int, str] = {code: chr(code) for code in range(0x2000, 0x2070)}
        for code in range(_LATIN_END):
            char = chr(code)
            cased = char.lower() if self.case == "lower" else char
            if len(cased) != 1:  # "İ".lower() is two characters; keep the length instead
                cased = char
            table[code] = unicodedata.normalize("NFD", cased)[0]
        table.update(_PUNCTUATION[self.punctuation])
        return table

    def _latin_steps(self) -> Callable[[str], str]:
        table: dict[int, str | None] = {}
        for code in range(_LATIN_FIRST, _LATIN_END):
            char = chr(code)
            decomposed = unicodedata.normalize(self.decomposition, char)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            if base != char and base:
                table[code] = base
        if self.ligatures:
            table.update(_LIGATURES)
        table.update(_PUNCTUATION[self.punctuation])
        if self.drop_nul:
            table[0] = None  # str.translate deletes what maps to None
        case, casefold = self.case, self.case == "casefold"

        def steps(text: str) -> str:
            if casefold:
                text = text.casefold()
            folded = text.translate(table)
            return folded.lower() if case == "lower" else folded

        return steps

    def _decomposition_steps(self) -> Callable[[str], str]:
        form, marks = self.decomposition, _MARKS_AND_NUL if self.drop_nul else _MARKS
        casefold, lower = self.case == "casefold", self.case == "lower"
        after = dict(_LIGATURES) if self.ligatures else {}
        after.update(_PUNCTUATION[self.punctuation])

        def steps(text: str) -> str:
            if casefold:
                text = text.casefold()
            folded = marks.sub("", unicodedata.normalize(form, text))
            if not folded.isascii():
                folded = _NON_ASCII.sub(_drop_run_marks, folded)
            if after:
                folded = folded.translate(after)
            return folded.lower() if lower else folded

        return steps


def _drop_run_marks(run: re.Match[str]) -> str:
    return "".join(char for char in run.group() if not unicodedata.combining(char))


TEXT_FILTER: Final = FoldOptions()
"""The store's text filter and the alert matchers: words compared caselessly
(the defaults). SQLite runs it as ``veille_fold``; PostgreSQL as ``translate``."""

STORY_WORDS: Final = FoldOptions(punctuation="apostrophe")
"""Story text keys: as the text filter, with ``l’`` and ``l'`` one elision."""

SEARCH_INDEX: Final = FoldOptions(case="keep", drop_nul=True)
"""PostgreSQL's full-text vectors and queries: the text search configuration
lowercases and stems after, and recognises acronyms by their case."""

MONTH_NAMES: Final = FoldOptions(case="keep", decomposition="NFD")
"""Month names of publication dates ("février" read as "fevrier"); the date
patterns match case themselves."""

PLACE_NAMES: Final = FoldOptions(
    case="lower", latin_only=True, ligatures=True, punctuation="apostrophe"
)
"""Gazetteer keys: "Œuvre" as "oeuvre", "Straße" as "strasse" (GeoNames spells
both); one table pass over ~200,000 names when the gazetteer loads."""

ACTOR_NAMES: Final = FoldOptions(
    case="lower", decomposition="NFD", latin_only=True, punctuation="plain", one_to_one=True
)
"""Actor names found in the folded article: offsets into the fold are offsets
into the article, so a match is a span of the text as written."""

ACTOR_ACRONYMS: Final = FoldOptions(
    case="keep", decomposition="NFD", latin_only=True, punctuation="plain", one_to_one=True
)
"""Acronyms compared with their case ("US" the country, not "us" the pronoun)."""


def fold(text: str, options: FoldOptions = TEXT_FILTER) -> str:
    r"""Return ``text`` without its accents, folded as ``options`` say (see the module docstring).

    >>> fold("l’OTAN et les États-Unis")
    'l’otan et les etats-unis'
    >>> fold("l’OTAN et les États-Unis", ACTOR_NAMES)
    "l'otan et les etats-unis"
    >>> fold("Biélorussie\x00", SEARCH_INDEX)
    'Bielorussie'
    >>> fold("Straße", FoldOptions(case="keep", latin_only=True, ligatures=True))
    'Strasse'
    """
    return options._apply(text)
