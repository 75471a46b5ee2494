"""The language-independent signals compared between articles, and their similarity.

Two reports of the same happening, whatever their language or outlet, name
the same resolved actors (``RUS``, ``NATO``, ``PER:sergey-lavrov``), code
events of the same types for those actors, give the same figures (40 000
troops, 14 entities) and date the happening to the same day, whenever they
were published. An article is reduced to a small weighted set of such
*features* and its happening day (:func:`happening_day`); two articles are
linked when their features overlap enough, their happening days are within
the window and their leads agree on who acted (:func:`compatible_leads`).

Weights say how specific a signal is: a named person or a figure is rarely
shared by unrelated stories, a state is shared by many. On top of these
fixed weights, a shared key counts for less the more reports of the window
carry it (:func:`rarity`): on a day with fifty reports naming Donald Trump,
sharing Trump says little about sharing a happening. The clustering counts
those reports among the candidates it reads anyway (:mod:`veille.stories.cluster`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from veille.actors.labels import actor_country
from veille.places.gazetteer import get_gazetteer, name_key
from veille.records import ArticleResult, Event, Mention
from veille.stories.words import LEAD_CHARS, text_keys

PERSON_WEIGHT = 3.0
"""A named person (``PER:…``) is a strong sign of the same happening."""
ACTOR_WEIGHT = 1.0
"""A state, organisation or bloc named in the article."""
EVENT_WEIGHT = 1.0
"""An event type coded for an actor (``ACCUSE`` by ``RUS``)."""
QUANTITY_WEIGHT = 2.5
"""A figure reported with an event (40 000 troops, 14 entities)."""

BACKGROUND_DAYS = 1
"""Events dated further than this from the happening day are background, not the happening."""

PLANNED_AFTER_DAYS = 1
"""An event dated later than this after publication is planned, not a happening's day.

One day, not zero: a report published just after midnight UTC dates its
"today" by the publisher's clock, a day after the UTC publication date.
"""

COMMON_FROM = 4
"""Reports of the window carrying a key beyond which it counts for less (:func:`rarity`)."""
EVIDENCE_MIN = 2.0
"""Shared weight, after rarity, that two reports need before their similarity counts:
two states, or a person or figure with a state, each as rare as a happening's."""
NAMES_MIN = 2.0
"""Shared weight of persons, names and figures, after rarity, from which the words of two
reports may link them without the structured signals: one rare name, or two common ones."""
TEXT_EVIDENCE_MIN = 3.0
"""Shared weight of every kind, after rarity, that a link on words needs besides its names."""
SINGULAR_KINDS = frozenset({
    *("earthquake", "aftershock", "typhoon", "hurricane", "cyclone", "storm", "flood"),
    *("drought", "landslide", "volcano", "power", "election", "runoff", "referendum"),
})  # fmt: skip
"""Kinds of happening (``c:`` concepts of :mod:`veille.stories.words`) that a state
lives one of at a time: its earthquake and the aftershocks, its storm, its blackout,
its election. Two reports that name the same state and the same such kind, which few
reports of the window name, report one happening even when they share no name (see
:func:`same_singular_happening`). Attacks, protests, verdicts or fines are left out:
a state has several of them in a week."""
_SPECIFIC = ("a:", "p:", "q:", "n:")
_NAMING = ("p:", "q:", "n:")
_HAPPENING = ("a:", "p:", "t:", "c:")
_TELLING = ("t:", "c:")
PLACE_CONCEPTS = frozenset({"c:city", "c:village"})
"""Concepts that name a kind of place, not of happening: often the tail of a place's name
("Union City", "Mexico City"), they say nothing of whether an item tells a happening."""
SMALL_FIGURE = 10.0
"""Figures below this are too common to be the distinctive key of a link on keys alone."""
PUBLISHED = "d:published"
"""A weightless marker: the article states its publication time (its day is not a fallback)."""
LONG = "d:long"
"""A weightless marker: the article reports at length (:data:`LONG_REPORT_CHARS` of body or
more), so what it shares with another long report must be much of what both say
(:func:`long_reports_apart`)."""
FULL_LEAD = "d:full-lead"
"""A weightless marker: the article's body fills the lead the text keys read
(:data:`~veille.stories.words.LEAD_CHARS`), so its keys are a paragraph's, not a
one-line brief's, and a low key cosine with another such report means they say
different things (:func:`lone_shared_entity`)."""
LONG_REPORT_CHARS = 1000
"""Characters of reported body from which an article is a long report, not a brief: our
invented full articles have 1,400-1,900, their rewrites and briefs 190-330."""
LONG_JACCARD_MIN = 0.25
"""Weighted Jaccard index of the structured signals below which two long reports tell
different happenings, however much of one the other contains: on our invented gold, two
long reports of one happening score 0.38 or more."""
HOME = "d:home:"
"""Prefix of a weightless marker naming a person's own state, the country the resolver gives a
mention of their name (``d:home:PER:barack-obama>USA``; a role's mention gives the body of the
role instead): a person and their own state are one signal, not two (:func:`shared_evidence`)."""
LANGUAGE = "d:language:"
"""Prefix of a weightless marker naming the article's language (``d:language:fr``): text
cosines across languages run lower than within one (:func:`language_of`)."""

