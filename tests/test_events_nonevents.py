"""Sentences that tell no political event code none; the same words in a political act still code.

The kinds of non-event were counted on the real-news TRAIN split
(``eval/real/gold/train``, issue 17): accidents and disasters, private
crime, sport, culture, business and markets, fixed phrases holding a trigger
word. Every sentence here is our own, written for the test. Each test runs
the whole pipeline (``veille.process_text``) as a user would.
"""

from __future__ import annotations

import pytest

from veille.engine import process_text
from veille.events.lexicon import load_lexicon
from veille.records import Event


def coded(text: str, language: str) -> list[Event]:
    """The events the full pipeline codes in ``text`` (commentary left out, as scored)."""
    events = process_text(text, language=language).events
    return [e for e in events if e.section_kind != "commentary"]


def types(text: str, language: str) -> list[str]:
    return [e.event_type for e in coded(text, language)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # accidents and disasters: a fire, an explosion or a crush acts, nobody does
        ("A fire at a textile factory in Dhaka, Bangladesh, kills twelve workers.", "en"),
        ("An explosion at a chemical plant in Tianjin, China, kills seven workers.", "en"),
        (
            "A crowd crush at a religious gathering in Uttar Pradesh, India, kills 14 pilgrims.",
            "en",
        ),
        ("Heavy rainfall in Kerala, India, triggers floods, killing nine people.", "en"),
        # "and 30 injured": the count is who was hurt, not who hurt them
        (
            "Eleven people are killed and 30 injured after a bus plunged into a river near "
            "Pokhara, Nepal.",
            "en",
        ),
        ("Three people are killed and six more wounded in an explosion at a warehouse.", "en"),
        # an act said to be an accident
        (
            "A boy accidentally detonates a grenade he found near his school, injuring three "
            "classmates.",
            "en",
        ),
    ],
)
def test_accidents_and_disasters_code_no_event(text: str, language: str) -> None:
    assert types(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Four people are killed in a shooting during a family dispute in a village in "
            "Punjab, Pakistan.",
            "en",
        ),
        ("Un homme a été tué lors d'un cambriolage qui a mal tourné à Valence.", "fr"),
        # harm with no actor and no word of public life or armed violence
        ("Le couple avait été agressé dans sa maison de campagne.", "fr"),
        # one unnamed person harmed in a town: the town's state names no attacker
        ("Un homme a été tué jeudi soir devant une boulangerie de Chambéry.", "fr"),
        ("Une femme a été agressée dimanche dans son appartement à Nantes.", "fr"),
    ],
)
def test_private_crime_codes_no_event(text: str, language: str) -> None:
    assert types(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The coach said his striker attacked well in the second half of the match.", "en"),
        ("After signing a two-year contract with the club, the free agent thanked the fans.", "en"),
        # the sport word is in another clause than the trigger, and no actor is named
        ("Rembi domine la petite finale mais ne pousse pas ses attaques.", "fr"),
        # a word of ban or pressure in a race, with nobody named on either side
        ("Le tempo agressif qu'elles imposent leur permet de recoller au peloton de tête.", "fr"),
    ],
)
def test_sport_codes_no_event(text: str, language: str) -> None:
    assert types(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The paintings were donated to the museum by the artist's widow.", "en"),
        ("Le festival de théâtre vous invite à une soirée de danse.", "fr"),
    ],
)
def test_culture_codes_no_event(text: str, language: str) -> None:
    assert types(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Shares of the carmaker fell after investors rejected the merger plan.", "en"),
        ("Le rachat de la start-up par le groupe a été rejeté par les actionnaires.", "fr"),
    ],
)
def test_business_and_markets_code_no_event(text: str, language: str) -> None:
    assert types(text, language) == []


@pytest.mark.parametrize(
    "text",
    [
        "Les astronomes ont observé la comète à l'aide d'un télescope américain.",
        "Le trafiquant faisait passer la drogue à l'aide de complices installés au Canada.",
    ],
)
def test_a_fixed_phrase_holding_a_trigger_word_codes_no_event(text: str) -> None:
    assert types(text, "fr") == []


@pytest.mark.parametrize(
    "text",
    [
        # an armed attacker is a sign of armed violence (codebook 3.4), named or not
        "Un homme armé d'une hache a blessé quatre passagers dans un tramway de Grenoble.",
        # a public building attacked
        "Un individu a tiré sur la façade du commissariat de Roubaix dans la nuit.",
    ],
)
def test_harm_by_an_armed_man_or_at_a_public_building_is_no_private_crime(text: str) -> None:
    assert "ASSAULT" in types(text, "fr")


def test_a_person_hurt_after_an_attack_told_earlier_is_its_victim() -> None:
    # the article told an armed attack first: the man hurt next is no private crime
    text = (
        "Des hommes armés ont attaqué un poste de police à Kidal mardi soir. "
        "Un homme aurait également été blessé."
    )
    assert "blessé" in [e.trigger.text for e in coded(text, "fr")]


# ------------------------------------- the same words in a political act still code
@pytest.mark.parametrize(
    ("text", "language", "wanted"),
    [
        # armed men at a football club: the club is where, not what
        ("Gunmen attacked the team bus of a football club in Mosul.", "en", "ASSAULT"),
        # "bleus" of peacekeepers, not of the national team
        (
            "Les casques bleus de l'ONU ont été attaqués par des rebelles près de Bunia.",
            "fr",
            "ASSAULT",
        ),
        # the police act after a match
        ("Police arrested five fans after the match in Marseille.", "en", "COERCE"),
        # an army that strikes by mistake still strikes
        ("Israeli troops accidentally shot two aid workers near Rafah.", "en", "ASSAULT"),
        # soldiers attacking a shop: no private crime
        ("Des militaires ont attaqué un bureau de change à Abidjan.", "fr", "ASSAULT"),
        # gendarmes threatening: public life
        ("Les gendarmes ont menacé d'évacuer le campement des manifestants.", "fr", "THREATEN"),
        # a state banning a film: culture acted on by a state
        ("The government banned the film for insulting the army.", "en", "COERCE"),
        # a ban on a team names who is banned
        ("La Russie a été interdite de Jeux olympiques par le CIO.", "fr", "COERCE"),
        # a count that names who it counts can act
        ("Two of the gunmen killed a guard at the gate.", "en", "ASSAULT"),
        # "aide" that is aid, not "à l'aide de"
        ("La France a accordé une aide de dix millions d'euros au Niger.", "fr", "AID"),
    ],
)
def test_a_political_act_with_the_same_words_still_codes(
    text: str, language: str, wanted: str
) -> None:
    assert wanted in types(text, language)


def test_every_language_has_the_word_classes_of_the_non_event_steps() -> None:
    for language in ("en", "fr"):
        lexicon = load_lexicon(language)
        for kind in ("sport", "culture", "market", "private", "public", "disaster", "idiom"):
            assert lexicon.cue(kind), (language, kind)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("A minefield explosion near the border killed two farmers on Sunday.", "en"),
        ("Une explosion dans un champ de mines a tué deux bergers près de la frontière.", "fr"),
    ],
)
def test_a_mine_explosion_is_violence_not_an_accident(text: str, language: str) -> None:
    assert "ASSAULT" in types(text, language)
