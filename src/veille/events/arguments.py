"""Who did it and to whom: source and target actors of a trigger, read from the parse.

Works on the labels of both spaCy schemes in use: Universal Dependencies
(French: ``nsubj``, ``nsubj:pass``, ``obl:agent``, ``obj``, ``nmod``) and
ClearNLP (English: ``nsubjpass``, ``agent``, ``dobj``, ``prep``/``pobj``,
``poss``). Mentions come from the actor resolver; this module only decides
which of them fill which side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from veille.records import ActorRef, Mention

SUBJECT = {"nsubj", "csubj"}
PASSIVE_SUBJECT = {"nsubjpass", "nsubj:pass", "csubjpass"}
AGENT = {"agent", "obl:agent"}
OBJECT = {"dobj", "obj", "dative", "iobj", "attr", "oprd", "obl:arg", "acomp"}
OBLIQUE = {"prep", "obl", "obl:mod", "nmod", "pobj"}
NOMINAL_AGENT = {"poss", "nmod:poss", "compound", "amod", "nmod", "flat", "appos"}
CLAUSAL = {"relcl", "acl:relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "xcomp"}
TARGET_CASES = {
    "to",
    "with",
    "against",
    "on",
    "at",
    "toward",
    "towards",
    "into",
    "from",
    "over",
    "à",
    "au",
    "aux",
    "avec",
    "contre",
    "envers",
    "vers",
    "auprès",
    "sur",
    "de",
    "des",
    "du",
    "quant",
}
RECIPIENT_CASES = frozenset(
    {"à", "au", "aux", "to", "with", "against", "avec", "contre", "on", "sur"}
)
AGENT_CASES = {"of", "de", "des", "du", "d’", "d'", "by", "par", "from", "entre", "between"}
JOINERS = {"et", "and", ",", "de", "la", "le", "l’", "l'", "du", "the", "des"}
CLIMB = {"xcomp", "advcl", "conj", "ccomp", "acl", "parataxis"}


def doc_text(doc: Doc) -> str:
    """Return ``doc.text``, computed once per Doc.

    spaCy rebuilds ``Doc.text`` from every token on each access; the coder
    reads it per sentence and per argument, which made coding quadratic in
    article length. The text never changes once parsed, so it is kept in the
    Doc's own ``user_data``.
    """
    cached = doc.user_data.get("veille.text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["veille.text"] = cached
    return cached


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Mentions looked up by token: which mention (if any) covers each token."""

    by_token: dict[int, Mention]
    text: str | None = None
    doc: Doc | None = None

    @classmethod
    def build(cls, sent: SpacySpan | Iterable[Token], mentions: Sequence[Mention]) -> MentionIndex:
        """Index ``mentions`` over the tokens of ``sent`` by character overlap."""
        by_token: dict[int, Mention] = {}
        text: str | None = None
        doc: Doc | None = None
        for tok in sent:
            if doc is None:
                doc = tok.doc
                text = doc_text(doc)
            for m in mentions:
                if m.start < tok.idx + len(tok.text) and tok.idx < m.end:
                    by_token[tok.i] = m
                    break
        return cls(by_token, text, doc)

    def get(self, tok: Token) -> Mention | None:
        """Return the mention covering ``tok``."""
        return self.by_token.get(tok.i)


def actor_ref(m: Mention) -> ActorRef:
    """Make an event side from a mention, coded by its country when it has one.

    States, persons and demonyms carry their state; an armed group or a state
    force (Hezbollah, the PLA) carries its country too (gold conventions), and
    an organisation or bloc without one is coded by its own id (NATO, WEST).
    """
    code = m.country or m.actor_id
    return ActorRef(
        text=m.text, code=code, start=m.start, end=m.end, sector=m.sectors[0] if m.sectors else None
    )


