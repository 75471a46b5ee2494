"""Triggers that name no political event: accidents, disasters, private crime, sport, culture.

A trigger word found by :mod:`veille.events.triggers` is an event only when
it passes the codebook's event test (``docs/codebook.md``, sections 3.1 and
3.2): an act, done by or to a political actor, of one of the 16 types. The
steps of :data:`NON_EVENT_STEPS` run once the trigger's sides are known and
each may say why the trigger is no event:

1. :func:`fixed_phrase` — the trigger word is part of a fixed phrase that
   names no act ("à l'aide de sondes", "supply and demand");
2. :func:`natural_cause` — what acts is a storm, an earthquake, a fire or
   a crash ("Un séisme a frappé l'Italie", "a fire at a factory kills
   eight");
3. :func:`accident_toll` — dead and injured counted with nobody who caused
   them, in a sentence about an accident or a disaster and with no word of
   violence ("Nine people are killed after a bus collided with a truck",
   but not "killed when a bomb hit a bus");
4. :func:`casualty_tally` — dead and injured counted in a tally ("au total",
   "le bilan"), with nobody who caused them and no word of violence: the
   quantity of an attack or a crisis told elsewhere, not a new act ("Au
   total, 12 personnes sont mortes et 300 ont été blessées depuis le début
   des manifestations");
5. :func:`nobody_harmed` — a casualty word nobody causes that is denied
   or reflexive ("le chasseur n'a pas été blessé", "s'est tué sur la
   route": an accident, no victim of anyone);
6. :func:`accidental_act` — the act is said to be an accident ("a child
   accidentally detonates a grenade");
7. :func:`private_violence` — harm between private persons: a private
   motive ("during a family dispute", "lors d'un cambriolage"), or no actor
   and no word of public life or armed violence (codebook 3.4); and
   :func:`private_request`, a verb of everyday asking (``asking`` cues) with
   no actor on either side in a sentence with no such word ("il nous a
   demandé de l'aider");
8. :func:`sport_report`, :func:`culture_report`, :func:`market_report` —
   a sentence about a match, a show or the markets ("a validé le but du
   1-0", "the paintings were donated to the museum", "investors rejected
   the merger"); what a state does to them (a ban, a boycott, sanctions),
   what a state's organ does, and a sentence naming public life or armed
   violence stay;
9. :func:`only_an_idea` — a noun of an act that completes a noun of risk,
   fear, lead or intention ("le risque d'attentat", "la piste de
   l'attentat") names an act feared or supposed, not reported;
10. :func:`named_by_past_year` — a noun of attack or protest whose own
   complement gives its year ("les attentats de janvier 2015") names a past
   act the sentence only mentions;
11. :func:`actorless_noun` — a noun that names no actor and is not the
   subject of its clause only mentions an act ("les lois prévoient des
   sanctions"); the same noun as the subject reports it ("L'explosion a eu
   lieu à …", codebook 5.1);
12. :func:`danger_warning` — a verb of warning (``forewarn`` cues) that
   addresses nobody and warns of a danger the speaker does not control:
   its "that" clause has a thing, not an actor, as subject ("warned that
   the world was facing a 1930s moment") or its "of" phrase names a
   ``danger`` cue ("warned of famine"); codebook 11, THREATEN boundaries;
13. :func:`visit_at_home` — a verb of travel (``travel`` cues: "est arrivé
   à", "s'est rendu à") with no place or actor of another state, or whose
   travellers are soldiers, crowds, firms or reporters, is no visit.

The words each step reads are cues of the language (``cues.tsv`` and
``nonevents.tsv``): ``casualty``, ``perish``, ``tally``, ``disaster``, ``violence``, ``sport``,
``culture``, ``market``, ``private``, ``public``, ``anyone``, ``idea``, ``idiom``,
``forewarn`` and ``danger``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from veille.events.arguments import RELATIVE_ARCS
from veille.events.clauses import clause_head, is_negated
from veille.events.lexicon import Lexicon
from veille.events.parsed import Sent, Word
from veille.records import ActorRef

# Arcs from a verb to the one who acts: the active subject, the passive's agent.
ACTING_ARCS = frozenset({"nsubj", "obl:agent", "agent"})
# Arcs from a verb of harm to those who underwent it ("two militants are killed"): a word of
# violence there names the victims, not an attacker.
VICTIM_ARCS = frozenset({"nsubjpass", "nsubj:pass"})
# Arcs of a subject, active or passive: a noun there is what the clause reports.
SUBJECT_ARCS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
# Arcs through which a participle or a coordinated verb shares the acting subject
# of the verb above it ("crashed, killing eight", "were killed and injured").
SHARED_SUBJECT_ARCS = frozenset({"advcl", "conj", "xcomp", "acl"})
# Arcs from a verb to its object ("procéder à une arrestation" is one in French).
OBJECT_ARCS = frozenset({"obj", "dobj", "obl:arg"})
# Arcs from a noun's complement to the noun ("plan d'aide", "list of sanctions").
COMPLEMENT_ARCS = frozenset({"nmod", "pobj"})
# Arcs inside a noun phrase (not into a clause it holds).
PHRASE_ARCS = frozenset(
    {"nmod", "prep", "pobj", "compound", "amod", "conj", "appos", "flat", "flat:name", "fixed"}
)
# Types whose noun reports the act wherever it stands in the sentence.
REPORTED_AS_NOUNS = frozenset({"ASSAULT", "PROTEST"})
# Sectors of people whose arrival somewhere is no visit: troops deploy, crowds and
# reporters travel, firms do business (codebook 7.3 sectors).
NO_VISITORS = frozenset({"MIL", "REB", "CVL", "MED", "BUS"})
# What a state does to sport is an event (a ban on a team, a boycott of the Games).
STATE_ACTS_ON_SPORT = frozenset({"COERCE", "SANCTION", "PROTEST"})
# Arcs from a number to what it counts ("two of the gunmen"): such a count can act.
COUNTED_ARCS = frozenset({"prep", "nmod", "pobj", "appos"})
# Types of harm done to someone: between private persons they are private crime.
HARM_TYPES = frozenset({"ASSAULT", "THREATEN"})
# Sectors of a state's organs: their acts stay events in a sentence about sport.
STATE_SECTORS = frozenset({"GOV", "MIL", "JUD", "COP", "LEG", "SPY"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger and what the coder found for it, for the non-event steps to judge."""

    tok: Word
    event_type: str
    sent: Sent
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    lexicon: Lexicon
    # An act of harm was coded earlier in the article: a person hurt in a later
    # sentence ("Un homme aurait aussi été blessé") may be its victim, not private crime.
    after_harm: bool = False
    # Token indices (``Word.i``) an actor mention covers: a warning's addressee or the
    # subject of what it warns of is someone when a mention covers it.
    mentioned: frozenset[int] = frozenset()


