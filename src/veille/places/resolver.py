"""Find the places an article names and resolve each to a gazetteer place.

Which words are places
----------------------
* the actor mentions (see :mod:`veille.actors.resolver`) of kind ``country``
  — a country named as an actor ("la Russie a dénoncé") is still a place the
  article names — and of kind ``other`` (a place sense, "à Moscou", or an
  unknown named entity);
* spaCy's place entities (``LOC``, ``GPE``);
* gazetteer names found on capitalised words ("Long Beach", "Kyïv") or on
  the lower-case forms of the hand-written tables ("bande de Gaza");
* a nationality adjective on a place noun of the language's lexicon:
  "frontières russes", "Ukrainian territory" → the country;
* the place of a dateline ("MOSCOU, 22 nov. (AFP) -").

A capital standing for its government ("Moscou dénonce", "Washington a
averti"), an organisation ("Washington Post") or a person ("George
Washington") is not a place. A gazetteer match alone on a city or
first-level region name needs more evidence than its capital letter: a
locative preposition before it, a "City, Region" pattern, or a proper-noun
tag away from the start of a sentence.

How a name is resolved
----------------------
1. A country name is the country: "France" is never a town called
   "…-en-France", "USA"/"U.S."/"US"/"États-Unis" is the United States
   (acronyms match only in capitals: "us" is no country).
2. "City, Region" and "City, Country" pick the pair that fits ("Paris, Texas",
   "Seattle, Washington", "Bam, Iran"); "City, ST" reads ST as a US state
   ("Long Beach, CA").
3. Words around the name ask for a sense: "l'État de Washington",
   "Washington state", "au Québec" (the region) vs "à Québec" (the city).
4. Otherwise the place with the best score wins: a prior (country >
   region > first-level region; cities by population, see
   :func:`~veille.places.gazetteer.prior`), plus the article's context —
   another place in the same first-level region (+8, "Atlanta" for Georgia
   the state, "Texas" for Paris), a place of the same country (+1.5, twice
   that in the same paragraph: "Tripoli … the north Lebanese port"), or else
   an actor of that country (+1). A country loses only to a first-level
   region that has evidence of its own (Georgia with Atlanta); a city and
   its first-level region of one name ("New York", "Québec") give the city
   unless a cue asked for the region.

The other candidates are kept in ``alternatives``, best first. A name the
gazetteer does not know gives a mention of precision ``unknown`` with no
place id, and never hides the others; it takes a country only from the
names joined to it by commas ("Heglig, West Kordofan, Sudan").
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.attrs import IDX, LENGTH, ORTH

from veille.datelines import find_dateline
from veille.nlp import doc_text
from veille.places.gazetteer import Gazetteer, Place, get_gazetteer, name_key, prior, word_key
from veille.places.lexicon import PlaceLexicon, load_place_lexicon
from veille.places.syntax import locative_governor
from veille.records import Article, Mention, PlaceMention

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

_PLACE_LABELS = frozenset({"LOC", "GPE"})
# Entities that are not places; a gazetteer name inside one is not a place either
# ("Washington Post", "George Washington"). NORP is left out: the small English
# model tags some towns as nationalities ("Samarra").
_OTHER_LABELS = frozenset(
    {"PER", "PERSON", "ORG", "MISC", "PRODUCT", "WORK_OF_ART", "DATE", "TIME", "EVENT", "LAW"}
)
# Actor mentions that are no place names: a capital standing for its government,
# organisations, persons, blocs and nationality words ("Thai", "Sri Lankan").
_NOT_PLACES = frozenset({"capital", "organisation", "person", "bloc", "demonym"})
# What the parser may take a town for when no gazetteer knows it: a person, an
# organisation or a building ("in Stary Oskol, Belgorod Oblast", "in Omoku, Rivers
# State", "at Marble Hall, Limpopo"). In a chain of places they are the town.
_CHAINED_KINDS = frozenset({"organisation", "person"})
_CHAINED_LABELS = frozenset({"PER", "PERSON", "ORG", "FAC"})
_STATE_CODE = re.compile(r"\s*,\s*([A-Z]{2}|[A-Z]\.[A-Z]\.)(?![\w.])")
# What may join a place name to the next name of its chain: the rest of a name
# the gazetteer cut short ("North| Waziristan, ", "Hanna|-Karkur, ", "Adan|
# Yabal District in "), then a comma or "in".
_FIRST_LINK = re.compile(r"(?:[\s-]+[A-Z][\w'’.]*)*\s*(?:,|\s+in)\s+")
# What may follow the country that closes a chain: punctuation, the end, or a
# word that starts a new phrase ("…, Somalia, as the group", "…, Ukraine on Friday").
_CHAIN_END = re.compile(
    r"\s*(?:$|[,.;:()\[\]\"“”–—-]|(?:on|in|at|and|as|after|before|while|during|amid|"
    r"following|when|where|near|to|with|for|since|until|over|killing|leaving)\b)"
)
_ARTICLE = re.compile(r"(?:the|la|le|les)\s+|l['’]", re.IGNORECASE)
_NEWLINE = re.compile("\n")
_MAX_SCAN_WORDS = 6
# Words or names a memory of the resolver holds before it is emptied (a few MB).
_MAX_CACHED_WORDS = 200_000
_MAX_ALTERNATIVES = 5
_PRECISION_EVIDENCE = 8.0  # a place of the same first-level region named elsewhere
_COUNTRY_EVIDENCE = 1.5  # a place of the same country named elsewhere
_ACTOR_EVIDENCE = 1.0  # an actor of the same country
# A city found only by its name on a capitalised word, with no preposition,
# pattern or entity tag to back it, must be at least this large: towns called
# "March", "God" or "Of" are rarer in news than the words.
_BARE_CITY_POPULATION = 50_000
# The word just before a name, with its abbreviation dot ("Gen. Lee", "Mgr Aupetit").
_WORD_BEFORE = re.compile(r"(\w+)\.?\s+$")


@dataclass(slots=True)
class _Span:
    """A stretch of text that may name a place, with what it may mean."""

    start: int
    end: int
    source: str
    places: list[Place] = field(default_factory=list)
    fixed: Place | None = None
    pool: list[Place] = field(default_factory=list)
    chosen: Place | None = None
    scores: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0

    def __post_init__(self) -> None:
        self.pool = list(self.places)


class PlaceResolver:
    """Resolve the place names of spaCy Docs in one language.

    Get one with :func:`get_place_resolver`; it holds no per-document state,
    so one instance serves a whole batch.
    """

    def __init__(self, gazetteer: Gazetteer, lexicon: PlaceLexicon) -> None:
        """Prepare the resolver over ``gazetteer`` with the word lists of one language."""
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self._locative = lexicon.get("locative")
        self._admin_cues = lexicon.get("admin_cue")
        self._place_nouns = lexicon.get("place_noun")
        # Names of organisations and events that hold a place's words ("l'Union").
        self._not_places = frozenset(name_key(name) for name in lexicon.get("not_place"))
        # Titles written before a person's name ("Cardinal George", "le président Lincoln").
        self._person_titles = lexicon.get("person_title")
        # Points of the compass some state also names a region after ("le Nord").
        self._compass = frozenset(name_key(name) for name in lexicon.get("compass"))
        # Per-process memories (the gazetteer never changes once loaded): whether a
        # token text, by its spaCy ORTH id, may open a name; what each name may mean.
        self._may_start: dict[int, bool] = {}
        self._looked_up: dict[str, tuple[Place, ...]] = {}

    def resolve_places(
        self, doc: Doc, mentions: Sequence[Mention], *, article: Article | None = None
    ) -> tuple[PlaceMention, ...]:
        """Return the place mentions of ``doc`` in text order (see the module docstring).

        ``mentions`` are the actor mentions of the same Doc. ``article`` is
        accepted for callers that have it; the text read is ``doc.text``.
        """
        del article  # the Doc's text is the article's text; nothing else is needed yet
        text = doc_text(doc)
        found = find_dateline(text)
        dateline = (found.start, found.place_end) if found is not None else None
        used_as_place = self._capitals_as_places(doc, mentions)
        blocked = [
            (m.start, m.end)
            for m in mentions
            if m.kind in _NOT_PLACES
            and m not in used_as_place
            and not (m.kind in _CHAINED_KINDS and self._chained(doc, text, m.start, m.end))
            and not (dateline and m.start < dateline[1] and dateline[0] < m.end)
        ]
        spans = self._from_mentions(doc, mentions)
        for m in used_as_place:
            spans.append(_Span(m.start, m.end, "entity", self._seat_places(m)))
        if dateline is not None:
            places = self._lookup(text[dateline[0] : dateline[1]])
            if places:
                spans.append(_Span(dateline[0], dateline[1], "dateline", places))
        # Role phrases name institutions, not places: "ministère de la Défense" holds
        # no "La Défense". Their first words may be the country that composed them
        # ("West Bank refugee", "Russia's defence minister"), which stays a place.
        roles = [(m.start, m.end) for m in mentions if m.kind == "role"]
        ents = list(doc.ents)  # doc.ents builds new Spans on every access
        spans += self._from_entities(doc, text, ents, blocked, roles)
        spans += self._scan(doc, text, ents, blocked, roles)
        spans = _merge(
            [
                _trim(text, s)
                for s in spans
                if not self._not_place(text, s) and not self._titled_person(text, s)
            ]
        )
        spans = self._state_codes(text, spans)
        self._patterns(text, spans)
        self._cues(doc, spans)
        self._choose(spans, mentions, text)
        spans = self._without_bare_compass(text, spans, mentions)
        countries = _chain_countries(text, spans)
        countries.update(_agree_with_chain(text, spans))
        return tuple(self._to_mention(text, s, countries.get(i)) for i, s in enumerate(spans))

    # ------------------------------------------------------------ finding
    def _lookup(self, text: str) -> list[Place]:
        # Articles name the same places again and again: a name is folded and its
        # places ranked once per process. A fresh list is returned: callers own it.
        found = self._looked_up.get(text)
        if found is None:
            if len(self._looked_up) > _MAX_CACHED_WORDS:
                self._looked_up.clear()
            found = self._looked_up[text] = tuple(self.gazetteer.lookup(text))
        return list(found)

    def _from_mentions(self, doc: Doc, mentions: Sequence[Mention]) -> list[_Span]:
        out: list[_Span] = []
        for m in mentions:
            if m.kind == "country" and m.country:
                fixed = self._country_place(m.text, m.country)
                if fixed is not None:
                    out.append(_Span(m.start, m.end, "actor", [fixed], fixed=fixed))
            elif m.kind == "other":
                # The actor resolver's country for a place sense is a guess from one
                # reading; the patterns and context below decide ("Paris, Texas").
                places = self._seat_places(m)
                if places or _proper_noun(doc, m.start, m.end):
                    out.append(_Span(m.start, m.end, "entity", places))
            elif m.kind == "demonym" and m.country:
                span = self._demonym_place(doc, m)
                if span is not None:
                    out.append(span)
        return out

    def _capitals_as_places(self, doc: Doc, mentions: Sequence[Mention]) -> list[Mention]:
        """Capitals and seats used as places the actor resolver read as governments.

        After a locative preposition of this lexicon ("into Kabul", "from
        Kabul": the actor resolver knows a shorter list; "à Bruxelles", which
        it reads as the EU), or before ", Region" ("Paris, Texas" is no
        government).
        """
        out = []
        for m in mentions:
            if m.kind not in ("capital", "organisation"):
                continue
            if m.kind == "organisation" and not any(
                p.precision == "city" for p in self._lookup(m.text)
            ):
                continue
            tok = doc.char_span(m.start, m.end, alignment_mode="expand")
            if tok is None:
                continue
            if m.kind == "organisation" and tok.root.dep_ == "compound":
                # "at a Hamas base in Gaza": an organisation's name modifying a noun
                # says whose the thing is, never that it is in Hamm.
                continue
            before = doc[tok.start - 1].lower_ if tok.start > 0 else ""
            after = doc[tok.end : tok.end + 2]
            qualified = (
                len(after) == 2
                and after[0].text == ","
                and any(p.precision in ("admin1", "country") for p in self._lookup(after[1].text))
            )
            # "dans les rues de Tunis", "through central Nairobi": the name's
            # phrase hangs on a locative preposition, perhaps past a feature noun.
            governed = locative_governor(tok.root, self.lexicon) is not None
            if before in self._locative or qualified or governed:
                out.append(m)
        return out

    def _seat_places(self, m: Mention) -> list[Place]:
        """Places a capital or seat used as a place may be; a seat is in its capital.

        "à la Maison Blanche" is in Washington (not the Paris district), "in
        the White House" too (not Casablanca, whose name means it).
        """
        seat = self.gazetteer.seats.get(name_key(m.text))
        return [seat] if seat is not None else self._lookup(m.text)

    def _not_place(self, text: str, span: _Span) -> bool:
        """Tell whether a span is an organisation's or an event's name ("l'Union")."""
        return bool(self._not_places) and name_key(text[span.start : span.end]) in self._not_places

    def _titled_person(self, text: str, span: _Span) -> bool:
        """Tell whether a name found by its spelling follows a person's title.

        "Cardinal George", "President Lincoln", "le général Lyautey": the name
        after a title is the person's, not the town of that name. A country the
        actor resolver fixed keeps its own reading, and a dateline is no name.
        """
        if span.source not in ("entity", "gazetteer") or not self._person_titles:
            return False
        before = _WORD_BEFORE.search(text, max(0, span.start - 30), span.start)
        return before is not None and before.group(1).lower() in self._person_titles

    def _without_bare_compass(
        self, text: str, spans: list[_Span], mentions: Sequence[Mention]
    ) -> list[_Span]:
        """Drop a point of the compass taken for a region of a state the article never names.

        "dans le Nord du pays", "l'Est", "au Centre culturel": Burkina Faso and
        Haiti name regions Nord, Est or Centre, but French writes these words
        for any country's north or east. The region stands only when another
        place or an actor of its state is in the article.
        """
        if not self._compass:
            return spans
        backed = {m.country for m in mentions if m.country}
        out: list[_Span] = []
        for span in spans:
            chosen = span.chosen
            if (
                chosen is not None
                and chosen.precision != "country"
                and name_key(text[span.start : span.end]) in self._compass
            ):
                others = {s.chosen.country for s in spans if s is not span and s.chosen is not None}
                if chosen.country not in backed | others:
                    continue
            out.append(span)
        return out

    def _country_place(self, text: str, code: str) -> Place | None:
        for place in self._lookup(text):
            if place.country == code and place.precision in ("country", "region"):
                return place
        return self.gazetteer.country(code)

    def _demonym_place(self, doc: Doc, mention: Mention) -> _Span | None:
        """Read "frontières russes", "Ukrainian territory" as the adjective's country."""
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        head = tok.head
        if head.i == tok.i or tok.dep_ not in ("amod", "nmod", "compound", "flat"):
            return None
        lemma = head.lemma_.lower()
        nxt = doc[head.i + 1].lower_ if head.i + 1 < len(doc) else ""
        if lemma not in self._place_nouns and f"{lemma} {nxt}" not in self._place_nouns:
            return None
        country = self.gazetteer.country(mention.country or "")
        if country is None:
            return None
        start = min(head.idx, mention.start)
        end = max(head.idx + len(head.text), mention.end)
        return _Span(start, end, "demonym", [country], fixed=country)

    def _from_entities(
        self,
        doc: Doc,
        text: str,
        ents: list[SpacySpan],
        blocked: list[tuple[int, int]],
        roles: list[tuple[int, int]],
    ) -> list[_Span]:
        out = []
        for ent in ents:
            lo, hi = ent.start_char, ent.end_char
            if ent.label_ not in _PLACE_LABELS and not (
                ent.label_ in _CHAINED_LABELS and self._chained(doc, text, lo, hi)
            ):
                continue
            if _blocked(lo, hi, blocked):
                continue
            if _inside_role(lo, hi, roles):
                continue
            places = self._lookup(text[lo:hi])  # Span.text would join its tokens anew
            if not places and (not _proper_noun(doc, lo, hi) or _inside_any(lo, hi, roles)):
                # "Analyse" tagged LOC is a common noun; "Sri Lankan" opening the role
                # "Sri Lankan army" is a nationality: neither is a place name.
                continue
            out.append(_Span(ent.start_char, ent.end_char, "entity", places))
        return out

    def _scan(
        self,
        doc: Doc,
        text: str,
        ents: list[SpacySpan],
        blocked: list[tuple[int, int]],
        roles: list[tuple[int, int]],
    ) -> list[_Span]:
        """Find gazetteer names on capitalised words (and the lower-case table forms)."""
        gaz = self.gazetteer
        others = [(e.start_char, e.end_char) for e in ents if e.label_ in _OTHER_LABELS]
        # One C call reads every token's text id and offsets; Token objects are made
        # only where a name is found, and a word is judged once per process.
        rows: list[list[int]] = doc.to_array([ORTH, IDX, LENGTH]).tolist()
        may_start = self._may_start
        if len(may_start) > _MAX_CACHED_WORDS:
            may_start.clear()
        opens = [may_start.get(orth) for orth, _, _ in rows]
        if None in opens:
            for i, flag in enumerate(opens):
                if flag is None:
                    orth, start, length = rows[i]
                    opens[i] = may_start[orth] = self._opens_name(text[start : start + length])
        out: list[_Span] = []
        n = len(rows)
        resume = 0  # the token after the last name found: names do not overlap
        for i in itertools.compress(range(n), opens):
            if i < resume:
                continue
            start = rows[i][1]
            best: tuple[int, list[Place]] | None = None
            words: list[str] = []
            for j in range(i, min(n, i + 2 * _MAX_SCAN_WORDS)):
                word_text = text[rows[j][1] : rows[j][1] + rows[j][2]]
                word = word_key(word_text)
                if not word:
                    if word_text in ("-", "'", "’", ".") and j > i:
                        continue
                    break
                words.append(word)
                key = " ".join(words)
                if gaz.knows(key):
                    places = self._lookup(text[start : rows[j][1] + rows[j][2]])
                    if places:
                        best = (j, places)
                if len(words) >= _MAX_SCAN_WORDS or key not in gaz.prefixes:
                    break
            if best is None:
                continue
            j, places = best
            end = rows[j][1] + rows[j][2]
            if (
                not _blocked(start, end, blocked)
                and not _blocked(start, end, others)
                and not _inside_role(start, end, roles)
                and self._plausible(doc, i, j, places)
            ):
                out.append(_Span(start, end, "gazetteer", places))
            resume = j + 1
        return out

    def _chained(self, doc: Doc, text: str, start: int, end: int) -> bool:
        """Tell whether a name is a link of a chain of places ("in X, Region, Country").

        "in Stary Oskol, Belgorod Oblast, Russia", "in Omoku, Rivers State",
        "in Dunaivtsi, Khmelnytskyi Oblast, on Sunday": the parser may read a
        town or a region as a person or an organisation, but a name the writer
        places in a region or a country, after "in", is a place; so is a region
        the gazetteer knows after the comma of such a chain. The name after the
        link must be a known place, and no phrase may go on after the chain as
        an actor's ("in Hamas, Israel's army said" chains nothing).
        """
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.start < 2 or span.end >= len(doc):
            return False
        before = doc[span.start - 1]
        if before.text == "," and doc[span.start - 2].text[:1].isupper():
            # A later link: the name itself must be a region or country the gazetteer knows.
            stop, known = self._known_run(doc, text, span.start, span.end)
            return known and stop == span.end and _CHAIN_END.match(text, end) is not None
        if before.lower_ not in self._locative or doc[span.end].text != ",":
            return False
        stop, known = self._known_run(doc, text, span.end + 1, len(doc))
        after = doc[stop - 1].idx + len(doc[stop - 1].text)
        return known and _CHAIN_END.match(text, after) is not None

    def _known_run(self, doc: Doc, text: str, first: int, limit: int) -> tuple[int, bool]:
        """Read the capitalised words from token ``first``: where they stop, and if a place.

        The run is a place when the gazetteer knows some leading part of it
        ("Rivers| State", "Cauca| Department").
        """
        known = False
        k = first
        while k < min(limit, len(doc), first + _MAX_SCAN_WORDS):
            word = doc[k].text
            if not (word[:1].isupper() or (word == "-" and k > first)):
                break
            k += 1
            name = text[doc[first].idx : doc[k - 1].idx + len(doc[k - 1].text)]
            known = known or any(
                p.precision in ("city", "admin1", "country", "region") for p in self._lookup(name)
            )
        return k, known

    def _opens_name(self, word_text: str) -> bool:
        """Tell whether a token's text may start a gazetteer name as written."""
        gaz = self.gazetteer
        first = word_key(word_text)
        if not first or first.split(" ", 1)[0] not in gaz.first_words:
            return False
        return word_text[:1].isupper() or first in gaz.lower_first_words

    def _plausible(self, doc: Doc, i: int, j: int, places: list[Place]) -> bool:
        """Tell whether a gazetteer-only match is used as a place name here."""
        if any(p.precision in ("country", "region") for p in places):
            return True
        before = doc[i - 1].lower_ if i > 0 else ""
        if before in self._locative or before in self._admin_cues:
            return True
        after = doc[j + 1].text if j + 1 < len(doc) else ""
        if after == "," or (i > 1 and doc[i - 1].text == ","):
            return True  # "Paris, Texas", "Seattle, Washington": checked by the pattern step
        span = doc[i : j + 1]
        large = any(p.population >= _BARE_CITY_POPULATION for p in places)
        return (
            large
            and not span[0].is_sent_start
            and all(t.pos_ == "PROPN" or not t.is_alpha or t.is_lower for t in span)
        )

    # ----------------------------------------------------------- patterns
    def _state_codes(self, text: str, spans: list[_Span]) -> list[_Span]:
        """Read a two-letter US state code after a US city ("Long Beach, CA")."""
        added: list[_Span] = []
        for span in spans:
            match = _STATE_CODE.match(text, span.end)
            if match is None or span.fixed is not None:
                continue
            code = match.group(1).replace(".", "")
            state = self.gazetteer.get(f"A1:US.{code}")
            cities = [p for p in span.places if p.precision == "city" and p.admin1 == f"US.{code}"]
            if state is None or not cities:
                continue
            span.fixed = cities[0]
            start = match.start(1)
            added.append(_Span(start, match.end(1), "pattern", [state], fixed=state))
        if not added:
            return spans
        return _merge(spans + added)

    @staticmethod
    def _patterns(text: str, spans: list[_Span]) -> None:
        """Resolve "City, Region" and "City, Country" to the pair in which one holds the other."""
        for left, right in itertools.pairwise(spans):
            if text[left.end : right.start].strip() != ",":
                continue
            pairs = [
                (a, b)
                for a in ([left.fixed] if left.fixed else left.places)
                for b in ([right.fixed] if right.fixed else right.places)
                if a.precision in ("city", "admin1") and _holds(b, a)
            ]
            if pairs:
                a, b = max(pairs, key=lambda pair: prior(pair[0]))
                left.fixed, right.fixed = a, b

    def _cues(self, doc: Doc, spans: list[_Span]) -> None:
        """Words around a name that ask for one sense: "État de", "state", "au"/"à"."""
        region_preps = self.lexicon.get("region_prep")
        city_preps = self.lexicon.get("city_cue")
        for span in spans:
            if span.fixed is not None or len(span.places) < 2:
                continue
            toks = doc.char_span(span.start, span.end, alignment_mode="expand")
            if toks is None or len(toks) == 0:
                continue
            before = [t.lower_ for t in doc[max(0, toks.start - 3) : toks.start]]
            after = doc[toks.end].lower_ if toks.end < len(doc) else ""
            function = {"de", "d'", "d’", "of", "the", "l'", "l’", "la", "le"}
            content_before = [w for w in before if w not in function]
            admin = [p for p in span.places if p.precision == "admin1"]
            cities = [p for p in span.places if p.precision == "city"]
            if admin and (
                (content_before and content_before[-1] in self._admin_cues)
                or after in self._admin_cues
            ):
                span.places = admin
            elif before and before[-1] in region_preps and len(cities) < len(span.places):
                span.places = [p for p in span.places if p.precision != "city"]
            elif before and before[-1] in city_preps and cities and admin:
                span.places = [p for p in span.places if p.precision != "admin1"]

    # ------------------------------------------------------------ choosing
    def _choose(self, spans: list[_Span], mentions: Sequence[Mention], text: str) -> None:
        actor_countries: set[str | None] = {
            m.country for m in mentions if m.country and m.kind not in ("organisation", "bloc")
        }
        # Paragraph starts stand in for sentences: iterating doc.sents costs more
        # than the whole place stage.
        sentences = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        for span in spans:
            span.chosen = span.fixed or (span.places[0] if span.places else None)
        for _ in range(2):  # context from the first choices, then from the better ones
            for span in spans:
                if span.fixed is not None or len(span.places) < 2:
                    continue
                self._score(span, spans, actor_countries, sentences)
        for span in spans:
            if span.fixed is not None:
                span.confidence = 0.95
            elif len(span.places) == 1:
                span.confidence = 0.9
            elif span.places and span.scores:
                ranked = sorted(span.scores.values(), reverse=True)
                margin = ranked[0] - ranked[1]
                span.confidence = round(0.5 + 0.4 * margin / (margin + 2.0), 2)
            else:
                span.confidence = 0.3

    @staticmethod
    def _score(
        span: _Span, spans: list[_Span], actor_countries: set[str | None], sentences: list[int]
    ) -> None:
        # Places named as places count for more than states named as actors: the
        # nationality of negotiators says little about where they meet ("U.S.
        # negotiators return to Geneva"), "the north Lebanese port" a lot.
        others = [s for s in spans if s is not span and s.chosen is not None]
        admin1s = {s.chosen.admin1 for s in others if s.chosen and s.chosen.admin1}
        named = [s for s in others if s.source != "actor"]
        countries = {s.chosen.country for s in named if s.chosen}
        here = _sentence_of(span.start, sentences)
        nearby = {
            s.chosen.country for s in named if s.chosen and _sentence_of(s.start, sentences) == here
        }
        actors = actor_countries | {
            s.chosen.country for s in others if s.source == "actor" and s.chosen
        }
        scores: dict[str, float] = {}
        evidence: dict[str, bool] = {}
        for place in span.places:
            score = prior(place)
            local = place.admin1 is not None and place.admin1 in admin1s
            score += _PRECISION_EVIDENCE * local
            if place.country in countries:
                score += _COUNTRY_EVIDENCE * (2 if place.country in nearby else 1)
            elif place.country in actors:
                score += _ACTOR_EVIDENCE
            scores[place.id] = score
            evidence[place.id] = local
        by_id = {p.id: p for p in span.places}
        country = next((p for p in span.places if p.precision == "country"), None)
        namesake = {p.country for p in span.places if p.precision == "city"}
        # A city and its first-level region of one name ("New York", "Moscou",
        # "Québec", Washington and the state): the city, unless a cue said otherwise.
        contenders = [
            p for p in span.places if not (p.precision == "admin1" and p.country in namesake)
        ]
        ranked = sorted(contenders, key=lambda p: -scores[p.id])
        best = ranked[0]
        if country is not None and best is not country:
            # A country name is the country, unless a first-level region of that
            # name has evidence of its own (Georgia, with Atlanta in the article).
            admin = next((p for p in ranked if p.precision == "admin1" and evidence[p.id]), None)
            best = admin if admin is not None and scores[admin.id] > scores[country.id] else country
        span.chosen = by_id[best.id]
        span.scores = scores

    # ------------------------------------------------------------- output
    def _to_mention(self, text: str, span: _Span, chain_country: str | None) -> PlaceMention:
        place = span.chosen
        if place is None:
            return PlaceMention(
                start=span.start,
                end=span.end,
                text=text[span.start : span.end],
                place_id=None,
                name=None,
                precision="unknown",
                country=chain_country,
                confidence=0.3,
            )
        # Every other sense the name had, the ones scored best first.
        others = [p for p in span.pool if p.id != place.id]
        others.sort(key=lambda p: -span.scores.get(p.id, -1.0))
        city = place.precision == "city"
        return PlaceMention(
            start=span.start,
            end=span.end,
            text=text[span.start : span.end],
            place_id=place.id,
            name=place.name,
            precision=place.precision,
            country=place.country,
            admin1=place.admin1,
            lat=place.lat if city else None,
            lon=place.lon if city else None,
            alternatives=tuple(p.id for p in others[:_MAX_ALTERNATIVES]),
            confidence=span.confidence,
        )


