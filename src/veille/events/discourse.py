"""What lies beyond an event's own clause: who said it, on what condition, how firmly, where.

- **Sections**: nothing is coded in boilerplate, related links or bylines;
  the publisher's commentary ("Analyse :") is coded and marked with its
  section kind, so that a reader can tell it from reported news.
- **Article memory**: what earlier sentences named — the last coordinated
  pair of states ("les deux pays"), the last person ("le ministre", "il"),
  the sides of the last events (for reprisals and "cette rencontre").
- **Reported speech**: the speaker of an event (a reporting verb's subject,
  "selon X", "according to X").
- **Conditions and modality**: the condition clause an event depends on
  and who must meet it; a future or possible act tied to a condition is a
  promise (AGREE) or a threat (THREATEN); without one it keeps its type
  and is hypothetical, even when its actor announces it.

The parse-level readers these decisions rest on (condition clauses,
reporting verbs, modal auxiliaries) are in :mod:`veille.events.clauses`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veille.events import arguments as args
from veille.events.clauses import ConditionClause, speaker_of
from veille.events.lexicon import Grammar, Lexicon
from veille.events.parsed import Sent, Word
from veille.records import (
    ActorRef,
    Article,
    Attribution,
    Condition,
    Mention,
    Mode,
    SectionKind,
)

# Mentions that name a state, or a person or body of one, for "the two countries".
_STATE_KINDS = frozenset({"country", "capital", "demonym", "person", "role"})
# Mentions that name a town: a capital, a town the gazetteer placed.
_PLACE_KINDS = frozenset({"capital", "other"})
# Words of a name after its first ("Tayyip Erdogan" in "Recep Tayyip Erdogan").
_NAME_PARTS = frozenset({"flat", "flat:name", "flat:foreign", "fixed", "compound"})
# Sections whose text is not news: nothing is coded there.
SKIPPED_SECTIONS = {"boilerplate", "related-links", "byline"}
# What a promise (cooperation) or a threat (conflict) of each type is about.
COOPERATIVE_MATERIAL = {"AID", "COOPERATE", "RETREAT", "CONCEDE", "CONSULT", "SUPPORT"}
CONFLICT_MATERIAL = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE"}
# Acts that are statements: their source speaks them.
SPEECH_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE"}

Sides = tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]


@dataclass(slots=True)
class ArticleMemory:
    """What earlier sentences of the article said, for "les deux pays" and "le ministre"."""

    pair: tuple[Mention, ...] = ()
    last_person: Mention | None = None
    last_sides: Sides = ((), ())
    by_type: dict[str, Sides] = field(default_factory=dict)
    persons: dict[int, Mention] = field(default_factory=dict)
    # Sides of every event coded so far, in text order (for reprisals).
    acts: list[Sides] = field(default_factory=list)
    # Where the gazetteer's towns stand in the text (mentions of their state, no actor).
    towns: frozenset[int] = frozenset()
    # The resolved subject of the last main clause that had one, and the gender and
    # number of its head word: what a subject pronoun opening the next clause
    # refers back to ("La Russie a signé le traité. Elle l'a ratifié mardi.").
    subject: tuple[Mention, ...] = ()
    subject_agreement: tuple[str, str] = ("", "")
    # The last two states named, of different codes, the later last: whom "the two
    # countries" means when no coordinated pair was written ("Ghana's minister held
    # talks with the Togolese president. The two agreed …").
    states: tuple[Mention, ...] = ()
    # The nouns of the last sentence, in text order, each with the gender and number
    # of its word and the mention it belongs to (None: no actor): what "ce dernier"
    # or "celle-ci" opening the next sentence refers back to.
    nouns: tuple[tuple[tuple[str, str], Mention | None], ...] = ()
    # The first token after that sentence (where the current sentence's nouns begin).
    nouns_end: int = 0
    # The last town named (a capital, a town of the gazetteer): what "la ville"
    # refers back to.
    place: Mention | None = None
    # An act of harm (an attack, a threat) was coded in an earlier sentence or earlier in
    # this one: a person hurt after it may be its victim, not one of private crime.
    harm_told: bool = False

    def checkpoint(self) -> tuple[Sides, dict[str, Sides], int]:
        """Return what coding one event may change, for :meth:`restore`."""
        return self.last_sides, dict(self.by_type), len(self.acts)

    def restore(self, saved: tuple[Sides, dict[str, Sides], int]) -> None:
        """Forget what was remembered since :meth:`checkpoint` (a trigger found no event)."""
        self.last_sides, self.by_type, acts = saved
        del self.acts[acts:]


# ------------------------------------------------------------------ sections
def section_kind(article: Article, char: int) -> SectionKind:
    """Return the kind of the article section holding character ``char`` ("body" outside any)."""
    for section in article.sections:
        if section.start <= char < section.end:
            return section.kind
    return "body"


# ------------------------------------------------------------ article memory
def remember(
    sent: Sent,
    index: args.MentionIndex,
    mentions: list[Mention],
    memory: ArticleMemory,
    grammar: Grammar | None = None,
) -> None:
    """Keep what ``sent`` names for later sentences: its persons, main subject and a pair.

    The main clause's subject is kept only with ``grammar`` (the caller's
    language's function words, to find the mentions under it).
    """
    if grammar is not None:
        _remember_subject(sent, index, memory, grammar)
    memory.nouns = tuple((_agreement(w), _noun_mention(w, index)) for w in sent if _names_noun(w))
    memory.nouns_end = sent.end
    for m in mentions:
        if m.kind in ("person", "role"):
            memory.last_person = m
            memory.persons[m.start] = m
        if m.kind in _PLACE_KINDS and m.country is not None:
            memory.place = m
        if m.kind in _STATE_KINDS and m.country is not None:
            kept = tuple(n for n in memory.states if n.country != m.country)
            memory.states = (*kept, m)[-2:]
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
            memory.pair = (first, conj)


def _remember_subject(
    sent: Sent, index: args.MentionIndex, memory: ArticleMemory, grammar: Grammar
) -> None:
    """Keep the subject of ``sent``'s main clause, for a subject pronoun after it.

    A pronoun subject carries the earlier antecedent on ("Elle … Elle …"); a
    subject no mention covers ("Le texte prévoit …") clears it, since a
    pronoun after it most likely refers to that subject.
    """
    root = next((w for w in sent if w.head is w), None)
    if root is None:
        return
    subject, _ = args.subject_of(root)
    if subject is None or subject.pos_ == "PRON":
        return
    if subject.pos_ == "ADJ" and any(c.dep_ == "det" for c in subject.children):
        return  # "Ce dernier …" refers back like a pronoun: what hangs on it is no subject
    memory.subject = tuple(args.mentions_under(subject, index, grammar))
    memory.subject_agreement = _agreement(subject)


def _names_noun(word: Word) -> bool:
    """Tell whether ``word`` heads a noun phrase ("Erdogan" in "Recep Tayyip Erdogan" does not)."""
    return word.pos_ in ("NOUN", "PROPN") and word.dep_ not in _NAME_PARTS


def _noun_mention(word: Word, index: args.MentionIndex) -> Mention | None:
    """Return the mention a noun belongs to, or the one its adjective names ("rebelles syriens")."""
    found = index.get(word)
    if found is not None:
        return found
    return next(
        (m for c in word.children if c.dep_ == "amod" and (m := index.get(c)) is not None), None
    )


def latter_referents(
    head: Word, index: args.MentionIndex, memory: ArticleMemory, lexicon: Lexicon
) -> list[Mention] | None:
    """Return what "ce dernier" / "celle-ci" refers back to, or None for any other phrase.

    Such a phrase stands for the noun named last before it, of its gender and
    number: in its own sentence, else in the sentence before. That noun is an
    actor or not; when it is not ("ses chauffeurs. Ces derniers …"), nothing
    is found, rather than an actor named earlier. The pronoun's gender is not
    read (the parser often gets it wrong), only its number.
    """
    if head.lower_ in lexicon.cue("latter"):
        if not any(c.dep_ == "det" and "Dem" in c.morph.get("PronType") for c in head.children):
            return None
        wanted = _agreement(head)
    else:
        rest = head.doc.text[head.idx : head.idx + 12].lower()
        if not any(rest.startswith(p) for p in lexicon.cue("latter_pronoun")):
            return None
        wanted = ("", _agreement(head)[1])
    words = head.doc.words[max(memory.nouns_end, head.sent.start) : head.i]
    before = [(_agreement(w), _noun_mention(w, index)) for w in words if _names_noun(w)]
    for agreement, mention in reversed((*memory.nouns, *before)):
        if all(not a or not b or a == b for a, b in zip(wanted, agreement, strict=True)):
            return [mention] if mention is not None else []
    return []


def _place_referent(
    head: Word, index: args.MentionIndex, memory: ArticleMemory, lexicon: Lexicon
) -> Mention | None:
    """Return the town "la ville" / "la capitale" refers back to, if ``head`` is such a noun.

    A bare town noun with a definite or demonstrative article (``place_anaphor``
    cues) stands for the last town named before it, in its sentence or an
    earlier one: "L'armée a encerclé Mossoul. Elle tente de reprendre la ville"
    (Iraq). A noun with its own complement or adjective ("la ville de Gao",
    "la ville voisine") names another place. "Le pays" is not read so: it is
    as often the article's main state as the last one named.
    """
    if head.pos_ != "NOUN" or head.lemma_.lower() not in lexicon.cue("place_anaphor"):
        return None
    if any(c.dep_ not in ("det", "case", "punct") for c in head.children):
        return None
    if not any(
        c.dep_ == "det" and {"Def", "Dem"} & {*c.morph.get("Definite"), *c.morph.get("PronType")}
        for c in head.children
    ):
        return None
    before = [
        m
        for i in range(max(memory.nouns_end, head.sent.start), head.i)
        if (m := index.by_token.get(i)) is not None and m.kind in _PLACE_KINDS and m.country
    ]
    return before[-1] if before else memory.place


def _agreement(word: Word) -> tuple[str, str]:
    """Return the gender and number of a noun phrase's head ("" when not known).

    Coordinated nouns ("la Russie et la Chine") are plural, of either gender.
    """
    if any(c.dep_ == "conj" for c in word.children):
        return "", "Plur"
    gender, number = word.morph.get("Gender"), word.morph.get("Number")
    return (gender[0] if gender else ""), (number[0] if number else "")


def _agrees(pronoun: Word, agreement: tuple[str, str]) -> bool:
    """Tell whether a pronoun's gender and number fit an antecedent's (unknown fits)."""
    mine = _agreement(pronoun)
    return all(not a or not b or a == b for a, b in zip(mine, agreement, strict=True))


def _opens_main_clause(pronoun: Word) -> bool:
    """Tell whether a pronoun is the subject of its sentence's main verb (or its conjunct).

    "Elle a ratifié l'accord" continues the last sentence's subject; "a dit
    qu'elle riposterait" refers to the subject of its own sentence.
    """
    verb = pronoun.head
    if verb.text[:1] in args.INVERSION_HYPHENS and verb.head is not verb:
        verb = verb.head  # "menace-t-elle": the parser may hang the pronoun on the "-t"
    if verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.head is verb


def referents(
    head: Word | None,
    index: args.MentionIndex,
    memory: ArticleMemory,
    lexicon: Lexicon,
    stop_cases: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Return the mentions the phrase of ``head`` names, or those it refers back to.

    The mentions in the phrase first; else "les deux pays" / "both sides"
    (``pair`` cues) is the last coordinated pair, "il" / "she" (``pronoun``)
    and "le ministre" (``role``) the last person named; else a pronoun is the
    subject of the clause above ("the minister said he would …").
    """
    if head is None:
        return []
    # "Ce dernier, acculé dans le nord de la Syrie, …": the phrase refers back to
    # the last noun, whatever the words hung on it name.
    latter = latter_referents(head, index, memory, lexicon)
    if latter is not None:
        return latter
    place = _place_referent(head, index, memory, lexicon)
    if place is not None:
        return [place]
    found = args.mentions_under(head, index, lexicon.grammar, stop_cases=stop_cases)
    if found:
        return found
    antecedent = relative_antecedent(head, lexicon)
    if antecedent is not None:
        # "le Hamas, qui a attaqué", "the sanctions which the EU imposed": the
        # pronoun stands for the noun its clause describes.
        return referents(antecedent, index, memory, lexicon, stop_cases)
    phrase = " ".join(t.lower_ for t in head.subtree)
    # "the two countries", "both sides"; "the two" only alone ("the two women" is no pair).
    if any(p in phrase for p in lexicon.cue("pair")) or phrase in lexicon.cue("pair_alone"):
        pair = memory.pair or (memory.states if len(memory.states) == 2 else ())
        if pair:
            return list(pair)
    if (
        memory.subject
        and head.pos_ == "PRON"
        and _pronoun(head) in lexicon.cue("subject_pronoun")
        and (head.dep_ in args.SUBJECT | args.PASSIVE_SUBJECT or args.inverted_clitic(head))
        and _opens_main_clause(head)
        and _agrees(head, memory.subject_agreement)
    ):
        # "La Russie a signé. Elle a ratifié": the last main subject of that
        # gender and number, before the last person named.
        return list(memory.subject)
    if head.pos_ == "PRON" and memory.last_person and _pronoun(head) in lexicon.cue("pronoun"):
        if head.dep_ in args.SUBJECT | args.PASSIVE_SUBJECT or args.inverted_clitic(head):
            return [memory.last_person]
        return _other_than_subject(head, index, memory, lexicon)
    if head.pos_ == "PRON" or head.lemma_.lower() in lexicon.cue("role"):
        # "il", "they", "le ministre": the last person named, or the speaker above.
        if head.lemma_.lower() in lexicon.cue("role") and memory.last_person:
            return [memory.last_person]
        outer, _ = args.subject_of(head.head.head) if head.head.dep_ != "ROOT" else (None, False)
        if outer is not None:
            return args.mentions_under(outer, index, lexicon.grammar)
    return []


