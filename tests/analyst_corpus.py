"""A synthetic store for the analyst tests: coded articles written straight into the store.

No NLP runs: each article is a few sentences of our own making, each
sentence one event whose spans point into the text, as the pipeline would
have written them. The corpus is deterministic (a seeded generator) and has
what an analyst's store has after years of ingesting:

- event dates over 15 years (2011-2026), denser in the last years;
- 30 actors (states, blocs, persons) and every PLOVER type with its CAMEO
  code, Goldstein score and quad class from the packaged ontology;
- locations at country precision (no coordinates) and city precision (with
  coordinates), and events with no location;
- negated events ("n'a pas signé"), articles grouped in stories of 1-3
  articles, a few in English;
- one article whose sentence holds a 120-character token (a URL), which
  must not stretch the events table.

:func:`build_store` writes ``size`` articles into a SQLite file; 5,000
articles take a few seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from veille.events.ontology import load_ontology
from veille.records import (
    ActorRef,
    Article,
    ArticleResult,
    Event,
    Location,
    Section,
    Span,
)
from veille.store import open_store
from veille.store.base import StoryMember

ACTORS: tuple[tuple[str, str], ...] = (
    ("RUS", "la Russie"),
    ("UKR", "l'Ukraine"),
    ("USA", "les États-Unis"),
    ("FRA", "la France"),
    ("DEU", "l'Allemagne"),
    ("GBR", "le Royaume-Uni"),
    ("CHN", "la Chine"),
    ("BLR", "la Biélorussie"),
    ("POL", "la Pologne"),
    ("TUR", "la Turquie"),
    ("IRN", "l'Iran"),
    ("ISR", "Israël"),
    ("SYR", "la Syrie"),
    ("IRQ", "l'Irak"),
    ("EGY", "l'Égypte"),
    ("IND", "l'Inde"),
    ("PAK", "le Pakistan"),
    ("JPN", "le Japon"),
    ("KOR", "la Corée du Sud"),
    ("PRK", "la Corée du Nord"),
    ("NATO", "l'OTAN"),
    ("EU", "l'Union européenne"),
    ("UN", "l'ONU"),
    ("PER:vladimir-putin", "Vladimir Poutine"),
    ("PER:volodymyr-zelensky", "Volodymyr Zelensky"),
    ("PER:emmanuel-macron", "Emmanuel Macron"),
    ("PER:xi-jinping", "Xi Jinping"),
    ("PER:recep-tayyip-erdogan", "Recep Tayyip Erdogan"),
    ("PER:sergey-lavrov", "Sergueï Lavrov"),
    ("PER:alexander-lukashenko", "Alexandre Loukachenko"),
)
# A few actors act far more often than others, as in real news.
WEIGHTS = [
    30,
    25,
    22,
    12,
    8,
    8,
    10,
    8,
    6,
    5,
    7,
    7,
    5,
    3,
    3,
    3,
    2,
    2,
    2,
    3,
    15,
    9,
    6,
    9,
    7,
    4,
    3,
    2,
    4,
    2,
]

# (PLOVER type, CAMEO code, French verb phrase, English verb phrase)
ACTS: tuple[tuple[str, str, str, str], ...] = (
    ("AGREE", "057", "a signé un accord avec", "signed an agreement with"),
    ("CONSULT", "040", "a consulté", "consulted"),
    ("SUPPORT", "051", "a soutenu", "backed"),
    ("COOPERATE", "061", "coopère avec", "cooperates with"),
    ("AID", "070", "a livré une aide à", "delivered aid to"),
    ("REQUEST", "020", "a demandé l'aide de", "asked for help from"),
    ("ACCUSE", "112", "a accusé", "accused"),
    ("REJECT", "120", "a rejeté la proposition de", "rejected the proposal of"),
    ("THREATEN", "138", "a menacé", "threatened"),
    ("PROTEST", "141", "manifeste contre", "protests against"),
    ("SANCTION", "163", "a sanctionné", "sanctioned"),
    ("MOBILIZE", "152", "a mobilisé des troupes face à", "mobilised troops against"),
    ("ASSAULT", "190", "a bombardé", "shelled"),
    ("CONCEDE", "081", "a levé les sanctions contre", "lifted sanctions on"),
)

# (name, country, precision, lat, lon): cities with coordinates, countries without.
PLACES: tuple[tuple[str, str, str, float | None, float | None], ...] = (
    ("Kyiv", "UKR", "city", 50.45, 30.52),
    ("Kharkiv", "UKR", "city", 49.99, 36.23),
    ("Moscou", "RUS", "city", 55.76, 37.62),
    ("Minsk", "BLR", "city", 53.90, 27.57),
    ("Paris", "FRA", "city", 48.86, 2.35),
    ("Washington", "USA", "city", 38.90, -77.04),
    ("Pékin", "CHN", "city", 39.90, 116.40),
    ("Damas", "SYR", "city", 33.51, 36.29),
    ("Gaza", "PSE", "city", 31.50, 34.47),
    ("Ukraine", "UKR", "country", None, None),
    ("Russie", "RUS", "country", None, None),
    ("Syrie", "SYR", "country", None, None),
    ("Israël", "ISR", "country", None, None),
    ("Iran", "IRN", "country", None, None),
    ("Chine", "CHN", "country", None, None),
    ("Pologne", "POL", "country", None, None),
    ("Turquie", "TUR", "country", None, None),
    ("Irak", "IRQ", "country", None, None),
)

FIRST_DAY = date(2011, 1, 1)
LAST_DAY = date(2026, 11, 30)
LONG_TOKEN = "https://archives.example.org/" + "rapport-annuel-" * 7 + "2024.pdf"


@dataclass(frozen=True, slots=True)
class Corpus:
    """What :func:`build_store` wrote: its file and a few facts the tests check against."""

    db: Path
    articles: int
    events: int
    negated: int
    first_day: date
    last_day: date
    long_token_article: str


def _day(rng: random.Random) -> date:
    # Denser towards the end: an analyst's store grows with time.
    span = (LAST_DAY - FIRST_DAY).days
    return FIRST_DAY + timedelta(days=int(span * (rng.random() ** 0.5)))


def _ends(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _article(rng: random.Random, index: int, day: date, long_token: bool) -> ArticleResult:
    english = index % 9 == 0
    ontology = load_ontology()
    count = rng.randint(1, 5)
    title = f"Dépêche {index}: {ACTORS[index % len(ACTORS)][1]} au centre de l'actualité"
    if english:
        title = f"Wire {index}: news of the day"
    text = title + "\n\n"
    sections = [Section("title", 0, len(title) + 2)]
    body_start = len(text)
    events: list[Event] = []
    article_id = f"syn{index:05d}"
    for ordinal in range(count):
        source_code, source_name = rng.choices(ACTORS, weights=WEIGHTS)[0]
        target_code, target_name = rng.choices(ACTORS, weights=WEIGHTS)[0]
        while target_code == source_code:
            target_code, target_name = rng.choices(ACTORS, weights=WEIGHTS)[0]
        event_type, cameo, verb_fr, verb_en = rng.choice(ACTS)
        negated = rng.random() < 0.06
        verb = verb_en if english else verb_fr
        if negated:
            verb = ("did not " + verb) if english else ("n'a pas " + verb.removeprefix("a "))
        where = rng.choice(PLACES) if rng.random() < 0.85 else None
        place_words = f" à {where[0]}" if where else ""
        extra = f" Le rapport est en ligne : {LONG_TOKEN}." if long_token and ordinal == 0 else ""
        sentence = f"{source_name[0].upper()}{source_name[1:]} {verb} {target_name}{place_words}."
        start = len(text)
        source_span = Span(start, start + len(source_name), sentence[: len(source_name)])
        verb_start = start + len(source_name) + 1
        trigger = Span(verb_start, verb_start + len(verb), verb)
        target_start = verb_start + len(verb) + 1
        target_span = Span(target_start, target_start + len(target_name), target_name)
        location = None
        if where is not None:
            name, country, precision, lat, lon = where
            loc_start = target_span.end + len(" à ")
            location = Location(
                name=name,
                place_id=f"C:{country}"
                if precision == "country"
                else f"G:{abs(hash(name)) % 10**6}",
                country=country,
                admin1=None,
                lat=lat,
                lon=lon,
                precision=precision,  # type: ignore[arg-type]
                inferred=False,
                start=loc_start,
                end=loc_start + len(name),
            )
        text += sentence + extra + " "
        row = ontology.cameo(cameo)
        events.append(
            Event(
                article_id=article_id,
                event_type=event_type,
                trigger=trigger,
                sentence=Span(start, start + len(sentence) + len(extra), sentence + extra),
                cameo=cameo,
                goldstein=row.goldstein,
                quad_class=row.quad_class,
                source=(
                    ActorRef(source_span.text, source_code, source_span.start, source_span.end),
                ),
                target=(ActorRef(target_name, target_code, target_span.start, target_span.end),),
                negated=negated,
                event_date=day.isoformat(),
                location=location,
                coder="synthetic",
                confidence=0.9,
            )
        )
    text = text.rstrip()
    sections.append(Section("body", body_start, len(text)))
    published = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
        minutes=index % 600
    )
    article = Article(
        id=article_id,
        text=text,
        content_hash=f"hash{index:05d}",
        url=f"https://news.example.org/{day.isoformat()}/{index}",
        source_name=rng.choice(("Le Journal", "La Dépêche", "Wire Service", "Le Quotidien")),
        source_format="html",
        title=title,
        published_at=published,
        published_date_local=day.isoformat(),
        language="en" if english else "fr",
        language_confidence=0.99,
        reading_time_minutes=1,
        sections=tuple(sections),
    )
    return ArticleResult(article=article, events=tuple(events))


def build_store(db: Path, size: int, *, seed: int = 21) -> Corpus:
    """Write ``size`` synthetic coded articles into a new SQLite store at ``db``."""
    rng = random.Random(seed)
    days = sorted(_day(rng) for _ in range(size))
    events = negated = 0
    long_token_article = ""
    with open_store(str(db)) as store, store.batch():
        first_of_story: str | None = None
        left = 0
        for index, day in enumerate(days):
            result = _article(rng, index, day, long_token=index == size // 2)
            if index == size // 2:
                long_token_article = result.article.id
            store.save(result, f"synthetic:{index}")
            events += len(result.events)
            negated += sum(e.negated for e in result.events)
            # Stories of one to three consecutive articles (same days, same happening).
            if left == 0:
                first_of_story = None
                left = rng.choice((1, 1, 2, 3))
            published = result.article.published_at
            assert published is not None
            store.join_story(
                StoryMember(
                    article_id=result.article.id,
                    story_id="",
                    day=day.toordinal(),
                    anchor=f"{published:%Y-%m-%dT%H:%M:%SZ}|{result.article.id}",
                    features={},
                    link="first" if first_of_story is None else "structured",
                    score=None if first_of_story is None else 0.8,
                ),
                keys=(),
                linked=() if first_of_story is None else (first_of_story,),
            )
            first_of_story = first_of_story or result.article.id
            left -= 1
    return Corpus(
        db=db,
        articles=size,
        events=events,
        negated=negated,
        first_day=days[0],
        last_day=days[-1],
        long_token_article=long_token_article,
    )