_YEARS = range(1900, 2101)
_REPORTED_SECTIONS = ("body", "title", "byline")
# Feature families the similarity weighs; other keys (lead markers ``l:`` and ``k:``,
# packed text vectors ``v:``) travel with the features but are compared apart.
_WEIGHTED = ("a:", "p:", "t:", "q:", "n:", "c:", "w:")
STRUCTURED = ("a:", "p:", "t:", "q:")
"""Feature families the pipeline resolved (actors, persons, event types, figures): what the
structured similarity compares; the words of the lead (``n:``, ``c:``, ``w:``) are compared
apart (:func:`key_cosine`), so that a long lead's many words do not dilute a structured match."""
RATED = ("a:", "p:", "n:", "c:", "w:")
"""Feature families that count for less the more reports of the window carry them."""
INDEXED = ("a:", "p:", "n:")
"""Feature families the candidate index is built on: actors, persons and names."""
_NO_DATE = "9999-12-31T23:59:59Z"


@dataclass(frozen=True, slots=True)
class Signals:
    """What the clustering keeps of one article.

    ``day`` is the date ordinal of the *happening* the article reports (see
    :func:`happening_day`; None when the article has no date at all) and is
    what the window compares; ``anchor`` orders articles by first report;
    ``keys`` are the features the candidate index is built on (actors only:
    they are what every report of a happening shares).
    """

    day: int | None
    anchor: str
    features: Mapping[str, float]
    keys: tuple[str, ...]


WORD_MODES = ("words", "vectors", "e5")
"""Text similarity modes that add the words of the lead as keys (every mode but ``off``):
on the real-news dev part, e5 without them scores F1 0.517, with them 0.597."""


def uses_words(mode: str) -> bool:
    """Return True when the text similarity ``mode`` adds the words of the lead as keys."""
    return mode in WORD_MODES


