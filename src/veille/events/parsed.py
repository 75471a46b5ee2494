"""A spaCy parse read once into plain Python objects, for the coder's many small questions.

A spaCy ``Token`` is a view into the ``Doc``: every ``tok.head``,
``tok.lemma_`` or ``tok.children`` goes back through Cython and the string
store (100 ns to over 1 µs each; ``tok.morph.get`` nearly 2 µs). The event
coder asks several thousand such questions per article while it walks from
triggers to their arguments, which made it cost a quarter of the parse
itself. :func:`read_parse` copies what the coder reads into slotted Python
objects with spaCy's attribute names (``text``, ``lemma_``, ``dep_``,
``head``, ``children``, ``subtree`` …), so the coder's code reads like spaCy
code and each question is a plain attribute read.

Unlike spaCy, each token is one object: ``word.head is word`` holds for the
root, and ``a is b`` tells whether two words are the same token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, overload

from spacy.attrs import (
    DEP,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    SPACY,
)
from spacy.attrs import TAG as TAG_ATTR

if TYPE_CHECKING:
    from spacy.tokens import Doc

_STRING_COLUMNS = [ORTH, LOWER, LEMMA, POS, TAG_ATTR, DEP, MORPH]
_NUMBER_COLUMNS = [HEAD, SENT_START, IDX, SPACY, IS_PUNCT, IS_SPACE]


class Morph:
    """Morphological features of a token, read from its ``Feat=Value|…`` string."""

    __slots__ = ("_features",)

    def __init__(self, features: str) -> None:
        """Parse a Universal Dependencies FEATS string ("Mood=Ind|VerbForm=Fin")."""
        parsed: dict[str, list[str]] = {}
        for pair in features.split("|") if features else ():
            name, _, values = pair.partition("=")
            parsed[name] = values.split(",")
        self._features = parsed

    def get(self, field: str, default: list[str] | None = None) -> list[str]:
        """Return the values of ``field`` (``["Part"]`` for VerbForm), like spaCy's ``get``."""
        values = self._features.get(field)
        if values is not None:
            return list(values)
        return default if default is not None else []


# Morphology strings repeat across tokens and articles: parse each one once.
_MORPHS: dict[str, Morph] = {}


def _morph(features: str) -> Morph:
    morph = _MORPHS.get(features)
    if morph is None:
        morph = _MORPHS[features] = Morph(features)
    return morph


class Word:
    """One token of a :class:`ParsedDoc`, with the attributes of a spaCy ``Token``."""

    __slots__ = (
        "_sent_bounds",
        "children",
        "dep_",
        "doc",
        "head",
        "i",
        "idx",
        "is_punct",
        "is_space",
        "lemma_",
        "lower_",
        "morph",
        "pos_",
        "tag_",
        "text",
        "whitespace_",
    )

    doc: ParsedDoc
    i: int
    text: str
    lower_: str
    lemma_: str
    pos_: str
    tag_: str
    dep_: str
    idx: int
    whitespace_: str
    is_punct: bool
    is_space: bool
    morph: Morph
    head: Word
    children: tuple[Word, ...]
    _sent_bounds: tuple[int, int]

    def __repr__(self) -> str:
        return self.text

    @property
    def subtree(self) -> Iterator[Word]:
        """The token and everything below it, in spaCy's order (lefts, self, rights)."""
        for child in self.children:
            if child.i < self.i:
                yield from child.subtree
        yield self
        for child in self.children:
            if child.i > self.i:
                yield from child.subtree

    @property
    def left_edge(self) -> Word:
        """The leftmost token of the subtree."""
        return min(self.subtree, key=_position)

    @property
    def right_edge(self) -> Word:
        """The rightmost token of the subtree."""
        return max(self.subtree, key=_position)

    @property
    def sent(self) -> Sent:
        """The sentence the parser put this token in."""
        start, end = self._sent_bounds
        return Sent(self.doc, start, end)

    def is_ancestor(self, descendant: Word) -> bool:
        """Tell whether this token is above ``descendant`` in the tree."""
        cur = descendant
        while cur.head is not cur:
            cur = cur.head
            if cur is self:
                return True
        return False

    def nbor(self, offset: int = 1) -> Word:
        """Return the token ``offset`` positions away; ``IndexError`` past either end."""
        position = self.i + offset
        if not 0 <= position < len(self.doc.words):
            raise IndexError(f"no token at offset {offset} from token {self.i}")
        return self.doc.words[position]


def _position(word: Word) -> int:
    return word.i


