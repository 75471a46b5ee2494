"""Small dependency-tree helpers shared by the event locator and the salience rules.

Both read spaCy's parse in the two schemes our pipelines use: Universal
Dependencies (French: ``case`` children on nouns, ``obl``/``nmod``) and
ClearNLP (English: ``prep`` heads with ``pobj`` children).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Arcs that open a clause of its own below its head.
CLAUSAL = frozenset(
    {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "xcomp", "csubj", "parataxis", "conj"}
)
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj"})


def clause_head(tok: Token) -> Token:
    """Return the verb (or root) heading the clause ``tok`` stands in."""
    cur = tok
    for _ in range(40):  # parses are trees; the bound only guards odd input
        # A verb the parser hung on a noun as an adjective ("Turkey hosted talks …"
        # read as "hosted talks") heads no clause: the noun's clause is the one.
        verb = cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("amod", "compound")
        if verb or cur.head.i == cur.i or cur.dep_ in CLAUSAL:
            return cur
        cur = cur.head
    return cur


def subject_of(head: Token) -> Token | None:
    """Return the subject of a clause head, if the parse gives one."""
    return next((c for c in head.children if c.dep_ in SUBJECTS), None)


def token_at(doc: Doc, char: int) -> Token | None:
    """Return the token that covers character offset ``char`` of ``doc.text``."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0]


def span_root(doc: Doc, start: int, end: int) -> Token | None:
    """Return the syntactic head of the tokens covering ``start``–``end``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root
