"""Keyword gates never turn away a line their regex would match."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract import dates, layout
from veille.extract.prefilter import KeywordGate

KEYWORD_CHARACTERS = string.ascii_lowercase + " ©"


def test_case_folding_agrees_with_re_ignorecase_on_every_code_point():
    candidates = re.compile(f"[{re.escape(KEYWORD_CHARACTERS)}]", re.IGNORECASE)
    checked = 0
    for code_point in range(0x110000):
        char = chr(code_point)
        if 0xD800 <= code_point <= 0xDFFF or not candidates.fullmatch(char):
            continue
        for letter in KEYWORD_CHARACTERS:
            if re.fullmatch(re.escape(letter), char, re.IGNORECASE):
                # Doubled, so that a fold leaving anything beside the letter fails.
                assert KeywordGate(letter * 2).admits(char * 2), (hex(code_point), letter)
                checked += 1
    assert checked > 2 * 26 + 3  # upper and lower case, the space, ©, and the extras


@pytest.mark.parametrize("keyword", ["Cookie", "abonné", ""])
def test_keywords_must_be_lower_case_ascii(keyword):
    if keyword:
        with pytest.raises(ValueError, match="lower-case ASCII"):
            KeywordGate(keyword)
    else:
        assert not KeywordGate().admits("anything")


@settings(max_examples=400, deadline=None)
@given(st.from_regex(layout._BOILERPLATE))
def test_every_boilerplate_match_passes_the_gate(text):
    assert layout._BOILERPLATE_WORDS.admits(text)


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(layout._BOILERPLATE_ROWS).flatmap(
        lambda row: st.tuples(st.just(row[0]), st.from_regex(row[1]))
    )
)
def test_every_boilerplate_pattern_match_holds_its_own_keyword(row_and_text):
    # A line is searched only with the patterns of the keywords it holds.
    keyword, text = row_and_text
    assert keyword in KeywordGate(keyword).present(text)


@settings(max_examples=400, deadline=None)
@given(st.from_regex(dates._DATE_SHAPES))
def test_every_date_shape_match_passes_the_gate(text):
    assert dates._DIGIT.search(text) or dates._DATE_WORDS.admits(text)


_PIECES = [
    "Partager", "sur", "Facebook", "cookies", "COOKİES", "ſhare this", "newsletter", "©",
    "Abonnez-vous", "il y a", "2", "jours", "ago", "HİER", "hier", "yesterday", "today",
    "décembre", "2026", "Publié le", "Claire Vasseur", ":", "🌍", "-", "\n", "٣",
]  # fmt: skip


def _former_looks_like_date(text: str) -> bool:
    body = dates._LABEL.sub("", text, count=1)
    return bool(dates._DATE_SHAPES.search(body)) or (
        dates._LABEL.match(text) is not None and bool(re.search(r"\d", body))
    )


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=8).map(" ".join))
def test_gated_checks_agree_with_the_bare_regexes(text):
    assert layout._is_boilerplate(text) == bool(layout._BOILERPLATE.search(text))
    assert dates.looks_like_date(text) == _former_looks_like_date(text)
