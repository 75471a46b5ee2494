"""What ``veille watch`` polls: watch.toml and --source/--every, read and checked.

Bad files and flags are refused with ``E-WATCH-CONFIG`` and a message naming
the field, through the real CLI too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from veille.errors import SettingsError
from veille.watch.config import WatchSource, load_watch_config, parse_every, sources_from_flags


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(90, 90.0), ("90", 90.0), ("30s", 30.0), ("5m", 300.0), ("1h", 3600.0), ("1d", 86400.0)],
)
def test_intervals_are_read_in_seconds(value: object, seconds: float) -> None:
    assert parse_every(value) == seconds


@pytest.mark.parametrize("value", ["soon", "5 weeks", "0.5s", 0, True, "-3m"])
def test_unreadable_or_too_short_intervals_are_refused(value: object) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_every(value)
    assert caught.value.code == "E-WATCH-CONFIG"


def test_a_watch_toml_with_per_source_intervals_and_a_folder(tmp_path: Path) -> None:
    config = tmp_path / "watch.toml"
    config.write_text(
        'every = "15m"\n\n'
        '[[source]]\nurl = "https://example.org/rss.xml"\nevery = "5m"\n\n'
        '[[source]]\nurl = "http://example.org/page.html"\n\n'
        '[[source]]\npath = "inbox"\n',
        encoding="utf-8",
    )
    assert load_watch_config(config, 900.0) == [
        WatchSource("https://example.org/rss.xml", 300.0),
        WatchSource("http://example.org/page.html", 900.0),
        WatchSource("inbox", 900.0),
    ]
    # --every overrides the file's default, not a source's own interval.
    assert [s.every for s in load_watch_config(config, 900.0, "1m")] == [300.0, 60.0, 60.0]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("every = \n", "not valid TOML"),
        ('sources = []\n[[source]]\nurl = "http://a.example/"\n', "unknown key(s) sources"),
        ('every = "5m"\n', "names no source"),
        ('[[source]]\nurl = "http://a.example/"\npath = "x"\n', "exactly one of url or path"),
        ('[[source]]\nurl = "ftp://a.example/feed"\n', "is not an http(s) URL"),
        ('[[source]]\nurl = "a.example/feed"\n', "is not an URL"),
        ('[[source]]\nurl = "http://a.example/"\nevrey = "5m"\n', "unknown key(s) evrey"),
        ('[[source]]\nurl = "http://a.example/"\nevery = "now"\n', "cannot read the interval"),
    ],
)
def test_bad_watch_toml_is_refused_naming_the_field(tmp_path: Path, text: str, named: str) -> None:
    config = tmp_path / "watch.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=re.escape(named)) as caught:
        load_watch_config(config, 900.0)
    assert caught.value.code == "E-WATCH-CONFIG"


def test_flags_share_one_interval_and_refuse_standard_input() -> None:
    assert sources_from_flags(["http://a.example/rss", "/srv/inbox"], "2m", 900.0) == [
        WatchSource("http://a.example/rss", 120.0),
        WatchSource("/srv/inbox", 120.0),
    ]
    with pytest.raises(SettingsError, match="standard input"):
        sources_from_flags(["-"], None, 900.0)


def test_the_cli_refuses_nothing_to_watch_and_a_missing_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILLE_")}
    env["VEILLE_DB"] = str(tmp_path / "w.db")

    def watch(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "veille", "watch", *args]
        return subprocess.run(
            command, check=False, env=env, capture_output=True, text=True, timeout=120
        )

    nothing = watch()
    assert nothing.returncode == 2
    assert "E-WATCH-CONFIG" in nothing.stderr
    assert "nothing to watch" in nothing.stderr
    missing = watch(str(tmp_path / "absent.toml"))
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr
