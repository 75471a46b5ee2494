"""Authors: the persons of the byline, or the organisation that signs, by agreement.

Candidates: the JSON-LD article's ``author`` (a ``Person`` or an
``Organization``, references resolved through the graph), ``<meta>`` author
fields (``author``, ``article:author`` when not a URL, ``byl``, Parse.ly,
Sailthru), every ``dc.creator`` (turned around from "Last, First"), an
author given as the URL of the writer's page named by a link to that page,
bylines shown on the page (elements marked ``byline``/``author``, lines
opening with "By"/"Par" or with a dateline then "par"), and an agency
credited at the end of the body ("(ats/nxp)").
A byline near the headline counts most; one after the body (a teaser of
another article) or outside the article least; one in the chrome not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from veille.extract.pagemeta._bylines import (
    Byline,
    byline_words,
    dated_label,
    invert_last_first,
    is_agency,
    name_key,
    names_then_date,
    parse_byline,
    starts_with_label,
)
from veille.extract.pagemeta._page import (
    MIN_BODY_PARAGRAPH,
    ORGANISATION_TYPES,
    Page,
    as_list,
    chunks,
    clean,
    head_zone_elements,
    in_head_zone,
    place,
    text_of,
    type_name,
    types,
)
from veille.records import MetadataChoice, MetadataVote

W_BYLINE_TOP = 3.0
_W_STRONG_META = 2.0
_W_META = 1.0
_W_BYLINE_ARTICLE = 1.0
_W_BYLINE_ELSEWHERE = 0.5
_W_END_CREDIT = 2.0
_MAX_BYLINE_CHARS = 240
_CREDIT_REACH = 80
_ACRONYM = 4
_META_AUTHORS = (
    ("author", _W_STRONG_META),
    ("article:author", _W_STRONG_META),
    ("byl", _W_STRONG_META),
    ("parsely-author", _W_META),
    ("sailthru.author", _W_META),
    ("citation_author", _W_META),
    ("cxenseparse:author", _W_META),
)
_BYLINE_MARK = re.compile(
    r"byline|by-line|author|signature|writer|contributor|auteur", re.IGNORECASE
)
_NOT_BYLINE = re.compile(
    r"avatar|image|photo|picture|bio\b|about|follow|comment|flyout|credit|caption", re.IGNORECASE
)
# The path of a writer's own page on a news site: "/auteur/jeanne-roy", "/journalistes/123".
_AUTHOR_PAGE = re.compile(
    r"/(?:auteurs?|authors?|journalistes?|signatures?|redacteurs?|rédacteurs?|contributors?)/[^/]+",
    re.IGNORECASE,
)
_MAX_LINKED_LINE = 120
_MARK_ATTRIBUTES = (
    "class",
    "id",
    "rel",
    "itemprop",
    "data-component",
    "data-link-name",
    "data-testid",
)
_TEXT_TAGS = ("p", "div", "span", "li", "address", "small", "em", "i", "strong", "b", "header")
# Near the start of a line, these credit a picture, not the article ("Photo : X", "© Getty").
_PHOTO_CREDIT = ("photo", "image", "illustration", "video", "crédit", "credit", "getty", "©")
# Words that open a line stating when it was published ("Publié le ... par X").
_DATE_HEADS = frozenset({"pu", "le", "mi", "po", "pa", "up", "on", "cr", "ré", "ma"})


@dataclass(frozen=True, slots=True)
class AuthorCandidate:
    """One source's byline: its persons and organisations, and how much it counts."""

    source: str
    byline: Byline
    weight: float
    text: str


def author_candidates(page: Page) -> list[AuthorCandidate]:
    """Every author candidate of the page: structured data, ``<meta>``, visible bylines."""
    out = [c for node in page.articles if (c := _json_ld_candidate(page, node)) is not None]
    sites = page.site_names
    for key, weight in _META_AUTHORS:
        values = [
            v for v in page.meta.get(key, []) if not v.startswith(("http://", "https://", "/"))
        ]
        if values:
            byline = _merge([parse_byline([v], sites, page.spelled_sites) for v in values])
            out.append(AuthorCandidate(f"meta:{key}", byline, weight, "; ".join(values)))
    creators = page.meta.get("dc.creator", []) + page.meta.get("dcterms.creator", [])
    if creators:
        byline = _merge(
            [parse_byline([invert_last_first(v)], sites, page.spelled_sites) for v in creators]
        )
        out.append(AuthorCandidate("meta:dc.creator", byline, _W_STRONG_META, "; ".join(creators)))
    if (linked := _linked_author_page(page)) is not None:
        out.append(linked)
    out.extend(visible_bylines(page))
    credit = _end_credit(page)
    if credit is not None:
        out.append(credit)
    return out