def article_signals(result: ArticleResult, *, text: bool = True) -> Signals:
    """Reduce an article and its mentions and events to the signals compared for stories.

    With ``text`` (the default), the words of the title and lead are keys
    too (:func:`~veille.stories.words.text_keys`: names, concepts, word
    stems); without it only what the pipeline resolved counts.

    Only what the article reports counts: mentions and events in the
    publisher's commentary, related-link lists and boilerplate are left out,
    and so are events the article dates more than :data:`BACKGROUND_DAYS`
    away from its happening day — the background a long report recalls
    ("on Monday Russia had expelled three Estonian diplomats") would
    otherwise tie the next incident to the one before it.
    """
    day = happening_day(result)
    features: dict[str, float] = {}
    for mention in _reported_mentions(result):
        if mention.actor_id:
            _add_actor(features, mention.actor_id)
            if mention.kind == "person" and mention.actor_id.startswith("PER:") and mention.country:
                # A name gives the person's nationality; a role ("president of the ECB")
                # gives the body of the role, which is another actor.
                features[f"{HOME}{mention.actor_id}>{mention.country}"] = 0.0
    for event in _reported(result.events):
        if _is_background(event, day):
            continue
        for ref in (*event.source, *event.target):
            if ref.code:
                _add_actor(features, ref.code)
                features[f"t:{event.event_type}:{ref.code}"] = EVENT_WEIGHT
        for quantity in event.quantities:
            value = float(quantity.value)
            # Small counts and years are shared by too many unrelated reports.
            if value >= 3 and not (value.is_integer() and int(value) in _YEARS):
                features[f"q:{value:g}"] = QUANTITY_WEIGHT
    lead = _lead_event(result, day)
    if lead is not None:
        for side in {r.code for r in (*lead.source, *lead.target) if r.code}:
            # A marker, weightless in the similarity: see same_kind_leads.
            features[f"k:{lead.event_type}:{side}"] = 0.0
        for source in {r.code for r in lead.source if r.code}:
            for target in {r.code for r in lead.target if r.code} - {source}:
                # A marker, weightless in the similarity: see compatible_leads.
                features[f"l:{lead.event_type}:{source}>{target}"] = 0.0
    if text:
        for key, weight in text_keys(result).items():
            features.setdefault(key, weight)
    if result.article.published_at is not None:
        features[PUBLISHED] = 0.0
    if result.article.language:
        features[LANGUAGE + result.article.language] = 0.0
    body = _body_chars(result)
    if body >= LEAD_CHARS:
        features[FULL_LEAD] = 0.0
    if body >= LONG_REPORT_CHARS:
        features[LONG] = 0.0
    keys = tuple(sorted(k for k in features if k[:2] in INDEXED))
    return Signals(day=day, anchor=_anchor(result), features=features, keys=keys)


def language_of(features: Mapping[str, float]) -> str | None:
    """Return the language an article's features name (:data:`LANGUAGE`), None when unknown."""
    for key in features:
        if key.startswith(LANGUAGE):
            return key[len(LANGUAGE) :]
    return None


def happening_day(result: ArticleResult) -> int | None:
    """Return the date ordinal of the happening an article reports.

    A news report states its happening first: the date of the first event
    of the body ("Russia on Monday expelled …", resolved against the
    publication date) is the happening's day, else the date of an event in
    the title, else the publication date. A rewrite published the next
    morning and a wire copy of the same day so get the same day, while the
    next incident, reported two days later with the first one as
    background, does not. An event dated more than :data:`PLANNED_AFTER_DAYS`
    after publication is a plan the report announces ("the new notes will be
    unveiled on 10 January"), not its happening, and is passed over.
    """
    published = _published_day(result)
    reported = [
        e
        for e in _reported(result.events)
        if e.event_date and not _planned(_ordinal(e.event_date), published)
    ]
    body = sorted((e for e in reported if e.section_kind == "body"), key=lambda e: e.sentence.start)
    titles = [e for e in reported if e.section_kind == "title"]
    for event in (*body[:1], *titles[:1]):
        found = _ordinal(event.event_date)
        if found is not None:
            return found
    return published if published is not None else _commonest_event_day(result)


def rarity(carriers: int) -> float:
    """Return how much a shared key counts when ``carriers`` reports of the window carry it.

    1 up to :data:`COMMON_FROM` reports (a happening's own reports share its
    keys), then ``COMMON_FROM / carriers``: 0.08 for a key fifty reports carry.
    """
    if carriers <= COMMON_FROM:
        return 1.0
    return COMMON_FROM / carriers


def similarity(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
    families: tuple[str, ...] = STRUCTURED,
) -> float:
    """Score how much two feature sets agree, from 0 (nothing shared) to 1 (identical).

    The mean of the weighted overlap coefficient (shared weight over the
    smaller set, so a short wire item can match a long feature) and the
    weighted Jaccard index (shared over the union, so two long articles must
    share much of what they say). ``rarities`` (key → :func:`rarity`) scales
    what a shared key adds, not what each side holds: two reports that share
    only keys every other report of the window also carries score low.
    Symmetric in its two feature sets. ``families`` are the feature
    families compared (by default the structured ones, :data:`STRUCTURED`).
    """
    shared, shared_full, total_first, total_second = _weights(first, second, rarities, families)
    if shared <= 0:
        return 0.0
    overlap = shared / min(total_first, total_second)
    jaccard = shared / (total_first + total_second - shared_full)
    return (overlap + jaccard) / 2