def natural_cause(c: Candidate) -> bool:
    """Tell whether what acts is a disaster: "storms killed", "un séisme a frappé".

    A weapon named with it is no disaster: "a car bomb killed" holds the
    accident word "car", and "bomb" makes it an attack.
    """
    disaster = c.lexicon.cue("disaster")
    # A noun trigger named by its disaster ("an earthquake strikes" read as a noun).
    if c.tok.pos_ in ("NOUN", "PROPN") and any(
        child.dep_ == "compound" and _is_cue(child, disaster) for child in c.tok.children
    ):
        return True
    actor = acting_word(c.tok)
    return (
        actor is not None
        and _names(actor, disaster)
        and not _names(actor, c.lexicon.cue("violence"))
    )


def accident_toll(c: Candidate) -> bool:
    """Tell whether dead or injured are counted, nobody caused them, and a disaster is told.

    "Four people are killed in a head-on collision", "290 personnes sont
    mortes lorsque deux trains ont déraillé": a passive or a participle with
    no agent, in a sentence that names an accident or a disaster.
    """
    lemma = c.tok.lemma_.lower()
    casualty = c.lexicon.cue("casualty")
    if lemma not in casualty and c.tok.lower_ not in casualty:
        return False
    disaster = c.lexicon.cue("disaster")
    actor = acting_word(c.tok)
    if (
        actor is not None
        and not _names(actor, disaster)
        and not _told_by_disaster_verb(c.tok, disaster)
    ):
        return False
    # A bomb on a bus, gunmen at a fire: violence in the sentence makes the dead its toll,
    # unless the accident names it ("a shark attack", "the accidental explosion of a bomb").
    violence = c.lexicon.cue("violence")
    victims = {t.i for child in c.tok.children if child.dep_ in VICTIM_ARCS for t in child.subtree}
    if any(
        _is_cue(t, violence) and not _named_by(t, disaster) and t.i not in victims for t in c.sent
    ):
        return False
    if has_cue(c.sent, violence - _single(violence)):  # phrases: "air strike", "car bomb"
        return False
    return has_cue(c.sent, disaster)


def casualty_tally(c: Candidate) -> bool:
    """Tell whether dead or injured are counted in a tally, with nobody who harmed them.

    "Au total, depuis le début du mouvement, 12 personnes sont mortes et 300
    ont été blessées": a running count of the victims of acts told elsewhere
    (codebook: "le bilan de l'attaque s'élève à 40 morts" is no new event).
    A tally that names who harmed them ("tuées par les frappes") or the
    violence they died in ("lors d'affrontements") stays the attack's event.
    """
    lemma = c.tok.lemma_.lower()
    casualty = c.lexicon.cue("casualty")
    if lemma not in casualty and c.tok.lower_ not in casualty:
        return False
    if not has_cue(c.sent, c.lexicon.cue("tally")):
        return False
    # The subject of a verb of dying ("12 personnes sont mortes") underwent it.
    perish = c.lexicon.cue("perish")
    if acting_word(c.tok) is not None and lemma not in perish and c.tok.lower_ not in perish:
        return False
    violence = c.lexicon.cue("violence")
    victims = {t.i for child in c.tok.children if child.dep_ in VICTIM_ARCS for t in child.subtree}
    return not any(_is_cue(t, violence) and t.i not in victims for t in c.sent) and not has_cue(
        c.sent, violence - _single(violence)
    )


def nobody_harmed(c: Candidate) -> bool:
    """Tell whether a casualty word with nobody who caused it is denied or reflexive.

    "Le père n'a pas été blessé", "no one was hurt": nobody was harmed;
    "un motard s'est tué sur une route", "killed himself": an accident or a
    suicide. A denied attack with an attacker ("les rebelles n'ont pas
    tué") stays.
    """
    casualty = c.lexicon.cue("casualty")
    if c.tok.lemma_.lower() not in casualty and c.tok.lower_ not in casualty:
        return False
    # Who kills or hurts himself is his own victim: no one acted on anyone.
    if any("Yes" in child.morph.get("Reflex", []) for child in c.tok.children):
        return True
    return acting_word(c.tok) is None and is_negated(c.tok, c.lexicon)


def sport_report(c: Candidate) -> bool:
    """Tell whether the sentence reports sport and the act is not a state's act on sport.

    A ban, a boycott or sanctions stay events, and so does anything a
    state's organ does ("authorities jailed players for a football match").
    """
    return _reports(c, "sport")


def culture_report(c: Candidate) -> bool:
    """Tell whether the sentence reports culture: an exhibition, a film, a show, a book.

    "Le musée présente une rétrospective", "the Polaroids donated to the
    gallery". What a state does to culture stays: a ban on a film, an artist
    jailed, sanctions.
    """
    return _reports(c, "culture")


def market_report(c: Candidate) -> bool:
    """Tell whether the sentence reports business or the markets: prices, shares, results.

    "Le CAC 40 recule", "oil prices rose on the news", "Facebook's offer was
    rejected by Snapchat's founder". A state or an international body acting
    on a firm (a fine, a ban, sanctions) stays.
    """
    return _reports(c, "market")


def private_violence(c: Candidate) -> bool:
    """Tell whether harm is done between private persons, with no sign of public life.

    The codebook (3.4) codes no single killing or assault with a private
    motive: "tué lors d'un cambriolage", "a mass shooting during a family
    dispute" (a ``private`` cue), or harm that names no political actor on
    either side and no word of armed violence besides the trigger ("le couple
    avait été attaqué dans son lit"). People in general (``anyone`` cues,
    "deux personnes ont été tuées") and one unnamed person (``stranger``
    cues, "un homme a été tué", when no act of harm was told earlier in the
    article) are no political actor, whatever state the place gives them.
    What the state does about it (an arrest, a trial) is an event of another
    type and stays.
    """
    if c.event_type not in HARM_TYPES or _state_acts(c):
        return False
    if has_cue(c.sent, c.lexicon.cue("private")):
        return True
    # People in general ("deux personnes ont été tuées") name who was hurt, not a
    # political actor: the state they take from the place says nothing of a motive.
    # Nor does one unnamed person ("un homme a été tué", ``stranger`` cues), unless
    # the article told an act of harm before, whose victim he may be (codebook 3.4).
    anyone = c.lexicon.cue("anyone")
    if not c.after_harm:
        anyone = anyone | c.lexicon.cue("stranger")
    if any(a.text.lower() not in anyone for a in c.source + c.target):
        return False
    # A word of armed violence besides the trigger, or of the state's organs ("des
    # militaires attaquaient", "abattu par les policiers"), is a sign of public life.
    others = [t for t in c.sent if t is not c.tok]
    public = c.lexicon.cue("violence") | c.lexicon.cue("public")
    return not has_cue_in(others, c.sent, public) and not _is_cue(c.tok, c.lexicon.cue("violence"))


def private_request(c: Candidate) -> bool:
    """Tell whether a request is asked between private persons: no actor and no public life.

    The codebook (3.1) codes an act done by or to a political actor. "Il
    nous a demandé de l'aider à soulever son vélo", "un utilisateur demande
    le dépôt des sources": a verb of everyday asking (``asking`` cues) that
    names no actor on either side, in a sentence with no word of public life
    (``public`` cues: the state's organs, parties, the opposition) or armed
    violence, is a private request. Verbs of claiming ("réclamer la
    libération de") are no ``asking`` cues: they are seldom private.
    """
    if c.event_type != "REQUEST" or c.source or c.target:
        return False
    if not _guessed_lemmas(c.tok, c.lexicon) & c.lexicon.cue("asking"):
        return False
    return not _public_life(c)


def _guessed_lemmas(tok: Word, lexicon: Lexicon) -> set[str]:
    """Return ``tok``'s lemma and the lemma the lemmatiser may have missed ("demande" → "demander").

    The first of the language's lemma guesses (``lemmas.tsv``) that fits the
    word's tag and ending adds its lemma, as the trigger finder reads it.
    """
    lemma = tok.lemma_.lower()
    for guess in lexicon.lemma_guesses:
        if tok.pos_ in guess.tags and lemma.endswith(guess.ending):
            return {lemma, lemma[: len(lemma) - len(guess.ending)] + guess.replacement}
    return {lemma}


