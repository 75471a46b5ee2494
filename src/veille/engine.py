"""The only module that wires the stages together.

``source → fetch → extract → nlp → actors → events → places → store``. Each stage
takes and returns the records of :mod:`veille.records`; this module decides
the order, batches articles per language for spaCy, and turns any failure on
one item into an :class:`~veille.records.ArticleError` so a batch never stops.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import islice
from typing import TYPE_CHECKING, Literal

from veille.actors import get_knowledge_base, get_resolver
from veille.budgets import ItemClock
from veille.errors import BudgetError, ExtractionError, VeilleError, internal_error_message
from veille.events import COMPONENT_NAME as EVENTS_COMPONENT
from veille.events.stateless import place_stateless_groups
from veille.extract import extract_article
from veille.nlp import keep_text, load_pipeline, parse_spans
from veille.places import assign_salience, get_place_resolver, locate_events
from veille.records import (
    Article,
    ArticleError,
    ArticleResult,
    Event,
    Mention,
    PlaceMention,
    RawDocument,
    shift_offsets,
    slice_article,
)
from veille.settings import LANGUAGES, Settings, parse_datetime
from veille.sources import iter_raw_documents
from veille.store import Store, open_store
from veille.stories import (
    Signals,
    article_signals,
    assign_story,
    drop_keys,
    story_options,
    upcoming_keys,
)
from veille.stories.signals import uses_words

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 32
"""Articles parsed together by ``nlp.pipe``, then stored in one transaction.

spaCy's own speed hardly depends on it (16, 32 and 64 texts per call parse
French within 2 % of each other); memory does: 32 keeps a French process at
about 740 MiB (English 390 MiB), while 64 took French to 918 MiB, too close to
the 1 GiB per-process budget. One commit per batch instead of one per article
saves about 0.7 ms per article of storing. A crash loses at most one batch of
in-flight work, which a resumed run redoes."""

ItemStatus = Literal[
    "new", "updated", "unchanged", "duplicate", "near-duplicate", "skipped", "error"
]


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What happened to one source item during an ingest."""

    source: str
    status: ItemStatus
    article_id: str | None = None
    title: str | None = None
    events: int = 0
    error: ArticleError | None = None


@dataclass(slots=True)
class IngestReport:
    """Counts for a whole ingest run, by outcome status."""

    counts: Counter[str] = field(default_factory=Counter)
    article_ids: list[str] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)

    def add(self, outcome: ItemOutcome) -> None:
        """Account for one item's outcome."""
        self.counts[outcome.status] += 1
        if outcome.article_id and outcome.article_id not in self.article_ids:
            self.article_ids.append(outcome.article_id)
        if outcome.error is not None:
            self.errors.append(outcome.error)


def process_article(article: Article, settings: Settings) -> ArticleResult:
    """Run NLP, actor resolution and event coding on one extracted article."""
    return next(iter(process_articles([article], settings)))


def process_articles(articles: Sequence[Article], settings: Settings) -> list[ArticleResult]:
    """Run NLP, actors, events and places on articles, batching ``nlp.pipe`` per language.

    With ``settings.places`` (the default) each result carries the article's
    place mentions and each event its location; events are marked lead or
    background either way. A text longer than ``settings.parse_chars`` is
    parsed and coded in pieces of whole paragraphs or sentences, and what is
    found in each piece is put back at its place in the whole text.

    Articles in a language veille does not code (``other``) are kept with no
    mentions or events. The result list is in the input order. Raises the
    first article's failure (:class:`~veille.errors.BudgetError` when one goes
    over ``settings.item_timeout``); :func:`process_documents` records them
    per article instead.
    """
    clocks = [ItemClock(article.id, settings.item_timeout) for article in articles]
    results = _code_articles(articles, settings, clocks)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return [result for result in results if isinstance(result, ArticleResult)]


