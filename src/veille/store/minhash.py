"""Near-duplicate lookup with MinHash locality-sensitive hashing (banding).

An article's MinHash signature (``Article.minhash``, 128 values computed by
the extraction stage exactly as datasketch does) is cut into ``bands`` bands
of ``rows`` values each; two articles become *candidates* when any band is identical.
The chance that two articles with Jaccard similarity ``s`` share a band is
``1 - (1 - s**rows) ** bands``. Candidates are then confirmed with the
similarity estimated from the whole signatures, so the banding only needs
high recall at the threshold: :func:`choose_layout` takes the most selective
layout that still finds a pair at exactly the threshold 95% of the time.

This module knows nothing about databases, so every backend bands the same way.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

TARGET_RECALL = 0.95
"""Chance that a pair exactly at the threshold becomes a candidate."""


@dataclass(frozen=True, slots=True)
class BandLayout:
    """How a signature of ``size`` values is cut: ``bands`` bands of ``rows`` values."""

    size: int
    bands: int
    rows: int

    def candidate_probability(self, similarity: float) -> float:
        """Chance that two signatures with this Jaccard similarity share at least one band."""
        return float(1.0 - (1.0 - similarity**self.rows) ** self.bands)


@lru_cache(maxsize=16)
def choose_layout(size: int, threshold: float) -> BandLayout:
    """Pick bands × rows for signatures of ``size`` values and a similarity ``threshold``.

    More rows per band means fewer false candidates; the largest row count
    whose recall at ``threshold`` is still at least :data:`TARGET_RECALL`
    wins. For 128 values and 0.8 this gives 18 bands of 7 rows.

    >>> choose_layout(128, 0.8)
    BandLayout(size=128, bands=18, rows=7)
    """
    if size <= 0:
        raise ValueError("a MinHash signature needs at least one value")
    if not 0.0 < threshold <= 1.0:
        raise ValueError("the similarity threshold must be in (0, 1]")
    best = BandLayout(size=size, bands=size, rows=1)
    for rows in range(1, size + 1):
        layout = BandLayout(size=size, bands=size // rows, rows=rows)
        if layout.candidate_probability(threshold) >= TARGET_RECALL:
            best = layout
    return best


def band_hashes(signature: Sequence[int], layout: BandLayout) -> list[tuple[int, int]]:
    """Return ``(band index, band hash)`` pairs of a signature; empty if its size does not fit.

    Hashes are signed 64-bit integers so that every SQL engine can index them.
    """
    if len(signature) != layout.size:
        return []
    return list(_band_hashes(tuple(signature), layout))


# A saved article's bands are needed three times in a row: to look for its
# near-duplicates, to index it, and to find its rewrites for its story.
@lru_cache(maxsize=64)
def _band_hashes(signature: tuple[int, ...], layout: BandLayout) -> tuple[tuple[int, int], ...]:
    pairs = []
    for band in range(layout.bands):
        values = signature[band * layout.rows : (band + 1) * layout.rows]
        # Text encoding keeps any int (even negative or > 64 bits) hashable the same way.
        digest = hashlib.blake2b(",".join(map(str, values)).encode("ascii"), digest_size=8).digest()
        pairs.append((band, int.from_bytes(digest, "little", signed=True)))
    return tuple(pairs)


def estimated_jaccard(first: Sequence[int], second: Sequence[int]) -> float:
    """Estimate Jaccard similarity as the share of equal positions in two signatures.

    Signatures of different sizes (or empty ones) were not made comparable and give 0.0.
    """
    if not first or len(first) != len(second):
        return 0.0
    same: int = sum(map(operator.eq, first, second))
    return same / len(first)
