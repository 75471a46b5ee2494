"""Find actor mentions in a parsed article and resolve them to canonical actors.

Contract with the event coder
-----------------------------
:meth:`ActorResolver.resolve_mentions` returns non-overlapping
:class:`~veille.records.Mention` records in text order, with ``start``/``end``
as character offsets into ``doc.text``. The code of an event side is:

* for states, capitals, demonyms, persons and roles: ``mention.country or mention.actor_id``;
* for organisations and blocs: ``mention.actor_id``.

Fields, by ``kind``:

``country``
    a state name ("la Biélorussie", "d'Ukraine"): ``actor_id`` and ``country`` are the ISO alpha-3.
``capital``
    a capital or seat of government standing for its government ("Moscou dénonce",
    "the White House said"): alpha-3 in both fields, sectors from the seat (GOV, MIL for the
    Pentagon). Used as a place ("à Moscou", "in Washington, D.C.") it becomes kind ``other``
    with ``actor_id=None`` and ``country`` set.
``organisation`` / ``bloc``
    ``actor_id`` is the short code (NATO, UN, EU, WEST …), ``country`` is None. Anaphors
    ("l'Alliance") resolve only after the organisation was named in the article.
``demonym``
    "biélorusses", "Russian": alpha-3 in both fields (``WEST`` for "occidentaux", country None).
``person``
    ``actor_id`` is a stable id (``PER:andrei-belousov``) or None for a person the knowledge
    base does not know; ``country`` is the state (or, for an official of an organisation, the
    organisation id) the person acts for at the article date; ``sectors`` from the role held
    then. A surname alone links to the person named in full earlier in the article. A person
    named with an organisation's title acts for it ("U.N. mediator Diego Cordovez",
    "X, envoyé spécial de l'ONU": ``country`` is ``UN``).
``role``
    role words with their nationality ("le ministre russe de la Défense", "Russian troops",
    "le gouvernement de la Russie", "NATO's reinforced military presence"): ``country`` and
    ``sectors`` (GOV+MIL …); ``actor_id`` is the person the role is, when known: the person
    named next to it ("…, Andreï Belousov"), the holder of the office at the article date, or,
    for a bare "le ministre", the last compatible person named before. Otherwise None. A group
    whose words name no state ("la police", "protesters") takes one from context (see
    :mod:`veille.actors.context`), with a confidence of at most 0.6.
``other``
    a place, or a named entity (spaCy NER) that is not in the knowledge base: ``actor_id`` None;
    ``country`` is set when the name holds one state's name ("South Lebanon"). An unknown
    organisation named after a state ("the Nigerian Union of Teachers") is kind
    ``organisation`` with that ``country``.

No name is guessed: a name that is not in the knowledge base keeps ``actor_id=None``; only
the state of an unnamed group is read from its context.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from veille.actors.context import with_context_countries
from veille.actors.kb import KnowledgeBase, LexEntry, office_family
from veille.actors.normalize import WORD_RE, cased_words_of, spelling_keys, words_of
from veille.datelines import Dateline, find_dateline
from veille.nlp import doc_text
from veille.records import Mention, MentionKind, PlaceMention
from veille.text import ACTOR_NAMES, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

_NER_KIND: dict[str, MentionKind] = {
    "PER": "person",
    "PERSON": "person",
    "ORG": "organisation",
    "LOC": "other",
    "GPE": "other",
}
_FUNCTION_WORDS = frozenset(
    "l le la les de du des d et en au aux un une the of and a an s st".split()  # noqa: SIM905
)
_LOCATIVE = {
    "fr": frozenset({"à", "vers", "dans", "depuis", "près", "pres"}),
    "en": frozenset({"in", "at", "near", "outside", "inside"}),
}
# Words that make "de X" / "of X" a place: a position ("près de Manama", "north of
# Kyiv"), a part of a town ("banlieue de", "streets of") or a thing that stands in it
# ("un hôtel de Mogadiscio"). Folded, as the resolver's words are.
_PLACE_OF = {
    "fr": frozenset(
        {
            *("pres", "proximite", "environs", "alentours", "abords", "peripherie"),
            *("banlieue", "nord", "sud", "est", "ouest", "centre", "coeur", "rues", "rue"),
            *("quartier", "quartiers", "hotel", "aeroport", "port", "habitants", "region"),
            *("sortie", "entree", "loin", "large", "marche", "universite", "hopital"),
        }
    ),
    "en": frozenset(
        {
            *("outskirts", "suburbs", "suburb", "north", "south", "east", "west", "centre"),
            *("center", "heart", "streets", "residents", "airport", "port", "region"),
        }
    ),
}
_OF = frozenset({"de", "du", "d", "des", "of"})
# Nouns of a signed text named after the town it was signed in: "l'accord de Paris",
# "les accords de Minsk", "the Paris agreement". The town names the text, not a
# government that acts. Folded, as the resolver's words are.
_TREATY_OF = frozenset(
    {
        "accords",
        "traite",
        "traites",
        "protocole",
        "protocoles",
        "convention",
        "conventions",
        "pacte",
        "charte",
    }
)
_TREATY_AFTER = frozenset(
    {
        "agreement",
        "agreements",
        "accord",
        "accords",
        "treaty",
        "protocol",
        "protocols",
        "convention",
        "conventions",
        "pact",
        "charter",
    }
)
# "avec l'accord de Paris", "without the accord of": "accord" is then consent, and
# the town stands for its government.
_CONSENT = frozenset({"avec", "sans", "son", "leur", "obtenu", "recu", "donne"})
# "Manama, la capitale" / "la capitale, Manama": a capital described as one is a place.
_CAPITAL_APPOSITION = re.compile(r"^\s*,\s*(?:(?:la|the|sa|its)\s+)?capital", re.IGNORECASE)
_APPOSED_CAPITAL = re.compile(r"capitale?\s*,\s*$", re.IGNORECASE)
_PREPOSITIONS = frozenset({"de", "du", "d", "des", "la", "le", "les", "l", "of", "the"})
_ARTICLES = frozenset({"la", "le", "l", "the"})
_NAME_GAP = frozenset(" '-.")
# An initial of a first name, alone or hyphenated: "E.", "W.", "J.-M.", "J-M".
_INITIALS = re.compile(r"[A-Z](?:[.-]+[A-Z])*\.?")
_SENTENCE_PUNCT = re.compile(r"[,.;:!?()\[\]\n«»\"]")
_ROLE_THEN_PERSON = re.compile(r"[\s,:]*")
_PERSON_THEN_ROLE = re.compile(r"\s*,\s*(?:(?:le|la|the|un|une|a|an)\s+|l['’])?", re.IGNORECASE)
# Sectors of bodies outside the state (firms, media, parties, civil society): one who
# speaks for such a body of one state is coded by that state.
_CIVIL_BODY_SECTORS = frozenset({"BUS", "MED", "POL", "CVL"})
# A person found by the spelling key of a name, not by its exact words.
_SPELLING_CONFIDENCE = 0.85
_CONFIDENCE: dict[MentionKind, float] = {
    "country": 0.95,
    "capital": 0.85,
    "organisation": 0.95,
    "bloc": 0.9,
    "person": 0.95,
    "demonym": 0.9,
    "role": 0.8,
    "other": 0.5,
}


@dataclass(slots=True)
class _Match:
    """A working mention: word range, char range, and what it is taken to mean."""

    start: int
    end: int
    char_start: int
    char_end: int
    kind: MentionKind
    actor_id: str | None
    country: str | None
    sectors: tuple[str, ...] = ()
    office: str | None = None
    anaphor: bool = False
    confidence: float = 0.9
    person: _Match | None = None
    families: set[str] = field(default_factory=set)
    acts_for: str | None = None
    # Every actor an anaphor may stand for ("l'Union": the EU or the African Union),
    # the one named last before it wins.
    antecedents: tuple[LexEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedMentions:
    """The mentions of one Doc as their own words resolve them (before the context pass).

    ``unnamed`` holds the starts of anaphors whose organisation was not named
    yet; ``text`` is the Doc's text and ``folded`` its folded form.
    """

    mentions: tuple[Mention, ...]
    unnamed: frozenset[int]
    text: str
    folded: str


class ActorResolver:
    """Resolve the actor mentions of spaCy Docs in one language.

    Get one with :func:`veille.actors.get_resolver`; it is cheap to call and
    holds no per-document state, so one instance serves a whole batch.
    """

    def __init__(self, kb: KnowledgeBase, language: str) -> None:
        """Prepare the resolver for ``language`` over the knowledge base ``kb``."""
        self.kb = kb
        self.language = language
        self._lexicon = kb.lexicon(language)
        self._role_prefixes = {
            words[:n]
            for words, entries in self._lexicon.entries.items()
            if any(e.kind == "role" for e in entries)
            for n in range(1, len(words) + 1)
        }
        self._locative = _LOCATIVE.get(language, frozenset())

    def resolve_mentions(
        self,
        doc: Doc,
        *,
        as_of: date | None = None,
        places: Sequence[PlaceMention] = (),
    ) -> tuple[Mention, ...]:
        """Return the actor mentions of ``doc``, resolved at the date ``as_of`` (default: today).

        ``places`` (optional) are the Doc's resolved place mentions: a town the
        actor base does not know ("police in Kharkiv") then gives its state to
        the groups of its context. A caller that needs the mentions to find the
        places runs :meth:`named_mentions` once and :meth:`in_context` twice.
        """
        return self.in_context(doc, self.named_mentions(doc, as_of=as_of), places)

    def in_context(
        self, doc: Doc, named: NamedMentions, places: Sequence[PlaceMention] = ()
    ) -> tuple[Mention, ...]:
        """Return ``named`` with the groups that name no state given one from context."""
        if doc.has_annotation("SENT_START"):
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            sentences = [(0, len(named.text))]
        mentions = named.mentions
        return with_context_countries(
            mentions,
            named.text,
            sentences,
            self._is_state,
            named.unnamed | _adjectives(doc, mentions),
            folded=named.folded,
            qualifiers=_qualifying_demonyms(doc, mentions),
            places=[(p.start, p.end, p.country) for p in places if p.country],
            home=self.kb.home_roles.get(self.language, {}),
        )

    def named_mentions(self, doc: Doc, *, as_of: date | None = None) -> NamedMentions:
        """Return the mentions of ``doc`` as their own words resolve them (no context pass)."""
        day = as_of or date.today()
        text = doc_text(doc)
        folded = fold(text, ACTOR_NAMES)
        words = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(folded)]
        matches = self._scan(text, folded, words)
        matches = self._merge_entities(doc, text, words, matches)
        self._persons_named_as_places(doc, words, matches)
        self._spelling_variants(text, words, matches)
        self._senses(text, words, matches)
        matches = self._compose_roles(doc, text, folded, words, matches)
        matches = self._surnames(text, words, matches)
        self._appositions(text, matches)
        mentions, unnamed = self._resolve_in_order(text, matches, day)
        mentions = _without_dateline_agency(mentions, find_dateline(text))
        return NamedMentions(_unknown_surnames(mentions), frozenset(unnamed), text, folded)

    def _is_state(self, code: str) -> bool:
        actor = self.kb.actor(code)
        return actor is not None and actor.type == "state"

    # ------------------------------------------------------------- matching
    def _scan(self, text: str, folded: str, words: list[tuple[int, int, str]]) -> list[_Match]:
        lexicon = self._lexicon
        entries, prefixes, first = lexicon.entries, lexicon.prefixes, lexicon.first_words
        found: list[_Match] = []
        n = len(words)
        role_prefixes = self._role_prefixes
        resume = 0  # a name found ends here: no other starts inside it
        # Most words start no name at all; only those that may are visited.
        for i in [k for k, w in enumerate(words) if w[2] in first]:
            if i < resume:
                continue
            word = words[i][2]
            key: tuple[str, ...] = (word,)
            if (
                key not in entries
                and key not in role_prefixes
                and (i + 1 == n or (word, words[i + 1][2]) not in prefixes)
            ):
                # Most first words ("de", "the", "a") open no name where they stand:
                # the two-word key settles it before any gap is measured.
                continue
            best: tuple[int, LexEntry, str | None, list[LexEntry]] | None = None
            inner: str | None = None
            j = i + 1
            while True:
                candidates = entries.get(key)
                if candidates:
                    chosen = self._valid(text, words[i][0], words[j - 1][1], candidates)
                    if chosen is not None:
                        best = (j, chosen, inner, candidates)
                if j >= n or key not in prefixes:
                    break
                nxt = (*key, words[j][2])
                if nxt in prefixes:
                    step, demonym = 1, None
                elif key in role_prefixes and j + 1 < n:
                    # "ministre russe de la Défense": a nationality inside a role phrase.
                    # Nothing else can follow a key that is no prefix, so the gap is
                    # measured only once the nationality and the role's next word fit.
                    nxt = (*key, words[j + 1][2])
                    demonym = self._demonym(words[j][2])
                    if demonym is None or nxt not in prefixes:
                        break
                    step = 2
                else:
                    break
                gap = folded[words[j - 1][1] : words[j][0]]
                if len(gap) > 3 or not set(gap) <= _NAME_GAP:
                    break
                if demonym is not None:
                    inner = demonym
                key = nxt
                j += step
            if best is None:
                continue
            end, entry, inner_country, senses = best
            char_end = words[end - 1][1]
            if entry.case == "exact" and text[char_end : char_end + 1] == "." and end - i > 1:
                char_end += 1  # the closing dot of "U.S." belongs to the name
            match = _Match(
                start=i,
                end=end,
                char_start=words[i][0],
                char_end=char_end,
                kind=entry.kind,
                actor_id=entry.actor_id,
                country=entry.country or inner_country,
                sectors=entry.sectors,
                office=entry.office,
                anaphor=entry.anaphor,
                confidence=_CONFIDENCE[entry.kind],
            )
            if entry.anaphor:
                match.antecedents = tuple(e for e in senses if e.anaphor)
            found.append(match)
            resume = end
        return found

    def _demonym(self, word: str) -> str | None:
        for entry in self._lexicon.entries.get((word,), ()):
            if entry.kind == "demonym":
                return entry.country or entry.actor_id
        return None

    @staticmethod
    def _valid(text: str, start: int, end: int, candidates: list[LexEntry]) -> LexEntry | None:
        first = text[start]
        capitalised = first.isupper() or first.isdigit()
        for entry in candidates:
            # Candidates come best-ranked first, so "Argentine" with a capital is the country
            # (a title-case name) before it is the adjective "argentine".
            if entry.case == "any":
                return entry
            if entry.case == "title" and capitalised:
                return entry
            if entry.case == "exact" and cased_words_of(text[start:end]) == entry.cased:
                return entry
        return None

    def _merge_entities(
        self, doc: Doc, text: str, words: list[tuple[int, int, str]], matches: list[_Match]
    ) -> list[_Match]:
        """Add NER entities the KB does not cover; let a longer name win ("Washington Post")."""
        starts = [m.char_start for m in matches]
        dropped: set[int] = set()
        added: list[_Match] = []
        word_starts = [w[0] for w in words]
        for ent in doc.ents:
            kind = _NER_KIND.get(ent.label_)
            lo, hi = ent.start_char, ent.end_char
            if kind is None or not (text[lo].isupper() or text[lo].isdigit()):
                continue  # a name starts with a capital; lowercase "un" tagged ORG is noise
            first = bisect_left(starts, lo)
            while first > 0 and matches[first - 1].char_end > lo:
                first -= 1
            # Matches come in text order: those starting before the entity's end
            # are a prefix of the rest, found without scanning to the article's end.
            last = bisect_left(starts, hi, first)
            overlapping = [k for k in range(first, last) if matches[k].char_end > lo]
            w_lo, w_hi = bisect_left(word_starts, lo), bisect_left(word_starts, hi)
            if not overlapping:
                if w_lo < w_hi:
                    added.append(_Match(w_lo, w_hi, lo, hi, kind, None, None, confidence=0.5))
                continue
            if not all(
                lo <= matches[k].char_start and matches[k].char_end <= hi for k in overlapping
            ):
                continue  # a name of the base sticks out of the entity: the base wins
            # An anaphor ("Union") inside a longer name is a word of that name.
            covered = {
                w
                for k in overlapping
                if not matches[k].anaphor
                for w in range(matches[k].start, matches[k].end)
            }
            names = [
                w
                for w in range(w_lo, w_hi)
                if w not in covered
                and words[w][2] not in _FUNCTION_WORDS
                and text[words[w][0]].isupper()
            ]
            if (
                names
                and all(
                    any(
                        matches[k].anaphor and matches[k].start <= w < matches[k].end
                        for k in overlapping
                    )
                    for w in names
                )
                and not any(matches[k].kind in ("role", "demonym") for k in overlapping)
            ):
                # "l'Union", "l'Alliance aux portes de la Russie" tagged as one entity: the
                # names in it are the anaphor and names of the base, which keep their sense
                # (a role or a nationality inside makes it a name: "Nigerian Union of Teachers").
                continue
            # A role word may end an organisation's name ("Union of Teachers"), but
            # a role that opens the entity is a title ("President Putin").
            roles_named = (
                all(
                    matches[k].kind != "role"
                    or (kind == "organisation" and names[0] < matches[k].start)
                    for k in overlapping
                )
                if names
                else False
            )
            if names and roles_named:
                dropped.update(overlapping)
                # An unknown organisation named after one state ("the Nigerian Union
                # of Teachers", "Kenya Anti-Corruption Commission") belongs to it, and
                # an unknown place holding a state's name ("South Lebanon") is in it.
                named = {"organisation": ("country", "demonym", "capital"), "other": ("country",)}
                states = {
                    matches[k].country
                    for k in overlapping
                    if matches[k].kind in named.get(kind, ())
                }
                country = states.pop() if len(states) == 1 else None
                entity = _Match(w_lo, w_hi, lo, hi, kind, None, country, confidence=0.5)
                if kind == "organisation" and country is None:
                    _part_of_named_body(entity, [matches[k] for k in overlapping])
                added.append(entity)
        kept = [m for k, m in enumerate(matches) if k not in dropped]
        return sorted(kept + added, key=lambda m: m.char_start) if added else kept

    def _persons_named_as_places(
        self, doc: Doc, words: list[tuple[int, int, str]], matches: list[_Match]
    ) -> None:
        """Read a surname that is also a state's name as the person when the NER says so.

        "le président Hollande" is François Hollande, "la Hollande" the Netherlands: a
        place name outranks a person's alias in the base, unless the NER tagged exactly
        those words as a person and the base knows a person by them.
        """
        people = {
            (ent.start_char, ent.end_char)
            for ent in doc.ents
            if _NER_KIND.get(ent.label_) == "person"
        }
        if not people:
            return
        for m in matches:
            if m.kind not in ("country", "capital") or (m.char_start, m.char_end) not in people:
                continue
            person = self._person_entry(tuple(w[2] for w in words[m.start : m.end]))
            if person is not None:
                m.kind, m.actor_id, m.country = "person", person.actor_id, person.country
                m.sectors, m.confidence = person.sectors, _CONFIDENCE["person"]

    def _spelling_variants(
        self, text: str, words: list[tuple[int, int, str]], matches: list[_Match]
    ) -> None:
        """Resolve persons written in another transliteration ("Andreï Belooussov").

        Only names the NER tagged as persons and the base did not know by
        their exact words are looked at; a surname alone is first compared
        with the people named before it in the article.
        """
        named: dict[tuple[str, ...], str] = {}
        for m in matches:
            unknown = m.actor_id is None and text[m.char_start].isupper()
            if unknown and m.kind in ("organisation", "other") and m.end - m.start == 1:
                # A surname the NER took for something else: only a person named before.
                earlier = named.get(spelling_keys(text[m.char_start : m.char_end]))
                if earlier is not None:
                    m.kind, m.actor_id, m.country = "person", earlier, None
                    m.confidence = _SPELLING_CONFIDENCE
                continue
            if m.kind != "person":
                continue
            if unknown:
                name = text[m.char_start : m.char_end]
                keys = spelling_keys(name)
                found = named.get(keys) if len(keys) == 1 else None
                found = found or self.kb.person_spelled(name) or self._titled(name, named)
                if found is not None:
                    m.actor_id, m.confidence = found, _SPELLING_CONFIDENCE
            if m.actor_id is not None:
                last = spelling_keys(words[m.end - 1][2])
                if last:
                    named.setdefault(last, m.actor_id)

    def _titled(self, name: str, named: dict[tuple[str, ...], str]) -> str | None:
        """Return the person a name with a courtesy title or an initial names, or None.

        "Mme Christiane Taubira", "M. Macron", "E. Macron": the title and the
        initial of the first name are no part of the name. What is left is looked
        up as a full name, or, when it is a surname alone, among the people named
        before it and the hand-written people; the initial must open one of that
        person's names ("E. Macron" is Emmanuel Macron, "J.-M. Le Pen" is not
        Marine Le Pen). A middle initial stays: "John F. Kennedy" is not "John Kennedy".
        """
        tokens = name.split()
        titles = self.kb.honorifics.get(self.language, frozenset())
        while tokens and fold(tokens[0].rstrip("."), ACTOR_NAMES).lower() in titles:
            tokens.pop(0)
        initial = tokens[0][0] if len(tokens) >= 2 and _is_initial(tokens[0]) else ""
        kept = tokens[1:] if initial else tokens
        bare = " ".join(kept)
        if not kept or bare == name:
            return None
        exact = self._person_entry(words_of(bare))
        found = exact.actor_id if exact is not None else None
        if len(kept) >= 2:
            found = found or self.kb.person_spelled(bare)
        else:
            found = found or named.get(spelling_keys(bare)) or self.kb.person_spelled(bare)
        if found is None or not initial:
            return found
        actor = self.kb.actor(found)
        forms = actor.names.get(self.language, ()) if actor is not None else ()
        opens = {fold(form[:1], ACTOR_NAMES).upper() for form in forms if len(form.split()) >= 2}
        return found if fold(initial, ACTOR_NAMES).upper() in opens else None

    def _person_entry(self, words: tuple[str, ...]) -> LexEntry | None:
        """Return the first person the lexicon knows by exactly these words, or None."""
        return next((e for e in self._lexicon.entries.get(words, ()) if e.kind == "person"), None)

    def _place_of(self, words: list[tuple[int, int, str]], at: int) -> bool:
        """Say whether word ``at`` is the "de" / "of" of a place phrase ("près de", "rues de")."""
        return (
            at >= 1
            and words[at][2] in _OF
            and words[at - 1][2] in _PLACE_OF.get(self.language, frozenset())
        )

    @staticmethod
    def _names_a_treaty(words: list[tuple[int, int, str]], m: _Match) -> bool:
        """Say whether capital ``m`` is the town a treaty is named after ("accords de Minsk")."""
        after = words[m.end][2] if m.end < len(words) else ""
        if after in _TREATY_AFTER:
            return True
        at = m.start - 1
        if at < 1 or words[at][2] not in _OF:
            return False
        noun = words[at - 1][2]
        if noun in _TREATY_OF:
            return True
        # A lone "accord" is a treaty unless it reads as consent ("avec l'accord de").
        lead = {w[2] for w in words[max(0, at - 4) : at - 1]}
        return noun == "accord" and not lead & _CONSENT

    @staticmethod
    def _described_as_capital(text: str, words: list[tuple[int, int, str]], m: _Match) -> bool:
        """Say whether the capital of ``m`` is set beside the noun "capital" by a comma."""
        start, end = words[m.start][0], words[m.end - 1][1]
        return bool(
            _CAPITAL_APPOSITION.match(text[end : end + 20])
            or _APPOSED_CAPITAL.search(text[max(0, start - 20) : start])
        )

    def _senses(self, text: str, words: list[tuple[int, int, str]], matches: list[_Match]) -> None:
        """Tell a capital used as a place from a government, and settle ambiguous names."""
        article_words: set[str] | None = None
        for m in matches:
            if m.kind == "capital":
                at = m.start - 1
                if at > 0 and words[at][2] in _ARTICLES:
                    at -= 1  # "à la Maison Blanche", "at the Pentagon"
                before = text[words[at][0] : words[at][1]].lower() if at >= 0 else ""
                after = tuple(w[2] for w in words[m.end : m.end + 2])
                if (
                    before in self._locative
                    or after[:1] == ("dc",)
                    or after == ("d", "c")
                    or self._place_of(words, at)
                    or self._described_as_capital(text, words, m)
                ):
                    m.kind, m.actor_id, m.sectors, m.confidence = "other", None, (), 0.6
                elif self._names_a_treaty(words, m):
                    # Kept as a mention that names no one, so the town's place
                    # mention does not bring its state back as a side.
                    m.kind, m.actor_id, m.sectors, m.confidence = "other", None, (), 0.6
                    m.country = None
            if m.kind not in ("country", "capital", "other"):
                continue
            rule = self.kb.ambiguities.get(tuple([w[2] for w in words[m.start : m.end]]))
            if rule is None:
                continue
            near = {w[2] for w in words[max(0, m.start - 2) : m.end + 2]}
            alternative = bool(near & rule.near)
            if not alternative and rule.article:
                if article_words is None:
                    article_words = {w[2] for w in words}
                alternative = len(article_words & rule.article) > len(
                    article_words & rule.article_default
                )
            if alternative:
                m.kind, m.actor_id, m.country, m.sectors = rule.kind, None, rule.country, ()
                m.confidence = 0.7

    def _compose_roles(
        self,
        doc: Doc,
        text: str,
        folded: str,
        words: list[tuple[int, int, str]],
        matches: list[_Match],
    ) -> list[_Match]:
        """Attach nationalities, "de la Russie", "Russia's" and "U.N. war crimes" to role words."""
        consumed: set[int] = set()
        for k, role in enumerate(matches):
            if role.kind != "role":
                continue
            nxt = matches[k + 1] if k + 1 < len(matches) else None
            prev = matches[k - 1] if k > 0 and k - 1 not in consumed else None
            if (
                role.country is None
                and nxt is not None
                and nxt.kind == "demonym"
                and nxt.start == role.end
                and not text[role.char_end : nxt.char_start].strip()
            ):
                role.country, role.end, role.char_end = (
                    nxt.country or nxt.actor_id,
                    nxt.end,
                    nxt.char_end,
                )
                consumed.add(k + 1)
            if (
                role.country is None
                and prev is not None
                and prev.kind in ("demonym", "country", "capital", "organisation", "bloc")
                and not prev.anaphor
            ):
                gap = text[prev.char_end : role.char_start]
                marker = next((p for p in ("'s", "’s", "'", "’") if gap.startswith(p)), "")
                after = prev.char_end + len(marker)
                if (
                    (prev.end == role.start and not gap.strip())
                    or (marker and not text[after : role.char_start].strip())
                    # "U.N. war crimes court", "NATO's reinforced military presence"
                    or _modifiers_only(doc, text, after, role.char_start)
                ):
                    self._owned_by(role, prev)
                    role.start, role.char_start = prev.start, prev.char_start
                    consumed.add(k - 1)
            if role.country is None:
                for later in matches[k + 1 : k + 3]:
                    if later.kind not in ("country", "capital", "organisation", "bloc"):
                        continue
                    between = [w[2] for w in words[role.end : later.start]]
                    gap = folded[role.char_end : later.char_start]
                    if (
                        between
                        and set(between) <= _PREPOSITIONS
                        and not _SENTENCE_PUNCT.search(gap)
                    ):
                        self._owned_by(role, later)
                    break
        kept = [m for k, m in enumerate(matches) if k not in consumed]
        _roles_of_roles(folded, words, kept)
        return kept

    def _owned_by(self, role: _Match, owner: _Match) -> None:
        """Give a role the state or body that owns it ("NATO troops", "rebelles du M23").

        Members of a group are what the group is: "Islamic State fighters",
        "le chef des rebelles du M23" are REB, "Gazprom executives" BUS.
        """
        role.country = owner.country or owner.actor_id
        actor = self.kb.actor(owner.actor_id) if owner.actor_id else None
        if actor is not None and actor.type == "group" and owner.sectors:
            role.sectors = tuple(dict.fromkeys(owner.sectors + role.sectors))

    def _surnames(
        self, text: str, words: list[tuple[int, int, str]], matches: list[_Match]
    ) -> list[_Match]:
        """Link a surname alone ("Belousov") to the person named in full before it."""
        first_seen: dict[str, tuple[int, str]] = {}
        for m in matches:
            if m.kind == "person" and m.actor_id and m.end - m.start >= 2:
                first_seen.setdefault(words[m.end - 1][2], (m.char_end, m.actor_id))
        if not first_seen:
            return matches
        taken = {w for m in matches for w in range(m.start, m.end)}
        added = []
        # Only the words that are a known surname are looked at.
        for w in [k for k, word in enumerate(words) if word[2] in first_seen]:
            start, end, word = words[w]
            seen = first_seen[word]
            if w in taken or start < seen[0] or not text[start].isupper():
                continue
            added.append(_Match(w, w + 1, start, end, "person", seen[1], None, confidence=0.9))
        if not added:
            return matches
        return sorted(matches + added, key=lambda m: m.char_start)

    @staticmethod
    def _appositions(text: str, matches: list[_Match]) -> None:
        """Link a role and the person named right next to it, in either order."""
        for k, m in enumerate(matches[:-1]):
            nxt = matches[k + 1]
            end = m.char_end
            if (
                m.kind == "role"
                and nxt.kind != "person"
                and k + 2 < len(matches)
                and m.country is not None
                and (nxt.country or nxt.actor_id) == m.country
            ):
                # "le secrétaire général de l'OTAN, Mark Rutte": skip the role's own body.
                end, nxt = nxt.char_end, matches[k + 2]
            if m.kind == "role" and nxt.kind == "person" and _titles(m, nxt, text):
                if _ROLE_THEN_PERSON.fullmatch(text[end : nxt.char_start]):
                    m.person = nxt
            elif (
                m.kind == "person"
                and nxt.kind == "role"
                and _titles(nxt, m, text)
                and _PERSON_THEN_ROLE.fullmatch(text[m.char_end : nxt.char_start])
            ):
                nxt.person = m
        for m in matches:
            person = m.person
            if person is not None and person.actor_id is None:
                # A person the base does not know keeps the state and sectors of the role
                # the text gives them ("le chef des rebelles du M23, X": COD, REB), even
                # when the name comes first ("X, the Kenyan foreign minister").
                person.country = person.country or m.country
                person.sectors = person.sectors or m.sectors
        _officials(text, matches)

    # ------------------------------------------------------------ resolution
    def _resolve_in_order(
        self, text: str, matches: list[_Match], day: date
    ) -> tuple[tuple[Mention, ...], frozenset[int]]:
        """Resolve matches left to right; also return the starts of anaphors left unnamed."""
        # When each actor (or a part of it: the European Commission for the EU) was
        # last named, by the order of the mentions.
        seen: dict[str, int] = {}
        people: list[_Match] = []
        out: list[Mention] = []
        unnamed: set[int] = set()
        for order, m in enumerate(matches):
            if m.anaphor:
                self._antecedent(m, seen)
            if m.anaphor and m.actor_id not in seen:
                # Before its actor is named, a multi-word anaphor ("forces armées
                # alliées") is still a mention of armed forces, of no known side.
                if " " in text[m.char_start : m.char_end].strip():
                    unnamed.add(m.char_start)
                    out.append(
                        Mention(
                            start=m.char_start,
                            end=m.char_end,
                            text=text[m.char_start : m.char_end],
                            kind="role",
                            actor_id=None,
                            sectors=m.sectors,
                            country=None,
                            confidence=m.confidence,
                        )
                    )
                continue
            if m.kind == "person":
                self._person_at(m, day)
                people.append(m)
            elif m.kind == "role":
                self._role_at(m, day, people)
            # "NATO ministers" names NATO too: the role carries it as its body.
            for named in {m.actor_id, m.country} - {None}:
                code: str | None = named
                while code is not None and seen.get(code) != order:
                    seen[code] = order
                    code = self.kb.parent(code)
            out.append(
                Mention(
                    start=m.char_start,
                    end=m.char_end,
                    text=text[m.char_start : m.char_end],
                    kind=m.kind,
                    actor_id=m.actor_id,
                    sectors=m.sectors,
                    country=m.country,
                    confidence=m.confidence,
                )
            )
        return tuple(out), frozenset(unnamed)

    @staticmethod
    def _antecedent(m: _Match, seen: dict[str, int]) -> None:
        """Give an anaphor the sense whose actor was named last ("l'Union" after "l'UE")."""
        named = [e for e in m.antecedents if e.actor_id in seen]
        if not named:
            return
        entry = max(named, key=lambda e: seen[str(e.actor_id)])
        m.actor_id, m.country, m.sectors = entry.actor_id, entry.country, entry.sectors

    def _person_at(self, m: _Match, day: date) -> None:
        if m.actor_id:
            actor = self.kb.actor(m.actor_id)
            roles = self.kb.roles_at(m.actor_id, day)
            bodies = [r.country for r in roles if r.country]
            m.country = bodies[0] if bodies else (actor.country if actor else None)
            m.sectors = tuple(dict.fromkeys(s for r in roles for s in r.sectors))
            m.families = {office_family(r.office) for r in roles if r.office != "-"}
        if m.acts_for:
            # The text says whom the person speaks for here ("U.N. mediator Diego Cordovez");
            # a firm, party, medium or NGO of one state is coded by that state, as the body
            # itself is ("Facebook chief executive Mark Zuckerberg": USA). A state's own
            # service keeps its id ("CIA Director David Petraeus"), which tells its acts
            # from the government's.
            body = self.kb.actor(m.acts_for)
            if body is not None and body.country and set(body.sectors) & _CIVIL_BODY_SECTORS:
                m.country = body.country
            else:
                m.country = m.acts_for

    def _role_at(self, m: _Match, day: date, people: list[_Match]) -> None:
        person = m.person
        if person is not None:
            if person.actor_id is None:
                # An unknown person takes the nationality and sectors the text gives them.
                person.country = person.country or m.country
                person.sectors = person.sectors or m.sectors
            m.actor_id = person.actor_id
            m.country = m.country or person.country
            if m.office:
                person.families.add(office_family(m.office))
            return
        if m.office is None:
            return
        if m.country:
            holders = self.kb.holders(m.office, m.country, day)
            if len(holders) == 1:
                m.actor_id, m.confidence = holders[0], 0.7
                proxy = _Match(
                    m.start, m.end, m.char_start, m.char_end, "person", holders[0], m.country
                )
                proxy.families = {office_family(m.office)}
                people.append(proxy)
            return
        family = office_family(m.office)
        compatible = [
            c
            for c in reversed(people)
            if family in c.families and (m.office == family or self._holds(c, m.office, day))
        ]
        if not compatible:
            return
        # "Le ministre" is the article's main minister, not merely the last one named: the
        # person named most often wins, the most recent one breaks ties.
        counts: dict[str | None, int] = {}
        for person in people:
            counts[person.actor_id] = counts.get(person.actor_id, 0) + 1
        candidate = max(compatible, key=lambda c: counts.get(c.actor_id, 1) if c.actor_id else 1)
        m.actor_id, m.country, m.confidence = candidate.actor_id, candidate.country, 0.75
        m.sectors = tuple(dict.fromkeys(m.sectors + candidate.sectors))
        people.append(candidate)

    def _holds(self, person: _Match, office: str, day: date) -> bool:
        if person.actor_id is None:
            return True
        return any(r.office == office for r in self.kb.roles_at(person.actor_id, day))


def _roles_of_roles(folded: str, words: list[tuple[int, int, str]], matches: list[_Match]) -> None:
    """Give a role with no state the state of the role it belongs to ("de / of" between).

    "les forces du régime syrien", "l'armée du gouvernement irakien", "troops of the
    Malian government": the forces are Syrian, the army Iraqi. Only groups take it,
    not offices ("le porte-parole du ministre russe" is no holder found by the state).
    Right to left, so that
    "les soldats de l'armée du gouvernement irakien" passes the state down the chain.
    """
    for k in range(len(matches) - 2, -1, -1):
        role, owner = matches[k], matches[k + 1]
        if role.kind != "role" or role.country is not None or owner.kind != "role":
            continue
        if role.office is not None:
            # "le porte-parole du ministre russe": an office's holder is not read from a
            # state passed down; groups ("forces", "troops") have no office.
            continue
        if owner.country is None or owner.anaphor or owner.person is not None:
            continue
        between = [w[2] for w in words[role.end : owner.start]]
        gap = folded[role.char_end : owner.char_start]
        if between and set(between) <= _PREPOSITIONS and not _SENTENCE_PUNCT.search(gap):
            role.country = owner.country


def _part_of_named_body(entity: _Match, inside: list[_Match]) -> None:
    """Give an unknown organisation the one body of the base its name holds.

    "le Haut-Commissariat des Nations unies aux droits de l'homme", "the United
    Nations Human Rights Council", "les Brigades Ezzedine al-Qassam du Hamas": an organ,
    agency or branch named after its body is coded as that body (the gold conventions
    code a UN organ as UN), with the body's state and sectors when it has them.
    """
    bodies = {
        m.actor_id: m
        for m in inside
        if m.kind in ("organisation", "bloc") and m.actor_id and not m.anaphor
    }
    if len(bodies) != 1:
        return
    body = next(iter(bodies.values()))
    entity.actor_id, entity.country, entity.sectors = body.actor_id, body.country, body.sectors
    entity.confidence = 0.7


def _is_initial(token: str) -> bool:
    """Tell whether a word of a name is an initial: "E.", "W.", "J.-M.", "J-M"."""
    return bool(_INITIALS.fullmatch(token)) and (len(token) == 1 or "." in token or "-" in token)


def _titles(role: _Match, person: _Match, text: str) -> bool:
    """Tell whether a role written next to a person may be that person's title.

    A role with an office always may ("le ministre russe de la Défense, X");
    a role word of no office only for a person the base does not know, and
    only in the singular: "Pakistan's army chief X", "the M23 rebel leader X"
    give X a state and sectors, "les rebelles, X" does not.
    """
    if role.office:
        return True
    last = text[role.char_start : role.char_end].rsplit(maxsplit=1)[-1]
    return person.actor_id is None and not last.endswith(("s", "x"))


# Parts of speech of the words that may stand between a nationality or an
# organisation and its role word: "U.N. war crimes court", "Afghan rebel leaders".
_MODIFIER_POS = frozenset({"NOUN", "ADJ", "PROPN"})
_MAX_MODIFIERS = 2


def _modifiers_only(doc: Doc, text: str, start: int, end: int) -> bool:
    """Tell whether the text between two mentions is one or two noun modifiers, nothing else."""
    between = text[start:end].strip()
    if not between or not all(c.isalpha() or c in " -" for c in between):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = [t for t in span if not t.is_space] if span is not None else []
    return 0 < len(tokens) <= _MAX_MODIFIERS and all(
        t.pos_ in _MODIFIER_POS and t.is_alpha for t in tokens
    )


def _adjectives(doc: Doc, mentions: tuple[Mention, ...]) -> frozenset[int]:
    """Return the starts of role mentions written as adjectives ("naval", "Jewish settlers").

    An adjective qualifies a thing or a group the knowledge base does not
    name; it is not a group of its own to give a country to.
    """
    out: set[int] = set()
    for m in mentions:
        if m.kind != "role":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span) and span[-1].pos_ == "ADJ":
            out.add(m.start)
    return frozenset(out)


def _unknown_surnames(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """Give a surname the state and sectors of the unknown person named in full before it.

    "Jeff Rathke, the State Department spokesperson, said … Rathke also
    asked …": the base does not know Rathke, but his role gave the full name
    a state; the surname alone, later, is the same person. Only people the
    base does not know, and only a shorter name ending in the same word.
    """
    named: dict[str, Mention] = {}
    out: list[Mention] = []
    for m in mentions:
        if m.kind != "person" or m.actor_id is not None:
            out.append(m)
            continue
        words = m.text.split()
        full = named.get(fold(words[-1], ACTOR_NAMES)) if words else None
        if m.country is None and full is not None and len(words) < len(full.text.split()):
            out.append(
                replace(
                    m,
                    country=full.country,
                    sectors=full.sectors,
                    confidence=min(m.confidence, full.confidence),
                )
            )
            continue
        if m.country is not None and len(words) >= 2:
            named[fold(words[-1], ACTOR_NAMES)] = m
        out.append(m)
    return tuple(out)


def _qualifying_demonyms(doc: Doc, mentions: tuple[Mention, ...]) -> frozenset[int]:
    """Return the starts of demonyms written as adjectives of a thing ("Russian drone strike").

    The demonym qualifies a noun that no mention covers (an attack, a plan, a
    consulate the knowledge base does not name as a role): it tells whose the
    thing is, which is no evidence of where the other groups of its sentence belong.
    """
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out: set[int] = set()
    for m in mentions:
        if m.kind != "demonym":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        last = span[-1]
        if last.pos_ == "ADJ" and last.dep_ == "amod" and last.head.idx not in covered:
            out.add(m.start)
    return frozenset(out)


# "U.N. mediator Diego Cordovez": an organisation, one to three title words, a name.
_ORG_TITLE_PERSON = re.compile(r"\s+(?:[A-Za-z][\w-]*\s+){1,3}")
# "International Monetary Fund (IMF) managing director, Christine Lagarde": lower-case
# title words and a comma; words that would open a phrase of their own ("the IMF
# last week, X said", "in talks, X") are no title.
_ORG_TITLE_COMMA_PERSON = re.compile(r"\)?\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*\s*,\s*")
_NOT_TITLE_WORDS = frozenset(
    "in on at of to for with by from and or but after before during since last this "  # noqa: SIM905
    "next said says told added".split()
)
# "Kenzo Oshima, the United Nations Emergency Relief Coordinator": a name, then the
# organisation followed by title words up to the next comma or the end of the sentence.
_PERSON_THE_ORG = re.compile(r"\s*,\s*(?:the\s+|l['’]|le\s+|la\s+)?")
_ORG_TITLE_END = re.compile(r"(?:['’]s)?(?:\s+[A-Z][\w-]*){1,4}\s*(?:[,.;]|$)")
# "X, envoyé spécial de l'ONU": a name, lower-case title words, "de", the organisation.
_PERSON_TITLE_OF = re.compile(
    r"\s*,\s*(?:(?:the|le|la|l['’])\s*)?(?:[a-zà-ÿ][\w'’-]*\s+){1,4}"
    r"(?:of|de|du|des|d['’])\s*(?:(?:the|la|l['’])\s*)?"
)


# Words that make a title one the person held before: "Former IAEA head X", "X, the
# former UN envoy", "l'ancien secrétaire général de l'ONU X", "ex-NATO chief X".
_FORMER_WORDS = frozenset({"former", "ex", "ancien", "ancienne", "anciens", "anciennes"})
# How far before the organisation such a word may stand ("the former " + the name).
_FORMER_REACH = 12


def _former(words: str) -> bool:
    """Tell whether ``words`` hold a word that makes a title a past one."""
    return not _FORMER_WORDS.isdisjoint(re.split(r"[\s,'’-]+", words.lower()))


def _org_title(gap: str) -> bool:
    """Tell whether the words between an organisation and a name are a title."""
    if _ORG_TITLE_PERSON.fullmatch(gap):
        return True
    return bool(_ORG_TITLE_COMMA_PERSON.fullmatch(gap)) and _NOT_TITLE_WORDS.isdisjoint(
        gap.replace(",", " ").split()
    )


def _officials(text: str, matches: list[_Match]) -> None:
    """Mark persons named with an organisation's title as acting for that organisation.

    "U.N. mediator Diego Cordovez", "Kenzo Oshima, the United Nations
    Emergency Relief Coordinator, …", "X, envoyé spécial de l'ONU": whatever
    the person's nationality, here they speak for the organisation. A former
    title ("Former IAEA head X", "X, the former UN envoy") does not: codebook
    7.5 codes a former office holder by what they are now.
    """
    for k, m in enumerate(matches):
        if m.kind != "person":
            continue
        prev = matches[k - 1] if k else None
        nxt = matches[k + 1] if k + 1 < len(matches) else None
        if (
            prev is not None
            and prev.kind == "organisation"
            and prev.actor_id
            and _org_title(text[prev.char_end : m.char_start])
            and not _former(text[max(0, prev.char_start - _FORMER_REACH) : m.char_start])
        ):
            m.acts_for = prev.actor_id
        elif nxt is not None and nxt.kind == "organisation" and nxt.actor_id:
            gap = text[m.char_end : nxt.char_start]
            after = text[nxt.char_end : nxt.char_end + 80]
            if _former(gap):
                continue
            if (_PERSON_THE_ORG.fullmatch(gap) and _ORG_TITLE_END.match(after)) or (
                _PERSON_TITLE_OF.fullmatch(gap)
            ):
                m.acts_for = nxt.actor_id


def _without_dateline_agency(
    mentions: tuple[Mention, ...], dateline: Dateline | None
) -> tuple[Mention, ...]:
    """Drop what a dateline names after its place: "(AFP)" wrote the dispatch, it is no actor.

    Kept, the agency of "BAMAKO, 3 mars (AFP) –" was France, which the groups
    of the first sentence then took as their state. The dateline's place stays:
    it tells whose the article is (:mod:`veille.actors.context`, step 3).
    """
    if dateline is None:
        return mentions
    return tuple(m for m in mentions if not (dateline.start < m.start and m.end <= dateline.end))
