"""Schema of the PostgreSQL store, as an ordered list of migrations.

The same tables as the SQLite store (:mod:`veille.store.sqlite.migrations`), in
PostgreSQL's dialect, so that both backends store the same rows:

- datetimes stay fixed-width ISO 8601 UTC *text*, so date filters compare
  the same way on both backends and a row reads back byte for byte;
- text columns that are sorted or compared (ids, dates, sources) use the
  ``"C"`` collation: byte order, as in SQLite, whatever the server's locale;
- ``events.payload`` is the event's public JSON as text (not ``jsonb``, which
  would reorder keys and make "did the events change?" comparisons lie);
- ``articles.search`` is the full-text vector, written by
  :class:`veille.store.postgres.PostgresStore` with the text search
  configuration of the article's language (``french``, ``english``, else
  ``simple``) over accent-folded text, with title words weighted above body
  words. Accents are folded by veille itself, so no server extension
  (``unaccent``) is needed and every server folds the same way.

The version lives in the ``veille_meta`` table (key ``schema_version``).
Migrations run in one transaction under an advisory lock, so two processes
opening the same new database do not both migrate it. Migrations are
append-only, as for SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import Connection
from psycopg.rows import tuple_row

from veille.errors import StoreError


@dataclass(frozen=True, slots=True)
class PgMigration:
    """One step of the schema: the statements that take ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATION_LOCK = 0x7665696C6C65
"""Advisory lock key ("veille" in hex) held while migrating and while writing."""

