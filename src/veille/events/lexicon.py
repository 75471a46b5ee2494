"""Per-language lexicons: every word the event coder reads (data files in ``veille/data/lexicon``).

A language is a folder ``data/lexicon/<language>/`` of tab-separated files,
each with a ``#`` header naming its origin and licence:

- ``triggers.tsv`` maps a lemma (verb or noun) to a PLOVER type, mode and
  CAMEO code, optionally only when one of a few other lemmas depends on it
  ("open" + "fire", "pointer" + "doigt"); fallback trigger files widen
  coverage (below);
- ``cues.tsv`` lists words that negate, modalise, condition, attribute or
  frame an event (:data:`CUE_KINDS`);
- ``grammar.tsv`` lists the function words the argument rules read:
  prepositions, conjunctions, possessives (:class:`Grammar`);
- ``quantities.tsv`` the words of amounts and durations (number words,
  scales, currencies, units: :class:`QuantityWords`);
- ``calendar.tsv`` month and day names for the date an event happened
  (:class:`Calendar`);
- ``lemmas.tsv`` (optional) guesses at lemmas the lemmatiser missed
  (:class:`LemmaGuess`);
- ``nonevents.tsv`` (optional) more cue rows, of the kinds the non-event
  steps read (sport, culture, markets, private crime, disasters, phrases
  that hold a trigger word but name no act), joined to ``cues.tsv``.

``triggers.tsv`` and ``cues.tsv`` are required; a missing other file leaves
its words empty. Adding a language is adding such a folder (and a spaCy
pipeline in :mod:`veille.nlp`); no code names a language.

Fallback trigger files widen coverage: ``triggers_extra.tsv`` (more words
written by hand) and ``triggers_cameo.tsv`` (built from the PETRARCH2 CAMEO
verb dictionary by ``scripts/build_trigger_lexicon.py``). They are read in
that order after ``triggers.tsv``, and a file only adds a lemma for a part of
speech that no earlier file lists: the hand-tuned rows always win.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from veille.datafiles import has_data, read_data, tsv_rows
from veille.errors import OntologyError
from veille.events.ontology import EVENT_TYPES, load_ontology

NO_EVENT = "NONE"
"""The type of a trigger row that names a sense of the word which is no event.