def accidental_act(c: Candidate) -> bool:
    """Tell whether the act is said to be an accident: "accidentally detonates a grenade".

    An adverb or phrase of accident on the trigger ("accidentellement", "by
    accident") makes harm nobody's act, unless a state's organ did it (an
    army that strikes a convoy by mistake still strikes it).
    """
    if any(a.sector in STATE_SECTORS for a in c.source):
        return False
    disaster = c.lexicon.cue("disaster")
    for child in c.tok.children:
        # The adverb itself ("accidentally"), or a short phrase ("by accident", "par
        # accident"); not any phrase naming an accident ("enquêter sur l'accident").
        if child.dep_ == "advmod" and _is_cue(child, disaster):
            return True
        phrase = " ".join(t.lower_ for t in child.subtree)
        if child.dep_ in ("obl", "obl:mod", "prep") and phrase in disaster:
            return True
    return False


def fixed_phrase(c: Candidate) -> bool:
    """Tell whether the trigger word is part of a fixed phrase that names no act.

    "à l'aide de sondes spatiales" (by means of), "l'offre et la demande",
    "supply and demand": the phrase is read whole (``idiom`` cues).
    """
    at = c.tok.idx - c.sent.start_char
    text = c.sent.text.lower().replace("’", "'")
    for phrase in c.lexicon.cue("idiom"):
        start = text.find(phrase)
        while start != -1:
            if start <= at < start + len(phrase):
                return True
            start = text.find(phrase, start + 1)
    return False


def _reports(c: Candidate, kind: str) -> bool:
    """Tell whether the trigger's report is about ``kind`` (sport, culture, market) only.

    The trigger's own clause must hold a cue of ``kind``: a political act
    told next to a clause about a match ("…, a-t-il déclaré après la finale
    de la coupe du monde") is no sport report. An act that names no actor at
    all belongs to the whole sentence, so the whole sentence is read then
    ("Rembi maîtrise son jeu en petite finale, mais ne pousse pas ses
    attaques").
    """
    if _state_acts(c) or _public_life(c):
        return False
    cues = c.lexicon.cue(kind)
    if not c.source and not c.target:
        return has_cue(c.sent, cues)
    head = clause_head(c.tok)
    words = [t for t in c.sent if head.is_ancestor(t) or t is head]
    return has_cue_in(words, c.sent, cues)


def _public_life(c: Candidate) -> bool:
    """Tell whether a word besides the trigger names public life or armed violence.

    "Des hommes armés ont attaqué le bus de l'équipe", "police fired on the
    fans after the match": the stadium is where it happened, not what it is.
    """
    # Nouns only: "l'arbitre juge une touche" is no judge.
    others = [t for t in c.sent if t is not c.tok and t.pos_ in ("NOUN", "PROPN")]
    return has_cue_in(others, c.sent, _union(c.lexicon.cue("public"), c.lexicon.cue("violence")))


def _state_acts(c: Candidate) -> bool:
    """Tell whether the act is one a state does to sport, culture or firms, or a state's organ acts.

    A ban, a boycott or sanctions, or anything done by a government, an army,
    a court or the police ("authorities jailed players for a football match").
    """
    # A ban or a boycott is a state's act only when someone is named on a side: "le tempo
    # qu'elles imposent" in a race names nobody.
    named = bool(c.source or c.target)
    return (named and c.event_type in STATE_ACTS_ON_SPORT) or any(
        a.sector in STATE_SECTORS for a in c.source
    )