def _json_ld_candidate(page: Page, node: dict[str, Any]) -> AuthorCandidate | None:
    persons: list[str] = []
    organisations: list[str] = []
    for author in as_list(node.get("author")) + as_list(node.get("creator")):
        name, organisation = _json_ld_author(author, page.json_ld)
        if not name:
            continue
        if organisation:
            organisations.append(name)
            continue
        parsed = parse_byline([name], page.site_names, page.spelled_sites)
        persons.extend(parsed.persons)
        organisations.extend(parsed.organisations)
    if not persons and not organisations:
        return None
    text = " et ".join(dict.fromkeys(organisations)) if organisations else None
    byline = Byline(tuple(persons), tuple(organisations), text)
    source = f"json-ld:{type_name(node)}.author"
    return AuthorCandidate(source, byline, W_BYLINE_TOP, ", ".join(persons + organisations))


def _json_ld_author(author: object, graph: list[dict[str, Any]]) -> tuple[str | None, bool]:
    """Return the name of a JSON-LD author, and whether it is an organisation."""
    if isinstance(author, str):
        return clean(author), False
    if not isinstance(author, dict):
        return None, False
    node = author
    if "name" not in node and isinstance(node.get("@id"), str):
        # Graph style (Yoast and others): the author is a reference to a Person node.
        node = next((n for n in graph if n.get("@id") == node["@id"]), node)
    return text_of(node.get("name")), bool(types(node) & ORGANISATION_TYPES)


def visible_bylines(page: Page) -> list[AuthorCandidate]:
    """Bylines shown on the page: elements marked as such, and "By X" / "Par X" lines.

    Computed once per page (the dates read the date a byline carries too).
    """
    if page.bylines is not None:
        return page.bylines
    found = _bylines_in(page, page.scope)
    if not found and page.scope is not page.root:
        # The byline may sit outside what was taken for the article.
        found = _bylines_in(page, page.root)
    page.bylines = found
    return found


def _bylines_in(page: Page, top: Any) -> list[AuthorCandidate]:  # noqa: ANN401
    found: list[AuthorCandidate] = []
    taken: set[int] = set()
    lines = [*_marked(top), *_labelled(page, top), *_dated_names(page, top)]
    lines += _author_page_links(page, top)
    elements = {id(e): e for e in lines}
    for element in sorted(elements.values(), key=lambda e: page.order.get(e, 0)):
        if any(id(ancestor) in taken for ancestor in element.iterancestors()):
            continue
        candidate = _visible_byline(page, element)
        if candidate is not None:
            taken.add(id(element))
            found.append(candidate)
    return found


def _marks(element: Any) -> str:  # noqa: ANN401
    return " ".join(filter(None, (element.get(name) for name in _MARK_ATTRIBUTES)))


def _marked(top: Any) -> list[Any]:  # noqa: ANN401
    """Elements whose class, id, rel or itemprop say they hold a byline."""
    out = []
    for element in top.iter():
        attributes = element.attrib
        if not attributes or not isinstance(element.tag, str):
            continue
        marks = " ".join(value for key, value in attributes.items() if key in _MARK_ATTRIBUTES)
        if marks and _BYLINE_MARK.search(marks) and not _NOT_BYLINE.search(marks):
            out.append(element)
    return out


def _dated_names(page: Page, top: Any) -> list[Any]:  # noqa: ANN401
    """Lines of the head zone that sign without a label: "Jeanne Roy · 3 mars 2024".

    The innermost element holding such a line is taken, so that its names are
    read without the headline or the standfirst around them.
    """
    zone = [e for e in head_zone_elements(page) if isinstance(e.tag, str) and e.tag in _TEXT_TAGS]
    inside = {id(e) for e in top.iter()}
    signed = [e for e in zone if id(e) in inside and names_then_date(" ".join(chunks(e)))]
    kept = {id(e) for e in signed}
    return [e for e in signed if not any(id(d) in kept for d in e.iterdescendants())]


