"""Batched writing for the PostgreSQL store: a whole ``save_many`` batch in a few round trips.

Saving an article the plain way (:meth:`StoreCommon._save_one`) asks the
server about a dozen questions in turn: is the id stored, is the text
stored, which articles share a MinHash band, then the article, its bands,
mentions, places, events, actors and source link. Each is a round trip to
the server, and the round trips, more than the server's work, bounded the
write rate (about 13 per article). Here the same rules are applied to a
*run* of consecutive articles of a batch in three steps, two round trips:

1. :func:`read_snapshot` asks, in one pipeline, which ids of the batch are
   stored, which content hashes are, and which stored articles share a band
   with any article of the run (and reserves keys, see below);
2. :func:`plan_run` decides every outcome in memory, in order, from that
   snapshot plus the articles planned before it in the same run, so an
   article sees the ones saved before it in the batch as originals, as
   the plain path does;
3. :func:`write_run` sends every row of the run in one pipeline of
   multi-row ``INSERT … SELECT`` statements over a JSON array per table;
   ``json_populate_record`` gives each value its column's type, so the
   statements follow the schema (migrations included) by themselves.

The snapshot also reserves primary keys, from the tables' own sequences
and in ascending order, for as many articles and events as the run may
store, so rows can reference each other before they are sent and storage
order is the save order. Keys a run does not use (duplicates, a run cut
short) are left as gaps, which mean nothing.

Only articles new to the store can be decided from a snapshot. An article
whose id is already stored (before the batch, or earlier in it) must be
compared with its stored rows first: it ends the run and takes the plain
path, and the next run reads a fresh snapshot. A run also ends where the
MinHash signature size changes, since the band layout goes with the size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from veille.records import Article, ArticleResult, Event
from veille.store._core import CHILD_COLUMNS, Match, source_link
from veille.store._rows import (
    ARTICLE_COLUMNS,
    EVENT_ACTOR_COLUMNS,
    EVENT_COLUMNS,
    Row,
    article_row,
    db_time,
    event_actor_codes,
    event_row,
    mention_row,
    place_row,
)
from veille.store.base import SaveOutcome
from veille.store.minhash import BandLayout, band_hashes
from veille.store.postgres.rows import Conn, search_config, vector_sql
from veille.text import SEARCH_INDEX, fold

Pair = tuple[int, int]
"""A MinHash ``(band index, band hash)``."""

BestMatch = Callable[
    [Sequence[int], Iterable[Row]], tuple[Match | None, tuple[tuple[str, float], ...]]
]
"""The store's choice of original among candidates, and the candidates scored
(``StoreCommon._best_match``)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the store holds that a run of new articles depends on, read in one round trip."""

    stored_ids: frozenset[str]
    """Ids of the batch already stored (read once per batch; empty when not asked for)."""
    originals: dict[str, str]
    """Content hash → id of the earliest stored article with that text."""
    by_band: dict[Pair, list[dict[str, Any]]]
    """Band → stored articles (``pk``, ``id``, ``minhash``) having it, in storage order."""
    article_keys: list[int]
    """Reserved ``articles.pk`` values, ascending."""
    event_keys: list[int]
    """Reserved ``events.pk`` values, ascending."""


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article the run stores, with every row derived from it."""

    article: Article
    row: tuple[Any, ...]
    match: Match | None
    now: str
    pairs: list[Pair]
    children: dict[str, list[tuple[Any, ...]]]
    events: list[Event]


@dataclass(slots=True)
class RunPlan:
    """The decided outcomes of a run and the rows that make them true."""

    outcomes: list[SaveOutcome] = field(default_factory=list)
    new: list[NewArticle] = field(default_factory=list)
    links: list[tuple[str, str | None, str, str, str]] = field(default_factory=list)
    """``(source, linked article id, incoming id, relation, time)`` per item, in order."""


def signature_size(items: Sequence[tuple[ArticleResult, str]]) -> int:
    """Return the first non-zero MinHash signature size of ``items`` (0 when none has one).

    The plain path chooses (and if needed rebuilds) the band layout at the
    first article with a signature; a run does it there too.
    """
    return next((len(r.article.minhash) for r, _ in items if r.article.minhash), 0)


