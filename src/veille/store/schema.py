"""veille's tables, written once for both backends as an ordered list of schema steps.

Each :class:`~veille.store.ddl.Step` is one change of the schema. Each
backend renders the steps that concern it into its own numbered migrations
(:mod:`veille.store.sqlite.migrations`, :mod:`veille.store.postgres.migrations`),
which record the version reached: SQLite in ``PRAGMA user_version``,
PostgreSQL in the ``veille_meta`` table. The numbers differ (SQLite 9 is
PostgreSQL 7) because two steps only ever concerned SQLite; each step names
both numbers.

Adding a step
-------------

Steps are append-only: a released step is what users' databases hold, so it
is never edited. A change to the schema is a new :class:`Step` at the end of
:data:`STEPS`, numbered one past each backend's last version (``None`` for a
backend it does not concern), built from :class:`Table`, :class:`Index`,
:class:`AddColumn`, :class:`DropIndex` and, for what a backend writes its
own way (data fixes, triggers), :class:`Sql` with :class:`PerBackend` words
or ``only=``. Then record the new version's schema with
``.venv/bin/python tests/schema_catalogue.py`` and commit the snapshot: the
tests check that every version, fresh or upgraded, matches it.

The tables
----------

- Datetimes are fixed-width ISO 8601 UTC text on both backends, so text
  order is time order and a row reads back byte for byte. Columns that are
  sorted or compared (ids, dates, sources) are ``byte_order``: PostgreSQL's
  ``"C"`` collation, the order SQLite uses by default.
- ``articles.pk`` is the integer row key (the full-text index points at it);
  the public key is ``articles.id``. ``sections``, ``evidence`` and
  ``minhash`` hold the JSON of those fields.
- ``sources`` maps each source key (path, URL, feed entry) to the article it
  produced: ``stored`` (the article itself), ``duplicate`` (same content as
  ``article_id``, not stored again; ``incoming_id`` is the id it would have
  had) or ``near-duplicate``.
- ``events.payload`` is the event's public JSON as text (not PostgreSQL's
  ``jsonb``, which would reorder keys and make "did the events change?"
  comparisons lie); the columns beside it exist to filter and sort.
  ``event_actors`` lists each event's source and target actor codes for
  actor and dyad filters.
- ``minhash_bands`` is the LSH index of :mod:`veille.store.minhash`; SQLite's
  ``meta`` (PostgreSQL's ``veille_meta``) remembers the band layout.
- Full-text search is each backend's own: SQLite's ``articles_fts`` is an
  external-content FTS5 index kept in sync by triggers (``remove_diacritics
  2`` folds accents, so "Bielorussie" finds "Biélorussie"); PostgreSQL's
  ``articles.search`` is a ``tsvector`` the store writes itself
  (:class:`veille.store.postgres.PostgresStore`) over accent-folded text, so
  no server extension is needed.
- ``story_members``, ``story_keys`` and ``story_aliases`` hold the story
  clustering of :mod:`veille.stories`.
- ``places`` lists each article's place mentions (:mod:`veille.places`);
  ``events.location_country``, ``location_place_id`` and ``salience`` copy
  those fields of the event's payload so that place and lead/background
  filters use an index.
- ``events.language`` copies the article's language (kept by triggers), and
  the event indexes end in date order (:func:`newest_first`) so that every
  listing is read in its order from an index.
- ``articles.authors`` (JSON list of persons), ``organisation``,
  ``published_at_local`` (the instant with the page's offset),
  ``published_date_local`` (the page's own day) and ``provenance`` (JSON:
  which source won each metadata field and which were outvoted);
  ``author`` stays, the persons joined by ", ".
- ``watchlists``, ``alerts``, ``alert_coverage``, ``alert_deliveries`` and
  ``watch_sources`` hold the monitoring state of :mod:`veille.watch` and
  :mod:`veille.alerts`: the rules, the alerts raised (one per watchlist and
  story or tension excursion, ``UNIQUE (watchlist, dedup_key)``), which
  articles each alert covers, each alert's delivery state per channel, and
  each watched source's validators and backoff.
"""

from __future__ import annotations

from veille.store.ddl import (
    AddColumn,
    Column,
    DropIndex,
    Index,
    PerBackend,
    Sql,
    Step,
    Table,
)