def _author_page_links(page: Page, top: Any) -> list[Any]:  # noqa: ANN401
    """Links to a writer's page ("/auteur/jeanne-roy"), or the short line holding them.

    Many French pages sign with a bare link to the journalist's page, with no
    class saying so; the line around it ("Par X et Y") is read when it is a
    byline's length and not the headline's block.
    """
    out = []
    for link in top.iter("a"):
        path = urlsplit(link.get("href") or "").path
        if not _AUTHOR_PAGE.search(path):
            continue
        parent = link.getparent()
        holder = link
        if (
            parent is not None
            and parent.tag in _TEXT_TAGS
            and len(" ".join(chunks(parent))) <= _MAX_LINKED_LINE
            and not any(d.tag in ("h1", "h2") for d in parent.iterdescendants())
        ):
            holder = parent
        out.append(holder)
    return out


@lru_cache(maxsize=1)
def _label_heads() -> frozenset[str]:
    """Return the first two letters of every byline label ("by", "pa", "éc"): a fast filter."""
    return frozenset(word[:2] for word in byline_words()["label"])


def _labelled(page: Page, top: Any) -> list[Any]:  # noqa: ANN401
    """Text elements whose own text opens with a byline label ("By", "Par" ...).

    A dateline may come first, "Publié le 3 mars 2024 par X", near the
    headline only: further down, readers' comments and teasers open the same
    way ("Le 04/03/2024 à 10h22 par JeanD").
    """
    out = []
    for element in top.iter(*_TEXT_TAGS):
        head = (element.text or "").strip()
        opening = head[:2].casefold()
        if opening not in _label_heads() and not (opening[:1].isdigit() or opening in _DATE_HEADS):
            continue
        if not starts_with_label(head, has_children=len(element) > 0):
            dated = dated_label(head)
            if dated is None or not (dated[1] or len(element) > 0):
                continue
            if not in_head_zone(page, element):
                continue
        parent = element.getparent()
        only_label = head.strip(" :").casefold() in byline_words()["label"]
        if only_label and len(element) == 0 and parent is not None:
            # "<span>By </span><a>Name</a>": the label's own element holds nothing else.
            element = parent  # noqa: PLW2901
        out.append(element)
    return out


def _visible_byline(page: Page, element: Any) -> AuthorCandidate | None:  # noqa: ANN401
    pieces = chunks(element)
    text = " ".join(pieces)
    if not text or len(text) > _MAX_BYLINE_CHARS:
        return None
    opens_as_byline = starts_with_label(text, has_children=True)  # "Texte : X | Photos : Y"
    if not opens_as_byline and any(word in text[:40].casefold() for word in _PHOTO_CREDIT):
        return None  # "Photo by ...", "(Crédit : ...)", "© Getty Images"
    where = place(page, element)
    if where == "chrome":
        return None
    byline = parse_byline(pieces, page.site_names, page.spelled_sites)
    if not byline.persons and not byline.organisations:
        return None
    if where == "article" and in_head_zone(page, element):
        weight = W_BYLINE_TOP
    elif where == "article" and page.order.get(element, 0) <= page.body_end and _closes(text):
        weight = W_BYLINE_TOP  # "Propos recueillis par X" signs the interview above it
    elif where == "article" and page.order.get(element, 0) <= page.body_end:
        weight = _W_BYLINE_ARTICLE
    else:
        weight = _W_BYLINE_ELSEWHERE  # after the body (another article's teaser), or outside it
    return AuthorCandidate(f"byline:{where}", byline, weight, text)


def _closes(text: str) -> bool:
    """Whether a byline opens with a label that signs an interview where it ends."""
    opening = text.strip(" (").casefold()
    return any(opening.startswith(label) for label in byline_words().get("closing", ()))


def _end_credit(page: Page) -> AuthorCandidate | None:
    """Find an agency credited at the end of the body: "... (ats/nxp)", "... (AFP)"."""
    paragraphs = [
        p for p in page.body.iter("p") if len(p.text_content().strip()) >= MIN_BODY_PARAGRAPH
    ]
    for paragraph in paragraphs[-3:][::-1]:
        text = " ".join(paragraph.text_content().split())[-_CREDIT_REACH:]
        for start in (i for i, char in enumerate(text) if char == "("):
            end = text.find(")", start)
            if end < 0:
                continue
            names = [part.strip() for part in text[start + 1 : end].split("/")]
            agencies = [name for name in names if name and is_agency(name) and len(name) <= 20]
            if agencies:
                name = agencies[0].upper() if len(agencies[0]) <= _ACRONYM else agencies[0]
                byline = Byline((), (name,), name)
                return AuthorCandidate("credit:end", byline, _W_END_CREDIT, text[start : end + 1])
    return None


