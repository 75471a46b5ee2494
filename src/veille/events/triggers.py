"""Which words of a sentence carry an event: trigger candidates, their type, mode and CAMEO code.

A word is a trigger when the language's lexicon lists its lemma (or its
form, or the infinitive the lemmatiser missed) for its part of speech, and,
for rows that ask for one, a companion word stands near it ("ouvrir" +
"feu", "open" + "fire"). :meth:`TriggerFinder.find` then keeps the triggers
that report the sentence's news:

1. drop descriptions and fragments: participles used as adjectives ("le
   partenariat renforcé"; the participle of a verbless headline is its verb,
   "Six soldats tués à Gao"), appositions and compounds, halves of hyphenated
   words ("free-trade"), capitalised words of a body's name ("the
   Organization of Islamic Cooperation"), and nouns that only name the frame of the news
   ("dans le cadre du partenariat", ``frame`` cues);
2. drop a trigger governed by another within three arcs ("threatened to cut
   off": the threat is the act);
3. keep the triggers of the shallowest clause: one in a purpose or
   complement clause ("pour réclamer", "to demand") or after a preposition of
   circumstance ("après dix jours de manifestations") is background;
4. drop a noun the parser made the root of a cut-off piece when a verb
   trigger remains ("les exercices de l'OTAN | ont mobilisé").

Before all this, a word the tagger took for a noun although it has a
subject and no copula is read as the verb it is: headlines in the present
tense ("Police arrest six", "The ministry summons the envoy") are often
tagged so, and so are French infinitives after a marker ("continue à
enquêter") (:func:`retag_verbal_nouns`); in a sentence the parser gave no
main verb (its root is a noun), a noun standing between a subject and an
object that the lexicon knows as a verb trigger is that verb ("A court in Oslo sentences
the activist", :meth:`TriggerFinder._retag_headline_verbs`). And a French verb whose compound
tenses take "être" ("sont descendus dans la rue") is read as active,
though the parser labels it passive (:func:`relabel_etre_actives`).
"""

from __future__ import annotations

from veille.events import arguments as args
from veille.events.lexicon import NO_EVENT, Lexicon, TriggerEntry
from veille.events.parsed import Sent, Word

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
# Arcs of a word that is what something is said or found to be: "were illegal"
# (acomp), "is a milestone" (attr), "called them outrageous" (oprd). These are
# the English parser's labels; French judgments reach their verb through the
# object (:meth:`TriggerFinder.match`), and widening French to the verb above
# lowered the frozen French test sentences (docs/events.md).
PREDICATE_ARCS = frozenset({"acomp", "attr", "oprd"})
# Arcs that mark a verb as passive ("is considered").
PASSIVE_ARCS = frozenset({"auxpass", "aux:pass", "nsubjpass", "nsubj:pass"})
# How many arcs up a judgment word may reach the verb that states it.
JUDGMENT_REACH = 4
# Arcs by which a reported clause hangs on the verb that reports it, or a second
# clause on the first: 'said "I will point out that it was reckless"' (ccomp),
# '"We marched, but the crackdown is too harsh," he said' (conj, then ccomp).
REPORTED_CLAUSE_ARCS = frozenset({"ccomp", "conj", "parataxis"})
# Tags of words that never trigger an event, whatever their lemma.
NEVER_TRIGGERS = frozenset({"ADP", "DET", "PRON", "CCONJ", "SCONJ", "PUNCT", "NUM"})
# Bound on the per-finder memo of lexicon look-ups (a few MiB at most).
FITTING_MEMO_SIZE = 100_000
# Arcs from a verb to its subject: a "noun" that has one is a verb the tagger missed.
SUBJECT_ARCS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
# Parts of speech that end a headline's subject and open its object.
SUBJECT_END = frozenset({"PROPN", "NOUN", "PUNCT"})
OBJECT_START = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM", "PRON"})
# Arcs from a subordinate clause to the clause it depends on.
SUBORDINATE = {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "csubj", "parataxis"}
# Arcs of a clause that a marker ("à", "de", "pour") opens under a verb or noun.
INFINITIVE_ARCS = frozenset({"xcomp", "advcl", "acl", "ccomp"})


