"""The event coder on French and English sentences written for these tests, one per construction."""

from __future__ import annotations

import pytest
from spacy.language import Language

from events_helpers import article_for, mentions_for, pipeline_events
from veille.events import CODER_NAME, get_coder
from veille.nlp import load_pipeline
from veille.records import Event, Section


@pytest.fixture(scope="session")
def fr() -> Language:
    return load_pipeline("fr")


@pytest.fixture(scope="session")
def en() -> Language:
    return load_pipeline("en")


def code(nlp: Language, text: str, sections: tuple[Section, ...] = ()) -> tuple[Event, ...]:
    language = nlp.lang
    doc = nlp(text)
    return get_coder(language).code(doc, article_for(text, language, sections), mentions_for(text))


def only(events: tuple[Event, ...], event_type: str) -> Event:
    found = [e for e in events if e.event_type == event_type]
    assert found, f"no {event_type} in {[(e.event_type, e.trigger.text) for e in events]}"
    return found[0]


def codes(side: tuple[object, ...]) -> set[str | None]:
    return {getattr(a, "code", None) for a in side}


# ----------------------------------------------------------------- verbal triggers
def test_fr_verbal_accuse_with_source_and_target(fr: Language) -> None:
    text = "La France a dénoncé la présence militaire de la Chine en mer."
    e = only(code(fr, text), "ACCUSE")
    assert codes(e.source) == {"FRA"}
    assert codes(e.target) == {"CHN"}
    assert e.trigger.text == "dénoncé"
    assert text[e.trigger.start : e.trigger.end] == "dénoncé"
    assert e.cameo == "111"
    assert e.goldstein == -2.0
    assert e.quad_class == 3
    assert e.coder == CODER_NAME
    assert 0 < e.confidence <= 1


def test_en_verbal_accuse(en: Language) -> None:
    e = only(code(en, "Germany denounced China's military build-up on Tuesday."), "ACCUSE")
    assert codes(e.source) == {"DEU"}
    assert codes(e.target) == {"CHN"}
    assert e.event_date == "2025-03-11"  # the Tuesday before the article's Wednesday


def test_a_done_act_is_not_dated_after_its_report(en: Language) -> None:
    # The later date belongs to the unveiling announced in the relative clause,
    # not to the signing, done by the time of the report (2025-03-12).
    text = "Germany, which will unveil the plan on 20 May 2025, signed a pact with France."
    assert only(code(en, text), "AGREE").event_date == "2025-03-12"


def test_an_act_announced_for_later_keeps_the_date_it_is_set_for(en: Language) -> None:
    e = only(code(en, "Germany will meet France on 20 May 2025."), "CONSULT")
    assert e.hypothetical
    assert e.event_date == "2025-05-20"


def test_en_passive_voice_swaps_sides(en: Language) -> None:
    e = only(code(en, "A Japanese convoy was attacked by Chinese forces from China."), "ASSAULT")
    assert "CHN" in codes(e.source)


def test_fr_passive_with_agent(fr: Language) -> None:
    e = only(code(fr, "Le Japon a été critiqué par la Chine."), "ACCUSE")
    assert codes(e.source) == {"CHN"}
    assert codes(e.target) == {"JPN"}


# ------------------------------------------------------------ coordination, pairs
def test_fr_coordination_and_bilateral_pair(fr: Language) -> None:
    text = (
        "Paris a renforcé ses liens avec la France et l'Allemagne.\n"
        "La France et l'Allemagne ont signé un accord commercial. "
        "Les deux pays entendent coopérer dans le domaine spatial."
    )
    events = code(fr, text)
    signed = only(events, "AGREE")
    assert codes(signed.source) == {"FRA", "DEU"}
    assert not signed.target
    coop = next(e for e in events if e.trigger.text == "coopérer")
    assert codes(coop.source) == {"FRA", "DEU"}
    assert coop.modality == "intended"
    assert coop.hypothetical


def test_en_coordinated_subject(en: Language) -> None:
    e = only(code(en, "Brazil and India signed a trade agreement on Monday."), "AGREE")
    assert codes(e.source) == {"BRA", "IND"}


# ---------------------------------------------------------------- nominal triggers
def test_fr_nominal_trigger_with_quantity_and_duration(fr: Language) -> None:
    text = (
        "Le Japon et l'Inde ont tenu une réunion à Tokyo. "
        "Cette coopération a été formalisée par la signature de 12 accords "
        "pour les trois prochaines années."
    )
    e = only(code(fr, text), "AGREE")
    assert e.trigger.text == "signature"
    assert [(q.value, q.what) for q in e.quantities] == [(12.0, "accords")]
    assert e.duration is not None
    assert e.duration.days == 3 * 365
    assert text[e.duration.start : e.duration.end] == "pour les trois prochaines années"


