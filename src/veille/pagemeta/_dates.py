"""The publication day, as the page states it, and the instant with the page's own offset.

Candidates: the JSON-LD article's ``datePublished``, ``<meta>`` dates
(``article:published_time`` first), ``<time>`` elements (by where they sit:
one in a related-posts box or a comment does not vote, an "updated" one
counts little), datelines written around the headline and the byline
("Publié le 3 mars 2024 à 14h05", "Posted: Aug 08, 2024 4:00 AM EDT",
"par X, 3 mars"), a date opening the body ("Feb. 23, 2015 -- ..."), and the
URL ("/2016/12/19/"). Candidates vote for a day; the day is read as the page
writes it, never moved to UTC, so an evening post in the Americas keeps its
day. Only dates the page states are candidates: a guess from the body text
is never one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from veille.dates import looks_like_date, parse_page_datetime, resolve_date
from veille.pagemeta._authors import W_BYLINE_TOP, visible_bylines
from veille.pagemeta._page import (
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
_UPDATED_SHARE = 0.25
_HEAD_BONUS = 0.5
_MAX_DATELINE_CHARS = 80
_HINT_REACH = 40
_ONE_DAY = timedelta(days=1)
_UPDATED_HINT = re.compile(r"updat|modif|mis[- ]à[- ]jour|mise[- ]à[- ]jour|maj\b", re.IGNORECASE)
_PUBLISHED_HINT = re.compile(r"publi|posted|created|créé|first", re.IGNORECASE)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|\b)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|\b)"
)
_LEAD_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][A-Za-zÀ-ÿ .'-]{1,30},\s*)?(.{6,40}?)\s*(?:\([A-Za-z]{2,12}\)\s*)?(?:--|—|–|-)\s"
)
_NOT_DATELINE_TAGS = frozenset({"script", "style", "time", "figure", "figcaption", "noscript"})
_ZONES = re.compile(
    r"\s*(?:\(|\b)(?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|CST|CDT|ET|PT|IST|BST)(?:[+-]\d{1,2})?\)?.*$"
)
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


def date_candidates(
    page: Page, reference: datetime, languages: tuple[str, ...]
) -> list[DateCandidate]:
    """Every publication date the page states, each with its weight and day."""
    out: list[DateCandidate] = []

    def add(source: str, text: str | None, weight: float, *, written: bool = False) -> None:
        if text:
            moment, day = _read_date(text, reference, languages, written=written)
            if day is not None:
                out.append(DateCandidate(source, text, weight, day, moment))

    for node in page.articles:
        if published := text_of(node.get("datePublished")):
            add(f"json-ld:{type_name(node)}.datePublished", published, _W_JSON_LD)
        else:
            add(f"json-ld:{type_name(node)}.dateCreated", text_of(node.get("dateCreated")), _W_META)
    for key, weight in _META_DATES:
        add(f"meta:{key}", first(page.meta.get(key)), weight)
    for element in page.root.iter("time"):
        _add_time(page, element, add)
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
    return out


def _add_time(page: Page, element: Any, add: Any) -> None:  # noqa: ANN401
    where = place(page, element)
    if where == "chrome":
        return
    marks = " ".join(filter(None, (element.get(k) for k in ("class", "itemprop", "pubdate"))))
    label = " ".join((element.text_content() or "").split())[:_MAX_DATELINE_CHARS]
    context = f"{marks} {label} {_preceding_text(element)}"
    updated = bool(_UPDATED_HINT.search(context)) and not _PUBLISHED_HINT.search(context)
    weight = _W_TIME_ARTICLE if where == "article" else _W_META / 2
    weight *= _UPDATED_SHARE if updated else 1.0
    if where == "article" and in_head_zone(page, element):
        weight += _HEAD_BONUS
    value = element.get("datetime") or ""
    if value and parse_page_datetime(value) is not None:
        add(f"time:{where}", value, weight)
    elif label:
        add(f"time-text:{where}", label, weight, written=True)


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
            line = " ".join((text or "").split())
            if not line or len(line) > _MAX_DATELINE_CHARS or not looks_like_date(line):
                continue
            head = line[:_HINT_REACH]
            updated = bool(_UPDATED_HINT.search(head)) and not _PUBLISHED_HINT.search(head)
            if _UPDATED_HINT.search(line) and _PUBLISHED_HINT.search(line):
                line = _UPDATED_HINT.split(line, maxsplit=1)[
                    0
                ]  # "Publié le ..., mis à jour le ..."
            out.append(MetadataVote("dateline", line, _W_UPDATED if updated else _W_DATELINE))
    return out


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
) -> tuple[datetime | None, str | None]:
    """Read the instant (the page's offset kept) and the day as the page states it."""
    moment = parse_page_datetime(text)
    if moment is not None:
        return (moment if moment.tzinfo is not None else None), moment.date().isoformat()
    if not written:
        return None, None
    cleaned = _clean_dateline(text)
    if not cleaned or not looks_like_date(cleaned):
        return None, None
    resolved = resolve_date(cleaned, reference, languages)
    if resolved is None or resolved > reference.replace(tzinfo=resolved.tzinfo) + _ONE_DAY:
        return None, None  # a date in the future is an event announced, not the publication
    return None, resolved.date().isoformat()


def _clean_dateline(text: str) -> str:
    """Keep the date of a dateline: drop the byline before it and the time zone after it."""
    line = re.sub(
        r"^.*?(?=\b(?:publié|published|posted|créé|le|on)\b)", "", text, flags=re.IGNORECASE
    )
    line = line or text
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
