"""Text keys: the words of a report's title and lead, made comparable across French and English.

The structured signals (:mod:`veille.stories.signals`) know only what the
pipeline resolved: a brief on "Barclays fined £290m over Libor" resolves no
actor at all. What every report of a happening does share is a few words:
the names it gives (*Barclays*, *Libor*, *Saola*, *Tekakwitha*), the kind of
happening (*earthquake* / *séisme*, *referendum* / *référendum*) and the
words around it. This module turns the title and the start of the reported
text into weighted keys that survive a change of language and length:

- ``n:`` **names**: capitalised words that do not start a sentence and are
  not part of a resolved actor mention (the actor is already a key), and
  acronyms. Names are spelt alike in French and English far more often than
  other words.
- ``c:`` **concepts**: words of a small French–English table of what
  happenings are made of (``data/stories/concepts.tsv``: *séisme* and
  *earthquake* are both ``c:earthquake``).
- ``w:`` **word stems**: every other content word, accent-folded and cut to
  its first :data:`STEM_LETTERS` letters, so that inflections and most
  French–English cognates meet (*élection* / *election* → ``w:elect``,
  *ministre* / *minister* → ``w:minis``).

Stop words (spaCy's French and English lists) and words shorter than
:data:`MIN_LETTERS` letters are skipped. The keys cost a regular expression
and a few dictionary lookups per article: no model, nothing to download.
How much a shared key counts is decided where keys are compared: each
weighs what its family weighs, less the more reports of the window carry it
(:func:`veille.stories.signals.rarity`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources

from veille.errors import VeilleError
from veille.records import ArticleResult
from veille.text import STORY_WORDS, fold

LEAD_CHARS = 400
"""Characters of reported text read after the title: where a report states its happening."""
STEM_LETTERS = 5
"""Letters a word stem keeps: enough to tell words apart, few enough for cognates to meet."""
MIN_LETTERS = 4
"""Shorter words are skipped: mostly function words and abbreviations of nothing."""
NAME_WEIGHT = 2.0
"""A shared name (``n:``): nearly as telling as a resolved person."""
PHRASE_WEIGHT = 1.0
"""A run of capitalised words ("State of the Union"): its words are names already."""
MAYBE_WEIGHT = 0.5
"""A capitalised word opening a sentence: a name or an ordinary word, weighed in between."""
CONCEPT_WEIGHT = 1.0
"""A shared kind of happening (``c:``), in either language."""
WORD_WEIGHT = 0.5
"""A shared word stem (``w:``): many together say the reports tell the same thing."""

_REPORTED = ("title", "body")  # a byline names the journalist, not the happening
_NAMED = frozenset({"person", "organisation"})
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
_SENTENCE_END = frozenset('.!?:;«»"“”\n')
_ELIDED = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


def text_keys(result: ArticleResult) -> dict[str, float]:
    """Return the weighted text keys of an article's title and lead (see the module docstring)."""
    keys: dict[str, float] = {}
    stops = _stop_words()
    concepts = _concepts()
    title_words = _title_words()
    run: list[str] = []
    for token, naming in _lead_tokens(result):
        word = fold(_ELIDED.sub("", token), STORY_WORDS)
        if "'" in word:
            word = word.rsplit("'", 1)[0]  # Barclays's, Barclays' → barclays
        kind = title_words.get(word)
        if run and word in _CONNECTORS:
            run.append(word)  # "State of the Union", "Banque de France"
        elif naming is _Naming.NONE or kind == "skip":
            _add_phrase(keys, run)
        elif run or word not in stops:
            run.append(word)
        if len(word) < MIN_LETTERS or word in stops or kind == "skip":
            continue
        concept = concepts.get(word)
        if concept is not None:
            keys[f"c:{concept}"] = CONCEPT_WEIGHT
        elif naming is _Naming.NAME and kind is None:
            keys[f"n:{word}"] = NAME_WEIGHT
        elif naming is _Naming.MAYBE and kind is None:
            # A capitalised word opening a sentence: a name ("Barclays is fined")
            # or an ordinary word ("Voters go to the polls"); it weighs as a word.
            keys.setdefault(f"n:{word}", MAYBE_WEIGHT)
        else:
            keys.setdefault(f"w:{word[:STEM_LETTERS]}", WORD_WEIGHT)
    _add_phrase(keys, run)
    return keys


