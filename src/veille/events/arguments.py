"""Who did it and to whom: source and target actors of a trigger, read from the parse.

Works on the labels of both spaCy schemes in use: Universal Dependencies
(French: ``nsubj``, ``nsubj:pass``, ``obl:agent``, ``obj``, ``nmod``) and
ClearNLP (English: ``nsubjpass``, ``agent``, ``dobj``, ``prep``/``pobj``,
``poss``). Mentions come from the actor resolver; this module only decides
which of them fill which side. The function words it reads (prepositions,
coordinators, possessives) are the language's :class:`~veille.events.lexicon.Grammar`
(``data/lexicon/<language>/grammar.tsv``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from veille.events.lexicon import Grammar
from veille.events.parsed import ParsedDoc, Sent, Word
from veille.records import ActorRef, Mention

SUBJECT = {"nsubj", "csubj"}
PASSIVE_SUBJECT = {"nsubjpass", "nsubj:pass", "csubjpass"}
AGENT = {"agent", "obl:agent"}
OBJECT = {"dobj", "obj", "dative", "iobj", "attr", "oprd", "obl:arg", "acomp"}
OBLIQUE = {"prep", "obl", "obl:mod", "nmod", "pobj"}
NOMINAL_AGENT = {"poss", "nmod:poss", "compound", "amod", "nmod", "flat", "appos"}
CLAUSAL = {"relcl", "acl:relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "xcomp"}
# Arcs of a relative clause to the noun it describes ("the ban which targeted X").
RELATIVE_ARCS = frozenset({"relcl", "acl:relcl"})
# Arcs of a clause that describes a noun: relative clauses, and the French parser's
# plain "acl" for them ("X, qui a été tué") and for participles.
DESCRIBING_ARCS = RELATIVE_ARCS | {"acl"}
# Arcs from a reported clause to the verb that reports it ("declared that …").
REPORTED = frozenset({"ccomp", "parataxis"})
CLIMB = {"xcomp", "advcl", "conj", "ccomp", "acl", "parataxis"}
# A subject pronoun written after its verb: the hyphen it is written with, the arcs the
# parser gives it besides a subject's, and the pronouns that can stand so.
INVERSION_HYPHENS = "-\u2011"
_CLITIC_ARCS = frozenset({"dep", "flat:name", "expl:subj"})
_INVERTED_SUBJECTS = frozenset({"il", "elle", "ils", "elles", "on"})


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Mentions looked up by token: which mention (if any) covers each token."""

    by_token: dict[int, Mention]
    doc: ParsedDoc

    @property
    def text(self) -> str:
        """The article's text."""
        return self.doc.text

    @classmethod
    def build(cls, sent: Sent, mentions: Sequence[Mention]) -> MentionIndex:
        """Index ``mentions`` over the tokens of ``sent`` by character overlap.

        A token two mentions overlap goes to the one listed first.
        """
        by_token: dict[int, Mention] = {}
        doc = sent.doc
        starts = doc.starts
        words = doc.words
        for m in mentions:
            # From the last token starting at or before the mention to the last
            # starting inside it, within the sentence.
            first = max(sent.start, bisect_right(starts, m.start, sent.start, sent.end) - 1)
            for i in range(first, bisect_left(starts, m.end, first, sent.end)):
                tok = words[i]
                if m.start < tok.idx + len(tok.text) and tok.idx < m.end:
                    by_token.setdefault(i, m)
        return cls(by_token, doc)

    def get(self, tok: Word) -> Mention | None:
        """Return the mention covering ``tok``."""
        return self.by_token.get(tok.i)

    def without(self, dropped: Iterable[Mention]) -> MentionIndex:
        """Return a copy of the index that no longer knows the ``dropped`` mentions."""
        gone = {id(m) for m in dropped}
        kept = {i: m for i, m in self.by_token.items() if id(m) not in gone}
        return MentionIndex(kept, self.doc)

    def tokens_of(self, mention: Mention) -> list[int]:
        """Return the indices of the tokens ``mention`` covers, in order."""
        return sorted(i for i, m in self.by_token.items() if m is mention)


def actor_ref(m: Mention) -> ActorRef:
    """Make an event side from a mention, coded by its country when it has one.

    States, persons and demonyms carry their state; an armed group or a state
    force (Hezbollah, the PLA) carries its country too (gold conventions), and
    an organisation or bloc without one is coded by its own id (NATO, WEST).
    The reference is ``stated`` unless the mention's country came from the
    article rather than its sentence; the coder marks the references it
    took from other sentences (:func:`veille.events.sources.with_how`).
    """
    code = m.country or m.actor_id
    return ActorRef(
        text=m.text,
        code=code,
        start=m.start,
        end=m.end,
        sector=m.sectors[0] if m.sectors else None,
        how="context" if m.country_from_context else "stated",
    )


