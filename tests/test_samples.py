"""The bundled sample corpus and our gold files are well-formed and say what they claim.

These tests read only files of this repository: the package data in
``src/veille/samples`` and the gold files in ``eval/gold``.
"""

from __future__ import annotations

import copy
import html
import json
import re
import unicodedata
from collections import Counter
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille import samples
from veille.events.ontology import EVENT_TYPES

GOLD_DIR = Path(__file__).resolve().parents[1] / "eval" / "gold"

PLOVER_TYPES = frozenset(EVENT_TYPES)
# Modes of the PLOVER 2021 CAMEO conversion table, per event type.
PLOVER_MODES: dict[str, frozenset[str]] = {
    "ACCUSE": frozenset({"allege", "disapprove", "investigate"}),
    "ASSAULT": frozenset(
        [
            "abduct",
            "assassinate",
            "beat",
            "cleansing",
            "explosives",
            "firearms",
            "heavy-weapons",
            "massacre",
            "seize",
            "sexual",
            "suicide-attack",
            "torture",
            "unconventional",
        ]
    ),
    "COERCE": frozenset(["arrest", "ban", "curfew", "deport", "martial-law", "restrict", "seize"]),
    "CONSULT": frozenset({"phone", "third-party", "visit"}),
    "MOBILIZE": frozenset({"police", "troops"}),
    "PROTEST": frozenset({"boycott", "demo", "hunger", "obstruct", "riot"}),
    "REJECT": frozenset({"assist", "change", "meet", "yield"}),
    "REQUEST": frozenset({"assist", "change", "meet", "yield"}),
    "RETREAT": frozenset(["access", "ceasefire", "disarm", "release", "return", "withdraw"]),
    "SANCTION": frozenset({"discontinue", "expel", "withdraw"}),
    "THREATEN": frozenset(
        ["ban", "expel", "political", "relations", "restrict", "territory", "violence"]
    ),
}
NON_STATE_CODES = frozenset(
    {"NATO", "EU", "UN", "WEST", "OSCE", "AU", "CSTO", "BRICS", "G7", "IGO"}
)
SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "POL", "REB", "OPP", "CVL", "MED", "BUS"})
EVENT_KEYS = (
    "event_type",
    "mode",
    "source",
    "target",
    "quantity",
    "negated",
    "hypothetical",
    "condition",
    "attributed_to",
)

FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE_BULLETS = {
    "fr": re.compile(
        r"^- (hier|aujourd’hui|il y a \d+ (heures?|jours?)|publié le \d{1,2} \w+ \d{4})$"
    ),
    "en": re.compile(r"^- (yesterday|today|\d+ (hours?|days?) ago|Published \w+ \d{1,2}, \d{4})$"),
}
READING_BULLETS = {
    "fr": re.compile(r"^- (\d+) min de lecture$"),
    "en": re.compile(r"^- (\d+) min read$"),
}
AUTHOR_BULLET = re.compile(r"^- ([^:]+): (.+)$")
ARTICLE_NAME = re.compile(r"^(\d\d)_(fr|en)_[a-z0-9_]+\.txt$")


# ------------------------------------------------------------------ helpers
def plausible_code(code: object) -> bool:
    """An actor code is an ISO 3166-1 alpha-3 state or one of our organisation codes."""
    if not isinstance(code, str) or code != code.upper():
        return False
    return code in NON_STATE_CODES or pycountry.countries.get(alpha_3=code) is not None


