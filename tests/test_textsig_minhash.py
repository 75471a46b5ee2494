"""The MinHash signature is bit for bit datasketch's: stored signatures stay comparable."""

from __future__ import annotations

import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract.textsig import MINHASH_PERMUTATIONS, MINHASH_SEED, minhash_signature, shingles
from veille.samples import article_paths


def datasketch_signature(text: str) -> tuple[int, ...]:
    """The signature as veille computed it with datasketch before the numpy version."""
    grams = shingles(text)
    if not grams:
        return ()
    minhash = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=MINHASH_SEED, scheme="affine32")
    minhash.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
    return tuple(int(value) for value in minhash.hashvalues)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sample_articles_match_datasketch(language):
    for path in article_paths(language):
        text = path.read_text("utf-8")  # type: ignore[union-attr]
        signature = minhash_signature(text)
        assert len(signature) == MINHASH_PERMUTATIONS
        assert all(type(value) is int for value in signature)
        assert signature == datasketch_signature(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        "…",
        "mot",
        "deux mots",
        "trois mots exactement",
        "Élysée ÉLYSÉE élysée\u00a0Paris ﬁn",
        "数据 中文 文本 测试 一下",
        "a b c a b c a b c a b c",
    ],
)
def test_short_and_odd_texts_match_datasketch(text):
    assert minhash_signature(text) == datasketch_signature(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_matches_datasketch(text):
    assert minhash_signature(text) == datasketch_signature(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cé\n-1"), max_size=60), st.integers(1, 4))
def test_shingles_are_the_word_windows(text, size):
    # On this alphabet a word is a run of letters and digits; the text is already lower case.
    words = "".join(c if c.isalnum() else " " for c in text).split()
    if 0 < len(words) < size:
        assert shingles(text, size) == {" ".join(words)}
    else:
        windows = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
        assert shingles(text, size) == windows
