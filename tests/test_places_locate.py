"""Event location and lead/background, through the whole pipeline on our own sentences."""

from __future__ import annotations

from dataclasses import replace

import pytest

from veille.engine import process_text
from veille.evaluation.events import evaluate
from veille.records import ArticleResult, Event
from veille.settings import Settings

AS_OF = "2026-11-24"


def run(text: str, language: str, settings: Settings | None = None) -> ArticleResult:
    return process_text(text, language=language, as_of=AS_OF, settings=settings)


def event(result: ArticleResult, trigger: str) -> Event:
    hits = [e for e in result.events if e.trigger.text == trigger]
    assert hits, f"no event on {trigger!r} in {[e.trigger.text for e in result.events]}"
    return hits[0]


# ------------------------------------------------------------ stated places


def test_a_city_after_a_locative_preposition_fr():
    text = "Des manifestants ont protesté à Minsk contre le gouvernement."
    result = run(text, "fr")
    loc = event(result, "protesté").location
    assert loc is not None
    assert (loc.place_id, loc.precision, loc.country, loc.inferred) == (
        "G:625144",
        "city",
        "BLR",
        False,
    )
    assert text[loc.start : loc.end] == "Minsk"
    assert loc.lat == pytest.approx(53.9, abs=0.1)


def test_a_town_behind_a_feature_noun_en():
    text = "A roadside bombing near the town of Samarra on Sunday killed one soldier."
    loc = event(run(text, "en"), "killed").location
    assert loc is not None
    assert (loc.country, loc.precision) == ("IRQ", "city")
    assert text[loc.start : loc.end] == "Samarra"


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        # feature nouns the French parser reads as lemmas: "hauteurs" → "hauteur"
        (
            "Les soldats ont bombardé des positions sur les hauteurs de Kaboul.",
            "bombardé",
            "Kaboul",
        ),
        ("Des militants ont été arrêtés à l'entrée de Smara.", "arrêtés", "Smara"),
        # "près d'une colonie": the adverb hangs on the noun, not the noun on the adverb
        (
            "Des hommes armés ont ouvert le feu près d'une colonie des environs de Naplouse.",
            "ouvert",
            "Naplouse",
        ),
        # "centre-ville", cut in three tokens by the French tokenizer
        ("La police a dispersé les manifestants dans le centre-ville de Lyon.", "dispersé", "Lyon"),
    ],
)
def test_a_town_behind_more_feature_nouns_fr(text: str, trigger: str, place: str) -> None:
    loc = event(run(text, "fr"), trigger).location
    assert loc is not None
    assert loc.start is not None
    assert text[loc.start : loc.end] == place


def test_a_verb_joined_to_an_earlier_one_shares_its_subject_place_fr() -> None:
    # The subject's "en visite à Nantes" is where both joined acts happen.
    text = "Le ministre, en visite à Nantes, a félicité les pompiers et condamné les violences."
    result = run(text, "fr")
    for trigger in ("félicité", "condamné"):
        loc = event(result, trigger).location
        assert loc is not None, trigger
        assert loc.start is not None, trigger
        assert text[loc.start : loc.end] == "Nantes", trigger


@pytest.mark.parametrize(
    ("text", "language", "trigger", "place"),
    [
        ("Les rebelles ont bombardé Alep dans la nuit de samedi.", "fr", "bombardé", "Alep"),
        ("L'armée a lancé une offensive contre Mossoul en octobre.", "fr", "offensive", "Mossoul"),
        ("Rebels captured the town of Idlib on Sunday.", "en", "captured", "Idlib"),
        ("The army launched an attack against Aleppo.", "en", "attack", "Aleppo"),
        # the attacked town is finer than the country the clause is in
        ("En Syrie, les rebelles ont bombardé Alep samedi.", "fr", "bombardé", "Alep"),
    ],
)
def test_the_place_an_attack_is_aimed_at_is_where_it_happened(
    text: str, language: str, trigger: str, place: str
) -> None:
    loc = event(run(text, language), trigger).location
    assert loc is not None
    assert loc.start is not None
    assert text[loc.start : loc.end] == place


