"""Hand-built records and hypothesis strategies shared by the store, serialize and export tests.

MinHash signatures are computed the way the extraction stage computes them:
datasketch, 128 permutations, seed 1, shingles of three consecutive
lower-cased words.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import get_args

from datasketch import MinHash
from hypothesis import strategies as st

from veille.records import (
    SECTION_KINDS,
    ActorRef,
    Article,
    ArticleError,
    ArticleResult,
    Attribution,
    Condition,
    Duration,
    Event,
    Location,
    Mention,
    MentionKind,
    MetadataChoice,
    MetadataVote,
    Mode,
    PlaceMention,
    Precision,
    Quantity,
    Salience,
    Section,
    Span,
)


def minhash_of(text: str) -> tuple[int, ...]:
    words = text.lower().split()
    signature = MinHash(num_perm=128, seed=1)
    for i in range(max(len(words) - 2, 0)):
        signature.update(" ".join(words[i : i + 3]).encode("utf-8"))
    return tuple(int(v) for v in signature.hashvalues)


def content_hash_of(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def long_text(seed: int, sentences: int = 40) -> str:
    """A unique, article-sized French text; different seeds share no sentence."""
    return " ".join(
        f"Le ministre {seed}-{i} a rencontré la délégation {seed * 1000 + i} à Minsk "
        f"pour discuter du dossier {i} de la défense aérienne."
        for i in range(sentences)
    )


def make_article(
    article_id: str,
    text: str,
    *,
    title: str | None = None,
    published: datetime | None = datetime(2026, 11, 22, 8, 0, tzinfo=UTC),
    minhash: bool = True,
    **fields: object,
) -> Article:
    return Article(
        id=article_id,
        text=text,
        content_hash=content_hash_of(text),
        title=title if title is not None else text.split(".", maxsplit=1)[0][:80],
        published_at=published,
        language="fr",
        language_confidence=0.97,
        sections=(Section("body", 0, len(text)),),
        evidence={"title": Span(0, min(len(text), 10), text[:10])},
        minhash=minhash_of(text) if minhash else (),
        **fields,  # type: ignore[arg-type]
    )


def make_event(
    article_id: str,
    event_type: str = "ACCUSE",
    *,
    source: str | None = "RUS",
    target: str | None = "NATO",
    date: str | None = "2026-11-22",
    **fields: object,
) -> Event:
    values: dict[str, object] = {
        "cameo": "112",
        "goldstein": -2.0,
        "quad_class": 3,
        "coder": "test-coder 1",
        "confidence": 0.8,
        **fields,
    }
    return Event(
        article_id=article_id,
        event_type=event_type,
        trigger=Span(10, 17, "dénonce"),
        sentence=Span(0, 40, "Moscou dénonce la présence de l'OTAN"),
        source=(ActorRef("Moscou", source, 0, 6, "GOV"),) if source else (),
        target=(ActorRef("OTAN", target, 30, 34),) if target else (),
        event_date=date,
        **values,  # type: ignore[arg-type]
    )


def rich_event(article_id: str) -> Event:
    """An event using every nested field, as the reference article's New START commitment."""
    return Event(
        article_id=article_id,
        event_type="AGREE",
        trigger=Span(5, 13, "respecter"),
        sentence=Span(
            0, 120, "La Russie respectera New START un an si les États-Unis font de même"
        ),
        mode="commit",
        cameo="057",
        goldstein=8.0,
        quad_class=1,
        source=(ActorRef("La Russie", "RUS", 0, 9, "GOV"),),
        target=(ActorRef("États-Unis", "USA", 60, 70), ActorRef("Washington", "USA", 80, 90)),
        quantities=(Quantity(60000.0, "militaires", "troops", True, 20, 35),),
        duration=Duration("un an", 365, 40, 45),
        condition=Condition("si les États-Unis font de même", 50, 82, depends_on="USA"),
        negated=False,
        hypothetical=True,
        modality="conditional",
        attributed_to=Attribution("Belousov", "RUS", 90, 98, verb=Span(100, 107, "a déclaré")),
        section_kind="body",
        event_date="2026-11-20",
        location=Location(
            "Minsk", "G625144", "BLR", "BLR.05", 53.9, 27.5667, "city", False, 84, 89
        ),
        salience="lead",
        coder="test-coder 1",
        confidence=0.9,
    )


def make_mention(start: int = 0, text: str = "Moscou", actor: str | None = "RUS") -> Mention:
    return Mention(start, start + len(text), text, "capital", actor, ("GOV",), "RUS", 0.9)


def make_error(source: str, code: str = "E-EMPTY", message: str = "empty file") -> ArticleError:
    return ArticleError(source, code, message, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))


# -- hypothesis strategies -----------------------------------------------------------