def test_fr_nominal_delivery_inherits_announcer(fr: Language) -> None:
    text = "Marie Durand a annoncé la livraison d'armements aux soldats canadiens."
    e = only(code(fr, text), "AID")
    assert codes(e.source) == {"FRA"}
    assert codes(e.target) == {"CAN"}
    assert e.cameo == "072"  # military aid


def test_en_nominal_trigger_after_light_verb(en: Language) -> None:
    e = only(code(en, "Norway imposed sanctions on China on Friday."), "SANCTION")
    assert codes(e.source) == {"NOR"}
    assert codes(e.target) == {"CHN"}


# ------------------------------------------------------------- quantities in text
def test_fr_approximate_quantity_with_no_break_space(fr: Language) -> None:
    text = "Selon l'ONU, la Chine a mobilisé près de 40\u202f000 soldats."
    e = only(code(fr, text), "MOBILIZE")
    q = e.quantities[0]
    assert (q.value, q.what, q.approximate) == (40000.0, "soldats", True)
    assert codes(e.source) == {"CHN"}
    assert e.attributed_to is not None
    assert e.attributed_to.code == "UN"


def test_en_money_quantity(en: Language) -> None:
    # A future act nobody is reported to announce keeps its type (gold convention 4).
    e = only(code(en, "Japan will provide $2 billion of aid to India."), "AID")
    assert [(q.value, q.unit) for q in e.quantities] == [(2e9, "USD")]
    assert e.modality == "announced"
    assert e.hypothetical


# ----------------------------------------------------------------------- conditions
def test_fr_condition_with_depends_on(fr: Language) -> None:
    text = (
        "Le ministre a déclaré que la France respectera le traité pour une durée d'un an, "
        "à condition que l'Allemagne en fasse de même."
    )
    e = only(code(fr, text), "AGREE")
    assert e.condition is not None
    assert e.condition.text == "à condition que l'Allemagne en fasse de même"
    assert e.condition.depends_on == "DEU"
    assert codes(e.target) == {"DEU"}
    assert e.modality == "conditional"
    assert e.duration is not None
    assert e.duration.days == 365


def test_en_condition_if(en: Language) -> None:
    text = "China may halt its exports to Japan if Japan raises its tariffs."
    e = only(code(en, text), "THREATEN")
    assert e.condition is not None
    assert e.condition.text.startswith("if Japan raises")
    assert e.condition.depends_on == "JPN"


def test_reflexive_s_is_not_a_condition(fr: Language) -> None:
    text = "S'exprimant devant la presse, la France a condamné la Chine."
    e = only(code(fr, text), "ACCUSE")
    assert e.condition is None


def test_en_even_if_is_not_a_condition(en: Language) -> None:
    e = only(code(en, "Germany criticized China even if Berlin needs its trade."), "ACCUSE")
    assert e.condition is None


# ------------------------------------------------------------------------ negation
def test_fr_negation(fr: Language) -> None:
    e = only(code(fr, "Le Brésil n'a pas signé l'accord avec l'Inde."), "AGREE")
    assert e.negated
    e2 = only(code(fr, "Le Brésil a signé l'accord avec l'Inde."), "AGREE")
    assert not e2.negated


def test_a_negated_event_has_no_goldstein_score(fr: Language, en: Language) -> None:
    # issue 21: "has not offered any details" kept +4 and counted as cooperation.
    denied = only(code(en, "Brazil did not sign the treaty with India."), "AGREE")
    assert denied.goldstein is None
    assert denied.cameo  # what was denied stays readable
    done = only(code(en, "Brazil signed the treaty with India."), "AGREE")
    assert done.goldstein is not None
    assert done.goldstein > 0
    denied_fr = only(code(fr, "Le Brésil n'a pas signé l'accord avec l'Inde."), "AGREE")
    assert denied_fr.goldstein is None


def test_en_negation(en: Language) -> None:
    assert only(code(en, "Brazil did not sign the treaty with India."), "AGREE").negated
    assert not only(code(en, "Brazil signed the treaty with India."), "AGREE").negated


def test_negative_determiner_negates_a_noun_trigger(fr: Language, en: Language) -> None:
    assert only(code(en, "Police made no arrests in Lagos on Friday."), "COERCE").negated
    assert not only(code(en, "Police made three arrests in Lagos on Friday."), "COERCE").negated
    fr_text = "La police n'a procédé à aucune arrestation à Dakar."
    assert only(code(fr, fr_text), "COERCE").negated