def relative_antecedent(head: Word, lexicon: Lexicon) -> Word | None:
    """Return the noun a relative pronoun stands for, or None when ``head`` is none.

    "qui" / "que" / "who" / "which" / "that" opening a relative clause
    ("les rebelles qui ont attaqué", "the ban which the EU imposed") is the
    noun the clause hangs on.
    """
    if head.pos_ != "PRON" or head.lower_ not in lexicon.grammar.relative_pronouns:
        return None
    clause = head.head
    if clause.dep_ not in args.RELATIVE_ARCS or clause.head is clause:
        return None
    return clause.head


def _pronoun(word: Word) -> str:
    """Return a pronoun's form without the hyphen of inversion ("-ils" in "menacent-ils": "ils")."""
    return word.lower_.lstrip(args.INVERSION_HYPHENS)


def _other_than_subject(
    pronoun: Word, index: args.MentionIndex, memory: ArticleMemory, lexicon: Lexicon
) -> list[Mention]:
    """Return the last person named before whom an object pronoun refers to.

    An object pronoun never stands for the subject of its own clause: in
    "Scholz lui a demandé …" after "Macron a reçu Scholz", "lui" is Macron.
    The last person named who is not the subject's person is taken.
    """
    subject, _ = args.subject_of(pronoun.head)
    own = (
        {m.actor_id for m in args.mentions_under(subject, index, lexicon.grammar) if m.actor_id}
        if subject is not None
        else set()
    )
    for m in sorted(memory.persons.values(), key=lambda m: m.start, reverse=True):
        if m.actor_id is None or m.actor_id not in own:
            return [m]
    return []