def mentions_under(
    head: Word,
    index: MentionIndex,
    grammar: Grammar,
    skip_clauses: bool = True,
    stop_cases: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Mentions nearest to ``head`` in its subtree: the shallowest, with their conjuncts.

    Depth counts dependency steps, conjunction steps free, so "la Russie et la
    Biélorussie" gives both while "officials of X in Y" keeps X before Y.
    """
    speaker_cases = grammar.speaker_cases
    found: list[tuple[int, Mention]] = []
    stack = [(head, 0)]
    seen: set[int] = set()
    while stack:
        tok, depth = stack.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        m = index.get(tok)
        if m is not None:
            found.append((depth, m))
        for child in tok.children:
            if skip_clauses and child.dep_ in CLAUSAL and not _adjectival(child):
                continue
            if stop_cases and (_case(child) in stop_cases or child.lower_ in stop_cases):
                continue
            if _case(child) in speaker_cases or child.lower_ in speaker_cases:
                continue  # "Selon Paris, l'UE …": the speaker is no part of the subject
            stack.append((child, depth if child.dep_ in ("conj", "cc") else depth + 1))
    if not found:
        return []
    best = min(d for d, _ in found)
    out: list[Mention] = []
    for depth, m in sorted(found, key=lambda x: x[1].start):
        if depth == best and m not in out:
            out.append(m)
    # A misattached conjunct ("de la Russie et de la Biélorussie" hung on another
    # noun) still pairs with the mention written next to it across "et"/"and";
    # a role's own state ("ministères de la Défense | de la Russie") stands for
    # the role, so what is coordinated with that state joins too.
    text = head.doc.text
    changed = True
    while changed:
        changed = False
        for _, m in found:
            if m in out:
                continue
            if any(_joined(chosen, m, text, grammar) for chosen in out):
                out.append(m)
                changed = True
    return sorted(out, key=lambda m: m.start)


def _joined(chosen: Mention, m: Mention, text: str, grammar: Grammar) -> bool:
    """Tell whether ``m`` is coordinated with ``chosen`` or is the state a role names."""
    if m.start >= chosen.end:
        gap = text[chosen.end : m.start].lower().replace(",", " , ").split()
        if not gap or not set(gap) <= grammar.joiners:
            return False
        if not grammar.coordinators.isdisjoint(gap):
            return True
        own = chosen.kind == "role" and m.kind in ("country", "capital")
        return own and (chosen.country or chosen.actor_id) == (m.country or m.actor_id)
    gap = text[m.end : chosen.start].lower().replace(",", " , ").split()
    return (
        bool(gap)
        and set(gap) <= grammar.joiners
        and (gap[0] in grammar.coordinators or gap[0] == ",")
    )


def _adjectival(tok: Word) -> bool:
    return tok.dep_ in ("acl", "amod") and "Part" in tok.morph.get("VerbForm", [])


def case_of(tok: Word) -> str:
    """Return the preposition (case marker) that introduces ``tok``, lower case, or ""."""
    return _case(tok)


def introducing_case(tok: Word) -> str:
    """Return the preposition that introduces ``tok`` itself ("of" for "of some forces").

    Unlike :func:`case_of`, an English object of a preposition answers with
    that preposition, never with one of its own dependents ("forces from …").
    """
    if tok.dep_ == "pobj":
        return tok.head.lower_
    return _case(tok)


def _case(tok: Word) -> str:
    for child in tok.children:
        if child.dep_ in ("case", "mark") or (child.dep_ == "prep" and child.pos_ == "ADP"):
            return child.lower_
    if tok.dep_ == "pobj":
        return tok.head.lower_
    return ""


def subject_of(head: Word) -> tuple[Word | None, bool]:
    """Return the subject of ``head``'s clause and whether it is a passive subject.

    Climbs through infinitive complements, adverbial and coordinated clauses
    ("agreed to share", "pointant du doigt") to the clause that has one. The
    participle of a verbless headline has the noun it hangs on as its passive
    subject ("Six soldats tués à Gao", :func:`headline_participle`).
    """
    if headline_participle(head):
        return head.head, True
    tok: Word | None = head
    for _ in range(4):
        if tok is None:
            break
        # "« … », fustige-t-il", "Aussi menacent-ils de …": a subject pronoun written
        # after its verb is the subject, whatever noun of a quote the parser also
        # made one; the euphonic "-t-" between them is none.
        inverted = _inverted_subject(tok)
        if inverted is not None:
            return inverted, False
        for child in tok.children:
            if child.dep_ in SUBJECT and child.text[:1] not in INVERSION_HYPHENS:
                return child, False
            if child.dep_ in PASSIVE_SUBJECT:
                return child, _passive(tok)
        if tok.dep_ in CLIMB and tok.head is not tok:
            tok = tok.head
        else:
            break
    return None, False


def inverted_clitic(tok: Word) -> bool:
    """Tell whether ``tok`` is a subject pronoun written after its verb ("-ils" in "menacent-ils").

    The parser may hang it on the verb as a subject or a bare dependent, or on the
    euphonic "-t" of "menace-t-elle"; that "-t" itself is no subject.
    """
    return (
        tok.pos_ == "PRON"
        and len(tok.text) > 2
        and tok.text[0] in INVERSION_HYPHENS
        and tok.dep_ in SUBJECT | _CLITIC_ARCS
        and tok.lower_.lstrip(INVERSION_HYPHENS) in _INVERTED_SUBJECTS
    )


def _inverted_subject(verb: Word) -> Word | None:
    """Return the subject pronoun written after ``verb`` ("a-t-il", "menacent-ils"), if any."""
    for child in verb.children:
        if inverted_clitic(child):
            return child
        if child.text[:1] in INVERSION_HYPHENS and child.lower_.strip(INVERSION_HYPHENS) == "t":
            found = next((c for c in child.children if inverted_clitic(c)), None)
            if found is not None:
                return found
    return None


def co_subjects(subject: Word) -> list[Word]:
    """Return the other subjects the parser hung on ``subject``'s verb beside it.

    "Le président de la Commission, le premier ministre burkinabè ainsi que
    le président français ont condamné": a long coordinated subject is often
    split into two subjects of one verb, each with its own conjuncts.
    """
    head = subject.head
    if head is subject:
        return []
    return [
        c
        for c in head.children
        if c.dep_ == subject.dep_ and c is not subject and not _opened_by_preposition(c)
    ]


def _opened_by_preposition(noun: Word) -> bool:
    """Tell whether a noun the parser made a subject is opened by a preposition.

    "Une attaque contre Kharkiv a fait dix morts": the French parser sometimes
    hangs "contre Kharkiv" on the verb as a second subject. A subject has no
    preposition; "de" is left out, as it opens quantities ("plus de 30
    personnes").
    """
    return any(
        c.dep_ == "case" and c.i < noun.i and c.lower_ not in ("de", "d'", "d’", "du", "des")
        for c in noun.children
    )


def headline_participle(verb: Word) -> bool:
    """Tell whether ``verb`` is the past participle that a verbless headline reports.

    A headline drops the auxiliary of its passive ("Six soldats tués à Gao",
    "l'ancienne présidente arrêtée"): the parser hangs the participle on the
    noun at the root as if it described it. In a sentence with a finite verb
    the main clause is that verb's, and such a participle is a description
    ("les soldats tués hier ont été enterrés").
    """
    if verb.dep_ != "acl" or verb.morph.get("VerbForm", []) != ["Part"]:
        return False
    if verb.morph.get("Tense", []) != ["Past"]:
        return False
    noun = verb.head
    if noun is verb or noun.dep_ != "ROOT" or noun.pos_ not in ("NOUN", "PROPN"):
        return False
    return not any("Fin" in w.morph.get("VerbForm", []) for w in verb.sent)


def has_passive_aux(verb: Word) -> bool:
    """Tell whether a verb has a passive auxiliary ("a été", "was")."""
    return any(c.dep_ in ("aux:pass", "auxpass") for c in verb.children)


def _passive(verb: Word) -> bool:
    """Tell whether a verb labelled with a passive subject really is passive.

    The French model labels some active subjects ``nsubj:pass`` ("Israël a
    rejeté"): a passive has a passive auxiliary ("a été", "was") or an agent.
    """
    if has_passive_aux(verb) or any(c.dep_ in AGENT for c in verb.children):
        return True
    # A bare participle ("soldiers killed in the attack") is passive by itself.
    participle = "Part" in verb.morph.get("VerbForm", []) or verb.tag_ == "VBN"
    return participle and not any(c.dep_.startswith("aux") for c in verb.children)


def agent_of(head: Word, grammar: Grammar) -> Word | None:
    """Return the "by X" / "par X" agent of a passive clause."""
    for child in head.children:
        if child.dep_ in AGENT:
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            return pobj[0] if pobj else child
    # The French models often label the agent a plain oblique: "frappé par deux drones".
    for child in head.children:
        if child.dep_ in ("obl", "obl:mod", "nmod") and _case(child) in grammar.agent_markers:
            return child
    return None


def with_coordinated(found: list[Mention], index: MentionIndex, grammar: Grammar) -> list[Mention]:
    """Add the mentions coordinated with ``found`` in the text ("Moscou et Minsk").

    The parser often splits a coordinated subject ("Moscou | et Minsk ont
    signé"); the text between two mentions ("et", ", la", "and the") says
    they are one side whatever the tree says.
    """
    if not found:
        return found
    ordered = sorted(set(index.by_token.values()), key=lambda m: m.start)
    out = list(found)
    changed = True
    while changed:
        changed = False
        for left, right in pairwise(ordered):
            if (left in out) == (right in out):
                continue
            gap = _gap_words(left, right, index)
            # Only "et"/"and" coordinates: a comma also ends a fronted phrase
            # ("…de la Biélorussie, Belousov a dénoncé").
            if _coordinating(gap, grammar):
                out.append(right if left in out else left)
                changed = True
    for run in _comma_lists(ordered, index, grammar):
        if any(m in out for m in run):
            out += [m for m in run if m not in out]
    return sorted(out, key=lambda m: m.start)


def _coordinating(gap: list[str] | None, grammar: Grammar) -> bool:
    """Tell whether the words between two mentions coordinate them ("et la", "and the")."""
    if not gap:
        return False
    return set(gap) <= grammar.joiners and gap[0] in grammar.coordinators and len(gap) <= 3


def _comma_lists(
    ordered: list[Mention], index: MentionIndex, grammar: Grammar
) -> list[list[Mention]]:
    """Return the lists "A, B, C et D" of mentions of one kind, each as one run.

    A comma joins two states only inside a list that a coordinator closes
    ("l'Arabie saoudite, l'Égypte, le Bahreïn et la Libye ont rompu"), and
    only between names of the same kind and when no preposition introduces
    the first: a comma between a state and a person ("de la Biélorussie,
    Belousov et Lavrov ont dénoncé") or after "selon la Russie" ends a
    fronted phrase.
    """
    runs: list[list[Mention]] = []
    i = 0
    while i < len(ordered):
        run = [ordered[i]]
        while i + 1 < len(ordered):
            gap = _gap_words(ordered[i], ordered[i + 1], index)
            if not gap or gap[0] != "," or len(gap) > 2 or not set(gap) <= grammar.joiners:
                break
            run.append(ordered[i + 1])
            i += 1
        if len(run) > 1 and i + 1 < len(ordered):
            closing = _gap_words(ordered[i], ordered[i + 1], index)
            kinds = {_kind_class(m) for m in (*run, ordered[i + 1])}
            if _coordinating(closing, grammar) and len(kinds) == 1 and _bare(run[0], index):
                runs.append([*run, ordered[i + 1]])
        i += 1
    return runs


def _bare(m: Mention, index: MentionIndex) -> bool:
    """Tell whether no preposition introduces ``m`` ("Selon la Russie, la Chine et l'Inde")."""
    toks = index.tokens_of(m)
    if not toks:
        return False
    i = toks[0] - 1
    words = index.doc.words
    while i >= 0 and words[i].pos_ == "DET":
        i -= 1
    return i < 0 or words[i].pos_ != "ADP"


def _kind_class(m: Mention) -> str:
    """Return "state" for states, capitals and bodies, "person" for people and roles."""
    return "person" if m.kind in ("person", "role") else "state"


def _gap_words(left: Mention, right: Mention, index: MentionIndex) -> list[str] | None:
    if right.start < left.end:
        return None
    between = index.text[left.end : right.start].lower().replace(",", " , ")
    return between.split()


def object_heads(head: Word, grammar: Grammar) -> list[Word]:
    """Objects and target-like obliques of a verbal trigger."""
    out: list[Word] = []
    for child in head.children:
        if child.dep_ in OBJECT:
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in grammar.target_cases:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("obl", "obl:mod", "nmod") and _case(child) in grammar.target_cases:
            out.append(child)
    return out


def nominal_agents(noun: Word, grammar: Grammar) -> list[Word]:
    """Dependents of a nominal trigger that name who acts: "NATO's", "de l'OTAN", "Russian"."""
    out: list[Word] = []
    for child in noun.children:
        if child.dep_ in ("poss", "nmod:poss", "compound", "amod") or (
            child.dep_ == "nmod" and _case(child) in grammar.agent_cases
        ):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in grammar.agent_cases:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def linear_targets(
    trigger: Word, sent: Sent, index: MentionIndex, grammar: Grammar
) -> list[Mention]:
    """Fallback when the parse attaches a dative badly: mentions right after "à/aux/to" later on."""
    out: list[Mention] = []
    for tok in sent:
        if tok.i <= trigger.i:
            continue
        m = index.get(tok)
        if m is None or m in out:
            continue
        window = sent.doc[max(sent.start, tok.i - 4) : tok.i]
        if any(t.lower_ in grammar.datives for t in window) and not any(
            index.get(t) is not None and index.get(t) is not m for t in window
        ):
            out.append(m)
    return out


def in_object(tok: Word) -> bool:
    """Tell whether ``tok`` sits in the object of a verb ("killed one U.S. soldier")."""
    cur = tok
    for _ in range(3):  # the mention's word, its noun, the noun's own head noun
        if cur.dep_ in OBJECT and cur.head.pos_ in ("VERB", "AUX"):
            return True
        if cur.head is cur or cur.head.pos_ not in ("NOUN", "PROPN"):
            return False
        cur = cur.head
    return False


def placed_mentions(head: Word, index: MentionIndex, cases: frozenset[str]) -> list[Mention]:
    """Mentions in ``head``'s clause that a place preposition introduces ("in Montenegro").

    Subjects and subordinate clauses are left out: "Serbs in Croatia
    protested" places the protesters, not the act.
    """
    out: list[Mention] = []
    stack = [(head, False)]
    while stack:
        tok, placed = stack.pop()
        m = index.get(tok)
        if m is not None and placed and m not in out:
            out.append(m)
        for child in tok.children:
            if child.dep_ in SUBJECT | PASSIVE_SUBJECT:
                continue
            if child.dep_ in CLAUSAL and not _adjectival(child):
                continue
            opens = _case(child) in cases or (child.dep_ == "prep" and child.lower_ in cases)
            stack.append((child, placed or opens))
    return sorted(out, key=lambda m: m.start)


def demand_mentions(head: Word, index: MentionIndex) -> list[Mention]:
    """Mentions in the purpose or complement clauses of ``head`` ("to demand … from Iraq").

    A protest is aimed at whom it makes demands of; the demand is written in
    a clause or phrase hanging from the protest verb or noun.
    """
    out: list[Mention] = []
    for child in head.children:
        if child.dep_ in SUBJECT | PASSIVE_SUBJECT or child.dep_ in ("punct", "cc"):
            continue
        if child.dep_ in ("advcl", "xcomp", "acl", "ccomp", "prep", "obl", "nmod", "pobj"):
            out += [m for t in child.subtree if (m := index.get(t)) is not None and m not in out]
    return sorted(out, key=lambda m: m.start)


def comma_between(tok: Word, mention: Mention, index: MentionIndex) -> bool:
    """Tell whether a comma separates ``tok`` from ``mention`` in the text."""
    lo, hi = sorted((tok.idx, mention.start))
    return "," in index.text[lo:hi]


def possessed(mention: Mention, index: MentionIndex, grammar: Grammar) -> bool:
    """Tell whether a mention is written with a possessive ("its ambassador", "ses troupes")."""
    for i in index.tokens_of(mention):
        tok = index.doc[i]
        if any(
            c.lower_ in grammar.possessives
            for c in tok.children
            if c.dep_ in ("poss", "det", "nmod:poss")
        ):
            return True
    return False


def clause_agents(head: Word, index: MentionIndex, grammar: Grammar) -> list[Mention]:
    """Mentions in the "par X" / "by X" agents of participles inside ``head``'s clause.

    The verb's own agent is left out (see :func:`agent_of`); these are the
    agents of a participle further down: "la proposition présentée par
    l'Égypte", "un attentat revendiqué par les Chabab".
    """
    out: list[Mention] = []
    for tok in head.subtree:
        if tok.dep_ not in AGENT and not (
            tok.dep_ in ("obl", "obl:mod") and _case(tok) in grammar.agent_markers
        ):
            continue
        if tok.head.pos_ not in ("VERB", "AUX"):
            continue
        agent = next((c for c in tok.children if c.dep_ == "pobj"), tok)
        out += [m for m in mentions_under(agent, index, grammar) if m not in out]
    return out


def relative_mentions(obj: Word, index: MentionIndex, grammar: Grammar) -> list[Mention]:
    """Mentions in the relative clauses of ``obj`` ("l'interdiction qui visait X")."""
    out: list[Mention] = []
    for child in obj.children:
        relative = child.dep_ in RELATIVE_ARCS or (
            child.dep_ == "acl"
            and any(c.lower_ in grammar.relative_pronouns for c in child.children)
        )
        if relative:
            for comp in object_heads(child, grammar):
                out += [m for m in mentions_under(comp, index, grammar) if m not in out]
    return out
