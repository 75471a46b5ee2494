"""The one accent fold (veille.text) gives what each of the seven folds it replaced gave.

The former folds are kept below, as they were written (issue 23), as the
reference: each named set of options must give exactly what its former
function gave, on examples that tell them apart, on every code point and on
random text. The search indexes of both stores hold folded text, so a test
below also pins what a store holds and computes.
"""

from __future__ import annotations

import doctest
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import veille.text
from _records_factory import make_article
from conftest_backends import pg_database, pg_server  # noqa: F401 - fixtures
from veille.records import ArticleResult
from veille.store import open_store
from veille.store.event_query import pg_fold_table
from veille.text import (
    ACTOR_ACRONYMS,
    ACTOR_NAMES,
    MONTH_NAMES,
    PLACE_NAMES,
    SEARCH_INDEX,
    STORY_WORDS,
    TEXT_FILTER,
    FoldOptions,
    fold,
)

# -- the former folds, as they were before issue 23 ------------------------------------

_ACTOR_PUNCT = {
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
    "\u202f": " ",
}


def _actor_fold_char(char: str, *, lower: bool) -> str:
    if char in _ACTOR_PUNCT:
        return _ACTOR_PUNCT[char]
    cased = char.lower() if lower else char
    if len(cased) != 1:
        cased = char
    base = unicodedata.normalize("NFD", cased)[0]
    return base if len(base) == 1 else cased


def _actor_table(*, lower: bool) -> dict[int, str]:
    table: dict[int, str] = {code: chr(code) for code in range(0x2000, 0x2070)}
    for code in range(0x250):
        table[code] = _actor_fold_char(chr(code), lower=lower)
    for char, plain in _ACTOR_PUNCT.items():
        table[ord(char)] = plain
    return table


_ACTOR_FOLD = _actor_table(lower=True)
_ACTOR_STRIP = _actor_table(lower=False)


def former_actors_fold(text: str) -> str:  # veille.actors.normalize.fold
    return text.translate(_ACTOR_FOLD)


def former_actors_strip_accents(text: str) -> str:  # veille.actors.normalize.strip_accents
    return text.translate(_ACTOR_STRIP)


def _gazetteer_table() -> dict[int, str]:
    table: dict[int, str] = {ord("’"): "'"}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base != char and base:
            table[code] = base
    table.update({ord("ß"): "ss", ord("æ"): "ae", ord("Æ"): "AE", ord("œ"): "oe", ord("Œ"): "OE"})
    return table


_GAZETTEER_TABLE = _gazetteer_table()


def former_gazetteer_plain(text: str) -> str:  # veille.places.gazetteer._plain, under fold
    return text.translate(_GAZETTEER_TABLE).lower()


def former_dates_strip_accents(word: str) -> str:  # veille.dates._strip_accents
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


_LATIN_MARKS = re.compile(
    "["
    + re.escape("".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))))
    + "\x00]+"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def former_postgres_fold(text: str) -> str:  # veille.store.postgres_rows.fold
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if folded.isascii():
        return folded
    return _NON_ASCII.sub(
        lambda run: "".join(ch for ch in run.group() if not unicodedata.combining(ch)), folded
    )


def former_fold_text(text: str) -> str:  # veille.store.event_query.fold_text
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def former_story_fold_word(word: str) -> str:  # veille.stories.words.fold_word
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


FORMER: dict[str, tuple[Callable[[str], str], FoldOptions]] = {
    "actors.normalize.fold": (former_actors_fold, ACTOR_NAMES),
    "actors.normalize.strip_accents": (former_actors_strip_accents, ACTOR_ACRONYMS),
    "places.gazetteer.fold": (former_gazetteer_plain, PLACE_NAMES),
    "dates._strip_accents": (former_dates_strip_accents, MONTH_NAMES),
    "store.postgres_rows.fold": (former_postgres_fold, SEARCH_INDEX),
    "store.event_query.fold_text": (former_fold_text, TEXT_FILTER),
    "stories.words.fold_word": (former_story_fold_word, STORY_WORDS),
}

# -- examples that tell the folds apart ------------------------------------------------