def structured_jaccard(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> float:
    """Return the weighted Jaccard index of two articles' structured signals, after rarity.

    The half of :func:`similarity` that does not forgive what only one side says.
    """
    shared, shared_full, total_first, total_second = _weights(first, second, rarities, STRUCTURED)
    if shared <= 0:
        return 0.0
    return shared / (total_first + total_second - shared_full)


def _weights(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None,
    families: tuple[str, ...],
) -> tuple[float, float, float, float]:
    """Return what two feature sets share and hold in ``families``.

    The shared weight after rarity, the shared weight before it, and each
    side's total weight; the second total is left at 0 when nothing is shared.
    """
    # One pass per side, no filtered copies: a new article is scored against
    # every candidate of its window. A key weighted on one side is weighted on
    # the other, since the family is in the key.
    scale = rarities or {}
    shared = 0.0
    shared_full = 0.0
    total_first = 0.0
    for key, weight in first.items():
        if key[:2] in families:
            total_first += weight
            other = second.get(key)
            if other is not None:
                common = min(weight, other)
                shared_full += common
                shared += common * scale.get(key, 1.0)
    if shared <= 0:
        return 0.0, shared_full, total_first, 0.0
    total_second = sum(weight for key, weight in second.items() if key[:2] in families)
    return shared, shared_full, total_first, total_second


def long_reports_apart(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> bool:
    """Return True when two long reports share too little of what they say to tell one happening.

    The overlap coefficient in :func:`similarity` lets a brief match the full
    article that contains all it says. Between two long reports
    (:data:`LONG`) containment means nothing: a page on Maduro's tracksuit
    names Trump, Maduro and the USA, all of which a long report on
    Venezuelan oil names among forty other signals, and the two are other
    happenings. Two long reports of one happening share much of what both
    say: their weighted Jaccard index must reach :data:`LONG_JACCARD_MIN`.
    """
    if LONG not in first or LONG not in second:
        return False
    if not _has_structured(first) or not _has_structured(second):
        # The pipeline resolved nothing on one side: its signals say nothing either way.
        return False
    return structured_jaccard(first, second, rarities) < LONG_JACCARD_MIN


def reports_happening(features: Mapping[str, float]) -> bool:
    """Return True when an article resolves an actor, codes an event or names a kind of happening.

    The kind (a ``c:`` concept: a fine, a resignation, an earthquake) keeps the
    briefs the pipeline resolves nothing in ("Barclays is fined £290m").
    Items with none of these (apartment listings, software release notes,
    forum jokes) tell no happening the coder can see: written
    from one template, they share the template's words and names, so the
    words of two such items must not link them (:func:`words_may_link`).
    """
    return any(
        key[:2] in _HAPPENING and weight > 0 and key not in PLACE_CONCEPTS
        for key, weight in features.items()
    )


def words_may_link(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """Return True when the words of two articles may link them (keys link or follow-up).

    Both must report a happening (:func:`reports_happening`): on the real
    sample, a day of flat listings linked on "hardwood", "parking", the town
    and the agent's name, release notes and forum posts on a product's name.
    """
    return reports_happening(first) and reports_happening(second)


def tells_happening(features: Mapping[str, float]) -> bool:
    """Return True when an article codes an event or names a kind of happening (``c:``).

    A follow-up is a development of a happening (:func:`development_evidence`):
    both reports must tell one. Forum posts, a blog's pages or two items of a
    page about an organisation resolve actors and share a name (the forum's,
    the product's, the organisation's) days apart without telling any act.
    """
    return any(
        key[:2] in _TELLING and weight > 0 and key not in PLACE_CONCEPTS
        for key, weight in features.items()
    )


def _has_structured(features: Mapping[str, float]) -> bool:
    return any(key[:2] in STRUCTURED and weight > 0 for key, weight in features.items())


def key_cosine(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> float:
    """Return the cosine of two articles' keys, each weighed by its family and its rarity.

    Every key counts — actors, persons, event types, figures, names,
    concepts, word stems — scaled on *both* sides by how rare it is in the
    window (``rarities``, :func:`rarity`), as a TF-IDF cosine scales by
    inverse document frequency: two reports that share "Barclays", "Libor"
    and "fine" on a day when few others name them score high, two that share
    "Trump", "said" and "White House" on a day when fifty reports do score
    low. It needs no model and reads both languages through names, concepts
    and cognate stems (:mod:`veille.stories.words`).
    """
    scale = rarities or {}
    dot = 0.0
    norm_first = 0.0
    for key, weight in first.items():
        if key[:2] not in _WEIGHTED or weight <= 0:
            continue
        value = weight * scale.get(key, 1.0)
        norm_first += value * value
        other = second.get(key)
        if other:
            dot += value * other * scale.get(key, 1.0)
    if dot <= 0:
        return 0.0
    norm_second = sum(
        (weight * scale.get(key, 1.0)) ** 2
        for key, weight in second.items()
        if key[:2] in _WEIGHTED and weight > 0
    )
    return float(dot / math.sqrt(norm_first * norm_second))


def distinctive_shared(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> bool:
    """Return True when two articles share a person, name or figure few reports carry.

    A shared state or organisation is not enough, however rare on the day:
    two long reports of other happenings often both name the USA. Nor is one
    person when the two share no other person, name or figure: "Obama
    announces a visit to Burma" and "Petraeus resigns in a letter to Obama".
    A state and a singular kind of happening are
    (:func:`same_singular_happening`).
    """
    if same_singular_happening(first, second, rarities):
        return True
    scale = rarities or {}
    distinctive = [
        key
        for key in first
        if key[:2] in _NAMING
        and key in second
        and first[key] > 0
        and not _small_figure(key)
        and scale.get(key, 1.0) >= 1.0
    ]
    if len(distinctive) == 1 and distinctive[0].startswith("p:"):
        # One person and nothing else named in common: a head of state in two happenings.
        return any(
            key[:2] in _NAMING and key in second and first[key] > 0
            for key in first
            if key != distinctive[0]
        )
    return bool(distinctive)


def lone_shared_entity(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> bool:
    """Return True when all two articles share that few reports carry is one name or person.

    The distinctive persons, names and figures they share (rarity 1, figures of
    :data:`SMALL_FIGURE` or more) are counted as *entities*: the words of one
    name are one entity (``n:jimmy``, ``n:kimmel`` and ``n:jimmy_kimmel``; a
    person and the words of their name). Two items of one outlet's day often
    share one such entity and nothing else — the singer in two stories about
    her, the talk-show host who interviewed one guest and joked about another
    happening, a hashtag — so a link on one entity needs more agreement than
    the entity (see :attr:`veille.stories.cluster.StoryOptions.lone_key_link`).
    Two states or organisations, or a person with another actor, are stronger
    evidence (:func:`structured_agreement`), and the function then says False.
    A link on a shared state and singular kind of happening alone
    (:func:`same_singular_happening`) counts as a lone entity too.
    """
    if FULL_LEAD not in first and FULL_LEAD not in second:
        # A one-line brief shares few keys with anything: its cosine says little.
        return False
    if structured_agreement(first, second, rarities):
        return False
    scale = rarities or {}
    shared = [
        key
        for key, weight in first.items()
        if key[:2] in _NAMING
        and weight > 0
        and key in second
        and not _small_figure(key)
        and scale.get(key, 1.0) >= 1.0
    ]
    return len(_entities(shared, first, second)) <= 1


def _entities(
    keys: Iterable[str], first: Mapping[str, float], second: Mapping[str, float]
) -> list[set[str]]:
    """Group name, person and figure keys into entities: the words of one name are one entity."""
    # A name's words are the tokens of its key; a person's are those of its slug.
    longer = [
        set(_name_words(key))
        for features in (first, second)
        for key in features
        if key[:2] in ("n:", "p:") and len(_name_words(key)) > 1
    ]
    groups: list[set[str]] = []
    for key in keys:
        words = set(_name_words(key))
        merged = {key}
        for group in [g for g in groups if _same_name(words, g, longer)]:
            merged |= group
            groups.remove(group)
        groups.append(merged)
    return groups


def _same_name(words: set[str], group: set[str], longer: list[set[str]]) -> bool:
    others = {w for key in group for w in _name_words(key)}
    if not words or not others:
        return False
    if words <= others or others <= words:
        return True
    # Both are words of one longer name either article gives ("Jimmy", "Kimmel").
    return any(words | others <= full for full in longer)


def _name_words(key: str) -> tuple[str, ...]:
    if key.startswith("n:"):
        return tuple(w for w in key[2:].split("_") if w)
    if key.startswith("p:"):
        slug = key[2:].partition(":")[2] or key[2:]
        return tuple(w for w in slug.split("-") if w)
    return ()


def structured_agreement(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> bool:
    """Return True when the resolved signals two articles share are evidence on their own.

    At least two actors, a person or figure with an actor other than the
    person's own state, or two persons or figures, weighing
    :data:`EVIDENCE_MIN` after ``rarities``, one of them distinctive (the
    structured route of :func:`shared_evidence`).
    """
    found = _weighted_shared(first, second, rarities)
    return found is not None and _structured(found[0], first, second, found[1])


def _weighted_shared(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None,
) -> tuple[list[str], float] | None:
    """Return the weighted keys two articles share and their mass after ``rarities``.

    None when none of the specific ones is distinctive (few reports of the
    window carry it): then nothing they share is evidence.
    """
    shared = [k for k in first if k in second and k[:2] in _WEIGHTED]
    scale = rarities or {}
    if not any(scale.get(k, 1.0) >= 1.0 for k in shared if k[:2] in _SPECIFIC):
        return None
    return shared, sum(min(first[k], second[k]) * scale.get(k, 1.0) for k in shared)


def _structured(
    shared: list[str], first: Mapping[str, float], second: Mapping[str, float], mass: float
) -> bool:
    """Tell whether the shared actors, persons and figures agree, weighing :data:`EVIDENCE_MIN`."""
    actors = [k for k in shared if k.startswith("a:")]
    strong = [k for k in shared if k.startswith(("p:", "q:"))]
    # A person with their own state is one signal: every report of Obama names the USA.
    homes = _home_states(first, strong) | _home_states(second, strong)
    beyond = [k for k in actors if k[2:] not in homes]
    structured = len(actors) >= 2 or bool(strong and beyond) or len(strong) >= 2
    return structured and mass >= EVIDENCE_MIN


def same_singular_happening(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> bool:
    """Return True when two reports name the same state and the same singular kind of happening.

    The kind (:data:`SINGULAR_KINDS`: an earthquake, a storm, a blackout, an
    election) must be one that few reports of the window carry (rarity 1): a
    brief "Aftershocks continue to strike northern Italy" and "A 5.8-magnitude
    earthquake rocks northern Italy" share Italy and the earthquake but no
    name; on a week when every report names the US election, the election
    says nothing.
    """
    scale = rarities or {}
    kinds = any(
        key.startswith("c:")
        and key[2:] in SINGULAR_KINDS
        and key in second
        and scale.get(key, 1.0) >= 1.0
        for key in first
    )
    return kinds and any(
        key.startswith("a:") and key in second and actor_country(key[2:]) == key[2:]
        for key in first
    )


def development_evidence(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
    minimum: float = NAMES_MIN,
) -> bool:
    """Return True when two reports days apart share what a development of one happening shares.

    A later report of the same happening names what the first named: the bank
    fined and its chief executive, the storm, the reporter taken hostage —
    persons and names weighing ``minimum`` after ``rarities``. Two kinds of
    name recur in other happenings of the following days and are not enough:

    - a **place** the gazetteer knows (:func:`is_place_name`) counts for
      nothing: the wildfires, the patent verdict and the earthquakes of one
      week in California, the shelling of Aleppo day after day;
    - **one person alone**, without a shared name: a head of state or a
      minister acts in a new happening most days (Putin sacking his defence
      minister, then his chief of staff three days later).

    A shared state and singular kind of happening (:func:`same_singular_happening`)
    are evidence too: the storm, then the millions still without power.
    """
    scale = rarities or {}
    shared = [
        key
        for key, weight in first.items()
        if key[:2] in ("p:", "n:") and weight > 0 and key in second and not is_place_name(key)
    ]
    mass = sum(min(first[key], second[key]) * scale.get(key, 1.0) for key in shared)
    persons = sum(1 for key in shared if key.startswith("p:"))
    named = any(key.startswith("n:") for key in shared)
    if mass >= minimum and (named or persons >= 2):
        return True
    # The storm that knocked out power, then the millions still without it three days later.
    return same_singular_happening(first, second, rarities)


@lru_cache(maxsize=65536)
def is_place_name(key: str) -> bool:
    """Return True when a name key (``n:california``, ``n:new_york``) names a known place."""
    if not key.startswith("n:"):
        return False
    return get_gazetteer().knows(name_key(key[2:].replace("_", " ")))


def _small_figure(key: str) -> bool:
    # "3 dead", "5 balloons": counts under ten are shared by unrelated reports of any day.
    if not key.startswith("q:"):
        return False
    try:
        return float(key[2:]) < SMALL_FIGURE
    except ValueError:
        return False


def same_kind_leads(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """Return True when two articles lead with the same kind of act involving a common actor.

    On different days that is another occurrence of the same kind — a
    second launch, a second strike, a retaliatory expulsion the other way
    round (the sides are compared as a set) — not a development of the
    first: see "What one story is" in ``docs/stories.md``. The lead's kind
    and sides travel as weightless ``k:TYPE:ACTOR`` markers.
    """
    return any(key.startswith("k:") and key in second for key in first)


def shared_evidence(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
) -> bool:
    """Return True when two articles share enough specific signals for a similarity to count.

    One shared state alone ("USA") links far too much. Either the structured
    signals agree — at least two actors, or a person or figure with an
    actor other than the person's own state (:data:`HOME`: Obama and the
    USA, or Gruevski and Macedonia, are what every report of them names),
    or two persons or figures, weighing :data:`EVIDENCE_MIN` after
    ``rarities`` — or the words do: names and figures weighing
    :data:`NAMES_MIN` after ``rarities`` and everything shared
    :data:`TEXT_EVIDENCE_MIN`. Either way one shared actor, person, name or
    figure must be distinctive (few reports of the window carry it):
    sharing Trump and the USA on a day when every report names them is not
    enough.
    """
    found = _weighted_shared(first, second, rarities)
    if found is None:
        return False
    shared, mass = found
    if _structured(shared, first, second, mass):
        return True
    # The words' route needs more than one person and what goes with them (their state,
    # the kind of act they lead): that is every report of a head of state.
    named = [k for k in shared if k[:2] in _NAMING]
    if len(named) == 1 and named[0].startswith("p:"):
        return False
    return specific_mass(first, second, rarities) >= NAMES_MIN and mass >= TEXT_EVIDENCE_MIN


def _home_states(features: Mapping[str, float], persons: Iterable[str]) -> set[str]:
    # The home states the article's mentions give for these persons (HOME markers).
    wanted = {key[2:] for key in persons if key.startswith("p:")}
    homes = set()
    for key in features:
        if key.startswith(HOME):
            person, _, state = key[len(HOME) :].rpartition(">")
            if person in wanted:
                homes.add(state)
    return homes


def specific_mass(
    first: Mapping[str, float],
    second: Mapping[str, float],
    rarities: Mapping[str, float] | None = None,
    families: tuple[str, ...] = ("p:", "n:", "q:"),
) -> float:
    """Return the weight of the persons, names and figures two articles share, after rarity.

    ``families`` narrows what counts (a follow-up must share persons or
    names: "$2 billion" recurs in unrelated reports days apart).
    """
    scale = rarities or {}
    return sum(
        min(weight, second[key]) * scale.get(key, 1.0)
        for key, weight in first.items()
        if key[:2] in families and key in second
    )


def compatible_leads(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """Return False when two articles lead with the same act on the same target by others.

    "The EU sanctions eleven Iranian entities" and, the next day, "The US
    sanctions six Iranian firms" share the target, the type, the background
    and the week: only who acted tells them apart. When both leads have the
    same event type and a common target but no source in common, they
    report different happenings. A lead with a side unnamed says too little
    to refuse anything, and any other pair is left to the similarity.
    """
    leads_first = _leads(first)
    leads_second = _leads(second)
    for kind in leads_first.keys() & leads_second.keys():
        sources_first, targets_first = leads_first[kind]
        sources_second, targets_second = leads_second[kind]
        if targets_first & targets_second and not sources_first & sources_second:
            return False
    return True


def _leads(features: Mapping[str, float]) -> dict[str, tuple[set[str], set[str]]]:
    found: dict[str, tuple[set[str], set[str]]] = {}
    for key in features:
        if key.startswith("l:"):
            _, kind, dyad = key.split(":", 2)
            source, _, target = dyad.partition(">")
            sources, targets = found.setdefault(kind, (set(), set()))
            sources.add(source)
            targets.add(target)
    return found


def _lead_event(result: ArticleResult, day: int | None) -> Event | None:
    reported = [e for e in _reported(result.events) if not _is_background(e, day)]
    body = sorted((e for e in reported if e.section_kind == "body"), key=lambda e: e.sentence.start)
    titles = [e for e in reported if e.section_kind == "title"]
    first = body or titles
    return first[0] if first else None


def _add_actor(features: dict[str, float], code: str) -> None:
    if code.startswith("PER:"):
        features[f"p:{code}"] = PERSON_WEIGHT
    else:
        features[f"a:{code}"] = ACTOR_WEIGHT


def _reported(events: tuple[Event, ...]) -> list[Event]:
    # The publisher's commentary and related-link teasers are not reports of
    # the happening, nor is what the coder marks as background.
    return [
        e for e in events if e.section_kind in _REPORTED_SECTIONS and e.salience != "background"
    ]


def _body_chars(result: ArticleResult) -> int:
    # The reported body only: a page's menus, related links and boilerplate are not its report.
    return sum(s.end - s.start for s in result.article.sections if s.kind == "body")


def _reported_mentions(result: ArticleResult) -> list[Mention]:
    excluded = [
        (s.start, s.end) for s in result.article.sections if s.kind not in _REPORTED_SECTIONS
    ]
    return [m for m in result.mentions if not any(a <= m.start < b for a, b in excluded)]


def _is_background(event: Event, day: int | None) -> bool:
    when = _ordinal(event.event_date)
    return day is not None and when is not None and abs(when - day) > BACKGROUND_DAYS


def _ordinal(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


def _published_day(result: ArticleResult) -> int | None:
    article = result.article
    moment = article.published_at or article.reference_time
    return None if moment is None else moment.astimezone(UTC).date().toordinal()


def _planned(when: int | None, published: int | None) -> bool:
    return when is not None and published is not None and when - published > PLANNED_AFTER_DAYS


def _commonest_event_day(result: ArticleResult) -> int | None:
    # An article with no publication or reference time: the day most of its events give.
    dates = Counter(e.event_date[:10] for e in result.events if e.event_date)
    for text, _ in dates.most_common():
        try:
            return date.fromisoformat(text).toordinal()
        except ValueError:
            continue
    return None


def _anchor(result: ArticleResult) -> str:
    article = result.article
    moment = article.published_at or article.reference_time
    when = _iso(moment) if moment is not None else _NO_DATE
    return f"{when}|{article.id}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def anchor_time(anchor: str) -> datetime | None:
    """Return the first-report time encoded in a member's anchor (None when it had no date)."""
    text = anchor.split("|", 1)[0]
    if text == _NO_DATE:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
