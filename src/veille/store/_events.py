"""The shared store's event queries: listings, counts, facets and what analysts read.

The filters are written once in :mod:`veille.store.event_query`; this
module runs them, pages them and builds the answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal, Unpack

from veille.records import Event, Location
from veille.serialize import parse_datetime, to_dict
from veille.store._core import (
    IDS_PER_QUERY,
    ConnT,
    StoreCore,
    check_limit,
)
from veille.store._rows import (
    Row,
    event_from_payload,
    to_json,
)
from veille.store.base import (
    ActorCode,
    ActorLinks,
    ArticleStory,
    EventFacets,
    EventFacts,
    PlaceSummary,
    SearchHit,
)
from veille.store.event_query import (
    Dialect,
    EventFilter,
    EventFilterArgs,
    actor_count,
    actor_sample,
    as_event_filter,
    current_payload,
    event_order,
    event_where,
)


def sql_limit(limit: int | None) -> int:
    """Return a LIMIT both dialects read: a very large number stands for no limit."""
    return 2**62 if limit is None else check_limit(limit)


class EventSql(StoreCore[ConnT]):
    """The filtered event listings, counts and facets, the same SQL for both dialects."""

    def places(
        self,
        limit: int | None = 50,
        offset: int = 0,
        *,
        country: str | None = None,
        unresolved: bool = False,
    ) -> list[PlaceSummary]:
        """Return the places named in stored articles, most mentioned first (see :class:`Store`)."""
        where = "place_id IS NULL" if unresolved else "place_id IS NOT NULL"
        params: list[Any] = []
        if country:
            where += " AND country = ?"
            params.append(country.upper())
        # Unresolved names are grouped by their text: there is no id to count them by.
        key = "text" if unresolved else "place_id"
        located = (
            "0"
            if unresolved
            else "(SELECT COUNT(*) FROM events e WHERE e.location_place_id = p.place_id)"
        )
        sql = (
            f"SELECT MIN(place_id) AS place_id, MIN({'text' if unresolved else 'name'}) AS name, "  # noqa: S608 - only our column names
            "MIN(precision) AS precision, MIN(country) AS country, MIN(admin1) AS admin1, "
            "MIN(lat) AS lat, MIN(lon) AS lon, COUNT(*) AS mentions, "
            f"COUNT(DISTINCT article_id) AS articles, {located} AS events "
            f"FROM places p WHERE {where} GROUP BY {key} "
            f"ORDER BY mentions DESC, MIN({key}) LIMIT ? OFFSET ?"
        )
        # No limit is a huge one: both backends read it the same way (-1 is SQLite-only).
        params += [2**62 if limit is None else check_limit(limit), check_limit(offset, "offset")]
        with self._read() as conn:
            rows = self._all(conn, sql, params)
        return [
            PlaceSummary(
                place_id=row["place_id"],
                name=row["name"],
                precision=row["precision"],
                country=row["country"],
                admin1=row["admin1"],
                lat=row["lat"],
                lon=row["lon"],
                mentions=int(row["mentions"]),
                articles=int(row["articles"]),
                events=int(row["events"]),
            )
            for row in rows
        ]

    def mention_counts(self, actor_ids: Sequence[str]) -> dict[str, int]:
        """Return how many stored mentions resolve to each of ``actor_ids`` (absent → 0)."""
        counts = dict.fromkeys(actor_ids, 0)
        if not counts:
            return counts
        with self._read() as conn:
            rows = self._all_in(
                conn,
                "SELECT actor_id, count(*) AS n FROM mentions WHERE actor_id IN ({}) "
                "GROUP BY actor_id",
                list(counts),
            )
        counts.update({row["actor_id"]: int(row["n"]) for row in rows})
        return counts

    def event_facts(
        self, query: EventFilter, *, sides: bool = False, places: bool = False
    ) -> list[EventFacts]:
        """Return what the charts read of every event matching ``query`` (see :class:`Store`)."""
        where, params = event_where(query, self._SQL.name)
        wanted = {**_FACT_FIELDS, **(_PLACE_FIELDS if places else _NO_PLACE)}
        fields = ", ".join(
            f"{_json_field(self._SQL.name, path)} AS {name}" if path else f"NULL AS {name}"
            for name, path in wanted.items()
        )
        # The sides of each event in one text ("source:RUS␟target:PER:vladimir-putin", split
        # on the unit separator, which no code holds), so that one row per event comes back
        # instead of one per actor.
        concat, char = (
            ("group_concat", "char") if self._SQL.name == "sqlite" else ("string_agg", "chr")
        )
        sides_sql = (
            f"(SELECT {concat}(a.role || ':' || a.code, {char}(31)) FROM event_actors a "  # noqa: S608 - our SQL
            "WHERE a.event_pk = e.pk)"
            if sides
            else "NULL"
        )
        events_sql = (
            "SELECT e.event_date, e.event_type, e.quad_class, e.location_country, "  # noqa: S608 - clauses are ours, values bound
            f"e.location_place_id, {sides_sql} AS sides, {fields} FROM events e{where}"
        )
        with self._read() as conn:
            rows = self._all(conn, events_sql, params)
        codes: dict[str, ActorCode] = {}  # a few hundred actors for thousands of sides: one each
        known_places: dict[tuple[Any, ...], Location] = {}
        return [_facts_from_row(row, codes, known_places) for row in rows]

    def event_day_counts(
        self, query: EventFilter, by: Literal["quad_class", "type"]
    ) -> list[tuple[str, str, int]]:
        """Count the events matching ``query`` per day and quad class or type (see Store)."""
        where, params = event_where(query, self._SQL.name)
        key = "e.event_type" if by == "type" else "coalesce(e.quad_class, 0)"
        joiner = " AND " if where else " WHERE "
        sql = (
            f"SELECT substr(e.event_date, 1, 10) AS day, {key} AS k, count(*) AS n "  # noqa: S608 - clauses are ours, values bound
            f"FROM events e{where}{joiner}e.event_date IS NOT NULL AND {_done(self._SQL.name)} "
            "GROUP BY substr(e.event_date, 1, 10), k"
        )
        with self._read() as conn:
            rows = self._all(conn, sql, params)
        return [(str(row["day"]), str(row["k"]), int(row["n"])) for row in rows]

    def actor_links(self, query: EventFilter) -> ActorLinks:
        """Count who acts on whom in the events matching ``query`` (see :class:`Store`)."""
        dialect = self._SQL.name
        where, params = event_where(query, dialect)
        # Codes compare as Python compares strings: SQLite's code column ignores case.
        exact = "COLLATE BINARY" if dialect == "sqlite" else 'COLLATE "C"'

        def no_source_is(code: str, event: str = "d.pk") -> str:
            return (
                f"NOT EXISTS (SELECT 1 FROM event_actors x WHERE x.event_pk = {event} "  # noqa: S608 - our SQL
                f"AND x.role = 'source' AND x.code = {code} {exact})"
            )

        # Each kept event once, with its score and whether a target is left once its own
        # sources are taken out (else its sources are linked to each other). Every join
        # below is a lookup in the primary key of event_actors.
        sql = (
            "WITH d AS MATERIALIZED (SELECT e.pk, "  # noqa: S608 - clauses are ours, values bound
            f"{_json_field(dialect, ('goldstein',))} AS g, EXISTS (SELECT 1 "
            "FROM event_actors t WHERE t.event_pk = e.pk AND t.role = 'target' AND "
            f"{no_source_is('t.code', 'e.pk')}) AS targeted "
            f"FROM events e{where}{' AND ' if where else ' WHERE '}{_done(dialect)}) "
            f"SELECT s.code {exact} AS a, t.code {exact} AS b, d.g, count(*) AS n FROM d "
            "JOIN event_actors s ON s.event_pk = d.pk AND s.role = 'source' "
            "JOIN event_actors t ON t.event_pk = d.pk "
            "AND t.role = CASE WHEN d.targeted THEN 'target' ELSE 'source' END "
            f"WHERE CASE WHEN d.targeted THEN {no_source_is('t.code')} "
            f"ELSE s.code < t.code {exact} END "
            f"GROUP BY s.code {exact}, t.code {exact}, d.g "
            f"UNION ALL SELECT o.code {exact}, NULL, NULL, count(*) FROM d "
            "JOIN event_actors o ON o.event_pk = d.pk "
            f"WHERE o.role = 'source' OR {no_source_is('o.code')} GROUP BY o.code {exact}"
        )
        with self._read() as conn:
            rows = self._all(conn, sql, params)
        return ActorLinks(
            events={str(r["a"]): int(r["n"]) for r in rows if r["b"] is None},
            links=[
                (str(r["a"]), str(r["b"]), None if r["g"] is None else float(r["g"]), int(r["n"]))
                for r in rows
                if r["b"] is not None
            ],
        )

    def events(
        self,
        query: EventFilter | None = None,
        /,
        *,
        limit: int | None = None,
        offset: int = 0,
        **filters: Unpack[EventFilterArgs],
    ) -> list[Event]:
        """Return stored events, most recent event date first, filtered (see :class:`Store`)."""
        chosen = as_event_filter(query, filters)
        payloads = self._event_payloads(chosen, limit, offset)
        return [event_from_payload(payload) for payload in payloads]

    def count_events(
        self, query: EventFilter | None = None, /, **filters: Unpack[EventFilterArgs]
    ) -> int:
        """Return how many stored events :meth:`events` would return with the same filters."""
        chosen = as_event_filter(query, filters)
        if chosen.unfiltered:
            return self._count("events")
        from_actors = actor_count(chosen, self._SQL.name)
        if from_actors is not None:
            with self._read() as conn:
                row = self._one(conn, *from_actors)
            return int(row["n"]) if row else 0
        where, params = event_where(chosen, self._SQL.name)
        with self._read() as conn:
            row = self._one(conn, f"SELECT count(*) AS n FROM events e{where}", params)  # noqa: S608 - clauses are ours, values bound
        return int(row["n"]) if row else 0

    def events_json(
        self, query: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[str]:
        """Return the public JSON text of the events matching ``query``, in :meth:`events` order.

        Each text is what ``json.dumps(to_dict(event))`` gives (compact,
        non-ASCII kept): the stored payload itself when it is current, so a
        page of events is served without rebuilding records.
        """
        texts = self._event_payloads(query, limit, offset)
        return [
            text if current_payload(text) else to_json(to_dict(event_from_payload(text)))
            for text in texts
        ]

    def event_refs(
        self, query: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, str | None]]:
        """Return ``(article id, event date)`` of the events matching ``query``, listing order."""
        rows = self._event_page("e.article_id, e.event_date", query, limit, offset)
        return [(str(row["article_id"]), row["event_date"]) for row in rows]

    def _event_payloads(self, query: EventFilter, limit: int | None, offset: int) -> list[str]:
        """Read the stored payloads of one page of events matching ``query``, in listing order."""
        return [str(row["payload"]) for row in self._event_page("e.payload", query, limit, offset)]

    def _common_actor(self, query: EventFilter) -> bool:
        """Say whether the query's actor or dyad takes part in 1 % of the events or more.

        Then a page is found sooner by walking the events in date order than
        by sorting all of the actor's events (see :func:`event_where`).
        """
        if self._SQL.name != "sqlite":
            return False
        enough = max(1, self._count("events") // 100)
        sample = actor_sample(query, self._SQL.name, enough)
        if sample is None:
            return False
        with self._read() as conn:
            row = self._one(conn, *sample)
        return row is not None and int(row["n"]) >= enough

    def _event_page(
        self, columns: str, query: EventFilter, limit: int | None, offset: int
    ) -> Sequence[Row]:
        """Read ``columns`` of one page of events matching ``query``, in listing order."""
        where, params = event_where(query, self._SQL.name, walk_dates=self._common_actor(query))
        wanted = check_limit(limit)
        skip = check_limit(offset, "offset")
        params += [self._SQL.limit(wanted), skip]
        sql = (
            f"SELECT {columns} FROM events e{where}{event_order(self._SQL.name)} "  # noqa: S608 - clauses are ours, values bound
            "LIMIT ? OFFSET ?"
        )
        with self._read() as conn:
            return self._all(conn, sql, params)

    def article_stories(self, article_ids: Sequence[str]) -> list[ArticleStory]:
        """Return the given articles and the other members of their stories (see :class:`Store`)."""
        wanted = list(dict.fromkeys(article_ids))
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        columns = (
            "a.id AS article_id, m.story_id, m.anchor, a.published_at, a.language, a.title, "
            "a.source_name"
        )
        sql = (
            f"SELECT {columns} FROM articles a LEFT JOIN story_members m "  # noqa: S608 - only placeholders are interpolated
            f"ON m.article_id = a.id WHERE a.id IN ({marks}) "
            f"UNION SELECT {columns} FROM story_members s "
            "JOIN story_members m ON m.story_id = s.story_id "
            f"JOIN articles a ON a.id = m.article_id WHERE s.article_id IN ({marks}) "
            "ORDER BY article_id"
        )
        with self._read() as conn:
            rows = self._all(conn, sql, [*wanted, *wanted])
        return [
            ArticleStory(
                article_id=row["article_id"],
                story_id=row["story_id"],
                anchor=row["anchor"],
                published_at=parse_datetime(row["published_at"], "stored article")
                if row["published_at"]
                else None,
                language=row["language"],
                title=row["title"],
                source_name=row["source_name"],
            )
            for row in rows
        ]

    def event_facets(self) -> EventFacets:
        """Return what the stored events hold (types, countries, actors, dates), for hints."""
        with self._read() as conn:
            types = self._all(
                conn, "SELECT event_type AS k, count(*) AS n FROM events GROUP BY event_type"
            )
            countries = self._all(
                conn,
                "SELECT location_country AS k, count(*) AS n FROM events "
                "WHERE location_country IS NOT NULL GROUP BY location_country",
            )
            actors = self._all(
                conn,
                "SELECT code AS k, count(DISTINCT event_pk) AS n FROM event_actors "
                "GROUP BY code ORDER BY n DESC, code LIMIT 50",
            )
            span = self._one(
                conn,
                "SELECT count(*) AS n, min(event_date) AS first, max(event_date) AS last "
                "FROM events",
            )
        return EventFacets(
            total=int(span["n"]) if span else 0,
            types={str(r["k"]).upper(): int(r["n"]) for r in types},
            countries={str(r["k"]): int(r["n"]) for r in countries},
            actors={str(r["k"]): int(r["n"]) for r in actors},
            first_day=str(span["first"])[:10] if span and span["first"] else None,
            last_day=str(span["last"])[:10] if span and span["last"] else None,
        )

    def articles_mentioning(
        self, actor_id: str, *, among: Sequence[str] | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Return the articles with a mention resolved to ``actor_id``, most mentions first."""
        sql = (
            "SELECT m.article_id, a.title, min(m.text) AS text, count(*) AS n, a.pk "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.actor_id = ?{among} GROUP BY m.article_id, a.title, a.pk"
        )
        with self._read() as conn:
            if among is None:
                ordered = sql.format(among="") + " ORDER BY n DESC, a.pk DESC LIMIT ?"
                rows = list(self._all(conn, ordered, [actor_id, sql_limit(limit)]))
            else:
                wanted = list(dict.fromkeys(among))
                rows = []
                for first in range(0, len(wanted), IDS_PER_QUERY):
                    chunk = wanted[first : first + IDS_PER_QUERY]
                    clause = f" AND m.article_id IN ({', '.join('?' * len(chunk))})"
                    rows += self._all(conn, sql.format(among=clause), [actor_id, *chunk])
        rows.sort(key=lambda row: (-int(row["n"]), -int(row["pk"])))
        wanted_rows = rows if limit is None else rows[: check_limit(limit)]
        return [
            SearchHit(
                article_id=str(row["article_id"]),
                title=row["title"],
                snippet=str(row["text"]),
                rank=float(row["n"]),
            )
            for row in wanted_rows
        ]

    def iter_events(self) -> Iterator[Event]:
        """Yield every stored event in storage order, reading in small batches."""
        for rows in self._batches(
            "SELECT pk, payload FROM events WHERE pk > ? ORDER BY pk LIMIT ?"
        ):
            yield from (event_from_payload(row["payload"]) for row in rows)


_FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "negated": ("negated",),
    "goldstein": ("goldstein",),
}
"""Fields of an event's stored JSON that :meth:`event_facts` reads in the database, by path."""

_PLACE_FIELDS: dict[str, tuple[str, ...]] = {
    "precision": ("location", "precision"),
    "place_name": ("location", "name"),
    "admin1": ("location", "admin1"),
    "lat": ("location", "lat"),
    "lon": ("location", "lon"),
    "inferred": ("location", "inferred"),
}
"""The location's fields, read only when asked (each field read costs a parse of the JSON)."""

_NO_PLACE: dict[str, tuple[str, ...]] = dict.fromkeys(_PLACE_FIELDS, ())


def _done(dialect: Dialect) -> str:
    """Return the SQL condition that ``e`` is not negated (an act reported as not done)."""
    negated = _json_field(dialect, ("negated",))
    if dialect == "sqlite":
        return f"coalesce({negated}, 0) = 0"
    return f"coalesce({negated}, 'false') <> 'true'"


def _json_field(dialect: Dialect, path: tuple[str, ...]) -> str:
    """Return the SQL that reads the field at ``path`` of ``e.payload`` (number or text)."""
    if dialect == "sqlite":
        return f"json_extract(e.payload, '$.{'.'.join(path)}')"
    return f"(e.payload::json #>> '{{{','.join(path)}}}')"


