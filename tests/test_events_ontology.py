"""The packaged CAMEO/PLOVER/Goldstein table and the lexicon files."""

from __future__ import annotations

import pytest

from veille.events import EVENT_TYPES, OntologyError, load_lexicon, load_ontology
from veille.events.lexicon import NO_EVENT, parse_cues, parse_triggers


def test_cameo_rows_carry_plover_goldstein_and_quad_class() -> None:
    onto = load_ontology()
    row = onto.cameo("0312")
    assert (row.plover_type, row.goldstein, row.quad_class) == ("AGREE", 5.2, 1)
    assert onto.cameo("154").plover_type == "MOBILIZE"
    assert onto.quad_class("154") == 4
    assert onto.goldstein("111") == -2.0
    assert onto.quad_class("111") == 3
    assert onto.quad_class("072") == 2


def test_every_plover_type_has_a_default_code() -> None:
    onto = load_ontology()
    for event_type in EVENT_TYPES:
        code = onto.default_cameo(event_type)
        assert onto.cameo(code).plover_type == event_type


def test_unknown_codes_say_what_to_do() -> None:
    with pytest.raises(OntologyError, match=r"cameo\.tsv"):
        load_ontology().cameo("999")
    with pytest.raises(OntologyError, match="expected one of"):
        load_ontology().default_cameo("HUG")


def test_lexicons_load_for_both_languages() -> None:
    for language in ("fr", "en"):
        lexicon = load_lexicon(language)
        types = {e.event_type for entries in lexicon.triggers.values() for e in entries}
        assert types - {NO_EVENT} == set(EVENT_TYPES), language
        assert lexicon.cue("condition")
        assert lexicon.cue("report")
        assert lexicon.cue("negation")


def test_bad_lexicon_rows_are_rejected() -> None:
    header = "lemma\tpos\tevent_type\tmode\tcameo\twith\n"
    with pytest.raises(OntologyError, match="bad trigger row"):
        parse_triggers(header + "hug\tV\tHUG\t\t\t\n")
    with pytest.raises(OntologyError, match="companion words"):
        parse_triggers(header + "hug\tV\tNONE\t\t\t\n")  # a sense needs its companions
    with pytest.raises(OntologyError, match="unknown CAMEO"):
        parse_triggers(header + "hug\tV\tSUPPORT\t\t9999\t\n")
    with pytest.raises(OntologyError, match="bad cue row"):
        parse_cues("kind\tcue\nnonsense\tx\n")
    entries = parse_triggers(header + "hug\tV\tSUPPORT\t\t\tfriend,ally\n")
    assert entries["hug"][0].cameo == load_ontology().default_cameo("SUPPORT")
    assert entries["hug"][0].with_lemmas == {"friend", "ally"}


def test_unknown_language_has_no_lexicon() -> None:
    with pytest.raises(OntologyError, match="no event lexicon"):
        load_lexicon("xx")


def test_modes_per_type_come_from_the_table() -> None:
    onto = load_ontology()
    assert onto.modes("CONSULT") == {"phone", "third-party", "visit"}
    assert onto.modes("AGREE") == frozenset()
    assert "arrest" in onto.modes("COERCE")
    assert "arrest" not in onto.modes("THREATEN")
    # A mode name shared by two types belongs to each of them separately.
    assert "assist" in onto.modes("REQUEST")
    assert "assist" in onto.modes("REJECT")
    with pytest.raises(OntologyError, match="expected one of"):
        onto.modes("HUG")