EXAMPLES = [
    "l’OTAN",
    "États-Unis",
    "Œuvre, Straße",
    "ﬁn km²",
    "İstanbul",
    "Москва ΣΟΦΟΣ",
    "Hà Nội",
    "e\u0301te\u0301",
    "a\x00b",
    "2020–2021\u00a0km",
    "ĳssel ŉ ª",
]
EXPECTED = {
    # lowercase, one character for one: "İ" keeps its case, other scripts stay as written
    ACTOR_NAMES: [
        "l'otan",
        "etats-unis",
        "œuvre, straße",
        "ﬁn km²",
        "Istanbul",
        "Москва ΣΟΦΟΣ",
        "ha nội",
        "e\u0301te\u0301",
        "a\x00b",
        "2020-2021 km",
        "ĳssel ŉ ª",
    ],
    # the same with case kept
    ACTOR_ACRONYMS: [
        "l'OTAN",
        "Etats-Unis",
        "Œuvre, Straße",
        "ﬁn km²",
        "Istanbul",
        "Москва ΣΟΦΟΣ",
        "Ha Nội",
        "e\u0301te\u0301",
        "a\x00b",
        "2020-2021 km",
        "ĳssel ŉ ª",
    ],
    # Latin letters only, ligatures spelled out, then every script lowercased (final ς)
    PLACE_NAMES: [
        "l'otan",
        "etats-unis",
        "oeuvre, strasse",
        "ﬁn km²",
        "istanbul",
        "москва σοφος",
        "ha nội",
        "e\u0301te\u0301",
        "a\x00b",
        "2020–2021\u00a0km",
        "ijssel ʼn ª",
    ],
    # canonical marks of every script, case and compatibility forms kept
    MONTH_NAMES: [
        "l’OTAN",
        "Etats-Unis",
        "Œuvre, Straße",
        "ﬁn km²",
        "Istanbul",
        "Москва ΣΟΦΟΣ",
        "Ha Noi",
        "ete",
        "a\x00b",
        "2020–2021\u00a0km",
        "ĳssel ŉ ª",
    ],
    # compatibility forms too, NUL dropped, case kept
    SEARCH_INDEX: [
        "l’OTAN",
        "Etats-Unis",
        "Œuvre, Straße",
        "fin km2",
        "Istanbul",
        "Москва ΣΟΦΟΣ",
        "Ha Noi",
        "ete",
        "ab",
        "2020–2021 km",
        "ijssel ʼn a",
    ],
    # casefolded first (ß → ss, Σ → σ everywhere)
    TEXT_FILTER: [
        "l’otan",
        "etats-unis",
        "œuvre, strasse",
        "fin km2",
        "istanbul",
        "москва σοφοσ",
        "ha noi",
        "ete",
        "a\x00b",
        "2020–2021 km",
        "ijssel ʼn a",
    ],
    # the same with a plain apostrophe
    STORY_WORDS: [
        "l'otan",
        "etats-unis",
        "œuvre, strasse",
        "fin km2",
        "istanbul",
        "москва σοφοσ",
        "ha noi",
        "ete",
        "a\x00b",
        "2020–2021 km",
        "ijssel ʼn a",
    ],
}


@pytest.mark.parametrize("former", FORMER)
def test_each_fold_on_examples_that_tell_them_apart(former: str) -> None:
    reference, options = FORMER[former]
    assert [reference(text) for text in EXAMPLES] == EXPECTED[options]
    assert [fold(text, options) for text in EXAMPLES] == EXPECTED[options]


def test_the_examples_tell_every_pair_of_folds_apart() -> None:
    outputs = [tuple(expected) for expected in EXPECTED.values()]
    assert len(set(outputs)) == len(outputs) == len(FORMER)


def _every_code_point() -> Iterator[str]:
    return (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


EVERY_CODE_POINT = "".join(_every_code_point())


@pytest.mark.parametrize("former", FORMER)
def test_each_fold_gives_what_it_replaced_on_every_code_point(former: str) -> None:
    reference, options = FORMER[former]
    # All at once, in runs of 997 (a word's neighbours change a final sigma),
    # and each character of the Basic Multilingual Plane alone.
    assert fold(EVERY_CODE_POINT, options) == reference(EVERY_CODE_POINT)
    for start in range(0, len(EVERY_CODE_POINT), 997):
        run = EVERY_CODE_POINT[start : start + 997]
        assert fold(run, options) == reference(run), hex(ord(run[0]))
    for char in EVERY_CODE_POINT[:0xF800]:
        assert fold(char, options) == reference(char), hex(ord(char))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from(sorted(FORMER)))
def test_each_fold_gives_what_it_replaced_on_any_text(text: str, former: str) -> None:
    reference, options = FORMER[former]
    assert fold(text, options) == reference(text)


