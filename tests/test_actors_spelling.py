"""Person names in other transliterations, matched by a spelling key (issue 18).

"Belousov", "Belooussov" (AFP) and "Bielooussov" are one man; the knowledge base
lists one or two spellings and finds the others by :func:`spelling_key`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actor_helpers import mention, resolver_for
from veille.actors import KnowledgeBase, get_knowledge_base
from veille.actors.normalize import spelling_key, spelling_keys
from veille.actors.resolver import ActorResolver
from veille.nlp import load_pipeline

AS_OF = date(2026, 11, 24)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Belousov", "Belooussov", "Bielooussov", "Byelousov"),
        ("Zelensky", "Zelenskyy", "Zelenski", "Zelenskiy", "Zelenskij"),
        ("Chtchoukine", "Shchukin", "Schtschukin"),
        ("Poutine", "Putin"),
        ("Choïgou", "Shoigu"),
        ("Loukachenko", "Lukashenko", "Lukaschenko"),
        ("Khrouchtchev", "Khrushchev"),
        ("Tchernychev", "Chernyshev"),
        ("Iouri", "Yuri", "Youri"),
        ("Alexandre", "Alexander", "Aleksandr"),
        ("Sergueï", "Sergei", "Sergey"),
        ("Lavrov", "Lawrow"),
    ],
)
def test_transliterations_share_a_key(spellings):
    keys = {spelling_key(s) for s in spellings}
    assert len(keys) == 1, dict(zip(spellings, map(spelling_key, spellings), strict=True))


@pytest.mark.parametrize(
    ("one", "other"),
    [("Belousov", "Borisov"), ("Lavrov", "Lavrentiev"), ("Putin", "Peskov"), ("Shoigu", "Sergei")],
)
def test_other_names_keep_other_keys(one, other):
    assert spelling_key(one) != spelling_key(other)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèêëïîôöüàç", min_size=1, max_size=20))
def test_the_key_ignores_case_and_accents(word):
    assert spelling_key(word) == spelling_key(word.upper())
    assert spelling_key(word) == spelling_key(
        word.translate(str.maketrans("éèêëïîôöüàç", "eeeeiioouac"))
    )


@given(st.text(max_size=30))
def test_any_text_gives_a_key_without_error(text):
    assert all(spelling_keys(text))  # empty keys are dropped, never returned


# --------------------------------------------------------------- resolution


@pytest.fixture(scope="module")
def fr():
    return resolver_for("fr", AS_OF)


@pytest.fixture(scope="module")
def en():
    return resolver_for("en", AS_OF)


def actor_of(mentions, text):
    return mention(mentions, text).actor_id


def test_afp_spelling_of_the_defence_minister_fr(fr):
    mentions = fr(
        "Le ministre russe de la Défense, Andreï Belooussov, a dénoncé l'OTAN. "
        "Belooussov a ensuite quitté Minsk."
    )
    assert actor_of(mentions, "Andreï Belooussov") == "PER:andrei-belousov"
    assert actor_of(mentions, "Belooussov") == "PER:andrei-belousov"


def test_another_spelling_of_the_surname_alone_fr(fr):
    mentions = fr("Selon le général Bielooussov, les troupes resteront en Biélorussie.")
    assert actor_of(mentions, "Bielooussov") == "PER:andrei-belousov"


def test_zelenskyy_with_two_y_en(en):
    mentions = en("President Volodymyr Zelenskyy thanked Poland. Zelenskyy then flew to Kyiv.")
    assert actor_of(mentions, "Volodymyr Zelenskyy") == "PER:volodymyr-zelensky"


def test_a_surname_links_to_the_person_named_before_in_another_spelling_en(en):
    mentions = en("Andrei Belousov met his Belarusian counterpart. Belooussov said little.")
    assert actor_of(mentions, "Belooussov") == "PER:andrei-belousov"


def test_a_different_name_is_not_matched(fr):
    mentions = fr("Andreï Borissov, un homme d'affaires, a été arrêté à Moscou.")
    assert all(m.actor_id != "PER:andrei-belousov" for m in mentions)


def test_user_added_person_found_in_french_spelling(tmp_path: Path):
    extra = tmp_path / "people.yaml"
    extra.write_text(
        "persons:\n"
        "  - id: PER:alexander-shchukin\n"
        "    country: RUS\n"
        "    names: [Alexander Shchukin]\n"
        "    roles:\n"
        "      - [ambassador, RUS, GOV, 2024-01-01, '']\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([extra], historical=False)
    assert kb.person_spelled("Alexandre Chtchoukine") == "PER:alexander-shchukin"
    assert kb.person_spelled("Chtchoukine") == "PER:alexander-shchukin"
    resolver = ActorResolver(kb, "fr")
    doc = load_pipeline("fr")("L'ambassadeur Alexandre Chtchoukine a été convoqué mardi.")
    mentions = resolver.resolve_mentions(doc, as_of=AS_OF)
    assert actor_of(mentions, "Alexandre Chtchoukine") == "PER:alexander-shchukin"


def test_search_finds_a_person_in_another_spelling():
    kb = get_knowledge_base()
    assert kb.search("Belooussov")[0].id == "PER:andrei-belousov"
    assert kb.search("Andreï Bielooussov")[0].id == "PER:andrei-belousov"


def test_two_people_sharing_a_key_name_neither(tmp_path: Path):
    extra = tmp_path / "twins.yaml"
    extra.write_text(
        "persons:\n"
        "  - {id: PER:ivan-petrov, country: RUS, names: [Ivan Petrov]}\n"
        "  - {id: PER:ivana-petrova, country: BGR, names: [Ivana Petrova]}\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([extra], historical=False)
    assert kb.person_spelled("Ivan Pietrov") is None


def test_a_short_word_is_no_surname_in_another_spelling():
    kb = get_knowledge_base()
    assert kb.person_spelled("Rhine") is None  # "rhn", the key of "Rohani" too
    assert kb.person_spelled("Belooussov") == "PER:andrei-belousov"
