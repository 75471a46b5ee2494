"""Datelines: where and by whom a dispatch was filed ("MOSCOU, 22 nov. (AFP) –").

A dateline opens a wire story: a place at the start of a line, then a date
and/or a news agency in brackets, then a dash. It is no part of the story's
first sentence, which the parser glues to it, and is not coded (codebook
section 9): its agency is no actor, and its place says where the article was
filed, not who acted. Every stage reads it here, so none imports another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from veille.datafiles import read_data, tsv_rows

_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\-]*(?:[ \-][A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\-]*){0,3})"
    r"(?:\s*,\s*(?P<date>[^\n()\-–—]{1,30}?))?"
    r"\s*(?:\((?P<agency>[^()\n]{1,30})\))?\s*[-–—:]\s",
    re.MULTILINE,
)
# How far into the article a dateline may start: the title line and a byline or two.
_DATELINE_REACH = 600


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline's character spans in the article text."""

    start: int
    """Where the dateline starts: its place."""
    end: int
    """Just after its dash: where the story's text begins."""
    place_end: int
    """Where the place's name ends ("MOSCOU" of "MOSCOU, 22 nov. (AFP) -")."""

    def holds(self, char: int) -> bool:
        """Tell whether the character at offset ``char`` lies inside the dateline."""
        return self.start <= char < self.end


@lru_cache(maxsize=1)
def news_agencies() -> frozenset[str]:
    """Return the news agencies a dateline may name (``data/datelines/agencies.tsv``)."""
    text = read_data("datelines", "agencies.tsv")
    return frozenset(row[0].strip().lower() for row in tsv_rows(text, "agencies.tsv", 1))


def find_dateline(text: str) -> Dateline | None:
    """Return the dateline near the start of ``text``, if it has one.

    "MOSCOU, 22 nov. (AFP) -" and "KYIV (Reuters) -" are datelines. A line
    opening with a capitalised word and a dash alone is not enough
    ("Analyse : …"): a known news agency, or a name in capitals followed by a
    date, is required.
    """
    agencies = news_agencies()
    for match in _DATELINE.finditer(text, 0, _DATELINE_REACH + 200):
        if match.start("place") > _DATELINE_REACH:
            break
        place = match.group("place").rstrip(" .")
        agency = (match.group("agency") or "").strip().lower()
        dated = match.group("date") is not None and any(c.isdigit() for c in match.group("date"))
        if (agency and agency in agencies) or (place.isupper() and len(place) > 2 and dated):
            start = match.start("place")
            return Dateline(start, match.end(), start + len(place))
    return None
