"""Knowledge base: loading, look-up, search, dated roles and user files (no spaCy needed)."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.actors import KnowledgeBase, get_knowledge_base, office_family
from veille.actors.normalize import words_of
from veille.errors import ActorDataError

FIXTURES = Path(__file__).parent / "fixtures" / "actors"
# Files hold UTF-8, which cannot encode lone surrogates.
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return get_knowledge_base()


def test_states_have_french_and_english_names(kb):
    belarus = kb.actor("BLR")
    assert belarus is not None
    assert belarus.type == "state"
    assert "Biélorussie" in belarus.names["fr"]
    assert "Belarus" in belarus.names["en"]
    assert kb.actor("USA").names["fr"][0] == "États-Unis"


def test_every_iso_state_is_present(kb):
    for code in ("FRA", "RUS", "UKR", "CHN", "ZAF", "PSE", "XKX", "TWN"):
        assert kb.actor(code) is not None, code


def test_organisations_and_blocs(kb):
    nato = kb.actor("NATO")
    assert nato.type == "organisation"
    assert "OTAN" in nato.names["acronyms"]
    assert kb.actor("WEST").type == "bloc"
    assert kb.actor("nato") is nato  # ids are looked up case-insensitively


def test_unknown_actor_is_none(kb):
    assert kb.actor("PER:nobody-at-all") is None
    assert kb.actor("ZZZ") is None


def test_search_ranks_exact_before_partial(kb):
    found = kb.search("Biélorussie")
    assert found[0].id == "BLR"
    assert [a.id for a in kb.search("belousov")] == ["PER:andrei-belousov"]
    assert kb.search("   ") == []
    assert len(kb.search("a", limit=5)) == 5


def test_search_ignores_accents_and_case(kb):
    assert kb.search("ETATS-UNIS")[0].id == "USA"


def test_roles_are_dated(kb):
    assert [r.office for r in kb.roles_at("PER:andrei-belousov", date(2026, 11, 24))] == [
        "minister:defence"
    ]
    assert [r.office for r in kb.roles_at("PER:andrei-belousov", date(2022, 1, 1))] == [
        "deputy_prime_minister"
    ]
    assert kb.roles_at("PER:andrei-belousov", date(2010, 1, 1)) == ()


def test_office_holder_changes_with_the_date(kb):
    assert kb.holders("minister:defence", "RUS", date(2026, 11, 24)) == ["PER:andrei-belousov"]
    assert kb.holders("minister:defence", "RUS", date(2020, 6, 1)) == ["PER:sergei-shoigu"]
    # Shoigu left on 2024-05-13 and Belousov started on 2024-05-14: never both.
    assert kb.holders("minister:defence", "RUS", date(2024, 5, 13)) == ["PER:sergei-shoigu"]
    assert kb.holders("minister:defence", "RUS", date(2024, 5, 14)) == ["PER:andrei-belousov"]


def test_officials_of_organisations_act_for_them(kb):
    (role,) = kb.roles_at("PER:mark-rutte", date(2026, 1, 1))
    assert role.country == "NATO"
    assert kb.roles_at("PER:mark-rutte", date(2015, 1, 1))[0].country == "NLD"


def test_historical_people_come_from_phoenix(kb):
    yeltsin = kb.search("Boris Yeltsin")[0]
    assert yeltsin.country == "RUS"
    assert any(r.start and r.start.startswith("1991") for r in yeltsin.roles)


def test_office_family():
    assert office_family("minister:defence") == "minister"
    assert office_family("president") == "president"


def test_user_yaml_file_adds_actors():
    kb = KnowledgeBase.load([FIXTURES / "user_actors.yaml"], historical=False)
    wagner = kb.actor("WAGNER")
    assert wagner is not None
    assert wagner.country == "RUS"
    assert wagner.sectors == ("MIL",)
    assert kb.holders("minister:defence", "FRA", date(2031, 1, 1)) == ["PER:jeanne-exemple"]
    assert ("groupe", "wagner") in kb.lexicon("fr").entries


def test_user_csv_file_adds_actors_and_merges_rows():
    kb = KnowledgeBase.load([FIXTURES / "user_actors.csv"], historical=False)
    paul = kb.actor("PER:paul-fictif")
    assert paul is not None
    assert set(paul.names["fr"]) == {"Paul Fictif", "Paulus Fictif"}
    assert kb.holders("minister:foreign", "BEL", date(2030, 1, 1)) == ["PER:paul-fictif"]
    acme = kb.actor("ACME")
    assert acme.names["fr"] == ("Ligue des Exemples",)
    assert acme.names["en"] == ("League of Examples",)


def test_user_file_with_wrong_extension_is_refused(tmp_path):
    path = tmp_path / "actors.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ActorDataError, match=r"\.yaml, \.yml or \.csv"):
        KnowledgeBase().add_file(path)


def test_missing_user_file_says_so(tmp_path):
    with pytest.raises(ActorDataError, match="cannot read"):
        KnowledgeBase().add_file(tmp_path / "nope.yaml")


def test_csv_without_header_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match="id,type,name"):
        KnowledgeBase().add_file(path)


def test_yaml_with_bad_role_date_is_refused(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "persons:\n  - names: [Jo Bad]\n    roles: [[president, FRA, GOV, 'not a date', '']]\n",
        encoding="utf-8",
    )
    with pytest.raises(ActorDataError, match="malformed"):
        KnowledgeBase().add_file(path)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=CHARS, max_size=300))
def test_any_yaml_text_loads_or_fails_cleanly(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("y") / "user.yaml"
    path.write_text(content, encoding="utf-8")
    with contextlib.suppress(ActorDataError):
        KnowledgeBase().add_file(path)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(alphabet=CHARS.filter(lambda c: c != "\n"), max_size=12),
            min_size=1,
            max_size=10,
        ),
        max_size=5,
    )
)
def test_any_csv_rows_load_or_fail_cleanly(tmp_path_factory, rows):
    header = "id,type,name,language,country,sectors,office,body,start,end\n"
    body = "".join(
        ",".join(c.replace(",", " ").replace('"', "") for c in row) + "\n" for row in rows
    )
    path = tmp_path_factory.mktemp("c") / "user.csv"
    path.write_text(header + body, encoding="utf-8")
    with contextlib.suppress(ActorDataError):
        KnowledgeBase().add_file(path)


# The fold under words_of (offsets kept, other scripts as written) is tested in test_text.py.
def test_words_of_folds_accents_and_case():
    assert words_of("la Biélorussie") == ("la", "bielorussie")


def test_codes_are_hierarchical(kb: KnowledgeBase) -> None:
    assert kb.parent("WFP") == "UN"
    assert kb.covers("UN", "UNSC")  # an organ is its organisation
    assert kb.covers("UN", "WFP")  # an agency too
    assert kb.covers("IGO", "ECOWAS")  # the generic class of the PLOVER records
    assert kb.covers("RUS", "RUS")
    assert not kb.covers("UN", "EU")
    assert not kb.covers("IGO", "HAMAS")  # an armed group is no intergovernmental body
    assert not kb.covers("IGO", "FRA")


def test_armed_groups_belong_to_a_country(kb: KnowledgeBase) -> None:
    for group, country in (("HEZBOLLAH", "LBN"), ("HOUTHIS", "YEM"), ("HAMAS", "PSE")):
        actor = kb.actor(group)
        assert actor is not None
        assert (actor.type, actor.country, actor.sectors) == ("group", country, ("REB",))
    # A group that governs its state acts as that state (docs/codebook.md, 7.6).
    taliban = kb.actor("TALIBAN")
    assert taliban is not None
    assert (taliban.country, taliban.sectors) == ("AFG", ("GOV",))
