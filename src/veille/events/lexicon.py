"""Per-language lexicons of event triggers and cue words (data files in ``veille/data/lexicon``).

``triggers.tsv`` maps a lemma (verb or noun) to a PLOVER type, mode and CAMEO
code, optionally only when one of a few other lemmas depends on it ("open" +
"fire", "pointer" + "doigt"). ``cues.tsv`` lists words that negate, modalise,
condition or attribute an event. Adding a language is adding these two files.

Fallback trigger files widen coverage: ``triggers_extra.tsv`` (more words
written by hand) and ``triggers_cameo.tsv`` (built from the PETRARCH2 CAMEO
verb dictionary by ``scripts/build_trigger_lexicon.py``). They are read in
that order after ``triggers.tsv``, and a file only adds a lemma for a part of
speech that no earlier file lists: the hand-tuned rows always win.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from veille.events.ontology import EVENT_TYPES, OntologyError, load_ontology

FALLBACK_TRIGGER_FILES = ("triggers_extra.tsv", "triggers_cameo.tsv")
"""Optional trigger files of a language, read after ``triggers.tsv``, first one wins."""

CUE_KINDS = (
    "negation",
    "nodet",
    "deny",
    "possible",
    "intended",
    "announced",
    "report",
    "according",
    "condition",
    "concessive",
    "approx",
    "pair",
    "role",
    "military",
    "pronoun",
    "bilateral",
    "place",
    "locative",
    "reprisal",
    "copula",
    "frame",
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
class Lexicon:
    """Triggers by lemma and cue phrases by kind, for one language."""

    language: str
    triggers: dict[str, tuple[TriggerEntry, ...]]
    cues: dict[str, frozenset[str]]

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
        if event_type not in EVENT_TYPES or pos not in ("V", "N", "*") or not lemma:
            raise OntologyError(
                f"{source}: bad trigger row {row!r}; pos must be V, N or * and the type one of "
                f"{', '.join(EVENT_TYPES)}"
            )
        if cameo and cameo not in ontology:
            raise OntologyError(f"{source}: unknown CAMEO code {cameo!r} for {lemma!r}")
        table[lemma.lower()].append(
            TriggerEntry(
                lemma=lemma.lower(),
                pos=pos,
                event_type=event_type,
                mode=mode or None,
                cameo=cameo or ontology.default_cameo(event_type),
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


@lru_cache(maxsize=8)
def load_lexicon(language: str) -> Lexicon:
    """Load (once per process) the trigger and cue lexicons of ``language``."""
    folder = resources.files("veille") / "data" / "lexicon" / language
    try:
        triggers = (folder / "triggers.tsv").read_text(encoding="utf-8")
        cues = (folder / "cues.tsv").read_text(encoding="utf-8")
    except OSError as exc:
        raise OntologyError(
            f"no event lexicon for language {language!r} ({exc}); "
            "add data/lexicon/<language>/triggers.tsv and cues.tsv"
        ) from exc
    fallbacks = [
        parse_triggers((folder / name).read_text(encoding="utf-8"), f"{language}/{name}")
        for name in FALLBACK_TRIGGER_FILES
        if (folder / name).is_file()
    ]
    return Lexicon(
        language=language,
        triggers=with_fallbacks(parse_triggers(triggers, f"{language}/triggers.tsv"), *fallbacks),
        cues=parse_cues(cues, f"{language}/cues.tsv"),
    )