def test_a_place_attacked_is_not_the_unnamed_attackers_country_fr() -> None:
    # An attack nobody is named for takes the country where it happened as its
    # author when the place is a locative ("un attentat à Kaboul"), never when
    # the place is what was attacked.
    result = run("Un attentat contre Mossoul a fait dix morts.", "fr")
    attack = event(result, "attentat")
    assert attack.location is not None
    assert attack.location.name == "Mosul"
    assert not attack.source


def test_a_place_held_by_the_subject_is_not_the_attacks_place_fr() -> None:
    # "qui tiennent Raqqa" is the subject's relative clause, not the attack's patient.
    result = run("Les forces qui tiennent Raqqa ont attaqué un convoi.", "fr")
    assert event(result, "attaqué").location is None


def test_a_country_part_has_no_coordinates_fr():
    text = "La Russie a bombardé des positions dans le nord de l'Ukraine."
    loc = event(run(text, "fr"), "bombardé").location
    assert loc is not None
    assert (loc.place_id, loc.precision, loc.lat, loc.lon) == ("C:UKR", "country", None, None)


@pytest.mark.parametrize(
    ("text", "language", "trigger"),
    [
        ("Kenya and Uganda signed a trade pact in Kampala on Tuesday.", "en", "signed"),
        ("Le Kenya et l'Ouganda ont signé un accord commercial à Kampala.", "fr", "signé"),
    ],
)
def test_an_agreement_is_located_where_it_was_signed(text, language, trigger):
    loc = event(run(text, language), trigger).location
    assert loc is not None
    assert (loc.name, loc.country, loc.precision) == ("Kampala", "UGA", "city")


def test_what_an_agreement_is_about_is_not_where_it_was_signed_fr():
    text = "Le Kenya et l'Ouganda ont signé un accord sur le déploiement de soldats en Somalie."
    assert event(run(text, "fr"), "signé").location is None


@pytest.mark.parametrize(
    ("text", "language", "trigger", "city"),
    [
        ("Protesters marched through central Nairobi on Friday.", "en", "marched", "Nairobi"),
        (
            "Des milliers de personnes ont manifesté dans les rues de Tunis.",
            "fr",
            "manifesté",
            "Tunis",
        ),
    ],
)
def test_a_capital_in_a_locative_phrase_is_a_place(text, language, trigger, city):
    # A capital alone may stand for its government; behind an adjective or a
    # feature noun of a locative phrase it is the town.
    loc = event(run(text, language), trigger).location
    assert loc is not None
    assert (loc.name, loc.precision) == (city, "city")


def test_near_a_town_is_where_the_act_happened_fr():
    # The parser hangs "Manama" on the adverb "près": the place is still governed.
    loc = event(
        run("Des affrontements ont eu lieu près de Manama.", "fr"), "affrontements"
    ).location
    assert loc is not None
    assert (loc.name, loc.country) == ("Manama", "BHR")


@pytest.mark.parametrize(
    ("text", "trigger", "town"),
    [
        (
            "Au matin, à La Saulce (Hautes-Alpes), les gendarmes ont expulsé les manifestants.",
            "expulsé",
            "Saulce",
        ),
        (
            "Les gendarmes ont expulsé les manifestants à Romagny (Manche, France).",
            "expulsé",
            "Romagny",
        ),
    ],
)
def test_a_town_unknown_to_the_gazetteer_is_placed_by_its_parenthesis_fr(text, trigger, town):
    # A French département (or a country) in parentheses places the town before
    # it, and the town, finer than what placed it, is where the act happened.
    loc = event(run(text, "fr"), trigger).location
    assert loc is not None
    assert (loc.name, loc.country, loc.precision) == (town, "FRA", "unknown")


def test_a_french_departement_is_a_region_of_france():
    result = run("Des manifestants ont bloqué une route dans le Finistère.", "fr")
    loc = event(result, "bloqué").location
    assert loc is not None
    assert (loc.name, loc.country, loc.precision) == ("Finistère", "FRA", "region")


def test_an_actor_is_not_the_location():
    assert event(run("La Russie a accusé l'OTAN de provocations.", "fr"), "accusé").location is None
    assert event(run("Russia accused NATO of provocations.", "en"), "accused").location is None