PG_MIGRATIONS: tuple[PgMigration, ...] = (
    PgMigration(
        1,
        "articles with full-text vectors, sources, errors, mentions, events, near-duplicate index",
        (
            "CREATE TABLE IF NOT EXISTS veille_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE articles (
                pk BIGSERIAL PRIMARY KEY,
                id TEXT COLLATE "C" NOT NULL UNIQUE,
                content_hash TEXT NOT NULL,
                url TEXT,
                source_name TEXT,
                source_format TEXT COLLATE "C" NOT NULL,
                title TEXT,
                author TEXT,
                author_role TEXT,
                published_at TEXT COLLATE "C",
                published_text TEXT,
                reference_time TEXT,
                reference_time_source TEXT,
                retrieved_at TEXT,
                language TEXT NOT NULL,
                language_confidence DOUBLE PRECISION NOT NULL,
                reading_time_minutes INTEGER,
                reading_time_estimated INTEGER NOT NULL,
                text TEXT NOT NULL,
                sections TEXT NOT NULL,
                evidence TEXT NOT NULL,
                minhash TEXT NOT NULL,
                duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL,
                similarity DOUBLE PRECISION,
                stored_at TEXT COLLATE "C" NOT NULL,
                updated_at TEXT COLLATE "C" NOT NULL,
                search TSVECTOR NOT NULL
            )""",
            "CREATE INDEX articles_content_hash ON articles(content_hash)",
            "CREATE INDEX articles_published_at ON articles(published_at)",
            "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
            "CREATE INDEX articles_search ON articles USING GIN (search)",
            """CREATE TABLE sources (
                source TEXT COLLATE "C" PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                incoming_id TEXT COLLATE "C" NOT NULL,
                relation TEXT NOT NULL
                    CHECK (relation IN ('stored', 'duplicate', 'near-duplicate')),
                first_seen TEXT COLLATE "C" NOT NULL,
                last_seen TEXT NOT NULL
            )""",
            "CREATE INDEX sources_article_id ON sources(article_id)",
            """CREATE TABLE errors (
                source TEXT COLLATE "C" PRIMARY KEY,
                code TEXT NOT NULL,
                message TEXT NOT NULL,
                at TEXT COLLATE "C" NOT NULL
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
                confidence DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (article_id, ordinal)
            )""",
            "CREATE INDEX mentions_actor_id ON mentions(actor_id)",
            """CREATE TABLE events (
                pk BIGSERIAL PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                event_type TEXT NOT NULL,
                cameo TEXT,
                event_date TEXT COLLATE "C",
                quad_class INTEGER,
                section_kind TEXT NOT NULL,
                coder TEXT NOT NULL,
                payload TEXT NOT NULL,
                UNIQUE (article_id, ordinal)
            )""",
            # Filters ignore case, as SQLite's COLLATE NOCASE columns do.
            "CREATE INDEX events_event_type ON events(lower(event_type))",
            "CREATE INDEX events_event_date ON events(event_date)",
            """CREATE TABLE event_actors (
                event_pk BIGINT NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('source', 'target')),
                code TEXT NOT NULL,
                PRIMARY KEY (event_pk, role, code)
            )""",
            "CREATE INDEX event_actors_code ON event_actors(lower(code), role)",
            """CREATE TABLE minhash_bands (
                band INTEGER NOT NULL,
                hash BIGINT NOT NULL,
                article_pk BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
                PRIMARY KEY (band, hash, article_pk)
            )""",
            "CREATE INDEX minhash_bands_article ON minhash_bands(article_pk)",
        ),
    ),
    PgMigration(
        2,
        "stories: membership, the candidate index by (actor key, day) and id aliases",
        (
            """CREATE TABLE story_members (
                article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                story_id TEXT COLLATE "C" NOT NULL,
                day INTEGER,
                anchor TEXT COLLATE "C" NOT NULL,
                link TEXT NOT NULL,
                score DOUBLE PRECISION,
                features TEXT NOT NULL,
                assigned_at TEXT NOT NULL
            )""",
            "CREATE INDEX story_members_story ON story_members(story_id, anchor)",
            """CREATE TABLE story_keys (
                key TEXT COLLATE "C" NOT NULL,
                day INTEGER NOT NULL,
                article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                PRIMARY KEY (key, day, article_id)
            )""",
            "CREATE INDEX story_keys_article ON story_keys(article_id)",
            """CREATE TABLE story_aliases (
                old_id TEXT COLLATE "C" PRIMARY KEY,
                story_id TEXT COLLATE "C" NOT NULL
            )""",
        ),
    ),
    PgMigration(
        3,
        "places: each article's resolved place mentions, and each event's location and salience",
        (
            """CREATE TABLE places (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                start_char INTEGER NOT NULL,
                end_char INTEGER NOT NULL,
                text TEXT NOT NULL,
                place_id TEXT COLLATE "C",
                name TEXT,
                precision TEXT NOT NULL,
                country TEXT COLLATE "C",
                admin1 TEXT,
                lat DOUBLE PRECISION,
                lon DOUBLE PRECISION,
                alternatives TEXT NOT NULL,
                confidence DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (article_id, ordinal)
            )""",
            "CREATE INDEX places_place_id ON places(place_id)",
            "CREATE INDEX places_country ON places(country)",
            'ALTER TABLE events ADD COLUMN location_country TEXT COLLATE "C"',
            'ALTER TABLE events ADD COLUMN location_place_id TEXT COLLATE "C"',
            "ALTER TABLE events ADD COLUMN salience TEXT NOT NULL DEFAULT 'lead'",
            # Country codes are stored upper-case; filters upper-case the query.
            "CREATE INDEX events_location_country ON events(location_country)",
            "CREATE INDEX events_location_place_id ON events(location_place_id)",
            "CREATE INDEX events_salience ON events(salience)",
        ),
    ),
    PgMigration(
        4,
        "event listings read in date order from indexes; events know their article's language",
        (
            # Newest first, undated last, then storage order, straight from an index.
            "DROP INDEX events_event_date",
            "CREATE INDEX events_date_order ON events(event_date DESC NULLS LAST, pk)",
            "DROP INDEX events_event_type",
            "CREATE INDEX events_type_date "
            "ON events(lower(event_type), event_date DESC NULLS LAST, pk)",
            "CREATE INDEX events_quad_date ON events(quad_class, event_date DESC NULLS LAST, pk)",
            "DROP INDEX events_salience",
            "CREATE INDEX events_salience_date ON events(salience, event_date DESC NULLS LAST, pk)",
            "DROP INDEX events_location_country",
            "CREATE INDEX events_country_date "
            "ON events(location_country, event_date DESC NULLS LAST, pk, salience)",
            "DROP INDEX events_location_place_id",
            "CREATE INDEX events_place_date "
            "ON events(location_place_id, event_date DESC NULLS LAST, pk, salience)",
            # The article's language, copied so the language filter needs no
            # join; triggers keep the copy right whoever writes the rows.
            'ALTER TABLE events ADD COLUMN language TEXT COLLATE "C"',
            "UPDATE events e SET language = a.language FROM articles a WHERE a.id = e.article_id",
            """CREATE FUNCTION veille_event_language() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                SELECT a.language INTO NEW.language FROM articles a WHERE a.id = NEW.article_id;
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
            "CREATE INDEX events_language_date ON events(language, event_date DESC NULLS LAST, pk)",
        ),
    ),
    PgMigration(
        5,
        "story aliases found by the story they point to",
        ("CREATE INDEX story_aliases_story ON story_aliases(story_id)",),
    ),
    PgMigration(
        6,
        "article metadata: authors as a list, the organisation byline, the page's own date",
        (
            # As SQLite's migration 8: the old author string becomes a one-name list.
            "ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]'",
            "UPDATE articles SET authors = json_build_array(author)::text WHERE author IS NOT NULL",
            "ALTER TABLE articles ADD COLUMN organisation TEXT",
            "ALTER TABLE articles ADD COLUMN published_at_local TEXT",
            'ALTER TABLE articles ADD COLUMN published_date_local TEXT COLLATE "C"',
            "ALTER TABLE articles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}'",
        ),
    ),
    PgMigration(
        7,
        "monitoring: watchlists, alerts with their coverage and delivery state, watched sources",
        (
            # As SQLite's migration 9.
            """CREATE TABLE watchlists (
                name TEXT COLLATE "C" PRIMARY KEY,
                rule TEXT NOT NULL,
                delivery TEXT NOT NULL,
                since_pk BIGINT NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL
            )""",
            """CREATE TABLE alerts (
                seq BIGSERIAL PRIMARY KEY,
                id TEXT COLLATE "C" NOT NULL UNIQUE,
                watchlist TEXT COLLATE "C" NOT NULL REFERENCES watchlists(name) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('event', 'article', 'tension')),
                dedup_key TEXT COLLATE "C" NOT NULL,
                story_id TEXT COLLATE "C",
                article_id TEXT COLLATE "C",
                title TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL,
                acknowledged_at TEXT COLLATE "C",
                UNIQUE (watchlist, dedup_key)
            )""",
            "CREATE INDEX alerts_watchlist ON alerts(watchlist, seq)",
            "CREATE INDEX alerts_open ON alerts(seq) WHERE acknowledged_at IS NULL",
            """CREATE TABLE alert_coverage (
                watchlist TEXT COLLATE "C" NOT NULL REFERENCES watchlists(name) ON DELETE CASCADE,
                article_id TEXT COLLATE "C" NOT NULL,
                alert_id TEXT COLLATE "C" NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
                PRIMARY KEY (watchlist, article_id)
            )""",
            """CREATE TABLE alert_deliveries (
                alert_id TEXT COLLATE "C" NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
                channel TEXT COLLATE "C" NOT NULL CHECK (channel IN ('webhook', 'email')),
                target TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT COLLATE "C" NOT NULL,
                last_error TEXT,
                delivered_at TEXT,
                PRIMARY KEY (alert_id, channel)
            )""",
            "CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_at)",
            """CREATE TABLE watch_sources (
                source TEXT COLLATE "C" PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                body_hash TEXT,
                failures INTEGER NOT NULL DEFAULT 0,
                retry_at TEXT COLLATE "C",
                last_polled_at TEXT,
                last_status TEXT
            )""",
        ),
    ),
)