def actorless_noun(c: Candidate) -> bool:
    """Tell whether a noun trigger names no actor and is not what its clause reports.

    The codebook (5.1) codes an event noun with no actor at all only when
    the sentence reports the act itself: as its subject ("L'enquête
    avance") or as a headline of its own ("Arrestation d'un journaliste").
    Attacks, clashes and protests named by a noun are always reported.
    """
    tok = c.tok
    if tok.pos_ not in ("NOUN", "PROPN") or c.source or c.target:
        return False
    # Violence and protest named by a noun are news wherever the noun stands
    # ("lors d'affrontements", "traité comme une attaque terroriste").
    if c.event_type in REPORTED_AS_NOUNS:
        return False
    # The complement of a subject noun is reported with it ("un plan d'aide a été
    # déclenché", "the list of sanctions was published").
    cur = tok
    for _ in range(4):
        above = cur.head.head if cur.dep_ == "pobj" else cur.head
        if cur.dep_ not in COMPLEMENT_ARCS or above.pos_ not in ("NOUN", "PROPN"):
            break
        cur = above
    if cur.dep_ in SUBJECT_ARCS or cur.head is cur:
        return False
    # The object of a verb with a subject has its actor there, named or not
    # ("Police made no arrests", "la ministre a annoncé la livraison").
    verb = cur.head
    return not (
        cur.dep_ in OBJECT_ARCS
        and verb.pos_ in ("VERB", "AUX")
        and any(child.dep_ in SUBJECT_ARCS for child in verb.children)
    )


def only_an_idea(c: Candidate) -> bool:
    """Tell whether a noun trigger completes a noun that makes it a risk, a fear or a lead.

    "le risque d'attentat", "la crainte d'une offensive", "la piste de
    l'attentat est privilégiée", "l'intention d'attaque": the act is feared,
    supposed or intended, not reported (codebook 3.2: a mention names no
    act). The noun above is an ``idea`` cue; the trigger is its complement.
    """
    tok = c.tok
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in COMPLEMENT_ARCS:
        return False
    above = tok.head.head if tok.dep_ == "pobj" else tok.head
    return above.pos_ == "NOUN" and _is_cue(above, c.lexicon.cue("idea"))


def named_by_past_year(c: Candidate) -> bool:
    """Tell whether a noun of attack or protest names a past one by its year.

    "les attentats de janvier 2015", "les émeutes de 2005", "the 2001
    attacks" in a sentence about something else: the year in the noun's own
    complement names an act of another time, which the sentence only
    mentions (codebook 3.2, mere mentions; section 6 makes such an act
    background at most, optional in scoring). Only attacks and protests need
    this: other nouns with no actor are dropped by :func:`actorless_noun`.
    """
    tok = c.tok
    if tok.pos_ not in ("NOUN", "PROPN") or c.event_type not in REPORTED_AS_NOUNS:
        return False
    months = c.lexicon.calendar.months
    for child in tok.children:
        if child.dep_ not in (*COMPLEMENT_ARCS, "prep", "nummod", "compound"):
            continue
        for word in child.subtree:
            # A year stands alone ("de 2015") or after its month ("de janvier
            # 2015"); "de 2000 manifestants" counts people.
            if _is_year(word) and (word is child or word.head.lower_ in months):
                return True
    return False


def _is_year(word: Word) -> bool:
    """Tell whether ``word`` is a year of the modern calendar written in digits."""
    return len(word.text) == 4 and word.text.isdigit() and 1900 <= int(word.text) <= 2100


def visit_at_home(c: Candidate) -> bool:
    """Tell whether a verb of travel ("est arrivé à", "s'est rendu à") meets nobody abroad.

    Arriving in another state's capital or city is a visit (codebook,
    CONSULT: « Le chef de la diplomatie indienne est arrivé lundi à Pékin »);
    a trip inside one's own country, or one with no place of another state,
    has no second party (a dev ruling on a visit to one's own region), and
    soldiers, crowds, firms or reporters who arrive somewhere pay no visit.
    """
    if c.event_type != "CONSULT" or c.tok.pos_ not in ("VERB", "AUX"):
        return False
    if c.tok.lemma_.lower() not in c.lexicon.cue("travel"):
        return False
    if not c.source:
        # A named person the actor table does not know may be an envoy on a
        # visit ("Jamal Benomar devrait se rendre au Burundi"); "tout est arrivé
        # à Paris", "l'agresseur s'est rendu" name nobody who visits.
        traveller = acting_word(c.tok)
        return traveller is None or traveller.pos_ != "PROPN"
    if all(ref.sector in NO_VISITORS for ref in c.source):
        return True
    home = {ref.code for ref in c.source if ref.code}
    return not any(ref.code and ref.code not in home for ref in c.target)