class _Naming(enum.Enum):
    NONE = "none"  # a lower-case word
    NAME = "name"  # capitalised inside a sentence, an acronym, or an entity's word
    MAYBE = "maybe"  # capitalised at the start of a sentence


_CONNECTORS = frozenset({"of", "the", "de", "du", "des", "la", "le", "les", "and", "et", "for"})


def _add_phrase(keys: dict[str, float], run: list[str]) -> None:
    """Key a run of capitalised words ("State of the Union") as one name, then empty the run."""
    while run and run[-1] in _CONNECTORS:
        run.pop()
    if sum(1 for w in run if w not in _CONNECTORS) >= 2:
        keys[f"n:{'_'.join(run)}"] = PHRASE_WEIGHT
    run.clear()


def _lead_tokens(result: ArticleResult) -> Iterator[tuple[str, _Naming]]:
    """Yield the words of the title and lead, and whether each reads as a name."""
    article = result.article
    text = article.text
    # A resolved actor is a key already; an entity the knowledge base does not know
    # (a bank, a storm, a person without an id) is a name, wherever it stands.
    resolved = [(m.start, m.end) for m in result.mentions if m.actor_id]
    unknown = [(m.start, m.end) for m in result.mentions if not m.actor_id and m.kind in _NAMED]
    sections = [s for s in article.sections if s.kind in _REPORTED] or []
    spans = [(s.start, s.end, s.kind == "title") for s in sections] or [(0, len(text), False)]
    budget = LEAD_CHARS
    for start, section_end, is_title in spans:
        end = section_end
        if not is_title:
            if budget <= 0:
                break
            end = min(section_end, start + budget)
            budget -= end - start
        segment = text[start:end]
        title_case = is_title and _title_case(segment)
        previous_end = -1
        for match in _TOKEN.finditer(segment):
            token = match.group()
            at = start + match.start()
            if previous_end >= 0 and text[previous_end:at].strip(" ") not in ("", "'", "’"):
                yield "", _Naming.NONE  # punctuation between two words ends a run of names
            previous_end = start + match.end()
            if _inside(at, resolved):
                yield "", _Naming.NONE
                continue
            yield token, _naming(token, text, at, start, title_case, unknown)


def _naming(  # noqa: PLR0917 - private helper of one caller
    token: str,
    text: str,
    at: int,
    section_start: int,
    title_case: bool,
    unknown: Sequence[tuple[int, int]],
) -> _Naming:
    if len(token) >= 2 and token.isupper():
        return _Naming.NAME
    if not token[0].isupper():
        return _Naming.NONE
    if _inside(at, unknown):
        return _Naming.NAME
    if title_case or _starts_sentence(text, at, section_start):
        return _Naming.MAYBE
    return _Naming.NAME


def _title_case(segment: str) -> bool:
    # "As Trump Pitches Venezuelan Oil Dream": its capitals say nothing about names.
    words = [w for w in _TOKEN.findall(segment) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _starts_sentence(text: str, at: int, section_start: int) -> bool:
    index = at - 1
    while index >= section_start and text[index] in " \t\u00a0([-–—'’":
        index -= 1
    return index < section_start or text[index] in _SENTENCE_END


def _inside(at: int, spans: Sequence[tuple[int, int]]) -> bool:
    # Mentions are few per lead; a linear scan is cheaper than bisecting here.
    return any(start <= at < end for start, end in spans)


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH  # noqa: PLC0415
    from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH  # noqa: PLC0415

    return frozenset(fold(w, STORY_WORDS) for w in (*ENGLISH, *FRENCH))


@cache
def _concepts() -> Mapping[str, str]:
    return _word_table("concepts.tsv")


@cache
def _title_words() -> Mapping[str, str]:
    return _word_table("title_words.tsv")


def _word_table(name: str) -> dict[str, str]:
    """Read ``language<TAB>word<TAB>value`` rows of ``data/stories/NAME``: folded word → value."""
    path = resources.files("veille") / "data" / "stories" / name
    table: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith(("#", "language\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[1].strip() or not fields[2].strip():
            raise VeilleError(
                f"{name} line {number} must be 'language<TAB>word<TAB>value', "
                f"got {line!r}; fix the file in src/veille/data/stories/",
                code="E-DATA",
            )
        table[fold(fields[1].strip(), STORY_WORDS)] = fields[2].strip()
    return table