PG_LATEST_VERSION = PG_MIGRATIONS[-1].version
"""Schema version this veille writes to PostgreSQL."""

_VERSION_KEY = "schema_version"


def pg_schema_version(conn: Connection[Any]) -> int:
    """Return the schema version of the database (0 when veille never wrote to it)."""
    # Rows may be tuples or dicts depending on the connection's row factory.
    with conn.cursor(row_factory=tuple_row) as cursor:
        exists = cursor.execute("SELECT to_regclass('veille_meta') IS NOT NULL").fetchone()
        if not exists or not exists[0]:
            return 0
        row = cursor.execute(
            "SELECT value FROM veille_meta WHERE key = %s", (_VERSION_KEY,)
        ).fetchone()
    return int(str(row[0])) if row else 0


def pg_migrate(conn: Connection[Any], location: str, target: int = PG_LATEST_VERSION) -> int:
    """Bring the database to ``target`` in one transaction; return the version reached.

    ``conn`` must be in autocommit mode; the transaction is opened here.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        version = pg_schema_version(conn)
        if version > PG_LATEST_VERSION:
            raise StoreError(
                f"the store {location} has schema version {version} but this veille only "
                f"knows up to version {PG_LATEST_VERSION}; upgrade veille (pip install -U "
                "veille) to open it",
                code="E-STORE-TOO-NEW",
            )
        if version == 0:
            _refuse_foreign_database(conn, location)
        for migration in PG_MIGRATIONS:
            if version < migration.version <= target:
                for statement in migration.statements:
                    conn.execute(statement.encode())
                conn.execute(
                    "INSERT INTO veille_meta (key, value) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (_VERSION_KEY, str(migration.version)),
                )
                version = migration.version
    return version


def _refuse_foreign_database(conn: Connection[Any], location: str) -> None:
    # Tables named like ours in a database veille never versioned belong to
    # someone else: never write into them.
    with conn.cursor(row_factory=tuple_row) as cursor:
        rows = cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() "
            "AND table_name IN ('articles', 'events', 'sources', 'mentions', 'errors')"
        ).fetchall()
    if rows:
        shown = ", ".join(sorted(str(row[0]) for row in rows))
        raise StoreError(
            f"{location} already holds tables veille did not create ({shown}); give --db an "
            "empty database (createdb veille) or another schema (?options=-csearch_path=veille)",
            code="E-STORE-FOREIGN",
        )
