"""Schema of the SQLite store, as an ordered list of migrations.

The schema version lives in ``PRAGMA user_version``: 0 is an empty file, and
migration *n* takes a store from version *n − 1* to *n*. Opening a store
applies the missing migrations in one write transaction (SQLite DDL is
transactional, so a crash mid-way leaves the previous version intact). A
store whose version is newer than :data:`LATEST_VERSION` was written by a
newer veille and is refused rather than misread.

Migrations are append-only: once released, a migration is never edited; a
change to the schema is a new entry at the end of :data:`MIGRATIONS`.

Notes on the tables:

- ``articles.pk`` is the integer key the full-text index points at; the
  public key is ``articles.id``. Datetimes are ISO 8601 UTC text of fixed
  width, so text order is time order. ``sections``, ``evidence`` and
  ``minhash`` hold the JSON of those fields.
- ``sources`` maps each source key (path, URL, feed entry) to the article it
  produced: ``stored`` (the article itself), ``duplicate`` (same content as
  ``article_id``, not stored again; ``incoming_id`` is the id it would have
  had) or ``near-duplicate``.
- ``events.payload`` is the event's public JSON; the columns beside it exist
  to filter and sort. ``event_actors`` lists each event's source and target
  actor codes for actor and dyad filters.
- ``minhash_bands`` is the LSH index of :mod:`veille.store.minhash`;
  ``meta`` remembers the band layout it was built with.
- ``articles_fts`` is an external-content FTS5 index over title and text,
  kept in sync by triggers; ``remove_diacritics 2`` folds accents, so
  "Bielorussie" finds "Biélorussie".
- ``story_members``, ``story_keys`` and ``story_aliases`` hold the story
  clustering of :mod:`veille.stories` (see migration 3).
- ``places`` lists each article's place mentions (:mod:`veille.places`);
  ``events.location_country``, ``location_place_id`` and ``salience`` copy
  those fields of the event's payload so that place and lead/background
  filters use an index (migration 4).
- ``events.language`` copies the article's language (kept by triggers), and
  the event indexes end with ``event_date DESC`` so that every listing is
  read in its order from an index (migration 5).
- ``articles.authors`` (JSON list of persons), ``organisation``,
  ``published_at_local`` (the instant with the page's offset),
  ``published_date_local`` (the page's own day) and ``provenance`` (JSON:
  which source won each metadata field and which were outvoted) come with
  migration 8; ``author`` stays, the persons joined by ", ".
- ``watchlists``, ``alerts``, ``alert_coverage``, ``alert_deliveries`` and
  ``watch_sources`` hold the monitoring state of :mod:`veille.watch` and
  :mod:`veille.alerts` (migration 9): the rules, the alerts raised (one per
  watchlist and story or tension excursion, ``UNIQUE (watchlist,
  dedup_key)``), which articles each alert covers, each alert's delivery
  state per channel, and each watched source's validators and backoff.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from veille.errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: the statements that take version ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, sources, errors, mentions, events and the near-duplicate index",
        (
            """CREATE TABLE articles (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                content_hash TEXT NOT NULL,
                url TEXT,
                source_name TEXT,
                source_format TEXT NOT NULL,
                title TEXT,
                author TEXT,
                author_role TEXT,
                published_at TEXT,
                published_text TEXT,
                reference_time TEXT,
                reference_time_source TEXT,
                retrieved_at TEXT,
                language TEXT NOT NULL,
                language_confidence REAL NOT NULL,
                reading_time_minutes INTEGER,
                reading_time_estimated INTEGER NOT NULL,
                text TEXT NOT NULL,
                sections TEXT NOT NULL,
                evidence TEXT NOT NULL,
                minhash TEXT NOT NULL,
                duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL,
                similarity REAL,
                stored_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_content_hash ON articles(content_hash)",
            "CREATE INDEX articles_published_at ON articles(published_at)",
            "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
            """CREATE TABLE sources (
                source TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                incoming_id TEXT NOT NULL,
                relation TEXT NOT NULL
                    CHECK (relation IN ('stored', 'duplicate', 'near-duplicate')),
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL
            )""",
            "CREATE INDEX sources_article_id ON sources(article_id)",
            """CREATE TABLE errors (
                source TEXT PRIMARY KEY,
                code TEXT NOT NULL,
                message TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            """CREATE TABLE mentions (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                start_char INTEGER NOT NULL,
                end_char INTEGER NOT NULL,
                text TEXT NOT NULL,
                kind TEXT NOT NULL,
                actor_id TEXT,
                sectors TEXT NOT NULL,
                country TEXT,
                confidence REAL NOT NULL,
                PRIMARY KEY (article_id, ordinal)
            ) WITHOUT ROWID""",
            "CREATE INDEX mentions_actor_id ON mentions(actor_id)",
            """CREATE TABLE events (
                pk INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                event_type TEXT NOT NULL COLLATE NOCASE,
                cameo TEXT,
                event_date TEXT,
                quad_class INTEGER,
                section_kind TEXT NOT NULL,
                coder TEXT NOT NULL,
                payload TEXT NOT NULL,
                UNIQUE (article_id, ordinal)
            )""",
            "CREATE INDEX events_event_type ON events(event_type)",
            "CREATE INDEX events_event_date ON events(event_date)",
            "CREATE INDEX events_quad_class ON events(quad_class)",
            "CREATE INDEX events_section_kind ON events(section_kind)",
            """CREATE TABLE event_actors (
                event_pk INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('source', 'target')),
                code TEXT NOT NULL COLLATE NOCASE,
                PRIMARY KEY (event_pk, role, code)
            ) WITHOUT ROWID""",
            "CREATE INDEX event_actors_code ON event_actors(code, role)",
            """CREATE TABLE minhash_bands (
                band INTEGER NOT NULL,
                hash INTEGER NOT NULL,
                article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
                PRIMARY KEY (band, hash, article_pk)
            ) WITHOUT ROWID""",
            "CREATE INDEX minhash_bands_article ON minhash_bands(article_pk)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
    ),
    Migration(
        2,
        "accent-insensitive full-text search over article titles and texts",
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
    ),
    Migration(
        3,
        "stories: story membership, the candidate index by (actor key, day) and id aliases",
        (
            # One row per clustered article. ``anchor`` orders members by their
            # first report (ISO publication time, then id); the story id is
            # derived from the smallest anchor, so it does not depend on arrival order.
            """CREATE TABLE story_members (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                story_id TEXT NOT NULL,
                day INTEGER,
                anchor TEXT NOT NULL,
                link TEXT NOT NULL,
                score REAL,
                features TEXT NOT NULL,
                assigned_at TEXT NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX story_members_story ON story_members(story_id, anchor)",
            # Candidate retrieval: articles sharing an actor key within a few
            # days, so per-article cost depends on news density, not corpus size.
            """CREATE TABLE story_keys (
                key TEXT NOT NULL,
                day INTEGER NOT NULL,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                PRIMARY KEY (key, day, article_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX story_keys_article ON story_keys(article_id)",
            """CREATE TABLE story_aliases (
                old_id TEXT PRIMARY KEY,
                story_id TEXT NOT NULL
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        4,
        "places: each article's resolved place mentions, and each event's location and salience",
        (
            """CREATE TABLE places (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                start_char INTEGER NOT NULL,
                end_char INTEGER NOT NULL,
                text TEXT NOT NULL,
                place_id TEXT,
                name TEXT,
                precision TEXT NOT NULL,
                country TEXT,
                admin1 TEXT,
                lat REAL,
                lon REAL,
                alternatives TEXT NOT NULL,
                confidence REAL NOT NULL,
                PRIMARY KEY (article_id, ordinal)
            ) WITHOUT ROWID""",
            "CREATE INDEX places_place_id ON places(place_id)",
            "CREATE INDEX places_country ON places(country)",
            # Events stored before this version have no location and were all
            # reported as lead events (salience did not exist yet).
            "ALTER TABLE events ADD COLUMN location_country TEXT COLLATE NOCASE",
            "ALTER TABLE events ADD COLUMN location_place_id TEXT",
            "ALTER TABLE events ADD COLUMN salience TEXT NOT NULL DEFAULT 'lead'",
            "CREATE INDEX events_location_country ON events(location_country)",
            "CREATE INDEX events_location_place_id ON events(location_place_id)",
            "CREATE INDEX events_salience ON events(salience)",
        ),
    ),
    Migration(
        5,
        "event listings read in date order from indexes; events know their article's language",
        (
            # Newest first, undated last, then storage order: SQLite sorts NULL
            # lowest and an index ends with the rowid, so ``ORDER BY event_date
            # DESC, pk`` walks this index and stops after one page.
            "DROP INDEX events_event_date",
            "CREATE INDEX events_date_order ON events(event_date DESC)",
            # A filter on type, quad class, language or salience reads its own
            # slice already in date order, instead of sorting every match.
            "DROP INDEX events_event_type",
            "CREATE INDEX events_type_date ON events(event_type, event_date DESC)",
            "DROP INDEX events_quad_class",
            "CREATE INDEX events_quad_date ON events(quad_class, event_date DESC)",
            "DROP INDEX events_salience",
            "CREATE INDEX events_salience_date ON events(salience, event_date DESC)",
            # Places: in date order too, with the salience beside it so that
            # "lead events in Ukraine" is filtered and counted from the index alone.
            "DROP INDEX events_location_country",
            "CREATE INDEX events_country_date "
            "ON events(location_country, event_date DESC, salience)",
            "DROP INDEX events_location_place_id",
            "CREATE INDEX events_place_date "
            "ON events(location_place_id, event_date DESC, salience)",
            # The article's language, copied so the language filter needs no
            # join; triggers keep the copy right whoever writes the rows.
            "ALTER TABLE events ADD COLUMN language TEXT",
            "UPDATE events SET language = "
            "(SELECT a.language FROM articles a WHERE a.id = events.article_id)",
            """CREATE TRIGGER events_language AFTER INSERT ON events BEGIN
                UPDATE events SET language =
                    (SELECT a.language FROM articles a WHERE a.id = new.article_id)
                WHERE pk = new.pk;
            END""",
            """CREATE TRIGGER articles_language AFTER UPDATE OF language ON articles BEGIN
                UPDATE events SET language = new.language WHERE article_id = new.id;
            END""",
            "CREATE INDEX events_language_date ON events(language, event_date DESC)",
        ),
    ),
    Migration(
        6,
        "story aliases found by the story they point to",
        (
            # Merging two stories re-points every alias of the old one: without
            # this index that update read the whole alias table, so clustering
            # slowed down as the corpus grew (benchmarks/bench_stories.py).
            "CREATE INDEX story_aliases_story ON story_aliases(story_id)",
        ),
    ),
    Migration(
        7,
        "events written with their language copy only when the writer left it out",
        (
            # veille writes the language with each event row; the trigger now
            # fills it only for a writer that does not, instead of updating
            # every row just inserted (a tenth of the cost of saving an article).
            "DROP TRIGGER events_language",
            """CREATE TRIGGER events_language AFTER INSERT ON events
            WHEN new.language IS NULL BEGIN
                UPDATE events SET language =
                    (SELECT a.language FROM articles a WHERE a.id = new.article_id)
                WHERE pk = new.pk;
            END""",
        ),
    ),
    Migration(
        8,
        "article metadata: authors as a list, the organisation byline, the page's own date",
        (
            # Stores written before this version had one author string: it
            # becomes a one-name list (it may hold several names or an
            # organisation; re-ingesting with --no-resume reads them again).
            "ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]'",
            "UPDATE articles SET authors = json_array(author) WHERE author IS NOT NULL",
            "ALTER TABLE articles ADD COLUMN organisation TEXT",
            # The instant with the page's UTC offset; published_at stays UTC
            # text so that ordering and date filters keep using its index.
            "ALTER TABLE articles ADD COLUMN published_at_local TEXT",
            # The day as the page states it; older rows only knew the UTC
            # instant, so their day is left unknown rather than guessed.
            "ALTER TABLE articles ADD COLUMN published_date_local TEXT",
            "ALTER TABLE articles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}'",
        ),
    ),
    Migration(
        9,
        "monitoring: watchlists, alerts with their coverage and delivery state, watched sources",
        (
            # ``since_pk``: articles up to this pk were stored before the
            # watchlist existed and never raise its alerts.
            """CREATE TABLE watchlists (
                name TEXT PRIMARY KEY,
                rule TEXT NOT NULL,
                delivery TEXT NOT NULL,
                since_pk INTEGER NOT NULL,
                created_at TEXT NOT NULL
            )""",
            # ``seq`` orders alerts by creation; ``dedup_key`` is the story
            # (or the dyad, day and direction of a tension excursion), so one
            # watchlist raises one alert per story whatever the reports.
            """CREATE TABLE alerts (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                watchlist TEXT NOT NULL REFERENCES watchlists(name) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('event', 'article', 'tension')),
                dedup_key TEXT NOT NULL,
                story_id TEXT,
                article_id TEXT,
                title TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                acknowledged_at TEXT,
                UNIQUE (watchlist, dedup_key)
            )""",
            "CREATE INDEX alerts_watchlist ON alerts(watchlist, seq)",
            "CREATE INDEX alerts_open ON alerts(seq) WHERE acknowledged_at IS NULL",
            # The articles an alert already speaks for: a story's later reports,
            # and stories merged since, find the alert through any member.
            """CREATE TABLE alert_coverage (
                watchlist TEXT NOT NULL REFERENCES watchlists(name) ON DELETE CASCADE,
                article_id TEXT NOT NULL,
                alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
                PRIMARY KEY (watchlist, article_id)
            ) WITHOUT ROWID""",
            """CREATE TABLE alert_deliveries (
                alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
                channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
                target TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT,
                delivered_at TEXT,
                PRIMARY KEY (alert_id, channel)
            ) WITHOUT ROWID""",
            "CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_at)",
            """CREATE TABLE watch_sources (
                source TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                body_hash TEXT,
                failures INTEGER NOT NULL DEFAULT 0,
                retry_at TEXT,
                last_polled_at TEXT,
                last_status TEXT
            ) WITHOUT ROWID""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version
"""Schema version this veille writes."""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in the database file."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, location: str, target: int = LATEST_VERSION) -> int:
    """Bring the database up to ``target`` in one write transaction; return the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``); the
    version is re-read under the write lock, so two processes opening the
    same new file do not both migrate it.
    """
    if schema_version(conn) > LATEST_VERSION:
        raise _too_new(conn, location)
    if schema_version(conn) >= target:
        return schema_version(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise _too_new(conn, location)
        if version == 0:
            _refuse_foreign_database(conn, location)
        for migration in MIGRATIONS:
            if version < migration.version <= target:
                for statement in migration.statements:
                    conn.execute(statement)
                # PRAGMA cannot take a bound parameter; the value is our own integer.
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                version = migration.version
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version


def _too_new(conn: sqlite3.Connection, location: str) -> StoreError:
    return StoreError(
        f"the store {location} has schema version {schema_version(conn)} but this veille "
        f"only knows up to version {LATEST_VERSION}; upgrade veille (pip install -U veille) "
        "to open it",
        code="E-STORE-TOO-NEW",
    )


def _refuse_foreign_database(conn: sqlite3.Connection, location: str) -> None:
    # A version-0 file with tables is someone else's database: never write into it.
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    if names:
        shown = ", ".join(sorted(names)[:5])
        raise StoreError(
            f"{location} is an SQLite database that veille did not create (it holds {shown}); "
            "give --db a new file name instead",
            code="E-STORE-FOREIGN",
        )
