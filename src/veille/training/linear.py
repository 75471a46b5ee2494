"""A small multinomial logistic regression, trained deterministically.

Sparse binary features in, one weight per (feature, label) out, L2
regularised, fitted with L-BFGS (:func:`minimise`) on one thread: the same
inputs give the same weights on every run, which ``make train`` and its test
rely on. Training needs SciPy's sparse matrices (in the lock); scoring needs nothing
(:class:`veille.events.model.TypeModel`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]


@dataclass(frozen=True, slots=True)
class Example:
    """One training instance: its features, its label and how much it counts."""

    features: tuple[str, ...]
    label: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Fitted weights: ``weights[f][k]`` weighs feature ``features[f]`` for ``labels[k]``."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    weights: NDArray[np.float64]
    bias: NDArray[np.float64]

    def scores(self, features: Sequence[str]) -> NDArray[np.float64]:
        """Return the label probabilities of one instance."""
        position = {f: i for i, f in enumerate(self.features)}
        rows = [position[f] for f in features if f in position]
        logits = self.bias + self.weights[rows].sum(axis=0)
        logits = logits - logits.max()
        exps = np.exp(logits)
        return np.asarray(exps / exps.sum(), dtype=np.float64)


Objective = Callable[[NDArray[np.float64]], tuple[float, NDArray[np.float64]]]


def minimise(
    objective: Objective,
    start: NDArray[np.float64],
    *,
    max_iter: int,
    memory: int = 10,
    tolerance: float = 1e-6,
) -> NDArray[np.float64]:
    """Minimise a smooth convex ``objective`` (value and gradient) with L-BFGS.

    The textbook two-loop recursion with a backtracking (Armijo) line
    search, in plain NumPy: SciPy's L-BFGS-B spends most of its time on the
    bounds this problem does not have.
    """
    theta = start.copy()
    value, grad = objective(theta)
    steps: list[tuple[NDArray[np.float64], NDArray[np.float64], float]] = []
    for _ in range(max_iter):
        if float(np.abs(grad).max()) < tolerance:
            break
        direction = -grad
        alphas = []
        for s_k, y_k, rho in reversed(steps):
            alpha = rho * float(s_k @ direction)
            direction = direction - alpha * y_k
            alphas.append(alpha)
        if steps:
            s_k, y_k, _ = steps[-1]
            direction = direction * (float(s_k @ y_k) / float(y_k @ y_k))
        for (s_k, y_k, rho), alpha in zip(steps, reversed(alphas), strict=True):
            beta = rho * float(y_k @ direction)
            direction = direction + (alpha - beta) * s_k
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction: start the memory afresh
            steps.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0 if steps else 1.0 / max(1.0, float(np.abs(grad).max()))
        while True:
            candidate = theta + step * direction
            new_value, new_grad = objective(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s_new, y_new = candidate - theta, new_grad - grad
        curvature = float(s_new @ y_new)
        if curvature > 1e-10:
            steps.append((s_new, y_new, 1.0 / curvature))
            if len(steps) > memory:
                steps.pop(0)
        converged = abs(value - new_value) <= tolerance * max(1.0, abs(value))
        theta, value, grad = candidate, new_value, new_grad
        if converged:
            break
    return theta


def vocabulary(examples: Sequence[Example], min_count: int) -> tuple[str, ...]:
    """Return the features seen in at least ``min_count`` examples, sorted."""
    counts: dict[str, int] = {}
    for ex in examples:
        for f in set(ex.features):
            counts[f] = counts.get(f, 0) + 1
    return tuple(sorted(f for f, n in counts.items() if n >= min_count))


def fit(
    examples: Sequence[Example],
    labels: Sequence[str],
    *,
    l2: float = 1.0,
    min_count: int = 2,
    max_iter: int = 400,
) -> LinearModel:
    """Fit the weights that minimise weighted cross-entropy plus ``l2 / 2 * |W|^2``.

    ``labels`` fixes the label order; an example whose label is not among
    them is an error. Features seen in fewer than ``min_count`` examples are
    left out.
    """
    feats = vocabulary(examples, min_count)
    position = {f: i for i, f in enumerate(feats)}
    label_index = {label: k for k, label in enumerate(labels)}
    rows: list[int] = []
    cols: list[int] = []
    for i, ex in enumerate(examples):
        for f in sorted({position[f] for f in ex.features if f in position}):
            rows.append(i)
            cols.append(f)
    n, d, c = len(examples), len(feats), len(labels)
    x = sparse.csr_matrix(
        (np.ones(len(rows)), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(n, d),
    )
    xt = x.T.tocsr()
    y = np.zeros((n, c))
    y[np.arange(n), [label_index[ex.label] for ex in examples]] = 1.0
    w_sample = np.array([ex.weight for ex in examples], dtype=np.float64)[:, None]

    def objective(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        weights = theta[: d * c].reshape(d, c)
        bias = theta[d * c :]
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1, keepdims=True))
        log_p = logits - log_norm
        loss = -float((w_sample * y * log_p).sum()) + 0.5 * l2 * float((weights**2).sum())
        delta = w_sample * (np.exp(log_p) - y)
        grad_w = xt @ delta + l2 * weights
        grad_b = delta.sum(axis=0)
        return loss, np.concatenate([np.asarray(grad_w).ravel(), grad_b])

    theta = minimise(objective, np.zeros(d * c + c), max_iter=max_iter)
    return LinearModel(
        labels=tuple(labels),
        features=feats,
        weights=theta[: d * c].reshape(d, c),
        bias=theta[d * c :],
    )