def read_snapshot(
    conn: Conn,
    items: Sequence[tuple[ArticleResult, str]],
    layout: BandLayout | None,
    *,
    with_ids: bool,
    reserve: int,
) -> Snapshot:
    """Read, in one pipeline, what deciding ``items`` needs: stored ids, texts and band neighbours.

    Keys are reserved for the articles and events of the first ``reserve``
    items (the most a run can store). Runs inside the caller's write
    transaction, so nothing changes between this read and the writes that
    follow.
    """
    articles = [result.article for result, _ in items]
    events = sum(len(result.events) for result, _ in items[:reserve])
    pairs = sorted(
        {
            pair
            for article in articles
            if layout is not None
            for pair in band_hashes(article.minhash, layout)
        }
    )
    with conn.pipeline():
        keys = conn.execute(
            "SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('articles', 'pk')) "
            "FROM generate_series(1, %s)) AS articles, "
            "ARRAY(SELECT nextval(pg_get_serial_sequence('events', 'pk')) "
            "FROM generate_series(1, %s)) AS events",
            (reserve, events),
        )
        ids = (
            conn.execute(
                "SELECT id FROM articles WHERE id = ANY(%s)",
                (sorted({a.id for a in articles}),),
            )
            if with_ids
            else None
        )
        hashes = conn.execute(
            "SELECT DISTINCT ON (content_hash) content_hash, id FROM articles "
            "WHERE content_hash = ANY(%s) ORDER BY content_hash, pk",
            (sorted({a.content_hash for a in articles}),),
        )
        neighbours = (
            conn.execute(
                "SELECT a.pk, a.id, a.minhash, array_agg(q.band) AS bands, "
                "array_agg(q.hash) AS hashes "
                "FROM unnest(%s::int[], %s::bigint[]) AS q(band, hash) "
                "JOIN minhash_bands b ON b.band = q.band AND b.hash = q.hash "
                "JOIN articles a ON a.pk = b.article_pk GROUP BY a.pk ORDER BY a.pk",
                ([band for band, _ in pairs], [digest for _, digest in pairs]),
            )
            if pairs
            else None
        )
    by_band: dict[Pair, list[dict[str, Any]]] = {}
    for row in neighbours.fetchall() if neighbours is not None else []:
        candidate = {"pk": row["pk"], "id": row["id"], "minhash": row["minhash"]}
        for pair in zip(row["bands"], row["hashes"], strict=True):
            by_band.setdefault(pair, []).append(candidate)
    reserved = keys.fetchone()
    assert reserved is not None
    return Snapshot(
        stored_ids=frozenset(row["id"] for row in ids.fetchall()) if ids else frozenset(),
        originals={row["content_hash"]: row["id"] for row in hashes.fetchall()},
        by_band=by_band,
        article_keys=sorted(reserved["articles"]),
        event_keys=sorted(reserved["events"]),
    )


def run_extent(items: Sequence[tuple[ArticleResult, str]], stored_ids: set[str] | None) -> int:
    """Return how many items at the head of ``items`` a run may store at most.

    The run ends at the first stored id (all items when the stored ids are
    not known yet); :func:`plan_run` may end it sooner.
    """
    if stored_ids is None:
        return len(items)
    return next(
        (n for n, (result, _) in enumerate(items) if result.article.id in stored_ids),
        len(items),
    )


