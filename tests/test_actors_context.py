"""Resolver: groups named without their state, officials of organisations, names in names.

Sentences written for these tests (not in any gold file), one construction
per test, in French and English where the construction exists in both.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from veille.actors import get_resolver
from veille.nlp import load_pipeline
from veille.records import Mention

AS_OF = date(2026, 3, 12)


@pytest.fixture(scope="module")
def nlp_fr() -> Language:
    return load_pipeline("fr")


@pytest.fixture(scope="module")
def nlp_en() -> Language:
    return load_pipeline("en")


def resolve(nlp: Language, text: str) -> tuple[Mention, ...]:
    return get_resolver(str(nlp.lang)).resolve_mentions(nlp(text), as_of=AS_OF)


def find(mentions: tuple[Mention, ...], text: str) -> Mention:
    hits = [m for m in mentions if text in m.text]
    assert hits, f"no mention containing {text!r} in {[m.text for m in mentions]}"
    return hits[0]


def last(mentions: tuple[Mention, ...], text: str) -> Mention:
    hits = [m for m in mentions if text in m.text]
    assert hits, f"no mention containing {text!r} in {[m.text for m in mentions]}"
    return hits[-1]


def code(m: Mention) -> str | None:
    return m.country or m.actor_id


# ------------------------------------------------------- groups and their state
@pytest.mark.parametrize(
    ("language", "text", "group", "expected"),
    [
        ("fr", "La police de Minsk a interpellé des opposants.", "police", "BLR"),
        ("en", "Police in Minsk detained opposition activists.", "Police", "BLR"),
        ("fr", "Les rebelles en Côte d'Ivoire ont bloqué la route.", "rebelles", "CIV"),
        ("en", "Rebels in the Ivory Coast blocked the road.", "Rebels", "CIV"),
    ],
)
def test_group_takes_the_place_written_after_it(
    language: str, text: str, group: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert code(find(mentions, group)) == expected


@pytest.mark.parametrize(
    ("language", "text", "group", "expected"),
    [
        (
            "fr",
            "La police égyptienne a dispersé des manifestants devant le Parlement.",
            "manifestants",
            "EGY",
        ),
        ("en", "Egyptian police dispersed protesters outside parliament.", "protesters", "EGY"),
    ],
)
def test_group_takes_the_state_named_before_it_in_the_sentence(
    language: str, text: str, group: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    group_mention = find(mentions, group)
    assert code(group_mention) == expected
    assert group_mention.confidence <= 0.6  # read from context, not from its own words


@pytest.mark.parametrize(
    ("language", "text", "group"),
    [
        (
            "fr",
            "Le Kenya a adopté une loi de finances contestée. Le Kenya a promis des "
            "réformes. Les manifestants ont bloqué les routes.",
            "manifestants",
        ),
        (
            "en",
            "Kenya passed a contested finance bill. Kenya promised reforms. "
            "Protesters blocked the roads.",
            "Protesters",
        ),
    ],
)
def test_group_alone_in_its_sentence_takes_the_articles_main_state(
    language: str, text: str, group: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert code(find(mentions, group)) == "KEN"


def test_a_junta_is_its_countrys_military(nlp_fr: Language) -> None:
    # Codebook 7.6: a military junta acts as its country, sector MIL.
    junta = find(
        resolve(nlp_fr, "Le Niger traverse une crise. La junte a fermé la frontière."), "junte"
    )
    assert (code(junta), junta.sectors) == ("NER", ("MIL",))


@pytest.mark.parametrize(
    ("language", "text", "people", "expected"),
    [
        ("fr", "Les Albanais du sud de la Serbie réclament l'autonomie.", "Albanais", "SRB"),
        ("en", "Ethnic Albanians in south Serbia demand autonomy.", "Albanians", "SRB"),
    ],
)
def test_a_people_is_coded_by_the_state_it_lives_in(
    language: str, text: str, people: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert code(find(mentions, people)) == expected


def test_a_nationality_adjective_keeps_its_own_state(nlp_en: Language) -> None:
    mentions = resolve(nlp_en, "Albanian officials met their counterparts in Serbia.")
    assert code(find(mentions, "Albanian")) == "ALB"


def test_a_role_word_used_as_an_adjective_gets_no_state(nlp_en: Language) -> None:
    mentions = resolve(nlp_en, "Serbia condemned the naval blockade.")
    naval = [m for m in mentions if m.text == "naval"]
    assert all(m.country is None for m in naval)


@pytest.mark.parametrize(
    ("language", "text", "anaphor"),
    [
        ("fr", "Moscou dénonce la présence de forces alliées en Pologne.", "forces alliées"),
        ("en", "Moscow denounced the presence of allied forces in Poland.", "allied forces"),
    ],
)
def test_an_anaphor_of_an_unnamed_organisation_is_not_given_a_state(
    language: str, text: str, anaphor: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert find(mentions, anaphor).country is None


@pytest.mark.parametrize(
    ("language", "text", "group"),
    [
        ("fr", "Le secrétaire général a appelé la Russie au calme.", "secrétaire général"),
        ("en", "The secretary-general urged Russia to show restraint.", "secretary-general"),
    ],
)
def test_an_organisations_official_is_not_given_a_state(
    language: str, text: str, group: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert find(mentions, group).country is None


# --------------------------------------------------------------- names in names
@pytest.mark.parametrize(
    ("language", "text", "name", "expected"),
    [
        (
            "fr",
            "Le Syndicat national des enseignants kényans a appelé à la grève.",
            "Syndicat",
            "KEN",
        ),
        ("en", "The Nigerian Union of Teachers called off its strike.", "Nigerian Union", "NGA"),
    ],
)
def test_an_unknown_organisation_named_after_a_state_belongs_to_it(
    language: str, text: str, name: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    org = find(mentions, name)
    assert org.actor_id is None
    assert org.country == expected


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("fr", "Israël a lancé une offensive au Sud-Liban.", "Sud-Liban"),
        ("en", "Israel launched an offensive in South Lebanon.", "South Lebanon"),
    ],
)
def test_an_unknown_place_named_after_a_state_is_in_it(
    language: str, text: str, name: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    place = find(mentions, name)
    assert place.kind == "other"
    assert place.actor_id is None
    assert place.country == "LBN"


def test_a_sea_named_after_a_state_is_not_that_state(nlp_en: Language) -> None:
    mentions = resolve(nlp_en, "The Philippines sent patrol boats to the South China Sea.")
    assert all(m.country != "CHN" for m in mentions)


# ------------------------------------------------------ roles of organisations
@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("The U.N. war crimes court indicted the general.", "court", "UN"),
        ("Moscow denounces NATO's reinforced military presence.", "military", "NATO"),
        ("Red Cross officials suspended aid deliveries.", "officials", "ICRC"),
    ],
)
def test_an_organisation_before_a_role_word_owns_it(
    text: str, role: str, expected: str, nlp_en: Language
) -> None:
    # French writes the organisation after the role ("le tribunal de l'ONU"),
    # which the resolver already reads; this order is English only.
    assert code(find(resolve(nlp_en, text), role)) == expected


@pytest.mark.parametrize(
    ("language", "text", "person", "expected"),
    [
        (
            "fr",
            "Jean Dupont, envoyé spécial de l'ONU, a rencontré le président syrien.",
            "Jean Dupont",
            "UN",
        ),
        ("en", "They would meet U.N. mediator Diego Cordovez on Friday.", "Cordovez", "UN"),
        (
            "en",
            "Kenzo Oshima, the United Nations Emergency Relief Coordinator, visited Iraq.",
            "Oshima",
            "UN",
        ),
        (
            "en",
            "In Geneva, World Health Organization (WHO) regional director, Jane Mwangi, "
            "warned of a new outbreak.",
            "Jane Mwangi",
            "WHO",
        ),
    ],
)
def test_a_person_with_an_organisations_title_acts_for_it(
    language: str, text: str, person: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert find(mentions, person).country == expected


@pytest.mark.parametrize(
    ("language", "text", "person"),
    [
        ("en", "Former U.N. mediator Diego Cordovez met the rebels on Friday.", "Cordovez"),
        (
            "en",
            "Jane Mwangi, the former World Health Organization regional director, spoke.",
            "Jane Mwangi",
        ),
        (
            "fr",
            "Jean Dupont, ancien envoyé spécial de l'ONU, a rencontré le ministre.",
            "Jean Dupont",
        ),
    ],
)
def test_a_former_title_of_an_organisation_is_no_longer_acting_for_it(
    language: str, text: str, person: str, nlp_fr: Language, nlp_en: Language
) -> None:
    # Codebook 7.5: a former office holder is coded by what they are now.
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert find(mentions, person).country not in ("UN", "WHO")


def test_words_after_an_organisation_that_are_no_title_give_no_organisation(
    nlp_en: Language,
) -> None:
    # "in talks," opens a phrase of its own: Jane Mwangi is not the WHO's.
    text = "Kenya sought help from the WHO in talks, Jane Mwangi said."
    assert find(resolve(nlp_en, text), "Jane Mwangi").country != "WHO"


def test_a_person_with_a_national_title_keeps_their_state(nlp_en: Language) -> None:
    mentions = resolve(nlp_en, "Russian President Vladimir Putin met the UN envoy.")
    assert find(mentions, "Vladimir Putin").country == "RUS"


# ------------------------------------------------------------------ data files
@pytest.mark.parametrize(
    ("language", "text", "name", "expected"),
    [
        (
            "fr",
            "Des affrontements ont éclaté à Tripoli, grand port du nord du Liban.",
            "Tripoli",
            "LBN",
        ),
        ("en", "Militias clashed in Tripoli, the north Lebanese port.", "Tripoli", "LBN"),
        ("fr", "Des milices se sont affrontées à Tripoli, en Libye.", "Tripoli", "LBY"),
        ("en", "Militias clashed in Tripoli, the Libyan capital.", "Tripoli", "LBY"),
    ],
)
def test_tripoli_is_read_by_the_country_around_it(
    language: str, text: str, name: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert find(mentions, name).country == expected


@pytest.mark.parametrize(
    ("language", "text", "word", "expected"),
    [
        ("fr", "Le gouvernement kirghize a démenti.", "kirghize", "KGZ"),
        ("en", "The Kyrgyz government denied it.", "Kyrgyz", "KGZ"),
        ("fr", "Les importations européennes ont baissé.", "européennes", "EU"),
        ("en", "European imports fell.", "European", "EU"),
    ],
)
def test_demonyms_of_more_states_and_of_the_eu(
    language: str, text: str, word: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert code(find(mentions, word)) == expected


def test_plural_group_words_of_the_english_agent_list_are_roles(nlp_en: Language) -> None:
    # The agent list names one member ("worker", "settler"); the text names the group.
    mentions = resolve(nlp_en, "Striking workers in Serbia blocked the main roads.")
    workers = find(mentions, "workers")
    assert workers.kind == "role"
    assert "LAB" in workers.sectors
    assert workers.country == "SRB"


@pytest.mark.parametrize(
    ("language", "text", "group", "expected"),
    [
        (
            "en",
            "Kenya sent more troops. Police fired on a pro-Ukraine rally on Sunday.",
            "Police",
            "KEN",
        ),
        (
            "en",
            "Police dispersed an anti-Israel sit-in outside parliament in Madrid.",
            "Police",
            "ESP",
        ),
        (
            "fr",
            "Le Sénégal a renforcé ses contrôles. La police a dispersé une marche anti-France.",
            "police",
            "SEN",
        ),
    ],
)
def test_a_state_named_as_a_cause_gives_no_group_its_state(
    language: str, text: str, group: str, expected: str, nlp_fr: Language, nlp_en: Language
) -> None:
    # "pro-X" / "anti-X" says what a march is for or against, not whose its police are.
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert code(find(mentions, group)) == expected


# ------------------------------------------------------------- the euro area
@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("en", "Kenya held talks. The minister urged leaders of the Eurozone to act.", "leaders"),
        ("en", "Kenya held talks. Officials of the euro area met in Brussels.", "Officials"),
        (
            "fr",
            "Le Kenya a négocié. Le ministre a exhorté les dirigeants de la zone euro.",
            "dirigeants",
        ),
    ],
)
def test_the_euro_area_is_the_eu(
    language: str, text: str, word: str, nlp_fr: Language, nlp_en: Language
) -> None:
    # The euro area's leaders meet and decide as EU bodies (the Euro Summit, the
    # Eurogroup): its officials act for the EU, not for the article's state.
    mentions = resolve(nlp_fr if language == "fr" else nlp_en, text)
    assert code(find(mentions, word)) == "EU"


# ------------------------------------------- sections opened by heading lines
_DIGEST = (
    "Brief reports of the day.\n\n"
    "Kenyan court jails opposition leader\n\n"
    "A court in Nairobi jailed the leader of the opposition. Kenya's president said "
    "the verdict was fair. Kenya's lawyers will appeal.\n\n"
    "Floods hit Peru\n\n"
    "Heavy rain flooded Lima on Monday and Peru declared an emergency.\n"
    "Officials said that twenty people had died.\n"
)


def test_a_digests_brief_gives_its_groups_its_own_state(nlp_en: Language) -> None:
    # Kenya is named most in the article, Peru most in the brief on the floods.
    assert code(find(resolve(nlp_en, _DIGEST), "Officials")) == "PER"


def test_without_heading_lines_nor_paragraphs_the_article_state_decides(
    nlp_en: Language,
) -> None:
    text = _DIGEST.replace("Floods hit Peru\n\n", "").replace("\n\n", " ")
    assert code(find(resolve(nlp_en, text), "Officials")) == "KEN"


# ------------------------------------------- a paragraph that turns to another state
_TWO_FRONTS = (
    "20 mars 2024. – L'armée malienne a lancé une offensive dans le nord du Mali. "
    "Les soldats maliens ont repris Kidal. Bamako a salué cette victoire.\n\n"
    "Au Niger voisin, l'armée nigérienne a repoussé une attaque près de Niamey. "
    "Les soldats ont ensuite arrêté douze suspects.\n"
)


def test_a_paragraph_gives_its_groups_the_state_it_names_most(nlp_fr: Language) -> None:
    # Mali is named most in the article, Niger most in the paragraph of the soldiers.
    assert code(last(resolve(nlp_fr, _TWO_FRONTS), "soldats")) == "NER"


def test_a_paragraph_that_names_no_state_keeps_the_articles(nlp_fr: Language) -> None:
    text = _TWO_FRONTS.replace(
        "Au Niger voisin, l'armée nigérienne a repoussé une attaque près de Niamey. ", ""
    )
    assert code(last(resolve(nlp_fr, text), "soldats")) == "MLI"


def test_a_section_that_names_no_state_keeps_the_articles(nlp_en: Language) -> None:
    text = (
        "Kenyan court jails opposition leader\n\n"
        "A court in Nairobi jailed the leader of the opposition. Kenya's president said "
        "the verdict was fair.\n\n"
        "Reactions\n\n"
        "Officials said that the trial had been fair.\n"
    )
    assert code(find(resolve(nlp_en, text), "Officials")) == "KEN"
