"""The rule-based event coder: spaCy parse + resolved mentions → PLOVER/CAMEO events.

One :class:`EventCoder` per language reads each sentence of an article's
parse and runs the rule steps in this order (``docs/events.md`` says what
each decides and how to extend it):

1. sections: skip boilerplate, related links and bylines, and site chrome
   sentences inside a paragraph (:func:`~veille.extract.layout.is_site_chrome`)
   (:mod:`~veille.events.discourse`);
2. triggers: the words that carry the sentence's news, with type, mode and
   CAMEO code (:mod:`~veille.events.triggers`); then, when the coder has
   one, the learned step votes on them: it drops, retypes or adds triggers
   (:mod:`~veille.events.model`);
3. condition clauses: triggers inside one are not events of their own
   (:mod:`~veille.events.clauses`);
4. quantities and durations, each given to the nearest trigger
   (:mod:`~veille.events.quantities`);
5. sides: source and target (:mod:`~veille.events.sides`);
6. condition, modality and the type of an announced act, then the military
   CAMEO code; attribution (:mod:`~veille.events.discourse`);
7. a target from the context when the parse gave none
   (:func:`~veille.events.sides.complete_target`); negation and the event's
   date (:mod:`~veille.events.clauses`); confidence;
8. a trigger that names no political event (a disaster, an accident toll,
   sport, an actorless mention) is dropped (:mod:`~veille.events.nonevents`);
9. one event per act: two events of the sentence that report the same act,
   an attack and its toll, or an act and its retelling in a clause on one
   of its nouns, become one (:func:`one_event_per_act`).

After each sentence, the article memory keeps its persons and coordinated
pair for "le ministre" and "les deux pays" later on.

Input contract: ``doc`` is spaCy's parse of ``article.text``, so token
character offsets are article offsets.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.datelines import find_dateline
from veille.events import arguments as args
from veille.events import discourse, nonevents
from veille.events.clauses import (
    ConditionClause,
    DateReader,
    clause_head,
    condition_clauses,
    is_negated,
    modality,
)
from veille.events.lexicon import Lexicon, TriggerEntry, load_lexicon
from veille.events.model import OFF, ProposalStep, make_proposer
from veille.events.ontology import Ontology, load_ontology
from veille.events.parsed import ParsedDoc, Sent, Word, read_parse
from veille.events.quantities import QuantityReader
from veille.events.sides import complete_target, find_sides, found_elsewhere
from veille.events.triggers import TriggerFinder
from veille.extract.layout import is_site_chrome
from veille.nlp import doc_text
from veille.records import (
    ActorHow,
    ActorRef,
    Article,
    Duration,
    Event,
    Mention,
    PlaceMention,
    Quantity,
    SectionKind,
    Span,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

CODER_VERSION = "0.1.0"
CODER_NAME = f"veille-rules/{CODER_VERSION}"

# The CAMEO code of a military cooperation, aid or agreement.
MILITARY_CAMEO = {"COOPERATE": "062", "AID": "072", "AGREE": "0312"}
# State organs whose blocking is coercion, not a protest (codebook COERCE: blockades, a
# person held at home, a march stopped by riot police; PROTEST obstruct is the public's).
BLOCKING_ORGANS = frozenset({"GOV", "MIL", "COP", "JUD"})
# What a blockade by a state organ is: COERCE restrict (CAMEO 172, administrative sanctions).
STATE_BLOCKADE = ("COERCE", "restrict", "172")
# The sector of courts and judges: what they suspend or halt they restrain by ruling.
COURT_SECTOR = "JUD"
# What a court does to a government act that restrains it: suspending or halting
# it (SANCTION words), overturning or rejecting it (REJECT words).
COURT_RESTRAINTS = frozenset({"SANCTION", "REJECT"})
# Training another actor's forces: military aid (codebook, MOBILIZE vs AID).
TRAINING_AID = ("AID", None, "072")


class EventCoder:
    """Codes events in one language; see the module docstring for the input contract."""

    def __init__(
        self,
        language: str,
        lexicon: Lexicon | None = None,
        ontology: Ontology | None = None,
        proposer: ProposalStep | None = None,
    ) -> None:
        """Build a coder for ``language`` from the packaged lexicon and ontology.

        ``proposer`` is the learned step that votes on the rules' triggers
        (:class:`~veille.events.model.TypeProposer`); without one the coder
        is the rules alone.
        """
        self.language = language
        self.lexicon = lexicon or load_lexicon(language)
        self.ontology = ontology or load_ontology()
        self.proposer = proposer
        self.triggers = TriggerFinder(self.lexicon)
        self.dates = DateReader(self.lexicon.calendar)
        self.quantities = QuantityReader(self.lexicon.quantities)

    def code(
        self,
        doc: Doc,
        article: Article,
        mentions: Sequence[Mention],
        places: Sequence[PlaceMention] = (),
    ) -> tuple[Event, ...]:
        """Return the events of ``article`` found in its parse ``doc``, in text order.

        ``places`` (optional) are the article's resolved place mentions: a
        town the actor resolver does not know ("a market in Kharkiv") then
        still names the state an act is aimed at.
        """
        events: list[Event] = []
        # Unresolved mentions cannot fill a side; dropping them lets the parse
        # reach the resolved ones behind them.
        resolved = [m for m in mentions if m.actor_id or m.country]
        towns = _place_mentions(places, resolved)
        memory = discourse.ArticleMemory(towns=frozenset(m.start for m in towns))
        ordered = sorted(resolved + towns, key=lambda m: m.start)
        # The dateline is not coded (codebook section 9): its place ("BAMAKO, 3 mars
        # (AFP) –") is no actor of the first sentence glued to it.
        dateline = find_dateline(doc_text(doc))
        if dateline is not None:
            ordered = [m for m in ordered if not dateline.holds(m.start)]
        starts = [m.start for m in ordered]
        for sent in _segments(read_parse(doc, doc_text(doc))):
            first = bisect_left(starts, sent.start_char)
            sent_mentions = ordered[first : bisect_left(starts, sent.end_char, first)]
            index = args.MentionIndex.build(sent, sent_mentions)
            kind = discourse.section_kind(article, sent.start_char)
            # Site chrome inside a paragraph ("… Téléchargez notre application.") is no news.
            if kind not in discourse.SKIPPED_SECTIONS and not is_site_chrome(sent.text):
                events.extend(self._code_sentence(sent, article, index, memory, kind))
            discourse.remember(sent, index, sent_mentions, memory, self.lexicon.grammar)
        return tuple(events)

    def match(self, tok: Word) -> TriggerEntry | None:
        """Return the lexicon entry that makes ``tok`` a trigger, if any."""
        return self.triggers.match(tok)

    def _code_sentence(
        self,
        sent: Sent,
        article: Article,
        index: args.MentionIndex,
        memory: discourse.ArticleMemory,
        kind: SectionKind,
    ) -> list[Event]:
        """Code the events of one sentence (steps 2–7 of the module docstring)."""
        found = self.triggers.find(sent)
        if self.proposer is not None:
            found = self.proposer.propose(sent, index, found)
        if not found:
            return []  # most sentences: skip the clause analysis
        conditions = condition_clauses(sent, self.lexicon)
        triggers = [
            (tok, e) for tok, e in found if not any(c.first <= tok.i <= c.last for c in conditions)
        ]
        if not triggers:
            return []
        text, offset = sent.text, sent.start_char
        durations = self.quantities.find_durations(text, offset)
        quantities = self.quantities.find_quantities(
            text, offset, self.lexicon.cue("approx"), durations
        )
        # Each number goes to the trigger written nearest to it.
        positions: list[tuple[int, int]] = [(id(q), q.start) for q in quantities]
        positions += [(id(d), d.start) for d in durations]
        nearest = {key: _nearest_word(triggers, start).i for key, start in positions}
        events = []
        pending = list(triggers)
        blockades: dict[int, Event] = {}  # a protest word → the state's blockade that stops it
        orphans: list[Quantity] = []  # the numbers of words found to be no event
        while pending:
            tok, entry = pending.pop(0)
            saved = memory.checkpoint()
            event = self._event(
                tok,
                entry=entry,
                sent=sent,
                article=article,
                index=index,
                memory=memory,
                kind=kind,
                conditions=conditions,
                quantities=[q for q in quantities if nearest[id(q)] == tok.i],
                duration=next((d for d in durations if nearest[id(d)] == tok.i), None),
            )
            if tok.i in blockades:
                event = _stopped_protest(event, blockades[tok.i])
            candidate = nonevents.Candidate(
                tok,
                event.event_type,
                sent,
                event.source,
                event.target,
                self.lexicon,
                after_harm=memory.harm_told,
                mentioned=frozenset(index.by_token),
            )
            if nonevents.not_an_event(candidate):
                memory.restore(saved)  # what is no event leaves no trace for later sentences
                orphans.extend(event.quantities)
                continue
            events.append((tok, event))
            memory.harm_told = memory.harm_told or event.event_type in nonevents.HARM_TYPES
            coded = {t.i for t, _ in events} | {t.i for t, _ in pending}
            stopped = self._blocked_protests(tok, entry, event, coded)
            blockades.update((word.i, event) for word, _ in stopped)
            pending[:0] = stopped
        events = _adopt_numbers(events, orphans)
        return one_event_per_act(
            events, self.lexicon.cue("casualty"), anyone=self.lexicon.cue("anyone")
        )

    def _event(
        self,
        tok: Word,
        *,
        entry: TriggerEntry,
        sent: Sent,
        article: Article,
        index: args.MentionIndex,
        memory: discourse.ArticleMemory,
        kind: SectionKind,
        conditions: list[ConditionClause],
        quantities: list[Quantity],
        duration: Duration | None,
    ) -> Event:
        """Assemble the event of one trigger (steps 5–7 of the module docstring)."""
        lexicon = self.lexicon
        source, target, inherited = find_sides(
            tok, sent=sent, index=index, memory=memory, event_type=entry.event_type, lexicon=lexicon
        )
        entry = _blockade_by_state(entry, source)
        entry = _suspension_by_court(entry, source, tok, lexicon.cue("ruling"))
        entry = _training_of_others(entry, source, target, tok, lexicon.cue("training"))
        condition, condition_actor = discourse.condition_of(tok, conditions, index)
        if (
            not target
            and condition_actor is not None
            and condition_actor.code not in {s.code for s in source}
        ):
            target = (condition_actor,)  # "… à condition que les États-Unis …"
        stated = modality(tok, lexicon)
        mode = "conditional" if condition is not None else stated
        # Only a condition makes a future act a promise or a threat (codebook:
        # "will send", "will impose sanctions" keep their type, hypothetical).
        committed = stated in ("announced", "possible") and condition is not None
        event_type = discourse.stated_type(entry.event_type, stated, committed=committed)
        cameo = self._cameo(entry, event_type, sent)
        attribution = discourse.attribution(
            tok,
            sent=sent,
            index=index,
            memory=memory,
            event_type=event_type,
            source=source,
            lexicon=lexicon,
        )
        row = self.ontology.cameo(cameo)
        # Targets read from context do not make the trigger more certain.
        confidence = _confidence(tok, source, target, inherited=inherited)
        target_from_steps = not target
        target = complete_target(
            tok,
            event_type=event_type,
            source=source,
            target=target,
            condition_actor=condition_actor,
            index=index,
            memory=memory,
            lexicon=lexicon,
            inherited=inherited,
        )
        source, target = _how_found(
            source, target, sent, inherited=inherited, target_from_steps=target_from_steps
        )
        # A row that needs a negation ("will not tolerate": a threat) holds the
        # negation in its sense: the act it names is not denied.
        negated = is_negated(tok, lexicon) and not (entry.with_lemmas & lexicon.cue("negation"))
        hypothetical = discourse.is_hypothetical(stated, event_type)
        reference = article.published_at or article.reference_time
        return Event(
            article_id=article.id,
            event_type=event_type,
            trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text),
            sentence=Span(sent.start_char, sent.end_char, sent.text),
            mode=entry.mode,
            cameo=cameo,
            # A denied act ("has not offered any details") did not happen:
            # its CAMEO score would count it as if it had (GDELT codes none).
            goldstein=None if negated else row.goldstein,
            quad_class=row.quad_class,
            source=source,
            target=target,
            quantities=tuple(quantities),
            duration=duration,
            condition=condition,
            negated=negated,
            hypothetical=hypothetical,
            modality=mode,
            attributed_to=attribution,
            section_kind=kind,
            event_date=_done_by(
                self.dates.event_date(sent.text, reference), reference, hypothetical=hypothetical
            ),
            coder=CODER_NAME,
            confidence=confidence,
        )

    def _blocked_protests(
        self, tok: Word, entry: TriggerEntry, event: Event, coded: set[int]
    ) -> list[tuple[Word, TriggerEntry]]:
        """Return the protests a state organ's blockade stops, to be coded as events too.

        "Les CRS ont bloqué une manifestation": the march is governed by the
        blocking, so the trigger step kept the blocking only; once the
        blocking is the state's coercion (COERCE, not the protest it would be
        by strikers), the march it stops is a protest of its own (codebook:
        a march stopped by riot police is COERCE and the march PROTEST).
        """
        if entry.event_type != "PROTEST" or event.event_type != STATE_BLOCKADE[0]:
            return []
        found: list[tuple[Word, TriggerEntry]] = []
        for child in tok.children:
            if child.dep_ not in ("obj", "dobj"):
                continue
            for word in (child, *(c for c in child.children if c.dep_ == "conj")):
                match = self.match(word)
                if match is not None and match.event_type == "PROTEST" and word.i not in coded:
                    found.append((word, match))
        return found

    def _cameo(self, entry: TriggerEntry, event_type: str, sent: Sent) -> str:
        """Return the CAMEO code: the trigger's, else the new type's default; military if said.

        A promise or threat made of the trigger's act takes its type's
        default code; a root AID, COOPERATE or AGREE code becomes the
        military one when the sentence holds a ``military`` cue.
        """
        cameo = entry.cameo
        if event_type != entry.event_type:
            cameo = self.ontology.default_cameo(event_type)
        root_code = cameo == self.ontology.default_cameo(event_type)
        if event_type in MILITARY_CAMEO and root_code and self._military(sent):
            cameo = MILITARY_CAMEO[event_type]
        return cameo

    def _military(self, sent: Sent) -> bool:
        """Tell whether the sentence speaks of arms or forces (``military`` cues)."""
        cues = self.lexicon.cue("military")
        return any(t.lemma_.lower() in cues or t.lower_ in cues for t in sent)


_PASSIVE_SUBJECT = frozenset({"nsubj:pass", "nsubjpass"})


def one_event_per_act(
    events: list[tuple[Word, Event]],
    casualty: frozenset[str],
    anyone: frozenset[str] = frozenset(),
) -> list[Event]:
    """Merge the events of one sentence that report the same act (codebook 5.5).

    Two events are one act when they have the same type, the same source and
    target codes and the same negation and modality ("a condamné et
    dénoncé", "were arrested and placed in custody"). When neither names a
    known actor, equal sides prove nothing: they are one act only if the
    second predicate is coordinated with the first and has no subject of its
    own ("ont été arrêtées et placées en détention"); nor is a passive
    predicate whose own subject is a patient named apart from the first
    act's ("les gendarmes ont expulsé les occupants ; une femme a été placée
    en garde à vue"). Dead and injured
    counted in a sentence that reports an attack are its toll, not acts of
    their own ("an attack on Kyiv kills three, injures 49"): a ``casualty``
    trigger merges into another attack of the sentence whose sides do not
    contradict its own. People in general (``anyone`` cues, "personnes"),
    whose state the place gives them, contradict no side: they are the
    attack's victims whatever the attack's target is named. The first
    trigger is kept (the attack rather than its toll), with the numbers of
    both and the sides either found. An act told again in a clause that
    describes one of its nouns ("the assassination of the mayor, who was
    shot") is that act (:func:`_retelling`).
    """
    kept: list[Event] = []
    words: list[Word] = []
    for tok, event in events:
        merged = False
        for i, other in enumerate(kept):
            retold = _retelling(words[i], other, tok, event)
            if retold is not None:
                kept[i], words[i] = retold
                merged = True
                break
            if _same_act(other, event) and (
                _shares_clause(words[i], tok)
                or (_known(event) and not _other_patients(other, event, tok))
            ):
                kept[i] = _merged(other, event)
                merged = True
                break
            if _toll_of(event, other, casualty, anyone) or _toll_of(other, event, casualty, anyone):
                toll, attack = (
                    (event, other) if _toll_of(event, other, casualty, anyone) else (other, event)
                )
                kept[i] = _merged(attack, toll)
                merged = True
                break
        if not merged:
            kept.append(event)
            words.append(tok)
    return kept


def _retelling(first: Word, a: Event, second: Word, b: Event) -> tuple[Event, Word] | None:
    """Merge two events when one retells the other in a clause describing its noun.

    "The assassination of the mayor, who was shot on Saturday", "l'attaque
    contre la caserne, qui a visé les soldats": the clause hung on a noun of
    the first act (or on the act's own noun) tells the same act again, of
    the same type, on the same patient (or on none named). The main
    clause's event is kept, with the sides it lacked taken from the
    retelling. Returns the kept event and its trigger, or None when the two
    are not one act told twice.
    """
    if a.event_type != b.event_type or a.negated != b.negated:
        return None
    # The patient tells the act apart; a source is often a guess (the place's
    # state for an unclaimed attack), and the retelling's is filled from the main.
    if a.target and b.target and _codes(a.target) != _codes(b.target):
        return None
    if _describes(second, first):
        return _merged(a, b), first
    if _describes(first, second):
        return _merged(b, a), second
    return None


def _describes(told: Word, main: Word) -> bool:
    """Tell whether ``told`` stands in a clause describing ``main`` or a noun of its arguments.

    The clause's verb (or the first of coordinated verbs, "shot and
    killed") hangs on a noun; that noun is the main trigger itself ("the
    attack, which killed five") or is reached from it through nouns and
    prepositions only ("the assassination of the mayor of X, Y, who …"):
    a noun of another clause is another act's.
    """
    clause = told
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ not in args.DESCRIBING_ARCS or clause.head is clause or clause is main:
        return False
    noun = clause.head
    for _ in range(6):  # a few arcs of nouns and prepositions up to the main trigger
        if noun is main:
            return True
        if noun.pos_ in ("VERB", "AUX") or noun.head is noun:
            return False
        noun = noun.head
    return False


def _other_patients(a: Event, b: Event, b_trigger: Word) -> bool:
    """Tell whether ``b`` acts on a patient of its own, named apart from ``a``'s.

    "Les gendarmes ont expulsé les occupants ; une femme a été placée en
    garde à vue": the second act's patient is its passive subject, and the
    two targets share no words. Codes alone cannot tell them apart when both
    are one state's people.
    """
    if not a.target or not b.target:
        return False
    if not any(c.dep_ in _PASSIVE_SUBJECT for c in b_trigger.children):
        return False
    return not {(t.start, t.end) for t in a.target} & {(t.start, t.end) for t in b.target}


def _known(event: Event) -> bool:
    """Tell whether an event names at least one actor with a code."""
    return any(a.code for a in event.source + event.target)


def _shares_clause(first: Word, second: Word) -> bool:
    """Tell whether ``second`` is coordinated with ``first`` without a subject of its own."""
    if second.dep_ != "conj" or second.head is not first:
        return False
    return not any(c.dep_.startswith("nsubj") for c in second.children)


def _how_found(
    source: tuple[ActorRef, ...],
    target: tuple[ActorRef, ...],
    sent: Sent,
    *,
    inherited: bool,
    target_from_steps: bool,
) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """Record how each side was found (:data:`veille.records.ActorHow`).

    Sides inherited from an earlier event are ``context``; what the side
    steps read in an earlier sentence came through a word referring back
    (``coreference``); a target the target steps took from an earlier
    sentence (the actor a reprisal answers) came through the article alone
    (``context``).
    """
    if inherited:
        return tuple(replace(r, how="context") for r in source), tuple(
            replace(r, how="context") for r in target
        )
    elsewhere: ActorHow = "context" if target_from_steps else "coreference"
    return (
        found_elsewhere(source, sent, "coreference"),
        found_elsewhere(target, sent, elsewhere),
    )


def _codes(side: tuple[ActorRef, ...]) -> frozenset[str | None]:
    return frozenset(a.code for a in side)


def _named_codes(side: tuple[ActorRef, ...], anyone: frozenset[str]) -> frozenset[str | None]:
    """Return the codes of ``side`` but those of people in general ("personnes")."""
    return frozenset(a.code for a in side if a.text.lower() not in anyone)


def _same_act(a: Event, b: Event) -> bool:
    """Tell whether two events of a sentence are one act (same type, sides and flags)."""
    return (
        a.event_type == b.event_type
        and _codes(a.source) == _codes(b.source)
        and _codes(a.target) == _codes(b.target)
        and (a.negated, a.hypothetical) == (b.negated, b.hypothetical)
    )


def _toll_of(
    toll: Event, attack: Event, casualty: frozenset[str], anyone: frozenset[str] = frozenset()
) -> bool:
    """Tell whether ``toll`` only counts the dead or injured of ``attack``.

    A side of ``toll`` named only by people in general (``anyone``) says
    nothing against the attack's: it is left out of the comparison.
    """
    if toll.event_type != "ASSAULT" or attack.event_type != "ASSAULT":
        return False
    if toll.trigger.text.lower() not in casualty and _stem(toll.trigger.text) not in casualty:
        return False
    if (toll.negated, toll.hypothetical) != (attack.negated, attack.hypothetical):
        return False
    return all(
        not mine or not theirs or mine <= theirs or theirs <= mine
        for mine, theirs in (
            (_named_codes(toll.source, anyone), _codes(attack.source)),
            (_named_codes(toll.target, anyone), _codes(attack.target)),
        )
    )


def _stem(word: str) -> str:
    """Strip an inflection for a cue look-up ("kills" → "kill", "tuées" → "tué")."""
    lower = word.lower()
    for ending in ("ées", "és", "ée", "ing", "s"):
        # Two letters must stay before an English ending; before a French participle
        # ending one is enough: "tuées" and "tués" are forms of "tué".
        if lower.endswith(ending) and len(lower) > len(ending) + (1 if ending[0] == "é" else 2):
            return lower[: -len(ending)] + ("é" if ending.startswith("é") else "")
    return lower


def _merged(kept: Event, dropped: Event) -> Event:
    """Return ``kept`` with the numbers of ``dropped`` and any side it lacked."""
    return replace(
        kept,
        source=kept.source or dropped.source,
        target=kept.target or dropped.target,
        quantities=kept.quantities
        + tuple(q for q in dropped.quantities if q not in kept.quantities),
        duration=kept.duration or dropped.duration,
        confidence=max(kept.confidence, dropped.confidence),
    )


def _done_by(found: str | None, reference: datetime | None, *, hypothetical: bool) -> str | None:
    """Return the date of an act: the sentence's date, unless it is later than a done act can be.

    A report tells acts done by its publication: a later date in the
    sentence of a done act belongs to another, announced act of the
    sentence ("la série, qui sera dévoilée le 10 janvier 2013, ... la
    volonté de renforcer les liens", published in November 2012), so the
    act takes the report's date. A day of slack keeps "tomorrow" of an act
    set for the next day. Hypothetical acts keep the date they are set for.
    """
    if found is None or reference is None or hypothetical:
        return found
    if date.fromisoformat(found) > reference.date() + timedelta(days=1):
        return reference.date().isoformat()
    return found


def _confidence(
    tok: Word,
    source: tuple[ActorRef, ...],
    target: tuple[ActorRef, ...],
    *,
    inherited: bool,
) -> float:
    """Score how sure the coder is: sides found in the parse, a verb, a main clause.

    Targets read from the context later do not count; sides inherited from
    earlier sentences lower the score.
    """
    bilateral = len(source) >= 2 and not target
    confidence = 0.4 + 0.25 * bool(source) + 0.15 * (bool(target) or bilateral)
    confidence += 0.1 * (tok.pos_ == "VERB") + 0.1 * (clause_head(tok).dep_ == "ROOT")
    confidence -= 0.2 * inherited
    return round(max(0.05, min(0.99, confidence)), 2)


def _place_mentions(places: Sequence[PlaceMention], mentions: Sequence[Mention]) -> list[Mention]:
    """Places in a state that no resolved actor mention covers, as place mentions of that state."""
    out: list[Mention] = []
    for p in places:
        if p.country is None or any(m.start < p.end and p.start < m.end for m in mentions):
            continue
        out.append(Mention(p.start, p.end, p.text, "other", None, (), p.country, p.confidence))
    return out


def _segments(doc: ParsedDoc) -> list[Sent]:
    """Sentences, also cut at line breaks: headings and paragraphs are never one sentence."""
    out: list[Sent] = []
    sents: list[Sent] = []
    for sent in doc.sents:
        # The parser sometimes cuts inside a sentence ("sur le flanc | Est ont
        # mobilisé"): glue a piece back when the previous one did not end one.
        prev = sents[-1] if sents else None
        if (
            prev is not None
            and prev[-1].text not in '.!?:;»"…'
            and "\n" not in prev[-1].whitespace_
        ):
            sents[-1] = doc[prev.start : sent.end]
        else:
            sents.append(sent)
    for sent in sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                if tok.i + 1 > start:
                    out.append(doc[start : tok.i + 1])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if not all(t.is_space for t in s)]


def _adopt_numbers(
    events: list[tuple[Word, Event]], orphans: list[Quantity]
) -> list[tuple[Word, Event]]:
    """Give the numbers of words found to be no event to the nearest event of the sentence.

    "Six personnes sont mortes et huit blessées lorsqu'un individu a ouvert le
    feu": the toll words are written nearer the numbers but are no event of
    their own; the shooting is what the numbers count.
    """
    if not orphans or not events:
        return events
    adopted: dict[int, list[Quantity]] = {}
    for quantity in orphans:
        adopted.setdefault(_nearest_word(events, quantity.start).i, []).append(quantity)
    return [
        (
            tok,
            replace(
                event, quantities=tuple(sorted((*event.quantities, *adopted[tok.i]), key=_start))
            ),
        )
        if tok.i in adopted
        else (tok, event)
        for tok, event in events
    ]


def _start(quantity: Quantity) -> int:
    return quantity.start


def _nearest_word(pairs: Sequence[tuple[Word, object]], start: int) -> Word:
    """Return the word of ``pairs`` written nearest to the character ``start``."""
    return min(pairs, key=lambda pair: abs(pair[0].idx - start))[0]


@lru_cache(maxsize=8)
def get_coder(language: str, model: str = OFF) -> EventCoder:
    """Return a coder for ``language`` ("fr" or "en"), built once per process.

    ``model`` is the learned step's model (``"off"``: the rules alone). For
    callers that code a parse of their own; the engine runs the
    ``veille_events`` component of its pipeline instead.
    """
    return EventCoder(language, proposer=make_proposer(model, language))


def _stopped_protest(protest: Event, blockade: Event) -> Event:
    """Give a protest stopped by a state's blockade its marchers, not the blocker.

    The sides steps may give the march the subject of the verb that governs
    it ("les gendarmes ont bloqué une manifestation d'agriculteurs": the
    gendarmes as source, the farmers of its complement as target); the
    marchers are those of its complement, else the blockade's target. The
    number the blockade counts in its object ("une manifestation de … et une
    centaine de policiers") is the number of marchers.
    """
    if not protest.quantities and blockade.quantities:
        protest = replace(protest, quantities=blockade.quantities)
    if not set(protest.source) & set(blockade.source):
        return protest
    return replace(protest, source=protest.target or blockade.target, target=())


def _blockade_by_state(entry: TriggerEntry, source: tuple[ActorRef, ...]) -> TriggerEntry:
    """Read a blockade as coercion when a state organ does it.

    "bloquer" is a protest (PROTEST obstruct) when farmers or strikers block a
    road; when the police, the army, a court or the government blocks (a road,
    a march, a man in his house), it is the state using its power (codebook
    COERCE restrict). The sides are those found for the protest: the blocker
    is the source either way.
    """
    if entry.event_type != "PROTEST" or entry.mode != "obstruct":
        return entry
    if not any(ref.sector in BLOCKING_ORGANS for ref in source):
        return entry
    event_type, mode, cameo = STATE_BLOCKADE
    return replace(entry, event_type=event_type, mode=mode, cameo=cameo)


def _suspension_by_court(
    entry: TriggerEntry, source: tuple[ActorRef, ...], tok: Word, ruling: frozenset[str]
) -> TriggerEntry:
    """Read a suspension or a halt of a government act ordered by a court as the court's restraint.

    A state that suspends aid or halts flights sanctions another (SANCTION);
    a judge who suspends or halts an executive order or a ban restrains it by
    ruling, as one who blocks it does (codebook 3.3 and the dev ruling on
    courts: COERCE restrict); so does one who overturns or rejects it (the
    train ruling on court decisions against a government measure: "the
    Supreme Court overturns the state's ban"). Only when every source is a
    court or a judge and what is suspended is such an act (``ruling`` cues),
    named as the trigger's object or its "of" complement.
    """
    if entry.event_type not in COURT_RESTRAINTS or not source:
        return entry
    if any(ref.sector != COURT_SECTOR for ref in source):
        return entry
    if not any(word.lemma_.lower() in ruling for word in _suspended(tok)):
        return entry
    event_type, mode, cameo = STATE_BLOCKADE
    return replace(entry, event_type=event_type, mode=mode, cameo=cameo)


def _training_of_others(
    entry: TriggerEntry,
    source: tuple[ActorRef, ...],
    target: tuple[ActorRef, ...],
    tok: Word,
    training: frozenset[str],
) -> TriggerEntry:
    """Read the training of another actor's forces as military aid.

    One side's forces training ("Russian troops train in Belarus") are a
    MOBILIZE move; a state that trains another's army or police ("France
    trains the Malian army") helps it, and the codebook makes that AID
    (MOBILIZE vs AID: troops sent to protect or train an ally). Only when the
    training verb has a direct object and its target is an actor whose code
    none of the sources has, named in that object before its noun ("the Malian army"):
    "trained hackers capable of attacks against the United States" aims its
    move at a target it does not train.
    """
    if entry.event_type != "MOBILIZE" or tok.lemma_.lower() not in training:
        return entry
    objects = [c for c in tok.children if c.dep_ in ("obj", "dobj")]
    if not objects:
        return entry
    own = {ref.code for ref in source}
    if not target or any(ref.code is None or ref.code in own for ref in target):
        return entry
    # The words before the object's noun and the noun ("the Malian army"), not
    # what a clause or phrase after it adds ("hackers capable of attacks on X").
    trained = objects[0]
    start = trained.left_edge.idx
    end = trained.idx + len(trained.text)
    if not all(start <= ref.start and ref.end <= end for ref in target):
        return entry
    event_type, mode, cameo = TRAINING_AID
    return replace(entry, event_type=event_type, mode=mode, cameo=cameo)


def _suspended(tok: Word) -> list[Word]:
    """Return what a suspending word acts on: its object, or the noun of its "of" phrase."""
    found = [c for c in tok.children if c.dep_ in ("obj", "dobj", "nsubjpass", "nsubj:pass")]
    for child in tok.children:
        if child.dep_ in ("prep", "nmod"):
            found += [child, *(g for g in child.children if g.dep_ == "pobj")]
    return found