# -- what each fold promises ------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_the_actor_folds_keep_every_offset(text: str) -> None:
    assert len(fold(text, ACTOR_NAMES)) == len(text)
    assert len(fold(text, ACTOR_ACRONYMS)) == len(text)


def test_the_actor_fold_removes_accents_case_and_curly_apostrophes() -> None:
    assert fold("l’OTAN — États-Unis", ACTOR_NAMES) == "l'otan - etats-unis"
    assert fold("Київ – «Ελλάδα» … ‰", ACTOR_NAMES) == "Київ - «Ελλάδα» … ‰"


@given(st.text())
def test_the_search_index_fold_removes_combining_marks_and_nul_only(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\x00")
    assert fold(text, SEARCH_INDEX) == expected


def test_the_story_fold_lowers_and_strips_accents() -> None:
    assert fold("Élection", STORY_WORDS) == "election"
    assert fold("Taïwan", STORY_WORDS) == "taiwan"


@pytest.mark.parametrize(
    "options",
    [
        {"one_to_one": True, "decomposition": "NFD"},  # not latin_only
        {"one_to_one": True, "latin_only": True},  # NFKD: "ﬁ" is two letters
        {"one_to_one": True, "latin_only": True, "decomposition": "NFD", "case": "casefold"},
        {"one_to_one": True, "latin_only": True, "decomposition": "NFD", "ligatures": True},
        {"one_to_one": True, "latin_only": True, "decomposition": "NFD", "drop_nul": True},
    ],
)
def test_one_to_one_refuses_options_that_change_a_length(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="one_to_one"):
        FoldOptions(**options)  # type: ignore[arg-type]


def test_options_not_used_by_a_caller_still_do_what_they_say() -> None:
    assert fold("Straße Œuvre", FoldOptions(ligatures=True)) == "strasse oeuvre"
    assert fold("Œ\x00 — x", FoldOptions(latin_only=True, drop_nul=True)) == "œ — x"
    assert fold("L’Été", FoldOptions(case="lower", punctuation="plain")) == "l'ete"


def test_the_module_examples_run() -> None:
    assert doctest.testmod(veille.text).failed == 0


# -- what the stores hold and compute ---------------------------------------------------

TITLE = "L’OTAN ﬁnance la Biélorussie"
TEXT = "Les États-Unis et l’Œuvre : le 2ᵉ km² à Hà Nội, Straße, e\u0301te\u0301 ΣΟΦΟΣ."
# Written by the stores before issue 23 (PostgreSQL 'french' configuration).
STORED_VECTOR = (
    "'2e':14B 'a':16B 'bieloruss':5A 'etat':8B 'etats-un':7B 'ete':20B 'financ':3A "
    "'ha':17B 'km2':15B 'le':6B 'noi':18B 'otan':2A 'straß':19B 'unis':9B 'œuvr':12B "
    "'σοφοσ':21B"
)
SQLITE_FOLD = (
    "l’otan finance la bielorussie les etats-unis et l’œuvre : le 2e km2 a ha noi, "
    "strasse, ete σοφοσ."
)


def test_postgresql_stores_the_search_vectors_it_stored_before(
    pg_database: Callable[[], str],  # noqa: F811 - the imported fixture
) -> None:
    url = pg_database()
    with open_store(url) as store:
        store.save(ArticleResult(make_article("a1", TEXT, title=TITLE)), "s1")  # row by row
        store.save_many([(ArticleResult(make_article("a2", TEXT + " Bis.", title=TITLE)), "s1")])
    with psycopg.connect(url) as conn:
        vectors = dict(conn.execute("SELECT id, search::text FROM articles").fetchall())
    bis = STORED_VECTOR.replace("'etat'", "'bis':22B 'etat'")
    assert vectors == {"a1": STORED_VECTOR, "a2": bis}


def test_sqlite_folds_in_sql_as_it_did(tmp_path: Path) -> None:
    with open_store(tmp_path / "fold.db") as store:
        sql = "SELECT veille_fold(?), veille_fold(NULL)"
        folded = store._connection().execute(sql, (f"{TITLE} {TEXT}",)).fetchone()
    assert tuple(folded) == (SQLITE_FOLD, None)


def test_the_postgresql_translate_table_folds_as_before() -> None:
    sources, targets = pg_fold_table()
    expected = [
        (chr(c), former_fold_text(chr(c)))
        for c in range(0x80, 0x2500)
        if len(former_fold_text(chr(c))) == 1 and former_fold_text(chr(c)) != chr(c)
    ]
    assert list(zip(sources, targets, strict=True)) == expected
