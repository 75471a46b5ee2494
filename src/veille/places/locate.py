"""Where each event happened, and whether it is lead or background.

The location of an event is the place its own words say it happened in:
a place governed by a locative preposition of the language's lexicon ("à
Minsk", "in Kabul", "near the town of Samarra", "dans le nord de l'Irak",
"return to Geneva" after a verb of motion), attached

1. to the trigger's clause: the trigger, its clause head, the trigger's
   own phrase for a noun trigger, or the clause's subject ("a bombing near
   Samarra killed …", "des manifestants à Paris ont dénoncé …");
2. failing that, anywhere below the clause head (an object's phrase:
   "blew up lines leading into Kabul", "fired at targets in Jericho"),
   except for speech acts: what an accusation or a demand is about
   ("a dénoncé la présence … à proximité des frontières russes") is not
   where it was made; a speech act's place comes before what it says
   ("a déclaré à Minsk que …");
3. failing that, to the verb a purpose or complement clause depends on
   ("se réuniront à Bruxelles pour discuter": the talks are in Brussels).

The place an attack is aimed at is where it happened (codebook 8.8): the
object of the trigger or of its clause head, or a phrase an ``against``
preposition of the lexicon opens on them ("a bombardé Kharkiv",
"l'offensive contre Mossoul", "captured the town of Idlib"); it competes
with the trigger's own locatives.

A locative of the lexicon's ``near`` kind ("near", "près de") never puts an
event in a country or region (near Russia is outside it); French "à" before
a country named with its article is a recipient ("l'aide à l'Ukraine").

Not every place of the sentence is the location, and an actor of the event
is not one: only places governed by a locative preposition are candidates,
so a state that is a side of the event ("la Russie a dénoncé", "sanctions
contre l'Iran", "Moscou a averti") never is. A side the coder found inside
a locative phrase is still where the act took place ("des frappes dans le
nord de l'Ukraine", "guerrillas operating in Macedonia"). Several candidates of
one rank: the finest precision wins ("in Bam, Iran" → Bam), then the nearest
to the trigger.

When the sentence states no place, the location is *inferred*
(``inferred=True``, no ``start``/``end``) from the article's dateline
("MOSCOU, 22 nov. (AFP) -"), or, for a domestic event only — every actor on
both sides belongs to one country, "la police russe a arrêté des
manifestants russes" — from that country. An event between states, or one
with a single side ("la Russie a annoncé …"), gets no inferred location: the
actor's country says who acted, not where.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from veille.datelines import Dateline, find_dateline
from veille.nlp import doc_text
from veille.places.gazetteer import get_gazetteer
from veille.places.lexicon import PlaceLexicon, load_place_lexicon
from veille.places.salience import assign_salience
from veille.places.syntax import (
    attacked_head,
    clause_head,
    locative_governor,
    span_root,
    subject_of,
    token_at,
)
from veille.records import ActorRef, Article, Event, Location, Mention, PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Event types whose object is what was said, not where it happened.
SPEECH_TYPES = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE"})
_FINENESS = {"city": 0, "admin1": 1, "region": 2, "country": 3, "unknown": 4}
_DEPENDENT_CLAUSES = frozenset({"advcl", "xcomp"})
# Acts often reported without their author ("a bomb killed …", "thousands marched
# in Tunis"): their place names one.
_UNCLAIMED_TYPES = frozenset({"ASSAULT", "PROTEST"})
# Acts that happen where their patient is, when the patient is a place.
_AIMED_TYPES = frozenset({"ASSAULT"})
# Speech types that are also acts done somewhere: an agreement is signed in a place.
_SIGNED = frozenset({"AGREE"})
# Dependents that carry what a speech act says.
_CONTENT = frozenset({"obj", "dobj", "ccomp", "xcomp"})
# A place's head word, the locative preposition it hangs on, and what that attaches to.
_Governed = tuple["Token", str, "Token"]
# Dependents that make up a site's name before its head word ("Mar Elias| Church").
_NAME_PARTS = frozenset({"compound", "nummod", "amod", "flat", "flat:name", "nmod"})


def locate_events(
    events: Sequence[Event],
    places: Sequence[PlaceMention],
    mentions: Sequence[Mention],
    article: Article,
    doc: Doc,
) -> tuple[Event, ...]:
    """Return ``events`` with their ``location`` and ``salience`` set.

    ``places`` and ``mentions`` are the article's place and actor mentions,
    ``doc`` the spaCy parse of ``article.text`` (token offsets are article
    offsets). See the module docstring for the rules.
    """
    del mentions  # only locative phrases make a location, never an actor mention alone
    lexicon = load_place_lexicon(doc.lang_ if doc.lang_ in ("fr", "en") else "en")
    filed = find_dateline(article.text)
    dateline = _dateline_location(filed, places) if filed is not None else None
    # The dateline is no part of the sentence glued to it: its place locates that
    # sentence's events only as the dateline's (inferred), never as stated there.
    if filed is not None:
        places = [p for p in places if not filed.holds(p.start)]
    # Several events of one sentence read the same places' parses: each is read once.
    governors: dict[tuple[int, int], _Governed | None] = {}
    located = [
        _locate(event, places, doc, lexicon, dateline, governors=governors) for event in events
    ]
    return assign_salience(located, doc, article)


def _locate(
    event: Event,
    places: Sequence[PlaceMention],
    doc: Doc,
    lexicon: PlaceLexicon,
    dateline: Location | None,
    *,
    governors: dict[tuple[int, int], _Governed | None],
) -> Event:
    found = _stated(event, places, doc, lexicon, governors)
    stated, aimed_at = found if found is not None else (None, False)
    location = stated or dateline or _domestic(event)
    if location is None:
        return event
    unclaimed = not event.source and event.event_type in _UNCLAIMED_TYPES
    if stated is not None and unclaimed and not aimed_at:
        # A place attacked is the victim's, never the unnamed attacker's country.
        return replace(event, location=location, source=_local_perpetrator(stated, doc_text(doc)))
    return replace(event, location=location)


def _local_perpetrator(place: Location, text: str) -> tuple[ActorRef, ...]:
    """Code an attack or a protest nobody is named for by the state where it happened.

    "A roadside bomb near Samarra killed a U.S. soldier", "des milliers de
    personnes ont manifesté à Tunis": the ICEWS and PLOVER conventions code
    unidentified perpetrators and crowds by the country of the act (IRQ,
    TUN), which keeps the event on that country's dyads. The actor's span is
    the place's, the only words it comes from: the sentence states it
    (codebook 7.8: a place that gives the country is ``stated``).
    """
    if not place.country or place.start is None or place.end is None:
        return ()
    words = text[place.start : place.end]
    return (ActorRef(words, place.country, place.start, place.end, how="stated"),)


def _stated(
    event: Event,
    places: Sequence[PlaceMention],
    doc: Doc,
    lexicon: PlaceLexicon,
    governors: dict[tuple[int, int], _Governed | None],
) -> tuple[Location, bool] | None:
    """Return the place the sentence states for an event, and whether it is the patient."""
    # Places of the sentence hanging on a locative preposition come first: most
    # sentences have none, and then the trigger's clause need not be read at all.
    governed: list[tuple[PlaceMention, Token, Token]] = []
    aimed = event.event_type in _AIMED_TYPES
    aimed_at: list[PlaceMention] = []  # places that are the patient, not behind a locative
    for place in places:
        if not event.sentence.start <= place.start < event.sentence.end:
            continue
        bounds = (place.start, place.end)
        if bounds not in governors:
            governors[bounds] = _governed(doc, place, lexicon)
        parse = governors[bounds]
        if parse is None and aimed:
            parse = _attacked(doc, place, lexicon)
            if parse is not None:
                aimed_at.append(place)
        if parse is None:
            continue
        root, prep, governor = parse
        if prep in lexicon.get("near") and _fineness(place) >= _FINENESS["region"]:
            # Near a country is outside it: "near Russia's borders" is not Russia. A
            # town the gazetteer lacks but its chain places ("near Kalanak, Helmand,
            # Afghanistan") is a town like any other: the event is at it.
            continue
        if (
            prep in lexicon.get("dative")
            and place.precision not in ("city", "unknown")
            and _determined(root)
        ):
            # "l'aide à l'Ukraine": a recipient; a country is "en"/"au" Ukraine. A town
            # the gazetteer does not know keeps its article: "à La Saulce".
            continue
        governed.append((place, root, governor))
    if not governed:
        return None
    trigger = token_at(doc, event.trigger.start)
    if trigger is None:
        return None
    head = clause_head(trigger)
    subject = subject_of(head)
    material = event.event_type not in SPEECH_TYPES
    near: set[int] = {trigger.i, head.i}
    if trigger.pos_ in ("NOUN", "PROPN") and material:
        # "a bombing near Samarra"; but "préoccupations quant à la posture … à l'Est de
        # l'Europe" says what the concern is about, not where it was voiced.
        near |= {t.i for t in trigger.subtree}
    if subject is not None:
        near |= {t.i for t in subject.subtree}
    below: set[int] | None = None  # the clause head's subtree, read when first needed
    # "se réuniront à Bruxelles pour discuter": a purpose or complement clause
    # happens where the clause it depends on does.
    outer = head.head.i if head.dep_ in _DEPENDENT_CLAUSES and head.head.i != head.i else -1
    # Where a statement was made is said before what it says ("a déclaré à Minsk que",
    # "said in Kyiv that"); a place after the object of a speech verb most often
    # belongs to that object ("préoccupations quant à la posture … à l'Est de
    # l'Europe"), whatever the parser attached it to.
    said = min(
        (c.left_edge.i for c in head.children if c.dep_ in _CONTENT and c.i > head.i),
        default=len(doc),
    )
    found: list[tuple[int, int, int, PlaceMention]] = []
    parses: dict[int, tuple[Token, Token]] = {}
    for place, root, governor in governed:
        parses[place.start] = (root, governor)
        if place in aimed_at and governor.i not in (trigger.i, head.i):
            continue  # only the attack's own patient: not "les forces qui tiennent Raqqa"
        # "signed a pact in Kampala", "un accord commercial à Kampala": a signing
        # happens somewhere, when the place hangs on the signing or on the pact.
        signed = event.event_type in _SIGNED and _signed_at(governor, trigger, head)
        if not material and not signed and root.i > said:
            continue
        if governor.i in near:
            rank = 0
        elif material or signed:
            if below is None:
                below = {t.i for t in head.subtree}
            if governor.i in below:
                rank = 1
            elif governor.i == outer:
                rank = 2
            else:
                continue
        elif governor.i == outer:
            rank = 2
        else:
            continue
        distance = abs(place.start - event.trigger.start)
        found.append((rank, _fineness(place), distance, place))
    if not found:
        return None
    place = min(found, key=lambda item: item[:3])[3]
    location = _location(place, inferred=False)
    site = _named_site(*parses[place.start], lexicon)
    if site is not None and place.precision == "city" and not _is_side(event, site):
        # Codebook 8.8, the most specific place named: the site, still in its city.
        start, end = site
        location = replace(location, name=doc_text(doc)[start:end], start=start, end=end)
    part = _compass_part(parses[place.start][0], lexicon)
    if part is not None and place.precision in ("country", "admin1", "region"):
        # "southern Lebanon", "le nord de la Syrie": the part of the country named,
        # still that country (no coordinates, as any country).
        location = replace(location, name=doc_text(doc)[part : place.end], start=part)
    return location, place in aimed_at


def _compass_part(root: Token, lexicon: PlaceLexicon) -> int | None:
    """Return where a point of the compass that names part of a place starts, if one does.

    "in southern Lebanon", "across eastern Ukraine", "dans le nord de la Syrie",
    "in the north of Syria": the event is in that part of the country.
    """
    compass = lexicon.get("compass")
    before = [c for c in root.children if c.dep_ == "amod" and c.i == root.i - 1]
    if before and before[0].lower_ in compass:
        return int(before[0].idx)
    cases = [c for c in root.children if c.dep_ == "case"]
    head = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        head = root.head.head
    elif not (cases and cases[0].lower_ in ("de", "d'", "d’", "du", "des") and root.dep_ == "nmod"):
        return None
    if head.i < root.i and head.lower_ in compass:
        return int(head.idx)
    return None


def _named_site(root: Token, governor: Token, lexicon: PlaceLexicon) -> tuple[int, int] | None:
    """Return the character bounds of a named site a city's phrase places, if any.

    "at the Mar Elias Church in Damascus", "outside the Park East Synagogue in
    New York City", "at Kuala Lumpur International Airport": the site is the
    most specific place the sentence names. It is a name in capitals (every
    word capitalised or a number: "10 Downing Street"), itself behind a
    locative preposition, that the city's "in" phrase hangs on or that the
    city's name opens. "at a tavern in Pretoria" names no site.
    """
    if root.dep_ == "compound" and root.head.i > root.i:
        head = root.head  # "Kuala Lumpur International Airport"
    elif governor.pos_ in ("NOUN", "PROPN") and governor.i < root.i:
        head = governor  # "the Mar Elias Church in Damascus"
    else:
        return None
    if locative_governor(head, lexicon) is None:
        return None
    words = [t for t in head.subtree if t.i <= head.i and t.dep_ in _NAME_PARTS] + [head]
    words.sort(key=lambda t: t.i)
    if any(b.i - a.i != 1 for a, b in itertools.pairwise(words)):
        return None  # a name is written in one piece
    if not any(t.pos_ == "PROPN" for t in words) or any(
        not (t.text[:1].isupper() or t.like_num) for t in words
    ):
        return None
    if words[0].is_sent_start:
        return None
    return words[0].idx, head.idx + len(head.text)


def _is_side(event: Event, site: tuple[int, int]) -> bool:
    """Tell whether a site's head word is in an actor of the event (an institution, not a place).

    A side named by the city inside the site ("Frankfurt" of "Frankfurt
    International Airport") leaves the site a place.
    """
    head = site[1] - 1
    return any(ref.start <= head < ref.end for ref in (*event.source, *event.target))


def _governed(doc: Doc, place: PlaceMention, lexicon: PlaceLexicon) -> _Governed | None:
    """Return a place's head word, its locative preposition and what that hangs on."""
    root = span_root(doc, place.start, place.end)
    found = locative_governor(root, lexicon) if root is not None else None
    if root is None or found is None:
        return None
    return root, found[0], found[1]


def _attacked(doc: Doc, place: PlaceMention, lexicon: PlaceLexicon) -> _Governed | None:
    """Return a place's head word, no preposition, and the word it is the patient of, if any."""
    root = span_root(doc, place.start, place.end)
    head = attacked_head(root, lexicon) if root is not None else None
    if root is None or head is None:
        return None
    return root, "", head


def _signed_at(governor: Token, trigger: Token, head: Token) -> bool:
    """Tell whether a place's phrase hangs on a signing: its verb, noun or object."""
    if governor.i in (trigger.i, head.i):
        return True
    return governor.head.i == head.i and governor.dep_ in ("obj", "dobj")


def _determined(tok: Token | None) -> bool:
    """Tell whether a name has its own article ("la Russie", "l'Ukraine")."""
    return tok is not None and any(c.dep_ == "det" for c in tok.children)


def _dateline_location(dateline: Dateline, places: Sequence[PlaceMention]) -> Location | None:
    for place in places:
        if (
            place.start < dateline.place_end
            and dateline.start < place.end
            and place.place_id is not None
        ):
            return _location(place, inferred=True)
    return None


def _domestic(event: Event) -> Location | None:
    """Infer the country of a domestic event: every actor on both sides is of that country."""
    if not event.source or not event.target:
        return None
    codes = {ref.code for ref in (*event.source, *event.target)}
    if len(codes) != 1:
        return None
    code = next(iter(codes))
    country = get_gazetteer().country(code) if code and len(code) == 3 else None
    if country is None:
        return None
    return Location(
        name=country.name,
        place_id=country.id,
        country=country.country,
        admin1=None,
        lat=None,
        lon=None,
        precision="country",
        inferred=True,
    )


def _location(place: PlaceMention, *, inferred: bool) -> Location:
    city = place.precision == "city"
    return Location(
        name=place.name or place.text,
        place_id=place.place_id,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat if city else None,
        lon=place.lon if city else None,
        precision=place.precision,
        inferred=inferred,
        start=None if inferred else place.start,
        end=None if inferred else place.end,
    )


def _fineness(place: PlaceMention) -> int:
    """Rank a place by how fine it is, the finest 0.

    A name the gazetteer does not know that its chain placed in a country ("La
    Saulce (Hautes-Alpes)", "Heglig, West Kordofan") is a town or a site: finer
    than the region that placed it.
    """
    if place.precision == "unknown" and place.country:
        return _FINENESS["city"]
    return _FINENESS[place.precision]
