"""The line classifier's trees, walked by compiled code.

LightGBM's own predict costs about a millisecond a page, most of it the call's fixed cost and
its per-row dispatch (a page is ~200 rows). The compiled predictors made for this (lleaves)
do not build against the llvmlite that numba needs here, and treelite would compile C at run
time, so the trees are read from LightGBM's model file and walked in a numba loop: the same
arithmetic as LightGBM's Tree::Predict and its binary early stop, in the same order, so the
scores are LightGBM's (tests/clean/test_trees.py holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numba as nb
import numpy as np

_CATEGORICAL = 1
_MISSING = 0b1100  # the missing-value type bits: a model trained without missing values has 0


@dataclass(frozen=True)
class Forest:
    """All trees' nodes in flat arrays; tree t's nodes are nodes[t]:nodes[t+1] and its leaves
    leaves[t]:leaves[t+1]. A child below 0 is leaf ~child of its tree. Thresholds are the
    largest float32 at or below LightGBM's double: the features are float32, and for a float32
    v, v <= t exactly when v <= that float32, so the walk compares in float32."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf_value: np.ndarray
    nodes: np.ndarray
    leaves: np.ndarray
    sigmoid: float


_ARRAYS = ("split_feature", "threshold", "decision_type", "left_child", "right_child")


def read_model(path: Path) -> Forest:
    """The trees of a LightGBM text model of a binary objective."""
    trees: list[dict[str, np.ndarray]] = []
    sigmoid = 1.0
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, _, value = line.rstrip("\n").partition("=")
            if name == "objective":
                kind, *params = value.split()
                if kind != "binary":
                    raise ValueError(f"{path}: a binary model is needed, not {kind}")
                sigmoid = float(dict(p.split(":") for p in params).get("sigmoid", 1.0))
            elif name == "Tree":
                # A tree of one leaf has no split lines.
                trees.append({k: np.zeros(0) for k in _ARRAYS})
            elif trees and name in (*_ARRAYS, "leaf_value"):
                trees[-1][name] = np.array(value.split(), dtype=np.float64)
            elif name == "end of trees":
                break

    def flat(name: str, dtype: type) -> np.ndarray:
        return np.concatenate([t[name] for t in trees]).astype(dtype)

    def bounds(name: str) -> np.ndarray:
        return np.concatenate(([0], np.cumsum([len(t[name]) for t in trees]))).astype(np.int64)

    decision = flat("decision_type", np.int64)
    if (decision & (_CATEGORICAL | _MISSING)).any():
        raise ValueError(f"{path}: categorical splits and missing values are not supported")
    threshold = flat("threshold", np.float64)
    narrow = threshold.astype(np.float32)
    above = narrow.astype(np.float64) > threshold
    narrow[above] = np.nextafter(narrow[above], np.float32(-np.inf))
    return Forest(
        flat("split_feature", np.int32), narrow, flat("left_child", np.int32),
        flat("right_child", np.int32), flat("leaf_value", np.float64), bounds("split_feature"),
        bounds("leaf_value"), sigmoid,
    )


def predict(forest: Forest, x: np.ndarray, every: int, margin: float) -> np.ndarray:
    """Probabilities of each row of x, as LightGBM's predict(pred_early_stop=True,
    pred_early_stop_freq=every, pred_early_stop_margin=margin): every `every` trees, a row
    whose raw score is past margin / 2 either way takes no more trees. The features must be
    numbers (page_features makes no NaN, which LightGBM would read as 0)."""
    f = forest
    raw = _raw(
        np.ascontiguousarray(x, dtype=np.float32), f.feature, f.threshold, f.left, f.right,
        f.leaf_value, f.nodes, f.leaves, every, margin,
    )
    return 1.0 / (1.0 + np.exp(-f.sigmoid * raw))


@nb.njit(cache=True, nogil=True)
def _raw(x, feature, threshold, left, right, leaf_value, nodes, leaves, every, margin):
    # Tree by tree over the rows still open (not row by row as LightGBM): one tree's nodes stay
    # in cache while a page's rows pass through it. Each row's sum is in LightGBM's order.
    m = x.shape[0]
    out = np.zeros(m, dtype=np.float64)
    active = np.arange(m)
    open_rows = m
    for t in range(len(nodes) - 1):
        base = nodes[t]
        single = nodes[t + 1] == base
        for a in range(open_rows):
            r = active[a]
            node = 0
            if not single:
                while node >= 0:
                    g = base + node
                    node = left[g] if x[r, feature[g]] <= threshold[g] else right[g]
            out[r] += leaf_value[leaves[t] + ~node]
        if (t + 1) % every == 0:
            kept = 0
            for a in range(open_rows):
                r = active[a]
                if not 2.0 * abs(out[r]) > margin:
                    active[kept] = r
                    kept += 1
            open_rows = kept
            if not open_rows:
                break
    return out
