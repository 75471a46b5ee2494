"""Watchlist rules: what a watchlist asks for, checked against the ontology and knowledge base.

A rule is a conjunction: every condition it states must hold. Conditions on
events (a merged event: one real-world event across the articles of a story)

==================  ===========================================================
``actors``          any of these actor codes takes part, on either side
``dyad``            both codes take part (A→B, B→A, or both as sources)
``types``           the PLOVER type is one of these
``quad_classes``    the quad class is one of these (1–4)
``places``          a report locates it in one of these countries (ISO alpha-3)
                    or places (gazetteer ids: ``G:703448``, ``R:sahel``)
``salience``        ``lead`` (default: what a report tells as news),
                    ``background`` or ``all``
``languages``       a report is in one of these languages
``min_goldstein``   Goldstein score at least this (``max_goldstein``: at most)
``negated``         ``false`` (default): only events that happened; ``true``:
                    only denials; ``null``: both
``min_articles``    at least this many distinct articles report it
==================  ===========================================================

and on the full text (``text``: every word, or ``"quoted phrase"``, appears
in a report's title or body, accents and case ignored). A rule with only
``text`` watches articles; one with event conditions watches merged events
(and with ``text`` too, the event's reports must contain it).

``tension`` (with a ``dyad``, and nothing else but ``tension_z``) watches
the dyad's daily tension index instead (see :mod:`veille.alerts.tension`).

Unknown actor codes, event types, places, languages or salience values are
refused with the values that are valid (error ``E-WATCHLIST``), so a typo
never becomes a watchlist that silently matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from veille.errors import WatchlistError
from veille.settings import LANGUAGES
from veille.text import fold

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""Watchlist names: lower-case letters, digits, ``-`` and ``_``, at most 64 characters."""

SALIENCES = ("lead", "background", "all")
DEFAULT_TENSION_Z = 2.0

_WORD = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True, slots=True)
class Rule:
    """A watchlist's conditions (see the module docstring); every stated one must hold."""

    actors: tuple[str, ...] = ()
    dyad: tuple[str, str] | None = None
    types: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    places: tuple[str, ...] = ()
    salience: str = "lead"
    languages: tuple[str, ...] = ()
    min_goldstein: float | None = None
    max_goldstein: float | None = None
    negated: bool | None = False
    min_articles: int = 1
    text: str | None = None
    tension: bool = False
    tension_z: float = DEFAULT_TENSION_Z

    @property
    def watches_events(self) -> bool:
        """Whether the rule states a condition on events (else it watches text or tension)."""
        if self.tension:
            return False
        return bool(
            self.actors
            or self.dyad
            or self.types
            or self.quad_classes
            or self.places
            or self.languages
            or self.min_goldstein is not None
            or self.max_goldstein is not None
            or self.min_articles > 1
        )

    @property
    def kind(self) -> str:
        """``event``, ``article`` (full text only) or ``tension``: what the watchlist alerts on."""
        if self.tension:
            return "tension"
        return "event" if self.watches_events else "article"

    def terms(self) -> list[str]:
        """Return the folded words and phrases of ``text`` (each must appear)."""
        return text_terms(self.text or "")

    def to_json(self) -> dict[str, Any]:
        """Return the rule as the JSON object stored and served (defaults left out)."""
        out: dict[str, Any] = {}
        defaults = Rule()
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(defaults, f.name):
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def describe(self) -> str:
        """Return a one-line reading of the rule for listings ("ASSAULT; RUS; in UKR")."""
        parts: list[str] = []
        if self.tension and self.dyad:
            parts.append(f"tension {self.dyad[0]}–{self.dyad[1]} beyond {self.tension_z:g} σ")
            return "; ".join(parts)
        if self.dyad:
            parts.append(f"{self.dyad[0]}–{self.dyad[1]}")
        if self.actors:
            parts.append(" or ".join(self.actors))
        if self.types:
            parts.append(" or ".join(self.types))
        if self.quad_classes:
            parts.append("quad " + "/".join(str(q) for q in self.quad_classes))
        if self.places:
            parts.append("in " + " or ".join(self.places))
        if self.languages:
            parts.append("/".join(self.languages))
        if self.min_goldstein is not None:
            parts.append(f"Goldstein ≥ {self.min_goldstein:g}")
        if self.max_goldstein is not None:
            parts.append(f"Goldstein ≤ {self.max_goldstein:g}")
        if self.min_articles > 1:
            parts.append(f"≥ {self.min_articles} articles")
        if self.watches_events:
            parts.append({None: "negated or not", True: "negated only", False: ""}[self.negated])
            if self.salience != "all":
                parts.append(self.salience)
        if self.text:
            parts.append(f"text: {self.text}")
        return "; ".join(p for p in parts if p)