class TriggerFinder:
    """Finds the triggers of one language's sentences from its lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        """Read triggers and cues from ``lexicon``."""
        self.lexicon = lexicon
        # The entries each (lemma, form, tag) may trigger, worked out once: most
        # words of an article are common words met in every other sentence.
        self._fitting: dict[tuple[str, str, str], tuple[TriggerEntry, ...]] = {}

    def match(self, tok: Word) -> TriggerEntry | None:
        """Return the lexicon entry that makes ``tok`` a trigger, if any.

        A row that names companion words ("feu" for "ouvrir") wins when one of
        them stands near the word; otherwise the first row without any. A
        winning row of type ``NONE`` ("accuser" + "baisse") means no trigger.
        """
        if tok.pos_ in NEVER_TRIGGERS:
            return None
        fitting = self._fitting_entries(tok.lemma_, tok.lower_, tok.pos_)
        if not fitting:
            return None
        if any(e.with_lemmas for e in fitting):
            near = _neighbourhood(tok)
            # The words it governs or hangs on, also as the lemma the lemmatiser
            # missed: "estime inacceptable" (kept as "estime") is "estimer"; a
            # word hung on the object reaches the object's verb ("trouve la
            # procédure illégale").
            linked = [tok.head, *tok.children]
            if tok.dep_ in ("amod", "nmod") and tok.head.dep_ in ("obj", "dobj"):
                linked.append(tok.head.head)
            # A judgment word reaches the verb that states the judgment: "said the
            # sanctions were illegal", "called the strikes a provocation",
            # "described the move as reckless".
            linked.extend(_judging_verbs(tok))
            for word in linked:
                near.update(self._lemmas(word.lemma_, word.lower_, word.pos_))
            with_ok = [e for e in fitting if e.with_lemmas and e.with_lemmas & near]
            if with_ok:
                # A sense that is no event ("accuser une baisse") makes no trigger.
                return None if with_ok[0].event_type == NO_EVENT else with_ok[0]
        bare = [e for e in fitting if not e.with_lemmas]
        return bare[0] if bare else None

    def find(self, sent: Sent) -> list[tuple[Word, TriggerEntry]]:
        """Return the triggers that carry the news of ``sent``, in text order (steps 1–4 above)."""
        grammar = self.lexicon.grammar
        retag_verbal_nouns(sent, grammar.infinitive_endings)
        self._retag_headline_verbs(sent)
        relabel_etre_actives(sent, grammar.etre_verbs)
        found = [
            (tok, e)
            for tok in sent
            if (e := self.match(tok)) is not None
            # A participle used as an adjective ("le partenariat renforcé") is a
            # description, not an event; the participle of a verbless headline
            # ("Six soldats tués à Gao") is its verb, unless its noun is the event.
            and not (
                tok.dep_ in ("acl", "amod")
                and "Part" in tok.morph.get("VerbForm", [])
                and not (args.headline_participle(tok) and self.match(tok.head) is None)
            )
            and tok.dep_ not in ("appos", "compound")
            # Part of a hyphenated word ("free-trade", "libre-échange") is no verb.
            and not _hyphenated(tok)
            and not _in_proper_name(tok, sent)
            and not self._frames(tok)
        ]
        positions = {tok.i: entry for tok, entry in found}
        # A verb of travel whose subject is itself an act ("l'aide de la France
        # est arrivée à Gaza", "des renforts sont arrivés") tells where that act
        # went: the noun carries the event, the verb is no visit.
        travel = self.lexicon.cue("travel")
        found = [
            (tok, e)
            for tok, e in found
            if not (
                e.event_type == "CONSULT"
                and tok.lemma_.lower() in travel
                and any(c.dep_ in SUBJECT_ARCS and c.i in positions for c in tok.children)
            )
        ]
        positions = {tok.i: entry for tok, entry in found}
        circumstance = self.lexicon.cue("circumstance")
        kept = []
        for tok, entry in found:
            governed = False
            cur = tok
            for _ in range(3):  # a governing trigger up to three arcs above
                if cur.dep_ not in GOVERNS or cur.head is cur:
                    break
                cur = cur.head
                if cur.i in positions:
                    governed = not _inquiry_of_arrest(tok, entry, positions[cur.i], circumstance)
                    break
            if not governed:
                kept.append((tok, entry))
        # A sentence is coded for what it reports: a trigger in a subordinate
        # clause ("pour réclamer", "to demand", "qu'elle répondrait à tout
        # exercice") is background when a trigger stands in a shallower clause.
        depths = [clause_depth(tok, circumstance) for tok, _ in kept]
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

    def _retag_headline_verbs(self, sent: Sent) -> None:
        """Read as a verb the lexicon's verb that the parser made a noun in a verbless sentence.

        Headlines in the present tense ("Security forces in Juba arrest
        three journalists", "A court in Oslo sentences the activist to four
        years") are often parsed with no main verb: the verb becomes a
        compound of the names around it. When the sentence's root is not a
        verb, a noun that the lexicon knows as a verb trigger, written after
        the end of a subject (a name, a noun, a comma) and before the start
        of an object, is that verb (only in the coder's copy of the parse).
        The language's ``headline_noun_tag`` rows (``grammar.tsv``) name the
        tags such a verb gets ("NN" for "arrest", "NNS" for "sentences");
        a language that lists none has no such step.
        """
        words = sent.doc.words
        tags = self.lexicon.grammar.headline_noun_tags  # a language without them: no step
        if not tags or any(tok.dep_ == "ROOT" and tok.pos_ in ("VERB", "AUX") for tok in sent):
            return
        for tok in sent:
            if tok.pos_ != "NOUN" or tok.i <= sent.start or tok.i + 1 >= sent.end:
                continue
            if tok.tag_.lower() not in tags:
                continue
            if (
                words[tok.i - 1].pos_ not in SUBJECT_END
                or words[tok.i + 1].pos_ not in OBJECT_START
            ):
                continue
            if self._fitting_entries(tok.lemma_, tok.lower_, "VERB"):
                # The parser's arc ("compound") is wrong too; "dep" says it is unknown.
                tok.pos_, tok.dep_ = "VERB", "dep"
                return  # one verb per headline

    def _fitting_entries(self, lemma: str, lower: str, pos: str) -> tuple[TriggerEntry, ...]:
        """Return the entries a word may trigger, memoised (most words recur)."""
        key = (lemma, lower, pos)
        fitting = self._fitting.get(key)
        if fitting is None:
            if len(self._fitting) > FITTING_MEMO_SIZE:
                self._fitting.clear()
            fitting = self._fitting[key] = self._entries_for(*key)
        return fitting

    def _entries_for(self, lemma: str, lower: str, pos: str) -> tuple[TriggerEntry, ...]:
        """Return the lexicon entries a word with this lemma, form and tag may trigger."""
        entries: tuple[TriggerEntry, ...] = ()
        for key in self._lemmas(lemma, lower, pos):
            entries += self.lexicon.triggers.get(key, ())
        short = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N"}.get(pos, "*")
        # An adjective may be a participle the tagger missed ("gelé"), so it takes
        # the verb rows; an adverb is no form of a verb ("travel back", "back in
        # 1986" are not "to back" anyone). A participle differs from its verb's
        # bare form ("freed", "gelé"), so an adjective that is the bare form
        # itself is no form of it: "a free trade agreement", "feel free to
        # write", "is welcome to come" free and welcome no one.
        verb_form = short == "*" and pos != "ADV"
        return tuple(
            e
            for e in entries
            if e.pos in (short, "*") or (verb_form and e.pos == "V" and e.lemma != lower)
        )

    def _lemmas(self, lemma: str, lower: str, pos: str) -> list[str]:
        """Return the lemma, the word and the lemma the lemmatiser may have missed.

        The first of the language's lemma guesses (``lemmas.tsv``) that fits the
        tag and the lemma's ending adds its lemma: the French models keep
        "demande" (VERB) and "gelé" (ADJ) as they are, the -er infinitive is
        the regular guess for both.
        """
        out = list(dict.fromkeys((lemma.lower(), lower)))
        word = out[0]
        for guess in self.lexicon.lemma_guesses:
            if pos in guess.tags and word.endswith(guess.ending):
                out.append(word[: len(word) - len(guess.ending)] + guess.replacement)
                break
        return out

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


def retag_verbal_nouns(sent: Sent, infinitive_endings: frozenset[str] = frozenset()) -> None:
    """Read as a verb every "noun" of ``sent`` that has a subject and no copula.

    "Mexican police arrest six suspects", "The ministry summons the envoy":
    the tagger often takes a headline's present-tense verb for a noun, yet
    the parser gives it a subject, which only a verb (or a predicate noun
    after a copula, "X is a threat") has. So is a "noun" that a marker
    opens as a clause and that ends as an infinitive of the language does
    (``infinitive_endings``, ``grammar.tsv``): "la police continue à
    enquêter". The word is retagged in the coder's own copy of the parse,
    so that every later step reads a verb.
    """
    for tok in sent:
        if tok.pos_ != "NOUN" or not tok.children:
            continue
        deps = {child.dep_ for child in tok.children}
        if "cop" in deps:
            continue  # a predicate noun: "X est une menace", "c'était un acte"
        if deps & SUBJECT_ARCS or _opens_infinitive(tok, deps, infinitive_endings):
            tok.pos_ = "VERB"


def relabel_etre_actives(sent: Sent, etre_verbs: frozenset[str]) -> None:
    """Read as active a verb whose compound tense takes "être": "sont descendus dans la rue".

    The French parser labels the auxiliary of such a verb ``aux:pass`` and its
    subject ``nsubj:pass``, so the protesters who "sont descendus dans les
    rues" would undergo their own protest. A verb of ``etre_verbs``
    (``grammar.tsv``) with no agent, whose auxiliary is a finite "être" (a
    true passive has the participle "été": "a été descendu"), has its labels
    made active in the coder's own copy of the parse.
    """
    if not etre_verbs:
        return
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in etre_verbs:
            continue
        deps = [child.dep_ for child in tok.children]
        if any(dep in ("obl:agent", "agent") for dep in deps):
            continue
        auxiliaries = [child for child in tok.children if child.dep_ == "aux:pass"]
        if not auxiliaries or any("Part" in a.morph.get("VerbForm", []) for a in auxiliaries):
            continue
        for child in tok.children:
            if child.dep_ == "aux:pass":
                child.dep_ = "aux:tense"
            elif child.dep_ == "nsubj:pass":
                child.dep_ = "nsubj"


def _opens_infinitive(tok: Word, deps: set[str], infinitive_endings: frozenset[str]) -> bool:
    """Tell whether the "noun" ``tok`` is an infinitive that a marker opens as a clause.

    "La police continue à enquêter", "Le juge a décidé d'enquêter": a
    marker opens a clause, whose head is a verb (the parser sometimes labels
    the marker of a complement "case"); the word must end as an infinitive of
    the language does, so nouns after "que" stay nouns.
    """
    marked = "mark" in deps or (tok.dep_ == "xcomp" and "case" in deps)
    return (
        marked
        and tok.dep_ in INFINITIVE_ARCS
        and bool(infinitive_endings)
        and tok.lower_.endswith(tuple(infinitive_endings))
    )


def _judging_verbs(tok: Word) -> list[Word]:
    """Return the verbs that may state ``tok`` as a judgment, when ``tok`` is a predicate word.

    An adjective or noun that is what something is said, called or found to
    be hangs on that verb through a copula, an object or "as" ("said the
    sanctions were illegal": illegal → were → said; "described the move as
    reckless": reckless → as → move → described). The first verb above it
    within ``JUDGMENT_REACH`` arcs comes first; when that verb's clause is
    itself reported by another verb (``REPORTED_CLAUSE_ARCS``), the verbs
    above it follow, still within the reach: in 'said "I will point out
    that the report was reckless"' and in '"We marched, but the crackdown
    is too harsh," he said' the judging verb is "said", above "point" and
    "marched". Empty for any other word, and from the first passive on ("is
    considered illegal" states a rule or a label, not the judgment of the
    sentence's actor).
    """
    if tok.pos_ not in ("ADJ", "NOUN") or not _predicate(tok):
        return []
    verbs: list[Word] = []
    cur = tok
    for _ in range(JUDGMENT_REACH):
        if cur.head.i == cur.i:
            break
        if verbs and cur.dep_ not in REPORTED_CLAUSE_ARCS:
            break  # above the first verb, only a clause that is reported or joined
        cur = cur.head
        if cur.pos_ != "VERB":
            continue
        if any(c.dep_ in PASSIVE_ARCS for c in cur.children):
            break
        verbs.append(cur)
    return verbs


def _predicate(tok: Word) -> bool:
    """Tell whether ``tok`` is what something is said, called or found to be.

    A predicate arc, an adjective hung on a preposition ("described the move
    as reckless"), or the second of two predicates ("illegal and
    unacceptable").
    """
    if tok.dep_ in PREDICATE_ARCS:
        return True
    if tok.dep_ == "amod":
        return tok.head.pos_ == "ADP"
    return tok.dep_ == "conj" and tok.head.i != tok.i and _predicate(tok.head)


def _neighbourhood(tok: Word) -> set[str]:
    """Return the lemmas and forms near ``tok``: its head, children, grandchildren, neighbours.

    A noun object also has its verb's subject near it: the one who acts; so
    does a verb that shares the subject of the verb it is joined to.
    """
    near = {tok.head.lemma_.lower(), tok.head.lower_}
    # English hangs a noun on its preposition: the words the phrase hangs on are
    # near it too ("declares a state of emergency", "orders him into detention").
    if tok.dep_ == "pobj":
        above = tok.head.head
        near |= {above.lemma_.lower(), above.lower_, above.head.lemma_.lower()}
    # Who does the act named by a verb's object is its subject ("teachers began a strike").
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("obj", "dobj"):
        for sibling in tok.head.children:
            if sibling.dep_ in SUBJECT_ARCS:
                near |= {sibling.lemma_.lower(), sibling.lower_}
    # A verb joined to an earlier one with no subject of its own shares that
    # verb's subject: "police arrested and questioned the student".
    if (
        tok.pos_ == "VERB"
        and tok.dep_ == "conj"
        and tok.head.pos_ == "VERB"
        and not any(c.dep_ in SUBJECT_ARCS for c in tok.children)
    ):
        for sibling in tok.head.children:
            if sibling.dep_ in SUBJECT_ARCS:
                near |= {sibling.lemma_.lower(), sibling.lower_}
    for child in tok.children:
        near |= {child.lemma_.lower(), child.lower_}
        for grand in child.children:
            near |= {grand.lemma_.lower(), grand.lower_}
            # A preposition of two words ("pulled out of the accord"), an "as"
            # behind the object ("designates X as a terrorist group") or the "of"
            # of an amount ("700 kg of medicine", "some of its borders"): its noun
            # is near too. Not any phrase of the object ("threats of attacks").
            if grand.dep_ == "prep" and (
                child.pos_ == "ADP" or grand.lower_ == "as" or _partitive(child, grand)
            ):
                for noun in grand.children:
                    if noun.dep_ == "pobj":
                        near |= {noun.lemma_.lower(), noun.lower_}
    for word in tok.doc.words[max(0, tok.i - 2) : tok.i + 4]:
        near |= {word.lemma_.lower(), word.lower_}
    return near


def _inquiry_of_arrest(
    tok: Word, entry: TriggerEntry, governor: TriggerEntry, circumstance: frozenset[str]
) -> bool:
    """Tell whether ``tok`` names the inquiry an arrest is made in ("detained in an investigation").

    An arrest and the investigation it serves are two acts of justice
    (codebook 3.3), not an act and its content as "threatened to cut off" is:
    the noun of inquiry is kept beside the coercion that governs it. An
    inquiry the arrest came after ("after a year-long investigation") is
    background and stays governed.
    """
    case = tok.head.lower_ if tok.dep_ == "pobj" else args.case_of(tok)
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and entry.event_type == "ACCUSE"
        and entry.mode == "investigate"
        and governor.event_type == "COERCE"
        and case not in circumstance
    )


def _partitive(word: Word, prep: Word) -> bool:
    """Tell whether ``prep`` is the "of" of an amount or a part: "700 kg of", "some of"."""
    if prep.lower_ != "of":
        return False
    return word.pos_ in ("NUM", "DET", "PRON") or any(c.dep_ == "nummod" for c in word.children)


def clause_depth(tok: Word, circumstance: frozenset[str]) -> int:
    """Count the subordinate-clause arcs between a trigger and the sentence root.

    A noun trigger that a preposition of ``circumstance`` introduces ("après
    dix jours de manifestations", "despite hours of negotiations") counts one
    more: it is background, not the news.
    """
    depth = 0
    if tok.pos_ in ("NOUN", "PROPN"):
        cur = tok
        while cur.pos_ in ("NOUN", "PROPN") and cur.head.i != cur.i:
            case = cur.head.lower_ if cur.dep_ == "pobj" else args.case_of(cur)
            if case in circumstance:
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


# Prepositions that join the words of one proper name ("Organization of Islamic
# Cooperation", "Organization for Security and Co-operation in Europe").
NAME_PREPOSITIONS = frozenset({"of", "for", "on"})


def _in_proper_name(tok: Word, sent: Sent) -> bool:
    """Tell whether the noun ``tok`` is a word of a proper name, not an act.

    "the Organization of Islamic Cooperation", "the Commission of Inquiry",
    "the Conference on Disarmament": a capitalised noun that completes, through
    "of", "for" or "on" (and perhaps a coordination), a capitalised proper
    noun is part of that body's name. Names written as compounds ("the Gulf
    Cooperation Council") are already dropped as compounds. Only in a sentence
    written in ordinary case: in a headline in title case ("Wave of Protests
    Hits Capital") every word is capitalised and the test says nothing.
    """
    if tok.pos_ not in ("NOUN", "PROPN") or not tok.text[:1].isupper():
        return False
    words = list(sent)
    if not words or tok.i == words[0].i:
        return False
    ordinary = any(
        w.pos_ in ("NOUN", "VERB") and w.text[:1].islower() and w.text.isalpha() for w in words
    )
    if not ordinary:
        return False
    cur = tok
    for _ in range(6):  # a coordination of a few words at most
        if cur.dep_ == "conj" and cur.head.text[:1].isupper():
            cur = cur.head
            continue
        if cur.dep_ != "pobj" or cur.head.lower_ not in NAME_PREPOSITIONS:
            return False
        owner = cur.head.head
        return owner.pos_ == "PROPN" and owner.text[:1].isupper()
    return False


def _hyphenated(tok: Word) -> bool:
    """Tell whether ``tok`` is part of a hyphenated word ("free-trade", "libre-échange")."""
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[tok.i - 1] if tok.i > 0 else None
    joined_after = after is not None and not tok.whitespace_ and after.text in ("-", "‐")
    joined_before = before is not None and not before.whitespace_ and before.text in ("-", "‐")
    return joined_after or joined_before or ("-" in tok.text and tok.pos_ != "NOUN")