def plan_run(
    items: Sequence[tuple[ArticleResult, str]],
    snapshot: Snapshot,
    layout: BandLayout | None,
    stored_ids: set[str],
    best_match: BestMatch,
) -> RunPlan:
    """Decide the outcomes of the longest run at the head of ``items`` that a snapshot can decide.

    The run stops before an article whose id is stored (``stored_ids``,
    kept by the caller) or planned earlier in the run, and before a
    signature whose size does not fit ``layout``. The rules are those of
    :meth:`StoreCommon._save_one` for an id the store does not hold: an
    exact duplicate of a stored text is linked, not stored; otherwise the
    most similar article sharing a band (stored first, then planned, each
    in storage order) above the threshold becomes the original of a
    near-duplicate.
    """
    plan = RunPlan()
    planned_ids: set[str] = set()
    planned_hashes: dict[str, str] = {}
    planned_bands: dict[Pair, list[dict[str, Any]]] = {}
    for result, source in items:
        article = result.article
        size = len(article.minhash)
        if article.id in stored_ids or article.id in planned_ids:
            break
        if size and (layout is None or size != layout.size):
            break
        now = db_time(datetime.now(UTC))
        assert now is not None
        original = snapshot.originals.get(article.content_hash) or planned_hashes.get(
            article.content_hash
        )
        if original is not None:
            outcome = SaveOutcome("duplicate", article.id, duplicate_of=original, similarity=1.0)
        else:
            pairs = band_hashes(article.minhash, layout) if size and layout else []
            match, candidates = best_match(
                article.minhash, _candidates(pairs, snapshot.by_band, planned_bands)
            )
            row = article_row(article)
            plan.new.append(
                NewArticle(
                    article=article,
                    row=row,
                    match=match,
                    now=now,
                    pairs=pairs,
                    children={
                        "mentions": [mention_row(m) for m in result.mentions],
                        "places": [place_row(p) for p in result.places],
                    },
                    events=list(result.events),
                )
            )
            planned_ids.add(article.id)
            planned_hashes[article.content_hash] = article.id
            candidate = {
                "position": len(plan.new),
                "id": article.id,
                "minhash": row[ARTICLE_COLUMNS.index("minhash")],
            }
            for pair in pairs:
                planned_bands.setdefault(pair, []).append(candidate)
            outcome = SaveOutcome(
                "near-duplicate" if match else "new",
                article.id,
                duplicate_of=match.article_id if match else None,
                similarity=match.similarity if match else None,
                candidates=candidates,
            )
        plan.outcomes.append(outcome)
        linked_id, relation = source_link(outcome, article.id)
        plan.links.append((source, linked_id, article.id, relation, now))
    return plan