def _linked_author_page(page: Page) -> AuthorCandidate | None:
    """Name the author that ``<meta>`` gives only as a URL, by a link to that URL on the page.

    ``article:author`` is often the writer's page ("/source/jeanne-roy"); a
    link to the same page whose text is a person's name says who it is.
    """
    urls = {
        _bare_url(v, page.url)
        for key in ("article:author", "author")
        for v in page.meta.get(key, [])
        if v.startswith(("http://", "https://", "/"))
    }
    urls = {url for url in urls if "/" in url}  # a site's home page names nobody
    if not urls:
        return None
    for link in page.root.iter("a"):
        href = link.get("href") or ""
        if not href or _bare_url(href, page.url) not in urls:
            continue
        text = " ".join(link.text_content().split())
        byline = parse_byline([text], page.site_names, page.spelled_sites) if text else None
        if byline is not None and byline.persons:
            return AuthorCandidate("meta:article:author+link", byline, _W_STRONG_META, text)
    return None


def _bare_url(url: str, base: str | None) -> str:
    """Return a link's host and path (relative links read against ``base``), to compare links.

    >>> _bare_url("/source/jeanne-roy/", "https://www.journal.example/monde/a")
    'journal.example/source/jeanne-roy'
    """
    parts = urlsplit(urljoin(base or "", url.strip()))
    host = parts.netloc.casefold().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}".casefold()


def choose_authors(
    candidates: list[AuthorCandidate],
) -> tuple[tuple[str, ...], str | None, MetadataChoice | None]:
    """Vote on the list of persons, then decide between it and an organisation byline.

    A list supported by sources naming part of it wins over the part alone:
    "X and Y" in the byline beats "X" in ``<meta name=author>``, but a weaker
    source may not add names to a stronger one's list (a CMS author field that
    also lists the photographer). An organisation is the byline only when it
    outweighs every person list (an agency credit against a related article's
    byline); an agency co-signing with persons is kept as the organisation.
    """
    with_persons = [c for c in candidates if c.byline.persons]
    best: tuple[str, ...] = ()
    support = 0.0
    for candidate in with_persons:
        names = {name_key(n) for n in candidate.byline.persons}
        subsets = [c for c in with_persons if _names(c) <= names]
        if any(c.weight > candidate.weight for c in subsets):
            continue
        total = sum(c.weight for c in subsets)
        key = tuple(name_key(n) for n in candidate.byline.persons)
        if (total, len(key)) > (support, len(best)):
            best, support = key, total
    organisations = [c for c in candidates if c.byline.organisations]
    # On a tie, the byline naming more ("LIBERATION, AFP" against " LIBERATION").
    signing = max(
        organisations, key=lambda c: (c.weight, len(c.byline.organisations)), default=None
    )
    if signing is not None and signing.weight > support:
        organisation = signing.byline.organisation_text or signing.byline.organisations[0]
        others = tuple(_vote(c) for c in candidates if c is not signing)
        return (), organisation, MetadataChoice(organisation, signing.source, (), others)
    if not best:
        return (), None, None
    chosen = set(best)
    members = [c for c in with_persons if tuple(name_key(n) for n in c.byline.persons) == best]
    winner = max(members, key=lambda c: c.weight)
    agreeing = tuple(c.source for c in with_persons if c is not winner and _names(c) <= chosen)
    outvoted = tuple(
        _vote(c) for c in candidates if not c.byline.persons or not _names(c) <= chosen
    )
    agency = next((org for c in members for org in c.byline.organisations if is_agency(org)), None)
    if agency is None:
        # An agency signing apart from its reporters ("Par Reuters", then "par X et Y"
        # opening the dispatch), as strongly as they do: it co-signs.
        agency = next(
            (
                org
                for c in organisations
                if c.weight >= winner.weight and not c.byline.persons
                for org in c.byline.organisations
                if is_agency(org)
            ),
            None,
        )
    persons = winner.byline.persons
    return persons, agency, MetadataChoice(", ".join(persons), winner.source, agreeing, outvoted)


def _names(candidate: AuthorCandidate) -> set[str]:
    return {name_key(n) for n in candidate.byline.persons}


def _vote(candidate: AuthorCandidate) -> MetadataVote:
    return MetadataVote(candidate.source, candidate.text, candidate.weight)


def _merge(bylines: list[Byline]) -> Byline:
    persons = tuple(dict.fromkeys(p for b in bylines for p in b.persons))
    organisations = tuple(dict.fromkeys(o for b in bylines for o in b.organisations))
    text = next((b.organisation_text for b in bylines if b.organisation_text), None)
    return Byline(persons, organisations, text)