def test_verbs_that_stop_short_negate_their_complement(fr: Language, en: Language) -> None:
    text = "Canada stopped short of recognising the breakaway government."
    assert only(code(en, text), "SUPPORT").negated
    text = "Kenya refrained from condemning Uganda over the raid."
    assert only(code(en, text), "ACCUSE").negated
    text = "Le Sénégal s'est abstenu de condamner la Gambie."
    assert only(code(fr, text), "ACCUSE").negated
    assert not only(code(fr, "Le Sénégal a condamné la Gambie."), "ACCUSE").negated


def test_a_frame_phrase_is_setting_not_news(fr: Language, en: Language) -> None:
    text = (
        "La ministre a annoncé la livraison continue de blindés aux forces arméniennes, "
        "dans le cadre du partenariat militaire renforcé entre les deux pays."
    )
    assert [e.event_type for e in code(fr, text)] == ["AID"]
    text = "Japan delivered rice to India as part of the partnership they strengthened in May."
    assert [e.event_type for e in code(en, text)] == ["AID"]


def test_refusal_is_a_rejection(fr: Language, en: Language) -> None:
    assert only(code(fr, "L'Inde refuse de signer l'accord avec le Brésil."), "REJECT")
    assert only(code(en, "India refused to sign the deal with Brazil."), "REJECT")


# ------------------------------------------------------------------------ modality
def test_fr_possible(fr: Language) -> None:
    # A possible attack is an attack, hypothetical; a threat needs a threatening act.
    e = only(code(fr, "La Chine pourrait attaquer le Japon."), "ASSAULT")
    assert e.modality == "possible"
    assert e.hypothetical


def test_en_threatens_to(en: Language) -> None:
    e = only(code(en, "China threatened to impose sanctions on Japan."), "THREATEN")
    assert codes(e.source) == {"CHN"}
    assert codes(e.target) == {"JPN"}


def test_done_is_not_hypothetical(en: Language) -> None:
    e = only(code(en, "China attacked a Japanese ship near Japan."), "ASSAULT")
    assert e.modality == "done"
    assert not e.hypothetical


# --------------------------------------------------------------------- attribution
def test_fr_attribution_reporting_verb(fr: Language) -> None:
    text = "Marie Durand a déclaré que la France soutient l'Inde."
    e = only(code(fr, text), "SUPPORT")
    assert e.attributed_to is not None
    assert e.attributed_to.code == "P-DURAND"
    assert e.attributed_to.verb is not None
    assert e.attributed_to.verb.text == "déclaré"


def test_en_attribution_according_to(en: Language) -> None:
    text = "Canada expelled two Chinese diplomats, according to John Smith."
    e = only(code(en, text), "SANCTION")
    assert e.attributed_to is not None
    assert e.attributed_to.code == "P-SMITH"
    assert [q.value for q in e.quantities] == [2.0]


def test_en_said_attribution(en: Language) -> None:
    e = only(code(en, "Japan will send aid to India, John Smith said."), "AID")
    assert e.attributed_to is not None
    assert e.attributed_to.text == "John Smith"


# ----------------------------------------------------------------------- sections
def test_commentary_events_are_flagged(fr: Language) -> None:
    body = "La France a condamné la Chine.\n"
    comment = "Analyse : la France dénonce souvent la Chine."
    text = body + comment
    sections = (Section("body", 0, len(body)), Section("commentary", len(body), len(text)))
    events = code(fr, text, sections)
    kinds = {e.trigger.text: e.section_kind for e in events}
    assert kinds["condamné"] == "body"
    assert kinds["dénonce"] == "commentary"


def test_boilerplate_is_not_coded(fr: Language) -> None:
    text = "La France a condamné la Chine."
    assert code(fr, text, (Section("boilerplate", 0, len(text)),)) == ()


def test_no_trigger_no_event(fr: Language, en: Language) -> None:
    assert code(fr, "Il fait beau à Paris aujourd'hui.") == ()
    assert code(en, "The weather in Beijing was mild.") == ()


def test_the_numbers_of_a_toll_that_is_no_event_go_to_the_attack() -> None:
    # The toll words are written nearer the numbers, but only the shooting is an event.
    text = (
        "Quatre personnes sont mortes et sept ont été blessées dans la capitale du "
        "Manitoba lorsqu'au moins un individu a ouvert le feu à l'aide d'un fusil "
        "dans une mosquée de Winnipeg."
    )
    [event] = pipeline_events(text, "fr")
    assert event.event_type == "ASSAULT"
    assert [q.value for q in event.quantities] == [4.0, 7.0]
