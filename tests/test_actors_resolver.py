"""Resolver: our own French and English sentences, one construction per test."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
import spacy

from veille.actors import COMPONENT_NAME, get_resolver
from veille.nlp import load_pipeline
from veille.records import Mention

FIXTURES = Path(__file__).parent / "fixtures" / "actors"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="session")
def nlp_fr():
    return load_pipeline("fr")


@pytest.fixture(scope="session")
def nlp_en():
    return load_pipeline("en")


@pytest.fixture(scope="session")
def fr(nlp_fr):
    def run(text: str, as_of: date = AS_OF) -> tuple[Mention, ...]:
        return get_resolver("fr").resolve_mentions(nlp_fr(text), as_of=as_of)

    return run


@pytest.fixture(scope="session")
def en(nlp_en):
    def run(text: str, as_of: date = AS_OF) -> tuple[Mention, ...]:
        return get_resolver("en").resolve_mentions(nlp_en(text), as_of=as_of)

    return run


def find(mentions: tuple[Mention, ...], text: str, nth: int = 0) -> Mention:
    hits = [m for m in mentions if text in m.text]
    assert len(hits) > nth, f"no mention containing {text!r} in {[m.text for m in mentions]}"
    return hits[nth]


def absent(mentions: tuple[Mention, ...], text: str) -> bool:
    return all(text not in m.text for m in mentions)


# ---------------------------------------------------------------- offsets


def test_spans_are_offsets_into_the_text(fr):
    text = "Hier, la Russie et l’OTAN ont parlé à l'ONU."
    for m in fr(text):
        assert text[m.start : m.end] == m.text


def test_mentions_do_not_overlap_and_are_ordered(fr):
    ms = fr("Le ministre russe de la Défense a rencontré l'armée biélorusse à Minsk.")
    for a, b in itertools.pairwise(ms):
        assert a.end <= b.start


# ---------------------------------------------------------------- states


@pytest.mark.parametrize(
    ("sentence", "name", "code"),
    [
        ("La Biélorussie a signé.", "Biélorussie", "BLR"),
        ("Le Bélarus a signé.", "Bélarus", "BLR"),
        ("La Bielorussie a signé.", "Bielorussie", "BLR"),
        ("Des troupes sont arrivées d'Ukraine.", "Ukraine", "UKR"),
        ("Il s'est rendu aux États-Unis.", "États-Unis", "USA"),
        ("LES ETATS-UNIS ONT REFUSÉ.", "ETATS-UNIS", "USA"),
        ("Le Royaume-Uni proteste.", "Royaume-Uni", "GBR"),
        ("La Côte d’Ivoire vote.", "Côte d’Ivoire", "CIV"),
    ],
)
def test_french_state_names(fr, sentence, name, code):
    m = find(fr(sentence), name)
    assert (m.kind, m.actor_id, m.country) == ("country", code, code)
    assert m.text == name


@pytest.mark.parametrize(
    ("sentence", "name", "code"),
    [
        ("Belarus signed the deal.", "Belarus", "BLR"),
        ("Belorussia signed the deal.", "Belorussia", "BLR"),
        ("The United States refused.", "United States", "USA"),
        ("The U.S. refused.", "U.S.", "USA"),
        ("Britain objected.", "Britain", "GBR"),
    ],
)
def test_english_state_names(en, sentence, name, code):
    m = find(en(sentence), name)
    assert (m.actor_id, m.country) == (code, code)


def test_article_is_not_part_of_the_name(fr):
    m = find(fr("Il critique l'OTAN et la Russie."), "Russie")
    assert m.text == "Russie"
    assert find(fr("Il critique l'OTAN."), "OTAN").text == "OTAN"


# ---------------------------------------------------------------- acronyms and case


def test_acronyms_in_both_languages(fr, en):
    assert find(fr("L'ONU et l'UE ont répondu à l'OTSC."), "ONU").actor_id == "UN"
    assert find(fr("L'ONU et l'UE ont répondu à l'OTSC."), "UE").actor_id == "EU"
    assert find(fr("L'ONU et l'UE ont répondu à l'OTSC."), "OTSC").actor_id == "CSTO"
    assert find(en("The UN and the EU answered NATO."), "NATO").actor_id == "NATO"


def test_lowercase_words_are_not_acronyms(fr, en):
    ms = fr("Il a eu un accord au sommet, et on a vu un ministre.")
    assert all(m.actor_id not in ("UN", "EU", "AU") for m in ms)
    ms = en("Tell us what the who said about the un-named site.")
    assert all(m.actor_id not in ("USA", "WHO", "UN") for m in ms)


def test_names_need_a_capital_but_french_adjectives_do_not(fr):
    assert find(fr("Les forces russes avancent."), "russes").country == "RUS"
    ms = fr("Il mange une dinde en turquoise.")
    assert all(m.actor_id != "TUR" for m in ms)


def test_capitalised_argentine_is_the_country_lowercase_is_the_adjective(fr):
    ms = fr("L'Argentine a reçu la délégation argentine.")
    assert find(ms, "Argentine").kind == "country"
    assert find(ms, "argentine").country == "ARG"
    assert find(ms, "argentine").kind in ("demonym", "role")


# ---------------------------------------------------------------- capitals and metonyms


@pytest.mark.parametrize(
    ("sentence", "name", "code"),
    [
        ("Moscou dénonce l'accord.", "Moscou", "RUS"),
        ("Le Kremlin a démenti.", "Kremlin", "RUS"),
        ("La Maison-Blanche a répondu.", "Maison-Blanche", "USA"),
        ("Minsk soutient Moscou.", "Minsk", "BLR"),
        ("Pékin proteste.", "Pékin", "CHN"),
        ("Kiev a riposté.", "Kiev", "UKR"),
    ],
)
def test_french_capital_metonymy(fr, sentence, name, code):
    m = find(fr(sentence), name)
    assert (m.kind, m.actor_id, m.country) == ("capital", code, code)
    assert "GOV" in m.sectors


def test_english_seats_of_government(en):
    ms = en("The White House and the Pentagon disagreed with Beijing.")
    assert find(ms, "White House").actor_id == "USA"
    pentagon = find(ms, "Pentagon")
    assert pentagon.actor_id == "USA"
    assert set(pentagon.sectors) == {"GOV", "MIL"}
    assert find(ms, "Beijing").actor_id == "CHN"


def test_capital_as_a_place_is_not_the_government(fr, en):
    moscou = find(fr("Le ministre s'est exprimé à Moscou."), "Moscou")
    assert (moscou.kind, moscou.actor_id, moscou.country) == ("other", None, "RUS")
    dc = find(en("Officials met in Washington, D.C. on Monday."), "Washington")
    assert dc.actor_id is None
    assert dc.country == "USA"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Des affrontements ont eu lieu près de Manama.", "Manama"),
        ("Un attentat a visé un hôtel de Mogadiscio.", "Mogadiscio"),
        ("Des tirs ont été entendus dans la banlieue de Kaboul.", "Kaboul"),
        ("Les violences ont touché Manama, la capitale, dimanche.", "Manama"),
        ("Des heurts ont éclaté aux environs de la capitale, Manama.", "Manama"),
    ],
)
def test_a_capital_in_a_place_phrase_is_the_town(fr, sentence, name):
    # "de X" after a position or a thing that stands in a town, or a capital
    # described as "the capital": the town, not its government.
    mention = find(fr(sentence), name)
    assert (mention.kind, mention.actor_id) == ("other", None)


def test_a_capital_that_acts_is_still_the_government(fr):
    assert find(fr("Moscou a accusé Kiev de saboter les négociations."), "Moscou").actor_id == "RUS"
    assert find(fr("Le porte-parole de Moscou a démenti."), "Moscou").actor_id == "RUS"


def test_washington_the_government_between_capitals(fr):
    ms = fr("Le traité lie Moscou et Washington.")
    assert find(ms, "Washington").actor_id == "USA"
    assert find(ms, "Moscou").actor_id == "RUS"


def test_washington_the_state_and_the_newspaper_and_the_person(en):
    ms = en("Voters in Seattle, Washington state, backed the measure.")
    assert find(ms, "Washington").actor_id is None
    ms = en("The Washington Post published a leak.")
    assert all(m.actor_id != "USA" for m in ms)
    ms = en("A statue of George Washington was moved.")
    assert all(m.actor_id != "USA" for m in ms)


def test_georgia_the_country_and_the_us_state(en, fr):
    country = find(en("Georgia accused Russia of moving the border near Tbilisi."), "Georgia")
    assert (country.actor_id, country.country) == ("GEO", "GEO")
    state = find(en("The governor of Georgia spoke in Atlanta about the primary."), "Georgia")
    assert (state.kind, state.actor_id, state.country) == ("other", None, "USA")
    etat = find(fr("L'État de Géorgie a voté pour les républicains."), "Géorgie")
    assert etat.actor_id is None


# ---------------------------------------------------------------- demonyms and roles


def test_demonym_alone(fr, en):
    m = find(fr("Les frontières biélorusses sont fermées."), "biélorusses")
    assert (m.kind, m.actor_id, m.country) == ("demonym", "BLR", "BLR")
    assert find(en("Russian officials denied it."), "Russian").country == "RUS"


def test_french_role_with_inner_nationality(fr):
    m = find(fr("Le ministre russe de la Défense a parlé."), "ministre")
    assert m.text == "ministre russe de la Défense"
    assert m.kind == "role"
    assert m.country == "RUS"
    assert set(m.sectors) == {"GOV", "MIL"}


def test_role_without_a_named_person_is_the_office_holder_at_the_date(fr):
    sentence = "Le ministre russe de la Défense a parlé."
    assert find(fr(sentence), "ministre").actor_id == "PER:andrei-belousov"
    assert find(fr(sentence, as_of=date(2019, 3, 1)), "ministre").actor_id == "PER:sergei-shoigu"


def test_roles_with_trailing_nationality_and_complement(fr):
    ms = fr("L'armée ukrainienne et le gouvernement de la Russie négocient.")
    army = find(ms, "armée")
    assert (army.text, army.country, army.sectors) == ("armée ukrainienne", "UKR", ("MIL",))
    government = find(ms, "gouvernement")
    assert (government.country, government.sectors) == ("RUS", ("GOV",))
    assert find(ms, "Russie").kind == "country"  # the complement stays a mention of its own


def test_english_roles_with_nationality_before(en):
    ms = en("Russian troops and U.S. soldiers met Russia's foreign minister.")
    troops = find(ms, "troops")
    assert (troops.text, troops.country, troops.sectors) == ("Russian troops", "RUS", ("MIL",))
    assert find(ms, "soldiers").country == "USA"
    minister = find(ms, "foreign minister")
    assert minister.country == "RUS"
    assert minister.actor_id == "PER:sergey-lavrov"


def test_role_with_no_nationality_has_no_country(fr):
    m = find(fr("Les forces armées alliées avancent."), "forces armées")
    assert (m.country, m.actor_id, m.sectors) == (None, None, ("MIL",))


# ---------------------------------------------------------------- persons


def test_apposed_person_and_role_are_linked(fr):
    ms = fr("Le ministre russe de la Défense, Andreï Belousov, a parlé.")
    role, person = find(ms, "ministre"), find(ms, "Belousov")
    assert role.actor_id == person.actor_id == "PER:andrei-belousov"
    assert person.country == "RUS"
    assert set(person.sectors) == {"GOV", "MIL"}


def test_person_then_role_and_english_title(fr, en):
    ms = fr("Sergueï Lavrov, ministre des Affaires étrangères, a répondu.")
    assert find(ms, "ministre").actor_id == "PER:sergey-lavrov"
    ms = en("Russian Defence Minister Andrei Belousov spoke.")
    assert find(ms, "Defence Minister").actor_id == "PER:andrei-belousov"
    assert find(ms, "Andrei Belousov").country == "RUS"


def test_person_roles_depend_on_the_date(fr):
    then = find(fr("Andreï Belousov a parlé.", as_of=date(2022, 6, 1)), "Belousov")
    assert then.sectors == ("GOV",)
    now = find(fr("Andreï Belousov a parlé."), "Belousov")
    assert set(now.sectors) == {"GOV", "MIL"}


def test_official_of_an_organisation_acts_for_it(fr):
    ms = fr("Le secrétaire général de l'OTAN, Mark Rutte, a répondu.")
    assert find(ms, "Mark Rutte").country == "NATO"
    assert find(ms, "secrétaire général").actor_id == "PER:mark-rutte"


def test_surname_coreference(fr):
    ms = fr("Viktor Khrenine est arrivé. Plus tard, Khrenine a signé.")
    assert find(ms, "Khrenine", nth=1).actor_id == "PER:viktor-khrenin"
    assert find(ms, "Khrenine", nth=1).text == "Khrenine"


def test_role_coreference_picks_the_last_compatible_person(fr):
    text = (
        "Vladimir Poutine a reçu Andreï Belousov, ministre de la Défense. "
        "Le ministre a ensuite parlé. Le président a conclu."
    )
    ms = fr(text)
    assert find(ms, "ministre", nth=1).actor_id == "PER:andrei-belousov"
    assert find(ms, "président").actor_id == "PER:vladimir-putin"


def test_role_coreference_needs_a_prior_person(fr):
    m = find(fr("Le ministre a parlé."), "ministre")
    assert m.actor_id is None
    assert m.country is None


def test_unknown_person_stays_unknown_but_takes_the_stated_nationality(fr):
    ms = fr("La ministre de la Défense de la France, Jeanne Martin, a parlé.")
    person = find(ms, "Jeanne Martin")
    assert person.kind == "person"
    assert person.actor_id is None
    assert person.country == "FRA"


def test_unknown_organisation_is_not_guessed(fr):
    ms = fr("La Banque de France a publié une note.")
    assert all(m.actor_id != "FRA" for m in ms)


# ---------------------------------------------------------------- organisations and blocs


def test_alliance_needs_nato_named_first(fr):
    assert absent(fr("L'Alliance a renforcé ses positions."), "Alliance") or all(
        m.actor_id is None for m in fr("L'Alliance a renforcé ses positions.")
    )
    ms = fr("L'OTAN se réunit. L'Alliance a renforcé ses positions.")
    assert find(ms, "Alliance").actor_id == "NATO"


def test_alliance_atlantique_is_nato_without_prior_mention(fr):
    assert find(fr("L'Alliance atlantique se réunit."), "Alliance").actor_id == "NATO"


def test_the_west_is_a_bloc(fr, en):
    m = find(fr("Il accuse l'Occident."), "Occident")
    assert (m.kind, m.actor_id, m.country) == ("bloc", "WEST", None)
    assert find(en("He blamed the West."), "West").actor_id == "WEST"
    ms = en("Settlers in the West Bank protested.")
    assert find(ms, "West Bank").actor_id == "PSE"


def test_regions_are_not_states(fr):
    ms = fr("Les pays d'Amérique latine se réunissent.")
    assert all(m.actor_id != "USA" for m in ms)


# ---------------------------------------------------------------- the reference-style paragraph


def test_french_paragraph_in_the_reference_style(fr):
    text = (FIXTURES / "paragraph_fr.txt").read_text(encoding="utf-8")
    ms = fr(text)
    assert find(ms, "Moscou").actor_id == "RUS"
    assert all(m.actor_id == "NATO" for m in ms if "OTAN" in m.text)
    assert find(ms, "Alliance").actor_id == "NATO"
    belousov = [m for m in ms if "Belousov" in m.text]
    assert len(belousov) == 2
    assert {m.actor_id for m in belousov} == {"PER:andrei-belousov"}
    ministers = [m for m in ms if m.text.startswith("ministre")]
    assert len(ministers) == 3
    for m in ministers:
        assert m.actor_id == "PER:andrei-belousov"
        assert m.country == "RUS"
        assert set(m.sectors) >= {"GOV", "MIL"}
    assert find(ms, "États-Unis").actor_id == "USA"
    assert find(ms, "Washington").actor_id == "USA"
    assert find(ms, "Biélorussie").actor_id == "BLR"
    assert find(ms, "Minsk").actor_id == "BLR"
    assert find(ms, "biélorusses").country == "BLR"
    assert find(ms, "biélorusses", nth=1).country == "BLR"
    assert find(ms, "Occident").actor_id == "WEST"
    assert find(ms, "Khrenine").actor_id == "PER:viktor-khrenin"
    assert all(m.actor_id is None for m in ms if "Dumont" in m.text)


# ---------------------------------------------------------------- spaCy component


def test_component_stores_mentions_on_the_doc():
    nlp = spacy.blank("fr")
    nlp.add_pipe(COMPONENT_NAME, config={"as_of": "2019-03-01"})
    doc = nlp("Le ministre russe de la Défense est à Minsk.")
    mentions = doc._.veille_mentions
    assert find(mentions, "ministre").actor_id == "PER:sergei-shoigu"
    doc = nlp.make_doc("Le ministre russe de la Défense.")
    doc._.veille_as_of = AS_OF
    assert find(nlp.get_pipe(COMPONENT_NAME)(doc)._.veille_mentions, "ministre").actor_id == (
        "PER:andrei-belousov"
    )


def test_component_with_a_user_file():
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT_NAME, config={"extra_files": [str(FIXTURES / "user_actors.yaml")]})
    doc = nlp("The Wagner Group moved north.")
    m = find(doc._.veille_mentions, "Wagner Group")
    assert (m.actor_id, m.kind) == ("WAGNER", "organisation")


def test_empty_and_whitespace_documents(fr):
    assert fr("") == ()
    assert fr("   \n ") == ()


def test_allied_forces_are_nato_only_once_nato_is_named(fr):
    named = fr("L'OTAN renforce son flanc est. Les forces armées alliées avancent.")
    assert find(named, "forces armées alliées").actor_id == "NATO"
    alone = fr("Les forces alliées avancent.")
    m = find(alone, "forces alliées")
    assert (m.actor_id, m.country) == (None, None)


def test_more_capitals_are_metonyms(fr, en):
    assert find(fr("Lisbonne a protesté auprès de Bucarest."), "Lisbonne").country == "PRT"
    assert find(en("Lisbon protested to Bucharest."), "Bucharest").country == "ROU"
