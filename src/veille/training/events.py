"""Training data for the learned event detector: gold records → candidate words with labels.

Every training file is a gold JSONL file in the shape ``veille eval`` reads
(``docs/eval.md``). Each record goes through the same pipeline as at run
time (extraction, spaCy, actors, places) and through the rule coder, which
reports, sentence by sentence, the triggers it found
(:class:`TriggerRecorder`). Each gold event is then tied to the word that
carries it: the syntactic head of its ``trigger`` text inside its
``sentence`` (article records) or the record (sentence records).

The model's candidates in a sentence are the rules' triggers and every word
whose lemma is a gold trigger somewhere in the training data (the
*candidate vocabulary*). A candidate's label is the type of the gold event
it carries, else ``NONE``; a rule trigger of type T also counts as T when
the sentence holds a gold event of type T that no candidate carries (the
annotators chose another word of the same event: "4 policiers ont été
tués … lorsqu'un engin a explosé"). Background events (``docs/codebook.md``
§6) are optional: their words are left out. Records with one event (the
PLOVER gold standard shape) are not exhaustive, so only the word of that
event and the rules' triggers of its type are labelled there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from veille.evaluation.events import normalize_record
from veille.events.arguments import MentionIndex
from veille.events.coder import EventCoder
from veille.events.lexicon import TriggerEntry
from veille.events.model import (
    COARSE,
    NONE,
    candidate_features,
    sentence_context,
    vocabulary_key,
)
from veille.events.parsed import Sent, Word
from veille.records import Article, Mention, PlaceMention, RawDocument
from veille.settings import Settings
from veille.training.linear import Example

ROOT = Path(__file__).resolve().parents[3]
"""The repository root (training runs from a source checkout)."""


@dataclass(frozen=True, slots=True)
class TrainingSource:
    """A set of gold files, how much each of its events counts, and what it is."""

    pattern: str
    weight: float
    note: str
    tune: bool = True  # its records count when the vote's thresholds are chosen


SOURCES: tuple[TrainingSource, ...] = (
    TrainingSource(
        "eval/real/gold/train/*.jsonl",
        1.0,
        "the real-news corpus's train split (eval/real/README.md): two passes, adjudicated",
    ),
    TrainingSource(
        "data/training/events/plover_gsr_dev.jsonl",
        1.0,
        "PLOVER gold-standard dev half, 161 English sentences, one event each (CC BY-SA 4.0)",
    ),
    TrainingSource(
        "eval/gold/*.jsonl",
        0.3,
        "our invented gold (mechanisms, not real text): small weight",
        tune=False,  # the rules were written on it: it would always vote for them
    ),
)
"""What ``make train`` reads, in this order; a missing file is skipped (the train split grows)."""


@dataclass(slots=True)
class GoldEvent:
    """One gold event placed in a sentence of the parse."""

    event_type: str
    head: int | None  # token index of the word carrying it, when found
    background: bool


@dataclass(slots=True)
class SentenceItem:
    """One coder sentence of a training record, with its rule triggers and gold events."""

    record_id: str
    kind: str
    language: str
    sent: Sent
    index: MentionIndex
    found: list[tuple[Word, TriggerEntry]]
    gold: list[GoldEvent] = field(default_factory=list)
    exhaustive: bool = True
    weight: float = 1.0
    tune: bool = True


@dataclass(slots=True)
class TriggerRecorder:
    """A proposal step that records what the rules found and codes nothing further."""

    seen: list[tuple[Sent, MentionIndex, list[tuple[Word, TriggerEntry]]]] = field(
        default_factory=list
    )

    def propose(
        self, sent: Sent, index: MentionIndex, found: list[tuple[Word, TriggerEntry]]
    ) -> list[tuple[Word, TriggerEntry]]:
        """Keep the sentence and its triggers; return none so the coder stops there."""
        self.seen.append((sent, index, list(found)))
        return []


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file (``#`` header lines skipped) into normalised records.

    A one-event record (PLOVER shape) names its trigger words in
    ``event_text``; the first of them becomes the event's ``trigger``.
    """
    records = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            raw = json.loads(line)
            record = normalize_record(raw, f"{path}:{n}")
            if record["single"] and isinstance(raw.get("event_text"), str):
                words = raw["event_text"].split()
                record["events"][0]["trigger"] = words[0] if words else None
            records.append(record)
    return records


def source_files(root: Path = ROOT) -> list[tuple[TrainingSource, Path]]:
    """Return every training file that exists, in :data:`SOURCES` order, then by name."""
    return [(src, path) for src in SOURCES for path in sorted(root.glob(src.pattern))]


