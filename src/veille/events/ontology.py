"""PLOVER / CAMEO / Goldstein tables, read from ``veille/data/ontology/cameo.tsv``.

The table is rebuilt by ``scripts/build_ontology.py`` from the public PLOVER
mapping and CAMEO code tables (see the file header for origin and licence).
Each CAMEO code carries the PLOVER event type and mode it maps to, its
Goldstein score and its quad class, so an event coded with a PLOVER type can
always be given the CAMEO code, score and class that GDELT/ICEWS users expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from veille.errors import OntologyError

EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
"""The 16 PLOVER event types (2021 set), cooperative first."""

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One row of the CAMEO table."""

    code: str
    name: str
    plover_type: str | None
    plover_mode: str | None
    context: str | None
    goldstein: float
    quad_class: int


class Ontology:
    """Look-ups between PLOVER types, CAMEO codes and Goldstein scores."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        """Index ``codes`` (CAMEO code → row)."""
        self._codes = codes
        self._default: dict[str, str] = {}
        self._modes: dict[str, set[str]] = {t: set() for t in EVENT_TYPES}
        for row in codes.values():
            if row.plover_type in self._modes and row.plover_mode:
                self._modes[row.plover_type].add(row.plover_mode)
        # The default CAMEO code of a PLOVER type is its shortest, lowest code:
        # the family root ("030" for AGREE, "190" for ASSAULT).
        for code in sorted(codes, key=lambda c: (len(c), c)):
            row = codes[code]
            if row.plover_type and len(code) >= 3:
                self._default.setdefault(row.plover_type, code)

    def __contains__(self, code: object) -> bool:
        """Whether ``code`` is a known CAMEO code."""
        return code in self._codes

    def cameo(self, code: str) -> CameoCode:
        """Return the row of CAMEO ``code`` (a string: ``"057"``, not ``57``)."""
        try:
            return self._codes[code]
        except KeyError:
            raise OntologyError(
                f"unknown CAMEO code {code!r}; use a code listed in veille/data/ontology/cameo.tsv"
            ) from None

    def default_cameo(self, event_type: str) -> str:
        """Return the CAMEO code used for ``event_type`` when the trigger names none."""
        try:
            return self._default[event_type]
        except KeyError:
            raise OntologyError(
                f"unknown PLOVER event type {event_type!r}; "
                f"expected one of {', '.join(EVENT_TYPES)}"
            ) from None

    def modes(self, event_type: str) -> frozenset[str]:
        """Return the PLOVER modes valid for ``event_type`` (empty for the types with none).

        A mode is valid for a type when some CAMEO code of the table maps to
        that type with that mode: ``modes("CONSULT")`` is phone, third-party, visit.
        """
        try:
            return frozenset(self._modes[event_type])
        except KeyError:
            raise OntologyError(
                f"unknown PLOVER event type {event_type!r}; "
                f"expected one of {', '.join(EVENT_TYPES)}"
            ) from None

    def goldstein(self, code: str) -> float:
        """Goldstein conflict-cooperation score of CAMEO ``code`` (-10 … +10)."""
        return self.cameo(code).goldstein

    def quad_class(self, code: str) -> int:
        """Quad class of ``code``: 1/2 verbal/material cooperation, 3/4 verbal/material conflict."""
        return self.cameo(code).quad_class


def _parse(text: str) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for line in lines[1:]:  # the first non-comment line names the columns
        parts = line.split("\t")
        if len(parts) != 7:
            raise OntologyError(f"malformed ontology row {line!r}: expected 7 tab-separated fields")
        code, ptype, pmode, context, goldstein, quad, name = parts
        codes[code] = CameoCode(
            code=code,
            name=name,
            plover_type=ptype or None,
            plover_mode=pmode or None,
            context=context or None,
            goldstein=float(goldstein or 0.0),
            quad_class=int(quad),
        )
    return codes


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Load (once per process) the packaged CAMEO/PLOVER/Goldstein table."""
    path = resources.files("veille") / "data" / "ontology" / "cameo.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OntologyError(
            f"cannot read {path}: {exc}; reinstall veille or run scripts/build_ontology.py"
        ) from exc
    return Ontology(_parse(text))
