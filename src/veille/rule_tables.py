"""spaCy's rule components read as lookup tables: the same annotations, far faster.

Two components of the English packages are rules run token by token in
Python, about a tenth of the English parse together; veille puts in their
place components that give the same annotations from tables
(:func:`veille.nlp.load_pipeline`):

* :class:`AttributeTable` for the ``attribute_ruler``, about 180 rules (a fine
  tag gives its coarse POS and features, "gonna" its lemmas, a pronoun
  subject its case ...). spaCy runs them through its general ``Matcher``,
  which tries every rule on every token. The table finds each rule by a value
  its first token must have (its lower-case form, else its tag), so a token
  is only checked against the few rules that can match it, then sets the
  attributes exactly as the ruler does: the rules in the ruler's own order, a
  later rule overriding an earlier one, each through spaCy's own
  ``set_token_attrs``. Only rules of fixed length on the token attributes of
  ``_COLUMNS``, with plain values, ``IN``, ``NOT_IN`` or ``REGEX``, are read:
  for a ruler with another kind of rule, :func:`use_attribute_table` keeps
  spaCy's ruler.
* :class:`LemmaMemo` around the rule ``lemmatizer``, which remembers the
  lemma of every (form, POS, features) it has seen.

tests/test_nlp_components.py checks that the tags, POS, features, lemmas,
arcs and entities are those of spaCy's components.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

COMPONENT_NAME = "veille_attribute_table"

# The token attributes a rule may test, in the order of the columns read from
# each Doc. Strings (tags, forms, labels) are compared as string-store hashes.
_COLUMNS = ("LOWER", "TAG", "DEP", "ORTH", "NORM", "IS_SPACE")
_ALIASES = {"TEXT": "ORTH"}
_STRING_COLUMNS = frozenset({"LOWER", "TAG", "DEP", "ORTH", "NORM"})

# A test of one column of a token: equal to, in, not in a set of hashes, or a
# regular expression searched in the attribute's string.
_Test = tuple[int, str, Any]


@dataclass(frozen=True, slots=True)
class _Rule:
    """One pattern of a rule: its length, and the tests left once it is found by a value.

    Each test is ``(offset, column, kind, value)``, the offset counted from
    the pattern's first token.
    """

    order: int
    length: int
    tests: tuple[tuple[int, int, str, Any], ...]


class AttributeTable:
    """Pipeline component: apply an attribute ruler's rules through lookup tables."""

    def __init__(self, vocab: Vocab) -> None:
        """Make an empty table; :meth:`add_patterns` fills it."""
        self.vocab = vocab
        self.attrs: list[dict[int, Any]] = []
        self.indices: list[int] = []
        # Patterns found by a value of their first token: column -> value -> patterns.
        self.by_value: dict[int, dict[int, list[_Rule]]] = {}
        # Patterns whose first token has no plain or IN value to be found by.
        self.always: list[_Rule] = []

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        """Add rules written as ``AttributeRuler.patterns``; ValueError for one it cannot read.

        The rules are numbered in the order given, as the ruler numbers
        them: a later rule overrides an earlier one.
        """
        from spacy.tokens._retokenize import normalize_token_attrs  # noqa: PLC0415

        for entry in patterns:
            order = len(self.attrs)
            compiled = [
                [_token_tests(self.vocab, spec) for spec in pattern]
                for pattern in entry["patterns"]
            ]
            if not compiled or not all(compiled):
                raise ValueError("an attribute rule without a pattern")
            self.attrs.append(normalize_token_attrs(self.vocab, dict(entry["attrs"])))
            self.indices.append(int(entry.get("index", 0)))
            for tests in compiled:
                self._index(order, tests)

    def _index(self, order: int, tests: list[tuple[_Test, ...]]) -> None:
        first = tests[0]
        key = _finding_test(first)
        rest = [
            (offset, *test)
            for offset, token_tests in enumerate(tests)
            for test in token_tests
            if not (offset == 0 and test is key)
        ]
        rule = _Rule(order, len(tests), tuple(rest))
        if key is None:
            self.always.append(rule)
            return
        column, kind, value = key
        table = self.by_value.setdefault(column, {})
        for found_by in (value,) if kind == "eq" else value:
            table.setdefault(found_by, []).append(rule)

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes the ruler would set on ``doc``, and return it."""
        from spacy.attrs import IDS  # noqa: PLC0415
        from spacy.tokens._retokenize import set_token_attrs  # noqa: PLC0415

        length = len(doc)
        if not length:
            return doc
        columns: list[list[int]] = doc.to_array([IDS[name] for name in _COLUMNS]).T.tolist()
        # Regular expressions searched once per (expression, string) in a Doc.
        searched: dict[tuple[int, int], bool] = {}
        matches: set[tuple[int, int, int]] = set()
        for column, table in self.by_value.items():
            for start, value in enumerate(columns[column]):
                for rule in table.get(value, ()):
                    if self._fits(rule, columns, start, length, searched):
                        matches.add((rule.order, start, start + rule.length))
        for rule in self.always:
            for start in range(length):
                if self._fits(rule, columns, start, length, searched):
                    matches.add((rule.order, start, start + rule.length))
        # spaCy's ruler applies its matches sorted by rule, then by position,
        # so that a later rule overrides an earlier one.
        for order, start, end in sorted(matches):
            index = self.indices[order]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(
                    f"attribute rule {order} sets token {index} of a {end - start}-token match"
                )
            set_token_attrs(doc[position], self.attrs[order])
        return doc

    def _fits(
        self,
        rule: _Rule,
        columns: list[list[int]],
        start: int,
        length: int,
        searched: dict[tuple[int, int], bool],
    ) -> bool:
        """Whether the pattern ``rule`` matches the tokens from ``start`` on."""
        if start + rule.length > length:
            return False
        for offset, column, kind, value in rule.tests:
            actual = columns[column][start + offset]
            if kind == "eq":
                if actual != value:
                    return False
            elif kind == "in":
                if actual not in value:
                    return False
            elif kind == "not_in":
                if actual in value:
                    return False
            else:
                memo = (id(value), actual)
                found = searched.get(memo)
                if found is None:
                    found = searched[memo] = value.search(self.vocab.strings[actual]) is not None
                if not found:
                    return False
        return True


def _finding_test(tests: tuple[_Test, ...]) -> _Test | None:
    """Return the test to find a pattern by from its first token's tests, or None.

    A plain or IN value, of a word before a tag (the order of ``_COLUMNS``).
    """
    for column in range(len(_COLUMNS)):
        for test in tests:
            if test[0] == column and test[1] in ("eq", "in"):
                return test
    return None


def _token_tests(vocab: Vocab, spec: Mapping[str, Any]) -> tuple[_Test, ...]:
    """Compile the tests of one token of a pattern; ValueError for what the table cannot read."""
    from spacy.strings import get_string_id  # noqa: PLC0415

    tests: list[_Test] = []
    for raw_name, value in spec.items():
        name = _ALIASES.get(raw_name.upper(), raw_name.upper())
        if name not in _COLUMNS:
            raise ValueError(f"a pattern tests {raw_name!r}")
        column = _COLUMNS.index(name)
        if isinstance(value, bool):
            if name in _STRING_COLUMNS:
                raise ValueError(f"a pattern tests {raw_name!r} against a boolean")
            tests.append((column, "eq", int(value)))
        elif isinstance(value, str) and name in _STRING_COLUMNS:
            tests.append((column, "eq", vocab.strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1 and name in _STRING_COLUMNS:
            operator, operand = next(iter(value.items()))
            if operator in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
                hashes = frozenset(get_string_id(v) for v in operand)
                tests.append((column, operator.lower(), hashes))
            elif operator == "REGEX" and isinstance(operand, str):
                tests.append((column, "regex", re.compile(operand)))
            else:
                raise ValueError(f"a pattern tests {raw_name!r} with {operator!r}")
        else:
            raise ValueError(f"a pattern tests {raw_name!r} with {value!r}")
    return tuple(tests)


def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """SpaCy factory of an empty table, filled by :func:`use_attribute_table`."""
    return AttributeTable(nlp.vocab)


def use_attribute_table(nlp: Language) -> bool:
    """Replace ``nlp``'s ``attribute_ruler`` by its table when every rule is readable.

    Returns whether it was replaced. The table keeps the ruler's name, so code
    that looks the component up by name still finds it.
    """
    from spacy.language import Language  # noqa: PLC0415

    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    try:
        AttributeTable(nlp.vocab).add_patterns(patterns)
    except (ValueError, TypeError, KeyError):
        return False
    if not Language.has_factory(COMPONENT_NAME):
        Language.factory(COMPONENT_NAME, func=make_attribute_table)
    table = nlp.replace_pipe("attribute_ruler", COMPONENT_NAME)
    table.add_patterns(patterns)  # type: ignore[attr-defined]
    return True


LEMMA_COMPONENT = "veille_lemma_memo"

# Lemmatizers whose rule lemma depends only on a word's form, POS and
# features: spaCy's own cache says so for the base class, and the English
# subclass only overrides ``is_base_form``, which reads POS and features.
_PURE_LEMMATIZERS = frozenset({"Lemmatizer", "EnglishLemmatizer"})

LEMMA_MEMO_SIZE = 200_000
"""Bound on the lemmas kept per pipeline (a few MiB); the memo starts again when full."""


class LemmaMemo:
    """Pipeline component: a rule lemmatizer with every (form, POS, features) remembered.

    spaCy's rule lemmatizer keeps a cache, but not for the words it finds
    already in base form (most nouns and verbs of news text), and it visits
    each token through a Python ``Token``. This component reads the forms,
    POS and features of a Doc in one array, asks the lemmatizer only for
    combinations it has not seen, and writes the lemmas back in one array.
    Tokens that already have a lemma (set by the attribute rules) keep it,
    as with spaCy's ``overwrite = False``.
    """

    def __init__(self, vocab: Vocab) -> None:
        """Make a memo without a lemmatizer; :func:`use_lemma_memo` gives it one."""
        self.vocab = vocab
        self.lemmatizer: Any = None
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of each token of ``doc`` that has none, and return it."""
        from spacy.attrs import LEMMA, MORPH, ORTH, POS  # noqa: PLC0415

        if not len(doc):
            return doc
        rows: Any = doc.to_array([LEMMA, ORTH, POS, MORPH])
        lemmas: list[int] = rows[:, 0].tolist()
        missing = [i for i, lemma in enumerate(lemmas) if lemma == 0]
        if not missing:
            return doc
        keys: list[list[int]] = rows[:, 1:].tolist()
        memo = self.lemmas
        if len(memo) > LEMMA_MEMO_SIZE:
            memo.clear()
        for i in missing:
            form, pos, features = keys[i]
            key = (form, pos, features)
            lemma = memo.get(key)
            if lemma is None:
                text = self.lemmatizer.lemmatize(doc[i])[0]
                lemma = memo[key] = self.vocab.strings.add(text)
            lemmas[i] = lemma
        column = rows[:, :1]
        column[:, 0] = lemmas
        doc.from_array([LEMMA], column)
        return doc


def make_lemma_memo(nlp: Language, name: str) -> LemmaMemo:
    """SpaCy factory of a memo without a lemmatizer, given one by :func:`use_lemma_memo`."""
    return LemmaMemo(nlp.vocab)


def use_lemma_memo(nlp: Language) -> bool:
    """Put a memo around ``nlp``'s rule lemmatizer if its lemma depends on form, POS, features.

    Returns whether it did. The memo keeps the lemmatizer's name.
    """
    from spacy.language import Language  # noqa: PLC0415

    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if (
        type(lemmatizer).__name__ not in _PURE_LEMMATIZERS
        or getattr(lemmatizer, "mode", None) != "rule"
        or getattr(lemmatizer, "overwrite", True)
    ):
        return False
    if not Language.has_factory(LEMMA_COMPONENT):
        Language.factory(LEMMA_COMPONENT, func=make_lemma_memo)
    memo: Any = nlp.replace_pipe("lemmatizer", LEMMA_COMPONENT)
    memo.lemmatizer = lemmatizer
    return True