class Sent:
    """A run of tokens ``[start, end)`` of a :class:`ParsedDoc`, like a spaCy ``Span``."""

    __slots__ = ("doc", "end", "start")

    def __init__(self, doc: ParsedDoc, start: int, end: int) -> None:
        """Cover tokens ``start`` to ``end - 1`` of ``doc``."""
        self.doc = doc
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return self.text

    @property
    def start_char(self) -> int:
        """Character offset of the first token."""
        words = self.doc.words
        return words[self.start].idx if self.start < len(words) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        """Character offset just after the last token (its trailing space excluded)."""
        if self.end <= self.start:
            return self.start_char
        last = self.doc.words[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        """The covered text, without the last token's trailing space."""
        return self.doc.text[self.start_char : self.end_char]

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.doc.words[self.start : self.end])

    def __getitem__(self, position: int) -> Word:
        size = len(self)
        if position < 0:
            position += size
        if not 0 <= position < size:
            raise IndexError(f"token {position} is outside a span of {size}")
        return self.doc.words[self.start + position]


class ParsedDoc:
    """The tokens of one parsed article, with the parse's sentences."""

    __slots__ = ("sents", "starts", "text", "words")

    def __init__(self, text: str) -> None:
        """Start an empty parse of ``text``; :func:`read_parse` fills it from spaCy."""
        self.text = text
        self.words: list[Word] = []
        self.sents: list[Sent] = []
        # Character offset of each token, for bisecting from offsets to tokens.
        self.starts: list[int] = []

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    @overload
    def __getitem__(self, key: int) -> Word: ...

    @overload
    def __getitem__(self, key: slice) -> Sent: ...

    def __getitem__(self, key: int | slice) -> Word | Sent:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.words))
            return Sent(self, start, max(start, stop))
        return self.words[key]


# Token texts, lemmas and labels by their string-store hash. Every article
# repeats most of them, and the string store answers a look-up several times
# slower than a dict; emptied when it grows past the bound.
_NAMES: dict[int, str] = {}
_MAX_NAMES = 500_000


def _strings(doc: Doc, hashes: list[int]) -> list[str]:
    """Return the strings of ``hashes`` (one column of ``doc.to_array``)."""
    if len(_NAMES) > _MAX_NAMES:
        _NAMES.clear()
    names: list[str | None] = list(map(_NAMES.get, hashes))
    if None in names:
        store = doc.vocab.strings
        for i, name in enumerate(names):
            if name is None:
                names[i] = _NAMES[hashes[i]] = store[hashes[i]]
    return names  # type: ignore[return-value]  # no None is left


def read_parse(doc: Doc, text: str | None = None) -> ParsedDoc:
    """Copy the tokens, tree and sentences of spaCy's ``doc`` into a :class:`ParsedDoc`.

    ``text`` is ``doc.text`` when the caller has it already (spaCy rebuilds
    it from every token on each access).
    """
    text = doc.text if text is None else text
    if not len(doc):
        return ParsedDoc(text)
    table = doc.to_array(_STRING_COLUMNS + _NUMBER_COLUMNS)
    width = len(_STRING_COLUMNS)
    columns = [_strings(doc, table[:, j].tolist()) for j in range(width - 1)]
    morphs = [_morph(features) for features in _strings(doc, table[:, width - 1].tolist())]
    # HEAD and SENT_START are signed values stored in an unsigned table.
    heads, starts_at, *flags = table[:, width:].view("int64").T.tolist()
    idxs, spaces, puncts, blanks = flags[0], flags[1], flags[2], flags[3]
    parsed = ParsedDoc(text)
    words = parsed.words
    for i, (orth, lower, lemma, pos, tag, dep) in enumerate(zip(*columns, strict=True)):
        word = Word()
        word.doc = parsed
        word.i = i
        word.text = orth
        word.lower_ = lower
        word.lemma_ = lemma
        word.pos_ = pos
        word.tag_ = tag
        word.dep_ = dep
        word.idx = idxs[i]
        word.whitespace_ = " " if spaces[i] else ""
        word.is_punct = bool(puncts[i])
        word.is_space = bool(blanks[i])
        word.morph = morphs[i]
        word.children = ()
        words.append(word)
    for word, offset in zip(words, heads, strict=True):
        word.head = head = words[word.i + offset]
        if offset:  # in token order, as spaCy lists children
            head.children += (word,)
    # As spaCy's Doc.sents: a sentence opens at the first token and wherever the
    # parser (or a rule before it) set a sentence start.
    starts = [i for i, flag in enumerate(starts_at) if i == 0 or flag == 1]
    bounds = list(zip(starts, [*starts[1:], len(words)], strict=True))
    parsed.sents = [Sent(parsed, start, end) for start, end in bounds]
    for start, end in bounds:
        for word in words[start:end]:
            word._sent_bounds = (start, end)
    parsed.starts = idxs
    return parsed