@dataclass(slots=True)
class _Coding:
    """One article on its way through the parser, piece by piece, and what its pieces yielded."""

    article: Article
    clock: ItemClock
    pieces: list[tuple[int, int]]
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    failure: Exception | None = None

    def add(self, doc: Doc, start: int, end: int, settings: Settings) -> None:
        """Code the parse of one piece and keep its findings at their offsets in the whole text."""
        if len(self.pieces) == 1:
            found = code_document(doc, self.article, settings)
            self.mentions, self.events, self.places = (
                list(found.mentions),
                list(found.events),
                list(found.places),
            )
            return
        found = code_document(doc, slice_article(self.article, start, end), settings)
        self.mentions.extend(shift_offsets(mention, start) for mention in found.mentions)
        self.events.extend(shift_offsets(event, start) for event in found.events)
        self.places.extend(shift_offsets(place, start) for place in found.places)

    def result(self) -> ArticleResult | Exception:
        """Return the article's result, or the failure that stopped it."""
        if self.failure is None:
            try:
                self.clock.check("the end of coding")
            except BudgetError as exc:
                self.failure = exc
        if self.failure is not None:
            return self.failure
        return ArticleResult(
            self.article, tuple(self.mentions), tuple(self.events), tuple(self.places)
        )


def _code_articles(
    articles: Sequence[Article], settings: Settings, clocks: Sequence[ItemClock]
) -> list[ArticleResult | Exception]:
    """Parse and code ``articles``; one result or exception per article, in order.

    spaCy's cost (time and memory) follows the characters of one call, so the
    texts are cut into pieces of at most ``settings.parse_chars`` characters
    and consecutive pieces are parsed together up to that many characters.
    Each parse is coded at once and dropped, so memory does not grow with the
    text; each article's clock is charged for the calls it took part in and
    checked before each of its pieces.
    """
    results: dict[int, ArticleResult | Exception] = {}
    for language in LANGUAGES:
        batch = [(i, a) for i, a in enumerate(articles) if a.language == language]
        if not batch:
            continue
        try:
            nlp = load_pipeline(language, _model_setting(settings, language), settings.event_model)
        except Exception as exc:
            results.update(dict.fromkeys((index for index, _ in batch), exc))
            continue
        # nlp.max_length too, should a caller have lowered it: spaCy refuses
        # longer texts (E088), and the piece size is what bounds memory.
        limit = min(settings.parse_chars, nlp.max_length)
        codings = {
            index: _Coding(article, clocks[index], parse_spans(article.text, limit))
            for index, article in batch
        }
        for group in _parse_groups(list(codings.values()), limit):
            _parse_and_code(nlp, group, settings)
        results.update({index: coding.result() for index, coding in codings.items()})
    return [results.get(i, ArticleResult(article)) for i, article in enumerate(articles)]


_Piece = tuple[_Coding, int, int]


def _parse_groups(codings: Sequence[_Coding], limit: int) -> Iterator[list[_Piece]]:
    """Consecutive pieces of the articles, grouped up to ``limit`` characters per spaCy call."""
    group: list[_Piece] = []
    size = 0
    for coding in codings:
        for start, end in coding.pieces:
            if group and size + (end - start) > limit:
                yield group
                group, size = [], 0
            group.append((coding, start, end))
            size += end - start
    if group:
        yield group


def _parse_and_code(nlp: Language, group: Sequence[_Piece], settings: Settings) -> None:
    live: list[_Piece] = []
    for piece in group:
        coding = piece[0]
        if coding.failure is not None:
            continue
        try:
            coding.clock.check("parsing")
        except BudgetError as exc:
            coding.failure = exc
            continue
        live.append(piece)
    if not live:
        return
    started = time.monotonic()
    docs = _parse(nlp, [coding.article.text[start:end] for coding, start, end in live])
    elapsed = time.monotonic() - started
    for (coding, start, end), doc in zip(live, docs, strict=True):
        coding.clock.charge(elapsed)
        if isinstance(doc, Exception):
            coding.failure = doc
            continue
        try:
            with coding.clock.running():
                coding.add(doc, start, end, settings)
        except Exception as exc:
            coding.failure = exc