def mentions_under(
    head: Token,
    index: MentionIndex,
    skip_clauses: bool = True,
    stop_cases: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Mentions nearest to ``head`` in its subtree: the shallowest, with their conjuncts.

    Depth counts dependency steps, conjunction steps free, so "la Russie et la
    Biélorussie" gives both while "officials of X in Y" keeps X before Y.
    """
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
            stack.append((child, depth if child.dep_ in ("conj", "cc") else depth + 1))
    if not found:
        return []
    best = min(d for d, _ in found)
    out: list[Mention] = []
    for depth, m in sorted(found, key=lambda x: x[1].start):
        if depth == best and m not in out:
            out.append(m)
    # A misattached conjunct ("de la Russie et de la Biélorussie" hung on another
    # noun) still pairs with the mention written just before "et"/"and".
    text = doc_text(head.doc)
    for _, m in found:
        if m in out:
            continue
        for chosen in list(out):
            gap = text[m.end : chosen.start].lower().split()
            if gap and set(gap) <= JOINERS and gap[0] in ("et", "and", ","):
                out.append(m)
    return sorted(out, key=lambda m: m.start)


def _adjectival(tok: Token) -> bool:
    return tok.dep_ in ("acl", "amod") and "Part" in tok.morph.get("VerbForm", [])


def case_of(tok: Token) -> str:
    """Return the preposition (case marker) that introduces ``tok``, lower case, or ""."""
    return _case(tok)


def _case(tok: Token) -> str:
    for child in tok.children:
        if child.dep_ in ("case", "mark") or (child.dep_ == "prep" and child.pos_ == "ADP"):
            return child.lower_
    if tok.dep_ == "pobj":
        return tok.head.lower_
    return ""


def subject_of(head: Token) -> tuple[Token | None, bool]:
    """Return the subject of ``head``'s clause and whether it is a passive subject.

    Climbs through infinitive complements, adverbial and coordinated clauses
    ("agreed to share", "pointant du doigt") to the clause that has one.
    """
    tok: Token | None = head
    for _ in range(4):
        if tok is None:
            break
        for child in tok.children:
            if child.dep_ in SUBJECT:
                return child, False
            if child.dep_ in PASSIVE_SUBJECT:
                return child, True
        if tok.dep_ in CLIMB and tok.head is not tok:
            tok = tok.head
        else:
            break
    return None, False


def agent_of(head: Token) -> Token | None:
    """Return the "by X" / "par X" agent of a passive clause."""
    for child in head.children:
        if child.dep_ in AGENT:
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            return pobj[0] if pobj else child
    # The French models often label the agent a plain oblique: "frappé par deux drones".
    for child in head.children:
        if child.dep_ in ("obl", "obl:mod", "nmod") and _case(child) == "par":
            return child
    return None


def with_coordinated(found: list[Mention], index: MentionIndex) -> list[Mention]:
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
            if gap and set(gap) <= JOINERS and gap[0] in ("et", "and") and len(gap) <= 3:
                out.append(right if left in out else left)
                changed = True
    return sorted(out, key=lambda m: m.start)


def _gap_words(left: Mention, right: Mention, index: MentionIndex) -> list[str] | None:
    full_text = index.text
    if full_text is None or right.start < left.end:
        return None
    between = full_text[left.end : right.start].lower().replace(",", " , ")
    return between.split()


def object_heads(head: Token) -> list[Token]:
    """Objects and target-like obliques of a verbal trigger."""
    out: list[Token] = []
    for child in head.children:
        if child.dep_ in OBJECT:
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in TARGET_CASES:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("obl", "obl:mod", "nmod") and _case(child) in TARGET_CASES:
            out.append(child)
    return out


def nominal_agents(noun: Token) -> list[Token]:
    """Dependents of a nominal trigger that name who acts: "NATO's", "de l'OTAN", "Russian"."""
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ in ("poss", "nmod:poss", "compound", "amod") or (
            child.dep_ == "nmod" and _case(child) in AGENT_CASES
        ):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in AGENT_CASES:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def linear_targets(trigger: Token, sent: SpacySpan, index: MentionIndex) -> list[Mention]:
    """Fallback when the parse attaches a dative badly: mentions right after "à/aux/to" later on."""
    out: list[Mention] = []
    for tok in sent:
        if tok.i <= trigger.i:
            continue
        m = index.get(tok)
        if m is None or m in out:
            continue
        window = sent.doc[max(sent.start, tok.i - 4) : tok.i]
        if any(t.lower_ in ("à", "aux", "au", "to") for t in window) and not any(
            index.get(t) is not None and index.get(t) is not m for t in window
        ):
            out.append(m)
    return out