texts = st.text(max_size=20)
opt_texts = st.none() | texts
offsets = st.integers(min_value=0, max_value=10**7)
finite = st.floats(allow_nan=False, allow_infinity=False)
zones = st.just(UTC) | st.builds(
    timezone,
    st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(
        lambda d: timedelta(minutes=round(d.total_seconds() / 60))
    ),
)
datetimes = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=zones
)
opt_datetimes = st.none() | datetimes
spans = st.builds(Span, offsets, offsets, texts)
actor_refs = st.builds(ActorRef, texts, opt_texts, offsets, offsets, opt_texts)

articles = st.builds(
    Article,
    id=st.text(min_size=1, max_size=20),
    text=st.text(max_size=200),
    content_hash=texts,
    url=opt_texts,
    source_name=opt_texts,
    source_format=texts,
    title=opt_texts,
    author=opt_texts,
    authors=st.lists(texts, max_size=3).map(tuple),
    organisation=opt_texts,
    author_role=opt_texts,
    published_at=opt_datetimes,
    published_date_local=opt_texts,
    published_text=opt_texts,
    reference_time=opt_datetimes,
    reference_time_source=opt_texts,
    retrieved_at=opt_datetimes,
    language=texts,
    language_confidence=finite,
    reading_time_minutes=st.none() | st.integers(-(2**40), 2**40),
    reading_time_estimated=st.booleans(),
    sections=st.lists(
        st.builds(Section, st.sampled_from(SECTION_KINDS), offsets, offsets, opt_texts), max_size=3
    ).map(tuple),
    evidence=st.dictionaries(texts, spans, max_size=3),
    provenance=st.dictionaries(
        texts,
        st.builds(
            MetadataChoice,
            texts,
            texts,
            st.lists(texts, max_size=2).map(tuple),
            st.lists(st.builds(MetadataVote, texts, texts, finite), max_size=2).map(tuple),
        ),
        max_size=2,
    ),
    minhash=st.lists(st.integers(0, 2**32 - 1), max_size=8).map(tuple),
)

places = st.builds(
    PlaceMention,
    start=offsets,
    end=offsets,
    text=texts,
    place_id=opt_texts,
    name=opt_texts,
    precision=st.sampled_from(get_args(Precision)),
    country=opt_texts,
    admin1=opt_texts,
    lat=st.none() | finite,
    lon=st.none() | finite,
    alternatives=st.lists(texts, max_size=2).map(tuple),
    confidence=finite,
)

mentions = st.builds(
    Mention,
    start=offsets,
    end=offsets,
    text=texts,
    kind=st.sampled_from(get_args(MentionKind)),
    actor_id=opt_texts,
    sectors=st.lists(texts, max_size=3).map(tuple),
    country=opt_texts,
    confidence=finite,
)

events = st.builds(
    Event,
    article_id=texts,
    event_type=texts,
    trigger=spans,
    sentence=spans,
    mode=opt_texts,
    cameo=opt_texts,
    goldstein=st.none() | finite,
    quad_class=st.none() | st.integers(-(2**40), 2**40),
    source=st.lists(actor_refs, max_size=2).map(tuple),
    target=st.lists(actor_refs, max_size=2).map(tuple),
    quantities=st.lists(
        st.builds(Quantity, finite, opt_texts, opt_texts, st.booleans(), offsets, offsets),
        max_size=2,
    ).map(tuple),
    duration=st.none() | st.builds(Duration, texts, st.integers(0, 10**6), offsets, offsets),
    condition=st.none() | st.builds(Condition, texts, offsets, offsets, opt_texts),
    negated=st.booleans(),
    hypothetical=st.booleans(),
    modality=st.sampled_from(get_args(Mode)),
    attributed_to=st.none()
    | st.builds(Attribution, texts, opt_texts, offsets, offsets, st.none() | spans),
    section_kind=st.sampled_from(SECTION_KINDS),
    event_date=opt_texts,
    location=st.none()
    | st.builds(
        Location,
        texts,
        opt_texts,
        opt_texts,
        opt_texts,
        st.none() | finite,
        st.none() | finite,
        st.sampled_from(get_args(Precision)),
        st.booleans(),
        st.none() | offsets,
        st.none() | offsets,
    ),
    salience=st.sampled_from(get_args(Salience)),
    coder=texts,
    confidence=finite,
)

errors = st.builds(ArticleError, texts, texts, texts, datetimes)


@st.composite
def results(draw: st.DrawFn) -> ArticleResult:
    """An article with mentions and events that all belong to it."""
    article = draw(articles)
    found = draw(st.lists(events, max_size=3))
    return ArticleResult(
        article=article,
        mentions=tuple(draw(st.lists(mentions, max_size=3))),
        events=tuple(replace(e, article_id=article.id) for e in found),
        places=tuple(draw(st.lists(places, max_size=3))),
    )