def text_terms(text: str) -> list[str]:
    """Split a text condition into folded terms: words, and ``"quoted phrases"`` kept whole."""
    terms = []
    for phrase, word in _WORD.findall(text):
        folded = " ".join(fold(phrase or word).split())
        folded = folded.strip(".,;:!?()[]«»\"'")
        if folded:
            terms.append(folded)
    return terms


def rule_from_json(data: Mapping[str, Any]) -> Rule:
    """Build a rule from its JSON object (API body, stored row), checking every value.

    Lists may be given as comma-separated strings; a dyad as ``"RUS,NATO"``.
    Raises :class:`WatchlistError` naming the valid values.
    """
    known = {f.name for f in fields(Rule)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise WatchlistError(
            f"unknown rule field(s) {', '.join(unknown)}; a rule takes {', '.join(sorted(known))}"
        )
    values: dict[str, Any] = {}
    values["actors"] = tuple(check_actors(_strings(data.get("actors"))))
    dyad = _strings(data.get("dyad"))
    if dyad:
        if len(dyad) != 2:
            raise WatchlistError(f"a dyad is two actor codes, e.g. RUS,NATO; got {dyad}")
        first, second = check_actors(dyad)
        values["dyad"] = (first, second)
    values["types"] = tuple(check_types(_strings(data.get("types"))))
    values["quad_classes"] = tuple(_quads(data.get("quad_classes")))
    values["places"] = tuple(check_places(_strings(data.get("places"))))
    salience = str(data.get("salience") or "lead").lower()
    if salience not in SALIENCES:
        raise WatchlistError(f"unknown salience {salience!r}; valid values: {', '.join(SALIENCES)}")
    values["salience"] = salience
    languages = [s.lower() for s in _strings(data.get("languages"))]
    bad = [s for s in languages if s not in LANGUAGES]
    if bad:
        raise WatchlistError(
            f"unknown language(s) {', '.join(bad)}; valid values: {', '.join(LANGUAGES)}"
        )
    values["languages"] = tuple(languages)
    for name in ("min_goldstein", "max_goldstein"):
        if data.get(name) is not None:
            values[name] = _number(name, data[name], -10.0, 10.0)
    if "negated" in data:
        values["negated"] = _negated(data["negated"])
    if data.get("min_articles") is not None:
        values["min_articles"] = int(_number("min_articles", data["min_articles"], 1, 10_000))
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise WatchlistError('text must be a string of words or "quoted phrases"')
    if text is not None and text.strip():
        if not text_terms(text):
            raise WatchlistError(f"text {text!r} holds no word to look for")
        values["text"] = " ".join(text.split())
    values["tension"] = bool(data.get("tension", False))
    if data.get("tension_z") is not None:
        values["tension_z"] = _number("tension_z", data["tension_z"], 0.5, 10.0)
    rule = Rule(**values)
    _check_shape(rule, data)
    return rule


def _check_shape(rule: Rule, data: Mapping[str, Any]) -> None:
    if rule.tension:
        if rule.dyad is None:
            raise WatchlistError("a tension watchlist needs a dyad, e.g. --dyad RUS,NATO --tension")
        extra = sorted(
            k for k, v in rule.to_json().items() if k not in {"dyad", "tension", "tension_z"} and v
        )
        if extra:
            raise WatchlistError(
                f"a tension watchlist takes only a dyad and tension_z; remove {', '.join(extra)} "
                "(or make a second watchlist for those events)"
            )
        return
    if "tension_z" in data and data["tension_z"] is not None:
        raise WatchlistError("tension_z only applies with tension: add --tension")
    if not rule.watches_events and not rule.text:
        raise WatchlistError(
            "a watchlist needs at least one condition: an actor, dyad, type, quad class, place, "
            "language, Goldstein bound, min_articles above 1, text, or a dyad with tension"
        )


def check_actors(codes: Iterable[str]) -> list[str]:
    """Return the codes in the knowledge base's spelling; refuse unknown ones with the closest."""
    from veille.actors import get_knowledge_base  # noqa: PLC0415 - loads the data files

    kb = get_knowledge_base()
    out: list[str] = []
    for raw in codes:
        code = raw.strip()
        found = kb.actor(code) or kb.actor(code.upper())
        if found is None:
            raise WatchlistError(_unknown_actor(code, kb))
        out.append(found.id)
    return out


def _unknown_actor(code: str, kb: Any) -> str:  # noqa: ANN401 - the KnowledgeBase
    from rapidfuzz import process  # noqa: PLC0415

    actors = list(kb.actors())
    ids = [a.id for a in actors]
    close = [match for match, score, _ in process.extract(code, ids, limit=5) if score >= 60]
    named = [a.id for a in kb.search(code, limit=5)] if len(code) > 2 else []
    suggestions = list(dict.fromkeys([*close, *named]))[:6]
    counts: dict[str, int] = {}
    for actor in actors:
        counts[actor.type] = counts.get(actor.type, 0) + 1
    listed = ", ".join(f"{n:,} {kind}s" for kind, n in sorted(counts.items(), key=lambda i: -i[1]))
    hint = f" Closest: {', '.join(suggestions)}." if suggestions else ""
    return (
        f"unknown actor {code!r}.{hint} Valid values are the {len(actors):,} actor codes of the "
        f"knowledge base ({listed}): states by ISO alpha-3 code (RUS, UKR, MLI), organisations "
        "and blocs by short code (NATO, EU, UN, WEST), persons by id (PER:vladimir-putin); "
        "list them with `veille actors QUERY` or GET /api/actors?q=QUERY"
    )


def check_types(types: Iterable[str]) -> list[str]:
    """Return PLOVER types upper-cased; refuse unknown ones with the 16 valid types."""
    from veille.events.ontology import EVENT_TYPES  # noqa: PLC0415

    out = []
    for raw in types:
        value = raw.strip().upper()
        if value not in EVENT_TYPES:
            raise WatchlistError(
                f"unknown event type {raw!r}; valid values (PLOVER): {', '.join(EVENT_TYPES)}"
            )
        out.append(value)
    return out


def check_places(places: Iterable[str]) -> list[str]:
    """Return country codes (upper-cased) and place ids; refuse unknown ones."""
    from veille.places.gazetteer import get_gazetteer  # noqa: PLC0415 - loads the gazetteer

    gazetteer = get_gazetteer()
    out = []
    for raw in places:
        value = raw.strip()
        if ":" in value:
            if gazetteer.get(value) is None:
                raise WatchlistError(
                    f"unknown place id {value!r}; valid values are an ISO alpha-3 country code "
                    "(UKR, MLI) or a gazetteer place id (G:703448 Kyiv, R:sahel, A1:BF.12): "
                    "see `veille places` for the places of your store"
                )
            out.append(value)
            continue
        country = gazetteer.country(value.upper())
        if country is None:
            raise WatchlistError(
                f"unknown country {value!r}; valid values are ISO alpha-3 codes (UKR, MLI, BFA, "
                "NER, TCD) or gazetteer place ids (G:703448, R:sahel)"
            )
        out.append(value.upper())
    return out


def _strings(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, Sequence):
        out: list[str] = []
        for item in value:
            out += _strings(item if isinstance(item, str) else str(item))
        return out
    raise WatchlistError(f"expected a list of codes or a comma-separated string; got {value!r}")


def _quads(value: object) -> list[int]:
    out = []
    for item in _strings(value):
        if item not in {"1", "2", "3", "4"}:
            raise WatchlistError(
                f"unknown quad class {item!r}; valid values: 1 (verbal cooperation), "
                "2 (material cooperation), 3 (verbal conflict), 4 (material conflict)"
            )
        out.append(int(item))
    return out


def _number(name: str, value: object, low: float, high: float) -> float:
    try:
        number = float(str(value))
    except ValueError:
        raise WatchlistError(f"{name} must be a number; got {value!r}") from None
    if not low <= number <= high:
        raise WatchlistError(f"{name} must be between {low:g} and {high:g}; got {number:g}")
    return number


def _negated(value: object) -> bool | None:
    if value is None or value in ("any", "both"):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in {"true", "yes", "1", "only"}:
        return True
    if text in {"false", "no", "0"}:
        return False
    raise WatchlistError(f"negated must be true, false or any; got {value!r}")


def check_name(name: str) -> str:
    """Return ``name`` if it can name a watchlist; refuse it otherwise."""
    if not NAME_PATTERN.match(name):
        raise WatchlistError(
            f"{name!r} cannot name a watchlist: use 1-64 lower-case letters, digits, - or _, "
            "starting with a letter or digit (e.g. sahel, rus-nato)"
        )
    return name


def rule_json(rule: Rule) -> dict[str, Any]:
    """Return the full JSON of a rule, every field included (for the API)."""
    out = asdict(rule)
    for key, value in out.items():
        if isinstance(value, tuple):
            out[key] = list(value)
    return out