def test_not_every_place_of_the_sentence_fr():
    # The concern is about a posture in eastern Europe; nothing says where it was voiced.
    text = (
        "Le ministre a dénoncé la présence de forces de l'OTAN à proximité des frontières "
        "russes et à l'Est de l'Europe."
    )
    assert event(run(text, "fr"), "dénoncé").location is None


def test_near_a_country_is_not_in_it_en():
    assert (
        event(run("NATO deployed troops near Russia on Monday.", "en"), "deployed").location is None
    )
    town = event(run("NATO deployed troops near the town of Narva.", "en"), "deployed").location
    assert (town.name, town.country) == ("Narva", "EST")


def test_several_events_of_one_article_in_different_countries_fr():
    text = (
        "Des soldats maliens ont attaqué un village au Mali. "
        "Des manifestants ont protesté à Kyïv contre le gouvernement ukrainien."
    )
    result = run(text, "fr")
    assert event(result, "attaqué").location.country == "MLI"
    kyiv = event(result, "protesté").location
    assert (kyiv.name, kyiv.country, kyiv.inferred) == ("Kyiv", "UKR", False)
    assert {p.country for p in result.places} >= {"MLI", "UKR"}


def test_a_motion_verb_takes_its_destination_en():
    text = "U.S. and Russian negotiators return to Geneva this week for talks."
    loc = event(run(text, "en"), "return").location
    assert (loc.place_id, loc.country) == ("G:2660646", "CHE")  # not Geneva, Illinois


def test_a_recipient_is_not_a_place_fr():
    assert event(run("L'Allemagne a livré des armes à l'Ukraine.", "fr"), "livré").location is None


def test_a_purpose_clause_happens_where_its_verb_does_fr():
    text = (
        "Les ministres de l'UE se réuniront lundi à Bruxelles pour discuter de l'aide à l'Ukraine."
    )
    result = run(text, "fr")
    located = [e.location for e in result.events if e.location is not None]
    assert located
    assert {loc.place_id for loc in located} == {"G:2800866"}  # Brussels, never Ukraine


def test_a_seat_used_as_a_place_en():
    loc = event(run("EU foreign ministers will meet in Brussels on Monday.", "en"), "meet").location
    assert (loc.name, loc.country) == ("Brussels", "BEL")


# ---------------------------------------------------------- inferred places


def test_the_dateline_gives_an_inferred_location_fr():
    text = "MOSCOU, 22 nov. (AFP) - La Russie a dénoncé les exercices de l'OTAN."
    loc = event(run(text, "fr"), "dénoncé").location
    assert loc is not None
    assert (loc.place_id, loc.inferred, loc.start, loc.end) == ("G:524901", True, None, None)


def test_the_dateline_gives_an_inferred_location_en():
    text = "KYIV (Reuters) - Russia accused NATO of provocations on Monday."
    loc = event(run(text, "en"), "accused").location
    assert (loc.place_id, loc.inferred) == ("G:703448", True)


def test_a_stated_place_beats_the_dateline_en():
    text = "KYIV (Reuters) - Police arrested dozens of protesters in Minsk on Sunday."
    loc = event(run(text, "en"), "arrested").location
    assert (loc.name, loc.inferred) == ("Minsk", False)


def test_a_domestic_event_takes_its_country_fr():
    loc = event(run("La police russe a arrêté des opposants russes.", "fr"), "arrêté").location
    assert loc is not None
    assert (loc.place_id, loc.precision, loc.inferred, loc.lat) == ("C:RUS", "country", True, None)


def test_no_location_is_invented_for_an_event_between_states_en():
    assert event(run("Russia accused Ukraine of shelling.", "en"), "accused").location is None


# -------------------------------------------------------------- salience


def test_a_past_year_is_background_fr():
    result = run("En 2022, la Russie a envahi l'Ukraine.", "fr")
    assert event(result, "envahi").salience == "background"


def test_last_year_is_background_en():
    result = run("Last year, Russia attacked Ukraine.", "en")
    assert event(result, "attacked").salience == "background"


def test_a_stated_old_date_is_background_fr():
    result = run("Le 3 mars 2022, la Russie a bombardé Kharkiv.", "fr")
    assert event(result, "bombardé").salience == "background"


