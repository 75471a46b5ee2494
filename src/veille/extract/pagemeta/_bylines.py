"""Bylines as text: persons, organisations and the date a byline carries.

:func:`parse_byline` reads "Par X le 3 mars 2024", "By X and Y", "X et Y",
"Un documentaire de X", "Martin Untersinger (avec Damien Leloup et Morgane
Tual)", "By Tom Davies - Associated Press", "Par Le Figaro et AFP". It stops
at the date or the page furniture after the names, splits the names on
commas and joiners, and sorts each part: an organisation (an agency, a word
such as "News" or "Staff", the site's own name, a name in another script), a
person (two to five capitalised words, job titles cut off, names written in
capitals title-cased), or nothing (a placeholder such as "Editor"). The
words are data: ``data/metadata/bylines.tsv``.
"""

from __future__ import annotations

import html as html_entities
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from veille.datafiles import read_data, tsv_rows
from veille.extract.dates import calendar_words, looks_like_date
from veille.extract.pagemeta._page import names_site, squash

_MAX_NAME_TOKENS = 5
_MIN_NAME_TOKENS = 2
_MAX_ORGANISATION_TEXT = 80
_MAX_ACRONYM = 5
_DATE_REACH = 80
# Initials or a nickname in parentheses inside a name: "Richard (R.J.) Eskow".
_NICKNAME = re.compile(r"(?<=\w)\s+\((?:[A-Z]\.){1,3}\)\s+(?=[A-Z])")
# A label after other words: "Tech Industry by Steven Musil" (a section, then the byline).
_MIDDLE_LABEL = re.compile(r"(?<=\w)[\s¦]+(?i:by|par)[\s¦]+(?=[A-ZÀ-Ý])")
# The writer after an interviewee: "Entretien avec X, par Y", "Interview with X by Y".
_WRITER_LABEL = re.compile(r"(?<![\w'’])(?i:par|by)\s+(?=[A-ZÀ-Ý])")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,;.])")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?$")  # "AP in Valencia"
_ELIDED = re.compile(r"^(?:l|d)['’](?=[A-ZÀ-Ý])", re.IGNORECASE)
# A dateline before the byline: "Publié le 3 mars 2024 à 14h05 par X", "Le 03/03/2024 par X".
_DATED_LABEL = re.compile(r"^(?P<date>.{4,80}?)\s+(?i:par|by)(?:\s+(?=[A-ZÀ-Ý])|\s*$)")
# Where a correspondent writes from, between the label and the name:
# "De notre correspondante à Bruxelles, Jeanne Roy".
_FROM_PLACE = re.compile(
    r"^(?:à|au|aux|en|depuis)\s+[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*\s*,\s*"
)
_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "dos", "bin", "ben"}
)
# An outlet's name may open with an article ("The Times", "Les Echos"); a person's does not.
_ARTICLES = frozenset({"the", "les", "a", "an", "un", "une", "el", "il", "lo"})
_NAME_PREFIXES = ("d'", "d’", "l'", "al-", "el-")
# Articles inside a name ("Marine Le Pen", "Jean de La Fontaine") never open one.
_OPENING_ARTICLES = frozenset({"le", "la", "les", "the"})
_MAX_OUTLET_TOKENS = 4
_EDGES = " .,:;-–—|¦·•"
_MONTH_WORDS = (
    r"(?:jan|feb|febr|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|fevr|avr|mai|juin|"
    r"juil|août|aout|déc)[a-zéû]*\.?"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche)"
)
# Where a byline's names end and its date begins.
_DATE_STARTS = (
    re.compile(rf"\b{_MONTH_WORDS}\s+\d{{1,2}}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:er)?\s+{_MONTH_WORDS}", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b"),
    re.compile(r"\b\d{1,2}-\d{1,2}-(?:19|20)\d{2}\b"),  # "03-03-2024", day first
    re.compile(r"\b(?:le|on)\s+\d{1,2}\b", re.IGNORECASE),
    re.compile(r"\b(?:il y a|\d+\s*(?:h|min|hours?|days?|jours?)\s+ago)\b", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[:h]\d{2}\b"),
    re.compile(rf"\b(?:{_WEEKDAYS}|today|yesterday|aujourd'hui|hier)\b", re.IGNORECASE),
)
# The words a dateline before a byline may hold besides numbers, months and weekdays.
# Abbreviations lose their dot to the tokeniser ("déc." is "déc").
_DATELINE_WORDS = frozenset(
    {
        "publié", "publiée", "publie", "mis", "mise", "en", "ligne", "à", "a", "jour",
        "modifié", "modifiée", "actualisé", "le", "du", "on", "at", "posted", "published",
        "updated", "am", "pm", "h",
    }
)  # fmt: skip
# A number, a time, or a time zone ("3", "1er", "14h05", "14:05", "EDT", "HNE").
# What separates the names from the date in an unlabelled byline line.
_SEPARATOR = re.compile(r"\s*[·•|]\s*|\s+[–—-]\s+")
_DASHED_DAY = re.compile(r"\b(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})\b")
_MAX_DATED_NAMES = 120
_MAX_NAME_PIECE = 60
_DATELINE_TOKEN = re.compile(r"\d+(?:er|st|nd|rd|th|h\d*|:\d+)?|[A-Z]{2,4}")


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline split into persons and organisations, and the date text it carried.

    ``organisation_text`` is the organisation byline as written ("Le Figaro
    et AFP") when the byline names no person.
    """

    persons: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    organisation_text: str | None = None
    date_text: str | None = None


def parse_byline(
    chunks: Iterable[str],
    site_names: set[str] | None = None,
    spelled_sites: set[str] | None = None,
) -> Byline:
    """Split a byline into persons and organisations, and keep the date it carries.

    ``chunks`` are the byline's text pieces in order (an element's texts, so
    that markup boundaries separate a name from a job title or a date);
    ``site_names`` (squashed) are never persons, except a person's name the
    site is named after when the site writes its name glued
    (``spelled_sites``: the names it writes as several words; see
    :func:`named_after_person`).

    >>> parse_byline(["Par Martin Untersinger (avec Damien Leloup et Morgane Tual)"]).persons
    ('Martin Untersinger', 'Damien Leloup', 'Morgane Tual')
    >>> parse_byline(["Par Le Figaro et AFP"]).organisation_text
    'Le Figaro et AFP'
    >>> parse_byline(["By ALLY MUTNICK 12/30/2019 05:03 AM EST"]).persons
    ('Ally Mutnick',)
    """
    sites = site_names or set()
    spelled = spelled_sites or set()
    words = byline_words()
    joined, date_text = _names_part(chunks)
    joined = _writer_part(joined)
    persons: list[str] = []
    organisations: list[str] = []
    for raw in _split_names(joined, words["joiner"]):
        piece = _IN_PLACE.sub("", strip_label(raw).strip(_EDGES))
        piece = _leading_joiner(words["joiner"]).sub("", piece)  # "(avec Anne Roux ..."
        if not piece:
            continue
        if is_organisation(piece, sites, spelled):
            organisations.append(_ELIDED.sub("", piece))  # "l'AFP" is AFP
        elif name := _person_name(piece.split(), words, _other_sites(piece, sites, spelled)):
            persons.append(name)
    organisation_text = None
    if organisations and not persons:
        text = _IN_PLACE.sub("", joined.replace(" ¦ ", " ").strip(_EDGES))
        text = _SPACE_BEFORE_MARK.sub(r"\1", text)  # markup split "LIBERATION , AFP"
        organisation_text = text if len(text) <= _MAX_ORGANISATION_TEXT else organisations[0]
    return Byline(tuple(dict.fromkeys(persons)), tuple(organisations), organisation_text, date_text)


def _names_part(chunks: Iterable[str]) -> tuple[str, str | None]:
    """Return a byline's names (chunks joined by "¦", label stripped) and its date text."""
    parts: list[str] = []
    date_text = None
    for chunk in chunks:
        text = " ".join(html_entities.unescape(chunk).split())
        if not text:
            continue
        if not parts and (dated := dated_label(text)) is not None:
            date_text, text = dated
            if not text:
                continue
        cut = _stop_at(text)
        if cut is None:
            parts.append(text)
            continue
        tail = _DASHED_DAY.sub(r"\1/\2/\3", text[cut : cut + _DATE_REACH])
        if looks_like_date(tail):
            date_text = tail
        parts.append(text[:cut])
        break
    joined = strip_label(" ¦ ".join(p for p in parts if p.strip()))
    middle = _MIDDLE_LABEL.search(joined)
    if middle is not None:
        joined = joined[middle.end() :]
    return joined, date_text


def _writer_part(text: str) -> str:
    """Drop the interviewee a byline opens with ("Entretien avec X"); keep the writer, if named.

    >>> _writer_part("Entretien avec Jacques Roy, par Anne Petit"), _writer_part("Entretien avec X")
    ('Anne Petit', '')
    """
    match = _interviewee().match(text)
    if match is None:
        return text
    writer = _WRITER_LABEL.search(text, match.end())
    return text[writer.end() :] if writer is not None else ""


def dated_label(text: str) -> tuple[str, str] | None:
    """Split "Publié le 3 mars 2024 par X" into its date and what follows the label.

    >>> dated_label("Publié le 3 mars 2024 à 14h05 par Jeanne Roy")
    ('Publié le 3 mars 2024 à 14h05', 'Jeanne Roy')
    """
    match = _DATED_LABEL.match(text)
    if match is None or not looks_like_date(match["date"]) or not _only_date(match["date"]):
        return None
    return match["date"], text[match.end() :]


def trailing_date(text: str) -> str | None:
    """Return the date a short header line ends with after a separator, if it holds only that.

    Under a headline, pages write "Jeanne Roy · 3 mars 2024", "Europe | 03-03-2024"
    or "Jeanne Roy – 3 mars 2024": what stands before the separator is a byline
    or a section, the last piece the date alone (dashed days rewritten with
    slashes, which dateparser reads day first in French).

    >>> trailing_date("Europe | 03-03-2024"), trailing_date("Jeanne Roy, 3 mars 2024")
    ('03/03/2024', None)
    """
    pieces = [p.strip() for p in _SEPARATOR.split(text) if p.strip()]
    if len(pieces) < 2 or len(text) > _MAX_DATED_NAMES:
        return None
    date, before = _DASHED_DAY.sub(r"\1/\2/\3", pieces[-1]), pieces[:-1]
    if not (looks_like_date(date) and _only_date(date)):
        return None
    if any(len(p) > _MAX_NAME_PIECE or any(c.isdigit() for c in p) for p in before):
        return None
    return date


def names_then_date(text: str) -> bool:
    """Whether a line may be a byline without a label: names, a separator, then the date alone.

    The date standing alone after a separator is what tells such a line from a
    kicker or a standfirst; whether the first part names persons is for
    :func:`parse_byline` to say ("Politique · 3 mars 2024" names nobody).

    >>> names_then_date("Jeanne Roy · 3 mars 2024"), names_then_date("Europe : 3 mars 2024")
    (True, False)
    """
    return trailing_date(text) is not None


def _only_date(text: str) -> bool:
    """Whether ``text`` holds a dateline and nothing else.

    French prose opens as datelines do ("Le 3 mars 2024, le texte présenté
    par Jeanne Roy ..."); only a line of date words is a dateline before a
    byline.

    >>> _only_date("Publié le 3 mars 2024 à 14h05"), _only_date("Le 3 mars, le décret signé")
    (True, False)
    """
    for token in re.findall(r"[\w:]+", text):
        bare = token.casefold()
        if bare in _DATELINE_WORDS or bare in calendar_words() or _DATELINE_TOKEN.fullmatch(token):
            continue
        return False
    return True


def _split_names(text: str, joiners: frozenset[str]) -> list[str]:
    text = _NICKNAME.sub(" ", text).replace("(", " ¦ ").replace(")", " ¦ ")
    pattern = rf"\s*(?:[,;¦|·•/]|\s[–—-]\s|\s(?:{_alternation(joiners)})\s)\s*"
    return [p for p in re.split(pattern, f" {text} ", flags=re.IGNORECASE) if p.strip()]


def _stop_at(text: str) -> int | None:
    """Where the names of a byline end: a stop word, a date, an e-mail or a handle."""
    positions = [match.start() for match in [_stop_words().search(text.casefold())] if match]
    positions.extend(m.start() for p in _DATE_STARTS if (m := p.search(text)))
    positions.extend(index for marker in ("@", "http") if (index := text.find(marker)) >= 0)
    return min(positions) if positions else None


def strip_label(text: str) -> str:
    """Remove the byline labels a text starts with ("By", "Par", "Un documentaire de")."""
    stripped = text.strip(" ¦|:-–—·•")
    while match := _labels().match(stripped):
        stripped = _FROM_PLACE.sub("", stripped[match.end() :].strip(" ¦|:-–—·•"))
    return stripped


def starts_with_label(text: str, *, has_children: bool) -> bool:
    """Whether an element's own text opens a byline: "By Jane Doe", or "By" before a link."""
    bare = text.strip(" :").casefold()
    if bare in byline_words()["label"]:
        return has_children or bare in ("by", "par")
    match = _labels().match(text)
    if match is None or match.end() >= len(text):
        return False
    rest = _FROM_PLACE.sub("", text[match.end() :])
    return rest[:1].isupper() and (has_children or not text[: match.end()].isupper())


def is_organisation(piece: str, sites: set[str], spelled_sites: set[str] | None = None) -> bool:
    """Whether a byline part names an organisation rather than a person.

    >>> is_organisation("Le Devoir", set()), is_organisation("Marine Le Pen", set())
    (True, False)
    """
    words = byline_words()
    lowered = words_of(piece)
    if lowered & (words["agency"] | words["organisation"]):
        return True
    if _outlet_title(piece):
        return True
    if names_site(piece, sites) and not named_after_person(piece, spelled_sites or set()):
        return True
    letters = [c for c in piece if c.isalpha()]
    if letters and not all(_latin(c) for c in letters):
        return True  # a name in another script on a French or English page: an outlet
    bare = piece.replace(".", "")
    return piece.isupper() and len(bare) <= _MAX_ACRONYM and " " not in piece


def _outlet_title(piece: str) -> bool:
    """Whether ``piece`` is a title opening with an article: "Le Devoir", "La Presse", "L'Obs"."""
    tokens = piece.strip(_EDGES).split()
    if not tokens or len(tokens) > _MAX_OUTLET_TOKENS:
        return False
    first = tokens[0].casefold()
    if first.startswith(("l'", "l’")) and len(tokens[0]) > 2:
        return len(tokens) == 1 and tokens[0][2].isupper()
    return (
        first in _OPENING_ARTICLES
        and len(tokens) >= _MIN_NAME_TOKENS
        and all(t[:1].isupper() for t in tokens[1:])
    )


def named_after_person(piece: str, spelled_sites: set[str]) -> bool:
    """Whether a byline naming the site is the person a personal site is named after.

    "Fred Cavazza" on FredCavazza.net: the site glues the name into one word
    (its domain, its ``og:site_name``); an outlet writes its name as the
    words the byline shows ("Le Monde", "Bondy Blog": in ``spelled_sites``,
    squashed). A person's name here is two to five capitalised words with
    no particle or article ("Le Monde" is not one).

    >>> named_after_person("Fred Cavazza", set()), named_after_person("Le Monde", set())
    (True, False)
    >>> named_after_person("Bondy Blog", {"bondyblog"})
    False
    """
    tokens = piece.split()
    if not _MIN_NAME_TOKENS <= len(tokens) <= _MAX_NAME_TOKENS:
        return False
    for token in tokens:
        core = token.replace("-", "")
        lowered = token.casefold()
        if not core.isalpha() or not token[0].isupper() or lowered in _PARTICLES | _ARTICLES:
            return False
    squashed = squash(piece)
    return not any(squashed in site for site in spelled_sites)


def _other_sites(piece: str, sites: set[str], spelled: set[str]) -> set[str]:
    """Return the site names that end a name in ``piece``: none when the site is named after it."""
    if names_site(piece, sites) and named_after_person(piece, spelled):
        return set()
    return sites


def is_agency(name: str) -> bool:
    """Whether ``name`` is or names a news agency ("AFP", "The Associated Press")."""
    return bool(words_of(name) & byline_words()["agency"])


def _person_name(
    tokens: list[str], words: dict[str, frozenset[str]], sites: set[str]
) -> str | None:
    """Read a person's name from the first tokens of a byline part; ``None`` if none."""
    kept: list[str] = []
    for token in tokens:
        bare = token.strip(",;:()").casefold()
        starts_role = bare in words["role"] or any(
            phrase.startswith(bare + " ") for phrase in words["role"]
        )
        if kept and (starts_role or names_site(token, sites)):
            break  # a job title or an affiliation after the name
        if starts_role:
            return None
        kept.append(token.strip(",;:()"))
    if not _MIN_NAME_TOKENS <= len(kept) <= _MAX_NAME_TOKENS:
        return None
    first = kept[0].casefold()
    if first in _OPENING_ARTICLES or first.startswith(("l'", "l’")):
        return None  # "Le Devoir", "La Presse", "The Star": an outlet; a person opens with a name
    text = " ".join(kept)
    if text.casefold() in words["placeholder"] or any(ch.isdigit() for ch in text):
        return None
    for token in kept:
        core = token.strip(".'’-")
        if not core or not all(ch.isalpha() or ch in ".'’-" for ch in token):
            return None
        lowered = token.casefold()
        if lowered in _PARTICLES or core.casefold().startswith(_NAME_PREFIXES):
            continue
        if not core[0].isupper():
            return None
    if not all(_latin(ch) for ch in text if ch.isalpha()):
        return None
    return normalise_name(kept)


def normalise_name(tokens: list[str]) -> str:
    """Title-case names written in capitals ("ALLY MUTNICK", "Chokri GHARBI"); keep the rest."""
    return " ".join(_title_case(token) for token in tokens)


def _title_case(token: str) -> str:
    letters = [c for c in token if c.isalpha()]
    if len(letters) <= 1 or not all(c.isupper() for c in letters) or "." in token:
        return token
    out = "-".join(part[:1] + part[1:].lower() for part in token.split("-"))
    out = re.sub(r"(?<=['’])(\w)", lambda m: m.group(1).upper(), out)
    return re.sub(r"^(Mc)(\w)", lambda m: m.group(1) + m.group(2).upper(), out)


def invert_last_first(value: str) -> str:
    """Turn Dublin Core's "Last, First" around; leave lists of full names alone."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or len(parts[0].split()) != 1:  # "Last, First"
        return value
    first_names = parts[1].split()
    if not 1 <= len(first_names) <= 3 or parts[1].isupper():
        return value  # "Smith, AFP" or three names: not one person
    return f"{parts[1]} {parts[0]}"


def name_key(name: str) -> str:
    """Return what two spellings of one person share ("JOE HILDEBRAND", "Joe Hildebrand")."""
    return squash(name)


@lru_cache(maxsize=1)
def byline_words() -> dict[str, frozenset[str]]:
    """Return the byline words of ``data/metadata/bylines.tsv`` by kind, lower-cased."""
    kinds: dict[str, set[str]] = {}
    for _language, kind, words in tsv_rows(read_data("metadata", "bylines.tsv"), "bylines.tsv", 3):
        kinds.setdefault(kind, set()).add(words.casefold())
    return {kind: frozenset(values) for kind, values in kinds.items()}


@lru_cache(maxsize=1)
def _leading_joiner(joiners: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation(joiners)})\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stop_words() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(byline_words()['stop'])})(?!\w)")


@lru_cache(maxsize=1)
def _interviewee() -> re.Pattern[str]:
    words = byline_words().get("interviewee", frozenset())
    return re.compile(rf"\s*(?:{_alternation(words)})\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _labels() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation(byline_words()['label'])})(?!\w)\s*:?\s*", re.IGNORECASE)


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "written by" is tried before "by".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def words_of(text: str) -> set[str]:
    """Lower-cased words of ``text`` and its two- and three-word phrases, for table lookups."""
    tokens = re.findall(r"[\w&]+(?:[-'’][\w]+)*", text.casefold())
    out = set(tokens)
    for size in (2, 3):
        out.update(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    out.update(part for token in tokens for part in token.split("-"))
    # French elision: "l'AFP", "d’Ouest-France" name the agency and the outlet too.
    out.update(part for token in tokens for part in re.split(r"['’]", token)[1:])
    return out


def _latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")