def _chain_countries(text: str, spans: list[_Span]) -> dict[int, str]:
    """Give an unknown name the country of the comma chain that follows it.

    "Heglig, West Kordofan, Sudan", "Kurram District, Khyber Pakhtunkhwa,
    Pakistan", "La Saulce (Hautes-Alpes)": the town is not in the gazetteer,
    but the names after it, joined by commas alone or by an opening
    parenthesis, say which country it is in. Returns the index of
    each unknown span so placed, with the country of the first resolved name
    of its chain (at most three names on).
    """
    countries: dict[int, str] = {}
    for i, span in enumerate(spans):
        if span.chosen is not None:
            continue
        for j in range(i + 1, min(i + 4, len(spans))):
            # "Heglig, West Kordofan" or "La Saulce (Hautes-Alpes)".
            if text[spans[j - 1].end : spans[j].start].strip() not in (",", "("):
                break
            chosen = spans[j].chosen
            if chosen is not None:
                if chosen.country:  # a region over several countries says none
                    countries[i] = chosen.country
                break
    return countries


def _agree_with_chain(text: str, spans: list[_Span]) -> dict[int, str]:
    """Put a town in the country its comma chain names, or leave it unknown.

    "Bari, Puntland, Somalia", "North Waziristan, Pakistan", "Pardes
    Hanna-Karkur, Israel", "the Adan Yabal District in Middle Shabelle,
    Somalia": the writer says in which country the town is, and the
    gazetteer's reading of the name (the Italian city, Cameroon's North
    region, the Indian town of Khanna, Aden) is one abroad. The town takes
    its reading in that country when it has one; else it becomes an unknown
    name with that country, as an unknown name of a chain does. The chain
    may start after the rest of a longer name the gazetteer cut short and
    step into a larger place with "in"; it ends at a country. Returns the
    index of each span left unknown, with its country.
    """
    countries: dict[int, str] = {}
    for i, span in enumerate(spans):
        chosen = span.chosen
        if span.fixed is not None or chosen is None or chosen.precision not in ("city", "admin1"):
            continue
        country = _chain_country(text, spans, i)
        if country is None or chosen.country == country:
            continue
        inside = [p for p in span.pool if p.country == country and p.precision != "country"]
        if inside:
            span.chosen = max(inside, key=prior)
            span.confidence = 0.95
        else:
            span.chosen = None
            countries[i] = country
    return countries


