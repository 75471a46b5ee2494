"""Per-language word lists of the place stage, read from ``data/places/lexicon_<lang>.tsv``.

The kinds (locative prepositions, motion verbs, feature nouns, cues for the
first-level region or city sense, place nouns that turn a nationality into a
place, background cues) are described in the French file's
header. Code never embeds these lists: adding a language means adding a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from veille.errors import PlaceDataError


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


def year_before(year: int, reference: date | None) -> bool:
    """Tell whether ``year`` is before the year of the article's reference date."""
    return reference is not None and year < reference.year