# Arcs from a verb of warning to whom it addresses ("warned Japan not to …").
ADDRESSEE_ARCS = frozenset({"dobj", "obj", "iobj", "dative"})


def danger_warning(c: Candidate) -> bool:
    """Tell whether a verb of warning only warns of a danger the speaker does not control.

    Codebook 11 (THREATEN, boundaries): "a warning *about* a danger the
    speaker does not control ("warned of famine") is not an event". A
    threat names harm someone would do ("warned it would close the
    Strait", "warned that the government might begin using tear gas") or
    addresses someone ("warned Japan not to interfere"). So the warning is
    none when it addresses no actor and either its "that" clause has as
    subject a thing no actor mention covers ("warned that the world was
    facing a 1930s moment"; the parser sometimes hangs that subject on the
    warning as its object) or, with no such clause, its "of" phrase names
    a ``danger`` cue ("warned of a humanitarian catastrophe").
    """
    tok = c.tok
    if c.event_type != "THREATEN" or tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.lemma_.lower() not in c.lexicon.cue("forewarn"):
        return False
    objects = [child for child in tok.children if child.dep_ in ADDRESSEE_ARCS]
    if any(_someone(word, c.mentioned) for word in objects):
        return False  # it addresses an actor
    clause = next((child for child in tok.children if child.dep_ == "ccomp"), None)
    if clause is not None:
        subjects = [child for child in clause.children if child.dep_ in (*SUBJECT_ARCS, "expl")]
        subjects = subjects or objects  # "warned the death of X does not mark …"
        return bool(subjects) and not any(_someone(word, c.mentioned) for word in subjects)
    dangers = c.lexicon.cue("danger")
    return any(
        child.dep_ == "prep"
        and child.lower_ == "of"
        and any(obj.dep_ == "pobj" and obj.lemma_.lower() in dangers for obj in child.children)
        for child in tok.children
    )


def _someone(word: Word, mentioned: frozenset[int]) -> bool:
    """Tell whether ``word`` may name an actor: a mention covers it, or a name or pronoun.

    An expletive ("warned that there is a risk") names nobody.
    """
    if word.dep_ == "expl":
        return False
    return word.i in mentioned or word.pos_ in ("PROPN", "PRON")


NonEventStep = Callable[[Candidate], bool]

NON_EVENT_STEPS: tuple[NonEventStep, ...] = (
    fixed_phrase,
    natural_cause,
    accident_toll,
    casualty_tally,
    nobody_harmed,
    accidental_act,
    private_violence,
    private_request,
    sport_report,
    culture_report,
    market_report,
    only_an_idea,
    named_by_past_year,
    actorless_noun,
    danger_warning,
    visit_at_home,
)
"""The non-event steps, in the order they run; the first that says so drops the trigger."""


def not_an_event(c: Candidate) -> str | None:
    """Return the name of the first step that finds ``c`` is no event, else ``None``."""
    for step in NON_EVENT_STEPS:
        if step(c):
            return step.__name__
    return None


def acting_word(tok: Word) -> Word | None:
    """Return the word that acts in ``tok``'s clause: its subject, or its passive's agent.

    A participle or coordinated verb without one shares the subject of the
    verb above it ("a bus crashed, killing eight"); a relative pronoun
    stands for the noun the clause describes ("the earthquake that struck").
    """
    cur = tok
    for _ in range(3):
        for child in cur.children:
            if child.dep_ in ACTING_ARCS:
                if child.pos_ == "PRON" and cur.dep_ in RELATIVE_ARCS:
                    return cur.head
                # A bare count is who underwent it, the passive left out: "15 are killed
                # and 10 injured" parses "10" as the subject of an active "injured".
                if child.pos_ == "NUM" and not any(g.dep_ in COUNTED_ARCS for g in child.children):
                    return None
                return child
        # A verb with a subject of its own shares no one's ("290 sont mortes et
        # 900 ont été blessées": nobody injured the 900).
        own_subject = any(child.dep_ in SUBJECT_ARCS for child in cur.children)
        if own_subject or cur.dep_ not in SHARED_SUBJECT_ARCS or cur.head is cur:
            return None
        cur = cur.head
    return None


