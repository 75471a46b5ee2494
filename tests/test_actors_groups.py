"""Armed and non-state groups, parties, NGOs and firms; persons known by their role (issue 18).

Our own French and English sentences. Codes follow docs/codebook.md section 7: a group
tied to one state is that state with its sector, a group of no single country keeps its
own id, which rolls up to the generic IMG (and an NGO of no single country to NGO).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from actor_helpers import code, mention, resolver_for
from veille.actors import KnowledgeBase, get_knowledge_base
from veille.cli import app

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return get_knowledge_base()


@pytest.fixture(scope="module")
def fr():
    return resolver_for("fr", AS_OF)


@pytest.fixture(scope="module")
def en():
    return resolver_for("en", AS_OF)


# ------------------------------------------------------------ the knowledge base


@pytest.mark.parametrize(
    ("query", "actor_id"),
    [
        ("Islamic State", "ISIS"),
        ("ISIS", "ISIS"),
        ("ISIL", "ISIS"),
        ("Daech", "ISIS"),
        ("Daesh", "ISIS"),
        ("État islamique", "ISIS"),
        ("Etat islamique", "ISIS"),
        ("Al Qaeda", "ALQAEDA"),
        ("al-Qaïda", "ALQAEDA"),
        ("AQMI", "AQIM"),
        ("JNIM", "JNIM"),
        ("shebab", "SHABAAB"),
        ("al-Shabaab", "SHABAAB"),
        ("ISWAP", "ISWAP"),
        ("Hezbollah", "HEZBOLLAH"),
        ("Ansar Allah", "HOUTHIS"),
        ("HTS", "HTS"),
        ("YPG", "YPG"),
        ("Forces démocratiques syriennes", "SDF"),
        ("FARC", "FARC"),
        ("Africa Corps", "AFRICACORPS"),
        ("CICR", "ICRC"),
        ("Reporters sans frontières", "RWB"),
        ("Gazprom", "GAZPROM"),
    ],
)
def test_search_finds_the_group_first(kb, query, actor_id):
    found = kb.search(query, limit=5)
    assert found, f"nothing found for {query!r}"
    assert found[0].id == actor_id


def test_isis_is_the_group_before_a_person_called_isis(kb):
    ids = [a.id for a in kb.search("ISIS")]
    assert ids[0] == "ISIS"
    assert ids.index("ISIS") < min(
        (i for i, x in enumerate(ids) if x.startswith("PER:")), default=99
    )


@pytest.mark.parametrize(
    ("actor_id", "country", "sector"),
    [
        ("HAMAS", "PSE", "REB"),
        ("M23", "COD", "REB"),
        ("JNIM", "MLI", "REB"),
        ("ISWAP", "NGA", "REB"),
        ("RSF-SDN", "SDN", "REB"),
        ("TALIBAN", "AFG", "GOV"),
        ("WAGNER", "RUS", "MIL"),
        ("AFRICACORPS", "RUS", "MIL"),
        ("IRGC", "IRN", "MIL"),
        ("GAZPROM", "RUS", "BUS"),
        ("FRA-RN", "FRA", "POL"),
        ("FRA-LDH", "FRA", "CVL"),
        ("NRC-NGO", "NOR", "CVL"),  # a national NGO, named by its nationality
    ],
)
def test_groups_of_one_state_are_that_state_with_a_sector(kb, actor_id, country, sector):
    actor = kb.actor(actor_id)
    assert actor is not None
    assert (actor.country, actor.sectors[0]) == (country, sector)


def test_groups_of_no_single_country_roll_up_to_img_and_ngo(kb):
    for group in ("ISIS", "ALQAEDA", "ISSAHEL", "AQIM"):
        assert kb.actor(group).country is None
        assert kb.covers("IMG", group)
    assert kb.covers("ISIS", "ISWAP")
    assert kb.covers("ALQAEDA", "JNIM")
    assert kb.covers("NGO", "OXFAM")
    assert kb.covers("NGO", "RWB")
    assert not kb.covers("IMG", "HAMAS")
    assert not kb.covers("NGO", "GAZPROM")


def test_generated_phoenix_groups_are_loaded_with_their_code(kb):
    # groups_phoenix.tsv: an armed group of the START list with its country and REB.
    found = [a for a in kb.search("Aden Abyan Islamic Army") if a.id.startswith("ORG:")]
    assert found
    assert (found[0].country, found[0].sectors) == ("YEM", ("REB",))
    # A hand-written name is never answered by a generated row.
    assert kb.search("Hamas")[0].id == "HAMAS"


def test_acronyms_can_differ_by_language(fr, en):
    assert mention(fr("RSF dénonce l'arrestation de deux journalistes."), "RSF").actor_id == "RWB"
    assert mention(en("The RSF shelled the camp overnight."), "RSF").actor_id == "RSF-SDN"
    assert mention(fr("Les FSR ont bombardé le camp."), "FSR").actor_id == "RSF-SDN"


def test_a_common_word_is_no_acronym(en):
    mentions = en("Let them go, said the minister. It is what it is.")
    assert all(m.actor_id not in ("LET", "ISIS") for m in mentions)


# ------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    ("sentence", "words", "actor_id", "expected_code"),
    [
        ("Daech a revendiqué l'attentat de la nuit.", "Daech", "ISIS", "ISIS"),
        ("L'État islamique a revendiqué l'attaque.", "État islamique", "ISIS", "ISIS"),
        ("Al-Qaïda a appelé à de nouvelles attaques.", "Al-Qaïda", "ALQAEDA", "ALQAEDA"),
        ("Le JNIM a imposé un blocus à la ville.", "JNIM", "JNIM", "MLI"),
        ("Les shebab ont attaqué une base.", "shebab", "SHABAAB", "SOM"),
        ("Les talibans ont fermé les écoles.", "talibans", "TALIBAN", "AFG"),
        ("Le groupe Wagner a quitté le pays.", "groupe Wagner", "WAGNER", "RUS"),
        (
            "Les Gardiens de la révolution ont saisi un pétrolier.",
            "Gardiens de la révolution",
            "IRGC",
            "IRN",
        ),
        ("Le Hezbollah a tiré des roquettes.", "Hezbollah", "HEZBOLLAH", "LBN"),
        ("Gazprom a coupé le gaz à la Moldavie.", "Gazprom", "GAZPROM", "RUS"),
    ],
)
def test_groups_resolve_fr(fr, sentence, words, actor_id, expected_code):
    m = mention(fr(sentence), words)
    assert (m.actor_id, code(m)) == (actor_id, expected_code)


@pytest.mark.parametrize(
    ("sentence", "words", "actor_id", "expected_code"),
    [
        ("Islamic State claimed the attack on Sunday.", "Islamic State", "ISIS", "ISIS"),
        ("ISIL claimed the killing of two soldiers.", "ISIL", "ISIS", "ISIS"),
        ("Al Qaeda called for new attacks.", "Al Qaeda", "ALQAEDA", "ALQAEDA"),
        ("Al-Shabaab stormed a hotel.", "Al-Shabaab", "SHABAAB", "SOM"),
        ("The Houthis fired a missile at a ship.", "Houthis", "HOUTHIS", "YEM"),
        ("The Rapid Support Forces took the town.", "Rapid Support Forces", "RSF-SDN", "SDN"),
        ("Hayat Tahrir al-Sham signed the decree.", "Hayat Tahrir al-Sham", "HTS", "SYR"),
        ("The FARC dissidents attacked a police station.", "FARC dissidents", "FARC", "COL"),
        ("Africa Corps units arrived in Bamako.", "Africa Corps", "AFRICACORPS", "RUS"),
        ("Oxfam warned of famine.", "Oxfam", "OXFAM", "OXFAM"),
    ],
)
def test_groups_resolve_en(en, sentence, words, actor_id, expected_code):
    m = mention(en(sentence), words)
    assert (m.actor_id, code(m)) == (actor_id, expected_code)


def test_members_of_a_group_are_what_the_group_is(fr, en):
    fighters = mention(
        en("Islamic State fighters attacked a checkpoint."), "Islamic State fighters"
    )
    assert (code(fighters), fighters.sectors[0]) == ("ISIS", "REB")
    fighters = mention(fr("Les combattants du JNIM ont attaqué un convoi."), "combattants")
    assert (code(fighters), fighters.sectors[0]) == ("MLI", "REB")
    chiefs = mention(en("Gazprom officials met the minister."), "Gazprom officials")
    assert (code(chiefs), chiefs.sectors[0]) == ("RUS", "BUS")


# ------------------------------------------- persons known only by their role


def test_unknown_rebel_leader_takes_the_group_of_his_title_fr(fr):
    mentions = fr("Le chef des rebelles du M23, Aimé Kasongo, a exigé des négociations directes.")
    leader = mention(mentions, "Aimé Kasongo")
    assert (leader.actor_id, leader.country, leader.sectors[0]) == (None, "COD", "REB")


def test_unknown_rebel_leader_takes_the_group_of_his_title_en(en):
    leader = mention(en("The M23 rebel leader Aime Kasongo rejected the deal."), "Aime Kasongo")
    assert (leader.country, leader.sectors[0]) == ("COD", "REB")


def test_unknown_army_chief_takes_his_state_en(en):
    chief = mention(en("Pakistan's army chief Tariq Haider met the envoy."), "Tariq Haider")
    assert (chief.country, chief.sectors[0]) == ("PAK", "MIL")


def test_unknown_army_chief_takes_his_state_fr(fr):
    chief = mention(
        fr("Le chef de l'armée pakistanaise, Tariq Haider, a reçu l'émissaire."), "Tariq Haider"
    )
    assert (chief.country, chief.sectors[0]) == ("PAK", "MIL")


def test_unknown_minister_named_before_his_title_en(en):
    minister = mention(
        en("Otieno Wafula, the Kenyan foreign minister, called for calm."), "Otieno Wafula"
    )
    assert (minister.country, minister.sectors[0]) == ("KEN", "GOV")


def test_unknown_minister_named_before_his_title_fr(fr):
    minister = mention(
        fr("Peter Kamau, le ministre kényan des Affaires étrangères, a appelé au calme."),
        "Peter Kamau",
    )
    assert (minister.country, minister.sectors[0]) == ("KEN", "GOV")


def test_unknown_commander_named_after_a_group_title_en(en):
    commander = mention(en("Omar Haddad, a Hamas commander, was killed."), "Omar Haddad")
    assert (commander.country, commander.sectors[0]) == ("PSE", "REB")


def test_a_plural_group_noun_gives_no_title(fr):
    mentions = fr("Selon les rebelles, Aimé Kasongo a quitté la ville.")
    assert mention(mentions, "Aimé Kasongo").country is None


def test_a_known_person_keeps_the_role_of_the_base(fr):
    # A role of no office next to a person the base knows changes nothing.
    mentions = fr("Le chef, Emmanuel Macron, a reçu le dirigeant kényan.")
    macron = mention(mentions, "Emmanuel Macron")
    assert (macron.actor_id, macron.country) == ("PER:emmanuel-macron", "FRA")


@pytest.mark.parametrize(
    ("query", "actor_id"),
    [("Islamic State", "ISIS"), ("Daech", "ISIS"), ("État islamique", "ISIS"), ("ISIS", "ISIS"),
     ("Al Qaeda", "ALQAEDA"), ("al-Qaïda", "ALQAEDA"), ("JNIM", "JNIM")],
)  # fmt: skip
def test_veille_actors_finds_the_group(tmp_path, query, actor_id):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "v.db"), "actors", query, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["id"] == actor_id
