"""Who acts and who is acted on: the source and target sides of one trigger.

:func:`find_sides` runs the steps of :data:`SIDE_STEPS` in order on one
:class:`SideSearch`; each step reads the parse around the trigger and adds
to the source or the target, usually only when an earlier step left that
side empty. :func:`complete_target` runs later, once the event's condition
is known, and fills an empty target from the context (:data:`TARGET_STEPS`).
The steps and what each decides are listed in ``docs/events.md``.

Mentions come from the actor resolver; :mod:`veille.events.arguments` reads
the dependency tree; :func:`veille.events.discourse.referents` turns a phrase
into the mentions it names or refers back to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from veille.events import arguments as args
from veille.events.clauses import clause_head, speaker_of
from veille.events.discourse import ArticleMemory, Sides, in_speaker_phrase, referents
from veille.events.lexicon import Lexicon
from veille.events.parsed import Sent, Word
from veille.records import ActorHow, ActorRef, Mention

# Events whose parties act together: both are sources, neither the target.
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
# Acts that answer a proposal or a demand: aimed at whoever made it.
ANSWERS = frozenset({"AGREE", "REJECT", "CONCEDE"})
# Arcs from a noun up to the verb whose subject undergoes it ("a reçu l'aide de",
# "victime d'une attaque", "fait l'objet de sanctions").
UNDERGONE_ARCS = frozenset({"obj", "dobj", "obl:arg", "nmod", "pobj", "prep"})
# A clause as subject ("removing the sanctions is out of the question"): an act, no actor.
CLAUSAL_SUBJECT = frozenset({"csubj", "csubjpass", "csubj:pass"})
# Acts of harm, whose unidentified author the codebook (3.4) codes with no state.
_HARM = frozenset({"ASSAULT", "THREATEN"})
# Acts a state organ does to a patient (arrests, charges): in an agentless passive the
# patient is written and the author is not.
_STATE_ACTS_ON_PATIENT = frozenset({"COERCE", "ACCUSE"})
# Mentions that name a place (a state, a capital, a town), not a body of a state.
_PLACE_KINDS = frozenset({"country", "capital", "other"})
# Acts whose object, a town or a region, is the place they strike, besiege or block.
_STRIKES_PLACES = frozenset({"ASSAULT", "COERCE"})
# Acts aimed at the place they happen in even when it is the source's own.
AIMED_AT_OWN_PLACE = frozenset({"PROTEST", "COERCE"})
# Acts of state justice and the sectors of the state organs that do them (codebook 3.3).
JUSTICE_SECTORS: dict[str, frozenset[str]] = {
    "COERCE": frozenset({"JUD", "COP", "GOV"}),
    "ACCUSE": frozenset({"JUD", "COP"}),
    "CONCEDE": frozenset({"JUD"}),
    "RETREAT": frozenset({"JUD", "COP"}),
}
# Types of an adjective that judges what the copula's subject did ("was reckless").
JUDGMENT_TYPES = frozenset({"ACCUSE", "SUPPORT"})
# Sectors of the forces a state moves, sends or deploys.
FORCE_SECTORS = frozenset({"MIL", "COP"})
# Sectors of armed groups that are not a state's forces.
NON_STATE_SECTORS = frozenset({"REB", "UAF", "CRM"})
# Sectors of a state's own organs: only an actor with one of them (or a bare
# country) commands that state's police and soldiers.
STATE_ORGAN_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})


@dataclass(slots=True)
class SideSearch:
    """One trigger's side search: what the steps read, and the sides they fill."""

    tok: Word
    sent: Sent
    index: args.MentionIndex
    memory: ArticleMemory
    lexicon: Lexicon
    event_type: str
    # The verb whose clause the trigger belongs to (the trigger itself for a verb).
    head: Word
    source: list[Mention] = field(default_factory=list)
    target: list[Mention] = field(default_factory=list)
    # The source's own forces or envoys met as targets (what it moves, not whom).
    own: list[Mention] = field(default_factory=list)
    # The trigger is a modal auxiliary ("must"), or a noun judged of a subject.
    modal: bool = False
    judged: bool = False
    # Sides carried over whole from the last event: the search stops there.
    carried: Sides | None = None

    def refs(
        self,
        head: Word | None,
        index: args.MentionIndex | None = None,
        stop_cases: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Return the mentions ``head``'s phrase names or refers back to."""
        return referents(head, index or self.index, self.memory, self.lexicon, stop_cases)

    def own_force(self, m: Mention) -> bool:
        """Tell whether ``m`` is an unnamed force or envoy of the source's own state.

        Soldiers and police of the source's state, or any role written with a
        possessive ("its ambassador", "ses troupes"), belong to the source.
        """
        if m.kind != "role" or m.actor_id is not None:
            return False
        code = m.country or m.actor_id
        owners = [s for s in self.source if (s.country or s.actor_id) == code]
        if not owners:
            return False
        possessed = args.possessed(m, self.index, self.lexicon.grammar)
        if all(_armed_group(s) or _civilian(s) for s in owners):
            # "Five police officers are killed by the Pakistani Taliban": a rebel
            # group of a state is not that state, nor are its police and soldiers.
            # Nor are protesters, strikers or a firm: "des manifestants ont
            # attaqué des policiers" is aimed at the police.
            return possessed
        return bool(FORCE_SECTORS & set(m.sectors)) or possessed


def _armed_group(m: Mention) -> bool:
    """Tell whether ``m`` is a non-state armed group: rebels, gangs, gunmen.

    "Boko Haram fighters" (REB, with MIL from "fighters") is one too.
    """
    return bool(NON_STATE_SECTORS & set(m.sectors))


def _civilian(m: Mention) -> bool:
    """Tell whether ``m`` is a part of society, no organ of its state: protesters, a union, a firm.

    A bare country ("la France", no sector) is its state and keeps its forces.
    """
    return bool(m.sectors) and not STATE_ORGAN_SECTORS & set(m.sectors)


# --------------------------------------------------------------------- steps
def nominal_sides(s: SideSearch) -> None:
    """Take the sides a noun trigger names itself: "NATO's exercises", "l'aide à l'Ukraine".

    Agents (possessive, "de l'OTAN", "Russian") are sources; a recipient-like
    case ("à", "to", "against") makes a target, a place ("dans le sud du
    Liban") does not. A noun a verb with its own subject governs names its
    patient with "of": "Israel mounted its invasion of South Lebanon" makes
    Lebanon the target; a meeting "of" two states names its parties. So does
    a noun whose agent an ``agent_marker`` names: in "l'annexion de la Crimée
    par la Russie" Russia acts and Crimea undergoes.
    """
    tok = s.tok
    if tok.pos_ not in ("NOUN", "PROPN"):
        return
    grammar = s.lexicon.grammar
    agents = args.nominal_agents(tok, grammar)
    acted_on = (
        s.event_type not in SYMMETRIC
        and tok.dep_ in args.OBJECT
        and args.subject_of(clause_head(tok))[0] is not None
        # "a reçu l'aide de la France": France gives, its "de" names no patient.
        and not undergoes(tok, clause_head(tok), s.lexicon.cue("undergo"))
    )
    by_agent = s.event_type not in SYMMETRIC and any(
        args.introducing_case(a) in grammar.agent_markers for a in agents
    )
    for agent in agents:
        found = s.refs(agent, stop_cases=grammar.recipient_cases)
        case = args.introducing_case(agent)
        if (acted_on or by_agent) and case in grammar.patient_cases:
            s.target += [m for m in found if m not in s.target]
        else:
            s.source += [m for m in found if m not in s.source]
    # "l'attaque la plus virulente contre l'UE": the parse may hang the
    # complement on the noun's adjective.
    adjectives = [child for child in tok.children if child.dep_ == "amod"]
    complements = [c for c in tok.children if c.dep_ in ("nmod", "prep")]
    complements += [c for a in adjectives for c in a.children if c.dep_ in ("obl:mod", "prep")]
    for child in complements:
        case = child.lower_ if child.dep_ == "prep" else args.case_of(child)
        # English "from" opens agents and targets alike: "criticism from China"
        # has already given its agent, which is not its target too.
        taken = any(a.head is child for a in agents)
        if child not in agents and not taken and case in grammar.target_cases:
            s.target += s.refs(child)


def described_sides(s: SideSearch) -> None:
    """Take a noun trigger's sides from the relative clause that tells who did it.

    "les sanctions que l'UE a imposées à la Russie", "the strikes which the
    army carried out against the rebels": the noun is the clause's object, so
    the clause's own subject did the act and its target-like complement
    underwent it. Only a noun that named no agent of its own is read so.
    """
    tok = s.tok
    if s.source or tok.pos_ not in ("NOUN", "PROPN"):
        return
    grammar = s.lexicon.grammar
    for clause in tok.children:
        # The French parser labels a relative clause a plain "acl": its pronoun tells.
        if clause.dep_ not in args.DESCRIBING_ARCS or clause.pos_ != "VERB":
            continue
        pronouns = [c for c in clause.children if c.lower_ in grammar.relative_pronouns]
        # The noun must be what the clause acts on: its pronoun is the object.
        if not any(p.dep_ in args.OBJECT for p in pronouns):
            continue
        subject, passive = args.subject_of(clause)
        if subject is None or passive or subject.head is not clause:
            continue
        s.source += [m for m in s.refs(subject) if m not in s.source]
        if not s.target:
            for obj in args.object_heads(clause, grammar):
                if obj not in pronouns:
                    s.target += [m for m in s.refs(obj) if m not in s.source]
        return


def modal_obligation(s: SideSearch) -> None:
    """Target whom a modal trigger obliges: "China must drop barriers" targets China.

    Whoever states the obligation is the source ("the administration
    declared that China must …").
    """
    tok = s.tok
    s.modal = tok.dep_ == "aux" and tok.head.pos_ in ("VERB", "AUX")
    if not s.modal:
        return
    subject, _p = args.subject_of(tok.head)
    s.target += s.refs(subject)
    speaker = tok.head.head if tok.head.dep_ in args.REPORTED else None
    if speaker is not None:
        s.source += s.refs(args.subject_of(speaker)[0])


def judged_subject(s: SideSearch) -> None:
    """Target the subject a noun is said of: "les sanctions constituent une violation".

    The subject of the copula ("constituent", ``copula`` cues) is the target,
    the speaker of the sentence ("Selon Téhéran, …") the source. An adjective
    of judgment (``JUDGMENT_TYPES``) is read the same way: in "Brazil said the
    Argentine embargo was reckless" Brazil blames Argentina.
    """
    tok, head = s.tok, s.head
    noun = tok.pos_ == "NOUN" and tok.dep_ in ("obj", "dobj", "attr", "xcomp")
    # "Brazil said the embargo was reckless (and unfair)": an adjective of blame
    # or praise, or the second of two, is said of the copula's subject by the
    # speaker, as a noun is ("was a mistake").
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ == "ADJ":
        first = first.head
    adjective = tok.pos_ == "ADJ" and first.dep_ == "acomp" and s.event_type in JUDGMENT_TYPES
    if adjective:
        head = first.head
    s.judged = (
        (noun or adjective) and head is not tok and head.lemma_.lower() in s.lexicon.cue("copula")
    )
    if not s.judged:
        return
    subject, _p = args.subject_of(head)
    s.target += s.refs(subject)
    reporter = speaker_of(first, s.sent, s.lexicon)
    if reporter is not None:
        s.source += s.refs(reporter.token)


def clause_subject(s: SideSearch) -> None:
    """Take the clause's subject as source, or as target when passive, with its "par X" agent.

    "Moscou et Minsk ont signé": coordinated subjects are one side even when
    the parser split them, into conjuncts or into two subjects of the verb.
    "… un attentat revendiqué par les Chabab": a passive without its own
    agent takes the agent of a participle below;
    "300 tonnes ont été acheminées … par le PAM": a passive whose subject the
    parse lost still has its agent.
    """
    if s.source or s.modal or s.judged:
        return
    head = s.head
    subject, passive = args.subject_of(head)
    if clausal_subject(s, subject):
        return
    if subject is not None:
        # "Six personnes sont mortes et huit ont été blessées": who dies is a victim
        # like a passive subject, whatever arc the parser gave it.
        passive = passive or perishes(subject, s.lexicon)
        found = s.refs(subject)
        for other in args.co_subjects(subject):
            found += [m for m in s.refs(other) if m not in found]
        found = args.with_coordinated(found, s.index, s.lexicon.grammar)
        if not passive:
            # "Le Chili a reçu une donation": who undergoes the act is no source.
            found = [m for m in found if m not in s.target]
            found = [m for m in found if m not in _struck_places(s, subject)]
        (s.target if passive else s.source).extend(found)
        if passive:
            s.source += s.refs(args.agent_of(head, s.lexicon.grammar))
            if not s.source:
                s.source += args.clause_agents(head, s.index, s.lexicon.grammar)
            if not s.source:
                s.source += [m for m in attack_agents(s, head) if m not in s.target]
    elif args.has_passive_aux(head):
        s.source += s.refs(args.agent_of(head, s.lexicon.grammar))


def joined_partners(s: SideSearch) -> None:
    """Add to the source whom it joins in the act: "X joined Y in calling for sanctions".

    The object of a ``partner`` verb ("join") does the act of the "in"
    phrase the trigger heads as much as the subject does (codebook 5.4: every
    actor of a joint act is a source).
    """
    partner = s.lexicon.cue("partner")
    tok = s.tok
    if not partner or tok.dep_ not in ("pcomp", "pobj") or tok.head.lower_ != "in":
        return
    verb = tok.head.head
    if verb is tok.head or verb.lemma_.lower() not in partner:
        return
    grammar = s.lexicon.grammar
    subject, passive = args.subject_of(verb)
    if not s.source and subject is not None and not passive:
        # The gerund has no subject of its own: the one who joins acts first.
        found = s.refs(subject)
        for other in args.co_subjects(subject):
            found += [m for m in s.refs(other) if m not in found]
        s.source += args.with_coordinated(found, s.index, grammar)
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
        found = args.with_coordinated(s.refs(obj), s.index, grammar)
        s.source += [m for m in found if m not in s.source and m not in s.target]


def opposed_parties(s: SideSearch) -> None:
    """Make the parties a fight sets against each other its sources, with no target.

    "De violents combats ont opposé l'armée aux rebelles", "des heurts ont
    opposé la police et les manifestants": the subject is the fighting, no
    actor; the object and whom it is set against fought each other
    (codebook ASSAULT: both are sources). Only verbs of the ``opposing``
    cues do this, and only when their subject names nobody ("le ministre a
    opposé un refus" keeps its subject).
    """
    if s.source or s.tok is not s.head or s.tok.lemma_.lower() not in s.lexicon.cue("opposing"):
        return
    subject, passive = args.subject_of(s.head)
    if subject is None or passive or s.refs(subject):
        return
    grammar = s.lexicon.grammar
    for obj in args.object_heads(s.head, grammar):
        found = args.with_coordinated(s.refs(obj), s.index, grammar)
        s.source += [m for m in found if m not in s.source]


def attack_agents(s: SideSearch, head: Word) -> list[Mention]:
    """Return who carried out the attack a passive verb of harm says it was done in.

    "Two civilians are killed and eight wounded in a Russian drone strike":
    the victims are the subject, and the attack named after an ``attack_case``
    preposition ("in", "during") has its own agent ("Russian", "Israel's",
    "by the army"), who is the source. The preposition may hang on a
    coordinated passive verb ("… and eight others are wounded in …").
    """
    grammar = s.lexicon.grammar
    if not grammar.attack_cases:
        return []
    verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    if head.dep_ == "conj" and head.head.pos_ == "VERB":
        verbs.append(head.head)
    out: list[Mention] = []
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in grammar.attack_cases:
                nouns = [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ in ("obl", "obl:mod") and args.case_of(child) in grammar.attack_cases:
                nouns = [child]
            else:
                continue
            for noun in nouns:
                if not _names_an_attack(noun, s.lexicon):
                    continue
                for agent in args.nominal_agents(noun, grammar):
                    out += [m for m in s.refs(agent) if m not in out]
    return out


def _struck_places(s: SideSearch, subject: Word) -> list[Mention]:
    """Return the places an attack that is the subject says it struck.

    "A Pakistani drone strike in Khost killed four civilians": Khost is
    where the strike fell, not who struck; :func:`place_target` makes it
    the target. Only places (states, capitals, towns) after a ``locative``
    preposition of an attack noun; "Russian strikes" keeps its demonym.
    """
    if not _names_an_attack(subject, s.lexicon):
        return []
    placed = args.placed_mentions(subject, s.index, s.lexicon.cue("locative"))
    return [m for m in placed if m.kind in ("country", "capital", "other")]


def _names_an_attack(noun: Word, lexicon: Lexicon) -> bool:
    """Tell whether ``noun`` names an armed attack: an ASSAULT noun or a word of violence."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = noun.lemma_.lower()
    if lemma in lexicon.cue("violence") or noun.lower_ in lexicon.cue("violence"):
        return True
    return any(
        e.event_type == "ASSAULT" and e.pos in ("N", "*") for e in lexicon.triggers.get(lemma, ())
    )


def governing_subject(s: SideSearch) -> None:
    """Give a noun trigger without an agent the subject of a verb above it as source.

    "a annoncé la livraison", "travelled for two days of talks": up to six
    arcs up, the first subject that is not inside the noun's own phrase,
    unless it undergoes the act (:func:`undergoing_subject`).
    """
    tok = s.tok
    if s.source or tok.pos_ not in ("NOUN", "PROPN"):
        return
    cur = s.head
    for _ in range(6):
        if cur.head is cur:
            break
        cur = cur.head
        subject, _p = args.subject_of(cur)
        if subject is not None and not tok.is_ancestor(subject):
            if perishes(subject, s.lexicon):
                # "quatre personnes ont péri dans l'explosion": the dead are its victims.
                s.target += [m for m in s.refs(subject) if m not in s.target]
            # A noun inside the subject clause ("removing the sanctions") is not what it says.
            elif subject.is_ancestor(tok) or not clausal_subject(s, subject):
                s.source = [m for m in s.refs(subject) if m not in s.target]
            break


def perishes(subject: Word, lexicon: Lexicon) -> bool:
    """Tell whether ``subject`` is the subject of a verb of dying (``perish`` cues).

    "Deux personnes sont mortes", "two people died": the subject is a victim
    of the act the sentence reports, never its actor.
    """
    verb, perish = subject.head, lexicon.cue("perish")
    if verb is subject:
        return False
    if verb.lemma_.lower() in perish or verb.lower_ in perish:
        return True
    # A verb and its object make the cue: "ont perdu la vie", "lost their lives".
    lemma = verb.lemma_.lower()
    return any(
        f"{lemma} {c.lemma_.lower()}" in perish for c in verb.children if c.dep_ in ("obj", "dobj")
    )


def clausal_subject(s: SideSearch, subject: Word | None) -> bool:
    """Read a clause standing as subject: whom it concerns is the target, its speaker the source.

    "US officials said that removing the sanctions on Burma is out of the
    question": the act of removing is no actor, Burma is what the rejection
    is about and the officials who say so reject it. Returns whether
    ``subject`` was such a clause (the caller then takes nothing from it).
    """
    if subject is None or subject.dep_ not in CLAUSAL_SUBJECT:
        return False
    s.target += [m for m in s.refs(subject) if m not in s.target]
    reporter = speaker_of(s.tok, s.sent, s.lexicon)
    if reporter is not None:
        s.source += [m for m in s.refs(reporter.token) if m not in s.source]
    return True


def undergoing_subject(s: SideSearch) -> None:
    """Give a noun trigger the subject that undergoes it as target.

    "Le Chili a reçu une donation", "la Russie fait l'objet de sanctions
    européennes", "the government came under fire": the first subject on
    the way up is the target when an ``undergo`` cue stands between
    (:func:`undergoes`); the later steps never make it the source.
    """
    tok = s.tok
    if s.target or tok.pos_ not in ("NOUN", "PROPN"):
        return
    cur = s.head
    for _ in range(6):
        subject, _p = args.subject_of(cur)
        if subject is not None and not tok.is_ancestor(subject):
            if undergoes(tok, cur, s.lexicon.cue("undergo")):
                found = args.with_coordinated(s.refs(subject), s.index, s.lexicon.grammar)
                s.target = [m for m in found if m not in s.source]
                if not s.source:
                    s.source = _undergone_from(s, cur)
            return
        if cur.head is cur:
            return
        cur = cur.head


def _undergone_from(s: SideSearch, verb: Word) -> list[Mention]:
    """Return who does the act the subject of ``verb`` undergoes, named on the verb itself.

    The parse may hang the noun's agent on the verb: "Japan received
    criticism | from China", "received aid | from Japan". An agent case that
    names no patient ("from", "by") introduces it.
    """
    grammar = s.lexicon.grammar
    cases = grammar.agent_cases - grammar.patient_cases
    found: list[Mention] = []
    for child in verb.children:
        if child.dep_ not in ("prep", "obl", "obl:mod"):
            continue
        case = child.lower_ if child.dep_ == "prep" else args.case_of(child)
        if case in cases:
            found += [m for m in s.refs(child) if m not in s.target and m not in found]
    return found


def undergoes(tok: Word, verb: Word, undergo: frozenset[str]) -> bool:
    """Tell whether the subject of ``verb`` undergoes the act ``tok`` names.

    "Le Chili a reçu une donation", "a essuyé de vives critiques", "victime
    d'une attaque", "fait l'objet de sanctions": an ``undergo`` cue on the
    way up from the noun through objects and noun complements only.
    """
    cur = tok
    while cur is not verb:
        if cur.dep_ not in UNDERGONE_ARCS or cur.head is cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in undergo or cur.lower_ in undergo:
            return True
    # The parse may hang the noun on the verb beside the cue ("fait | l'objet | de sanctions").
    return cur is not tok and any(
        child.dep_ in ("obj", "dobj") and child.lemma_.lower() in undergo for child in verb.children
    )


def object_targets(s: SideSearch) -> None:
    """Take the objects and target-like obliques of the verb as the target: "a accusé l'OTAN".

    The source's own soldiers or envoy in object position are what it moves
    or sends ("retirer ses troupes du territoire congolais", "recall its
    ambassador from Algiers"): the search looks past them.
    """
    if s.target:
        return
    verb = s.tok if s.tok.pos_ == "VERB" else s.head
    for obj in args.object_heads(verb, s.lexicon.grammar) or _shared_objects(verb):
        found = [m for m in s.refs(obj) if m not in s.source]
        own = [m for m in found if s.own_force(m)]
        if own:
            narrowed = s.index.without(own)
            found = [m for m in s.refs(obj, narrowed) if m not in s.source]
        s.target += found


def _shared_objects(verb: Word) -> list[Word]:
    """Return the direct objects a verb shares with the verb coordinated after it.

    "Police arrested and questioned the protesters": the parse hangs the
    object on the second verb only. Only a transitive verb without an object
    of its own, and a second verb without a subject of its own, share one.
    """
    if verb.pos_ != "VERB" or any(c.dep_ in args.OBJECT for c in verb.children):
        return []
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.pos_ != "VERB" or conj.i < verb.i:
            continue
        if any(c.dep_ in args.SUBJECT or c.dep_ in args.PASSIVE_SUBJECT for c in conj.children):
            return []
        return [c for c in conj.children if c.dep_ in ("dobj", "obj")]
    return []


def complement_targets(s: SideSearch) -> None:
    """Take the target from a verb's complement clause, when the verb has no object.

    "demanded that the United States match …": a demand is made of the
    complement's subject. "threatened to impose sanctions on Japan",
    "willing to withdraw its troops from Lebanon": the complement's object;
    for a threat, also one verb deeper ("warned it might begin using force
    against Taiwan"). "insisted on its demands that Burundi's government grant …": the
    demand's content clause hangs from the object noun.
    """
    if s.target:
        return
    tok = s.tok
    out: list[Mention] = []
    comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
    comps += [
        c
        for obj in args.object_heads(tok, s.lexicon.grammar)
        for c in obj.children
        if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children)
    ]
    for comp in comps:
        if comp.pos_ not in ("VERB", "AUX"):
            continue
        if s.event_type == "REQUEST" and comp.dep_ != "xcomp":
            subject, _p = args.subject_of(comp)
            if subject is not None:
                out += [m for m in s.refs(subject) if m not in s.source]
                if out:
                    break
        for obj in args.object_heads(comp, s.lexicon.grammar):
            out += [m for m in s.refs(obj) if m not in s.source]
    if not out and s.event_type == "THREATEN":
        # A threat often names the harm one verb deeper: "warned that it might
        # begin using force against Taiwan", "vowed to keep fighting the rebels".
        for comp in comps:
            for deeper in comp.children:
                if deeper.dep_ == "xcomp" and deeper.pos_ == "VERB":
                    for obj in args.object_heads(deeper, s.lexicon.grammar):
                        out += [m for m in s.refs(obj) if m not in s.source]
    s.target += out


def set_aside_own_forces(s: SideSearch) -> None:
    """Set the source's own forces or envoys aside: "a retiré ses troupes" targets no troops."""
    s.own = [m for m in s.target if s.own_force(m)]
    s.target = [m for m in s.target if m not in s.own]


def dative_after_trigger(s: SideSearch) -> None:
    """Take a mention right after "à"/"aux"/"to" as target when the parse attached it badly.

    "a livré des armes … à l'Ukraine", "delivered arms … to Ukraine": a
    mention later in the sentence that one of these words introduces, with no
    other mention between them.
    """
    if not s.target:
        s.target = [
            m
            for m in args.linear_targets(s.tok, s.sent, s.index, s.lexicon.grammar)
            if m not in s.source
        ]


def nearest_source(s: SideSearch) -> None:
    """Take the nearest mention before the trigger as source, when the parse lost the subject.

    Not a speaker ("selon X"), not what an earlier verb acted on ("killed one
    U.S. soldier and wounded two others", "dix personnes ont été arrêtées et
    deux policiers blessés": the passive subject of another verb), not a
    target already; a person only before a verb trigger.
    """
    if s.source:
        return
    tok = s.tok
    # What another verb did to someone ("ont été arrêtées", "sont mortes")
    # makes them its patient, whichever word of their mention the parser linked.
    patients = {
        id(m)
        for t in s.sent
        if (m := s.index.get(t)) is not None and _undergoes_other_verb(t, tok, s.lexicon)
    }
    # "Des frappes … sur Gaza ont tué cinq personnes et blessé douze autres": where
    # the attack that is the shared subject struck is no source of the second verb.
    struck = [m for t in s.sent if t.dep_ in args.SUBJECT for m in _struck_places(s, t)]
    # "Lundi à Dakar, trois militants ont été condamnés": an arrest, a sentence or a
    # charge in an agentless passive keeps an empty source (codebook 5.2); a place
    # named around it (where it happened, a street's name, the patient's home town)
    # is no author. Other passives keep the fallback: "guerrillas operating in
    # Macedonia have been demobilized" retreat themselves, and the gold codes an
    # unclaimed attack by the state of its place.
    _, passive = args.subject_of(s.head)
    agentless = (
        passive
        and s.event_type in _STATE_ACTS_ON_PATIENT
        # "jugés suffisants par le parquet de Paris pour ouvrir une enquête": a
        # "par" agent the parse hung elsewhere still names the author, place and all.
        and not any(
            t.dep_ in args.AGENT or t.lower_ in s.lexicon.grammar.agent_markers for t in s.sent
        )
    )
    before = [
        m
        for t in s.sent
        if t.i < tok.i
        and (m := s.index.get(t)) is not None
        and m not in s.target
        and m not in struck
        and not (agentless and m.kind in _PLACE_KINDS)
        and id(m) not in patients
        and not in_speaker_phrase(t, s.lexicon)
        and not args.in_object(t)
    ]
    if (before and before[-1].kind not in ("person", "role")) or (before and tok.pos_ == "VERB"):
        s.source = args.with_coordinated([before[-1]], s.index, s.lexicon.grammar)


def _undergoes_other_verb(t: Word, tok: Word, lexicon: Lexicon) -> bool:
    """Tell whether ``t`` is the passive subject, or the dying subject, of a verb not ``tok``."""
    if t.head is tok or t.head is t:
        return False
    return t.dep_ in args.PASSIVE_SUBJECT or (t.dep_ in args.SUBJECT and perishes(t, lexicon))


def own_forces_destination(s: SideSearch) -> None:
    """Target what the source's own forces are moved from or to.

    "the withdrawal of some invasion forces from Panama": once the source is
    known, its forces among the targets are set aside, and when nothing else
    is left the places under them name the target.
    """
    s.own += [m for m in s.target if s.own_force(m)]
    s.target = [m for m in s.target if m not in s.own]
    if not s.own or s.target:
        return
    narrowed = s.index.without(s.own)
    for m in s.own:
        for i in s.index.tokens_of(m)[-1:]:
            s.target += [
                t
                for t in args.mentions_under(s.sent.doc[i], narrowed, s.lexicon.grammar)
                if t not in s.source
            ]


def bilateral_pair(s: SideSearch) -> None:
    """Give a "joint" or "mutual" act with fewer than two sources the last pair as source.

    "La Russie et la Biélorussie … Les exercices conjoints ont commencé":
    both states hold the exercises (``bilateral`` cues).
    """
    memory = s.memory
    if (
        memory.pair
        and len(s.source) < 2
        and not s.target
        and any(c.lemma_.lower() in s.lexicon.cue("bilateral") for c in s.tok.children)
    ):
        s.source = list(memory.pair)


def earlier_sides(s: SideSearch) -> None:
    """Give a trigger with no side at all the sides of the last event.

    "Moscou et Minsk ont signé un accord. Il prévoit des livraisons d'armes":
    the second sentence names nobody; it continues the first, and a noun
    with the definite article naming an act again continues the last event
    of its type ("the exercise"). A pair of
    states the article named once is not enough: "Le Canada et la
    Nouvelle-Zélande … Ils peuvent payer des impôts" is no act of either
    state (issue 18: never an actor from a mere earlier mention). Sides taken
    so are marked inherited (lower confidence, no target from context).
    """
    if s.source or s.target:
        return
    # "… its Nordic Response exercise in Norway. … It is the first edition of the
    # exercise since …": an act named again continues the last act of its type.
    # Only the bare noun: "la signature de 14 documents" names what it adds, a new act.
    again = (
        s.tok.pos_ == "NOUN"
        and any("Def" in c.morph.get("Definite", []) for c in s.tok.children if c.dep_ == "det")
        and not any(c.dep_ in args.OBLIQUE for c in s.tok.children)
    )
    same_type = s.memory.by_type.get(s.event_type) if again else None
    named_again = _named_by_subject(s)
    if same_type is not None and same_type[0]:
        s.carried = same_type
    elif named_again is not None:
        s.carried = named_again
    elif s.memory.last_sides[0]:
        s.carried = s.memory.last_sides


def _named_by_subject(s: SideSearch) -> Sides | None:
    """Return the sides of the earlier act the clause's demonstrative subject names again.

    "Cette coopération a été formalisée par la signature de 14 documents":
    the signature is the act of those who cooperate.
    """
    subject, _ = args.subject_of(s.head)
    if subject is None or subject is s.tok or subject.pos_ != "NOUN" or not demonstrative(subject):
        return None
    for entry in s.lexicon.triggers.get(subject.lemma_.lower(), ()):
        sides = s.memory.by_type.get(entry.event_type)
        if sides is not None and sides[0]:
            return sides
    return None


def demonstrative(noun: Word) -> bool:
    """Tell whether ``noun`` has a demonstrative determiner ("cette rencontre", "this meeting")."""
    return any("Dem" in c.morph.get("PronType", []) for c in noun.children)


SideStep = Callable[[SideSearch], None]

SIDE_STEPS: tuple[SideStep, ...] = (
    nominal_sides,
    described_sides,
    undergoing_subject,
    modal_obligation,
    judged_subject,
    clause_subject,
    opposed_parties,
    governing_subject,
    joined_partners,
    object_targets,
    complement_targets,
    set_aside_own_forces,
    dative_after_trigger,
    nearest_source,
    own_forces_destination,
    bilateral_pair,
    earlier_sides,
)
"""The side steps, in the order they run (``docs/events.md`` says what each decides)."""


def find_sides(
    tok: Word,
    *,
    sent: Sent,
    index: args.MentionIndex,
    memory: ArticleMemory,
    event_type: str,
    lexicon: Lexicon,
) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...], bool]:
    """Return the source and target of ``tok`` and whether they were taken from earlier sentences.

    Runs :data:`SIDE_STEPS`, then makes each side one reference per actor
    (:func:`settle`). A noun with a demonstrative ("cette rencontre", "this
    meeting") is the last event of its type again and takes its sides.
    """
    search = SideSearch(tok, sent, index, memory, lexicon, event_type, clause_head(tok))
    for step in SIDE_STEPS:
        step(search)
        if search.carried is not None:
            break
    inherited = search.carried is not None
    if search.carried is not None:
        source, target = search.carried
    else:
        source, target = settle(search)
        memory.last_sides = (source, target)
    if tok.pos_ == "NOUN" and demonstrative(tok) and event_type in memory.by_type:
        source, target = memory.by_type[event_type]
    if source:
        memory.by_type[event_type] = (source, target)
    return source, target, inherited


def settle(s: SideSearch) -> Sides:
    """Turn the mentions found into sides: one reference per actor, no actor on both.

    Bilateral events (two sources) drop a target that is one of them; the
    acting state named again only to say where ("près des frontières
    russes", "near Russia's borders") is no target, while internal events
    ("Croatian extremists") keep theirs; where two sides meet or sign
    ("held talks in Geneva") is no side of a symmetric event.
    """
    venues = _venues(s)
    src = unique(_source_ref(m, s) for m in s.source if m.start not in venues)
    tgt = unique(args.actor_ref(m) for m in s.target if m not in s.source and m.start not in venues)
    if len(src) >= 2:
        tgt = tuple(t for t in tgt if t.code not in {x.code for x in src})
    places = {
        m.start
        for m in s.target
        if _names_a_place(m, s.index, s.lexicon) and not _place_struck(m, s)
    }
    tgt = tuple(t for t in tgt if t.code not in {x.code for x in src} or t.start not in places)
    if s.event_type in SYMMETRIC:
        tgt = tuple(t for t in tgt if t.start not in s.memory.towns)
    return src, tgt


def _venues(s: SideSearch) -> set[int]:
    """Return the starts of the cities a meeting noun names as where it is held.

    "le sommet de Varsovie", "les négociations à Astana", "the Astana talks":
    a city or place written as the meeting noun's complement (``venue``
    cues), or as where the verb governing it happens, is the venue, not a
    party; "les négociations avec Moscou" (``alongside`` cues) and a subject
    ("Moscou et Pékin ont tenu un sommet") stay parties, and so does a
    visit's destination.
    """
    if s.event_type != "CONSULT" or s.tok.lemma_.lower() not in s.lexicon.cue("venue"):
        return set()
    # Where it is held: a locative ("à Astana", "in Geneva") or the case of a
    # noun's complement ("de Varsovie", "d’Astana", "of Doha").
    places = s.lexicon.cue("locative") | s.lexicon.grammar.patient_cases
    words = s.index.doc.words
    out: set[int] = set()
    for m in (*s.source, *s.target):
        if m.kind not in ("capital", "other"):
            continue
        tokens = s.index.tokens_of(m)
        head = next((words[i] for i in tokens if words[i].head.i not in tokens), None)
        if head is None or head.dep_ in args.SUBJECT:
            continue
        case = args.introducing_case(head)
        if case in s.lexicon.cue("alongside"):
            continue
        if case in places or (head.dep_ == "compound" and head.head is s.tok):
            out.add(m.start)
    return out


def _source_ref(m: Mention, s: SideSearch) -> ActorRef:
    """Make the source side of ``m``: an attacker named only as one unnamed person has no state.

    "Un homme armé a ouvert le feu": the codebook (3.4) codes an attacker the
    text does not identify with no code, though the noun ("un homme", ``stranger``
    cues) takes the state of the place as a victim or a detainee would.
    """
    ref = args.actor_ref(m)
    if s.event_type in _HARM and m.text.lower() in s.lexicon.cue("stranger"):
        return replace(ref, code=None)
    return ref


# ------------------------------------------------------ target from context
@dataclass(frozen=True, slots=True)
class TargetContext:
    """What the context steps read to fill an empty target."""

    tok: Word
    head: Word
    index: args.MentionIndex
    memory: ArticleMemory
    lexicon: Lexicon
    event_type: str
    source: tuple[ActorRef, ...]
    # The codes of the source's actors.
    own: frozenset[str | None]


def reprisal_target(c: TargetContext) -> tuple[ActorRef, ...]:
    """Aim a reprisal at whoever last acted against its source.

    "the EU adopted sanctions against Russia, and Moscow promised
    retaliation": the ``reprisal`` cue on the trigger or its object.
    """
    cues = c.lexicon.cue("reprisal")
    tok = c.tok
    words = [tok, *(t for ch in tok.children if ch.dep_ in args.OBJECT for t in ch.subtree)]
    if not c.own or not any(t.lemma_.lower() in cues or t.lower_ in cues for t in words):
        return ()
    return next(
        (
            s
            for s, t in reversed(c.memory.acts)
            if c.own & {x.code for x in t} and not c.own & {x.code for x in s}
        ),
        (),
    )


def proposer_target(c: TargetContext) -> tuple[ActorRef, ...]:
    """Aim an answer (AGREE, REJECT, CONCEDE) at whoever made the proposal or demand.

    "rejeté la proposition … présentée par l'Égypte": the agent of a
    participle in the clause, wherever the parser hung it.
    """
    if c.event_type not in ANSWERS:
        return ()
    return unique(
        args.actor_ref(m)
        for m in args.clause_agents(c.head, c.index, c.lexicon.grammar)
        if (m.country or m.actor_id) not in c.own
    )


def relative_clause_target(c: TargetContext) -> tuple[ActorRef, ...]:
    """Aim the act at whom its object's relative clause names: "l'interdiction qui visait X"."""
    taken = {s.start for s in c.source}
    return unique(
        args.actor_ref(m)
        for obj in args.object_heads(c.tok if c.tok.pos_ == "VERB" else c.head, c.lexicon.grammar)
        for m in args.relative_mentions(obj, c.index, c.lexicon.grammar)
        if m.start not in taken
    )


def demand_target(c: TargetContext) -> tuple[ActorRef, ...]:
    """Aim a protest at whom its demand addresses: "calling for independence from Iraq"."""
    if c.event_type != "PROTEST":
        return ()
    taken = {s.start for s in c.source}
    demands = args.demand_mentions(c.head if c.head is not c.tok else c.tok, c.index)
    return unique(args.actor_ref(m) for m in demands if m.start not in taken)


def place_target(c: TargetContext) -> tuple[ActorRef, ...]:
    """Aim the act at the state or place it is located in, when it is not the source's own.

    "Serbia lifted a curfew in Montenegro", "envoyer des instructeurs en
    Estonie" (``locative`` cues). Meetings are excepted: where two sides
    meet says nothing of whom they meet. A protest is aimed at the place it
    is held in, even its own, and so is a coercive measure at the place it is
    imposed on: "the government declared a state of siege in Haiti" is
    aimed at Haiti. A civilian source ("un suspect", "des casseurs", coded
    by the country they are in) is no state acting abroad: the place it
    attacks in its own country is still the target.
    """
    if c.event_type == "CONSULT" or len(c.source) >= 2:
        return ()
    own = frozenset(s.code for s in c.source if s.sector != "CVL")
    locative = c.lexicon.cue("locative")
    placed = args.placed_mentions(_phrase_head(c), c.index, locative)
    if not placed and c.event_type == "ASSAULT":
        # "A Russian airstrike in Kyiv, Ukraine, kills one person": the attack
        # that is the subject says where, and what, it struck.
        subject, passive = args.subject_of(c.head)
        if subject is not None and not passive and _names_an_attack(subject, c.lexicon):
            placed = args.placed_mentions(subject, c.index, locative)
    return unique(
        args.actor_ref(m)
        for m in placed
        if m.kind in ("country", "capital", "other")
        and (c.event_type in AIMED_AT_OWN_PLACE or (m.country or m.actor_id) not in own)
    )


def justice_target(c: TargetContext) -> tuple[ActorRef, ...]:
    """Give the person a state's police or court acts on the country of that state.

    "A district court in Osaka, Japan, sentences Kenji Tanaka", "Malaysian
    authorities arrested taxi driver Ahmad Bin Salleh": the knowledge base
    does not know the person, but the codebook (3.3) codes whoever state
    justice acts on by the country and what they are. Only a name (proper
    nouns no mention covers) that is the object, or the passive subject, of
    an act of state justice whose source is one state's police, court or
    (for an arrest) authorities.
    """
    wanted = JUSTICE_SECTORS.get(c.event_type)
    states = {s.code for s in c.source if s.sector in (wanted or ())}
    if len(states) != 1 or len(c.source) != 1:
        return ()
    code = states.pop()
    verb = c.tok if c.tok.pos_ == "VERB" else c.head
    # Direct objects only: "on Monday", "in Paris" are no one acted on.
    heads = [child for child in verb.children if child.dep_ in ("dobj", "obj")]
    subject, passive = args.subject_of(verb)
    if passive and subject is not None:
        heads.append(subject)
    for head in heads:
        name = _unknown_name(head, c.index)
        if name is not None:
            start, end = name
            text = c.index.text[start:end]
            return (ActorRef(text, code, start, end, sector=None, how="stated"),)
    return ()


def _unknown_name(head: Word, index: args.MentionIndex) -> tuple[int, int] | None:
    """Return the character span of the proper name ``head`` ends, if no mention covers it."""
    if head.pos_ != "PROPN" or index.get(head) is not None:
        return None
    words = [
        head,
        *(c for c in head.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"),
    ]
    if any(index.get(w) is not None for w in words):
        return None
    first = min(words, key=lambda w: w.i)
    return first.idx, head.idx + len(head.text)


def _phrase_head(c: TargetContext) -> Word:
    # "a state of siege in Haiti", "l'état de siège en Haïti": the place hangs on
    # the noun the trigger completes, not on the trigger.
    tok = c.tok
    complements = c.lexicon.grammar.complement_cases
    if c.head is tok and tok.pos_ == "NOUN" and args.case_of(tok) in complements:
        noun = tok.head.head if tok.dep_ == "pobj" else tok.head
        if noun.pos_ == "NOUN" and noun is not tok:
            return noun
    return c.head


TargetStep = Callable[[TargetContext], tuple[ActorRef, ...]]

TARGET_STEPS: tuple[TargetStep, ...] = (
    reprisal_target,
    proposer_target,
    relative_clause_target,
    demand_target,
    justice_target,
    place_target,
)
"""The context steps, in order: the first that finds a target decides."""


def complete_target(
    tok: Word,
    *,
    event_type: str,
    source: tuple[ActorRef, ...],
    target: tuple[ActorRef, ...],
    condition_actor: ActorRef | None,
    index: args.MentionIndex,
    memory: ArticleMemory,
    lexicon: Lexicon,
    inherited: bool,
) -> tuple[ActorRef, ...]:
    """Complete the target from what surrounds the trigger, when the parse gave none.

    A threat is aimed at whoever must meet its condition ("… if Brussels
    persisted, the spokesman warned"), whatever else it targets; a target
    still empty goes through :data:`TARGET_STEPS`. The sides are remembered
    for later reprisals.
    """
    own = frozenset(s.code for s in source)
    if (
        event_type == "THREATEN"
        and condition_actor is not None
        and condition_actor.code not in own
        and all(t.code != condition_actor.code for t in target)
    ):
        target = (condition_actor, *target)
    if target or inherited:
        memory.acts.append((source, target))
        return target
    context = TargetContext(tok, clause_head(tok), index, memory, lexicon, event_type, source, own)
    found: tuple[ActorRef, ...] = ()
    for step in TARGET_STEPS:
        found = step(context)
        if found:
            break
    memory.acts.append((source, found))
    return found


def _names_a_place(mention: Mention, index: args.MentionIndex, lexicon: Lexicon) -> bool:
    """Tell whether a mention only qualifies a place noun ("frontières russes")."""
    toks = [i for i, m in index.by_token.items() if m is mention]
    if not toks:
        return False
    governor = index.doc[toks[0]].head
    place = lexicon.cue("place")
    return governor.lemma_.lower() in place or governor.lower_ in place


def _place_struck(mention: Mention, s: SideSearch) -> bool:
    """Tell whether ``mention`` names the place an attack or a siege is aimed at.

    "Les rebelles du M23 ont attaqué la ville de Goma": the town, the
    trigger's own object, is the patient, and stands for its state even when
    the attackers are of that state (codebook 7.4), unlike "près des
    frontières russes", which only says where.
    """
    if s.event_type not in _STRIKES_PLACES:
        return False
    toks = s.index.tokens_of(mention)
    if not toks:
        return False
    noun = s.index.doc[toks[0]].head
    return noun.dep_ in ("obj", "dobj") and noun.head.i in (s.tok.i, s.head.i)


def found_elsewhere(refs: tuple[ActorRef, ...], sent: Sent, how: ActorHow) -> tuple[ActorRef, ...]:
    """Mark the references that lie outside ``sent`` as found by ``how``.

    A side the sentence names keeps what :func:`veille.events.arguments.actor_ref`
    said of it; one read in an earlier sentence came through a word that
    refers back (``coreference``: "elle", "the minister", "les deux pays",
    even when the antecedent's own country came from context) or through the
    article alone (``context``: sides carried over, the actor a reprisal
    answers).
    """
    return tuple(
        ref if sent.start_char <= ref.start < sent.end_char else replace(ref, how=how)
        for ref in refs
    )


def unique(refs: Iterable[ActorRef]) -> tuple[ActorRef, ...]:
    """Keep the first reference to each actor code ("la Russie … ministère russe" is one side)."""
    out: list[ActorRef] = []
    for ref in refs:
        if ref.code is None or all(ref.code != r.code for r in out):
            out.append(ref)
    return tuple(out)
