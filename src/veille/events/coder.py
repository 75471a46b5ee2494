"""The rule-based event coder: spaCy parse + resolved mentions → PLOVER/CAMEO events.

One :class:`EventCoder` per language reads each sentence of an article's
parse, finds verbal and nominal triggers from the language's lexicon, fills
source and target from the resolved mentions (passive voice, coordination,
bilateral "les deux pays"), and attaches quantities, duration, condition,
negation, modality and attribution, each with its evidence span.

Input contract: ``doc`` is spaCy's parse of ``article.text``, so token
character offsets are article offsets.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.events import arguments as args
from veille.events.clauses import (
    ConditionClause,
    clause_head,
    condition_clauses,
    event_date,
    is_negated,
    modality,
    speaker_of,
)
from veille.events.lexicon import Lexicon, TriggerEntry, load_lexicon
from veille.events.ontology import Ontology, load_ontology
from veille.events.parsed import ParsedDoc, Sent, Word, read_parse
from veille.events.quantities import find_durations, find_quantities
from veille.nlp import doc_text
from veille.records import (
    ActorRef,
    Article,
    Attribution,
    Condition,
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

# Sections whose text is not news: nothing is coded there.
SKIPPED_SECTIONS = {"boilerplate", "related-links", "byline"}
# Complement relations through which a trigger governs another (the governor wins:
# "threatened to cut off", "demanded the withdrawal", "refused to deploy").
GOVERNS = {
    "obl:mod",
    "xcomp",
    "ccomp",
    "obj",
    "dobj",
    "nsubj",
    "nsubjpass",
    "nsubj:pass",
    "obl:arg",
    "attr",
    "acomp",
    "pobj",
    "prep",
    "obl:agent",
    "nmod",
    "oprd",
    "dative",
}
# Tags of words that never trigger an event, whatever their lemma.
NEVER_TRIGGERS = frozenset({"ADP", "DET", "PRON", "CCONJ", "SCONJ", "PUNCT", "NUM"})
# Bound on the per-coder memo of lexicon look-ups (a few MiB at most).
FITTING_MEMO_SIZE = 100_000
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
# Acts that answer a proposal or a demand: aimed at whoever made it.
ANSWERS = frozenset({"AGREE", "REJECT", "CONCEDE"})
# What a promise (cooperation) or a threat (conflict) of each type is about.
COOPERATIVE_MATERIAL = {"AID", "COOPERATE", "RETREAT", "CONCEDE", "CONSULT", "SUPPORT"}
CONFLICT_MATERIAL = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE"}
SPEECH_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE"}
MILITARY_CAMEO = {"COOPERATE": "062", "AID": "072", "AGREE": "0312"}


@dataclass(slots=True)
class _Discourse:
    """What earlier sentences of the article said, for "les deux pays" and "le ministre"."""

    pair: tuple[Mention, ...] = ()
    last_person: Mention | None = None
    last_sides: tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]] = ((), ())
    by_type: dict[str, tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]] = field(
        default_factory=dict
    )
    persons: dict[int, Mention] = field(default_factory=dict)
    # Sides of every event coded so far, in text order (for reprisals).
    acts: list[tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]] = field(default_factory=list)
    # Where the gazetteer's towns stand in the text (mentions of their state, no actor).
    towns: frozenset[int] = frozenset()


class EventCoder:
    """Codes events in one language; see the module docstring for the input contract."""

    def __init__(
        self, language: str, lexicon: Lexicon | None = None, ontology: Ontology | None = None
    ) -> None:
        """Build a coder for ``language`` from the packaged lexicon and ontology."""
        self.language = language
        self.lexicon = lexicon or load_lexicon(language)
        self.ontology = ontology or load_ontology()
        # The entries each (lemma, form, tag) may trigger, worked out once: most
        # words of an article are common words met in every other sentence.
        self._fitting: dict[tuple[str, str, str], tuple[TriggerEntry, ...]] = {}

    # ----------------------------------------------------------------- public
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
        state = _Discourse(towns=frozenset(m.start for m in towns))
        ordered = sorted(resolved + towns, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for sent in _segments(read_parse(doc, doc_text(doc))):
            first = bisect_left(starts, sent.start_char)
            sent_mentions = ordered[first : bisect_left(starts, sent.end_char, first)]
            index = args.MentionIndex.build(sent, sent_mentions)
            kind = self._section_kind(article, sent.start_char)
            if kind not in SKIPPED_SECTIONS:
                events.extend(self._code_sentence(sent, article, index, state, kind))
            self._remember(sent, index, sent_mentions, state)
        return tuple(events)

    # --------------------------------------------------------------- triggers
    def match(self, tok: Word) -> TriggerEntry | None:
        """Return the lexicon entry that makes ``tok`` a trigger, if any."""
        if tok.pos_ in NEVER_TRIGGERS:
            return None
        key = (tok.lemma_, tok.lower_, tok.pos_)
        fitting = self._fitting.get(key)
        if fitting is None:
            if len(self._fitting) > FITTING_MEMO_SIZE:
                self._fitting.clear()
            fitting = self._fitting[key] = self._entries_for(*key)
        if not fitting:
            return None
        if any(e.with_lemmas for e in fitting):
            near = self._neighbourhood(tok)
            with_ok = [e for e in fitting if e.with_lemmas and e.with_lemmas & near]
            if with_ok:
                return with_ok[0]
        bare = [e for e in fitting if not e.with_lemmas]
        return bare[0] if bare else None

    def _entries_for(self, lemma: str, lower: str, pos: str) -> tuple[TriggerEntry, ...]:
        """Return the lexicon entries a word with this lemma, form and tag may trigger."""
        entries: tuple[TriggerEntry, ...] = ()
        for key in self._lemmas(lemma, lower, pos):
            entries += self.lexicon.triggers.get(key, ())
        short = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N"}.get(pos, "*")
        return tuple(e for e in entries if e.pos in (short, "*") or (short == "*" and e.pos == "V"))

    def _lemmas(self, lemma: str, lower: str, pos: str) -> list[str]:
        """Return the lemma, the word and, in French, the infinitive the lemmatiser missed.

        The French models leave some verb forms unlemmatised: "demande" (VERB)
        keeps "demande", "gelé" (tagged ADJ) keeps "gelé"; the -er infinitive
        is the regular guess for both.
        """
        out = list(dict.fromkeys((lemma.lower(), lower)))
        if self.language == "fr" and pos in ("VERB", "ADJ", "AUX"):
            word = out[0]
            for ending in ("ées", "és", "ée", "é"):
                if word.endswith(ending):
                    out.append(word[: -len(ending)] + "er")
                    break
            else:
                if pos == "VERB" and word.endswith("e"):
                    out.append(word + "r")
        return out

    @staticmethod
    def _neighbourhood(tok: Word) -> set[str]:
        near = {tok.head.lemma_.lower(), tok.head.lower_}
        for child in tok.children:
            near |= {child.lemma_.lower(), child.lower_}
            for grand in child.children:
                near |= {grand.lemma_.lower(), grand.lower_}
        for word in tok.doc.words[max(0, tok.i - 2) : tok.i + 4]:
            near |= {word.lemma_.lower(), word.lower_}
        return near

    def _triggers(self, sent: Sent) -> list[tuple[Word, TriggerEntry]]:
        found = [
            (tok, e)
            for tok in sent
            if (e := self.match(tok)) is not None
            # A participle used as an adjective ("le partenariat renforcé") is a
            # description, not an event.
            and not (tok.dep_ in ("acl", "amod") and "Part" in tok.morph.get("VerbForm", []))
            and tok.dep_ not in ("appos", "compound")
            # Part of a hyphenated word ("free-trade", "libre-échange") is no verb.
            and not _hyphenated(tok)
            and not self._frames(tok)
        ]
        positions = {tok.i for tok, _ in found}
        kept = []
        for tok, entry in found:
            governed = False
            cur = tok
            for _ in range(3):  # a governing trigger up to three arcs above
                if cur.dep_ not in GOVERNS or cur.head is cur:
                    break
                cur = cur.head
                if cur.i in positions:
                    governed = True
                    break
            if not governed:
                kept.append((tok, entry))
        # A sentence is coded for what it reports: a trigger in a subordinate
        # clause ("pour réclamer", "to demand", "qu'elle répondrait à tout
        # exercice") is background when a trigger stands in a shallower clause.
        depths = [_clause_depth(tok) for tok, _ in kept]
        kept = [pair for pair, depth in zip(kept, depths, strict=True) if depth == min(depths)]
        # A noun parsed as the root of its own piece ("les récents exercices de
        # l'OTAN | sur le flanc Est ont mobilisé") is the subject of a verb the
        # parser cut away: the verbal trigger carries the event.
        if any(tok.pos_ in ("VERB", "AUX") for tok, _ in kept):
            kept = [
                (tok, e)
                for tok, e in kept
                if not (tok.dep_ == "ROOT" and tok.pos_ in ("NOUN", "PROPN"))
            ]
        return kept

    def _frames(self, tok: Word) -> bool:
        """Tell whether ``tok`` only names the frame of another event.

        "dans le cadre du partenariat", "as part of the partnership": the
        partnership is the setting of what the sentence reports, not news.
        """
        i = tok.i
        start = tok.sent.start
        words = tok.doc.words
        while i > start and words[i - 1].pos_ in ("DET", "ADJ", "NUM"):
            i -= 1  # "dans le cadre du nouveau partenariat": skip to the phrase
        before = " ".join(t.lower_ for t in words[max(start, i - 5) : i])
        before = before.replace("’", "'")
        return any(before == cue or before.endswith(" " + cue) for cue in self.lexicon.cue("frame"))

    # ----------------------------------------------------------------- events
    def _code_sentence(
        self,
        sent: Sent,
        article: Article,
        index: args.MentionIndex,
        state: _Discourse,
        kind: SectionKind,
    ) -> list[Event]:
        found = self._triggers(sent)
        if not found:
            return []  # most sentences: skip the clause analysis
        conditions = condition_clauses(sent, self.lexicon)
        triggers = [
            (tok, e) for tok, e in found if not any(c.first <= tok.i <= c.last for c in conditions)
        ]
        if not triggers:
            return []
        text, offset = sent.text, sent.start_char
        durations = find_durations(text, offset, self.language)
        quantities = find_quantities(
            text, offset, self.language, self.lexicon.cue("approx"), durations
        )
        # Each number goes to the trigger written nearest to it.
        positions: list[tuple[int, int]] = [(id(q), q.start) for q in quantities]
        positions += [(id(d), d.start) for d in durations]
        nearest = {
            key: min(triggers, key=lambda t: abs(t[0].idx - start))[0].i for key, start in positions
        }
        events = []
        for tok, entry in triggers:
            events.append(
                self._event(
                    tok,
                    entry=entry,
                    sent=sent,
                    article=article,
                    index=index,
                    state=state,
                    kind=kind,
                    conditions=conditions,
                    quantities=[q for q in quantities if nearest[id(q)] == tok.i],
                    duration=next((d for d in durations if nearest[id(d)] == tok.i), None),
                )
            )
        return events

    def _event(
        self,
        tok: Word,
        *,
        entry: TriggerEntry,
        sent: Sent,
        article: Article,
        index: args.MentionIndex,
        state: _Discourse,
        kind: SectionKind,
        conditions: list[ConditionClause],
        quantities: list[Quantity],
        duration: Duration | None,
    ) -> Event:
        event_type = entry.event_type
        source, target, inherited = self._sides(tok, sent, index, state, event_type)
        demonstrative = any("Dem" in c.morph.get("PronType", []) for c in tok.children)
        if tok.pos_ == "NOUN" and demonstrative and event_type in state.by_type:
            # "cette rencontre", "this meeting": the same event as the last of its type.
            source, target = state.by_type[event_type]
        if source:
            state.by_type[event_type] = (source, target)
        cameo = entry.cameo
        condition = None
        dep: ActorRef | None = None
        cond = next(
            (c for c in conditions if c.first > tok.i), conditions[0] if conditions else None
        )
        if cond is not None:
            dep = next(
                (
                    args.actor_ref(index.by_token[i])
                    for i in range(cond.first, cond.last + 1)
                    if i in index.by_token
                ),
                None,
            )
            condition = Condition(
                cond.span.text, cond.span.start, cond.span.end, dep.code if dep else None
            )
            if not target and dep is not None and dep.code not in {s.code for s in source}:
                target = (dep,)
        stated = modality(tok, self.lexicon)
        mode = "conditional" if condition is not None else stated
        # A future or possible act keeps its type and is hypothetical (gold
        # convention 4), unless the actor itself states it or ties it to a
        # condition: then the statement is the act, a promise of cooperation
        # (AGREE) or a threat of material conflict (THREATEN), as PLOVER codes it.
        if stated in ("announced", "possible") and (
            condition is not None or self._self_stated(tok, sent, index, state, source)
        ):
            if event_type in COOPERATIVE_MATERIAL:
                event_type = "AGREE"
            elif event_type in CONFLICT_MATERIAL:
                event_type = "THREATEN"
            if event_type != entry.event_type:
                cameo = self.ontology.default_cameo(event_type)
        # A commitment or a threat made ("respectera … à condition que") is done.
        hypothetical = stated != "done" and not (
            stated == "announced" and event_type in ("AGREE", "THREATEN")
        )
        root_code = cameo == self.ontology.default_cameo(event_type)
        if event_type in MILITARY_CAMEO and root_code and self._military(tok, sent):
            cameo = MILITARY_CAMEO[event_type]
        attribution = self._attribution(
            tok, sent=sent, index=index, state=state, event_type=event_type, source=source
        )
        row = self.ontology.cameo(cameo)
        bilateral = len(source) >= 2 and not target
        confidence = 0.4 + 0.25 * bool(source) + 0.15 * (bool(target) or bilateral)
        # Targets read from context do not make the trigger more certain.
        target = self._context_target(
            tok,
            event_type=event_type,
            source=source,
            target=target,
            condition_actor=dep if cond is not None else None,
            index=index,
            state=state,
            inherited=inherited,
        )
        confidence += 0.1 * (tok.pos_ == "VERB") + 0.1 * (clause_head(tok).dep_ == "ROOT")
        confidence -= 0.2 * inherited
        return Event(
            article_id=article.id,
            event_type=event_type,
            trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text),
            sentence=Span(sent.start_char, sent.end_char, sent.text),
            mode=entry.mode,
            cameo=cameo,
            goldstein=row.goldstein,
            quad_class=row.quad_class,
            source=source,
            target=target,
            quantities=tuple(quantities),
            duration=duration,
            condition=condition,
            negated=is_negated(tok, self.lexicon),
            hypothetical=hypothetical,
            modality=mode,
            attributed_to=attribution,
            section_kind=kind,
            event_date=event_date(sent.text, article.published_at or article.reference_time),
            coder=CODER_NAME,
            confidence=round(max(0.05, min(0.99, confidence)), 2),
        )

    def _self_stated(
        self,
        tok: Word,
        sent: Sent,
        index: args.MentionIndex,
        state: _Discourse,
        source: tuple[ActorRef, ...],
    ) -> bool:
        """Tell whether a reporting verb states the act ("Hungary said it will support").

        A future act carried by "said", "announced", "confirmed" is an
        announcement, hence a promise or threat; one only reported "according
        to" a third party ("selon un diplomate") stays a possibility, unless
        the source itself is that third party.
        """
        speaker = speaker_of(tok, sent, self.lexicon)
        if speaker is None:
            return False
        if speaker.verb.text.lower().replace("’", "'") not in self.lexicon.cue("according"):
            return True
        said_by = {
            args.actor_ref(m).code
            for m in self._refs(speaker.token, index, state)
            if not args.comma_between(speaker.token, m, index)
        }
        return bool(said_by & {s.code for s in source})

    def _military(self, tok: Word, sent: Sent) -> bool:
        cues = self.lexicon.cue("military")
        return any(t.lemma_.lower() in cues or t.lower_ in cues for t in sent)

    # ------------------------------------------------------------------ sides
    def _refs(
        self,
        head: Word | None,
        index: args.MentionIndex,
        state: _Discourse,
        stop_cases: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        if head is None:
            return []
        found = args.mentions_under(head, index, stop_cases=stop_cases)
        if found:
            return found
        phrase = " ".join(t.lower_ for t in head.subtree)
        if state.pair and any(p in phrase for p in self.lexicon.cue("pair")):
            return list(state.pair)
        if head.pos_ == "PRON" and state.last_person and head.lower_ in self.lexicon.cue("pronoun"):
            return [state.last_person]
        if head.pos_ == "PRON" or head.lemma_.lower() in self.lexicon.cue("role"):
            # "il", "they", "le ministre": the last person named, or the speaker above.
            if head.lemma_.lower() in self.lexicon.cue("role") and state.last_person:
                return [state.last_person]
            outer, _ = (
                args.subject_of(head.head.head) if head.head.dep_ != "ROOT" else (None, False)
            )
            if outer is not None:
                return args.mentions_under(outer, index)
        return []

    def _sides(
        self,
        tok: Word,
        sent: Sent,
        index: args.MentionIndex,
        state: _Discourse,
        event_type: str,
    ) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...], bool]:
        source: list[Mention] = []
        target: list[Mention] = []
        if tok.pos_ in ("NOUN", "PROPN"):
            source, target = self._nominal_sides(tok, index, state, event_type)
        head = clause_head(tok)
        modal = tok.dep_ == "aux" and tok.head.pos_ in ("VERB", "AUX")
        if modal:
            # "China must drop barriers": an obligation on the subject, laid by
            # whoever states it ("the administration declared that …").
            subject, _p = args.subject_of(tok.head)
            target += self._refs(subject, index, state)
            speaker = tok.head.head if tok.head.dep_ in args.REPORTED else None
            if speaker is not None:
                source += self._refs(args.subject_of(speaker)[0], index, state)
        judged = self._judged(tok, head)
        if judged:
            # "Selon Téhéran, les sanctions européennes constituent une violation":
            # the speaker judges the subject.
            subject, _p = args.subject_of(head)
            target += self._refs(subject, index, state)
            reporter = speaker_of(tok, sent, self.lexicon)
            if reporter is not None:
                source += self._refs(reporter.token, index, state)
        if not source and not modal and not judged:
            subject, passive = args.subject_of(head)
            if subject is not None:
                found = args.with_coordinated(self._refs(subject, index, state), index)
                (target if passive else source).extend(found)
                if passive:
                    source += self._refs(args.agent_of(head), index, state)
                    if not source:
                        # "… tués dans l'explosion …, un attentat revendiqué par les
                        # Chabab": the attack is claimed by an agent further down.
                        source += args.clause_agents(head, index)
            elif subject is None and args.has_passive_aux(head):
                # "300 tonnes ont été acheminées … par le PAM": the parse lost the
                # passive subject, the agent is still the source.
                source += self._refs(args.agent_of(head), index, state)
        if not source and tok.pos_ in ("NOUN", "PROPN"):
            cur = head
            # "a annoncé la livraison", "travelled for two days of talks": the
            # subject of the verb the noun hangs from acts.
            for _ in range(6):
                if cur.head is cur:
                    break
                cur = cur.head
                subject, _p = args.subject_of(cur)
                if subject is not None and not tok.is_ancestor(subject):
                    source = self._refs(subject, index, state)
                    break
        if not target:
            for obj in args.object_heads(tok if tok.pos_ == "VERB" else head):
                found = [m for m in self._refs(obj, index, state) if m not in source]
                # The source's own soldiers or envoy in object position are what it
                # moves or sends ("retirer ses troupes du territoire congolais",
                # "recall its ambassador from Algiers"): look past them.
                own = [m for m in found if _own_force(m, source, index)]
                if own:
                    narrowed = index.without(own)
                    found = [m for m in self._refs(obj, narrowed, state) if m not in source]
                target += found
        if not target:
            target += self._complement_targets(tok, index, state, event_type, source)
        own = [m for m in target if _own_force(m, source, index)]
        target = [m for m in target if m not in own]
        if not target:
            target = [m for m in args.linear_targets(tok, sent, index) if m not in source]
        if not source:
            # The parse lost the subject: take the nearest mention before the
            # trigger, unless it is what an earlier verb acted on ("killed one
            # U.S. soldier and wounded two others").
            before = [
                m
                for t in sent
                if t.i < tok.i
                and (m := index.get(t)) is not None
                and m not in target
                and not self._in_speaker_phrase(t)
                and not args.in_object(t)
            ]
            if (before and before[-1].kind not in ("person", "role")) or (
                before and tok.pos_ == "VERB"
            ):
                source = args.with_coordinated([before[-1]], index)
        own += [m for m in target if _own_force(m, source, index)]
        target = [m for m in target if m not in own]
        if own and not target:
            # "the withdrawal of some invasion forces from Panama": what the
            # source's own forces are moved from or to is the target.
            narrowed = index.without(own)
            for m in own:
                for i in index.tokens_of(m)[-1:]:
                    target += [
                        t for t in args.mentions_under(sent.doc[i], narrowed) if t not in source
                    ]
        if (
            state.pair
            and len(source) < 2
            and not target
            and any(c.lemma_.lower() in self.lexicon.cue("bilateral") for c in tok.children)
        ):
            source = list(state.pair)
        inherited = False
        if not source and not target:
            if state.pair:
                source, inherited = list(state.pair), True
            elif state.last_sides[0]:
                return state.last_sides[0], state.last_sides[1], True
        src = _unique(args.actor_ref(m) for m in source)
        tgt = _unique(args.actor_ref(m) for m in target if m not in source)
        if len(src) >= 2:  # bilateral: a side named twice is not also the other side
            tgt = tuple(t for t in tgt if t.code not in {s.code for s in src})
        # The acting state named again only to say where ("près des frontières
        # russes", "near Russia's borders") is no target; internal events
        # ("Croatian extremists") keep theirs.
        places = {m.start for m in target if self._names_a_place(m, index)}
        tgt = tuple(t for t in tgt if t.code not in {s.code for s in src} or t.start not in places)
        if event_type in SYMMETRIC:
            # "held talks in Geneva": where two sides meet or sign is no side.
            tgt = tuple(t for t in tgt if t.start not in state.towns)
        state.last_sides = (src, tgt)
        return src, tgt, inherited

    def _context_target(
        self,
        tok: Word,
        *,
        event_type: str,
        source: tuple[ActorRef, ...],
        target: tuple[ActorRef, ...],
        condition_actor: ActorRef | None,
        index: args.MentionIndex,
        state: _Discourse,
        inherited: bool,
    ) -> tuple[ActorRef, ...]:
        """Complete the target from what surrounds the trigger, when the parse gave none.

        - a threat is aimed at whoever must meet its condition ("… if Brussels
          persisted, the spokesman warned");
        - a reprisal is aimed at whoever last acted against its source ("the EU
          adopted sanctions against Russia, and Moscow promised retaliation");
        - a protest at whom its demand addresses ("demonstrated … calling for
          independence from Iraq");
        - otherwise a state or place the act is located in, when it is not the
          source's own ("Serbia lifted a curfew in Montenegro", "envoyer des
          instructeurs en Estonie"). Meetings are excepted: where two sides
          meet says nothing of whom they meet.
        """
        own = {s.code for s in source}
        if (
            event_type == "THREATEN"
            and condition_actor is not None
            and condition_actor.code not in own
            and all(t.code != condition_actor.code for t in target)
        ):
            target = (condition_actor, *target)
        if target or inherited:
            state.acts.append((source, target))
            return target
        found: tuple[ActorRef, ...] = ()
        if own and self._is_reprisal(tok):
            found = next(
                (
                    s
                    for s, t in reversed(state.acts)
                    if own & {x.code for x in t} and not own & {x.code for x in s}
                ),
                (),
            )
        head = clause_head(tok)
        if not found and event_type in ANSWERS:
            # "rejeté la proposition … présentée par l'Égypte": an answer is aimed at
            # whoever made the proposal, wherever the parser hung its agent.
            found = _unique(
                args.actor_ref(m)
                for m in args.clause_agents(head, index)
                if (m.country or m.actor_id) not in own
            )
        if not found:
            # "levé l'interdiction qui visait deux partis d'opposition": what the
            # object's relative clause names.
            found = _unique(
                args.actor_ref(m)
                for obj in args.object_heads(tok if tok.pos_ == "VERB" else head)
                for m in args.relative_mentions(obj, index)
                if m.start not in {s.start for s in source}
            )
        if not found and event_type == "PROTEST":
            taken = {s.start for s in source}
            demands = args.demand_mentions(head if head is not tok else tok, index)
            found = _unique(args.actor_ref(m) for m in demands if m.start not in taken)
        if not found and event_type != "CONSULT" and len(source) < 2:
            placed = args.placed_mentions(head, index, self.lexicon.cue("locative"))
            found = _unique(
                args.actor_ref(m)
                for m in placed
                if m.kind in ("country", "capital", "other")
                and (event_type == "PROTEST" or (m.country or m.actor_id) not in own)
            )
        state.acts.append((source, found))
        return found

    def _judged(self, tok: Word, head: Word) -> bool:
        """Tell whether a nominal accusation is said of a subject ("X constitutes a violation")."""
        return (
            tok.pos_ == "NOUN"
            and head is not tok
            and tok.dep_ in ("obj", "dobj", "attr", "xcomp")
            and head.lemma_.lower() in self.lexicon.cue("copula")
        )

    def _is_reprisal(self, tok: Word) -> bool:
        """Tell whether a trigger or its object speaks of retaliation ("mesures de rétorsion")."""
        cues = self.lexicon.cue("reprisal")
        words = [tok, *(t for c in tok.children if c.dep_ in args.OBJECT for t in c.subtree)]
        return any(t.lemma_.lower() in cues or t.lower_ in cues for t in words)

    def _nominal_sides(
        self,
        tok: Word,
        index: args.MentionIndex,
        state: _Discourse,
        event_type: str,
    ) -> tuple[list[Mention], list[Mention]]:
        """Return the sides a nominal trigger names itself: "NATO's exercises", "aid to Kyiv"."""
        source: list[Mention] = []
        target: list[Mention] = []
        agents = args.nominal_agents(tok)
        # A noun that a verb with its own subject governs ("NATO would tighten the
        # blockade of Serbia", "Israel mounted its invasion of South Lebanon")
        # names its patient with "of"; a meeting "of" two states names its parties.
        acted_on = (
            event_type not in SYMMETRIC
            and tok.dep_ in args.OBJECT
            and args.subject_of(clause_head(tok))[0] is not None
        )
        for agent in agents:
            found = self._refs(agent, index, state, args.RECIPIENT_CASES)
            if acted_on and args.introducing_case(agent) in args.PATIENT_CASES:
                target += [m for m in found if m not in target]
            else:
                source += [m for m in found if m not in source]
        for child in tok.children:
            # Only a recipient-like case makes a target: "trêve dans le sud du
            # Liban" is a place, "aide à l'Ukraine" a recipient.
            case = child.lower_ if child.dep_ == "prep" else args.case_of(child)
            if child.dep_ in ("nmod", "prep") and child not in agents and case in args.TARGET_CASES:
                target += self._refs(child, index, state)
        return source, target

    def _complement_targets(
        self,
        tok: Word,
        index: args.MentionIndex,
        state: _Discourse,
        event_type: str,
        source: list[Mention],
    ) -> list[Mention]:
        """Targets named in a verb's complement clause.

        "demanded that the United States match …": a demand is made of the
        complement's subject. "threatened to impose sanctions on Japan",
        "willing to withdraw its troops from Lebanon": the complement's object.
        """
        out: list[Mention] = []
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        # "insisted on its demands that Burundi's government grant …": the
        # demand's content clause hangs from the object noun.
        comps += [
            c
            for obj in args.object_heads(tok)
            for c in obj.children
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children)
        ]
        for comp in comps:
            if comp.pos_ not in ("VERB", "AUX"):
                continue
            if event_type == "REQUEST" and comp.dep_ != "xcomp":
                subject, _p = args.subject_of(comp)
                if subject is not None:
                    out += [m for m in self._refs(subject, index, state) if m not in source]
                    if out:
                        return out
            for obj in args.object_heads(comp):
                out += [m for m in self._refs(obj, index, state) if m not in source]
        return out

    def _names_a_place(self, mention: Mention, index: args.MentionIndex) -> bool:
        """Tell whether a mention only qualifies a place noun ("frontières russes")."""
        toks = [i for i, m in index.by_token.items() if m is mention]
        if not toks:
            return False
        governor = index.doc[toks[0]].head
        place = self.lexicon.cue("place")
        return governor.lemma_.lower() in place or governor.lower_ in place

    def _in_speaker_phrase(self, tok: Word) -> bool:
        """Tell whether ``tok`` names the speaker of a "selon X" / "according to X" phrase.

        A comma closes the phrase: in "Selon Bruxelles, l'UE et le Japon
        pourraient…" the parser may hang "l'UE" on "Bruxelles", yet it is the
        subject of the reported clause.
        """
        cur = tok
        for _ in range(3):
            for child in cur.children:
                if child.lower_ in self.lexicon.cue("according"):
                    lo, hi = sorted((child.i, tok.i))
                    return not any(t.text == "," for t in tok.doc[lo:hi])
            if cur.head is cur:
                break
            cur = cur.head
        return False

    def _attribution(
        self,
        tok: Word,
        *,
        sent: Sent,
        index: args.MentionIndex,
        state: _Discourse,
        event_type: str,
        source: tuple[ActorRef, ...],
    ) -> Attribution | None:
        speaker = speaker_of(tok, sent, self.lexicon)
        if speaker is not None:
            found = self._refs(speaker.token, index, state)
            span_tok = speaker.token
            text = " ".join(t.text for t in span_tok.subtree if t.dep_ not in ("punct",))
            start = span_tok.left_edge.idx
            end = span_tok.right_edge.idx + len(span_tok.right_edge.text)
            code = None
            if found:
                m = found[0]
                code = m.actor_id or m.country
                if index.get(span_tok) is m:
                    text, start, end = m.text, m.start, m.end
            else:
                text = sent.doc.text[start:end]
            return Attribution(text=text, code=code, start=start, end=end, verb=speaker.verb)
        if event_type in SPEECH_TYPES and source:
            first = source[0]
            persons = [m for m in state.persons.values() if m.start == first.start]
            if persons:
                return Attribution(first.text, persons[0].actor_id, first.start, first.end, None)
        return None

    # -------------------------------------------------------------- discourse
    @staticmethod
    def _remember(
        sent: Sent, index: args.MentionIndex, mentions: list[Mention], state: _Discourse
    ) -> None:
        for m in mentions:
            if m.kind in ("person", "role"):
                state.last_person = m
                state.persons[m.start] = m
        # A coordinated pair of states ("la Russie et la Biélorussie", "entre X et Y")
        # is what "les deux pays" refers back to.
        words = sent.doc.words
        for i in sorted(index.by_token):  # only tokens of a mention can pair
            tok, conj = words[i], index.by_token[i]
            if tok.dep_ != "conj":
                continue
            first = index.get(tok.head)
            if (
                first is not None
                and first is not conj
                and first.kind not in ("person", "role")
                and (first.country or first.actor_id) != (conj.country or conj.actor_id)
            ):
                state.pair = (first, conj)

    @staticmethod
    def _section_kind(article: Article, char: int) -> SectionKind:
        for section in article.sections:
            if section.start <= char < section.end:
                return section.kind
        return "body"


# Arcs that lead from a subordinate clause to the clause it depends on.
SUBORDINATE = {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "csubj", "parataxis"}


# Prepositions that place a noun in time or circumstance: "après dix jours de
# manifestations", "despite hours of negotiations" is background, not the news.
CIRCUMSTANCE = {
    "après",
    "avant",
    "malgré",
    "depuis",
    "suite",
    "after",
    "before",
    "despite",
    "amid",
    "following",
    "since",
}


def _clause_depth(tok: Word) -> int:
    """Count the subordinate-clause arcs between a trigger and the sentence root."""
    depth = 0
    if tok.pos_ in ("NOUN", "PROPN"):
        cur = tok
        while cur.pos_ in ("NOUN", "PROPN") and cur.head.i != cur.i:
            case = cur.head.lower_ if cur.dep_ == "pobj" else args.case_of(cur)
            if case in CIRCUMSTANCE:
                depth += 1
                break
            # English hangs a noun on its preposition ("of strikes"): step over it.
            cur = cur.head.head if cur.dep_ == "pobj" else cur.head
    cur = tok
    for _ in range(40):  # parses are trees; the bound only guards odd input
        if cur.head.i == cur.i:
            break
        # A participial clause ("S'exprimant lors d'une réunion", "giving in
        # to") reports a circumstance that happened; purpose and complement
        # clauses ("pour réclamer", "to demand", "qu'elle répondrait") do not.
        # A participle that is itself the trigger ("sommés de", "demanding")
        # is an aside to the main verb.
        participial = cur.morph.get("VerbForm", []) in (["Part"], ["Ger"]) or cur.tag_ == "VBG"
        if cur.dep_ in SUBORDINATE and not (participial and tok.pos_ in ("NOUN", "PROPN")):
            depth += 1
        cur = cur.head
    return depth


def _hyphenated(tok: Word) -> bool:
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[tok.i - 1] if tok.i > 0 else None
    joined_after = after is not None and not tok.whitespace_ and after.text in ("-", "‐")
    joined_before = before is not None and not before.whitespace_ and before.text in ("-", "‐")
    return joined_after or joined_before or ("-" in tok.text and tok.pos_ != "NOUN")


def _place_mentions(places: Sequence[PlaceMention], mentions: Sequence[Mention]) -> list[Mention]:
    """Places in a state that no resolved actor mention covers, as place mentions of that state."""
    out: list[Mention] = []
    for p in places:
        if p.country is None or any(m.start < p.end and p.start < m.end for m in mentions):
            continue
        out.append(Mention(p.start, p.end, p.text, "other", None, (), p.country, p.confidence))
    return out


# Sectors of the forces a state moves, sends or deploys.
FORCE_SECTORS = frozenset({"MIL", "COP"})


def _own_force(m: Mention, source: Sequence[Mention], index: args.MentionIndex) -> bool:
    """Tell whether a mention is an unnamed force or envoy of the source's own state.

    Soldiers and police of the source's state, or any role written with a
    possessive ("its ambassador", "ses troupes"), belong to the source.
    """
    if m.kind != "role" or m.actor_id is not None:
        return False
    code = m.country or m.actor_id
    if code is None or all((s.country or s.actor_id) != code for s in source):
        return False
    return bool(FORCE_SECTORS & set(m.sectors)) or args.possessed(m, index)


def _unique(refs: Iterable[ActorRef]) -> tuple[ActorRef, ...]:
    """Keep the first reference to each actor code ("la Russie … ministère russe" is one side)."""
    out: list[ActorRef] = []
    for ref in refs:
        if ref.code is None or all(ref.code != r.code for r in out):
            out.append(ref)
    return tuple(out)


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


@lru_cache(maxsize=8)
def get_coder(language: str) -> EventCoder:
    """Return the (cached) coder for ``language`` ("fr" or "en")."""
    return EventCoder(language)
