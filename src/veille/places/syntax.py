"""Dependency-tree helpers shared by the place resolver, the event locator and salience.

Both read spaCy's parse in the two schemes our pipelines use: Universal
Dependencies (French: ``case`` children on nouns, ``obl``/``nmod``) and
ClearNLP (English: ``prep`` heads with ``pobj`` children).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from veille.places.lexicon import PlaceLexicon

# Arcs that open a clause of its own below its head.
CLAUSAL = frozenset(
    {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "xcomp", "csubj", "parataxis", "conj"}
)
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj"})
_FUNCTION_PREPS = frozenset({"of", "de", "d'", "d’", "du", "des"})
# How many nouns ("the town of", "le nord de") may stand between a name and its preposition.
_MAX_CLIMB = 4


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
    """Return the subject of a clause head, if the parse gives one.

    A verb joined to an earlier one without a subject of its own shares that
    verb's ("François Hollande, en visite à Romorantin, a exprimé … et salué …").
    """
    cur = head
    for _ in range(_MAX_CLIMB):
        subject = next((c for c in cur.children if c.dep_ in SUBJECTS), None)
        if subject is not None or cur.dep_ != "conj" or cur.head.i == cur.i:
            return subject
        cur = cur.head
    return None


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


def locative_governor(tok: Token, lexicon: PlaceLexicon) -> tuple[str, Token] | None:
    """Return the locative preposition a place hangs on, and what its phrase is attached to.

    Climbs from the name through "of"/"de" phrases headed by a feature noun of
    the lexicon and through appositions ("the town of Samarra", "le nord de
    l'Irak", "East Timor's capital Dili") to the preposition. "Aux portes de la
    Russie" stops at "portes", which is no feature: the gates of a country
    are outside it.
    """
    locative = lexicon.get("locative")
    motion = lexicon.get("motion")
    features = lexicon.get("feature")
    cur = tok
    for _ in range(_MAX_CLIMB):
        # Universal Dependencies (French): the preposition is a "case" child of the noun.
        cases = [c for c in cur.children if c.dep_ == "case"]
        for case in cases:
            word = case.lower_
            if word in locative or (word in ("à", "au", "aux") and cur.head.lemma_ in motion):
                return word, (_conj_head(cur.head) if cur.dep_ == "conj" else cur.head)
        if cases and cases[0].lower_ in _FUNCTION_PREPS:  # "de", "of"
            if cur.head.lower_ in locative:
                # "près de Manama": the parser hangs the name on the adverb "près".
                return cur.head.lower_, cur.head.head
            adverb = next((c for c in cur.children if c.dep_ == "advmod" and c.i < cur.i), None)
            if adverb is not None and adverb.lower_ in locative:
                # "près d'une colonie": or it hangs the adverb on the noun.
                return adverb.lower_, cur.head
            if cur.dep_ in ("nmod", "obl") and cur.head.lemma_.lower() in features:
                cur = cur.head  # "le nord de l'Irak": climb to "nord"
                continue
        # ClearNLP (English): the noun is the "pobj" of a "prep" head.
        if cur.dep_ == "pobj":
            prep = cur.head
            word = prep.lower_
            attached = _conj_head(prep) if prep.dep_ == "conj" else prep.head
            if word in locative or (word == "to" and attached.lemma_ in motion):
                return word, attached
            if word in _FUNCTION_PREPS and prep.head.lemma_.lower() in features:
                cur = prep.head  # "the town of Samarra": climb to "town"
                continue
            return None
        if cur.dep_ in ("appos", "compound", "poss", "flat", "flat:name", "amod", "nmod:poss"):
            cur = cur.head
            continue
        if not cases and _hyphen_glued(cur):
            # "centre-ville", cut in three by the French tokenizer and parsed any way:
            # read the compound from its first half ("dans le centre").
            cur = cur.doc[cur.i - 2]
            continue
        return None
    return None


def attacked_head(tok: Token, lexicon: PlaceLexicon) -> Token | None:
    """Return the word a place is the patient of, when its phrase is an object or an "against".

    "a bombardé Kharkiv", "l'offensive contre Mossoul", "captured the town of
    Idlib", "an attack against Aleppo": the place attacked is where the attack
    happened (codebook 8.8). Climbs from the name as ``locative_governor``
    does, through "of"/"de" phrases headed by a feature noun and through
    appositions, then takes the object's verb or the head of the phrase an
    ``against`` preposition of the lexicon opens.
    """
    against = lexicon.get("against")
    features = lexicon.get("feature")
    cur = tok
    for _ in range(_MAX_CLIMB):
        cases = [c for c in cur.children if c.dep_ == "case"]
        # The French parser sometimes reads a bare object name as an oblique
        # with no preposition ("ont bombardé Alep samedi"): no preposition, an object.
        if cur.dep_ in ("obj", "dobj") or (cur.dep_.startswith("obl") and not cases):
            return cur.head
        if any(case.lower_ in against for case in cases):
            return cur.head
        if cur.dep_ == "pobj":
            prep = cur.head
            if prep.lower_ in against:
                return prep.head
            if prep.lower_ in _FUNCTION_PREPS and prep.head.lemma_.lower() in features:
                cur = prep.head  # "the town of Idlib": climb to "town"
                continue
            return None
        if cases and cases[0].lower_ in _FUNCTION_PREPS and cur.dep_ in ("nmod", "obl"):
            if cur.head.lemma_.lower() in features:
                cur = cur.head  # "la ville d'Alep": climb to "ville"
                continue
            return None
        if cur.dep_ in ("appos", "flat", "flat:name", "compound"):
            cur = cur.head
            continue
        return None
    return None


def _hyphen_glued(tok: Token) -> bool:
    """Tell whether ``tok`` is the second half of a hyphenated noun the parser cut in two."""
    doc = tok.doc
    return (
        tok.i >= 2
        and doc[tok.i - 1].text == "-"
        and doc[tok.i - 2].pos_ == "NOUN"
        and not doc[tok.i - 2].whitespace_
        and not doc[tok.i - 1].whitespace_
    )


def _conj_head(tok: Token) -> Token:
    """Follow "near X and in Y" back: the second preposition attaches where the first does."""
    cur = tok
    for _ in range(_MAX_CLIMB):
        if cur.dep_ != "conj":
            break
        cur = cur.head
    return cur.head if cur.dep_ in ("prep", "case") else cur