Such a row needs companion words ("accuser" + "baisse": a firm "accuse une
baisse" of its sales, it accuses nobody; "release" + "video"): when one
stands near the word, the word is no trigger at all.
"""

NONEVENT_CUE_FILE = "nonevents.tsv"
"""Optional cue file of a language: the words of the non-event steps (``events/nonevents.py``)."""
FALLBACK_TRIGGER_FILES = ("triggers_extra.tsv", "triggers_cameo.tsv")
"""Optional trigger files of a language, read after ``triggers.tsv``, first one wins."""

CUE_KINDS = (
    "negation",
    "nodet",
    "deny",
    "possible",
    "hearsay",
    "intended",
    "announced",
    "report",
    "according",
    "condition",
    "concessive",
    "approx",
    "pair",
    "pair_alone",
    "role",
    "military",
    "pronoun",
    "subject_pronoun",
    "latter",
    "latter_pronoun",
    "place_anaphor",
    "bilateral",
    "opposing",
    "partner",
    "place",
    "locative",
    "reprisal",
    "copula",
    "frame",
    "circumstance",
    "casualty",
    "perish",
    "tally",
    "disaster",
    "violence",
    "sport",
    "undergo",
    "ruling",
    "culture",
    "market",
    "private",
    "public",
    "anyone",
    "stranger",
    "asking",
    "idiom",
    "idea",
    "travel",
    "venue",
    "alongside",
    "training",
    "forewarn",
    "danger",
)


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon row: a lemma that signals an event of ``event_type``."""

    lemma: str
    pos: str
    event_type: str
    mode: str | None
    cameo: str
    with_lemmas: frozenset[str]


@dataclass(frozen=True, slots=True)
class Grammar:
    """Function words the argument rules read (``grammar.tsv``; kinds explained there)."""

    target_cases: frozenset[str] = frozenset()
    recipient_cases: frozenset[str] = frozenset()
    agent_cases: frozenset[str] = frozenset()
    patient_cases: frozenset[str] = frozenset()
    complement_cases: frozenset[str] = frozenset()
    speaker_cases: frozenset[str] = frozenset()
    agent_markers: frozenset[str] = frozenset()
    attack_cases: frozenset[str] = frozenset()
    datives: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    joiners: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    elision_subjects: frozenset[str] = frozenset()
    headline_noun_tags: frozenset[str] = frozenset()
    infinitive_endings: frozenset[str] = frozenset()
    etre_verbs: frozenset[str] = frozenset()


GRAMMAR_KINDS = {
    "target_case": "target_cases",
    "recipient_case": "recipient_cases",
    "agent_case": "agent_cases",
    "patient_case": "patient_cases",
    "complement_case": "complement_cases",
    "speaker_case": "speaker_cases",
    "agent_marker": "agent_markers",
    "attack_case": "attack_cases",
    "dative": "datives",
    "coordinator": "coordinators",
    "joiner": "joiners",
    "possessive": "possessives",
    "relative_pronoun": "relative_pronouns",
    "elision_subject": "elision_subjects",
    "headline_noun_tag": "headline_noun_tags",
    "infinitive_ending": "infinitive_endings",
    "etre_verb": "etre_verbs",
}
"""Kinds of ``grammar.tsv`` rows and the :class:`Grammar` field each fills."""


@dataclass(frozen=True, slots=True)
class QuantityWords:
    """Words of amounts and durations (``quantities.tsv``; kinds explained there).

    Sequences keep the file's order; ``months`` are the month names of
    ``calendar.tsv`` that a number before them makes a date ("12 mars").
    """

    numbers: dict[str, float] = field(default_factory=dict)
    not_counts: frozenset[str] = frozenset()
    party_determiners: frozenset[str] = frozenset()
    party_nouns: frozenset[str] = frozenset()
    party_openers: frozenset[str] = frozenset()
    estimates: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    scales: dict[str, float] = field(default_factory=dict)
    short_scales: dict[str, float] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)
    currency_signs: dict[str, str] = field(default_factory=dict)
    percent: frozenset[str] = frozenset()
    unit_links: frozenset[str] = frozenset()
    never_counted: frozenset[str] = frozenset()
    duration_units: dict[str, int] = field(default_factory=dict)
    compound_units: tuple[str, ...] = ()
    duration_leads: tuple[str, ...] = ()
    duration_fillers: tuple[str, ...] = ()
    duration_determiners: tuple[str, ...] = ()
    duration_qualifiers: tuple[str, ...] = ()
    labels: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    fractions: tuple[str, ...] = ()
    street_words: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Calendar:
    """Month and day names for the date an event happened (``calendar.tsv``).

    Dictionaries keep the file's order, which is the order words are tried in.
    """

    months: dict[str, int] = field(default_factory=dict)
    month_homographs: dict[str, int] = field(default_factory=dict)
    # Abbreviations: read by the publication dates of veille.extract.dates, not by the coder.
    month_abbreviations: dict[str, int] = field(default_factory=dict)
    day_suffixes: tuple[str, ...] = ()
    date_orders: tuple[str, ...] = ()
    relative_days: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LemmaGuess:
    """A lemma the lemmatiser may have missed: ``ending`` replaced by ``replacement``."""

    tags: frozenset[str]
    ending: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word the event coder reads, for one language (see the module docstring)."""

    language: str
    triggers: dict[str, tuple[TriggerEntry, ...]]
    cues: dict[str, frozenset[str]]
    grammar: Grammar
    quantities: QuantityWords
    calendar: Calendar
    lemma_guesses: tuple[LemmaGuess, ...]

    def cue(self, kind: str) -> frozenset[str]:
        """Cue phrases of ``kind`` (lower case); empty when the language has none."""
        return self.cues.get(kind, frozenset())


def _rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [line.rstrip("\n").split("\t") for line in lines[1:]]


def parse_triggers(text: str, source: str = "triggers.tsv") -> dict[str, tuple[TriggerEntry, ...]]:
    """Parse a ``triggers.tsv`` text; raise :class:`OntologyError` on a bad row."""
    ontology = load_ontology()
    table: dict[str, list[TriggerEntry]] = defaultdict(list)
    for row in _rows(text):
        cells = [*row, *[""] * (6 - len(row))]
        lemma, pos, event_type, mode, cameo, with_ = (cell.strip() for cell in cells[:6])
        no_event = event_type == NO_EVENT
        if (
            (event_type not in EVENT_TYPES and not no_event)
            or pos not in ("V", "N", "*")
            or not lemma
            or (no_event and not with_.strip())
        ):
            raise OntologyError(
                f"{source}: bad trigger row {row!r}; pos must be V, N or * and the type one of "
                f"{', '.join(EVENT_TYPES)}, or {NO_EVENT} with companion words"
            )
        if cameo and cameo not in ontology:
            raise OntologyError(f"{source}: unknown CAMEO code {cameo!r} for {lemma!r}")
        table[lemma.lower()].append(
            TriggerEntry(
                lemma=lemma.lower(),
                pos=pos,
                event_type=event_type,
                mode=mode or None,
                cameo="" if no_event else cameo or ontology.default_cameo(event_type),
                with_lemmas=frozenset(w.strip().lower() for w in with_.split(",") if w.strip()),
            )
        )
    return {lemma: tuple(entries) for lemma, entries in table.items()}


def with_fallbacks(
    primary: dict[str, tuple[TriggerEntry, ...]],
    *fallbacks: dict[str, tuple[TriggerEntry, ...]],
) -> dict[str, tuple[TriggerEntry, ...]]:
    """Add to ``primary`` what each fallback table says that no earlier table says.

    Tables are read in order and the first to list a lemma for a part of
    speech wins it: a fallback row for "strike" as a verb is kept when the
    earlier tables list "strike" only as a noun, and dropped when they list
    it as a verb or as either (``*``). A hand-written reading is thus never
    mixed with, or outranked by, a row of a wider, noisier list.
    """
    merged = dict(primary)
    for table in fallbacks:
        for lemma, entries in table.items():
            known = merged.get(lemma, ())
            taken = set().union(*(_parts_of_speech(e.pos) for e in known))
            extra = tuple(e for e in entries if not _parts_of_speech(e.pos) & taken)
            if extra:
                merged[lemma] = known + extra
    return merged


def _parts_of_speech(pos: str) -> set[str]:
    """Return the parts of speech a row's ``pos`` column covers (``*``: verb and noun)."""
    return {"V", "N"} if pos == "*" else {pos}