def _article(record: dict[str, Any], settings: Settings) -> Article:
    """Extract the record's text as the pipeline does for ``veille eval``."""
    from veille.extract import extract_article  # noqa: PLC0415 - heavy import
    from veille.settings import parse_datetime  # noqa: PLC0415

    overrides: dict[str, Any] = {"language": record["language"] or "en"}
    if record.get("date"):
        overrides["as_of"] = parse_datetime(str(record["date"]))
    effective = replace(settings, **overrides)
    raw = RawDocument(source=f"<{record['id']}>", data=record["text"], media_type="text/plain")
    return extract_article(raw, effective)


def parse_records(
    records: Sequence[dict[str, Any]], settings: Settings
) -> Iterator[tuple[dict[str, Any], Article, Any, tuple[Mention, ...], tuple[PlaceMention, ...]]]:
    """Yield each record with its article, spaCy parse, actor mentions and places."""
    from veille.engine import resolve_actors_and_places  # noqa: PLC0415
    from veille.nlp import keep_text, load_pipeline  # noqa: PLC0415

    for language in ("fr", "en"):
        batch = [r for r in records if (r["language"] or "en") == language]
        if not batch:
            continue
        articles = [_article(r, settings) for r in batch]
        preferred = settings.fr_model if language == "fr" else settings.en_model
        nlp = load_pipeline(language, preferred, settings.event_model)
        for record, article, doc in zip(
            batch, articles, nlp.pipe(a.text for a in articles), strict=True
        ):
            keep_text(doc, article.text)
            mentions, places = resolve_actors_and_places(doc, article, settings)
            yield record, article, doc, mentions, places


def _find(text: str, needle: str, start: int = 0, end: int | None = None) -> int:
    """Find ``needle`` in ``text[start:end]``: exactly, else ignoring case and spacing."""
    end = len(text) if end is None else end
    at = text.find(needle, start, end)
    if at >= 0:
        return at
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    if not pattern:
        return -1
    found = re.compile(pattern, re.IGNORECASE).search(text, start, end)
    return found.start() if found else -1


def head_word(sent: Sent, start: int, end: int) -> Word | None:
    """Return the word of ``sent`` that heads the characters ``[start, end)``.

    The syntactic head of the span (its only word whose head lies outside
    it), preferring a verb or noun; ``None`` when no word overlaps.
    """
    inside = [t for t in sent if t.idx < end and start < t.idx + len(t.text) and not t.is_punct]
    if not inside:
        return None
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in ids or t.head is t]
    ranked = sorted(heads or inside, key=lambda t: (t.pos_ not in COARSE, t.i))
    return ranked[0]


def _place_event(
    event: dict[str, Any],
    segments: Sequence[tuple[Sent, MentionIndex, list[tuple[Word, TriggerEntry]]]],
    text: str,
) -> tuple[int, int | None]:
    """Return (segment position, head token index) of a gold event in the record's parse.

    The ``sentence`` field (article records) narrows the search; the
    trigger text is then looked up there. An event whose trigger is not
    found stays in the segment where its sentence (or the record) starts.
    """
    lo, hi = 0, len(text)
    sentence = event.get("sentence")
    if isinstance(sentence, str) and sentence.strip():
        at = _find(text, sentence.strip())
        if at >= 0:
            lo, hi = at, at + len(sentence.strip())
    trigger = event.get("trigger")
    span: tuple[int, int] | None = None
    if isinstance(trigger, str) and trigger.strip():
        at = _find(text, trigger.strip(), lo, hi)
        if at >= 0:
            span = (at, at + len(trigger.strip()))
    anchor = span[0] if span else lo
    position = 0
    for i, (sent, _, _) in enumerate(segments):
        if sent.start_char <= anchor:
            position = i
    if span is None:
        return position, None
    head = head_word(segments[position][0], *span)
    return position, head.i if head is not None else None


