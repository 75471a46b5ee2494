"""Property tests: any input gives an Article or an ExtractionError, never another exception.

When an Article comes out, its invariants hold: spans index into the text and
sections cover it contiguously.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.errors import ExtractionError
from veille.extract import extract_article
from veille.records import Article, RawDocument
from veille.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SETTINGS = Settings(as_of=datetime(2026, 11, 24, tzinfo=UTC))
LAYOUT = (FIXTURES / "fr_layout.txt").read_text(encoding="utf-8")
PAGE = (FIXTURES / "page_fr.html").read_text(encoding="utf-8")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(raw: RawDocument) -> None:
    try:
        article = extract_article(raw, SETTINGS)
    except ExtractionError as exc:
        error = exc
    else:
        check_article(article)
        return
    assert error.code.startswith("E-")
    assert error.message


def check_article(article: Article) -> None:
    assert isinstance(article, Article)
    for span in article.evidence.values():
        assert article.text[span.start : span.end] == span.text
    if article.sections:
        assert article.sections[0].start == 0
        assert article.sections[-1].end == len(article.text)
        for before, after in zip(article.sections, article.sections[1:], strict=False):
            assert before.end == after.start
            assert before.start < before.end
    assert 0.0 <= article.language_confidence <= 1.0
    assert article.published_at is None or article.published_at.tzinfo is not None


@st.composite
def mutated(draw, base: str):
    """``base`` with a few slices deleted, duplicated or replaced by random text."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 80)))
        action = draw(st.sampled_from(["delete", "duplicate", "replace"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + draw(st.text(max_size=20)) + text[end:]
    return text


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["text/plain", "text/html", "application/xml"]))
def test_random_bytes(data, media_type):
    check(RawDocument("fuzz", data, media_type))


@FUZZ
@given(mutated(PAGE))
def test_mutated_html(html):
    check(RawDocument("fuzz.html", html.encode("utf-8", "surrogatepass"), "text/html"))


@FUZZ
@given(mutated(LAYOUT))
def test_mutated_layout_text(text):
    check(RawDocument("fuzz.txt", text.encode("utf-8", "surrogatepass"), "text/plain"))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["title", "author", "published", "language", "source_format"]),
        st.text(max_size=40),
    ),
    st.text(max_size=200),
)
def test_random_metadata(metadata, text):
    check(RawDocument("fuzz.jsonl", text, "text/plain", metadata=metadata))
