"""spaCy's attribute ruler read as lookup tables: the same annotations, far faster.

The English packages end their parse with an ``attribute_ruler`` of about 180
rules (a fine tag gives its coarse POS and features, "gonna" its lemmas, a
pronoun subject its case ...). spaCy runs them through its general
``Matcher``, which tries every rule on every token: about a sixth of the
English parse, for rules that almost all look at one token. This component
indexes each rule by a value its first token must have (its lower-case form,
else its tag), so a token is only checked against the few rules that can
match it, then sets the attributes exactly as the ruler does: the rules in
the ruler's own order, a later rule overriding an earlier one, each through
spaCy's own ``set_token_attrs``.

Only rules of fixed length on the token attributes below, with plain values,
``IN``, ``NOT_IN`` or ``REGEX``, are read;
nothing else (quantifiers, extensions, other attributes): for a ruler with
another kind of rule, :func:`use_attribute_table` keeps spaCy's ruler.
tests/test_nlp_components.py checks that the tags, POS, features, lemmas and
arcs are those of spaCy's ruler.
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