def _facts_from_row(
    row: Row, codes: dict[str, ActorCode], places: dict[tuple[Any, ...], Location]
) -> EventFacts:
    """Build the :class:`EventFacts` of one row of :meth:`event_facts`.

    The stored JSON was checked when it was written, so fields are read as
    they are; events at the same place share one :class:`Location`
    (``places``), sides naming the same actor one :class:`ActorCode` (``codes``).
    """
    # SQLite gives JSON true as 1 and numbers as numbers; PostgreSQL's #>> gives text.
    location = None
    if row["precision"] is not None:
        key = (
            row["location_place_id"],
            row["location_country"],
            row["precision"],
            row["place_name"],
            row["admin1"],
            row["lat"],
            row["lon"],
            row["inferred"],
        )
        location = places.get(key)
        if location is None:
            lat, lon = row["lat"], row["lon"]
            location = places[key] = Location(
                name=str(row["place_name"]),
                place_id=row["location_place_id"],
                country=row["location_country"],
                admin1=row["admin1"],
                lat=None if lat is None else float(lat),
                lon=None if lon is None else float(lon),
                precision=row["precision"],
                inferred=row["inferred"] in (1, True, "true"),
            )
    source: list[ActorCode] = []
    target: list[ActorCode] = []
    for side in row["sides"].split("\x1f") if row["sides"] else ():
        role, _, code = side.partition(":")
        actor = codes.get(code) or codes.setdefault(code, ActorCode(code))
        (source if role == "source" else target).append(actor)
    goldstein = row["goldstein"]
    return EventFacts(
        event_date=row["event_date"],
        event_type=str(row["event_type"]),
        quad_class=row["quad_class"],
        goldstein=None if goldstein is None else float(goldstein),
        negated=row["negated"] in (1, True, "true"),
        location=location,
        source=tuple(source),
        target=tuple(target),
    )
