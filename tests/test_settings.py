"""Settings: environment, overrides, validation, and that every setting is documented."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from veille.errors import SettingsError
from veille.settings import Settings, parse_datetime, setting_docs

README = Path(__file__).resolve().parent.parent / "README.md"


def test_environment_then_overrides_take_priority() -> None:
    env = {"VEILLE_DB": "/tmp/from-env.db", "VEILLE_MAX_BYTES": "1234", "VEILLE_LANG": "fr"}
    settings = Settings.from_env(env, db="/tmp/explicit.db", language=None)
    assert settings.db == "/tmp/explicit.db"
    assert settings.max_bytes == 1234
    assert settings.language == "fr"


def test_booleans_tuples_and_dates_are_parsed_from_the_environment() -> None:
    env = {
        "VEILLE_ALLOW_PRIVATE_NETWORK": "yes",
        "VEILLE_EXTENSIONS": ".txt, .html",
        "VEILLE_AS_OF": "2026-11-24",
    }
    settings = Settings.from_env(env)
    assert settings.allow_private_network is True
    assert settings.extensions == (".txt", ".html")
    assert settings.as_of == datetime(2026, 11, 24, tzinfo=UTC)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VEILLE_LANG": "de"}, "language must be"),
        ({"VEILLE_MAX_BYTES": "many"}, "cannot read"),
        ({"VEILLE_ALLOW_PRIVATE_NETWORK": "perhaps"}, "cannot read"),
        ({"VEILLE_NEAR_DUPLICATE_THRESHOLD": "1.5"}, "near_duplicate_threshold"),
    ],
)
def test_invalid_values_are_refused_with_a_clear_message(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_unknown_override_is_refused() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.from_env({}, colour="blue")


def test_parse_datetime_normalises_to_utc() -> None:
    assert parse_datetime("2026-11-24T10:00:00+02:00") == datetime(2026, 11, 24, 8, tzinfo=UTC)
    with pytest.raises(SettingsError, match="ISO 8601"):
        parse_datetime("il y a 2 jours")


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    undocumented = [
        env for _, env, _, help_text in setting_docs() if env not in readme or not help_text
    ]
    assert undocumented == []