def _parse(nlp: Language, texts: Sequence[str]) -> list[Doc | Exception]:
    """Parse ``texts`` in one call; if that fails, one by one, so one bad text fails alone."""
    try:
        return list(nlp.pipe(texts, batch_size=len(texts)))
    except Exception:
        parsed: list[Doc | Exception] = []
        for text in texts:
            try:
                parsed.append(nlp(text))
            except Exception as exc:
                parsed.append(exc)
        return parsed


def resolve_actors_and_places(
    doc: Doc, article: Article, settings: Settings
) -> tuple[tuple[Mention, ...], tuple[PlaceMention, ...]]:
    """Return the actor mentions and (when ``settings.places``) the places of ``doc``.

    ``doc`` is the parse of ``article.text``. The actors are resolved first,
    since the place resolver reads them; then a town the actor base does not
    know ("a market in Kharkiv") tells the coder which state an act is aimed
    at, and gives the groups of its context ("police in Kharkiv") their
    state, so the context pass runs again with the places. The training
    reader (:mod:`veille.training.events`) runs this too, so the model learns
    from the mentions the engine codes with.
    """
    resolver = get_resolver(article.language)
    named = resolver.named_mentions(doc, as_of=_article_date(article))
    mentions = resolver.in_context(doc, named)
    if not settings.places:
        return mentions, ()
    found = get_place_resolver(article.language).resolve_places(doc, mentions, article=article)
    return resolver.in_context(doc, named, found), found


def code_document(doc: Doc, article: Article, settings: Settings) -> ArticleResult:
    """Resolve actors and places and code events in ``doc``, the spaCy parse of ``article.text``.

    The stages after parsing, for one article: :func:`process_articles` calls
    it on each parse, and a caller holding its own parse can too.
    """
    keep_text(doc, article.text)
    mentions, found = resolve_actors_and_places(doc, article, settings)
    doc._.veille_article = dating_basis(article)
    doc._.veille_mentions = mentions
    doc._.places = found
    # The pipeline's event component (see veille.nlp.load_pipeline), run here
    # once the extensions it reads are set.
    nlp = load_pipeline(
        article.language, _model_setting(settings, article.language), settings.event_model
    )
    events: Sequence[Event] = nlp.get_pipe(EVENTS_COMPONENT)(doc)._.veille_events
    if settings.places:
        events = locate_events(events, found, mentions, article, doc)
        # The Islamic State or al-Qaeda acting somewhere is coded by that country (codebook 7.6).
        kb = get_knowledge_base()
        events = place_stateless_groups(events, found, lambda code: kb.covers("IMG", code))
    else:
        events = assign_salience(events, doc, article)
    return ArticleResult(article, tuple(mentions), tuple(events), found)


UNDATED_REFERENCES = frozenset({"file", "now"})
"""Reference times that say when a text was saved or read, not when it happened."""


def dating_basis(article: Article) -> Article:
    """Return the article as the event coder should date it.

    An event is dated by its sentence, else by the article's publication
    date, else by the article's reference time. When the article states no
    date (or one that could not be read) and its reference time is only the
    file's modification time or the moment it was read, that time says
    nothing about the events: it would date a 2018 feed item, or a README,
    today and put it first in every listing. The coder then gets no
    reference time, so such events are dated only when their sentence
    states a full date, and are listed after the dated ones.
    """
    if article.published_at is None and article.reference_time_source in UNDATED_REFERENCES:
        return replace(article, reference_time=None)
    return article


def process_text(
    text: str,
    *,
    language: str | None = None,
    as_of: datetime | date | str | None = None,
    settings: Settings | None = None,
    source: str = "<text>",
) -> ArticleResult:
    """Extract and code a piece of text without storing it (used by ``veille eval``).

    ``language`` forces the language (else it is detected); ``as_of`` is the
    reference time for relative dates and the default event date.
    """
    overrides: dict[str, object] = {}
    if language:
        overrides["language"] = language
    if as_of is not None:
        overrides["as_of"] = _as_datetime(as_of)
    effective = replace(settings or Settings.from_env(), **overrides)  # type: ignore[arg-type]
    raw = RawDocument(source=source, data=text, media_type="text/plain")
    article = extract_article(raw, effective)
    return process_article(article, effective)