def test_recalled_context_is_background_and_the_news_is_lead():
    fr = run("Depuis l'invasion de l'Ukraine par la Russie, les prix ont fortement augmenté.", "fr")
    assert event(fr, "invasion").salience == "background"
    en = run("The minister recalled that Russia signed an agreement with Belarus.", "en")
    assert event(en, "signed").salience == "background"


def test_the_main_event_amid_a_war_is_lead_en():
    result = run("Amid the war in Ukraine, NATO troops held exercises in Poland.", "en")
    exercises = event(result, "exercises")
    assert exercises.salience == "lead"
    assert exercises.location.country == "POL"


def test_a_new_event_is_lead_fr():
    result = run("La Russie a signé hier un accord avec la Biélorussie.", "fr")
    assert event(result, "signé").salience == "lead"


# ---------------------------------------------------------------- setting


def test_places_can_be_turned_off():
    text = (
        "Des manifestants ont protesté à Minsk contre le gouvernement. "
        "En 2022, la Russie a envahi l'Ukraine."
    )
    off = run(text, "fr", replace(Settings.from_env(), places=False))
    assert off.places == ()
    assert all(e.location is None for e in off.events)
    assert event(off, "envahi").salience == "background"  # salience does not need places
    on = run(text, "fr")
    assert on.places
    assert event(on, "protesté").location is not None


def test_the_setting_reads_on_and_off():
    assert Settings.from_env({"VEILLE_PLACES": "off"}).places is False
    assert Settings.from_env({"VEILLE_PLACES": "on"}).places is True


# ------------------------------------------------------------- evaluation


def test_place_accuracy_of_veille_eval():
    records = [
        {  # right city; "town of" is a generic word
            "text": "Police arrested dozens of protesters in Minsk on Sunday.",
            "language": "en",
            "event_type": "COERCE",
            "event_loc": {"name": "town of Minsk", "country code": "BY"},
        },
        {  # right name, wrong country in the gold: counted wrong
            "text": "Police arrested dozens of protesters in Minsk on Sunday.",
            "language": "en",
            "event_type": "COERCE",
            "event_loc": {"name": "Minsk", "country code": "US"},
        },
        {  # no location found: wrong
            "text": "Russia accused NATO of provocations.",
            "language": "en",
            "event_type": "ACCUSE",
            "event_loc": {"name": "Moscow"},
        },
        {  # no event_loc: not scored
            "text": "Russia accused NATO of provocations.",
            "language": "en",
            "event_type": "ACCUSE",
        },
    ]

    def runner(text, language, when):
        return process_text(text, language=language, as_of=when or AS_OF).events

    report = evaluate(records, runner)
    assert report.n_places == 3
    assert report.place_accuracy == pytest.approx(1 / 3)
    assert report.to_json()["place_accuracy"] == pytest.approx(0.3333, abs=1e-4)


# ------------------------------------------------- unclaimed acts and their place


@pytest.mark.parametrize(
    ("text", "language", "trigger", "code"),
    [
        ("A car bomb killed four soldiers near Mogadishu on Friday.", "en", "killed", "SOM"),
        # "Des milliers de personnes": people in general are a CVL side of their place
        # (roles.tsv), so the protest is theirs; here nobody is named.
        ("Des milliers ont manifesté dans les rues de Tunis.", "fr", "manifesté", "TUN"),
    ],
)
def test_an_unclaimed_attack_or_protest_is_coded_by_its_place(text, language, trigger, code):
    found = event(run(text, language), trigger)
    assert [a.code for a in found.source] == [code]
    [actor] = found.source
    # The actor's evidence is the place's words.
    assert text[actor.start : actor.end] == actor.text
    assert found.location is not None
    assert found.location.start == actor.start


def test_a_named_attacker_is_kept_and_an_unplaced_attack_gets_no_source():
    named = event(run("Russian missiles struck a depot near Lviv.", "en"), "struck")
    assert [a.code for a in named.source] == ["RUS"]
    unplaced = event(run("A car bomb killed four soldiers on Friday.", "en"), "killed")
    assert unplaced.source == ()
