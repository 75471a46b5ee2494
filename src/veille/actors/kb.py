"""The actor knowledge base: states, organisations, blocs, people, role words.

Everything is read from the data files shipped in ``veille/data/actors/``
(each names its origin and licence in its header) and from files the user
adds. The lexicon maps folded word sequences ("etats", "unis") to what they
may mean; the resolver picks a meaning in context.

User files
----------
:meth:`KnowledgeBase.add_file` reads YAML or CSV (see ``docs/actors.md``).

YAML, the same shape as the package's ``organisations.yaml`` and ``persons.yaml``::

    actors:                       # organisations, blocs, groups, or more names for a state
      - id: WAGNER
        type: group               # state | organisation | bloc | group
        country: RUS              # optional: the state a group belongs to
        sectors: [MIL]
        names: {fr: [groupe Wagner], en: [Wagner Group]}
        acronyms: []              # matched case-sensitively; or {fr: [...], en: [...]}
        part_of: IMG              # optional: the parent (WFP: UN) or a generic code (IMG, NGO)
    persons:
      - id: PER:jane-doe
        country: FRA
        names: [Jane Doe]
        aliases: [Doe]            # matched alone, even before the full name
        roles:                    # [office, body, sectors, start, end]; end "" = still held
          - [minister:defence, FRA, GOV|MIL, 2026-01-01, ""]

CSV, one row per name or role, rows with the same id merged; header::

    id,type,name,language,country,sectors,office,body,start,end

``language`` empty means both; ``sectors`` is ``|``-separated; a row with an
``office`` adds a role to a person.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from veille.actors.normalize import cased_words_of, slug, spelling_keys, words_of
from veille.datafiles import read_data, tsv_rows
from veille.errors import ActorDataError
from veille.records import Actor, ActorType, MentionKind, Role
from veille.text import ACTOR_NAMES, fold

LANGUAGES = ("fr", "en")
CaseRule = Literal["any", "title", "exact"]
# Lower rank wins when one word sequence has several valid meanings.
_RANK: dict[MentionKind, int] = {
    "organisation": 1,
    "bloc": 1,
    "country": 2,
    "capital": 3,
    "person": 4,
    "demonym": 5,
    "role": 6,
    "other": 7,
}
_ACTOR_KIND: dict[str, MentionKind] = {
    "state": "country",
    "organisation": "organisation",
    "bloc": "bloc",
    "group": "organisation",
    "person": "person",
}

# Sounds a lone surname's spelling key needs before it may name a person in
# another transliteration, unless the word is long: shorter keys ("rhn") are
# shared by ordinary words ("the Rhine" is no "Rohani").
MIN_SURNAME_KEY = 4
LONG_SURNAME = 8


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One meaning of a word sequence.

    ``case`` says how the text must be written for the entry to apply:
    ``any``, ``title`` (first letter upper case, as names are) or ``exact``
    (acronyms: "ONU" but not "onu", "US" but not "us").
    """

    kind: MentionKind
    actor_id: str | None
    country: str | None = None
    sectors: tuple[str, ...] = ()
    office: str | None = None
    case: CaseRule = "title"
    cased: tuple[str, ...] = ()
    anaphor: bool = False
    rank: int = 0


@dataclass(frozen=True, slots=True)
class AmbiguityRule:
    """A name whose second sense (a place with a country, no actor) depends on context."""

    kind: MentionKind
    country: str | None
    near: frozenset[str]
    article: frozenset[str]
    article_default: frozenset[str]


@dataclass(slots=True)
class Lexicon:
    """Per-language index: word sequence → meanings, plus every prefix of a sequence."""

    entries: dict[tuple[str, ...], list[LexEntry]] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    first_words: set[str] = field(default_factory=set)

    def add(self, words: tuple[str, ...], entry: LexEntry) -> None:
        """Index ``entry`` under ``words``, keeping meanings ordered by rank."""
        if not words:
            return
        bucket = self.entries.setdefault(words, [])
        if entry in bucket:
            return
        bucket.append(entry)
        bucket.sort(key=lambda e: e.rank)
        self.first_words.add(words[0])
        for end in range(1, len(words) + 1):
            self.prefixes.add(words[:end])