def collect(
    records: Sequence[dict[str, Any]],
    settings: Settings,
    *,
    weight: float = 1.0,
    prefix: str = "",
    tune: bool = True,
) -> list[SentenceItem]:
    """Parse and code ``records`` with the rules and return their sentences with gold events."""
    items: list[SentenceItem] = []
    coders: dict[str, EventCoder] = {}
    for record, article, doc, mentions, places in parse_records(records, settings):
        language = article.language
        recorder = TriggerRecorder()
        coder = coders.get(language)
        if coder is None:
            coder = coders[language] = EventCoder(language)
        coder.proposer = recorder
        coder.code(doc, article, mentions, places)
        segments = recorder.seen
        if not segments:
            continue
        record_items = [
            SentenceItem(
                record_id=prefix + record["id"],
                kind=record.get("kind", "sentence"),
                language=language,
                sent=sent,
                index=index,
                found=found,
                exhaustive=not record["single"],
                weight=weight,
                tune=tune,
            )
            for sent, index, found in segments
        ]
        for event in record["events"]:
            position, head = _place_event(event, segments, article.text)
            record_items[position].gold.append(
                GoldEvent(event["event_type"], head, bool(event.get("background")))
            )
        items.extend(record_items)
    return items


def load_items(
    settings: Settings, root: Path = ROOT
) -> tuple[list[SentenceItem], list[dict[str, Any]]]:
    """Read, parse and code every training file; return the sentences and a file summary."""
    items: list[SentenceItem] = []
    summary = []
    for source, path in source_files(root):
        records = read_gold(path)
        found = collect(
            records, settings, weight=source.weight, prefix=f"{path.name}:", tune=source.tune
        )
        items.extend(found)
        summary.append(
            {
                "file": str(path.relative_to(root)),
                "records": len(records),
                "events": sum(len(r["events"]) for r in records),
                "weight": source.weight,
            }
        )
    return items, summary


def candidate_vocabulary(items: Iterable[SentenceItem]) -> frozenset[str]:
    """Return the vocabulary keys of every word that carries a gold event (background too)."""
    keys = set()
    for item in items:
        words = item.sent.doc.words
        for gold in item.gold:
            if gold.head is not None:
                keys.add(vocabulary_key(words[gold.head]))
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One scored word of a training sentence: what the model sees and what it should say."""

    item: int  # position of its sentence in the item list
    token: int
    rule_type: str | None
    features: tuple[str, ...]
    label: str | None  # None: not labelled (left out of training)
    weight: float


def label_candidates(
    item: SentenceItem, vocabulary: frozenset[str]
) -> list[tuple[Word, TriggerEntry | None, str | None]]:
    """Return each candidate word of ``item``, the rule's entry and its label (module doc)."""
    ruled = {tok.i: entry for tok, entry in item.found}
    heads = {g.head: g for g in item.gold if g.head is not None}
    pool: list[tuple[Word, TriggerEntry | None]] = list(item.found)
    pool.extend(
        (tok, None)
        for tok in item.sent
        if tok.i not in ruled
        and tok.pos_ in COARSE
        and (vocabulary_key(tok) in vocabulary or tok.i in heads)
    )
    # Gold events no candidate carries, by type: a rule trigger of that type stands for one.
    carried = {i for i in heads if any(tok.i == i for tok, _ in pool)}
    open_types: dict[str, int] = {}
    for g in item.gold:
        if not g.background and (g.head is None or g.head not in carried):
            open_types[g.event_type] = open_types.get(g.event_type, 0) + 1
    background = {g.event_type for g in item.gold if g.background}
    out: list[tuple[Word, TriggerEntry | None, str | None]] = []
    for tok, entry in sorted(pool, key=lambda pair: pair[0].i):
        label: str | None
        gold = heads.get(tok.i)
        if gold is not None:
            label = None if gold.background else gold.event_type
        elif entry is not None and open_types.get(entry.event_type, 0) > 0:
            open_types[entry.event_type] -= 1
            label = entry.event_type
        elif entry is not None and entry.event_type in background:
            label = None  # the rules found a recalled act: either answer is right
        else:
            label = NONE if item.exhaustive else None
        out.append((tok, entry, label))
    return out


def candidates(items: Sequence[SentenceItem], vocabulary: frozenset[str]) -> list[Candidate]:
    """Return every candidate word of ``items`` with its features and label."""
    out = []
    for position, item in enumerate(items):
        context = sentence_context(item.sent, item.index, item.language)
        for tok, entry, label in label_candidates(item, vocabulary):
            feats = candidate_features(tok, entry, item.sent, item.index, context)
            out.append(
                Candidate(
                    item=position,
                    token=tok.i,
                    rule_type=entry.event_type if entry else None,
                    features=tuple(feats),
                    label=label,
                    weight=item.weight,
                )
            )
    return out


def examples(found: Iterable[Candidate]) -> list[Example]:
    """Return the labelled candidates as training examples."""
    return [Example(c.features, c.label, c.weight) for c in found if c.label is not None]
