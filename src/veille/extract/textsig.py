"""Text signatures: normalised text, content hash, canonical URL, article id, MinHash.

These decide when two items are the same article, so they must be stable
across runs, machines and versions: change them only with a store migration.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MINHASH_PERMUTATIONS = 128
"""Number of permutations of the MinHash signature stored on every article."""

MINHASH_SEED = 1
"""Seed of the MinHash permutations; signatures are comparable only with the same seed."""

SHINGLE_WORDS = 3
"""Words per shingle for the MinHash signature."""

_WORD = re.compile(r"\w+")
# Tracking parameters name the campaign that led to the page, not the page.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "xtor"})
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def normalise_text(text: str) -> str:
    r"""Return ``text`` NFKC-normalised, case-folded, whitespace runs collapsed to one space.

    >>> normalise_text("  Élysée\u00a0 PARIS\n\n")
    'élysée paris'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    """sha256 (hex) of :func:`normalise_text` of ``text``: equal for exact duplicates."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, no fragment, no tracking parameters, sorted query.

    >>> canonical_url("HTTPS://Example.org:443/a?b=2&utm_source=x&a=1#top")
    'https://example.org/a?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    default_port = _DEFAULT_PORTS.get(scheme)
    if default_port and netloc.endswith(default_port):
        netloc = netloc[: -len(default_port)]
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_NAMES
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def article_id(url: str | None, text: str) -> str:
    """First 16 hex characters of sha256 of the canonical URL, else of the normalised text."""
    key = canonical_url(url) if url else normalise_text(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the normalised text; a shorter text is one shingle."""
    words = _WORD.findall(normalise_text(text))
    if len(words) < size:
        return {" ".join(words)} if words else set()
    # The shifted lists end at different places; zip stops at the shortest, the last gram.
    return set(map(" ".join, zip(*(words[start:] for start in range(size)), strict=False)))


def minhash_signature(text: str) -> tuple[int, ...]:
    """MinHash (datasketch, 128 permutations, seed 1) of the word 3-gram shingles of ``text``.

    The values are those of datasketch 2's ``MinHash(num_perm=128, seed=1)``
    (scheme ``affine32``) after ``update_batch`` of the UTF-8 shingles, computed
    here in one numpy pass. An empty text has an empty signature, so it never
    looks similar to anything.
    """
    grams = shingles(text)
    if not grams:
        return ()
    import numpy as np  # noqa: PLC0415  # numpy-heavy import, needed late

    sha1 = hashlib.sha1
    digests = b"".join([sha1(gram.encode(), usedforsecurity=False).digest() for gram in grams])
    # A sha1 digest is five 32-bit words; datasketch hashes a shingle to the first one,
    # read little-endian.
    first_words = np.frombuffer(digests, dtype="<u4").reshape(-1, 5)[:, 0]
    hashes = _murmur_finalise(first_words.astype(np.uint32))
    multipliers, offsets = _permutations()
    # uint32 arithmetic wraps: the permutation is a*h + b modulo 2**32.
    permuted = hashes[:, np.newaxis] * multipliers + offsets
    return tuple(permuted.min(axis=0).tolist())


@lru_cache(maxsize=1)
def _permutations() -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """Return the (odd multiplier, offset) pairs datasketch draws for ``MINHASH_SEED``."""
    import numpy as np  # noqa: PLC0415

    # RandomState's stream is frozen by numpy, so these never change.
    generator = np.random.RandomState(MINHASH_SEED)
    half = generator.randint(0, 1 << 31, MINHASH_PERMUTATIONS, dtype=np.uint32)
    offsets = generator.randint(0, 1 << 32, MINHASH_PERMUTATIONS, dtype=np.uint32)
    return half * np.uint32(2) + np.uint32(1), offsets


def _murmur_finalise(hashes: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """Apply MurmurHash3's 32-bit finaliser, as datasketch does before permuting."""
    import numpy as np  # noqa: PLC0415

    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))
