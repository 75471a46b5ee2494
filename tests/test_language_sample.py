"""Language detection on a capped sample gives what the whole (3000-character) sample gave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veille.extract.language import _SAMPLE_CHARS, _detector, detect_language
from veille.samples import article_paths

ROOT = Path(__file__).resolve().parents[1]
# The sample size before it was cut; the texts below must not notice the change.
FORMER_SAMPLE_CHARS = 3000


def _repository_texts() -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted((ROOT / "eval").rglob("*.txt"))]
    texts += [
        path.read_text("utf-8") for path in sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
    ]
    texts += [path.read_text("utf-8") for lang in ("fr", "en") for path in article_paths(lang)]  # type: ignore[union-attr]
    for path in sorted((ROOT / "eval").rglob("*.jsonl")):
        records = (
            json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()
        )
        texts += [record["text"] for record in records if isinstance(record.get("text"), str)]
    return texts


def _former_detection(text: str) -> tuple[str, float]:
    sample = text[:FORMER_SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < 3:
        return "other", 0.0
    best = _detector().compute_language_confidence_values(sample)[0]
    code = {"FRENCH": "fr", "ENGLISH": "en"}.get(best.language.name, "other")
    return code, max(0.0, min(1.0, float(best.value)))


def test_repository_texts_keep_their_language_and_confidence():
    texts = _repository_texts()
    assert sum(len(text) > _SAMPLE_CHARS for text in texts) >= 50  # the cap is exercised
    changed = []
    for text in texts:
        former, now = _former_detection(text), detect_language(text)
        # lingua's confidences vary in the last bits from one call to the next.
        if former[0] != now[0] or abs(former[1] - now[1]) > 1e-9:
            changed.append((text[:60], former, now))
    assert changed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("other", 0.0)),
        ("12 — 34 !", ("other", 0.0)),
        ("ab 12", ("other", 0.0)),
        # Letters beyond the sample do not count: lingua would not see them.
        ("1" * _SAMPLE_CHARS + "Le gouvernement a annoncé", ("other", 0.0)),
    ],
)
def test_texts_without_letters_are_other(text, expected):
    assert detect_language(text) == expected


def test_three_letters_are_enough_to_ask_lingua():
    language, confidence = detect_language("1234 the")
    assert language in {"en", "fr", "other"}
    assert confidence > 0.0