ON_ARTICLE = "articles(id) ON DELETE CASCADE"
"""A row that goes with its article."""


def case_folded(column: str) -> PerBackend:
    """Return an index key that ignores case.

    SQLite's ``COLLATE NOCASE`` column already compares so; PostgreSQL
    indexes ``lower(column)``, which its filters compare with.
    """
    return PerBackend(sqlite=column, postgres=f"lower({column})")


def newest_first(column: str) -> PerBackend:
    """Return an index key in listing order: newest first, undated last, then storage order.

    SQLite sorts NULL lowest and every index ends with the rowid, so
    ``column DESC`` is that order; PostgreSQL sorts NULL highest and needs
    the row key spelled out.
    """
    return PerBackend(sqlite=f"{column} DESC", postgres=f"{column} DESC NULLS LAST, pk")


def _span_columns() -> tuple[Column, ...]:
    # A mention or a place: the ordinal-th span of an article's text.
    return (
        Column("article_id", "text", not_null=True, references=ON_ARTICLE),
        Column("ordinal", "integer", not_null=True),
        Column("start_char", "integer", not_null=True),
        Column("end_char", "integer", not_null=True),
        Column("text", "text", not_null=True),
    )


def _articles_and_events() -> tuple[Table | Index | Sql, ...]:
    return (
        # Where PostgreSQL records the version (SQLite: the file header's
        # user_version) and, as SQLite's ``meta`` below, the band layout.
        Sql(
            ("CREATE TABLE IF NOT EXISTS veille_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",),
            only="postgres",
        ),
        Table(
            "articles",
            (
                Column("pk", "rowid", primary_key=True),
                Column("id", "text", not_null=True, unique=True, byte_order=True),
                Column("content_hash", "text", not_null=True),
                Column("url", "text"),
                Column("source_name", "text"),
                Column("source_format", "text", not_null=True, byte_order=True),
                Column("title", "text"),
                Column("author", "text"),
                Column("author_role", "text"),
                Column("published_at", "text", byte_order=True),
                Column("published_text", "text"),
                Column("reference_time", "text"),
                Column("reference_time_source", "text"),
                Column("retrieved_at", "text"),
                Column("language", "text", not_null=True),
                Column("language_confidence", "real", not_null=True),
                Column("reading_time_minutes", "integer"),
                Column("reading_time_estimated", "integer", not_null=True),
                Column("text", "text", not_null=True),
                Column("sections", "text", not_null=True),
                Column("evidence", "text", not_null=True),
                Column("minhash", "text", not_null=True),
                Column("duplicate_of", "text", references="articles(id) ON DELETE SET NULL"),
                Column("similarity", "real"),
                Column("stored_at", "text", not_null=True, byte_order=True),
                Column("updated_at", "text", not_null=True, byte_order=True),
                Column("search", "tsvector", not_null=True, only="postgres"),
            ),
        ),
        Index("articles_content_hash", "articles", ("content_hash",)),
        Index("articles_published_at", "articles", ("published_at",)),
        Index("articles_duplicate_of", "articles", ("duplicate_of",)),
        Index("articles_search", "articles", ("search",), using="GIN", only="postgres"),
        Table(
            "sources",
            (
                Column("source", "text", primary_key=True, byte_order=True),
                Column("article_id", "text", not_null=True, references=ON_ARTICLE),
                Column("incoming_id", "text", not_null=True, byte_order=True),
                Column(
                    "relation",
                    "text",
                    not_null=True,
                    check_in=("stored", "duplicate", "near-duplicate"),
                ),
                Column("first_seen", "text", not_null=True, byte_order=True),
                Column("last_seen", "text", not_null=True),
            ),
        ),
        Index("sources_article_id", "sources", ("article_id",)),
        Table(
            "errors",
            (
                Column("source", "text", primary_key=True, byte_order=True),
                Column("code", "text", not_null=True),
                Column("message", "text", not_null=True),
                Column("at", "text", not_null=True, byte_order=True),
            ),
        ),
        Table(
            "mentions",
            (
                *_span_columns(),
                Column("kind", "text", not_null=True),
                Column("actor_id", "text"),
                Column("sectors", "text", not_null=True),
                Column("country", "text"),
                Column("confidence", "real", not_null=True),
            ),
            primary_key=("article_id", "ordinal"),
            without_rowid=True,
        ),
        Index("mentions_actor_id", "mentions", ("actor_id",)),
        Table(
            "events",
            (
                Column("pk", "rowid", primary_key=True),
                Column("article_id", "text", not_null=True, references=ON_ARTICLE),
                Column("ordinal", "integer", not_null=True),
                Column("event_type", "text", not_null=True, nocase=True),
                Column("cameo", "text"),
                Column("event_date", "text", byte_order=True),
                Column("quad_class", "integer"),
                Column("section_kind", "text", not_null=True),
                Column("coder", "text", not_null=True),
                Column("payload", "text", not_null=True),
            ),
            unique=("article_id", "ordinal"),
        ),
        Index("events_event_type", "events", (case_folded("event_type"),)),
        Index("events_event_date", "events", ("event_date",)),
        # The two indexes PostgreSQL never had: the quad-class filter got
        # its date-ordered index (step 5) before PostgreSQL existed, and the
        # only section filter (``<> 'commentary'``) cannot use an index.
        Index("events_quad_class", "events", ("quad_class",), only="sqlite"),
        Index("events_section_kind", "events", ("section_kind",), only="sqlite"),
        Table(
            "event_actors",
            (
                Column(
                    "event_pk",
                    "bigint",
                    not_null=True,
                    references="events(pk) ON DELETE CASCADE",
                ),
                Column("role", "text", not_null=True, check_in=("source", "target")),
                Column("code", "text", not_null=True, nocase=True),
            ),
            primary_key=("event_pk", "role", "code"),
            without_rowid=True,
        ),
        Index("event_actors_code", "event_actors", (case_folded("code"), "role")),
        Table(
            "minhash_bands",
            (
                Column("band", "integer", not_null=True),
                Column("hash", "bigint", not_null=True),
                Column(
                    "article_pk",
                    "bigint",
                    not_null=True,
                    references="articles(pk) ON DELETE CASCADE",
                ),
            ),
            primary_key=("band", "hash", "article_pk"),
            without_rowid=True,
        ),
        Index("minhash_bands_article", "minhash_bands", ("article_pk",)),
        Table(
            "meta",
            (
                Column("key", "text", primary_key=True),
                Column("value", "text", not_null=True),
            ),
            only="sqlite",
        ),
    )


