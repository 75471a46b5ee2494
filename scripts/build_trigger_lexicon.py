"""Rebuild ``src/veille/data/lexicon/en/triggers_cameo.tsv`` from PETRARCH2's CAMEO verb dictionary.

Input (in ``../shared/eval`` beside the repository, or the file given with
``--dictionary``): ``kb/petrarch2/CAMEO.2.0.txt``, the CAMEO verb pattern
dictionary of PETRARCH2 (Open Event Data Alliance, MIT licence). It groups
verbs in families (``---  NAME   [code]  ---``), gives some verbs a code of
their own (``ASK [020]``) and lists patterns (``- * {HUMANITARIAN AID} [0233]
# ASK``) in which the words around the verb (``*``) decide the code.

What this script keeps, and why:

- a verb with a code of its own or of its family becomes a bare trigger;
- a pattern becomes a trigger of the verb it was written for (the ``#``
  comment) that fires only when its head word stands near the verb (our
  ``with`` column): the object's head noun, or the subject's when nothing
  follows the verb; synonym sets (``&WEAPON``) are expanded;
- a CAMEO code becomes a PLOVER type and mode through our ontology table,
  with the few type choices the gold conventions fix (``eval/README.md``);
- left out: codes PLOVER does not treat as events (01x statements);
  patterns whose only companion is a preposition or a pronoun; patterns of
  reporting, modal and light verbs ("announce", "plan", "set", "open"),
  whose object noun is the trigger when it names an event; bare entries for
  verbs too common to mean an event on their own ("say", "make", "take",
  "go", "have", "get" …) or whose family code fits a WordNet synonym badly
  ("boost" under 060, "study" under 090; lists reviewed by hand below); and,
  unless ``--keep-appeals`` is given, bare 02x "appeal" verbs, which are
  mostly reporting verbs.

The output is a fallback lexicon, read after ``triggers.tsv`` and
``triggers_extra.tsv`` (both written by hand), which win for every lemma and
part of speech they list. The script needs the shared folder; the built file
is committed, so neither the package nor the tests need it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from veille.events.ontology import load_ontology  # noqa: E402

DICTIONARY = ROOT.parent / "shared" / "eval" / "kb" / "petrarch2" / "CAMEO.2.0.txt"
OUT = ROOT / "src" / "veille" / "data" / "lexicon" / "en" / "triggers_cameo.tsv"

HEADER = """\
# English event triggers derived from the PETRARCH2 CAMEO verb dictionary (fallback lexicon).
# Source: CAMEO.2.0.txt, openeventdata/petrarch2 (commit 676801cd),
# (c) 2015 Open Event Data Alliance, MIT licence; built by scripts/build_trigger_lexicon.py.
# CAMEO codes are mapped to PLOVER types and modes with veille/data/ontology/cameo.tsv
# (PLOVER mapping, CC BY-SA 4.0), with the type choices of eval/README.md.
# Licence of this derived table: MIT (same as its source; keep this notice when copying it);
# the PLOVER type and mode names are from PLOVER (CC BY-SA 4.0).
# Fallback: triggers.tsv and triggers_extra.tsv (written by hand) win; a row here is read only
# for a lemma and part of speech they lack. Columns as in triggers.tsv: lemma, pos, event_type,
# mode, cameo, with (one of these lemmas must stand near the verb: "launch" + "offensive").
lemma\tpos\tevent_type\tmode\tcameo\twith
"""


def _words(text: str) -> frozenset[str]:
    """Read a word list written as running text (one or more words a line)."""
    return frozenset(text.split())


# Type choices the gold conventions make where the PLOVER table differs
# (eval/README.md, "Coding conventions" 8): signing is AGREE, sanctions are
# SANCTION, destroying property is COERCE.
HOUSE_TYPES: dict[str, tuple[str, str]] = {
    "057": ("AGREE", ""),
    "163": ("SANCTION", ""),
    "1712": ("COERCE", "destroy"),
}

# Verbs that name no event on their own: they enter only with a companion word.
GENERIC_VERBS = _words(
    """
    be have do say make take go get give come put set see look keep hold run turn bring show
    use seek move let leave call tell ask add place stand meet find become begin continue
    carry raise open close lead follow play pass send receive report state note point remain
    hope want need wish think believe know expect consider plan try work help start stop end
    hit back press push cut drop break win lose face draw fall rise
    """
)

# Families whose code the dictionary gives to WordNet synonyms that, in news
# text, mostly mean something else ("boost", "improve", "enlarge" under 060
# material cooperation; "study", "explore" under 090 investigate). Reviewed
# by hand; their members keep their own codes and patterns.
SKIP_FAMILIES = _words(
    """
    INTEND PREPARE REVIVE SIGNAL STRIVE ARRIVE ASSEMBLE CONSIDER GO_SOMEWHERE HEAR INTRODUCE
    INVITE MEET_PEOPLE NOTIFY BARGAIN COORDINATE DISCLOSE INFLUENCE REJOICE BLESS ENCOURAGE
    FAVOR REASSERT RESPECT FORMALIZE ALLOCATE BOOST ENACT ENLIST FACILITATE GRANT LINK MERGE
    OVERSEE_MANAGE TRADE IMPORT PURCHASE INTERVENE STABILISE DEFEND LOOSEN COMPROMISE RELEASE
    RETREAT DELAY DISTURB PROVOKE DISMAY DISTRUST LAMENT DESPAIR CURSE DISGRACE IMPEL BETRAY
    DISASSOCIATE DISRUPT UNDERMINE SECEDE EXTRACT STEAL ENDANGER HURT RIP WHIP DIE FLATTEN
    ENGAGE TARGET OVERTHREW HOPE SUGGEST
    """
)

# Single members of kept families reviewed the same way: a common sense that
# is not the family's event ("claim", "debate", "defeat", "fight", "hang").
SKIP_VERBS = GENERIC_VERBS | _words(
    """
    advertise advertize promote associate concert side admire celebrate clap commemorate greet
    honor honour reward toast recognise recognize respect appreciate prefer benefit serve
    assist contribute invest buy compensate attire furnish gear outfit render stock tender
    abstain absolve clear countenance empower enable legislate verify ratify go hash settle
    talk resettle resolve arbitrate conciliate intercede intermediate abide conform bide fill
    satify submit comply drop renounce succumb look analyse ascertain check examine explore
    research study glance comb dig mine rake scan skim sweep unearth bid campaign crusade
    necessitate claim aver avow swear slight argue compete contend contradict contrast
    contravene counter counterbalance debate differ disagree wrangle challenge contest dispute
    refute dress lecture lash crucify savage override garner rally summon spy cage contain
    enclose restrict withhold vote exclude ostracise ostracize segregate shun cordon
    bill inflict levy reimpose crack crackdown curb constrain moderate restrain catch grab
    take snatch overturn pirate revolutionise revolutionize subvert appropriate tax boot kick
    oust remove abuse wipe best break bust crush defeat dominate eradicate master overcome
    overpower overshadow overtake overwhelm ravish circle ring surround killed kidnapped
    stamp string hang attacked shot square wage altercate clobber conflict duel grapple hammer
    match pit quarrel wrestle ram thump intrude aim infest inhabit reside dishonor dishonour
    petition grill interrogate abort disband affirm defect spurn rescind seek determined decide
    determine apply decree communicate express deliberate acknowledge disclose rejoice monitor
    order shelter doubt distress frustrate embargo boycott want fight struggle surmount search
    shatter ruin smash certify ensure subscribe volunteer vouch tolerate concession forgave
    forgiven arm equip collaborate cable siege combat desolate caution
    """
)

# Verbs whose patterns are left out: reporting verbs (the coder reads them as
# attribution), verbs of intention or aspect (read as modality: "plans to",
# "began"), and light or motion verbs whose object noun, when it names an
# event, is a trigger of its own ("set a deadline", "take part", "go to").
PATTERN_SKIP_VERBS = _words(
    """
    say announce report declare state tell add confirm claim note explain reveal disclose
    describe quote cite reiterate repeat restate stress underline emphasize emphasise
    highlight indicate suggest deny acknowledge admit mention write comment voice express
    present outline publish broadcast submit recommend want need necessitate plan intend hope
    wish expect seek try attempt decide propose consider prepare bid look believe regard view
    find see saw appear start begin continue complete commence initiate embark remain stay
    keep maintain head arrive travel tour touring journey depart egress go come enter leave
    make get have be do give put set take use play show raise reach form create build develop
    cause spark trigger prompt involve stop open move step join resume
    """
)

# Phrasal verbs kept as verb + particle; the others are idioms of no event
# ("set up", "carry out", "take shape") or coded oddly ("beef up" [174]).
PHRASAL_KEPT = _words(
    """
    side_with back_down pull_back give_in dress_down lash_out call_up cordon_off crack_down
    take_over boot_out kick_out wipe_out gun_down shoot_down wage_war set_free call_off
    """
)

# Words that cannot carry a pattern on their own.
FUNCTION_WORDS = _words(
    """
    a an the this that these those it its them him her his their they he she we us our you
    himself herself itself themselves oneself one no not all any some own new other such
    to for with in on at from by of into onto against about over under after before between
    as than upon toward towards through across around within without until since
    """
)
PARTICLES = _words("up down out off back away over in on aside apart forward")
BE_FORMS = _words("is are am was were be been being")

CODE_RE = re.compile(r"\[([0-9]*):?([0-9]*)\]")


@dataclass(slots=True)
class Family:
    """One verb family of the dictionary: its members and patterns."""

    name: str
    code: str
    verbs: dict[str, str] = field(default_factory=dict)  # lemma → own code ("" = family's)
    phrasal: dict[tuple[str, str], str] = field(default_factory=dict)  # (verb, particle) → code
    forms: dict[str, str] = field(default_factory=dict)  # any written form → lemma
    patterns: list[tuple[str, list[str], str]] = field(default_factory=list)  # origin, words, code


def parse_synsets(lines: list[str]) -> dict[str, frozenset[str]]:
    """Read the ``&NAME`` synonym sets as sets of lower-case single words."""
    synsets: dict[str, set[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line.split()[0]
            synsets[current] = set()
        elif line.startswith("+") and current is not None:
            word = line[1:].split()[0].strip("_").lower()
            if word and "_" not in word:
                synsets[current].add(word)
        elif not line:
            current = None
    return {name: frozenset(words) for name, words in synsets.items()}


def _code(text: str) -> str:
    """Return the source-side CAMEO code of a ``[code]`` field; "" for none or ``[---]``."""
    match = CODE_RE.search(text)
    return match.group(1) if match else ""


def parse_families(lines: list[str]) -> list[Family]:
    """Read the verb families of the ``VERB PATTERNS`` section."""
    families: list[Family] = []
    family: Family | None = None
    for raw in lines:
        line = raw.rstrip()
        if line.startswith("---"):
            name = line.strip("- ").split()[0]
            family = Family(name=name, code=_code(line))
            families.append(family)
            continue
        if family is None or not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        if line.startswith("-"):
            family.patterns.append(
                (comment.strip().split()[0] if comment.strip() else "", body.split(), _code(body))
            )
            continue
        _add_verb(family, body)
    return families


def _add_verb(family: Family, body: str) -> None:
    """Add one verb line (``HURRY {HURRIES HURRIED} [070]``, ``+ASK_FOR [020]``) to ``family``."""
    forms = re.findall(r"\{([^}]*)\}", body)
    head = re.sub(r"\{[^}]*\}|\[[^]]*\]", " ", body).split()
    if not head:
        return
    words = head[0].lstrip("+").strip("_").lower().split("_")
    if words[0] in BE_FORMS and len(words) > 1:  # "+IS_DETERMINED": the adjective carries it
        words = words[1:]
    lemma = words[0]
    if len(words) == 2 and words[1] not in {"and", "or"}:
        family.phrasal.setdefault((lemma, words[1]), _code(body))
    elif len(words) == 1:
        family.verbs.setdefault(lemma, _code(body))
    family.forms[head[0].lstrip("+").strip("_").lower()] = lemma
    for group in forms:
        for form in group.replace(",", " ").split():
            family.forms[form.lstrip("+").strip("_").lower()] = lemma


def _singular(word: str) -> str:
    """Return a naive singular, enough for the dictionary's nouns ("exercises" → "exercise")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def companion_words(
    tokens: list[str], synsets: dict[str, frozenset[str]]
) -> tuple[frozenset[str], float]:
    """Return the words that must stand near the verb for a pattern to apply, and their weight.

    The head of the first phrase after the verb (the last word of a ``{...}``
    compound, the noun of a ``(PREP NOUN)`` phrase), else of the nearest
    phrase before it; a synonym set stands for all its members. A phrasal
    particle ("OFF", "OUT") counts only when no noun follows it. Our ``with``
    column cannot require the modifiers of a compound, so a head that drops
    some ({VERBAL ATTACK} → "attack") or stands for a whole synonym set weighs
    less than a pattern written with that one word.
    """
    words = [t for t in tokens[1:] if not CODE_RE.fullmatch(t)]
    star = words.index("*") if "*" in words else len(words)
    for phrases in (_phrases(words[star + 1 :]), list(reversed(_phrases(words[:star])))):
        heads = [(phrase, _head(phrase, synsets)) for phrase in phrases]
        for phrase, head in heads:
            if head and not head <= PARTICLES:
                return head, _weight(phrase)
        particles = [head for _, head in heads if head]
        if particles:
            return particles[0], 1.0
    return frozenset(), 0.0


