"""Organisation names that hold a place's words, and anaphors of organisations (issue 18).

Our own French and English sentences: "l'Union" is the EU (never El Salvador's
La Unión), "State of the Union" names no actor and no place, "l'Alliance" is
the alliance named last, a seat of government used as a place is in its capital.
"""

from __future__ import annotations

from datetime import date

import pytest

from veille.actors import get_resolver
from veille.nlp import load_pipeline
from veille.places import get_place_resolver
from veille.records import Mention, PlaceMention

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def nlp_fr():
    return load_pipeline("fr")


@pytest.fixture(scope="module")
def nlp_en():
    return load_pipeline("en")


def _run(nlp, lang: str, text: str) -> tuple[tuple[Mention, ...], tuple[PlaceMention, ...]]:
    doc = nlp(text)
    mentions = get_resolver(lang).resolve_mentions(doc, as_of=AS_OF)
    return mentions, get_place_resolver(lang).resolve_places(doc, mentions)


@pytest.fixture(scope="module")
def fr(nlp_fr):
    return lambda text: _run(nlp_fr, "fr", text)


@pytest.fixture(scope="module")
def en(nlp_en):
    return lambda text: _run(nlp_en, "en", text)


def mention(mentions: tuple[Mention, ...], text: str, nth: int = 0) -> Mention:
    hits = [m for m in mentions if m.text == text]
    assert len(hits) > nth, f"no mention {text!r} in {[m.text for m in mentions]}"
    return hits[nth]


def no_place_in(places: tuple[PlaceMention, ...], *countries: str) -> bool:
    return all(p.country not in countries for p in places)


# ------------------------------------------------------------------ l'Union


def test_l_union_after_the_twenty_seven_is_the_eu_fr(fr):
    mentions, places = fr(
        "Les ministres des Vingt-Sept se sont réunis lundi. "
        "L'Union a adopté un nouveau paquet de sanctions contre Moscou."
    )
    union = mention(mentions, "Union")
    assert (union.kind, union.actor_id) == ("organisation", "EU")
    assert no_place_in(places, "SLV", "USA")
    assert all(p.text != "Union" for p in places)


def test_dans_l_union_is_no_place_fr(fr):
    mentions, places = fr(
        "La Commission européenne a présenté son budget. "
        "Dans l'Union, la croissance ralentit depuis l'été."
    )
    assert mention(mentions, "Union").actor_id == "EU"  # the Commission is part of the EU
    assert all(p.text != "Union" for p in places)
    assert no_place_in(places, "SLV", "USA")


def test_l_union_named_by_no_european_actor_is_still_no_place_fr(fr):
    mentions, places = fr("Dans l'Union, les agriculteurs bloquent les routes depuis mardi.")
    assert all(m.actor_id is None for m in mentions if m.text == "Union")
    assert all(p.text != "Union" for p in places)


def test_state_of_the_union_is_neither_the_eu_nor_a_place_en(en):
    mentions, places = en(
        "The European Union imposed new tariffs on Monday. "
        "In his State of the Union address, the president attacked Iran."
    )
    assert all(m.actor_id != "EU" for m in mentions if "Union" in m.text and m.start > 50)
    assert no_place_in(places, "SLV")
    assert all("Union" not in p.text for p in places)


def test_etat_de_l_union_is_neither_the_eu_nor_a_place_fr(fr):
    mentions, places = fr(
        "L'UE a sanctionné trois entreprises. "
        "Dans son discours sur l'état de l'Union, la présidente a défendu ces mesures."
    )
    assert [m.actor_id for m in mentions if m.actor_id == "EU"] == ["EU"]  # only "UE"
    assert no_place_in(places, "SLV")
    assert all("Union" not in p.text for p in places)


def test_union_des_comores_is_the_state_not_the_eu_fr(fr):
    mentions, _ = fr("L'UE a reçu lundi le président de l'Union des Comores.")
    assert mention(mentions, "Union des Comores").actor_id == "COM"


def test_the_union_after_the_eu_is_the_eu_en(en):
    mentions, _ = en("The EU met in Brussels on Monday. The Union said it would act.")
    assert mention(mentions, "Union").actor_id == "EU"


# --------------------------------------------------------------- l'Alliance


def test_l_alliance_inside_a_longer_entity_is_nato_fr(fr):
    # The French model tags "Alliance aux portes de la Biélorussie" as one organisation.
    mentions, _ = fr(
        "L'OTAN a déployé des avions en Pologne. "
        "Moscou dénonce les manœuvres de l'Alliance aux portes de la Biélorussie."
    )
    alliance = mention(mentions, "Alliance")
    assert (alliance.kind, alliance.actor_id) == ("organisation", "NATO")
    assert mention(mentions, "Biélorussie").actor_id == "BLR"


def test_l_alliance_is_the_alliance_named_last_fr(fr):
    mentions, _ = fr(
        "L'OTAN a tenu un sommet à Vilnius. "
        "Le Mali, le Niger et le Burkina Faso ont fondé l'Alliance des États du Sahel. "
        "L'Alliance a annoncé une force commune."
    )
    assert mention(mentions, "Alliance").actor_id == "AES"


def test_the_alliance_after_nato_is_nato_en(en):
    mentions, _ = en("NATO ministers met in Brussels. The Alliance agreed to send more jets.")
    assert mention(mentions, "Alliance").actor_id == "NATO"


# ------------------------------------------------------ seats of government


def test_la_maison_blanche_as_actor_is_the_us_government_fr(fr):
    mentions, _ = fr("La Maison Blanche a démenti toute négociation avec Téhéran.")
    house = mention(mentions, "Maison Blanche")
    assert (house.kind, house.country, house.sectors) == ("capital", "USA", ("GOV",))


def test_a_la_maison_blanche_is_in_washington_fr(fr):
    _, places = fr("Le président ukrainien a été reçu à la Maison Blanche lundi.")
    house = [p for p in places if p.text == "Maison Blanche"]
    assert [(p.place_id, p.country) for p in house] == [("G:4140963", "USA")]


def test_at_the_white_house_is_in_washington_en(en):
    _, places = en("The Ukrainian president was received at the White House on Monday.")
    house = [p for p in places if p.text == "White House"]
    assert [(p.place_id, p.country) for p in house] == [("G:4140963", "USA")]


def test_au_kremlin_is_in_moscow_fr(fr):
    _, places = fr("Le chancelier s'est rendu au Kremlin mardi.")
    assert [p.place_id for p in places if p.text == "Kremlin"] == ["G:524901"]


# ------------------------------------------------------------ armed forces


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("L'armée russe a bombardé Kharkiv dans la nuit.", "armée russe"),
        ("Selon l'Armée russe, deux villages ont été pris.", "Armée russe"),
        ("Les forces russes ont avancé près de Pokrovsk.", "forces russes"),
    ],
)
def test_russian_armed_forces_fr(fr, sentence, words):
    mentions, _ = fr(sentence)
    forces = mention(mentions, words)
    assert (forces.country, forces.sectors) == ("RUS", ("MIL",))


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("Russian forces shelled Kharkiv overnight.", "Russian forces"),
        ("The Russian army took two villages, officials said.", "Russian army"),
    ],
)
def test_russian_armed_forces_en(en, sentence, words):
    mentions, _ = en(sentence)
    forces = mention(mentions, words)
    assert (forces.country, forces.sectors) == ("RUS", ("MIL",))