def parse_cues(text: str, source: str = "cues.tsv") -> dict[str, frozenset[str]]:
    """Parse a ``cues.tsv`` text into cue phrases by kind."""
    cues: dict[str, set[str]] = defaultdict(set)
    for row in _rows(text):
        if len(row) < 2 or row[0].strip() not in CUE_KINDS:
            raise OntologyError(
                f"{source}: bad cue row {row!r}; the kind must be one of {', '.join(CUE_KINDS)}"
            )
        cues[row[0].strip()].add(row[1].strip().lower())
    return {kind: frozenset(values) for kind, values in cues.items()}


def merge_cues(*tables: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Join cue tables read from several files: a kind's phrases are the union of its rows."""
    merged: dict[str, set[str]] = defaultdict(set)
    for table in tables:
        for kind, phrases in table.items():
            merged[kind] |= phrases
    return {kind: frozenset(phrases) for kind, phrases in merged.items()}


def parse_grammar(text: str, source: str = "grammar.tsv") -> Grammar:
    """Parse a ``grammar.tsv`` text (kind, word) into a :class:`Grammar`."""
    words: dict[str, set[str]] = defaultdict(set)
    for kind, word in tsv_rows(text, source, 2, OntologyError):
        words[_known(kind, GRAMMAR_KINDS, source)].add(word.strip().lower())
    return Grammar(**{GRAMMAR_KINDS[kind]: frozenset(found) for kind, found in words.items()})


QUANTITY_KINDS = (
    "number",
    "not_count",
    "party_determiner",
    "party_noun",
    "party_opener",
    "estimate",
    "others",
    "scale",
    "short_scale",
    "currency",
    "currency_sign",
    "percent",
    "unit_link",
    "never_counted",
    "duration_unit",
    "compound_unit",
    "duration_lead",
    "duration_filler",
    "duration_determiner",
    "duration_qualifier",
    "label",
    "measure",
    "fraction",
    "street",
)
"""Kinds of ``quantities.tsv`` rows."""


def parse_quantities(
    text: str, source: str = "quantities.tsv", calendar: Calendar | None = None
) -> QuantityWords:
    """Parse a ``quantities.tsv`` text (kind, word, value) into :class:`QuantityWords`.

    ``calendar`` gives the month names a number before them makes a date.
    """
    rows = _kind_rows(text, source, QUANTITY_KINDS)
    try:
        return QuantityWords(
            numbers={w: float(v) for w, v in rows["number"]},
            not_counts=frozenset(w for w, _ in rows["not_count"]),
            party_determiners=frozenset(w for w, _ in rows["party_determiner"]),
            party_nouns=frozenset(w for w, _ in rows["party_noun"]),
            party_openers=frozenset(w for w, _ in rows["party_opener"]),
            estimates=frozenset(w for w, _ in rows["estimate"]),
            others=frozenset(w for w, _ in rows["others"]),
            scales={w: float(v) for w, v in rows["scale"]},
            short_scales={w: float(v) for w, v in rows["short_scale"]},
            currencies=dict(rows["currency"]),
            currency_signs=dict(rows["currency_sign"]),
            percent=frozenset(w for w, _ in rows["percent"]),
            unit_links=frozenset(w for w, _ in rows["unit_link"]),
            never_counted=frozenset(w for w, _ in rows["never_counted"]),
            duration_units={w: int(v) for w, v in rows["duration_unit"]},
            compound_units=tuple(w for w, _ in rows["compound_unit"]),
            duration_leads=tuple(w for w, _ in rows["duration_lead"]),
            duration_fillers=tuple(w for w, _ in rows["duration_filler"]),
            duration_determiners=tuple(w for w, _ in rows["duration_determiner"]),
            duration_qualifiers=tuple(w for w, _ in rows["duration_qualifier"]),
            labels=frozenset(w for w, _ in rows["label"]),
            measures=frozenset(w for w, _ in rows["measure"]),
            fractions=tuple(w for w, _ in rows["fraction"]),
            street_words=frozenset(w for w, _ in rows["street"]),
            months=frozenset(calendar.months) if calendar is not None else frozenset(),
        )
    except ValueError as exc:
        raise OntologyError(f"{source}: a value is not a number ({exc}); fix the row") from exc


CALENDAR_KINDS = (
    "month",
    "month_homograph",
    "month_short",
    "day_suffix",
    "date_order",
    "relative_day",
    "weekday",
)
"""Kinds of ``calendar.tsv`` rows."""

DATE_ORDERS = ("day month", "month day")


def parse_calendar(text: str, source: str = "calendar.tsv") -> Calendar:
    """Parse a ``calendar.tsv`` text (kind, word, value) into a :class:`Calendar`."""
    rows = _kind_rows(text, source, CALENDAR_KINDS)
    orders = tuple(w for w, _ in rows["date_order"])
    if any(order not in DATE_ORDERS for order in orders):
        raise OntologyError(
            f"{source}: a date_order is one of {', '.join(map(repr, DATE_ORDERS))}, got {orders}"
        )
    try:
        return Calendar(
            months={w: int(v) for w, v in rows["month"]},
            month_homographs={w: int(v) for w, v in rows["month_homograph"]},
            month_abbreviations={w: int(v) for w, v in rows["month_short"]},
            day_suffixes=tuple(w for w, _ in rows["day_suffix"]),
            date_orders=orders,
            relative_days={w: int(v) for w, v in rows["relative_day"]},
            weekdays={w: int(v) for w, v in rows["weekday"]},
        )
    except ValueError as exc:
        raise OntologyError(f"{source}: a value is not a number ({exc}); fix the row") from exc


def parse_lemma_guesses(text: str, source: str = "lemmas.tsv") -> tuple[LemmaGuess, ...]:
    """Parse a ``lemmas.tsv`` text (tags, ending, replacement), in file order."""
    return tuple(
        LemmaGuess(frozenset(t.strip() for t in tags.split(",")), ending, replacement)
        for tags, ending, replacement in tsv_rows(text, source, 3, OntologyError)
    )


def _kind_rows(
    text: str, source: str, kinds: Iterable[str]
) -> defaultdict[str, list[tuple[str, str]]]:
    """Return the (word, value) rows of a kind, word, value table by kind, in file order.

    Words are taken as written: the files write them lower case, currency signs
    as they appear ("US$").
    """
    rows: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, word, value in tsv_rows(text, source, 3, OntologyError):
        rows[_known(kind, kinds, source)].append((word.strip(), value.strip()))
    return rows


def _known(kind: str, kinds: Iterable[str], source: str) -> str:
    kind = kind.strip()
    if kind not in kinds:
        raise OntologyError(
            f"{source}: unknown kind {kind!r}; the kind must be one of {', '.join(kinds)}"
        )
    return kind


@lru_cache(maxsize=8)
def load_lexicon(language: str) -> Lexicon:
    """Load (once per process) every word file of ``language`` (see the module docstring)."""
    folder = f"lexicon/{language}"
    try:
        triggers = read_data(folder, "triggers.tsv")
        cues = read_data(folder, "cues.tsv")
    except OSError as exc:
        raise OntologyError(
            f"no event lexicon for language {language!r} ({exc}); "
            "add data/lexicon/<language>/triggers.tsv and cues.tsv"
        ) from exc
    fallbacks = [
        parse_triggers(read_data(folder, name), f"{language}/{name}")
        for name in FALLBACK_TRIGGER_FILES
        if has_data(folder, name)
    ]

    def optional(name: str) -> str:
        return read_data(folder, name) if has_data(folder, name) else ""

    calendar = parse_calendar(optional("calendar.tsv"), f"{language}/calendar.tsv")
    return Lexicon(
        language=language,
        triggers=with_fallbacks(parse_triggers(triggers, f"{language}/triggers.tsv"), *fallbacks),
        cues=merge_cues(
            parse_cues(cues, f"{language}/cues.tsv"),
            parse_cues(optional(NONEVENT_CUE_FILE), f"{language}/{NONEVENT_CUE_FILE}"),
        ),
        grammar=parse_grammar(optional("grammar.tsv"), f"{language}/grammar.tsv"),
        quantities=parse_quantities(
            optional("quantities.tsv"), f"{language}/quantities.tsv", calendar
        ),
        calendar=calendar,
        lemma_guesses=parse_lemma_guesses(optional("lemmas.tsv"), f"{language}/lemmas.tsv"),
    )