def resolve_date_text(text: str, reference: date) -> date:
    """Resolve the date bullets the corpus uses, independently of the product's parser."""
    text = text.strip()
    if text in {"hier", "yesterday"}:
        return reference - timedelta(days=1)
    if text in {"aujourd’hui", "today"}:
        return reference
    if m := re.fullmatch(r"il y a (\d+) jours?|(\d+) days? ago", text):
        return reference - timedelta(days=int(m.group(1) or m.group(2)))
    if m := re.fullmatch(r"il y a (\d+) heures?|(\d+) hours? ago", text):
        hours = int(m.group(1) or m.group(2))
        # The reference is noon UTC; fewer than 12 hours back stays on the same day.
        return reference - timedelta(days=0 if hours <= 12 else 1)
    if m := re.fullmatch(r"publié le (\d{1,2}) (\w+) (\d{4})", text):
        return date(int(m.group(3)), FR_MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    if m := re.fullmatch(r"Published (\w+) (\d{1,2}), (\d{4})", text):
        return date(int(m.group(3)), EN_MONTHS.index(m.group(1)) + 1, int(m.group(2)))
    raise ValueError(f"unknown date text {text!r}")


def gold_problems(record: Any, language: str) -> list[str]:
    """Return what is wrong with one gold record (empty when it is well-formed)."""
    problems: list[str] = []
    if not isinstance(record, dict):
        return ["record is not an object"]
    for key in ("id", "language", "date", "text", "events"):
        if key not in record:
            problems.append(f"missing {key}")
    if problems:
        return problems
    text = record["text"]
    if not isinstance(text, str) or not text.strip():
        problems.append("empty text")
        text = ""
    if record["language"] != language:
        problems.append("language does not match the file")
    if not re.fullmatch(rf"{language}-\d{{3}}", str(record["id"])):
        problems.append("bad id")
    if not isinstance(record["date"], str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", record["date"]):
        problems.append("bad date")
    if not isinstance(record["events"], list):
        return [*problems, "events is not a list"]
    for i, event in enumerate(record["events"]):
        problems += [f"event {i}: {p}" for p in event_problems(event, text)]
    return problems


def event_problems(event: Any, text: str) -> list[str]:
    """Return what is wrong with one gold event of a record whose text is ``text``."""
    if not isinstance(event, dict):
        return ["not an object"]
    problems = [f"missing {key}" for key in EVENT_KEYS if key not in event]
    if problems:
        return problems
    etype = event["event_type"]
    if etype not in PLOVER_TYPES:
        problems.append(f"unknown type {etype!r}")
    mode = event["mode"]
    if mode is not None and mode not in PLOVER_MODES.get(etype, frozenset()):
        problems.append(f"mode {mode!r} is not a PLOVER mode of {etype}")
    if not isinstance(event["source"], list) or not isinstance(event["target"], list):
        return [*problems, "source/target must be lists"]
    if not event["source"] and not event["target"]:
        problems.append("no actor at all")
    for actor in event["source"] + event["target"]:
        if not isinstance(actor, dict) or set(actor) != {"text", "code", "sector"}:
            problems.append(f"bad actor {actor!r}")
            continue
        if not plausible_code(actor["code"]):
            problems.append(f"implausible code {actor['code']!r}")
        if actor["sector"] is not None and actor["sector"] not in SECTORS:
            problems.append(f"unknown sector {actor['sector']!r}")
        if actor["text"] not in text:
            problems.append(f"actor text {actor['text']!r} is not in the text")
    quantity = event["quantity"]
    if quantity is not None:
        value = quantity.get("value") if isinstance(quantity, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            problems.append(f"bad quantity {quantity!r}")
    for flag in ("negated", "hypothetical"):
        if not isinstance(event[flag], bool):
            problems.append(f"{flag} is not a boolean")
    for key in ("condition", "trigger"):
        value = event.get(key)
        if value is not None and (not isinstance(value, str) or value not in text):
            problems.append(f"{key} {value!r} is not in the text")
    attributed = event["attributed_to"]
    if attributed is not None:
        if not isinstance(attributed, dict) or attributed.get("text") not in text:
            problems.append(f"attribution {attributed!r} is not in the text")
        elif attributed.get("code") is not None and not plausible_code(attributed["code"]):
            problems.append(f"implausible attribution code {attributed['code']!r}")
    duration = event.get("duration")
    if duration is not None and (
        not isinstance(duration, dict)
        or duration.get("text") not in text
        or not isinstance(duration.get("days"), int)
        or duration["days"] <= 0
    ):
        problems.append(f"bad duration {duration!r}")
    return problems


def load_gold(language: str) -> list[dict[str, Any]]:
    lines = (GOLD_DIR / f"{language}_events.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


class _PageParser(HTMLParser):
    """Collects the head metadata, JSON-LD blocks and tag names of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.tags: Counter[str] = Counter()
        self.classes: set[str] = set()
        self.ids: set[str] = set()
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        self.classes.update(values.get("class", "").split())
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld and data.strip():
            self.json_ld.append(data)


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return samples.expected()


@pytest.fixture(scope="module")
def article_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in samples.article_paths()}


# ------------------------------------------------------------------ text articles
def test_corpus_has_the_promised_size_and_names(article_texts: dict[str, str]) -> None:
    names = sorted(article_texts)
    assert all(ARTICLE_NAME.match(n) for n in names), names
    numbers = [int(n[:2]) for n in names]
    assert numbers == list(range(1, len(names) + 1)), "numbers must run 01, 02, … without gaps"
    languages = Counter(n[3:5] for n in names)
    assert len(names) >= 20
    assert languages["fr"] >= 12
    assert languages["en"] >= 8
    assert [p.name for p in samples.article_paths("fr")] == [n for n in names if "_fr_" in n]


@pytest.mark.parametrize("path", samples.article_paths(), ids=lambda p: p.name[:12])
def test_every_article_has_the_layout_lines(path: Path) -> None:
    language = path.name[3:5]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].strip(), "title on the first line"
    assert not lines[0].startswith("- "), "title on the first line"
    author = AUTHOR_BULLET.match(lines[1])
    assert author, f"author bullet: {lines[1]!r}"
    assert DATE_BULLETS[language].match(lines[2]), f"date bullet: {lines[2]!r}"
    assert READING_BULLETS[language].match(lines[3]), f"reading-time bullet: {lines[3]!r}"
    assert not lines[4].strip(), "a blank line separates the header from the body"
    words = len(" ".join(lines[5:]).split())
    assert 150 <= words <= 350, f"{words} words in the body"
    assert "\r" not in path.read_text(encoding="utf-8")


def test_corpus_has_every_layout_variant(article_texts: dict[str, str]) -> None:
    texts = list(article_texts.values())
    joined = "\n".join(texts)
    # emoji before the role, both date styles in both languages, both trailing lines
    assert any(unicodedata.category(t.split("\n")[1].split(": ", 1)[1][0]) == "So" for t in texts)
    for needle in ("il y a", "hier", "publié le", "days ago", "yesterday", "Published "):
        assert needle in joined, needle
    for start in ("à lire aussi :", "Read also:", "Analyse : ", "Analysis: "):
        assert re.search(rf"^{re.escape(start)}", joined, re.MULTILINE), start
    assert any(t.split("\n")[0].startswith("<script>") for t in texts), "hostile title"
    assert any(not t.endswith("\n") for t in texts), "one file ends without a newline"
    assert "\u00a0" in joined, "a number with a no-break space"


# ------------------------------------------------------------------ expected.json
def test_expected_covers_every_article_exactly(
    expected: dict[str, Any], article_texts: dict[str, str]
) -> None:
    assert set(expected["articles"]) == set(article_texts)


def test_expected_metadata_matches_the_header_lines(
    expected: dict[str, Any], article_texts: dict[str, str]
) -> None:
    reference = date.fromisoformat(expected["reference_time"][:10])
    assert reference == samples.REFERENCE_TIME.date()
    for name, meta in expected["articles"].items():
        lines = article_texts[name].split("\n")
        author = AUTHOR_BULLET.match(lines[1])
        assert author is not None
        assert meta["title"] == lines[0], name
        assert meta["author"] == author.group(1), name
        role = meta["author_role"]
        assert role[0].isalpha(), (name, role)
        assert author.group(2).endswith(role), (name, role)
        assert f"- {meta['published_text']}" == lines[2], name
        assert meta["language"] == name[3:5]
        reading = READING_BULLETS[meta["language"]].match(lines[3])
        assert reading is not None
        assert meta["reading_time_minutes"] == int(reading.group(1)), name
        resolved = resolve_date_text(meta["published_text"], reference)
        assert meta["published_date"] == resolved.isoformat(), name


def test_expected_sections_name_real_paragraphs(
    expected: dict[str, Any], article_texts: dict[str, str]
) -> None:
    seen: Counter[str] = Counter()
    for name, meta in expected["articles"].items():
        lines = article_texts[name].split("\n")
        for kind in ("subheadings", "commentary", "related_links", "boilerplate"):
            for first_words in meta[kind]:
                seen[kind] += 1
                hits = [line for line in lines[5:] if line.startswith(first_words)]
                assert len(hits) == 1, (name, kind, first_words)
        for first_words in meta["commentary"]:
            assert first_words.startswith(("Analyse :", "Analysis:")), first_words
        for first_words in meta["related_links"]:
            assert first_words.lower().startswith(("à lire aussi", "read also")), first_words
        # every line that looks like commentary or a related-links remnant is listed
        for line in lines[5:]:
            if line.startswith(("Analyse :", "Analysis:")):
                assert any(line.startswith(c) for c in meta["commentary"]), (name, line)
            if line.lower().startswith(("à lire aussi", "read also")):
                assert any(line.startswith(r) for r in meta["related_links"]), (name, line)
    assert all(seen[k] >= 3 for k in ("commentary", "related_links", "boilerplate")), seen


def test_expected_events_are_valid_and_cover_every_type(
    expected: dict[str, Any], article_texts: dict[str, str]
) -> None:
    types: Counter[str] = Counter()
    for name, meta in expected["articles"].items():
        text = article_texts[name]
        commentary = [
            line for line in text.split("\n") if line.startswith(tuple(meta["commentary"]))
        ]
        assert meta["events"], f"{name} has no expected event"
        for event in meta["events"]:
            types[event["event_type"]] += 1
            assert event["event_type"] in PLOVER_TYPES
            assert event["source"] or event["target"]
            assert all(plausible_code(c) for c in event["source"] + event["target"]), event
            assert event["trigger"] in text, (name, event["trigger"])
            assert not any(event["trigger"] in c for c in commentary) or text.count(
                event["trigger"]
            ) > sum(c.count(event["trigger"]) for c in commentary), "coded from commentary"
            if event["condition"] is not None:
                assert event["condition"] in text, (name, event["condition"])
            assert isinstance(event["negated"], bool)
            assert isinstance(event["hypothetical"], bool)
    assert set(types) == PLOVER_TYPES, PLOVER_TYPES - set(types)


def test_same_story_articles_expect_the_same_events(expected: dict[str, Any]) -> None:
    def signature(name: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], Any]]:
        return [
            (e["event_type"], tuple(e["source"]), tuple(e["target"]), e["quantity"])
            for e in expected["articles"][name]["events"]
        ]

    for story in samples.stories():
        texts = [m.split("/", 1)[1] for m in story["members"] if m.startswith("articles/")]
        for other in texts[1:]:
            assert signature(texts[0]) == signature(other), (texts[0], other)


# ------------------------------------------------------------------ stories.json
def _all_items(expected: dict[str, Any]) -> set[str]:
    items = {f"articles/{p.name}" for p in samples.article_paths()}
    items |= {f"html/{p.name}" for p in samples.html_paths()}
    for feed, info in expected["feeds"].items():
        items |= {f"feeds/{feed}#{entry['link']}" for entry in info["entries"]}
    return items


def test_stories_partition_every_sample_item(expected: dict[str, Any]) -> None:
    stories = samples.stories()
    members = [m for s in stories for m in s["members"]]
    assert len(members) == len(set(members)), "an item belongs to one story only"
    assert set(members) == _all_items(expected)
    assert len({s["id"] for s in stories}) == len(stories)
    for member in members:
        path = samples.samples_dir() / member.split("#", 1)[0]
        assert path.is_file(), member


def test_story_links_are_inside_their_story_and_of_every_kind() -> None:
    stories = samples.stories()
    kinds: Counter[str] = Counter()
    for story in stories:
        for first, second, kind in story["relations"]:
            assert first in story["members"], story["id"]
            assert second in story["members"], story["id"]
            kinds[kind] += 1
    for kind in ("translation", "syndicated-copy", "rewrite", "same-article-html"):
        assert kinds[kind] >= 1, kind
    cross_language = [
        s
        for s in stories
        if len({m[12:14] for m in s["members"] if m.startswith("articles/")}) == 2
    ]
    assert len(cross_language) >= 3


def test_distractors_are_in_different_stories() -> None:
    raw = json.loads((samples.samples_dir() / "stories.json").read_text(encoding="utf-8"))
    story_of = {m: s["id"] for s in raw["stories"] for m in s["members"]}
    assert raw["distractors"]
    for first, second in raw["distractors"]:
        assert story_of[first] != story_of[second], (first, second)


def test_syndicated_copy_differs_only_in_boilerplate(
    expected: dict[str, Any], article_texts: dict[str, str]
) -> None:
    for story in samples.stories():
        for first, second, kind in story["relations"]:
            if kind != "syndicated-copy":
                continue
            kept = []
            for member in (first, second):
                name = member.split("/", 1)[1]
                boiler = tuple(expected["articles"][name]["boilerplate"])
                lines = article_texts[name].split("\n")
                kept.append(
                    [line for line in lines if line.strip() and not line.startswith(boiler)]
                )
            assert kept[0] == kept[1]
            assert article_texts[first[9:]] != article_texts[second[9:]]


# ------------------------------------------------------------------ HTML and feeds
@pytest.mark.parametrize("path", samples.html_paths(), ids=lambda p: p.name[:12])
def test_html_pages_carry_the_expected_metadata(path: Path, expected: dict[str, Any]) -> None:
    want = expected["html"][path.name]
    page = _PageParser()
    page.feed(path.read_text(encoding="utf-8"))
    assert html.unescape(page.meta["og:title"]) == want["title"]
    assert page.meta["author"] == want["author"]
    assert page.meta["article:published_time"] == want["published_at"]
    assert page.meta["og:url"] == want["url"]
    (ld,) = (json.loads(block) for block in page.json_ld)
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == want["title"]
    assert ld["inLanguage"] == want["language"]
    assert ld["author"][0]["name"] == want["author"]
    for tag in ("nav", "footer", "article", "h1", "h2", "time"):
        assert page.tags[tag] >= 1, tag
    assert "cookie-banner" in page.ids
    assert "share-buttons" in page.classes
    assert ("analysis" in page.classes) == bool(want["commentary"]), "commentary is marked up"
    assert len(samples.html_paths()) == 3
    assert want["article"] in expected["articles"]


@pytest.mark.parametrize("path", samples.feed_paths(), ids=lambda p: p.name)
def test_feeds_parse_cleanly_and_match_expected(path: Path, expected: dict[str, Any]) -> None:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    want = expected["feeds"][path.name]
    assert parsed.version.startswith(want["format"])
    assert len(parsed.entries) == len(want["entries"]) == (5 if want["format"] == "rss" else 3)
    for entry, wanted in zip(parsed.entries, want["entries"], strict=True):
        assert entry.title == wanted["title"]
        assert entry.link == wanted["link"]
        assert wanted["author"] in entry.author
        assert entry.published_parsed is not None
        assert entry.summary.strip()
        assert len(entry.content[0].value) > 500
        assert wanted["title"] == expected["articles"][wanted["article"]]["title"]


# ------------------------------------------------------------------ gold files
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_gold_line_is_a_well_formed_record(language: str) -> None:
    records = load_gold(language)
    problems = {r.get("id"): gold_problems(r, language) for r in records}
    assert {k: v for k, v in problems.items() if v} == {}
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("language", "minimum", "per_type", "no_event"), [("fr", 80, 4, 8), ("en", 60, 4, 6)]
)
def test_gold_covers_every_type(language: str, minimum: int, per_type: int, no_event: int) -> None:
    records = load_gold(language)
    assert len(records) >= minimum
    types = Counter(e["event_type"] for r in records for e in r["events"])
    assert set(types) == PLOVER_TYPES
    assert min(types.values()) >= per_type, types
    assert sum(1 for r in records if not r["events"]) >= no_event


def test_french_gold_has_the_hard_cases() -> None:
    records = load_gold("fr")
    events = [e for r in records for e in r["events"]]
    texts = [r["text"] for r in records]
    actor_texts = {a["text"] for e in events for a in e["source"] + e["target"]}
    assert sum(e["negated"] for e in events) >= 6
    assert sum(e["hypothetical"] for e in events) >= 6
    assert sum(e["condition"] is not None for e in events) >= 4
    assert sum(e["attributed_to"] is not None for e in events) >= 8
    assert sum(e.get("duration") is not None for e in events) >= 6
    assert sum(e["quantity"] is not None for e in events) >= 15
    assert sum(len(e["source"]) + len(e["target"]) >= 3 for e in events) >= 4, "coordination"
    assert sum(len(r["events"]) >= 2 for r in records) >= 2
    assert sum(bool(re.search(r"\b(a|ont) été \w+", t)) for t in texts) >= 5, "passive voice"
    assert any(re.search(r"\d[\u00a0\u202f]\d{3}", t) for t in texts), "no-break space in a number"
    assert any(re.search(r"\d \d{3}", t) for t in texts), "plain space in a number"
    assert any(re.search(r"\d,\d+ milliards?", t) for t in texts), "decimal comma"
    for capital in ("Moscou", "Washington", "Pékin", "Bruxelles"):
        assert capital in actor_texts, capital
    assert {"Kiev", "Kyiv"} & actor_texts
    for acronym in ("OTAN", "ONU", "UE"):
        assert any(acronym in a for a in actor_texts), acronym
    assert any(re.search(r"\bselon\b", t) for t in texts)
    assert any("a déclaré" in t for t in texts)


def test_english_records_parallel_french_ones() -> None:
    french = {r["id"]: r for r in load_gold("fr")}
    for record in load_gold("en"):
        twin = french[record["parallel_id"]]
        assert [e["event_type"] for e in record["events"]] == [
            e["event_type"] for e in twin["events"]
        ], record["id"]


# The checks above are only worth something if they reject bad records: break a
# good record in one way and the validator must notice.
_MUTATIONS = (
    "drop_key",
    "lower_type",
    "unknown_code",
    "actor_not_in_text",
    "flag_not_bool",
    "bad_mode",
    "bad_sector",
)


@settings(max_examples=60, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=10_000),
    mutation=st.sampled_from(_MUTATIONS),
    key=st.sampled_from(EVENT_KEYS),
)
def test_the_gold_validator_rejects_broken_records(index: int, mutation: str, key: str) -> None:
    records = [r for r in load_gold("fr") if r["events"]]
    record = copy.deepcopy(records[index % len(records)])
    assert gold_problems(record, "fr") == []
    event = record["events"][0]
    actors = event["source"] or event["target"]
    if mutation == "drop_key":
        del event[key]
    elif mutation == "lower_type":
        event["event_type"] = event["event_type"].lower()
    elif mutation == "unknown_code":
        actors[0]["code"] = "XXQ"
    elif mutation == "actor_not_in_text":
        actors[0]["text"] += " introuvable"
    elif mutation == "flag_not_bool":
        event["negated"] = "no"
    elif mutation == "bad_mode":
        event["mode"] = "not-a-mode"
    else:
        actors[0]["sector"] = "gov"
    assert gold_problems(record, "fr") != []


def test_the_gold_validator_rejects_non_records() -> None:
    assert gold_problems([], "fr") == ["record is not an object"]
    assert gold_problems({"id": "fr-001"}, "fr")
    good = load_gold("fr")[0]
    assert gold_problems(good, "en"), "a French record in the English file"
