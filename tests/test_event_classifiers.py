"""Sentence-level event classifiers of the comparison (veille.training.sentences)."""

from __future__ import annotations

import numpy as np

from veille.events.model import NONE
from veille.training import sentences as sc


def _example(
    text: str, *types: str, exhaustive: bool = True, lang: str = "en"
) -> sc.SentenceExample:
    return sc.SentenceExample(
        record_id=f"r:{text}",
        language=lang,
        text=text,
        types=frozenset(types),
        exhaustive=exhaustive,
        weight=1.0,
    )


def test_labels_say_none_for_an_empty_sentence_and_mask_what_a_one_event_record_leaves_open() -> (
    None
):
    examples = [
        _example("Il fait beau.", lang="fr"),
        _example("Russia denounced NATO and threatened Kyiv.", "ACCUSE", "THREATEN"),
        _example("Iraq accused Iran.", "ACCUSE", exhaustive=False),
    ]
    y, mask = sc.label_matrix(examples)
    col = {label: k for k, label in enumerate(sc.LABELS)}
    assert y[0, col[NONE]] == 1
    assert y[0].sum() == 1
    assert y[1, col["ACCUSE"]] == y[1, col["THREATEN"]] == 1
    assert y[1, col[NONE]] == 0
    assert mask[:2].min() == 1  # exhaustive: every label is known
    # One event of a PLOVER record: its type is there, NONE is not; the rest is unknown.
    assert mask[2, col["ACCUSE"]] == mask[2, col[NONE]] == 1
    assert mask[2].sum() == 2


def test_the_one_vs_rest_regression_learns_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 5))
    y = np.zeros((80, len(sc.LABELS)))
    y[:, 0] = x[:, 0] > 0  # NONE follows the first dimension
    y[:, 1] = x[:, 1] > 0  # the first event type follows the second
    mask = np.ones_like(y)
    weight = np.ones(80)
    first = sc.fit_ovr(x, y, mask, weight, l2=0.1)
    second = sc.fit_ovr(x, y, mask, weight, l2=0.1)
    assert np.array_equal(first.weights, second.weights)
    probs = first.probabilities(x)
    assert ((probs[:, 0] >= 0.5) == (y[:, 0] > 0)).mean() > 0.95
    assert ((probs[:, 1] >= 0.5) == (y[:, 1] > 0)).mean() > 0.95


def test_a_masked_label_does_not_move_its_weights() -> None:
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.zeros((2, len(sc.LABELS)))
    y[:, 2] = 1.0
    mask = np.zeros_like(y)
    mask[:, 0] = 1.0  # only NONE is known
    model = sc.fit_ovr(x, y, mask, np.ones(2))
    assert np.all(model.weights[:, 2] == 0)
    assert model.bias[2] == 0


def test_folds_are_stable_and_group_a_record() -> None:
    assert sc.fold_of("train.jsonl:fr-r00001", 5) == sc.fold_of("other.jsonl:fr-r00001", 5)
    assert {sc.fold_of(f"f:r{i}", 5) for i in range(50)} == set(range(5))


def test_the_textcat_trains_deterministically_on_cpu() -> None:
    examples = [
        _example("The army shelled the town.", "ASSAULT"),
        _example("Troops fired rockets at the village.", "ASSAULT"),
        _example("The minister denounced the decision.", "ACCUSE"),
        _example("Paris accused Moscow of lying.", "ACCUSE"),
        _example("The match ended in a draw.", exhaustive=True),
        _example("Download our app for alerts.", exhaustive=True),
    ]
    texts = ["Soldiers shelled the city.", "Download the app."]
    first = sc.textcat_probabilities(sc.train_textcat(examples, None, "en", epochs=6), texts)
    second = sc.textcat_probabilities(sc.train_textcat(examples, None, "en", epochs=6), texts)
    assert np.array_equal(first, second)
    assert first.shape == (2, len(sc.LABELS))