def process_documents(
    documents: Sequence[RawDocument], settings: Settings
) -> list[ArticleResult | ArticleError]:
    """Extract and code raw documents without storing them (the distributed map function).

    Returns one entry per document, in order: its coded result, or the
    :class:`ArticleError` that stopped it (``E-TIMEOUT`` when it went over
    ``settings.item_timeout``). Touches no store and no network, so it can run
    on any worker of :mod:`veille.distributed`.
    """
    done: dict[int, ArticleResult | ArticleError] = {}
    extracted: list[tuple[int, Article]] = []
    clocks: list[ItemClock] = []
    for index, document in enumerate(documents):
        clock = ItemClock(document.source, settings.item_timeout)
        try:
            with clock.running():
                article = coded_language(extract_article(document, settings, clock=clock))
            clock.check("the end of extraction")
        except Exception as exc:
            done[index] = _to_article_error(document.source, exc)
            continue
        extracted.append((index, article))
        clocks.append(clock)
    results = _code_articles([article for _, article in extracted], settings, clocks)
    for (index, _), result in zip(extracted, results, strict=True):
        if isinstance(result, Exception):
            done[index] = _to_article_error(documents[index].source, result)
        else:
            done[index] = result
    return [done[index] for index in range(len(documents))]


def coded_language(article: Article) -> Article:
    """Return ``article`` when it is in a language veille codes; else raise ``E-LANGUAGE``.

    An article veille cannot code would be stored with no event, listed as a
    story of its own and searched like the others: a Portuguese wire among
    French news is noise to the analyst. It becomes an error row instead,
    which names the language and how to force one when detection is wrong.
    """
    if article.language in LANGUAGES:
        return article
    from veille.extract.language import language_name  # noqa: PLC0415 - only for refused articles

    named = language_name(article.text)
    detected = f"it reads as {named}" if named else "its language could not be told"
    raise ExtractionError(
        f"the article is not in a language veille codes ({', '.join(LANGUAGES)}): {detected} "
        f"(confidence {article.language_confidence:.2f}); if that is wrong, force the language "
        "with --lang fr or --lang en (VEILLE_LANG)",
        code="E-LANGUAGE",
    )


def ingest_iter(
    sources: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    resume: bool = True,
) -> Iterator[ItemOutcome]:
    """Ingest ``sources`` into ``store``, yielding one outcome per source item.

    With ``resume`` (the default) items whose source key is already stored are
    skipped without being fetched again, so an interrupted run can simply be
    started again. Every failure becomes a stored :class:`ArticleError`.
    """
    yield from ingest_documents(
        iter_raw_documents(sources, settings), store, settings, resume=resume
    )


def ingest_documents(
    documents: Iterable[RawDocument | ArticleError],
    store: Store,
    settings: Settings,
    *,
    resume: bool = True,
) -> Iterator[ItemOutcome]:
    """Ingest raw documents built by the caller (the HTTP API's posted text or HTML).

    Works like :func:`ingest_iter` from the extraction stage on; an
    :class:`ArticleError` in ``documents`` is recorded as is.
    """
    items = iter(documents)
    # A chunk is saved and clustered once the next one is processed, so that its
    # last articles see the keys of what follows (how common Trump is today).
    waiting: _Prepared | None = None
    while True:
        chunk = list(islice(items, BATCH_SIZE))
        prepared = _prepare_chunk(chunk, store, settings, resume=resume) if chunk else None
        if waiting is not None:
            yield from _commit_chunk(waiting, store, settings, ahead=prepared)
        if prepared is None:
            return
        yield from prepared.early
        waiting = prepared


def ingest(
    sources: Iterable[str] | str,
    *,
    db: str | None = None,
    store: Store | None = None,
    settings: Settings | None = None,
    on_item: Callable[[ItemOutcome], None] | None = None,
    resume: bool = True,
) -> IngestReport:
    """Ingest files, folders, URLs, feeds or ``-`` (stdin) and return the counts.

    >>> from veille import ingest
    >>> report = ingest(["articles/"], db="veille.db")  # doctest: +SKIP
    """
    settings = settings or Settings.from_env(db=db)
    if isinstance(sources, str):
        sources = [sources]
    report = IngestReport()
    owned = store is None
    target = store if store is not None else store_for(settings)
    try:
        for outcome in ingest_iter(sources, target, settings, resume=resume):
            report.add(outcome)
            if on_item is not None:
                on_item(outcome)
    finally:
        if owned:
            target.close()
    return report


