"""The annotation checker and the agreement measure, on small records written for these tests."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import script_helpers
from veille.annotation import AgreementReport, check_file, check_lines, compare_passes
from veille.annotation.agreement import cohen_kappa, format_diff, format_report, load_pass
from veille.annotation.check import GENERIC_CODES, SECTORS, load_vocabulary
from veille.events.ontology import EVENT_TYPES, load_ontology

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "docs" / "codebook.md"
EXAMPLES = ROOT / "docs" / "codebook_examples.jsonl"


# ------------------------------------------------------------------ builders
def actor(text: str, code: str | None, sector: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"text": text, "code": code, "sector": sector, **extra}


def event(event_type: str, trigger: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_type": event_type,
        "mode": None,
        "source": [],
        "target": [],
        "quantity": None,
        "negated": False,
        "hypothetical": False,
        "condition": None,
        "attributed_to": None,
        "duration": None,
        "trigger": trigger,
    }
    base.update(fields)
    return base


SENTENCE = (
    "La Pologne a expulsé trois diplomates russes, a annoncé Varsovie, "
    "et menace de fermer sa frontière si Moscou ne cède pas."
)


def sentence_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "t-001",
        "language": "fr",
        "date": "2026-12-01",
        "text": SENTENCE,
        "events": [
            event(
                "SANCTION",
                "expulsé",
                mode="expel",
                source=[actor("La Pologne", "POL")],
                target=[actor("russes", "RUS", "GOV")],
                quantity={"value": 3, "unit": "diplomates", "approximate": False},
                attributed_to={"text": "Varsovie", "code": "POL"},
            ),
            event(
                "THREATEN",
                "menace",
                mode="restrict",
                source=[actor("La Pologne", "POL")],
                target=[actor("Moscou", "RUS", "GOV")],
                condition="si Moscou ne cède pas",
            ),
        ],
    }
    record.update(changes)
    return record


ARTICLE_TITLE = "Niger : la junte expulse l'ambassadeur de France"
ARTICLE_SECOND = "Le Niger a donné 48 heures à l'ambassadeur français pour partir."
ARTICLE_TEXT = (
    f"NIAMEY, 3 décembre. {ARTICLE_SECOND} Elle accuse Paris d'ingérence, a dit un porte-parole."
)


def article_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "t-art-1",
        "kind": "article",
        "language": "fr",
        "date": "2026-12-03",
        "title": ARTICLE_TITLE,
        "text": ARTICLE_TEXT,
        "events": [
            event(
                "SANCTION",
                "expulse",
                mode="expel",
                sentence=ARTICLE_TITLE,
                source=[actor("la junte", "NER", "GOV", how="context")],
                target=[actor("France", "FRA", None)],
            ),
            event(
                "ACCUSE",
                "accuse",
                mode="allege",
                sentence="Elle accuse Paris d'ingérence, a dit un porte-parole.",
                source=[actor("Elle", "NER", "GOV", how="coreference")],
                target=[actor("Paris", "FRA", "GOV")],
                attributed_to={"text": "un porte-parole", "code": None},
            ),
        ],
    }
    record.update(changes)
    return record


def lines_of(*records: dict[str, Any]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def messages(*records: dict[str, Any], batch: list[dict[str, Any]] | None = None) -> list[str]:
    batch_lines = None if batch is None else lines_of(*batch)
    return [p.message for p in check_lines(lines_of(*records), batch_lines)]


def one(found: list[str], pattern: str) -> None:
    """Assert that exactly one message matches ``pattern``."""
    hits = [m for m in found if re.search(pattern, m)]
    assert len(hits) == 1, (pattern, found)


# ------------------------------------------------------------------ the checker
def test_well_formed_sentence_and_article_records_pass() -> None:
    assert messages(sentence_record(), article_record()) == []


def test_bad_json_is_reported_with_its_line_and_the_rest_is_still_checked() -> None:
    lines = [json.dumps(sentence_record()), "{not json", json.dumps(sentence_record(id=""))]
    problems = check_lines(lines)
    assert [p.line for p in problems] == [2, 3]
    assert "not valid JSON" in problems[0].message
    assert problems[0].render("f.jsonl").startswith("f.jsonl:2:")


def test_missing_and_unknown_fields_are_named() -> None:
    record = sentence_record()
    del record["events"][0]["negated"]
    record["events"][1]["evnet_loc"] = None
    found = messages(record, sentence_record(id="t-002", language="de", date="2026-13-01"))
    one(found, r"missing field\(s\) negated")
    one(found, r"unknown field 'evnet_loc'")
    one(found, r'"language" must be one of fr, en')
    one(found, r"is not a calendar date")


def test_event_type_and_mode_come_from_the_ontology() -> None:
    record = sentence_record()
    record["events"][0]["event_type"] = "DEMAND"
    record["events"][1]["mode"] = "arrest"  # a COERCE mode, not a THREATEN one
    found = messages(record)
    one(found, r"event_type 'DEMAND' is not one of AGREE")
    one(found, r"mode 'arrest' is not a mode of THREATEN")
    record = sentence_record()
    record["events"][0]["event_type"] = "AGREE"
    record["events"][0]["mode"] = "expel"
    one(messages(record), r"not a mode of AGREE \(modes: none: use null\)")


@pytest.mark.parametrize(
    ("code", "pattern"),
    [
        ("XXX", r"unknown actor code 'XXX'"),
        ("rus", r"must be upper case"),
        ("UNSC", r"organ of UN: code it 'UN'"),
        ("WFP", r"organ of UN"),
        ("HEZBOLLAH", r"country \(LBN\) with a sector such as REB"),
        ("PER:vladimir-putin", r"is a person"),
    ],
)
def test_actor_codes_are_checked_with_a_hint(code: str, pattern: str) -> None:
    record = sentence_record()
    record["events"][0]["source"][0]["code"] = code
    one(messages(record), pattern)


@pytest.mark.parametrize("code", ["RUS", "XKX", "PSE", "NATO", "EU", "ECOWAS", "IGO", "NGO", None])
def test_valid_actor_codes_pass(code: str | None) -> None:
    record = sentence_record()
    record["events"][0]["source"][0]["code"] = code
    assert messages(record) == []


def test_sector_and_how_are_closed_lists() -> None:
    record = sentence_record()
    record["events"][0]["source"][0]["sector"] = "ARMY"
    record["events"][0]["target"][0]["how"] = "guess"
    record["events"][1]["target"][0]["how"] = "coreference"
    found = messages(record)
    one(found, r"sector 'ARMY' is not one of GOV")
    one(found, r"how 'guess' is not one of stated")
    one(found, r"how 'coreference' is for article records")


def test_every_text_field_is_an_exact_substring() -> None:
    record = sentence_record()
    first, second = record["events"]
    first["trigger"] = "a expulsé"  # longer than needed, but in the text: fine
    first["source"][0]["text"] = "la Pologne"  # wrong case
    first["attributed_to"]["text"] = "Varsovie a annoncé"
    second["condition"] = "si Moscou cède"
    second["duration"] = {"text": "pendant un an", "days": 365}
    found = messages(record)
    assert not any("'a expulsé'" in m for m in found)
    one(found, r"'la Pologne' is not an exact substring of the record text")
    one(found, r"'Varsovie a annoncé' is not an exact substring")
    one(found, r"'si Moscou cède' is not an exact substring")
    one(found, r"'pendant un an' is not an exact substring")


def test_article_spans_come_from_the_events_sentence() -> None:
    record = article_record()
    record["events"][0]["target"][0]["text"] = "Paris"  # in the body, not in the title
    record["events"][1]["sentence"] = "Elle accuse Paris d’ingérence"  # typographic apostrophe
    found = messages(record)
    one(found, r"event 1 target 1 text: 'Paris' is not an exact substring of the event's sentence")
    one(found, r"sentence .* is not an exact substring of the article's text or title")
    record = article_record()
    del record["events"][1]["sentence"]
    one(messages(record), r"missing field\(s\) sentence")
    # The speaker of a quote may be named in another sentence of the article.
    record = article_record()
    record["events"][1]["attributed_to"] = {"text": "Le Niger", "code": "NER"}
    assert messages(record) == []


def test_sentence_and_title_belong_to_articles_only() -> None:
    record = sentence_record(title="x")
    record["events"][0]["sentence"] = SENTENCE
    found = messages(record)
    one(found, r'"title" belongs to article records only')
    one(found, r'"sentence" belongs to article records only')


def test_quantity_duration_and_place_shapes() -> None:
    record = sentence_record()
    first, second = record["events"]
    first["quantity"] = {"value": "3", "unit": "diplomats", "approximate": "no"}
    second["quantity"] = {"value": 2000000, "unit": "EUR", "approximate": True}
    second["duration"] = {"text": "si Moscou", "days": 0}
    second["event_loc"] = {"name": "Moscou", "country code": "RUS"}
    found = messages(record)
    one(found, r"value must be a plain")
    one(found, r"approximate must be true or false")
    one(found, r"unit 'diplomats' must be the counted noun as written")
    one(found, r"days must be a positive number")
    one(found, r"country code 'RUS' is not an ISO 3166-1 alpha-2 code")
    assert not any("unit 'EUR'" in m for m in found)


def test_two_events_of_one_act_must_be_merged() -> None:
    record = sentence_record()
    twin = json.loads(json.dumps(record["events"][0]))
    twin["trigger"] = "annoncé"
    record["events"].append(twin)
    one(messages(record), r"event 3: same type, actors, flags and sentence as event 1")
    # Another sentence of an article is another report of the act: not a duplicate.
    article = article_record()
    again = json.loads(json.dumps(article["events"][0]))
    again.update(sentence=ARTICLE_SECOND, trigger="donné 48 heures")
    again["source"][0].update(text="Le Niger", how="stated")
    again["target"][0]["text"] = "français"
    article["events"].append(again)
    assert messages(article) == []


def test_batch_ids_and_fields_must_match() -> None:
    batch = [
        {k: v for k, v in sentence_record(id=i).items() if k != "events"}
        for i in ("b-1", "b-2", "b-3")
    ]
    changed = sentence_record(id="b-2", text=SENTENCE.replace("trois", "3"))
    extra = sentence_record(id="b-9")
    added = sentence_record(id="b-1", coder="me")
    found = messages(added, changed, extra, sentence_record(id="b-1"), batch=batch)
    one(found, r"field 'coder' is not in the batch")
    one(found, r"batch field 'text' was changed")
    one(found, r"id is not in the batch")
    one(found, r"id repeats the record of line 1")
    one(found, r"batch record missing")
    assert messages(sentence_record(id="b-1", note="doute sur la cible"), batch=batch[:1]) == []


def test_check_script_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script("check_annotations")
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines_of(sentence_record(), article_record())) + "\n", "utf-8")
    assert script.main([str(good)]) == 0
    assert "OK: 2 records, 4 events" in capsys.readouterr().out
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines_of(sentence_record(language="xx"))), "utf-8")
    assert script.main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1: [t-001]" in out
    assert "1 problem(s)" in out
    assert script.main([str(tmp_path / "missing.jsonl")]) == 2


def test_our_gold_files_and_the_worked_examples_pass() -> None:
    for path in (ROOT / "eval/gold/fr_events.jsonl", ROOT / "eval/gold/en_events.jsonl", EXAMPLES):
        assert [p.render(str(path)) for p in check_file(path)] == []


# ------------------------------------------------------------------ the codebook
def codebook_modes() -> dict[str, set[str]]:
    """Read the "Modes:" line under each type heading of the codebook."""
    modes: dict[str, set[str]] = {}
    current = None
    for line in CODEBOOK.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### \d+\. ([A-Z]+)", line)
        if heading:
            current = heading.group(1)
        elif current and line.startswith("Modes:"):
            modes[current] = set(re.findall(r"`([a-z_-]+)`", line))
            current = None
    return modes


def test_codebook_lists_exactly_the_modes_of_each_type() -> None:
    ontology = load_ontology()
    found = codebook_modes()
    assert set(found) == set(EVENT_TYPES)
    for event_type in EVENT_TYPES:
        assert found[event_type] == set(ontology.modes(event_type)), event_type


def test_codebook_names_the_sectors_and_codes_the_checker_accepts() -> None:
    text = CODEBOOK.read_text(encoding="utf-8")
    table = text.split("<!-- sectors -->")[1].split("<!-- /sectors -->")[0]
    assert re.findall(r"^\| `([A-Z]{3})` \|", table, re.M) == list(SECTORS)
    codes = text.split("<!-- codes -->")[1].split("<!-- /codes -->")[0]
    named = re.findall(r"^\| `([A-Z0-9-]+)` \|", codes, re.M)
    vocab = load_vocabulary()
    assert set(GENERIC_CODES) <= set(named)
    assert [c for c in named if vocab.code_problem(c)] == []


# ------------------------------------------------------------------ agreement
def write(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("\n".join(lines_of(*records)) + "\n", encoding="utf-8")
    return path


def compare(a: list[dict[str, Any]], b: list[dict[str, Any]], tmp_path: Path) -> AgreementReport:
    return compare_passes(
        load_pass(write(tmp_path / "a.jsonl", *a)), load_pass(write(tmp_path / "b.jsonl", *b))
    )


def test_identical_passes_agree_fully(tmp_path: Path) -> None:
    records = [sentence_record(), article_record(), sentence_record(id="t-003", events=[])]
    report = compare(records, records, tmp_path)
    assert report.micro_f1 == report.macro_f1 == 1.0
    assert report.actor_agreement == 1.0
    assert report.event_kappa == 1.0
    assert report.disagreements() == []
    assert format_diff(report) == ""


def test_a_mistyped_event_is_one_disagreement(tmp_path: Path) -> None:
    a = sentence_record()
    b = sentence_record()
    b["events"][1]["event_type"] = "REQUEST"
    b["events"][1]["mode"] = "yield"
    report = compare([a], [b], tmp_path)
    assert report.per_type["SANCTION"].f1 == 1.0
    assert report.per_type["THREATEN"].recall == 0.0
    assert report.per_type["REQUEST"].precision == 0.0
    assert "NONE" not in report.per_type  # not a miss plus an extra
    assert report.micro_f1 == pytest.approx(0.5)
    (record,) = report.disagreements()
    assert record.differences == ["type: A THREATEN (event 2) / B REQUEST (event 2)"]


def test_background_events_are_optional_on_both_sides(tmp_path: Path) -> None:
    recalled = event("SANCTION", "expulsé", background=True, source=[actor("La Pologne", "POL")])
    a = sentence_record(events=[sentence_record()["events"][1], recalled])
    b_omits = sentence_record(events=[sentence_record()["events"][1]])
    b_codes_it = sentence_record(events=sentence_record()["events"])  # as a reported event
    for b in (b_omits, b_codes_it):
        report = compare([a], [b], tmp_path)
        assert report.micro_f1 == 1.0, b
        assert report.disagreements() == []
    only_recalled = sentence_record(events=[recalled])
    report = compare([only_recalled], [sentence_record(events=[])], tmp_path)
    assert report.per_type["NONE"].f1 == 1.0
    assert report.event_kappa is None  # no record with an event: kappa is undefined


def test_article_events_pair_only_within_their_sentence(tmp_path: Path) -> None:
    a = article_record()
    b = article_record()
    # B puts the expulsion in the body instead of the title.
    b["events"][0].update(sentence=ARTICLE_SECOND, trigger="donné 48 heures")
    b["events"][0]["source"][0].update(text="Le Niger", how="stated")
    b["events"][0]["target"][0]["text"] = "français"
    report = compare([a], [b], tmp_path)
    (record,) = report.disagreements()
    assert record.differences == ["SANCTION: only in A (event 1)", "SANCTION: only in B (event 1)"]
    assert report.per_type["SANCTION"].f1 == 0.0
    assert report.per_type["ACCUSE"].f1 == 1.0


def test_actor_agreement_knows_organs_and_undirected_events(tmp_path: Path) -> None:
    text = "Le Conseil de sécurité et la Russie se sont réunis ; l'ONU a condamné Kiev."
    base = {"id": "t-act", "language": "fr", "date": "2026-12-01", "text": text}
    a = dict(
        base,
        events=[
            event(
                "CONSULT",
                "réunis",
                source=[actor("Conseil de sécurité", "UN"), actor("la Russie", "RUS")],
            ),
            event(
                "ACCUSE",
                "condamné",
                source=[actor("l'ONU", "UN")],
                target=[actor("Kiev", "UKR", "GOV")],
            ),
        ],
    )
    b = dict(
        base,
        events=[
            # Undirected in A: B's choice of sides is not a disagreement; UNSC is part of UN.
            event(
                "CONSULT",
                "réunis",
                source=[actor("Conseil de sécurité", "UNSC")],
                target=[actor("la Russie", "RUS")],
            ),
            event(
                "ACCUSE", "condamné", source=[actor("Kiev", "UKR")], target=[actor("l'ONU", "UN")]
            ),
        ],
    )
    report = compare([a], [b], tmp_path)
    assert report.actor_a_in_b == pytest.approx(2 / 4)
    (record,) = report.disagreements()
    assert record.differences == ["ACCUSE: actors A UN → UKR/GOV / B UKR → UN"]


def test_cohen_kappa_by_hand() -> None:
    # Observed 3/4; A says "event" on half the records, B on a quarter; chance 1/2.
    pairs = [(True, True), (True, False), (False, False), (False, False)]
    assert cohen_kappa(pairs) == pytest.approx(0.5)
    assert cohen_kappa([]) is None


def test_agreement_script_prints_figures_and_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = load_script("agreement")
    a = write(tmp_path / "a.jsonl", sentence_record(), sentence_record(id="t-only-a"))
    b_record = sentence_record()
    b_record["events"][0]["negated"] = True
    b = write(tmp_path / "b.jsonl", b_record)
    assert script.main([str(a), str(b), "--diff"]) == 0
    out = capsys.readouterr().out
    assert "event-type micro F1" in out
    assert "=== t-only-a: only in pass A" in out
    assert "SANCTION: negated A False / B True" in out
    assert "B: 1. SANCTION/expel  POL → RUS/GOV  «expulsé» [negated, quantity=3]" in out
    assert script.main([str(a), str(b), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["negation_agreement"] == 0.5
    assert data["only_a"] == ["t-only-a"]
    assert "macro F1" in format_report(compare_passes(load_pass(a), load_pass(b)))


# ------------------------------------------------------------------ scripts
@cache
def load_script(name: str) -> ModuleType:
    return script_helpers.load_script(ROOT / "scripts" / f"{name}.py", f"script_{name}")


def test_the_codebooks_json_records_pass_the_checker() -> None:
    blocks = re.findall(r"```json\n(.*?)```", CODEBOOK.read_text(encoding="utf-8"), re.S)
    records = [json.loads(block) for block in blocks]
    assert {r.get("kind", "sentence") for r in records} == {"sentence", "article"}
    assert [p.message for p in check_lines(lines_of(*records))] == []