_SQLITE_FULL_TEXT = Sql(
    (
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text,
            content='articles', content_rowid='pk',
            tokenize="unicode61 remove_diacritics 2"
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.pk, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.pk, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
        END""",
        # Index the articles a version-1 store already holds.
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ),
    only="sqlite",
)


def _stories() -> tuple[Table | Index, ...]:
    return (
        # One row per clustered article. ``anchor`` orders members by their
        # first report (ISO publication time, then id); the story id is
        # derived from the smallest anchor, so it does not depend on arrival order.
        Table(
            "story_members",
            (
                Column(
                    "article_id",
                    "text",
                    primary_key=True,
                    references=ON_ARTICLE,
                    byte_order=True,
                ),
                Column("story_id", "text", not_null=True, byte_order=True),
                Column("day", "integer"),
                Column("anchor", "text", not_null=True, byte_order=True),
                Column("link", "text", not_null=True),
                Column("score", "real"),
                Column("features", "text", not_null=True),
                Column("assigned_at", "text", not_null=True),
            ),
            without_rowid=True,
        ),
        Index("story_members_story", "story_members", ("story_id", "anchor")),
        # Candidate retrieval: articles sharing an actor key within a few
        # days, so per-article cost depends on news density, not corpus size.
        Table(
            "story_keys",
            (
                Column("key", "text", not_null=True, byte_order=True),
                Column("day", "integer", not_null=True),
                Column(
                    "article_id",
                    "text",
                    not_null=True,
                    references=ON_ARTICLE,
                    byte_order=True,
                ),
            ),
            primary_key=("key", "day", "article_id"),
            without_rowid=True,
        ),
        Index("story_keys_article", "story_keys", ("article_id",)),
        Table(
            "story_aliases",
            (
                Column("old_id", "text", primary_key=True, byte_order=True),
                Column("story_id", "text", not_null=True, byte_order=True),
            ),
            without_rowid=True,
        ),
    )


def _places() -> tuple[Table | Index | AddColumn, ...]:
    return (
        Table(
            "places",
            (
                *_span_columns(),
                Column("place_id", "text", byte_order=True),
                Column("name", "text"),
                Column("precision", "text", not_null=True),
                Column("country", "text", byte_order=True),
                Column("admin1", "text"),
                Column("lat", "real"),
                Column("lon", "real"),
                Column("alternatives", "text", not_null=True),
                Column("confidence", "real", not_null=True),
            ),
            primary_key=("article_id", "ordinal"),
            without_rowid=True,
        ),
        Index("places_place_id", "places", ("place_id",)),
        Index("places_country", "places", ("country",)),
        # Events stored before this step have no location and were all
        # reported as lead events (salience did not exist yet). Country codes
        # are stored upper-case; PostgreSQL's filters upper-case the query.
        AddColumn("events", Column("location_country", "text", nocase=True, byte_order=True)),
        AddColumn("events", Column("location_place_id", "text", byte_order=True)),
        AddColumn("events", Column("salience", "text", not_null=True, default="'lead'")),
        Index("events_location_country", "events", ("location_country",)),
        Index("events_location_place_id", "events", ("location_place_id",)),
        Index("events_salience", "events", ("salience",)),
    )


def _actor_how() -> tuple[AddColumn | Index, ...]:
    return (
        # A mention whose country is the state the article names most, not
        # one its words or its sentence give; mentions stored before did not say (0).
        AddColumn(
            "mentions", Column("country_from_context", "integer", not_null=True, default="0")
        ),
        # The weakest way any of the event's actors was found, for the
        # evidence filter; NULL for events stored before it was recorded.
        AddColumn(
            "events",
            Column("actor_how", "text", check_in=("stated", "coreference", "context")),
        ),
        Index("events_actor_how_date", "events", ("actor_how", newest_first("event_date"))),
    )


def _events_in_date_order() -> tuple[Index | DropIndex | AddColumn | Sql, ...]:
    return (
        DropIndex("events_event_date"),
        Index("events_date_order", "events", (newest_first("event_date"),)),
        # A filter on type, quad class, language or salience reads its own
        # slice already in date order, instead of sorting every match.
        DropIndex("events_event_type"),
        Index(
            "events_type_date", "events", (case_folded("event_type"), newest_first("event_date"))
        ),
        DropIndex("events_quad_class", only="sqlite"),
        Index("events_quad_date", "events", ("quad_class", newest_first("event_date"))),
        DropIndex("events_salience"),
        Index("events_salience_date", "events", ("salience", newest_first("event_date"))),
        # Places: in date order too, with the salience beside it so that
        # "lead events in Ukraine" is filtered and counted from the index alone.
        DropIndex("events_location_country"),
        Index(
            "events_country_date",
            "events",
            ("location_country", newest_first("event_date"), "salience"),
        ),
        DropIndex("events_location_place_id"),
        Index(
            "events_place_date",
            "events",
            ("location_place_id", newest_first("event_date"), "salience"),
        ),
        # The article's language, copied so the language filter needs no
        # join; triggers keep the copy right whoever writes the rows.
        AddColumn("events", Column("language", "text", byte_order=True)),
        Sql(
            (
                PerBackend(
                    sqlite="UPDATE events SET language = "
                    "(SELECT a.language FROM articles a WHERE a.id = events.article_id)",
                    postgres="UPDATE events e SET language = a.language "
                    "FROM articles a WHERE a.id = e.article_id",
                ),
            )
        ),
        Sql(
            (
                """CREATE TRIGGER events_language AFTER INSERT ON events BEGIN
                    UPDATE events SET language =
                        (SELECT a.language FROM articles a WHERE a.id = new.article_id)
                    WHERE pk = new.pk;
                END""",
                """CREATE TRIGGER articles_language AFTER UPDATE OF language ON articles BEGIN
                    UPDATE events SET language = new.language WHERE article_id = new.id;
                END""",
            ),
            only="sqlite",
        ),
        # PostgreSQL triggers call functions; the event's copy is set before
        # the row is written, so no second write of the row.
        Sql(
            (
                """CREATE FUNCTION veille_event_language() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT a.language INTO NEW.language FROM articles a
                    WHERE a.id = NEW.article_id;
                    RETURN NEW;
                END
                $$""",
                """CREATE TRIGGER events_language BEFORE INSERT ON events
                FOR EACH ROW EXECUTE FUNCTION veille_event_language()""",
                """CREATE FUNCTION veille_article_language() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE events SET language = NEW.language WHERE article_id = NEW.id;
                    RETURN NULL;
                END
                $$""",
                """CREATE TRIGGER articles_language AFTER UPDATE OF language ON articles
                FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
                EXECUTE FUNCTION veille_article_language()""",
            ),
            only="postgres",
        ),
        Index("events_language_date", "events", ("language", newest_first("event_date"))),
    )


def _article_metadata() -> tuple[AddColumn | Sql, ...]:
    return (
        # Stores written before this step had one author string: it becomes
        # a one-name list (it may hold several names or an organisation;
        # re-ingesting with --no-resume reads them again).
        AddColumn("articles", Column("authors", "text", not_null=True, default="'[]'")),
        Sql(
            (
                PerBackend(
                    sqlite="UPDATE articles SET authors = json_array(author) "
                    "WHERE author IS NOT NULL",
                    postgres="UPDATE articles SET authors = json_build_array(author)::text "
                    "WHERE author IS NOT NULL",
                ),
            )
        ),
        AddColumn("articles", Column("organisation", "text")),
        # The instant with the page's UTC offset; published_at stays UTC
        # text so that ordering and date filters keep using its index.
        AddColumn("articles", Column("published_at_local", "text")),
        # The day as the page states it; older rows only knew the UTC
        # instant, so their day is left unknown rather than guessed.
        AddColumn("articles", Column("published_date_local", "text", byte_order=True)),
        AddColumn("articles", Column("provenance", "text", not_null=True, default="'{}'")),
    )


def _monitoring() -> tuple[Table | Index, ...]:
    on_watchlist = "watchlists(name) ON DELETE CASCADE"
    on_alert = "alerts(id) ON DELETE CASCADE"
    return (
        # ``since_pk``: articles up to this pk were stored before the
        # watchlist existed and never raise its alerts.
        Table(
            "watchlists",
            (
                Column("name", "text", primary_key=True, byte_order=True),
                Column("rule", "text", not_null=True),
                Column("delivery", "text", not_null=True),
                Column("since_pk", "bigint", not_null=True),
                Column("created_at", "text", not_null=True, byte_order=True),
            ),
        ),
        # ``seq`` orders alerts by creation; ``dedup_key`` is the story
        # (or the dyad, day and direction of a tension excursion), so one
        # watchlist raises one alert per story whatever the reports.
        Table(
            "alerts",
            (
                Column("seq", "rowid", primary_key=True),
                Column("id", "text", not_null=True, unique=True, byte_order=True),
                Column(
                    "watchlist",
                    "text",
                    not_null=True,
                    references=on_watchlist,
                    byte_order=True,
                ),
                Column(
                    "kind",
                    "text",
                    not_null=True,
                    check_in=("event", "article", "tension"),
                ),
                Column("dedup_key", "text", not_null=True, byte_order=True),
                Column("story_id", "text", byte_order=True),
                Column("article_id", "text", byte_order=True),
                Column("title", "text", not_null=True),
                Column("payload", "text", not_null=True),
                Column("created_at", "text", not_null=True, byte_order=True),
                Column("acknowledged_at", "text", byte_order=True),
            ),
            unique=("watchlist", "dedup_key"),
        ),
        Index("alerts_watchlist", "alerts", ("watchlist", "seq")),
        Index("alerts_open", "alerts", ("seq",), where="acknowledged_at IS NULL"),
        # The articles an alert already speaks for: a story's later reports,
        # and stories merged since, find the alert through any member.
        Table(
            "alert_coverage",
            (
                Column(
                    "watchlist",
                    "text",
                    not_null=True,
                    references=on_watchlist,
                    byte_order=True,
                ),
                Column("article_id", "text", not_null=True, byte_order=True),
                Column("alert_id", "text", not_null=True, references=on_alert, byte_order=True),
            ),
            primary_key=("watchlist", "article_id"),
            without_rowid=True,
        ),
        Table(
            "alert_deliveries",
            (
                Column("alert_id", "text", not_null=True, references=on_alert, byte_order=True),
                Column(
                    "channel",
                    "text",
                    not_null=True,
                    check_in=("webhook", "email"),
                    byte_order=True,
                ),
                Column("target", "text", not_null=True),
                Column(
                    "status",
                    "text",
                    not_null=True,
                    check_in=("pending", "delivered", "failed"),
                ),
                Column("attempts", "integer", not_null=True, default="0"),
                Column("next_attempt_at", "text", not_null=True, byte_order=True),
                Column("last_error", "text"),
                Column("delivered_at", "text"),
            ),
            primary_key=("alert_id", "channel"),
            without_rowid=True,
        ),
        Index("alert_deliveries_due", "alert_deliveries", ("status", "next_attempt_at")),
        Table(
            "watch_sources",
            (
                Column("source", "text", primary_key=True, byte_order=True),
                Column("etag", "text"),
                Column("last_modified", "text"),
                Column("body_hash", "text"),
                Column("failures", "integer", not_null=True, default="0"),
                Column("retry_at", "text", byte_order=True),
                Column("last_polled_at", "text"),
                Column("last_status", "text"),
            ),
            without_rowid=True,
        ),
    )


STEPS: tuple[Step, ...] = (
    Step(
        sqlite=1,
        postgres=1,
        description="articles, sources, errors, mentions, events and the near-duplicate index",
        parts=_articles_and_events(),
    ),
    Step(
        sqlite=2,
        postgres=None,  # PostgreSQL's full-text vector came with its first step
        description="accent-insensitive full-text search over article titles and texts",
        parts=(_SQLITE_FULL_TEXT,),
    ),
    Step(
        sqlite=3,
        postgres=2,
        description="stories: story membership, the candidate index by (actor key, day) and id "
        "aliases",
        parts=_stories(),
    ),
    Step(
        sqlite=4,
        postgres=3,
        description="places: each article's resolved place mentions, and each event's location "
        "and salience",
        parts=_places(),
    ),
    Step(
        sqlite=5,
        postgres=4,
        description="event listings read in date order from indexes; events know their "
        "article's language",
        parts=_events_in_date_order(),
    ),
    Step(
        sqlite=6,
        postgres=5,
        description="story aliases found by the story they point to",
        parts=(
            # Merging two stories re-points every alias of the old one: without
            # this index that update read the whole alias table, so clustering
            # slowed down as the corpus grew (benchmarks/bench_stories.py).
            Index("story_aliases_story", "story_aliases", ("story_id",)),
        ),
    ),
    Step(
        sqlite=7,
        postgres=None,  # PostgreSQL's trigger sets the copy before the row is written
        description="events written with their language copy only when the writer left it out",
        parts=(
            # veille writes the language with each event row; the trigger now
            # fills it only for a writer that does not, instead of updating
            # every row just inserted (a tenth of the cost of saving an article).
            Sql(
                (
                    "DROP TRIGGER events_language",
                    """CREATE TRIGGER events_language AFTER INSERT ON events
                    WHEN new.language IS NULL BEGIN
                        UPDATE events SET language =
                            (SELECT a.language FROM articles a WHERE a.id = new.article_id)
                        WHERE pk = new.pk;
                    END""",
                ),
                only="sqlite",
            ),
        ),
    ),
    Step(
        sqlite=8,
        postgres=6,
        description="article metadata: authors as a list, the organisation byline, the page's "
        "own date",
        parts=_article_metadata(),
    ),
    Step(
        sqlite=9,
        postgres=7,
        description="monitoring: watchlists, alerts with their coverage and delivery state, "
        "watched sources",
        parts=_monitoring(),
    ),
    Step(
        sqlite=10,
        postgres=8,
        description="how each event's actors were found (stated, coreference, context)",
        parts=_actor_how(),
    ),
)
"""Every change of the schema, oldest first (append-only: see the module docstring)."""