def has_cue(sent: Sent, cues: frozenset[str]) -> bool:
    """Tell whether a word of ``sent`` (its lemma or form) or a phrase of it is a cue."""
    return has_cue_in(list(sent), sent, cues)


def has_cue_in(words: list[Word], sent: Sent, cues: frozenset[str]) -> bool:
    """Tell whether one of ``words`` of ``sent`` is a cue, or starts a cue phrase of it."""
    if not cues:
        return False
    if any(t.lemma_.lower() in cues or t.lower_ in cues for t in words):
        return True
    phrases = _phrases(cues)
    if not phrases or not words:
        return False
    text = sent.text.lower().replace("’", "'")
    offset = sent.start_char
    # str.startswith tries the whole tuple of phrases in one call.
    return any(text.startswith(phrases, t.idx - offset) for t in words)


@lru_cache(maxsize=256)
def _phrases(cues: frozenset[str]) -> tuple[str, ...]:
    """Return the cues of several words, worked out once per cue set (a lexicon's are fixed)."""
    return tuple(sorted(cue for cue in cues if " " in cue))


@lru_cache(maxsize=64)
def _union(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    """Return both cue sets as one, built once per pair of a lexicon's fixed sets."""
    return first | second


def _is_cue(word: Word, cues: frozenset[str]) -> bool:
    """Tell whether ``word``'s lemma or form is one of ``cues``."""
    return word.lemma_.lower() in cues or word.lower_ in cues


def _single(cues: frozenset[str]) -> frozenset[str]:
    """Return the one-word cues of ``cues``."""
    return frozenset(cue for cue in cues if " " not in cue)


def _told_by_disaster_verb(tok: Word, disaster: frozenset[str]) -> bool:
    """Tell whether ``tok`` hangs on a verb of disaster: "a plane crashes, killing eight"."""
    cur = tok
    for _ in range(3):
        if cur.dep_ not in SHARED_SUBJECT_ARCS or cur.head is cur:
            return False
        cur = cur.head
        if _is_cue(cur, disaster):
            return True
    return False


def _named_by(word: Word, disaster: frozenset[str]) -> bool:
    """Tell whether a noun phrase holding ``word`` is named by a disaster word.

    "a shark attack", "the accidental explosion of a bomb": the violence word
    names what the accident was, not an act of violence.
    """
    cur = word
    for _ in range(6):
        if any(
            child.dep_ in ("compound", "amod") and _is_cue(child, disaster)
            for child in cur.children
        ):
            return True
        if cur.dep_ not in PHRASE_ARCS or cur.head is cur:
            return False
        cur = cur.head
    return False


def _names(word: Word, cues: frozenset[str]) -> bool:
    """Tell whether the noun phrase of ``word`` holds a cue word ("a wave of severe weather").

    Only the phrase's own words count, not a clause inside it ("the police,
    who came during the storm").
    """
    todo = [word]
    phrase: list[Word] = []
    while todo:
        cur = todo.pop()
        if cur.lemma_.lower() in cues or cur.lower_ in cues:
            return True
        phrase.append(cur)
        todo.extend(child for child in cur.children if child.dep_ in PHRASE_ARCS)
    # A cue phrase starting at the phrase's first word ("a fire at a warehouse" holds "a fire").
    before = [t for t in word.children if t.i < word.i and t.dep_ in ("det", "amod", "compound")]
    first = min([word, *before], key=lambda t: t.i)
    return has_cue_in([first], word.sent, cues)