def _weight(phrase: list[str]) -> float:
    """Tell how faithfully one head word stands for ``phrase`` (see :func:`companion_words`)."""
    content = [w for w in phrase if w.strip("_").lower() not in FUNCTION_WORDS]
    if len(content) > 1:
        return 0.4
    return 0.5 if content and content[0].startswith("&") else 1.0


def _phrases(tokens: list[str]) -> list[list[str]]:
    """Split pattern tokens into phrases: ``{...}``, ``(...)`` or single words."""
    phrases: list[list[str]] = []
    current: list[str] = []
    depth = 0
    for token in tokens:
        opens = token.count("{") + token.count("(")
        closes = token.count("}") + token.count(")")
        word = token.strip("{}()")
        if word and word not in {"$", "+", "^", "%", "*"}:
            current.append(word)
        depth += opens - closes
        if depth <= 0:
            if current:
                phrases.append(current)
            current, depth = [], 0
    if current:
        phrases.append(current)
    return phrases


def _head(phrase: list[str], synsets: dict[str, frozenset[str]]) -> frozenset[str]:
    """Return the head word(s) of a phrase: its last content word, a synonym set expanded."""
    for word in reversed(phrase):
        if word.startswith("&"):
            return synsets.get(word, frozenset())
        lower = word.strip("_").lower()
        if lower and "_" not in lower and lower not in FUNCTION_WORDS and lower.isalpha():
            return frozenset({lower, _singular(lower)})
    return frozenset()


