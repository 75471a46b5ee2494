"""Article language: French, English, or ``other``, with a confidence in [0, 1].

lingua is built for French and English plus a handful of widespread languages,
so a German or Russian article lands in ``other`` instead of being forced into
the nearest supported language. Building for all 75 languages would cost
over a gigabyte; this set stays near the memory of French and English alone.
The detector is built once per process, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice
from typing import Any

from veille.settings import LANGUAGES

_OTHER_LANGUAGES = (
    "GERMAN",
    "SPANISH",
    "ITALIAN",
    "PORTUGUESE",
    "DUTCH",
    "RUSSIAN",
    "ARABIC",
    "CHINESE",
)
_ISO_CODES = {"FRENCH": "fr", "ENGLISH": "en"}
# Detection accuracy stops improving long before a whole article, and lingua's
# cost grows with the sample (about 1.5 ms per 1000 characters, a tenth of all
# veille does besides parsing). On the texts of eval/, tests/fixtures, the
# samples and the HTML pages of ../shared/eval, 500 characters give the same
# language and the same confidence as 3000 for every text (prose that long
# is scored 1.0); 400 still did, so 500 keeps a margin.
_SAMPLE_CHARS = 500
_MIN_LETTERS = 3


@lru_cache(maxsize=1)
def _detector() -> Any:  # noqa: ANN401  # lingua ships no type hints
    from lingua import Language, LanguageDetectorBuilder  # noqa: PLC0415  # slow import

    languages = [getattr(Language, name) for name in ("FRENCH", "ENGLISH", *_OTHER_LANGUAGES)]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[str, float]:
    """Return ``("fr" | "en" | "other", confidence)`` for ``text``.

    Text with (almost) no letters is ``("other", 0.0)``.
    """
    sample = text[:_SAMPLE_CHARS]
    # Stops at the third letter instead of counting them all.
    if len(list(islice(filter(str.isalpha, sample), _MIN_LETTERS))) < _MIN_LETTERS:
        return "other", 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return "other", 0.0
    best = values[0]
    code = _ISO_CODES.get(best.language.name, "other")
    if code not in LANGUAGES:
        code = "other"
    return code, max(0.0, min(1.0, float(best.value)))


def language_name(text: str) -> str | None:
    """Name the language lingua finds most likely for ``text`` ("Portuguese"), for messages.

    Only the languages the detector is built for can be named; ``None`` when
    the text has too few letters to tell.
    """
    sample = text[:_SAMPLE_CHARS]
    if len(list(islice(filter(str.isalpha, sample), _MIN_LETTERS))) < _MIN_LETTERS:
        return None
    values = _detector().compute_language_confidence_values(sample)
    return str(values[0].language.name).capitalize() if values else None