def _chain_country(text: str, spans: list[_Span], i: int) -> str | None:
    """Return the country that ends the chain of names after span ``i``, if one does."""
    if i + 1 >= len(spans) or not _FIRST_LINK.fullmatch(text[spans[i].end : spans[i + 1].start]):
        return None
    for j in range(i + 1, min(i + 4, len(spans))):
        if j > i + 1 and text[spans[j - 1].end : spans[j].start].strip() != ",":
            return None
        chosen = spans[j].chosen
        if chosen is not None and chosen.precision == "country":
            # "in Rafah, Israel's army said": a country that goes on as an actor
            # closes no chain of places.
            return chosen.country if _CHAIN_END.match(text, spans[j].end) else None
    return None


def _holds(outer: Place, inner: Place) -> bool:
    """Tell whether ``outer`` (a country or first-level region) contains ``inner``."""
    if outer.precision == "country":
        return inner.country == outer.country and inner.id != outer.id
    if outer.precision == "admin1":
        return inner.precision == "city" and inner.admin1 == outer.admin1
    return False


def _sentence_of(char: int, starts: list[int]) -> int:
    return bisect_right(starts, char)


def _proper_noun(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)


def _blocked(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Tell whether a non-place span overlaps ``start``–``end`` without lying inside it.

    A longer place name holds what would block its part: "Jaffna peninsula"
    though "Jaffna" alone was tagged a person, "Moscow Oblast" though
    "Moscow" alone stands for the government.
    """
    return any(
        s < end and start < e and not (start <= s and e <= end and (s, e) != (start, end))
        for s, e in spans
    )


def _inside_role(start: int, end: int, roles: list[tuple[int, int]]) -> bool:
    """Tell whether a span lies inside a role phrase other than at its start."""
    return any(s < start and end <= e for s, e in roles)


def _inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _trim(text: str, span: _Span) -> _Span:
    """Drop a leading article from a span: "the Middle East" → "Middle East"."""
    match = _ARTICLE.match(text, span.start, span.end)
    if match is not None and match.end() < span.end:
        span.start = match.end()
    return span


def _merge(spans: list[_Span]) -> list[_Span]:
    """Keep one span where several overlap: a known place first, then the longest."""
    order = {"actor": 0, "demonym": 0, "pattern": 0, "dateline": 1, "entity": 2, "gazetteer": 3}
    ranked = sorted(
        spans,
        key=lambda s: (not s.places, -(s.end - s.start), order.get(s.source, 9), s.start),
    )
    kept: list[_Span] = []
    for span in ranked:
        lo, hi = span.start, span.end
        if not any(lo < k.end and k.start < hi for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


@lru_cache(maxsize=8)
def get_place_resolver(language: str) -> PlaceResolver:
    """Return the place resolver for ``language`` (``fr`` or ``en``), built once per process."""
    return PlaceResolver(get_gazetteer(), load_place_lexicon(language))