class KnowledgeBase:
    """Actors and the lexicon that names them, in French and English.

    Build it with :meth:`load` (the package data, optionally plus user files).
    """

    def __init__(self) -> None:
        """Create an empty knowledge base; :meth:`load` fills one from the package data."""
        self._actors: dict[str, Actor] = {}
        self._lexicons: dict[str, Lexicon] = {lang: Lexicon() for lang in LANGUAGES}
        self._holders: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.ambiguities: dict[tuple[str, ...], AmbiguityRule] = {}
        self._parents: dict[str, str] = {}
        # Hand-written people (persons.yaml, user files): their spellings win over the
        # generated ones when two share a spelling key.
        self._curated_persons: set[str] = set()
        self._spellings: _SpellingIndex | None = None
        # Courtesy titles per language ("mme", "mr"): written before a name, no part of it.
        self.honorifics: dict[str, frozenset[str]] = {lang: frozenset() for lang in LANGUAGES}
        # Role words of offices one state alone has, and that state (home_roles.tsv).
        self.home_roles: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), *, historical: bool = True) -> KnowledgeBase:
        """Load the package data, then each user file in ``extra`` (YAML or CSV).

        ``historical=False`` leaves out the ~17,000 people of the Phoenix
        dictionary (roles up to 2014), which makes loading faster.
        """
        kb = cls()
        kb._load_states()
        kb._load_capitals()
        kb._load_demonyms()
        kb._load_yaml(_read_data("organisations.yaml"), "organisations.yaml")
        kb._load_yaml(_read_data("groups.yaml"), "groups.yaml")
        kb._load_yaml(_read_data("persons.yaml"), "persons.yaml")
        if historical:
            kb._load_phoenix_persons()
            kb._load_phoenix_groups()
        kb._load_roles()
        kb._load_ambiguities()
        kb._load_honorifics()
        kb._load_home_roles()
        for path in extra:
            kb.add_file(path)
        return kb

    def add_file(self, path: str | Path) -> None:
        """Add the actors of a user YAML or CSV file (format in the module docstring)."""
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise ActorDataError(
                f"cannot read actor file {source}: {exc.strerror}; check the path"
            ) from exc
        if source.suffix.lower() == ".csv":
            self._load_csv(text, str(source))
        elif source.suffix.lower() in (".yaml", ".yml"):
            self._load_yaml(text, str(source))
        else:
            raise ActorDataError(
                f"actor file {source} must end in .yaml, .yml or .csv (see docs/actors.md)"
            )

    def _load_states(self) -> None:
        names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for alpha3, _alpha2, lang, name in _tsv("states.tsv", 4):
            names[alpha3][lang].append(name)
        for alpha3, lang, name in _tsv("state_variants.tsv", 3):
            names[alpha3][lang].append(name)
        for alpha3, by_lang in names.items():
            self._put_actor(
                Actor(
                    id=alpha3,
                    type="state",
                    names={k: tuple(dict.fromkeys(v)) for k, v in by_lang.items()},
                    country=alpha3,
                )
            )
            for lang, forms in by_lang.items():
                for form in forms:
                    self._index(lang, form, "country", alpha3, alpha3)

    def _load_capitals(self) -> None:
        for alpha3, lang, name, sectors in _tsv("capitals.tsv", 4):
            self._index(lang, name, "capital", alpha3, alpha3, sectors=_sectors(sectors))

    def _load_demonyms(self) -> None:
        for actor_id, lang, forms in _tsv("demonyms.tsv", 3):
            country = actor_id if len(actor_id) == 3 and actor_id.isupper() else None
            for form in _demonym_forms(lang, forms.split("|")):
                # English demonyms are capitalised ("Russian"); French ones are not ("russe").
                case: CaseRule = "title" if lang == "en" else "any"
                self._index(lang, form, "demonym", actor_id, country, case=case)

    def _load_roles(self) -> None:
        for lang, phrase, office, sectors in _tsv("roles.tsv", 4):
            self._index(
                lang,
                phrase,
                "role",
                None,
                None,
                sectors=_sectors(sectors),
                office=None if office == "-" else office,
                case="any",
            )
        for lang, phrase, sectors in _tsv("agents_en.tsv", 3):
            # The Phoenix list names one member ("settler"); news mostly writes the group.
            for form in dict.fromkeys((phrase, _english_plural(phrase))):
                if words_of(form) not in self._lexicons[lang].entries:
                    self._index(
                        lang, form, "role", None, None, sectors=_sectors(sectors), case="any"
                    )

    def _load_phoenix_persons(self) -> None:
        for person_id, country, names, role_text in _tsv("persons_phoenix.tsv", 4):
            if person_id in self._actors:
                continue
            roles = []
            for part in filter(None, role_text.split(";")):
                body, sectors, start, end = part.split(":")
                roles.append(Role("-", body, _sectors(sectors), start or None, end or None))
            forms = tuple(names.split("|"))
            if any(self._claimed_by_person(form, curated=True) for form in forms):
                continue  # a hand-written person: the same one, written by hand
            if self._claimed_by_non_person(forms[0]):
                continue  # a row named after a state or a group ("South Sudan") is no person
            # A name another generated person took first ("Bush Administration" of
            # both Bushes) names neither better: the later one keeps its other names.
            forms = tuple(form for form in forms if not self._claimed_by_person(form))
            if not forms:
                continue
            self._put_actor(
                Actor(
                    id=person_id,
                    type="person",
                    names={"fr": forms, "en": forms},
                    country=country,
                    roles=tuple(roles),
                )
            )
            for form in forms:
                for lang in LANGUAGES:
                    self._index(lang, form, "person", person_id, country, rank_bonus=1)

    def _load_phoenix_groups(self) -> None:
        for group_id, country, sectors, names in _tsv("groups_phoenix.tsv", 4):
            forms = [form for form in names.split("|") if not self._claimed(form)]
            if group_id in self._actors or not forms:
                continue
            if not country:
                self._parents[group_id] = "NGO"  # an NGO of no single country
            self._put_actor(
                Actor(
                    id=group_id,
                    type="group",
                    names={"fr": tuple(forms), "en": tuple(forms)},
                    country=country or None,
                    sectors=_sectors(sectors),
                )
            )
            for form in forms:
                for lang in LANGUAGES:
                    self._index(
                        lang,
                        form,
                        "organisation",
                        group_id,
                        country or None,
                        sectors=_sectors(sectors),
                        rank_bonus=1,
                    )

    def _claimed(self, form: str) -> bool:
        # A hand-written actor already answers to this name: the generated one must not compete.
        words = words_of(form)
        return any(words in self._lexicons[lang].entries for lang in LANGUAGES)

    def _named(self, form: str) -> list[LexEntry]:
        # What already answers to a name (the English lexicon, where the Phoenix rows compete).
        return self._lexicons["en"].entries.get(words_of(form), [])

    def _claimed_by_non_person(self, form: str) -> bool:
        return any(e.kind != "person" for e in self._named(form))

    def _claimed_by_person(self, form: str, *, curated: bool = False) -> bool:
        # A person (a hand-written one when ``curated``) already answers to this name.
        return any(
            e.kind == "person" and (not curated or e.actor_id in self._curated_persons)
            for e in self._named(form)
        )

    def _load_honorifics(self) -> None:
        titles: dict[str, set[str]] = defaultdict(set)
        for lang, title in _tsv("honorifics.tsv", 2):
            titles[lang].add(title)
        self.honorifics = {lang: frozenset(titles[lang]) for lang in LANGUAGES}

    def _load_home_roles(self) -> None:
        for lang, word, state in _tsv("home_roles.tsv", 3):
            self.home_roles.setdefault(lang, {})[word] = state

    def _load_ambiguities(self) -> None:
        data = yaml.safe_load(_read_data("ambiguous.yaml")) or {}
        for rule in data.get("rules", []):
            alt = rule["alternative"]
            parsed = AmbiguityRule(
                kind=alt.get("kind", "other"),
                country=alt.get("country"),
                near=frozenset(rule.get("near") or ()),
                article=frozenset(rule.get("article") or ()),
                article_default=frozenset(rule.get("article_default") or ()),
            )
            for name in rule["names"]:
                self.ambiguities[words_of(name)] = parsed

    def _load_yaml(self, text: str, origin: str) -> None:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ActorDataError(f"{origin} is not valid YAML: {exc}; fix the file") from exc
        if not isinstance(data, dict):
            raise ActorDataError(f"{origin}: expected a mapping with 'actors' and/or 'persons'")
        try:
            for item in data.get("actors") or []:
                self._add_group(item)
            for item in data.get("persons") or []:
                self._add_person(item)
            # Regions, and names that hold an actor's word but name no actor ("State of
            # the Union"): matched so that the word inside them is not read alone.
            for section in ("regions", "not_actors"):
                for lang, forms in (data.get(section) or {}).items():
                    for form in forms:
                        self._index(lang, form, "other", None, None)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise ActorDataError(
                f"{origin}: malformed entry ({exc!r}); see docs/actors.md for the format"
            ) from exc

    def _add_group(self, item: dict[str, Any]) -> None:
        actor_id = str(item["id"])
        actor_type: ActorType = item.get("type", "organisation")
        if actor_type not in _ACTOR_KIND or actor_type == "person":
            raise ValueError(f"type of {actor_id} must be state, organisation, bloc or group")
        names = {lang: tuple(str(n) for n in forms or ()) for lang, forms in item["names"].items()}
        # Acronyms hold in both languages, or per language: {fr: [RSF], en: [RWB]}.
        raw_acronyms = item.get("acronyms") or ()
        acronyms_of = (
            {lang: tuple(str(a) for a in raw_acronyms.get(lang) or ()) for lang in LANGUAGES}
            if isinstance(raw_acronyms, dict)
            else {lang: tuple(str(a) for a in raw_acronyms) for lang in LANGUAGES}
        )
        acronyms = tuple(dict.fromkeys(a for forms in acronyms_of.values() for a in forms))
        sectors = tuple(item.get("sectors") or ())
        country = item.get("country") or (actor_id if actor_type == "state" else None)
        if item.get("part_of"):
            self._parents[actor_id] = str(item["part_of"])
        old = self._actors.get(actor_id)
        if old is not None:
            merged = {
                k: tuple(dict.fromkeys(old.names.get(k, ()) + names.get(k, ())))
                for k in {*old.names, *names}
            }
            self._put_actor(replace(old, names=merged))
        else:
            all_names = dict(names)
            if acronyms:
                all_names["acronyms"] = acronyms
            self._put_actor(
                Actor(
                    id=actor_id, type=actor_type, names=all_names, country=country, sectors=sectors
                )
            )
        kind = _ACTOR_KIND[actor_type]
        for lang, forms in names.items():
            for form in forms:
                self._index(lang, form, kind, actor_id, country, sectors=sectors)
        for lang, forms in acronyms_of.items():
            for acronym in forms:
                self._index(lang, acronym, kind, actor_id, country, sectors=sectors, case="exact")
        for lang, forms in (item.get("anaphors") or {}).items():
            for form in forms:
                self._index(lang, form, kind, actor_id, country, sectors=sectors, anaphor=True)

    def _add_person(self, item: dict[str, Any]) -> None:
        names = tuple(str(n) for n in item["names"])
        person_id = str(item.get("id") or f"PER:{slug(names[0])}")
        country = item.get("country")
        roles = tuple(_role(r) for r in item.get("roles") or ())
        old = self._actors.get(person_id)
        if old is not None:
            names = tuple(dict.fromkeys(old.names.get("fr", ()) + names))
            roles = old.roles + roles
            country = country or old.country
        self._put_actor(
            Actor(
                id=person_id,
                type="person",
                names={"fr": names, "en": names},
                country=country,
                roles=roles,
            )
        )
        for role in roles:
            if role.country and role.office != "-":
                self._holders[(role.office, role.country)].append(person_id)
        aliases = tuple(str(a) for a in item.get("aliases") or ())
        self._curated_persons.add(person_id)
        self._spellings = None
        for form in names + aliases:
            for lang in LANGUAGES:
                self._index(lang, form, "person", person_id, country)

    def _load_csv(self, text: str, origin: str) -> None:
        rows = list(csv.DictReader(text.splitlines()))
        required = {"id", "type", "name"}
        if not rows or not required <= set(rows[0]):
            raise ActorDataError(
                f"{origin}: a CSV actor file needs a header with at least id,type,name "
                "(full header: id,type,name,language,country,sectors,office,body,start,end)"
            )
        groups: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in rows:
            groups[row["id"].strip()].append({k: (v or "").strip() for k, v in row.items() if k})
        for actor_id, group in groups.items():
            try:
                self._add_csv_group(actor_id, group)
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                raise ActorDataError(
                    f"{origin}: actor {actor_id!r}: {exc}; see docs/actors.md for the format"
                ) from exc

    def _add_csv_group(self, actor_id: str, group: list[dict[str, str]]) -> None:
        actor_type = group[0]["type"] or "organisation"
        names = [r["name"] for r in group if r.get("name")]
        if not actor_id or not names:
            raise ValueError("every actor needs an id and at least one name")
        if actor_type == "person":
            roles = [
                [
                    r["office"],
                    r.get("body") or r.get("country"),
                    r.get("sectors", ""),
                    r.get("start", ""),
                    r.get("end", ""),
                ]
                for r in group
                if r.get("office")
            ]
            country = group[0].get("country") or None
            self._add_person({"id": actor_id, "names": names, "country": country, "roles": roles})
            return
        by_lang: dict[str, list[str]] = defaultdict(list)
        for r in group:
            if r.get("name"):
                for lang in [r["language"]] if r.get("language") else LANGUAGES:
                    by_lang[lang].append(r["name"])
        self._add_group(
            {
                "id": actor_id,
                "type": actor_type,
                "names": by_lang,
                "country": group[0].get("country") or None,
                "sectors": _sectors(group[0].get("sectors", "")),
            }
        )

    def _put_actor(self, actor: Actor) -> None:
        self._actors[actor.id] = actor

    def _index(
        self,
        lang: str,
        form: str,
        kind: MentionKind,
        actor_id: str | None,
        country: str | None,
        *,
        sectors: tuple[str, ...] = (),
        office: str | None = None,
        case: CaseRule = "title",
        anaphor: bool = False,
        rank_bonus: int = 0,
    ) -> None:
        if lang not in self._lexicons:
            return
        words = words_of(form)
        letters = form.replace(".", "").replace("-", "")
        if case == "title" and letters.isupper() and len(letters) <= 6:
            case = "exact"  # acronyms written in capitals in the data ("UK", "RDC")
        elif case == "title" and form[:1].islower():
            case = "any"  # common-noun names written in lower case: "pays occidentaux"
        entry = LexEntry(
            kind=kind,
            actor_id=actor_id,
            country=country,
            sectors=sectors,
            office=office,
            case=case,
            cased=cased_words_of(form) if case == "exact" else (),
            anaphor=anaphor,
            rank=_RANK[kind] * 10 + rank_bonus + (0 if case == "exact" else 1),
        )
        self._lexicons[lang].add(words, entry)

    # ------------------------------------------------------------------ queries
    def lexicon(self, language: str) -> Lexicon:
        """Return the lexicon for ``language`` (``fr`` or ``en``)."""
        try:
            return self._lexicons[language]
        except KeyError:
            raise ActorDataError(
                f"no actor lexicon for language {language!r}; available: {', '.join(LANGUAGES)}"
            ) from None

    def actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id (``RUS``, ``NATO``, ``PER:andrei-belousov``), or None."""
        return self._actors.get(actor_id) or self._actors.get(actor_id.upper())

    def parent(self, actor_id: str) -> str | None:
        """Return the organisation an organ is part of (``UNSC`` → ``UN``), or None."""
        return self._parents.get(actor_id)

    def covers(self, general: str, specific: str) -> bool:
        """Tell whether code ``specific`` names ``general`` or a part of it.

        ``covers("UN", "WFP")`` holds (an agency is part of the UN), the
        generic ``IGO`` covers every organisation, ``IMG`` every armed group
        of no single country (``ISIS``, and through it ``ISSAHEL``) and
        ``NGO`` every NGO of no single country (``OXFAM``): the codebook's
        generic codes, which the data files give as ``part_of``.
        """
        seen: set[str] = set()
        code: str | None = specific
        while code is not None and code not in seen:
            if code == general:
                return True
            seen.add(code)
            code = self.parent(code)
        actor = self.actor(specific)
        return general == "IGO" and actor is not None and actor.type == "organisation"

    def actors(self) -> Iterator[Actor]:
        """Every actor, in no particular order."""
        return iter(self._actors.values())

    def search(self, query: str, limit: int = 50) -> list[Actor]:
        """Actors whose id or a name contains ``query`` (case and accents ignored).

        Exact id or name matches come first, then names starting with the
        query, then the rest, alphabetically within each group; last, the
        person the query names in another transliteration ("Belooussov").
        """
        needle = fold(query.strip(), ACTOR_NAMES)
        if not needle:
            return []
        scored: list[tuple[int, str, Actor]] = []
        for actor in self._actors.values():
            keys = [fold(actor.id, ACTOR_NAMES)]
            keys += [fold(n, ACTOR_NAMES) for forms in actor.names.values() for n in forms]
            best = 9
            for key in keys:
                if key == needle:
                    best = 0
                    break
                if key.startswith(needle):
                    best = min(best, 1)
                elif needle in key:
                    best = min(best, 2)
            if best < 9:
                scored.append((best, actor.id, actor))
        # "Belooussov", "Zelenskyy": a person written in another transliteration.
        spelled = self.person_spelled(query)
        if spelled is not None and all(actor.id != spelled for _, _, actor in scored):
            scored.append((3, spelled, self._actors[spelled]))
        scored.sort(key=lambda t: (t[0], t[1]))
        return [actor for _, _, actor in scored[:limit]]

    def person_spelled(self, name: str) -> str | None:
        """Return the person a name written in another transliteration names, or None.

        "Andreï Belooussov" (AFP) and "Andrey Belousov" are one person:
        every word of the name must have the spelling key
        (:func:`~veille.actors.normalize.spelling_key`) of the same word of
        one of the person's full names. A single word ("Belooussov") is
        compared with the surnames of hand-written people only, and only
        when its key has at least ``MIN_SURNAME_KEY`` sounds or the word at
        least ``LONG_SURNAME`` letters ("Chtchoukine"). A key two people
        share names neither (a hand-written person wins over a generated one).
        """
        keys = spelling_keys(name)
        if not keys:
            return None
        if len(keys) == 1 and len(keys[0]) < MIN_SURNAME_KEY and len(name) < LONG_SURNAME:
            return None  # "Rhine" and "Rohani" share "rhn": too short to tell
        index = self._spelling_index()
        found = (index.surnames if len(keys) == 1 else index.full_names).get(keys)
        if not found:
            return None
        curated = [p for p in found if p in self._curated_persons]
        chosen = curated or found
        return chosen[0] if len(chosen) == 1 else None

    def _spelling_index(self) -> _SpellingIndex:
        # Built on first use: most runs resolve every name by its exact words.
        if self._spellings is None:
            index = _SpellingIndex()
            for actor in self._actors.values():
                if actor.type != "person":
                    continue
                curated = actor.id in self._curated_persons
                for form in actor.names.get("en", ()):
                    keys = spelling_keys(form)
                    if len(keys) >= 2:
                        index.add(index.full_names, keys, actor.id)
                        if curated:
                            index.add(index.surnames, keys[-1:], actor.id)
                    elif len(keys) == 1 and curated:
                        index.add(index.surnames, keys, actor.id)
            self._spellings = index
        return self._spellings

    def roles_at(self, actor_id: str, day: date) -> tuple[Role, ...]:
        """Return the roles ``actor_id`` held on ``day`` (falls back to undated roles)."""
        actor = self._actors.get(actor_id)
        if actor is None:
            return ()
        iso = day.isoformat()
        dated = tuple(
            r
            for r in actor.roles
            if (r.start or r.end) and (r.start or "") <= iso and (not r.end or iso <= r.end)
        )
        if dated:
            return dated
        return tuple(r for r in actor.roles if not r.start and not r.end)

    def holders(self, office: str, body: str, day: date) -> list[str]:
        """Return who held ``office`` of ``body`` on ``day`` (zero or one person).

        Data ages: a role recorded with no end is taken to end when a later
        holder of the same office starts, so the most recent start wins.
        """
        found: list[tuple[str, str]] = []
        for person_id in dict.fromkeys(self._holders.get((office, body), ())):
            for role in self.roles_at(person_id, day):
                if role.office == office and role.country == body:
                    found.append((role.start or "", person_id))
        if not found:
            return []
        latest = max(start for start, _ in found)
        return sorted({person_id for start, person_id in found if start == latest})


@dataclass(slots=True)
class _SpellingIndex:
    """Persons by the spelling keys of their full names, and of their surnames."""

    full_names: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    surnames: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    @staticmethod
    def add(table: dict[tuple[str, ...], list[str]], keys: tuple[str, ...], person: str) -> None:
        people = table.setdefault(keys, [])
        if person not in people:
            people.append(person)


def office_family(office: str) -> str:
    """Return the family of an office: ``minister:defence`` → ``minister``."""
    return office.split(":", 1)[0]


def _role(raw: Any) -> Role:  # noqa: ANN401 - YAML gives lists of mixed scalars
    office, body, sectors, start, end = ([*list(raw), "", "", "", "", ""])[:5]
    if not office:
        raise ValueError(f"role {raw!r} has no office")
    return Role(
        office=str(office),
        country=str(body) if body else None,
        sectors=_sectors(str(sectors or "")),
        start=_iso(start),
        end=_iso(end),
    )


def _iso(value: object) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    date.fromisoformat(text)  # raises ValueError on a bad date, reported with the file name
    return text


def _sectors(text: str | Iterable[str]) -> tuple[str, ...]:
    parts = text.split("|") if isinstance(text, str) else list(text)
    return tuple(p.strip() for p in parts if p and p.strip())


def _english_plural(phrase: str) -> str:
    """Return the regular plural of a phrase's last word: "settler" → "settlers".

    Phrases that end in a preposition or already in "s" are kept as they are.
    """
    head, _, last = phrase.rpartition(" ")
    if not last.isalpha() or last.endswith("s") or last in _NOT_PLURALISED:
        return phrase
    if last.endswith(("x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural = last[:-1] + "ies"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


# Last words that take no plural: prepositions of pattern phrases, adjectives,
# mass nouns ("police", "military").
_NOT_PLURALISED = frozenset(
    "in of to for at on by from with the a an police military staff media personnel".split()  # noqa: SIM905
)


def _demonym_forms(lang: str, forms: list[str]) -> list[str]:
    out = list(forms)
    if lang == "fr":
        # Plurals: russe → russes, américain → américains; -s and -x stay as they are.
        out += [f + "s" for f in forms if not f.endswith(("s", "x"))]
    return list(dict.fromkeys(out))


def _read_data(name: str) -> str:
    return read_data("actors", name)


def _tsv(name: str, columns: int) -> Iterator[list[str]]:
    return tsv_rows(_read_data(name), name, columns, ActorDataError)
