"""Give unnamed groups the country their context names ("la police", "the rebels").

News names a state once and then speaks of "the police", "des manifestants",
"the army" or "Judge Alejandro Rivera" without repeating whose they are. The
gold conventions code such a group by the state it belongs to, so after the
resolver has done what the words themselves say, this pass fills the missing
country, in order of evidence:

1. a place written right after the group: "police in Minsk", "rebels in the
   Ivory Coast", "les manifestants de Bamako";
2. the state (or organisation of the same sector) named last before it in
   the same sentence, else first after it: "Egyptian police opened fire to disperse
   demonstrators" (the demonstrators are Egyptian), "les exercices de l'OTAN
   ont mobilisé 60 000 militaires" (NATO's);
3. the state the article names most often (its dateline included); in an
   article cut by heading lines (a digest of briefs, a story's subheadings),
   the state its own section names most often, when the section names one:
   a digest's brief on Syria does not belong to the Kenya of the brief before;
   and before either, the state the group's own paragraph names most often,
   when it names one at least twice (a last paragraph that turns from Syria
   to Iraq);
4. for the role word of an office only one state has under that name
   (``home_roles.tsv``: "le préfet", "les gendarmes"), that state.

A plural people noun written before a place is re-coded by that place, as
the gold conventions code ethnic groups by the state they live in: "ethnic
Albanians in south Serbia" are Serbia's.

A state written as the cause of a march or a stance ("a pro-Palestine
march", "an anti-Iranian government protest") is no evidence for steps 2
and 3: it says what the crowd is for or against, not whose anyone is.

Only role mentions without a country (and unknown persons who carry a role
title) are filled; officials of an organisation (sector ``IGO``) are not
guessed, nor anaphors whose organisation was not named yet. A country taken
from context lowers the mention's confidence; one taken from the article's
state (3) marks a role mention ``country_from_context``, since its
sentence does not say it (an unknown person is still named there).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from veille.records import Mention
from veille.text import ACTOR_NAMES, fold

# Words that tie a group to the place written after it ("in", "de la", "of southern").
_LINKS = frozenset(
    "in of at throughout across inside de du des d en a au aux dans".split()  # noqa: SIM905
)
_LINK_FILLERS = frozenset(
    "the la le l les of du de des d south southern north northern east eastern west western "  # noqa: SIM905
    "central sud nord est ouest centre occupied occupe occupee".split()
)
_MAX_GAP_WORDS = 4
# Words that make a group a known person's own ("le régime de Kim Jong-un", "the
# government of Viktor Orban"): only the possessive "de"/"of" with an article.
_OWNER_LINKS = frozenset("de du d of".split())  # noqa: SIM905
_OWNER_FILLERS = frozenset("the la le l".split())  # noqa: SIM905
# A state written as the cause of a march or a stance: "pro-Palestine", "anti-Iranian".
_CAUSE = re.compile(r"\b(?:pro|anti)-\s?\Z")
# Mention kinds that name (or belong to) a state.
_STATE_KINDS = frozenset(
    {"country", "capital", "demonym", "role", "person", "organisation", "other"}
)
_CONTEXT_CONFIDENCE = 0.6
# A heading line: a paragraph of one short line after the first, ending in no
# sentence punctuation nor a colon (which opens a list or a quote).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_HEADING_END = tuple(".!?;:…")
_MAX_HEADING_WORDS = 20
# How often a paragraph must name a state for its groups to take it before the article's.
_PARAGRAPH_EVIDENCE = 2


def with_context_countries(
    mentions: Sequence[Mention],
    text: str,
    sentences: Sequence[tuple[int, int]],
    is_state: Callable[[str], bool],
    skip: frozenset[int] = frozenset(),
    *,
    folded: str | None = None,
    qualifiers: frozenset[int] = frozenset(),
    places: Sequence[tuple[int, int, str]] = (),
    home: Mapping[str, str] | None = None,
) -> tuple[Mention, ...]:
    """Return ``mentions`` with the groups that name no state given one from context.

    ``sentences`` are the (start, end) character spans of the sentences of
    ``text``; ``is_state`` tells a state code (``RUS``) from an organisation's
    (``WFP``); ``skip`` holds the start offsets of mentions that must stay
    without a country (anaphors of an organisation not named yet, role words
    written as adjectives). ``folded`` is ``fold(text, ACTOR_NAMES)``, passed by a caller
    that already has it. ``qualifiers`` holds the start offsets of demonyms written as
    adjectives of a thing ("a Russian drone strike", "Israeli airstrikes"): they say
    whose the thing is, not where a group of the sentence belongs, so the sentence
    step (2) passes over them; they still count towards the article's state (3).
    ``places`` are the (start, end, state) of the places the gazetteer resolved
    ("Kharkiv", "Chicago"): where no mention with a state covers one, it is
    evidence like a state's name, though never a mention of the result.
    ``home`` maps a folded role word of an office only one
    state has ("prefet") to that state, the last evidence of all.
    """
    if folded is None:
        folded = fold(text, ACTOR_NAMES)
    known = [(m.start, m.end) for m in mentions if m.country is not None]
    towns = [
        Mention(start, end, text[start:end], "other", None, (), code, _CONTEXT_CONFIDENCE)
        for start, end, code in places
        if not any(a < end and start < b for a, b in known)
    ]

    def state_of(m: Mention) -> str | None:
        """Return the state a mention names or belongs to (None: blocs, organisations)."""
        if m.kind not in _STATE_KINDS or m.country is None or not is_state(m.country):
            return None
        if m.kind == "person" and m.actor_id is None:
            return None  # an unknown person's country may itself come from context
        return m.country

    # "a pro-Palestine march", "an anti-Iranian government protest": the state
    # names the cause, not whose the groups of the sentence or the article are.
    causes = {m.start for m in mentions if _CAUSE.search(folded, max(0, m.start - 6), m.start)}
    evidence = [m for m in (*mentions, *towns) if m.start not in causes]
    states = sorted(
        ((m, code) for m in evidence if (code := state_of(m)) is not None),
        key=lambda item: item[0].start,
    )
    dominant = _dominant([code for _, code in states])
    # Each section opened by a heading line has the state it names most often.
    bounds = [0, *_heading_starts(text)]
    section_states = _dominant_by_span(states, bounds)
    # Each paragraph has the state it names most often: an article on Syria whose
    # last paragraph turns to Iraq ("l'armée irakienne … la police fédérale") gives
    # that paragraph's groups Iraq, as a reader takes them from the sentences before.
    # A state named once is no such turn: "un Ouzbek de 39 ans" among the suspects
    # of an attack in Stockholm leaves the arrests Sweden's.
    breaks = [0, *(found.end() for found in _PARAGRAPH_BREAK.finditer(text))]
    paragraph_states = _dominant_by_span(states, breaks, least=_PARAGRAPH_EVIDENCE)
    # Within a sentence an organisation counts too: "les exercices de l'OTAN ont
    # mobilisé 60 000 militaires" are NATO's soldiers.
    organisations = [
        m
        for m in mentions
        if m.kind in ("organisation", "bloc") and m.actor_id and m.country is None and m.sectors
    ]
    # One sort for the whole article: each mention looks up what follows it by bisection.
    # A town the gazetteer placed comes before the countryless mention of its words.
    ordered = sorted(evidence, key=lambda n: (n.start, n.country is None))
    starts = [n.start for n in ordered]
    # Where a person's name begins right after a title: the title's end.
    titled = {n.start - 1 for n in mentions if n.kind == "person"} | {
        n.start for n in mentions if n.kind == "person"
    }
    out: list[Mention] = []
    for m in mentions:
        if m.start in skip:
            out.append(m)
            continue
        people, needs = _people_noun(m), _needs_country(m)
        if not (people or needs):
            out.append(m)  # most mentions: what follows them cannot change them
            continue
        placed = _place_after(m, ordered, starts, folded, state_of)
        if people and placed is not None and placed != m.country:
            out.append(replace(m, country=placed, actor_id=placed))
            continue
        if not needs:
            out.append(m)
            continue
        # An organisation counts when it is of the group's kind: NATO (MIL) for soldiers.
        # "Two civilians are killed in a Russian drone strike": the strike is
        # Russian, its victims are not; the state the sentence names otherwise decides.
        actors = [(s, code) for s, code in states if s.start not in qualifiers] + [
            (o, str(o.actor_id)) for o in organisations if set(o.sectors) & set(m.sectors)
        ]
        # "le régime de Kim Jong-un": a known person the group belongs to gives its
        # state before any other state of the sentence.
        placed = placed or _owner_after(m, ordered, starts, folded, state_of)
        stated = placed or _nearest(m, actors, _sentence_of(m, sentences))
        article_state = (
            paragraph_states[bisect_right(breaks, m.start) - 1]
            or section_states[bisect_right(bounds, m.start) - 1]
            or dominant
        )
        country = stated or article_state
        if country is None and home:
            country = next((home[w] for w in fold(m.text, ACTOR_NAMES).split() if w in home), None)
        if country is None:
            out.append(m)
        else:
            confidence = min(m.confidence, _CONTEXT_CONFIDENCE)
            # A person is named even when their state is the article's (codebook 7.8),
            # and so is the title written before the name ("le député Andreï Issaïev").
            from_context = (
                stated is None
                and country == article_state
                and m.kind == "role"
                and m.end not in titled
            )
            out.append(
                replace(
                    m, country=country, confidence=confidence, country_from_context=from_context
                )
            )
    return tuple(out)


def _heading_starts(text: str) -> list[int]:
    """Return where the heading lines of ``text`` start, in text order.

    A heading is a paragraph of one short line, not the first, that starts with
    a capital or a digit and ends in no sentence punctuation nor colon:
    a digest's brief ("Syria accuses Arab League of interference") or a
    story's subheading ("Internet shutdown").
    """
    starts = []
    for found in _PARAGRAPH_BREAK.finditer(text):
        start = found.end()
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end].strip()
        # Only a line followed by a blank one is a paragraph of its own.
        if end < 0 or not text[end + 1 :].lstrip(" \t").startswith("\n"):
            continue
        if not line or len(line.split()) > _MAX_HEADING_WORDS or line.endswith(_HEADING_END):
            continue
        if line[0].isupper() or line[0].isdigit():
            starts.append(start)
    return starts


def _needs_country(m: Mention) -> bool:
    if m.country is not None or m.actor_id is not None:
        return False
    if "IGO" in m.sectors:
        return False
    if m.kind == "role":
        return True
    # An unknown person with a role title ("Judge Alejandro Rivera") took its sectors.
    return m.kind == "person" and bool(m.sectors)


def _people_noun(m: Mention) -> bool:
    """Tell whether a demonym is written as a people noun ("Albanians", "les Albanais")."""
    if m.kind != "demonym" or not m.text[:1].isupper():
        return False
    return m.text.endswith("s") or m.text.endswith("x")


def _place_after(
    m: Mention,
    ordered: Sequence[Mention],
    starts: Sequence[int],
    folded: str,
    state_of: Callable[[Mention], str | None],
) -> str | None:
    """Return the state of a place written right after ``m`` ("police in Minsk").

    ``ordered`` are the article's mentions sorted by start, ``starts`` their
    starts, ``folded`` the folded article text.
    """
    at = bisect_left(starts, m.end)
    # "Western Cambodia": a compass word read as a demonym is part of the link.
    while at < len(ordered) and fold(ordered[at].text, ACTOR_NAMES) in _LINK_FILLERS:
        at += 1
    if at == len(ordered):
        return None
    nxt = ordered[at]
    if nxt.kind not in ("country", "capital", "other") or state_of(nxt) is None:
        return None
    # Folding keeps offsets, so the gap is cut from the article folded once.
    words = folded[m.end : nxt.start].replace("'", " ").split()
    own_words = fold(m.text, ACTOR_NAMES).split()
    if own_words and own_words[-1] in _LINKS:
        # A role phrase that ends in its link ("embassy in" Tehran).
        words = [own_words[-1], *words]
    if not words or len(words) > _MAX_GAP_WORDS or words[0] not in _LINKS:
        return None
    if not set(words[1:]) <= _LINK_FILLERS:
        return None
    return state_of(nxt)


def _owner_after(
    m: Mention,
    ordered: Sequence[Mention],
    starts: Sequence[int],
    folded: str,
    state_of: Callable[[Mention], str | None],
) -> str | None:
    """Return the state of a known person written as the group's owner right after it.

    "le régime de Kim Jong-un", "les forces de Bachar al-Assad", "the
    government of Viktor Orban": the group is that person's (codebook 7.5),
    whatever other state the sentence names. Only a person the knowledge
    base knows, joined by "de"/"of" and an article at most.
    """
    at = bisect_left(starts, m.end)
    if at == len(ordered):
        return None
    nxt = ordered[at]
    if nxt.kind != "person" or state_of(nxt) is None:
        return None
    words = folded[m.end : nxt.start].replace("'", " ").split()
    if not words or words[0] not in _OWNER_LINKS or not set(words[1:]) <= _OWNER_FILLERS:
        return None
    return state_of(nxt)


def _sentence_of(m: Mention, sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    for start, end in sentences:
        if start <= m.start < end:
            return start, end
    return m.start, m.end


def _nearest(
    m: Mention, actors: Sequence[tuple[Mention, str]], sentence: tuple[int, int]
) -> str | None:
    start, end = sentence
    near = [(s, code) for s, code in actors if start <= s.start < end and s is not m]
    if not near:
        return None

    # The state named before the group comes first: it is usually the actor the
    # sentence is about ("Egyptian police opened fire to disperse demonstrators").
    before = [(s, code) for s, code in near if s.end <= m.start]
    if before:
        return max(before, key=lambda item: item[0].end)[1]
    return min(near, key=lambda item: item[0].start)[1]


def _dominant_by_span(
    states: Sequence[tuple[Mention, str]], starts: Sequence[int], least: int = 1
) -> list[str | None]:
    """Return, for each span of the text opened at ``starts``, the state it names most often.

    ``states`` are the mentions naming a state, with its code; a span's state
    must be named at least ``least`` times (:func:`_dominant`).
    """
    by_span: list[list[str]] = [[] for _ in starts]
    for m, code in states:
        by_span[bisect_right(starts, m.start) - 1].append(code)
    return [_dominant(codes, least=least) for codes in by_span]


def _dominant(codes: Sequence[str], least: int = 1) -> str | None:
    """Return the code named most often in ``codes``, if named at least ``least`` times."""
    counts = Counter(codes)
    if not counts:
        return None
    best = max(counts.values())
    if best < least:
        return None
    # Ties go to the state named first: a dateline or a lead sentence names it.
    return next(code for code in codes if counts[code] == best)
