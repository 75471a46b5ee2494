"""Page metadata: every candidate for the title, the authors and the date, chosen by agreement.

A news page states its headline, byline and date several times: JSON-LD
objects, Open Graph, Twitter cards, Dublin Core, microdata, the ``<title>``,
the visible headline and byline, ``<time>`` elements, the URL. The copies
disagree often enough to matter: a search-engine headline in JSON-LD, the
site's name as author, the first ``<time>`` of a related-posts box.
:func:`resolve` collects every candidate with where it sits on the page and
lets them vote:

* a candidate inside the article (the element holding the body and its
  headline) outweighs one in the page around it, and one in the navigation,
  sidebars or footer ("chrome") does not vote;
* candidates that agree add up; the value with the most weight wins, and the
  choice records the winning source, the sources that agreed and the values
  outvoted (:class:`veille.records.MetadataChoice`);
* the name of a JSON-LD object that is not an article never becomes the
  title; site names, publishers, agencies and names written in another
  script are never persons (they may be the organisation byline).

Steps, in order: :mod:`._page` (the declarations, where the article is),
:mod:`._titles`, :mod:`._authors` (with :mod:`._bylines` for the text of a
byline), :mod:`._dates`, :mod:`._urls` (the page's own address). Byline words
and chrome class names are data in ``data/metadata/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from veille.extract.pagemeta._authors import author_candidates, choose_authors
from veille.extract.pagemeta._bylines import Byline, parse_byline
from veille.extract.pagemeta._dates import choose_date, date_candidates
from veille.extract.pagemeta._page import first, prepare
from veille.extract.pagemeta._titles import declared_keys, title_candidates, vote_title
from veille.extract.pagemeta._urls import choose_url, url_candidates
from veille.records import MetadataChoice

__all__ = ["Byline", "PageMetadata", "parse_byline", "resolve"]


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page says about its article, each field with how it was chosen.

    ``published_at`` is aware (with the page's offset) only when the page
    gives an instant with an offset; ``published_day`` is the day as the
    page states it; ``published`` the text of the winning date candidate.
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    organisation: str | None = None
    published: str | None = None
    published_at: datetime | None = None
    published_day: str | None = None
    language: str | None = None
    site_name: str | None = None
    url: str | None = None
    choices: Mapping[str, MetadataChoice] = field(default_factory=dict)


def resolve(
    root: Any,  # noqa: ANN401  # an lxml document; lxml ships no type hints
    url: str | None,
    reference: datetime,
    languages: tuple[str, ...] = ("fr", "en"),
) -> PageMetadata:
    """Collect the page's candidates for each field and choose by agreement and position.

    ``reference`` resolves relative datelines ("il y a 2 heures");
    ``languages`` is the order in which written dates are read, the page's
    own ``lang`` first (a numeric "9/11/13" is read month-first on an
    English page).
    """
    page = prepare(root, url, declared_keys)
    stated = (root.get("lang") or "").strip()[:2].lower()
    if stated in languages:
        languages = (stated, *(x for x in languages if x != stated))
    choices: dict[str, MetadataChoice] = {}
    title = vote_title(title_candidates(page), page)
    if title is not None:
        choices["title"] = title
    authors, organisation, author_choice = choose_authors(author_candidates(page))
    if author_choice is not None:
        choices["authors"] = author_choice
    date_choice, published_at, day = choose_date(date_candidates(page, reference, languages))
    if date_choice is not None:
        choices["published"] = date_choice
    url_choice = choose_url(url_candidates(page))
    if url_choice is not None:
        choices["url"] = url_choice
    return PageMetadata(
        title=title.value if title else None,
        authors=authors,
        organisation=organisation,
        published=date_choice.value if date_choice else None,
        published_at=published_at,
        published_day=day,
        language=(root.get("lang") or "").strip() or None,
        site_name=first(page.meta.get("og:site_name")),
        url=url_choice.value if url_choice is not None else url,
        choices=choices,
    )