def plover(code: str) -> tuple[str, str] | None:
    """Return the PLOVER (type, mode) of CAMEO ``code``; ``None`` when it is no PLOVER event."""
    if code in HOUSE_TYPES:
        return HOUSE_TYPES[code]
    ontology = load_ontology()
    if code not in ontology:
        return None
    row = ontology.cameo(code)
    if not row.plover_type:
        return None
    return row.plover_type, row.plover_mode or ""


@dataclass(slots=True)
class Built:
    """The rows to write and what was left out, for the summary."""

    rows: list[tuple[str, str, str, str, str, str]]
    skipped: Counter[str]


def build(text: str, *, keep_appeals: bool = False) -> Built:
    """Turn the dictionary ``text`` into trigger rows (see the module docstring)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    end = next(
        (i for i, line in enumerate(lines) if line.startswith("######## TRANSFORMATIONS")),
        len(lines),
    )
    synsets = parse_synsets(lines[:start])
    skipped: Counter[str] = Counter()
    bare: dict[str, tuple[str, str, str]] = {}  # lemma → type, mode, code
    # (lemma, companion) → weighted votes of the patterns for each code
    votes: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for family in parse_families(lines[start:end]):
        family_code = "" if family.name in SKIP_FAMILIES else family.code
        for lemma, own in family.verbs.items():
            code = own or family_code
            mapped = plover(code) if code else None
            if mapped is None:
                skipped["no PLOVER event"] += bool(code)
            elif lemma in SKIP_VERBS:
                skipped["generic or other-sense verb"] += 1
            elif code.startswith("02") and not keep_appeals:
                skipped["bare appeal verb"] += 1
            else:
                bare.setdefault(lemma, (*mapped, code))
        for (lemma, particle), own in family.phrasal.items():
            code = own or family.code
            if f"{lemma}_{particle}" in PHRASAL_KEPT and plover(code) is not None:
                votes[lemma, particle][code] += 1
            else:
                skipped["phrasal verb"] += 1
        for origin, tokens, code in family.patterns:
            if not code or plover(code) is None:
                skipped["pattern without PLOVER event"] += 1
                continue
            heads, weight = companion_words(tokens, synsets)
            if not heads:
                skipped["pattern without content word"] += 1
                continue
            # The verb the pattern was written for (its comment), else the
            # family's own verb: its WordNet synonyms rarely take the same object.
            verb = family.forms.get(origin.lower()) or family.forms.get(family.name.lower())
            if verb is None:
                skipped["pattern of a verb outside its family"] += 1
                continue
            if verb in PATTERN_SKIP_VERBS:
                skipped["pattern of a reporting, modal or light verb"] += 1
                continue
            for head in heads:
                votes[verb, head][code] += weight
    return Built(rows=_rows(bare, votes), skipped=skipped)


def _rows(
    bare: dict[str, tuple[str, str, str]],
    votes: dict[tuple[str, str], dict[str, float]],
) -> list[tuple[str, str, str, str, str, str]]:
    """Return one row per bare verb and per (verb, type, mode, code) of companion words.

    Each (verb, companion) pair keeps the PLOVER type most of its patterns
    vote for (the later type name on a tie, so the output is stable) and,
    within it, the code with most votes, the more general on a tie.
    """
    grouped: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for (verb, head), codes in votes.items():
        by_type: dict[str, float] = defaultdict(float)
        mapped = {code: plover(code) for code in codes}
        for code, weight in codes.items():
            if (reading := mapped[code]) is not None:
                by_type[reading[0]] += weight
        if not by_type:
            continue
        event_type = max(by_type, key=lambda t: (by_type[t], t))
        code = max(
            (c for c, reading in mapped.items() if reading and reading[0] == event_type),
            key=lambda c: (codes[c], -len(c), c),
        )
        if verb in bare and bare[verb][2] == code:
            continue  # the bare entry already says it
        mode = (mapped[code] or ("", ""))[1]
        grouped[verb, event_type, mode, code].add(head)
    rows = [(lemma, "V", t, m, c, "") for lemma, (t, m, c) in bare.items()]
    rows += [(v, "V", t, m, c, ",".join(sorted(w))) for (v, t, m, c), w in grouped.items()]
    # Companion rows first within a lemma: they are the more specific reading.
    return sorted(rows, key=lambda r: (r[0], r[5] == "", r[2], r[4]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dictionary", type=Path, default=DICTIONARY, help="path of CAMEO.2.0.txt")
    parser.add_argument("--out", type=Path, default=OUT, help="TSV file to write")
    parser.add_argument(
        "--keep-appeals",
        action="store_true",
        help="keep bare 02x appeal verbs (left out by default: mostly reporting verbs)",
    )
    args = parser.parse_args()
    if not args.dictionary.is_file():
        print(
            f"build_trigger_lexicon: {args.dictionary} not found; give --dictionary "
            "(the built file in the package is unchanged)",
            file=sys.stderr,
        )
        return 2
    built = build(args.dictionary.read_text(encoding="utf-8"), keep_appeals=args.keep_appeals)
    body = "".join("\t".join(row) + "\n" for row in built.rows)
    args.out.write_text(HEADER + body, encoding="utf-8")
    lemmas = len({row[0] for row in built.rows})
    print(f"wrote {len(built.rows)} rows for {lemmas} lemmas to {args.out}")
    for reason, count in sorted(built.skipped.items()):
        print(f"  left out: {count:5d} {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
