"""The plain-text article layout: title, byline bullets, subheadings and section kinds.

Copied-out news pages share a shape::

    Title on the first line
    - Author Name: 🔷 Role
    - il y a 2 jours
    - 2 min de lecture

    Paragraphs, with short subheading lines between them
    à lire aussi :
    Analyse : the publisher's own commentary.

:func:`parse_layout` reads the header (title and byline bullets, each field
with its span) and :func:`classify_sections` cuts the body into sections of
kind body, commentary, related-links and boilerplate (site chrome: apps,
newsletters, partner notices, cookies, sharing, advertising, subscription
prompts, recognised by the patterns of ``data/layout/boilerplate_<lang>.tsv``,
every language for every article). Sections are contiguous
and cover the text from where they start to its end, so every character
belongs to exactly one section; blank lines belong to the section before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from veille.datafiles import read_data, tsv_rows
from veille.extract.dates import looks_like_date
from veille.extract.prefilter import KeywordGate
from veille.records import Section, SectionKind, Span

_BULLET = re.compile(r"^[ \t]*(?:[-*•–—▪►·]|\d+[.)])[ \t]+")
_MARKDOWN_TITLE = re.compile(r"^#{1,3}[ \t]+")
_READING_TIME = re.compile(
    r"""(?:(?P<n>\d{1,3})\s*(?:min(?:ute)?s?|mn)\.?\s*
            (?:de\s+lecture|à\s+lire|read(?:ing)?(?:\s+time)?)\b
        |(?:temps\s+de\s+lecture|durée\s+de\s+lecture|lecture|reading\s+time|read\s+time)
            \s*:?\s*(?P<m>\d{1,3})\s*(?:min(?:ute)?s?|mn)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_AUTHOR_LABEL = re.compile(
    r"^(?:par|by|auteur|auteure|author|written\s+by|écrit\s+par|reporting\s+by)\s*:?\s+",
    re.IGNORECASE,
)
_NAME_ROLE_SEPARATOR = re.compile(r"\s*(?::|\||,|\s[–—-]\s)\s*")
_NAME_PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "bin",
        "ben",
        "al",
        "d'",
    }
)
_COMMENTARY_LABEL = re.compile(
    r"""^(?:notre\s+|our\s+|l['’])?
        (?:analyse|analysis|commentaire|commentary|opinion|éditorial|editorial|décryptage|
           point\s+de\s+vue|l['’]avis\s+de\s+la\s+rédaction|editor['’]s\s+note|
           note\s+de\s+la\s+rédaction|le\s+mot\s+de\s+la\s+rédaction|perspective)
        \s*(?P<colon>[:：]|$)""",
    re.IGNORECASE | re.VERBOSE,
)
_RELATED_LABEL = re.compile(
    r"""^(?:à|a)?\s*(?:lire|voir)\s+(?:aussi|également|egalement)\b
        |^(?:sur\s+le\s+même\s+sujet|dans\s+la\s+même\s+rubrique|nos\s+articles?\s+liés?)\b
        |^(?:read|see)\s+(?:also|more)\b|^related(?:\s+(?:articles?|stories|content))?\s*[:：]
        |^more\s+on\s+this\s+(?:story|topic)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def _load_boilerplate() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], KeywordGate]:
    """Read the site-chrome patterns of every language (``data/layout/boilerplate_*.tsv``).

    All languages apply to every article: the layout is read before the
    language is known, and a French page carries English chrome too. Each
    row names a keyword its matches hold: a line is searched only with the
    patterns of the keywords it holds (most lines hold none), instead of
    every pattern at ~80 µs a line (tests/test_prefilter.py checks that
    keywords and patterns stay in step).
    """
    folder = resources.files("veille").joinpath("data", "layout")
    rows: list[tuple[str, re.Pattern[str]]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("boilerplate_") and entry.name.endswith(".tsv")):
            continue
        for keyword, pattern in tsv_rows(read_data("layout", entry.name), entry.name, 2):
            rows.append((keyword, re.compile(pattern, re.IGNORECASE)))
    return tuple(rows), KeywordGate(*dict.fromkeys(keyword for keyword, _ in rows))


_BOILERPLATE_ROWS, _BOILERPLATE_WORDS = _load_boilerplate()
_BOILERPLATE_BY_WORD: dict[str, tuple[re.Pattern[str], ...]] = {
    word: tuple(p for k, p in _BOILERPLATE_ROWS if k == word)
    for word in _BOILERPLATE_WORDS.keywords
}
# Every pattern at once: what the tests compare the gated search with.
_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for _, p in _BOILERPLATE_ROWS), re.IGNORECASE)


def _load_reader_words() -> re.Pattern[str]:
    """Read the words by which a page addresses its reader (``data/layout/reader_words.tsv``)."""
    words = [word for _, word in tsv_rows(read_data("layout", "reader_words.tsv"), "reader", 2)]
    # Lower case or capitalised at a sentence start, never in capitals: "US" is a country.
    forms = [form for word in words for form in (word, word.capitalize())]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b")


_READER_WORDS = _load_reader_words()
_MAX_TITLE_CHARS = 300
_MAX_HEADER_LINES = 8
_MAX_HEADING_CHARS = 90
_MAX_HEADING_WORDS = 12
_MAX_BOILERPLATE_CHARS = 200
_MAX_LINK_LINE_CHARS = 160
_HEADING_END = tuple('.!?;,:…»"”)')


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``text == full[start:end]`` (no newline)."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        """Whether the line holds only whitespace."""
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class Layout:
    """What the plain-text layout says: header fields with spans, and sections."""

    title: Span | None = None
    author: Span | None = None
    author_role: Span | None = None
    published: Span | None = None
    reading_time: Span | None = None
    reading_minutes: int | None = None
    body_start: int = 0
    sections: tuple[Section, ...] = ()


def split_lines(text: str) -> list[Line]:
    """Return every line of ``text`` with its offsets; the text is pre-cleaned."""
    lines = []
    position = 0
    for raw in text.split("\n"):
        lines.append(Line(position, position + len(raw), raw))
        position += len(raw) + 1
    return lines


def parse_layout(text: str) -> Layout:
    """Read the title, byline fields and sections of a plain-text article."""
    lines = split_lines(text)
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    if first is None:
        return Layout()
    title = _title_span(lines[first])
    if title is None:
        return Layout(sections=classify_sections(text, lines[first].start))
    fields: dict[str, Span] = {"title": title}
    minutes: int | None = None
    index = first + 1
    last_header = first
    seen = 0
    while index < len(lines) and seen < _MAX_HEADER_LINES:
        line = lines[index]
        if line.blank:
            index += 1
            continue
        found, stated_minutes = _header_fields(line)
        # A second date or author line is body text, not another byline.
        if not found or any(name in fields for name in found):
            break
        minutes = stated_minutes if stated_minutes is not None else minutes
        fields.update(found)
        last_header = index
        seen += 1
        index += 1
    body_line = next(
        (i for i in range(last_header + 1, len(lines)) if not lines[i].blank), len(lines)
    )
    body_start = lines[body_line].start if body_line < len(lines) else len(text)
    sections: list[Section] = []
    if last_header > first:
        byline_start = lines[first + 1].start
        sections.append(Section("title", lines[first].start, byline_start))
        sections.append(Section("byline", byline_start, body_start))
    else:
        sections.append(Section("title", lines[first].start, body_start))
    if body_start < len(text):
        sections.extend(classify_sections(text, body_start))
    elif sections:
        last = sections[-1]
        sections[-1] = Section(last.kind, last.start, len(text), last.heading)
    return Layout(
        title=fields.get("title"),
        author=fields.get("author"),
        author_role=fields.get("author_role"),
        published=fields.get("published"),
        reading_time=fields.get("reading_time"),
        reading_minutes=minutes,
        body_start=body_start,
        sections=tuple(sections),
    )


def _title_span(line: Line) -> Span | None:
    marker = _MARKDOWN_TITLE.match(line.text)
    offset = marker.end() if marker else 0
    content = line.text[offset:].rstrip()
    leading = len(content) - len(content.lstrip())
    content = content.strip()
    if not content or len(content) > _MAX_TITLE_CHARS or _BULLET.match(line.text):
        return None
    start = line.start + offset + leading
    return Span(start, start + len(content), content)


def _header_fields(line: Line) -> tuple[dict[str, Span], int | None]:
    """Return the byline fields of one header line, and its reading time in minutes.

    The fields are ``{}`` when the line is not a byline.
    """
    bullet = _BULLET.match(line.text)
    offset = bullet.end() if bullet else 0
    content = line.text[offset:].rstrip()
    if not content.strip():
        return {}, None
    start = line.start + offset
    whole = Span(start, start + len(content), content)
    # Lengths first: the searches are what costs, and the first body paragraph
    # always comes through here.
    reading = _READING_TIME.search(content) if len(content) <= 40 else None
    if reading:
        minutes = int(reading.group("n") or reading.group("m"))
        return {"reading_time": whole}, minutes
    if len(content) <= 80 and looks_like_date(content):
        return {"published": whole}, None
    if _COMMENTARY_LABEL.match(content) or _RELATED_LABEL.match(content):
        return {}, None
    return _author_fields(content, start, labelled_only=bullet is None), None


def _author_fields(content: str, start: int, *, labelled_only: bool) -> dict[str, Span]:
    label = _AUTHOR_LABEL.match(content)
    if label is None and labelled_only:
        # Without a bullet, only "Par X" / "By X" is safe to read as a byline.
        return {}
    name_from = label.end() if label else 0
    rest = content[name_from:]
    separator = _NAME_ROLE_SEPARATOR.search(rest)
    name_text = rest[: separator.start()] if separator else rest
    if not _looks_like_name(name_text.strip()):
        return {}
    name_start = start + name_from + (len(name_text) - len(name_text.lstrip()))
    name = name_text.strip()
    found: dict[str, Span] = {"author": Span(name_start, name_start + len(name), name)}
    if separator:
        role_from = separator.end()
        role_text = rest[role_from:]
        skip = _leading_symbols(role_text)
        role = role_text[skip:].rstrip()
        if role:
            role_start = start + name_from + role_from + skip
            found["author_role"] = Span(role_start, role_start + len(role), role)
    return found


def _leading_symbols(text: str) -> int:
    """How many leading characters are emoji, symbols or spaces rather than words."""
    for index, char in enumerate(text):
        if char.isalnum():
            return index
    return len(text)


def _looks_like_name(text: str) -> bool:
    words = text.replace("’", "'").split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in text) or len(text) > 60:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _NAME_PARTICLES or word.lower().startswith(("d'", "l'", "al-")):
            continue
        if not word[0].isupper():
            return False
        capitalised += 1
    return capitalised >= 1


def classify_sections(text: str, start: int = 0) -> tuple[Section, ...]:
    """Cut ``text[start:]`` into contiguous sections.

    Kinds are body, commentary, related-links and boilerplate; a subheading
    starts a new body section with that heading.
    """
    lines = [line for line in split_lines(text) if line.start >= start]
    builder = _SectionBuilder(len(text))
    mode: SectionKind = "body"
    for index, line in enumerate(lines):
        if line.blank:
            # A blank line ends an inline commentary paragraph and a related-links list.
            if mode in ("related-links", "boilerplate") or (
                mode == "commentary" and builder.inline_commentary
            ):
                mode = "body"
            continue
        stripped = line.text.strip()
        previous_blank = index == 0 or lines[index - 1].blank
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        commentary = _COMMENTARY_LABEL.match(stripped)
        if commentary:
            inline = bool(stripped[commentary.end() :].strip())
            label = stripped[: commentary.end()].rstrip(" :：")
            builder.open("commentary", line.start, label, inline=inline)
            mode = "commentary"
        elif _RELATED_LABEL.match(stripped) and len(stripped) <= _MAX_LINK_LINE_CHARS:
            builder.open("related-links", line.start, stripped.rstrip(" :："))
            mode = "related-links"
        elif len(stripped) <= _MAX_BOILERPLATE_CHARS and _is_boilerplate(stripped):
            if builder.kind != "boilerplate":
                builder.open("boilerplate", line.start, None)
            mode = "boilerplate"
        elif (mode == "related-links" and _looks_like_link_line(stripped)) or (
            mode == "commentary" and not _is_heading(stripped, previous_blank, next_line)
        ):
            # The line continues the list or the commentary it belongs to.
            continue
        elif _is_heading(stripped, previous_blank, next_line):
            builder.open("body", line.start, stripped)
            mode = "body"
        elif builder.kind != "body" or mode != "body":
            builder.open("body", line.start, None)
            mode = "body"
    return builder.finish(start)


def is_site_chrome(text: str) -> bool:
    """Tell whether one sentence of running text is site chrome addressed to the reader.

    Chrome is mostly a line of its own (a boilerplate section); this catches
    it inside a paragraph or as the only line of a feed item: "Téléchargez
    notre application pour recevoir nos alertes." A site-chrome pattern
    alone is not enough inside news ("la CNIL sanctionne Google pour ses
    cookies"): the sentence must also speak to its reader ("vous", "our").
    """
    stripped = text.strip()
    return (
        len(stripped) <= _MAX_BOILERPLATE_CHARS
        and _READER_WORDS.search(stripped) is not None
        and _is_boilerplate(stripped)
    )


def _is_boilerplate(text: str) -> bool:
    return any(
        pattern.search(text) is not None
        for word in _BOILERPLATE_WORDS.present(text)
        for pattern in _BOILERPLATE_BY_WORD[word]
    )


def _looks_like_link_line(text: str) -> bool:
    if len(text) > _MAX_LINK_LINE_CHARS:
        return False
    return bool(_BULLET.match(text)) or text.startswith("http") or not text.endswith(".")


def _is_heading(text: str, previous_blank: bool, next_line: Line | None) -> bool:
    if not previous_blank or next_line is None or next_line.blank:
        return False
    if len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if text.endswith(_HEADING_END) or _BULLET.match(text):
        return False
    return text[0].isupper() or text[0].isdigit()


class _SectionBuilder:
    """Collects section starts and closes each one where the next begins."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.starts: list[tuple[SectionKind, int, str | None]] = []
        self.inline_commentary = False

    @property
    def kind(self) -> SectionKind | None:
        return self.starts[-1][0] if self.starts else None

    def open(
        self, kind: SectionKind, position: int, heading: str | None, *, inline: bool = False
    ) -> None:
        self.inline_commentary = inline
        if self.starts and self.starts[-1][1] == position:
            self.starts[-1] = (kind, position, heading)
        else:
            self.starts.append((kind, position, heading))

    def finish(self, start: int) -> tuple[Section, ...]:
        if start >= self.length:
            return ()
        if not self.starts or self.starts[0][1] > start:
            # Text before the first recognised line (or none at all) is body.
            self.starts.insert(0, ("body", start, None))
        sections = []
        for index, (kind, position, heading) in enumerate(self.starts):
            end = self.starts[index + 1][1] if index + 1 < len(self.starts) else self.length
            sections.append(Section(kind, position, end, heading))
        return tuple(sections)