def store_for(settings: Settings) -> Store:
    """Open the store that ``settings`` name, configured by them."""
    return open_store(settings.db, near_duplicate_threshold=settings.near_duplicate_threshold)


@dataclass
class _Prepared:
    """A processed chunk waiting to be saved: outcomes known already, results and signals."""

    early: list[ItemOutcome]
    pending: list[RawDocument]
    processed: list[ArticleResult | ArticleError]
    signals: list[Signals | None]


def _prepare_chunk(
    chunk: Sequence[RawDocument | ArticleError],
    store: Store,
    settings: Settings,
    *,
    resume: bool,
) -> _Prepared:
    early: list[ItemOutcome] = []
    pending: list[RawDocument] = []
    for item in chunk:
        if isinstance(item, ArticleError):
            store.record_error(item)
            early.append(ItemOutcome(item.source, "error", error=item))
        elif resume and store.source_done(item.source):
            early.append(ItemOutcome(item.source, "skipped"))
        else:
            pending.append(item)
    processed = process_documents(pending, settings)
    text = uses_words(settings.story_similarity)
    signals = [
        None if isinstance(r, ArticleError) else article_signals(r, text=text) for r in processed
    ]
    return _Prepared(early, pending, list(processed), signals)


def _commit_chunk(
    prepared: _Prepared,
    store: Store,
    settings: Settings,
    *,
    ahead: _Prepared | None,
) -> Iterator[ItemOutcome]:
    options = story_options(settings)
    # The keys of this chunk and of the next, counted before any article is
    # clustered, tell each article how common a key is in its window.
    upcoming = upcoming_keys(
        s for s in (*prepared.signals, *(ahead.signals if ahead else ())) if s is not None
    )
    outcomes: list[ItemOutcome] = []
    # One transaction for the chunk's writes (see Store.batch); the outcomes
    # are reported once it is committed, so none names an article that a
    # crash before the commit would lose.
    with store.batch():
        for document, result, own in zip(
            prepared.pending, prepared.processed, prepared.signals, strict=True
        ):
            if isinstance(result, ArticleError):
                # Not saved, so that a later run (e.g. after installing a missing
                # model) processes the article again instead of skipping it.
                store.record_error(result)
                outcomes.append(ItemOutcome(document.source, "error", error=result))
                continue
            saved = store.save(result, document.source)
            if own is not None:
                drop_keys(upcoming, own)
            assign_story(store, result, saved, options, upcoming=upcoming, signals=own)
            outcomes.append(
                ItemOutcome(
                    document.source,
                    saved.status,
                    article_id=saved.article_id,
                    title=result.article.title,
                    events=len(result.events),
                )
            )
    yield from outcomes


def _to_article_error(source: str, exc: Exception) -> ArticleError:
    now = datetime.now(UTC)
    if isinstance(exc, VeilleError):
        return ArticleError(source, exc.code, exc.message, now)
    # An unexpected exception is a bug in veille, not in the input: keep enough
    # to report it, and let the batch go on.
    return ArticleError(source, "E-INTERNAL", internal_error_message(exc), now)


def _article_date(article: Article) -> date | None:
    moment = article.published_at or article.reference_time
    return moment.date() if moment else None


def _model_setting(settings: Settings, language: str) -> str:
    return {"fr": settings.fr_model, "en": settings.en_model}.get(language, "auto")


def _as_datetime(value: datetime | date | str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return parse_datetime(value)


__all__ = [
    "IngestReport",
    "ItemOutcome",
    "code_document",
    "coded_language",
    "dating_basis",
    "ingest",
    "ingest_documents",
    "ingest_iter",
    "process_article",
    "process_articles",
    "process_documents",
    "process_text",
    "store_for",
]
