"""Simulated span annotation: learning curves of span F1 for random versus uncertainty selection.

The gold spans of a pool stand in for an annotator: every round the strategy
picks ``batch`` documents, their gold spans are "annotated", the tagger is
refitted, and exact and overlap span F1 (:func:`curate.spans.agreement.span_f1`,
gold against predictions) are measured on a held-out test set.  Both
strategies start from the same random seed set in each repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from curate.errors import CurateError
from curate.spans.active import SpanMarginSampling
from curate.spans.agreement import span_f1
from curate.spans.model import LabeledSpan
from curate.spans.tagger import SpanFeatures, SpanTagger

__all__ = ["simulate_spans"]

STRATEGIES = ("random", "span-margin")


def _mean_std(values: list[float]) -> tuple[float, float]:
    arr = np.asarray(values, dtype=float)
    return float(arr.mean()), float(arr.std())


def simulate_spans(
    features: SpanFeatures,
    gold: Sequence[Sequence[LabeledSpan]],
    *,
    labels: Sequence[str],
    pool: Sequence[int],
    test: Sequence[int],
    strategies: Sequence[str] = STRATEGIES,
    initial: int = 10,
    batch: int = 10,
    rounds: int = 5,
    repeats: int = 3,
    k: int | None = None,
    subsample: int | None = None,
    c: float = 1.0,
    random_state: int | None = 0,
) -> dict[str, Any]:
    """Learning curves of span F1 per strategy.

    Parameters
    ----------
    features
        Token features of every document (pool and test).
    gold
        Gold spans of every document, indexed like ``features``.
    pool, test
        Document indices to select from, and to measure on (disjoint).

    Returns
    -------
    dict
        ``{"labelled": [...], "curves": {strategy: {"exact", "exact_std", "overlap",
        "overlap_std", "tokens"}}, "auc": {strategy: mean exact F1 over the curve}}``.
    """
    pool = list(pool)
    test = list(test)
    if set(pool) & set(test):
        raise CurateError("pool and test documents overlap: keep the test set out of the pool")
    if initial + batch * rounds > len(pool):
        raise CurateError(f"the pool has {len(pool)} documents, fewer than {initial} + {rounds} x {batch}")
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise CurateError(f"unknown span strategies {unknown}; use {', '.join(STRATEGIES)}")
    rng_root = np.random.default_rng(random_state)
    seeds = rng_root.integers(0, 2**31 - 1, size=repeats)
    test_gold = {str(d): tuple(gold[d]) for d in test}
    ids = [str(d) for d in pool]
    runs: dict[str, dict[str, list[list[float]]]] = {
        s: {"exact": [], "overlap": [], "tokens": []} for s in strategies
    }
    for seed in seeds:
        start = np.random.default_rng(seed).choice(len(pool), size=initial, replace=False)
        for name in strategies:
            rng = np.random.default_rng(seed + 1)
            labelled = np.zeros(len(pool), dtype=bool)
            labelled[start] = True
            exact, overlap, tokens = [], [], []
            for step in range(rounds + 1):
                docs = [pool[r] for r in np.flatnonzero(labelled)]
                tagger = SpanTagger(labels=labels, c=c).fit(features, docs, [gold[d] for d in docs])
                pred = tagger.predict(features, test)
                score = span_f1(test_gold, {str(d): p for d, p in zip(test, pred, strict=True)})
                exact.append(score["exact"] or 0.0)
                overlap.append(score["overlap"] or 0.0)
                tokens.append(float(sum(features.bounds[d + 1] - features.bounds[d] for d in docs)))
                if step == rounds:
                    break
                if name == "random":
                    rows = rng.choice(np.flatnonzero(~labelled), size=batch, replace=False)
                else:
                    cand = np.flatnonzero(~labelled)
                    marg = tagger.marginals(features, [pool[r] for r in cand])
                    full: list[np.ndarray | None] = [None] * len(pool)
                    for r, m in zip(cand, marg, strict=True):
                        full[r] = m
                    rows = np.asarray(
                        SpanMarginSampling(k=k, subsample=subsample)
                        .select(ids, full, labelled, batch, rng=rng)
                        .rows
                    )
                labelled[rows] = True
            runs[name]["exact"].append(exact)
            runs[name]["overlap"].append(overlap)
            runs[name]["tokens"].append(tokens)
    curves: dict[str, Any] = {}
    for name, run in runs.items():
        ex = np.asarray(run["exact"])
        ov = np.asarray(run["overlap"])
        curves[name] = {
            "exact": ex.mean(axis=0).round(4).tolist(),
            "exact_std": ex.std(axis=0).round(4).tolist(),
            "overlap": ov.mean(axis=0).round(4).tolist(),
            "overlap_std": ov.std(axis=0).round(4).tolist(),
            "tokens": np.asarray(run["tokens"]).mean(axis=0).round(0).tolist(),
        }
    return {
        "labelled": [initial + batch * i for i in range(rounds + 1)],
        "curves": curves,
        "auc": {name: round(float(np.mean(c["exact"])), 4) for name, c in curves.items()},
        "params": {
            "initial": initial,
            "batch": batch,
            "rounds": rounds,
            "repeats": repeats,
            "k": k,
            "subsample": subsample,
            "c": c,
        },
    }
