"""What a figure counts, in words that do not depend on the article's language.

The event coder keeps the counted noun as written ("militaires", "troops",
"d’aéronefs"), so a French and an English report of one happening give
figures that a string comparison never matches. :func:`quantity_kind` maps a
quantity to a kind (``troops``, ``dead``, ``EUR``) with the table
``data/stories/quantity_kinds.tsv``; merging then compares and groups
figures by kind across languages.

A money or percentage unit is already a code (``EUR``, ``USD``, ``%``) and
is its own kind. A word the table does not list keeps its lower-cased form,
so two reports in the same language still compare as before.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from veille.errors import VeilleError
from veille.records import Quantity

_ELISIONS = ("d’", "d'", "l’", "l'")


def quantity_kind(quantity: Quantity, language: str | None = None) -> str:
    """Return the language-independent kind of what ``quantity`` counts.

    ``language`` (``fr``, ``en``) picks the row of the table when a word
    means different things in the two languages; without it, any row matches.
    """
    if quantity.unit:
        return quantity.unit
    if not quantity.what:
        return "?"
    return word_kind(quantity.what, language)


def word_kind(word: str, language: str | None = None) -> str:
    """Return the kind a counted word names (its normalised form when the table lacks it)."""
    text = word.strip().lower()
    for elision in _ELISIONS:
        if text.startswith(elision):
            text = text[len(elision) :]
            break
    table = _kinds()
    for key in ((language or "", text), ("*", text)):
        if key in table:
            return table[key]
    for (_, listed), kind in table.items():
        if listed == text:
            return kind
    return text


@cache
def _kinds() -> dict[tuple[str, str], str]:
    path = resources.files("veille") / "data" / "stories" / "quantity_kinds.tsv"
    table: dict[tuple[str, str], str] = {}
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise VeilleError(
                f"quantity_kinds.tsv data line {number} must be 'language<TAB>word<TAB>kind', "
                f"got {line!r}; fix the file in veille/data/stories",
                code="E-DATA",
            )
        language, word, kind = (p.strip() for p in parts)
        table[(language, word.lower())] = kind
    return table