# ------------------------------------------------------------ reported speech
def in_speaker_phrase(tok: Word, lexicon: Lexicon) -> bool:
    """Tell whether ``tok`` names the speaker of a "selon X" / "according to X" phrase.

    A comma closes the phrase: in "Selon Bruxelles, l'UE et le Japon
    pourraient…" the parser may hang "l'UE" on "Bruxelles", yet it is the
    subject of the reported clause.
    """
    cur = tok
    for _ in range(3):
        for child in cur.children:
            if child.lower_ in lexicon.cue("according"):
                lo, hi = sorted((child.i, tok.i))
                return not any(t.text == "," for t in tok.doc[lo:hi])
        if cur.head is cur:
            break
        cur = cur.head
    return False


def attribution(
    tok: Word,
    *,
    sent: Sent,
    index: args.MentionIndex,
    memory: ArticleMemory,
    event_type: str,
    source: tuple[ActorRef, ...],
    lexicon: Lexicon,
) -> Attribution | None:
    """Return who the text says reported the event, with the reporting verb.

    The speaker of a reporting verb or a "selon X" phrase, as its mention
    when it has one; else, for a statement (``SPEECH_TYPES``) whose source is
    a person, that person.
    """
    speaker = speaker_of(tok, sent, lexicon)
    if speaker is not None:
        found = referents(speaker.token, index, memory, lexicon)
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
        persons = [m for m in memory.persons.values() if m.start == first.start]
        if persons:
            return Attribution(first.text, persons[0].actor_id, first.start, first.end, None)
    return None


