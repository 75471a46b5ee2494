"""Per-language word lists of the place stage, read from ``data/places/lexicon_<lang>.tsv``.

The kinds (locative prepositions, motion verbs, feature nouns, cues for the
first-level region or city sense, place nouns that turn a nationality into a
place, background cues, news agencies) are described in the French file's
header. Code never embeds these lists: adding a language means adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from veille.errors import PlaceDataError

_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\-]*(?:[ \-][A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\-]*){0,3})"
    r"(?:\s*,\s*(?P<date>[^\n()\-–—]{1,30}?))?"
    r"\s*(?:\((?P<agency>[^()\n]{1,30})\))?\s*[-–—:]\s",
    re.MULTILINE,
)
# How far into the article a dateline may start: the title line and a byline or two.
_DATELINE_REACH = 600


@dataclass(frozen=True, slots=True, eq=False)
class PlaceLexicon:
    """The word lists of one language, by kind (phrases in lower case)."""

    language: str
    kinds: dict[str, frozenset[str]]

    def get(self, kind: str) -> frozenset[str]:
        """Return the phrases of ``kind`` (empty when the language has none)."""
        return self.kinds.get(kind, frozenset())


@lru_cache(maxsize=8)
def load_place_lexicon(language: str) -> PlaceLexicon:
    """Read ``lexicon_<language>.tsv`` once per process."""
    path = resources.files("veille").joinpath("data", "places", f"lexicon_{language}.tsv")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlaceDataError(
            f"no place lexicon for language {language!r}; add data/places/lexicon_{language}.tsv"
        ) from None
    kinds: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise PlaceDataError(
                f"lexicon_{language}.tsv line {number}: expected kind<TAB>phrase; "
                "the package data is damaged, reinstall veille"
            )
        kinds.setdefault(parts[0], set()).add(parts[1].strip().lower().replace("’", "'"))
    return PlaceLexicon(language, {k: frozenset(v) for k, v in kinds.items()})


def find_dateline(text: str, lexicon: PlaceLexicon) -> tuple[int, int] | None:
    """Return the span of the place named in a dateline near the start of ``text``.

    "MOSCOU, 22 nov. (AFP) -" and "KYIV (Reuters) -" are datelines: a place
    at the start of a line, then a date and/or a news agency of the lexicon in
    brackets, then a dash. A line opening with a capitalised word and a dash
    alone is not enough ("Analyse : …"): an agency, or a name in capitals
    followed by a date, is required.
    """
    agencies = lexicon.get("agency")
    for match in _DATELINE.finditer(text, 0, _DATELINE_REACH + 200):
        if match.start("place") > _DATELINE_REACH:
            break
        place = match.group("place").rstrip(" .")
        agency = (match.group("agency") or "").strip().lower()
        dated = match.group("date") is not None and any(c.isdigit() for c in match.group("date"))
        if (agency and agency in agencies) or (place.isupper() and len(place) > 2 and dated):
            start = match.start("place")
            return start, start + len(place)
    return None


def year_before(year: int, reference: date | None) -> bool:
    """Tell whether ``year`` is before the year of the article's reference date."""
    return reference is not None and year < reference.year
