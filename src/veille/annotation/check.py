"""Check an annotated JSONL file against the record format of ``docs/codebook.md``.

Every line is one record: ``{"id", "language", "date", "text", "events": [...]}``,
or, for a whole article, the same with ``"kind": "article"`` and ``"title"``.
The checks are the ones an adjudicator would otherwise do by eye:

- JSON syntax, required fields and their types, no unknown field in an event
  or an actor (a misspelt key would silently drop a value);
- ``event_type`` one of the 16 PLOVER types, ``mode`` valid for that type
  (from ``data/ontology/cameo.tsv``), ``how`` and ``sector`` from the closed
  lists, actor codes known (ISO alpha-3 states and territories, the
  organisation codes of veille's actor table, or a generic ``IGO``/``NGO``/``IMG``);
- every text field an exact substring of the record (in an article, of the
  event's ``sentence``, itself a substring of the title or the body);
- quantity and duration shapes; two events of one record that the codebook
  says to merge (same type, same actors, same flags, same sentence);
- with a batch file, the same ids as the batch, none missing or extra, and
  every batch field kept unchanged.

Problems carry the line number; :func:`check_file` returns them all rather
than stopping at the first, so one run lists everything to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from veille.datafiles import read_data, tsv_rows
from veille.events.ontology import EVENT_TYPES, load_ontology

SECTORS: tuple[str, ...] = ("GOV", "MIL", "LEG", "JUD", "POL", "REB", "OPP", "CVL", "MED", "BUS")
"""Sector codes of the codebook (section "Sectors")."""

GENERIC_CODES: Mapping[str, str] = {
    "IGO": "an intergovernmental organisation that has no code of its own",
    "NGO": "a non-governmental organisation with no single country and no code of its own",
    "IMG": "an armed group tied to no single country, when no country can be given",
}
"""Codes that name a kind of actor rather than one actor (codebook, "Actor codes")."""

HOW_VALUES: tuple[str, ...] = ("stated", "coreference", "context")
"""How an actor was found: named in the sentence, through an earlier mention, or the article."""

LANGUAGES: tuple[str, ...] = ("fr", "en")

REQUIRED_EVENT_KEYS: tuple[str, ...] = (
    "event_type",
    "mode",
    "source",
    "target",
    "quantity",
    "negated",
    "hypothetical",
    "condition",
    "attributed_to",
    "duration",
    "trigger",
)
OPTIONAL_EVENT_KEYS: tuple[str, ...] = ("event_loc", "background", "sentence")
ACTOR_KEYS = frozenset({"text", "code", "sector", "how"})
QUANTITY_KEYS = frozenset({"value", "unit", "approximate"})
DURATION_KEYS = frozenset({"text", "days"})
PLACE_KEYS = frozenset({"name", "country code"})
# Fields an annotator adds to a batch line; everything else comes from the batch.
ANNOTATION_KEYS = frozenset({"events", "note"})

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in an annotated file: where, in which record, and what to do."""

    line: int
    record_id: str | None
    message: str

    def render(self, path: str) -> str:
        """Return ``path:line: [id] message``, the form editors and CI logs link to."""
        where = f" [{self.record_id}]" if self.record_id else ""
        return f"{path}:{self.line}:{where} {self.message}"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The closed lists the checks use, read from veille's packaged data."""

    modes: Mapping[str, frozenset[str]]
    states: frozenset[str]
    alpha2: frozenset[str]
    organisations: frozenset[str]
    parents: Mapping[str, str]
    groups: Mapping[str, str | None]
    currencies: frozenset[str]

    def code_problem(self, code: str) -> str | None:
        """Return why ``code`` is not a valid actor code, or None when it is."""
        if code in self.states or code in self.organisations or code in GENERIC_CODES:
            return None
        if code in self.parents:
            return (
                f"actor code {code!r} is an organ of {self.parents[code]}: "
                f"code it {self.parents[code]!r} (codebook, Actor codes)"
            )
        if code in self.groups:
            country = self.groups[code] or "the country where it acts"
            return (
                f"actor code {code!r} is an armed or political group: code it as its country "
                f"({country}) with a sector such as REB (codebook, Armed and non-state groups)"
            )
        if code.startswith("PER:"):
            return (
                f"actor code {code!r} is a person: code the state or body the person acts for "
                "(codebook, Persons)"
            )
        if code.upper() != code:
            return f"actor code {code!r} must be upper case"
        return (
            f"unknown actor code {code!r}: use an ISO 3166-1 alpha-3 code, an organisation code "
            f"of the codebook, one of {', '.join(GENERIC_CODES)}, or null when unknown"
        )


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Read the vocabulary once per process: ontology modes, states, organisations, currencies."""
    from babel.numbers import list_currencies  # noqa: PLC0415 - only the checker needs it

    from veille.actors.kb import KnowledgeBase  # noqa: PLC0415 - heavy, loaded on use

    ontology = load_ontology()
    kb = KnowledgeBase.load(historical=False)
    organisations: set[str] = set()
    parents: dict[str, str] = {}
    groups: dict[str, str | None] = {}
    for actor in kb.actors():
        if actor.type in ("organisation", "bloc"):
            parent = kb.parent(actor.id)
            if parent is None:
                organisations.add(actor.id)
            else:
                # An organ of an organ (none today) still points at the top body.
                while kb.parent(parent) is not None:
                    parent = kb.parent(parent) or parent
                parents[actor.id] = parent
        elif actor.type == "group":
            groups[actor.id] = actor.country
    states = {a.id for a in kb.actors() if a.type == "state"}
    alpha2 = {row[1] for row in tsv_rows(read_data("actors", "states.tsv"), "states.tsv", 4)}
    return Vocabulary(
        modes={t: ontology.modes(t) for t in EVENT_TYPES},
        states=frozenset(states),
        alpha2=frozenset(alpha2),
        organisations=frozenset(organisations),
        parents=parents,
        groups=groups,
        currencies=frozenset(list_currencies()),
    )


# ------------------------------------------------------------------ one record
class _RecordChecker:
    """Collects the problems of one record; each method checks one part of it."""

    def __init__(self, raw: dict[str, Any], line: int, vocab: Vocabulary) -> None:
        self.raw = raw
        self.line = line
        self.vocab = vocab
        record_id = raw.get("id")
        self.record_id = record_id if isinstance(record_id, str) else None
        self.problems: list[Problem] = []
        self.is_article = raw.get("kind") == "article"
        text, title = raw.get("text"), raw.get("title")
        self.text = text if isinstance(text, str) else ""
        self.title = title if isinstance(title, str) else ""

    def add(self, message: str) -> None:
        self.problems.append(Problem(self.line, self.record_id, message))

    def run(self) -> list[Problem]:
        self.check_header()
        events = self.raw.get("events")
        if not isinstance(events, list):
            self.add('"events" must be a list of events ([] when the record reports none)')
            return self.problems
        for index, event in enumerate(events, 1):
            self.check_event(event, f"event {index}")
        self.check_merges(events)
        return self.problems

    def check_header(self) -> None:
        raw = self.raw
        if not isinstance(raw.get("id"), str) or not raw["id"].strip():
            self.add('"id" must be a non-empty string')
        if not isinstance(raw.get("text"), str) or not raw["text"].strip():
            self.add('"text" must be a non-empty string')
        if raw.get("language") not in LANGUAGES:
            self.add(f'"language" must be one of {", ".join(LANGUAGES)}')
        self.check_date(raw.get("date"))
        kind = raw.get("kind", "sentence")
        if kind not in ("sentence", "article"):
            self.add('"kind" must be "article" for a whole article, or left out for a sentence')
        if self.is_article and not isinstance(raw.get("title"), str):
            self.add('an article record needs "title" (a string, "" when it has none)')
        if "title" in raw and not self.is_article:
            self.add('"title" belongs to article records only: add "kind": "article" or drop it')
        if "note" in raw and not isinstance(raw["note"], str):
            self.add('"note" must be a string')

    def check_date(self, value: object) -> None:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            self.add('"date" must be an ISO date, YYYY-MM-DD')
            return
        try:
            date.fromisoformat(value)
        except ValueError:
            self.add(f'"date" {value!r} is not a calendar date')

    # -------------------------------------------------------------- events
    def check_event(self, event: object, where: str) -> None:
        if not isinstance(event, dict):
            self.add(f"{where}: an event must be a JSON object")
            return
        missing = [k for k in REQUIRED_EVENT_KEYS if k not in event]
        if self.is_article and "sentence" not in event:
            missing.append("sentence")
        if missing:
            self.add(f"{where}: missing field(s) {', '.join(missing)} (null or false when empty)")
        known = set(REQUIRED_EVENT_KEYS) | set(OPTIONAL_EVENT_KEYS)
        for key in sorted(set(event) - known):
            self.add(f"{where}: unknown field {key!r}; event fields are {', '.join(sorted(known))}")
        if "sentence" in event and not self.is_article:
            self.add(f'{where}: "sentence" belongs to article records only; drop it')
        scope = self.event_scope(event, where)
        event_type = event.get("event_type")
        if event_type not in EVENT_TYPES:
            self.add(f"{where}: event_type {event_type!r} is not one of {', '.join(EVENT_TYPES)}")
        else:
            self.check_mode(event_type, event.get("mode"), where)
        for side in ("source", "target"):
            self.check_side(event.get(side, []), f"{where} {side}", scope)
        for flag in ("negated", "hypothetical"):
            if flag in event and not isinstance(event[flag], bool):
                self.add(f"{where}: {flag!r} must be true or false")
        if "background" in event and not isinstance(event["background"], bool):
            self.add(f'{where}: "background" must be true or false (or left out)')
        self.check_span(event.get("trigger"), f"{where} trigger", scope, required=True)
        self.check_span(event.get("condition"), f"{where} condition", scope)
        self.check_attribution(event.get("attributed_to"), where)
        self.check_quantity(event.get("quantity"), where, scope)
        self.check_duration(event.get("duration"), where, scope)
        self.check_place(event.get("event_loc"), where, scope)

    def event_scope(self, event: dict[str, Any], where: str) -> str:
        """Return the text the event's spans must come from (its sentence, in an article)."""
        if not self.is_article:
            return self.text
        sentence = event.get("sentence")
        if not isinstance(sentence, str) or not sentence.strip():
            if "sentence" in event:
                self.add(f'{where}: "sentence" must be the non-empty sentence holding the trigger')
            return self.text + "\n" + self.title
        if sentence not in self.text and sentence not in self.title:
            self.add(
                f"{where}: sentence {_short(sentence)!r} is not an exact substring of the "
                "article's text or title (copy it character for character)"
            )
            return self.text + "\n" + self.title
        return sentence

    def check_mode(self, event_type: str, mode: object, where: str) -> None:
        valid = self.vocab.modes[event_type]
        if mode is None:
            return
        if not isinstance(mode, str) or mode not in valid:
            choices = ", ".join(sorted(valid)) if valid else "none: use null"
            self.add(f"{where}: mode {mode!r} is not a mode of {event_type} (modes: {choices})")

    def check_side(self, side: object, where: str, scope: str) -> None:
        if not isinstance(side, list):
            self.add(f"{where}: must be a list of actors ([] when there is none)")
            return
        for index, actor in enumerate(side, 1):
            self.check_actor(actor, f"{where} {index}", scope)

    def check_actor(self, actor: object, where: str, scope: str) -> None:
        if not isinstance(actor, dict):
            self.add(f"{where}: an actor must be an object with text, code, sector")
            return
        for key in sorted(set(actor) - ACTOR_KEYS):
            self.add(f"{where}: unknown field {key!r}; actor fields are text, code, sector, how")
        for key in ("text", "code", "sector"):
            if key not in actor:
                self.add(f"{where}: missing {key!r} (null when unknown)")
        self.check_span(actor.get("text"), f"{where} text", scope, required=True)
        self.check_code(actor.get("code"), where)
        sector = actor.get("sector")
        if sector is not None and sector not in SECTORS:
            self.add(f"{where}: sector {sector!r} is not one of {', '.join(SECTORS)} or null")
        how = actor.get("how", "stated")
        if how not in HOW_VALUES:
            self.add(f"{where}: how {how!r} is not one of {', '.join(HOW_VALUES)}")
        elif how != "stated" and not self.is_article:
            self.add(
                f"{where}: how {how!r} is for article records; in a sentence record an actor the "
                'record does not name gets code null (and "how": "stated" or no "how")'
            )

    def check_code(self, code: object, where: str) -> None:
        if code is None:
            return
        if not isinstance(code, str):
            self.add(f"{where}: code must be a string or null")
            return
        problem = self.vocab.code_problem(code)
        if problem:
            self.add(f"{where}: {problem}")

    def check_span(self, value: object, where: str, scope: str, *, required: bool = False) -> None:
        """Check that a text field is null (when allowed) or an exact substring of ``scope``."""
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            self.add(f"{where}: must be a non-empty string copied from the text")
            return
        if value not in scope:
            place = "the event's sentence" if self.is_article else "the record text"
            self.add(f"{where}: {_short(value)!r} is not an exact substring of {place}")

    def check_attribution(self, value: object, where: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(f'{where}: "attributed_to" must be null or {{"text", "code"}}')
            return
        for key in sorted(set(value) - ACTOR_KEYS):
            self.add(f"{where} attributed_to: unknown field {key!r}")
        # The speaker of a quote may stand in an earlier sentence of an article.
        scope = self.text + "\n" + self.title if self.is_article else self.text
        self.check_span(value.get("text"), f"{where} attributed_to text", scope, required=True)
        if "code" not in value:
            self.add(f"{where} attributed_to: missing 'code' (null for an unnamed source)")
        self.check_code(value.get("code"), f"{where} attributed_to")
        sector = value.get("sector")
        if sector is not None and sector not in SECTORS:
            self.add(f"{where} attributed_to: sector {sector!r} is not one of {', '.join(SECTORS)}")

    def check_quantity(self, value: object, where: str, scope: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(f'{where}: "quantity" must be null or {{"value", "unit", "approximate"}}')
            return
        for key in sorted(set(value) - QUANTITY_KEYS):
            self.add(f"{where} quantity: unknown field {key!r}")
        number = value.get("value")
        if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
            self.add(
                f"{where} quantity: value must be a plain non-negative number (60 000 → 60000)"
            )
        if not isinstance(value.get("approximate"), bool):
            self.add(f"{where} quantity: approximate must be true or false")
        unit = value.get("unit")
        if unit is None or unit == "%" or unit in self.vocab.currencies:
            return
        if not isinstance(unit, str) or unit not in scope:
            self.add(
                f"{where} quantity: unit {unit!r} must be the counted noun as written in the "
                "text, '%', an ISO 4217 currency code (EUR, USD) or null"
            )

    def check_duration(self, value: object, where: str, scope: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(f'{where}: "duration" must be null or {{"text", "days"}}')
            return
        for key in sorted(set(value) - DURATION_KEYS):
            self.add(f"{where} duration: unknown field {key!r}")
        self.check_span(value.get("text"), f"{where} duration text", scope, required=True)
        days = value.get("days")
        if isinstance(days, bool) or not isinstance(days, int | float) or days <= 0:
            self.add(f"{where} duration: days must be a positive number (a year is 365)")

    def check_place(self, value: object, where: str, scope: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(f'{where}: "event_loc" must be null or {{"name", "country code"}}')
            return
        for key in sorted(set(value) - PLACE_KEYS):
            self.add(f"{where} event_loc: unknown field {key!r}; use 'name' and 'country code'")
        self.check_span(value.get("name"), f"{where} event_loc name", scope, required=True)
        country = value.get("country code")
        if country is not None and country not in self.vocab.alpha2:
            self.add(
                f"{where} event_loc: country code {country!r} is not an ISO 3166-1 alpha-2 code "
                "(leave it out for seas and lines)"
            )

    def check_merges(self, events: list[Any]) -> None:
        seen: dict[tuple[Any, ...], int] = {}
        for index, event in enumerate(events, 1):
            if not isinstance(event, dict):
                continue
            key = _merge_key(event)
            if key is None:
                continue
            if key in seen:
                self.add(
                    f"event {index}: same type, actors, flags and sentence as event {seen[key]}: "
                    "merge them into one event (codebook, One event per act)"
                )
            else:
                seen[key] = index


def _merge_key(event: dict[str, Any]) -> tuple[Any, ...] | None:
    """Return what makes two events one act in the codebook's merge rule, or None if malformed."""

    def codes(side: object) -> frozenset[str]:
        if not isinstance(side, list):
            return frozenset()
        return frozenset(
            str(a.get("code")) for a in side if isinstance(a, dict) and a.get("code") is not None
        )

    if not isinstance(event.get("event_type"), str):
        return None
    source, target = codes(event.get("source")), codes(event.get("target"))
    if not source and not target:
        return None  # unknown actors on both sides: nothing says the acts are one
    return (
        event["event_type"],
        source,
        target,
        bool(event.get("negated")),
        bool(event.get("hypothetical")),
        bool(event.get("background")),
        event.get("sentence"),
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ whole files
def _parse_lines(lines: Iterable[str]) -> tuple[list[tuple[int, Any]], list[Problem]]:
    parsed: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(number, None, f"not valid JSON ({exc.msg} at column {exc.colno})")
            )
    return parsed, problems


def check_lines(
    lines: Iterable[str],
    batch_lines: Iterable[str] | None = None,
    vocab: Vocabulary | None = None,
) -> list[Problem]:
    """Check annotated JSONL ``lines`` (and, given ``batch_lines``, that they match the batch)."""
    vocab = vocab or load_vocabulary()
    parsed, problems = _parse_lines(lines)
    first_line: dict[str, int] = {}
    for number, raw in parsed:
        if not isinstance(raw, dict):
            problems.append(Problem(number, None, "a record must be a JSON object"))
            continue
        problems.extend(_RecordChecker(raw, number, vocab).run())
        record_id = raw.get("id")
        if isinstance(record_id, str):
            if record_id in first_line:
                problems.append(
                    Problem(
                        number, record_id, f"id repeats the record of line {first_line[record_id]}"
                    )
                )
            else:
                first_line[record_id] = number
    if batch_lines is not None:
        problems.extend(_check_against_batch(parsed, batch_lines))
    return sorted(problems, key=lambda p: p.line)


def _check_against_batch(
    parsed: list[tuple[int, Any]], batch_lines: Iterable[str]
) -> list[Problem]:
    batch, batch_problems = _parse_lines(batch_lines)
    problems = [
        Problem(0, None, f"batch line {p.line}: {p.message}; the batch file is damaged")
        for p in batch_problems
    ]
    wanted = {raw["id"]: raw for _, raw in batch if isinstance(raw, dict) and "id" in raw}
    done: set[str] = set()
    for number, raw in parsed:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        record_id = raw["id"]
        if record_id not in wanted:
            problems.append(Problem(number, record_id, "id is not in the batch: remove the record"))
            continue
        done.add(record_id)
        given = wanted[record_id]
        for key, value in given.items():
            if key in ANNOTATION_KEYS:
                continue
            if key not in raw:
                problems.append(Problem(number, record_id, f"batch field {key!r} was dropped"))
            elif raw[key] != value:
                problems.append(
                    Problem(
                        number,
                        record_id,
                        f"batch field {key!r} was changed; copy it from the batch unchanged",
                    )
                )
        for key in sorted(set(raw) - set(given) - ANNOTATION_KEYS):
            problems.append(
                Problem(
                    number,
                    record_id,
                    f"field {key!r} is not in the batch; add only 'events' (and 'note')",
                )
            )
    for record_id in wanted:
        if record_id not in done:
            problems.append(Problem(0, record_id, "batch record missing from the annotated file"))
    return problems


def check_file(path: str | Path, batch: str | Path | None = None) -> list[Problem]:
    """Check the annotated file ``path`` (and its match with ``batch`` when given)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    batch_lines = None if batch is None else Path(batch).read_text(encoding="utf-8").splitlines()
    return check_lines(lines, batch_lines)