def _candidates(
    pairs: Sequence[Pair],
    stored: dict[Pair, list[dict[str, Any]]],
    planned: dict[Pair, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    # Storage order, as the plain path's ORDER BY pk: every stored article
    # comes before the run's, and the run's are in the order planned.
    from_store = {c["pk"]: c for pair in pairs for c in stored.get(pair, ())}
    from_run = {c["position"]: c for pair in pairs for c in planned.get(pair, ())}
    return [from_store[pk] for pk in sorted(from_store)] + [from_run[n] for n in sorted(from_run)]


def write_run(conn: Conn, plan: RunPlan, snapshot: Snapshot) -> None:
    """Write every row of a planned run in one pipeline, with the keys ``snapshot`` reserved."""
    article_keys = snapshot.article_keys[: len(plan.new)]
    event_keys = snapshot.event_keys[: sum(len(new.events) for new in plan.new)]
    articles: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    children: dict[str, list[dict[str, Any]]] = {table: [] for table in CHILD_COLUMNS}
    events: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    next_event = iter(event_keys)
    for pk, new in zip(article_keys, plan.new, strict=True):
        article = new.article
        config = search_config(article.language)
        articles.append(
            {
                "pk": pk,
                **dict(zip(ARTICLE_COLUMNS, new.row, strict=True)),
                "duplicate_of": new.match.article_id if new.match else None,
                "similarity": new.match.similarity if new.match else None,
                "stored_at": new.now,
                "updated_at": new.now,
                # Not columns: the search vector is computed from them.
                "search_config": config,
                "search_title": fold(article.title or "", SEARCH_INDEX),
                "search_text": fold(article.text, SEARCH_INDEX),
            }
        )
        bands += [{"band": band, "hash": digest, "article_pk": pk} for band, digest in new.pairs]
        for table, rows in new.children.items():
            columns = CHILD_COLUMNS[table]
            children[table] += [
                {
                    "article_id": article.id,
                    "ordinal": ordinal,
                    **dict(zip(columns, values, strict=True)),
                }
                for ordinal, values in enumerate(rows)
            ]
        for ordinal, event in enumerate(new.events):
            event_pk = next(next_event)
            events.append(
                {"pk": event_pk, **dict(zip(EVENT_COLUMNS, event_row(ordinal, event), strict=True))}
            )
            actors += [
                dict(zip(EVENT_ACTOR_COLUMNS, (event_pk, *actor), strict=True))
                for actor in event_actor_codes(event)
            ]
    vector = vector_sql(
        "(e->>'search_config')::regconfig", "e->>'search_title'", "e->>'search_text'"
    )
    with conn.pipeline():
        _insert(
            conn,
            "articles",
            ("pk", *ARTICLE_COLUMNS, "duplicate_of", "similarity", "stored_at", "updated_at"),
            articles,
            extra=("search", vector),
        )
        _insert(conn, "minhash_bands", ("band", "hash", "article_pk"), bands)
        for table, columns in CHILD_COLUMNS.items():
            _insert(conn, table, ("article_id", "ordinal", *columns), children[table])
        _insert(conn, "events", ("pk", *EVENT_COLUMNS), events)
        _insert(conn, "event_actors", EVENT_ACTOR_COLUMNS, actors)
        _link_sources(conn, plan.links)


def _insert(
    conn: Conn,
    table: str,
    columns: Sequence[str],
    rows: list[dict[str, Any]],
    *,
    extra: tuple[str, str] | None = None,
) -> None:
    """Queue one ``INSERT … SELECT`` of ``rows`` (dicts by column) into ``table``.

    ``extra`` is one more column and its SQL expression over the JSON
    element ``e`` (the article's search vector).
    """
    if not rows:
        return
    names = [*columns, extra[0]] if extra else list(columns)
    values = [f"r.{column}" for column in columns] + ([extra[1]] if extra else [])
    conn.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} "  # noqa: S608 - our table/column names
        f"FROM json_array_elements(%s::json) AS e, json_populate_record(NULL::{table}, e) AS r",
        (_json_rows(rows),),
    )


def _link_sources(conn: Conn, links: list[tuple[str, str | None, str, str, str]]) -> None:
    """Queue the source links of a run, and clear the errors of its sources.

    One multi-row upsert cannot touch a row twice, so a source repeated in
    the run is merged first into what the successive upserts would leave:
    the first sighting's time, everything else from the last.
    """
    merged: dict[str, dict[str, Any]] = {}
    for source, linked_id, incoming_id, relation, now in links:
        first_seen = merged[source]["first_seen"] if source in merged else now
        merged[source] = {
            "source": source,
            "article_id": linked_id,
            "incoming_id": incoming_id,
            "relation": relation,
            "first_seen": first_seen,
            "last_seen": now,
        }
    if not merged:
        return
    conn.execute(
        "INSERT INTO sources (source, article_id, incoming_id, relation, first_seen, last_seen) "
        "SELECT r.source, r.article_id, r.incoming_id, r.relation, r.first_seen, r.last_seen "
        "FROM json_populate_recordset(NULL::sources, %s::json) AS r "
        "ON CONFLICT (source) DO UPDATE SET article_id = excluded.article_id, "
        "incoming_id = excluded.incoming_id, relation = excluded.relation, "
        "last_seen = excluded.last_seen",
        (_json_rows(list(merged.values())),),
    )
    # A source that succeeds again no longer counts as failed.
    conn.execute("DELETE FROM errors WHERE source = ANY(%s)", (list(merged),))


def _json_rows(rows: list[dict[str, Any]]) -> str:
    """Encode rows as a JSON array; non-finite floats become the text PostgreSQL reads as them."""
    try:
        return json.dumps(rows, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:
        # JSON has no NaN or infinity, but a float column reads the strings.
        return json.dumps(
            [{key: _finite(value) for key, value in row.items()} for row in rows],
            ensure_ascii=False,
            separators=(",", ":"),
        )


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value