# ------------------------------------------------------ conditions, modality
def condition_of(
    tok: Word, conditions: list[ConditionClause], index: args.MentionIndex
) -> tuple[Condition | None, ActorRef | None]:
    """Return the condition an event depends on and the first actor named in it.

    The condition clause after the trigger, else the sentence's first one
    ("Si Bruxelles persistait, Pékin riposterait").
    """
    conditions = [c for c in conditions if not _conditions_another_act(c, tok)]
    cond = next((c for c in conditions if c.first > tok.i), conditions[0] if conditions else None)
    if cond is None:
        return None, None
    actor = next(
        (
            args.actor_ref(index.by_token[i])
            for i in range(cond.first, cond.last + 1)
            if i in index.by_token
        ),
        None,
    )
    condition = Condition(
        cond.span.text, cond.span.start, cond.span.end, actor.code if actor else None
    )
    return condition, actor


def _conditions_another_act(cond: ConditionClause, tok: Word) -> bool:
    """Tell whether a condition clause hangs on a participle that is not the trigger's.

    "The ban takes effect, with women facing a fine if they wear it": the
    condition is that of the fine the participle tells, not of the ban.
    """
    doc = tok.doc
    inside = range(cond.first, cond.last + 1)
    roots = [doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head.i == i]
    if not roots:
        return False
    cur = roots[0]
    for _ in range(40):  # parses are trees; the bound only guards odd input
        if cur.head is cur:
            return False
        cur = cur.head
        if cur is tok or cur.is_ancestor(tok):
            return False
        participle = cur.tag_ == "VBG" or cur.morph.get("VerbForm", []) == ["Ger"]
        if cur.pos_ == "VERB" and participle:
            return True
    return False


def stated_type(event_type: str, stated: Mode, *, committed: bool) -> str:
    """Return the type of an act stated ahead of time by its actor or tied to a condition.

    A future or possible act keeps its type and is hypothetical (codebook:
    "will send", "will impose sanctions", "retirera ses troupes"), even
    when its actor announces it itself, unless the actor ties it to a
    condition (``committed``): then the statement is the act, a promise of
    cooperation (AGREE) or a threat of material conflict (THREATEN), as
    PLOVER codes it. "La Russie livrera des armes si …" is AGREE.
    """
    if stated in ("announced", "possible") and committed:
        if event_type in COOPERATIVE_MATERIAL:
            return "AGREE"
        if event_type in CONFLICT_MATERIAL:
            return "THREATEN"
    return event_type


def is_hypothetical(stated: Mode, event_type: str) -> bool:
    """Tell whether an act is not reported as done; a commitment or threat made is done."""
    return stated != "done" and not (stated == "announced" and event_type in ("AGREE", "THREATEN"))
