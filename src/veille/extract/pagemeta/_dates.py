"""The publication day, as the page states it, and the instant with the page's own offset.

Candidates: the JSON-LD article's ``datePublished``, ``<meta>`` dates
(``article:published_time`` first), ``<time>`` elements (by where they sit:
one in a related-posts box or a comment does not vote, an "updated" one
counts little), datelines written around the headline and the byline
("Publié le 3 mars 2024 à 14h05", "Posted: Aug 08, 2024 4:00 AM EDT",
"par X, 3 mars"), a date opening the body ("Feb. 23, 2015 -- ..."), and the
URL ("/2016/12/19/"), microdata (``itemprop="datePublished"`` on a shown
element). Candidates vote for a day; the day is read as the page writes it,
never moved to UTC, so an evening post in the Americas keeps its day; an
instant the page gives in UTC is read in the page's own offset when the page
states one elsewhere (another instant with its offset, or a shown time of
day that the UTC instant matches). Only dates the page states are
candidates: a guess from the body text is never one; a "Publié le" line far
from the headline dates the page only when nothing else does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from veille.extract.dates import looks_like_date, parse_page_datetime, resolve_date
from veille.extract.pagemeta._authors import W_BYLINE_TOP, visible_bylines
from veille.extract.pagemeta._bylines import trailing_date
from veille.extract.pagemeta._page import (
    MIN_BODY_PARAGRAPH,
    Page,
    first,
    head_zone_elements,
    in_chrome,
    in_head_zone,
    place,
    text_of,
    type_name,
)
from veille.records import MetadataChoice, MetadataVote

_W_JSON_LD = 3.0
_W_DATELINE = 3.0
_W_BYLINE_DATE = 2.5
_W_TIME_ARTICLE = 2.0
_W_LEAD = 2.0
_W_STRONG_META = 2.0
_W_META = 1.0
_W_URL = 1.0
_W_UPDATED = 0.5
_W_IN_BODY = 0.5
_W_FAR_DATELINE = 1.0
_UPDATED_SHARE = 0.25
_HEAD_BONUS = 0.5
_MAX_DATELINE_CHARS = 80
_HINT_REACH = 40
_ONE_DAY = timedelta(days=1)
_UPDATED_HINT = re.compile(
    r"updat|modif|mis[- ]à[- ]jour|mise[- ]à[- ]jour|maj\b|actualis", re.IGNORECASE
)
_PUBLISHED_HINT = re.compile(r"publi|posted|created|créé|first|mis en ligne|paru", re.IGNORECASE)
# A line that says when the article was published, wherever it sits on the page.
_PUBLISHED_LINE = re.compile(
    r"^(?:publié|publiée|publication|mis en ligne|paru|published|posted|first published)\b",
    re.IGNORECASE,
)
# A time of day in a dateline: "14h05", "14 h 05", "14:05", "2:05 pm".
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(?:\s?h\s?\d{2}|:\d{2})|\b\d{1,2}\s?(?:am|pm)\b", re.I)
_MAX_OFFSET = timedelta(hours=14)
_OFFSET_STEP = timedelta(minutes=15)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|\b)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|\b)"
)
_LEAD_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][A-Za-zÀ-ÿ .'-]{1,30},\s*)?(.{6,40}?)\s*(?:\([A-Za-z]{2,12}\)\s*)?(?:--|—|–|-)\s"
)
_NOT_DATELINE_TAGS = frozenset({"script", "style", "time", "figure", "figcaption", "noscript"})
# Time zones written after a time: "EDT", "UTC+2", and Quebec's "HNE" (heure normale de l'Est).
_ZONES = re.compile(
    r"\s*(?:\(|\b)(?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|CST|CDT|ET|PT|IST|BST|"
    r"HNE|HAE|HNC|HAC|HNR|HAR|HNP|HAP|HNA|HAA|HNT|HAT|HE)(?:[+-]\d{1,2})?\)?(?!\w).*$"
)
_SPACED_HOURS = re.compile(r"\b(\d{1,2})\s+h(?:\s*(\d{2}))?\b")
_DASHED_DAY = re.compile(r"\b(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})\b")
_MARCH_ABBREVIATED = re.compile(r"\b(\d{1,2}(?:er)?)\s+mar\b\.?", re.IGNORECASE)
_ZONE_IN_WORDS = re.compile(
    r"\s*\(?\bheure\s+(?:de\s+Paris|française|de\s+France|locale|de\s+l'Est|du\s+Québec)\b\)?",
    re.IGNORECASE,
)
_DAY_DIGITS = re.compile(r"\d")
# A label ending with a colon before the date: "Publication : 03/03/2024".
_COLON_LABEL = re.compile(r"^[^\d:]{1,40}:\s*(?=\d)")
_META_DATES = (
    ("article:published_time", _W_STRONG_META),
    ("og:article:published_time", _W_STRONG_META),
    ("datepublished", _W_STRONG_META),
    ("parsely-pub-date", _W_META),
    ("sailthru.date", _W_META),
    ("dc.date.issued", _W_META),
    ("dcterms.issued", _W_META),
    ("dc.date", _W_META),
    ("dcterms.created", _W_META),
    ("pubdate", _W_META),
    ("publishdate", _W_META),
    ("publish-date", _W_META),
    ("article.published", _W_META),
    ("date", _W_META),
    ("citation_publication_date", _W_META),
)


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """One stated date: its source, text, weight, the day it says and, if given, the instant."""

    source: str
    text: str
    weight: float
    day: str
    moment: datetime | None
    wall: datetime | None = None  # the time of day a dateline shows, naive


def date_candidates(
    page: Page, reference: datetime, languages: tuple[str, ...]
) -> list[DateCandidate]:
    """Every publication date the page states, each with its weight and day."""
    out: list[DateCandidate] = []

    def add(source: str, text: str | None, weight: float, *, written: bool = False) -> None:
        if text:
            moment, day, wall = _read_date(text, reference, languages, written=written)
            if day is not None:
                out.append(DateCandidate(source, text, weight, day, moment, wall))

    for node in page.articles:
        if published := text_of(node.get("datePublished")):
            add(f"json-ld:{type_name(node)}.datePublished", published, _W_JSON_LD)
        else:
            add(f"json-ld:{type_name(node)}.dateCreated", text_of(node.get("dateCreated")), _W_META)
    for key, weight in _META_DATES:
        add(f"meta:{key}", first(page.meta.get(key)), weight)
    for element in page.root.iter("time"):
        _add_time(page, element, add)
    for element, value, weight, written in _microdata_dates(page):
        add(f"microdata:{element.get('itemprop')}", value, weight, written=written)
    for vote in _datelines(page):
        add(vote.source, vote.value, vote.weight, written=True)
    for byline in visible_bylines(page):
        if byline.byline.date_text and byline.weight >= W_BYLINE_TOP:
            add("byline-date", byline.byline.date_text, _W_BYLINE_DATE, written=True)
    if (lead := _lead_dateline(page)) is not None:
        add("body-dateline", lead, _W_LEAD, written=True)
    if page.url and (match := _URL_DATE.search(page.url)):
        year, month, day = (g for g in match.groups() if g is not None)
        add("url", f"{year}-{month}-{day}", _W_URL)
    if not out and (line := _far_published_line(page)) is not None:
        add("dateline:page", line, _W_FAR_DATELINE, written=True)
    return out


def _microdata_dates(page: Page) -> list[tuple[Any, str, float, bool]]:
    """Shown elements marked ``itemprop="datePublished"``: their value, weight, and if written."""
    out = []
    for element in page.root.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "time"):
            continue  # <meta> is read with the other meta tags, <time> on its own
        if (element.get("itemprop") or "").strip() not in ("datePublished", "dateCreated"):
            continue
        where = place(page, element)
        if where == "chrome":
            continue
        weight = _W_JSON_LD if where == "article" else _W_META
        value = element.get("content") or element.get("datetime")
        if value:
            out.append((element, value, weight, False))
        elif text := " ".join(element.text_content().split())[:_MAX_DATELINE_CHARS]:
            out.append((element, text, weight, True))
    return out


def _far_published_line(page: Page) -> str | None:
    """Return the first "Publié le ..." line outside the chrome (for a page with no other date)."""
    for element in page.root.iter("p", "div", "span", "li", "em", "small", "strong", "b"):
        for text in (element.text, element.tail):
            line = " ".join((text or "").split())
            if not line or len(line) > _MAX_DATELINE_CHARS or not _PUBLISHED_LINE.match(line):
                continue
            if place(page, element) != "chrome" and looks_like_date(line):
                return line
    return None


def _add_time(page: Page, element: Any, add: Any) -> None:  # noqa: ANN401
    where = place(page, element)
    if where == "chrome":
        return
    marks = " ".join(filter(None, (element.get(k) for k in ("class", "itemprop", "pubdate"))))
    label = " ".join((element.text_content() or "").split())[:_MAX_DATELINE_CHARS]
    context = f"{marks} {label} {_preceding_text(element)}"
    updated = bool(_UPDATED_HINT.search(context)) and not _PUBLISHED_HINT.search(context)
    weight = _W_TIME_ARTICLE if where == "article" else _W_META / 2
    if where == "article" and _in_body_text(page, element):
        weight = _W_IN_BODY  # a date the text mentions, or the source it republishes
    weight *= _UPDATED_SHARE if updated else 1.0
    if where == "article" and in_head_zone(page, element):
        weight += _HEAD_BONUS
    value = element.get("datetime") or ""
    if value and parse_page_datetime(value) is not None:
        add(f"time:{where}", value, weight)
    elif label:
        add(f"time-text:{where}", label, weight, written=True)


def _in_body_text(page: Page, element: Any) -> bool:  # noqa: ANN401
    """Whether ``element`` sits in a paragraph of the body, below the head zone."""
    if page.order.get(element, -1) <= page.head_zone[1] or in_head_zone(page, element):
        return False
    body = page.body
    inside_body = any(node is body for node in element.iterancestors())
    return inside_body and any(node.tag == "p" for node in element.iterancestors())


def _datelines(page: Page) -> list[MetadataVote]:
    """Return the dates written around the headline and byline ("Publié le 3 mars 2024")."""
    out = []
    for element in head_zone_elements(page):
        tag = element.tag
        if isinstance(tag, str) and tag in _NOT_DATELINE_TAGS:
            continue
        if in_chrome(page, element, page.scope) or any(
            a.tag in ("figure", "figcaption") for a in element.iterancestors()
        ):
            continue
        # A comment's own text is not shown; what follows it is ("<!-- -->30 septembre 2018").
        texts = (element.text, element.tail) if isinstance(tag, str) else (element.tail,)
        for text in texts:
            line = normalise_dateline(" ".join((text or "").split()))
            # "Europe | 3 mars 2024": a section or names, then the date alone, is read as the date.
            line = trailing_date(line) or line
            if not line or len(line) > _MAX_DATELINE_CHARS or not looks_like_date(line):
                continue
            line = published_part(line)
            head = line[:_HINT_REACH]  # what is left says whether it is an update
            updated = bool(_UPDATED_HINT.search(head)) and not _PUBLISHED_HINT.search(head)
            out.append(MetadataVote("dateline", line, _W_UPDATED if updated else _W_DATELINE))
    return out


def normalise_dateline(line: str) -> str:
    """Rewrite French shapes dateparser misreads: "14 h 05" → "14h05", "03-03-2024" → "03/03/2024".

    "mar." after a day is March (dateparser takes it for mardi, Tuesday, and
    dates the page in the current month), and "(heure de Paris)" names the
    zone in words.

    >>> normalise_dateline("Publié le 03-03-2024 à 14 h 05")
    'Publié le 03/03/2024 à 14h05'
    >>> normalise_dateline("Le 3 mar. 2024 à 23h30 (heure de Paris)")
    'Le 3 mars 2024 à 23h30'
    """
    line = _SPACED_HOURS.sub(lambda m: f"{m[1]}h{m[2] or ''}", line)
    line = _MARCH_ABBREVIATED.sub(r"\1 mars", line)
    line = _ZONE_IN_WORDS.sub("", line)
    return _DASHED_DAY.sub(r"\1/\2/\3", line)


def published_part(line: str) -> str:
    """Keep the publication of a line that also states an update, in either order.

    A date before "mis à jour" with no "publié" is the publication too.

    >>> published_part("Mis à jour le 04/03/2024 - Publié le 03/03/2024 à 14h05")
    'Publié le 03/03/2024 à 14h05'
    >>> published_part("Publié le 03/03/2024, mis à jour le 04/03/2024")
    'Publié le 03/03/2024'
    >>> published_part("Le 3 mars 2024 à 14h05 (mis à jour le 4 mars 2024)")
    'Le 3 mars 2024 à 14h05'
    """
    published = _PUBLISHED_HINT.search(line)
    update = _UPDATED_HINT.search(line)
    if update is None:
        return line
    if published is None:
        before = line[: update.start()].strip(" ,;(-–—|•·")
        return before if before and looks_like_date(before) and _DAY_DIGITS.search(before) else line
    start = line.rfind(" ", 0, published.start()) + 1  # the whole word: "Publié", "First"
    rest = line[start:]
    updated = _UPDATED_HINT.search(rest, published.end() - start)
    return (rest[: updated.start()] if updated else rest).strip(" ,;-–—|•·")


def _lead_dateline(page: Page) -> str | None:
    """Find a date opening the body: "Feb. 23, 2015 -- Life-threatening ...", "PARIS, 3 mars -"."""
    for paragraph in page.scope.iter("p"):
        if page.order.get(paragraph, -1) < page.head_zone[1]:
            continue
        text = " ".join(paragraph.text_content().split())[:_MAX_DATELINE_CHARS]
        if len(text) < MIN_BODY_PARAGRAPH:
            continue
        match = _LEAD_DATELINE.match(text)
        return match.group(1) if match and looks_like_date(match.group(1)) else None
    return None


def _preceding_text(element: Any) -> str:  # noqa: ANN401
    previous = element.getprevious()
    if previous is not None and isinstance(previous.tag, str):
        return " ".join((previous.text_content() or "").split())[-_HINT_REACH:]
    parent = element.getparent()
    return " ".join((parent.text or "").split())[-_HINT_REACH:] if parent is not None else ""


def _read_date(
    text: str, reference: datetime, languages: tuple[str, ...], *, written: bool
) -> tuple[datetime | None, str | None, datetime | None]:
    """Read the instant (the page's offset kept), the day as the page states it, its wall time.

    The wall time is the time of day a written dateline shows, when it shows one.
    """
    moment = parse_page_datetime(text)
    if moment is not None:
        return (moment if moment.tzinfo is not None else None), moment.date().isoformat(), None
    if not written:
        return None, None, None
    cleaned = _clean_dateline(text)
    if not cleaned or not looks_like_date(cleaned):
        return None, None, None
    resolved = resolve_date(cleaned, reference, languages)
    if resolved is None or resolved > reference.replace(tzinfo=resolved.tzinfo) + _ONE_DAY:
        return None, None, None  # a date in the future is an event announced, not the publication
    # resolve_date keeps the time as written (read as UTC): it is the page's wall time.
    wall = resolved.replace(tzinfo=None) if _TIME_OF_DAY.search(cleaned) else None
    return None, resolved.date().isoformat(), wall


def _clean_dateline(text: str) -> str:
    """Keep the date of a dateline: drop the byline before it and the time zone after it."""
    line = re.sub(
        r"^.*?(?=\b(?:publié|published|posted|créé|le|on)\b)", "", text, flags=re.IGNORECASE
    )
    line = normalise_dateline(line or text)
    line = _COLON_LABEL.sub("", line)
    line = re.sub(r"\b(?:a\.m\.|p\.m\.)", lambda m: m.group(0).replace(".", ""), line, flags=re.I)
    line = _ZONES.sub("", line)
    line = re.sub(r"\s*[|•·]\s*.*$", "", line)
    line = re.sub(r"\s*[-–—]\s*(?:mis à jour|updated).*$", "", line, flags=re.IGNORECASE)
    return line.strip(" ,.:-")


def choose_date(
    candidates: list[DateCandidate],
) -> tuple[MetadataChoice | None, datetime | None, str | None]:
    """Vote for a day; return the choice, the instant (the page's offset kept) and the day."""
    if not candidates:
        return None, None, None
    candidates = in_page_offset(candidates)
    days: dict[str, float] = {}
    for candidate in candidates:
        days[candidate.day] = days.get(candidate.day, 0.0) + candidate.weight
    # On a tie the earlier day wins: the first publication, not an update.
    best = max(days, key=lambda day: (days[day], [-int(part) for part in day.split("-")]))
    members = sorted((c for c in candidates if c.day == best), key=lambda c: -c.weight)
    winner = members[0]
    moment = next((c.moment for c in members if c.moment is not None), None)
    outvoted = tuple(MetadataVote(c.source, c.text, c.weight) for c in candidates if c.day != best)
    agreeing = tuple(c.source for c in members[1:])
    return MetadataChoice(winner.text, winner.source, agreeing, outvoted), moment, best


def page_offset(candidates: list[DateCandidate]) -> timedelta | None:
    """Return the UTC offset the page writes its times in, when it states one.

    Either an instant given with a non-zero offset (the heaviest such offset),
    or a time of day shown in a dateline that an instant given in UTC matches
    to the quarter hour ("21 h 05" shown, "02:05Z" the next day in metadata:
    five hours behind UTC).
    """
    weights: dict[timedelta, float] = {}
    for candidate in candidates:
        offset = candidate.moment.utcoffset() if candidate.moment is not None else None
        if offset:
            weights[offset] = weights.get(offset, 0.0) + candidate.weight
    if weights:
        return max(weights, key=lambda offset: weights[offset])
    utc = [c.moment for c in candidates if c.moment is not None and not c.moment.utcoffset()]
    for wall in (c.wall for c in candidates if c.wall is not None):
        for moment in utc:
            gap = wall - moment.replace(tzinfo=None)
            if gap and abs(gap) <= _MAX_OFFSET and gap % _OFFSET_STEP == timedelta(0):
                return gap
    return None


def in_page_offset(candidates: list[DateCandidate]) -> list[DateCandidate]:
    """Read the instants given in UTC in the page's own offset, which may change their day."""
    offset = page_offset(candidates)
    if offset is None:
        return candidates
    zone = timezone(offset)
    out = []
    for candidate in candidates:
        moment = candidate.moment
        if moment is not None and moment.utcoffset() == timedelta(0):
            local = moment.astimezone(zone)
            candidate = replace(candidate, moment=local, day=local.date().isoformat())  # noqa: PLW2901
        out.append(candidate)
    return out
