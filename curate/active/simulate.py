"""Simulated active learning on fully labelled data: learning curves per strategy.

The labels of a held-out test split are never seen; the rest is the pool
whose labels are revealed batch by batch, as an expert would give them.  For
each strategy and repeat the learner is retrained after every batch and
scored on the test split.  Every strategy of one repeat starts from the same
random seed set, so the curves differ only by the strategy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from curate._progress import progress_bar
from curate.active.learner import Learner, Views, macro_f1
from curate.active.strategies import Pool, QueryStrategy, make_strategy
from curate.errors import CurateError

__all__ = ["DEFAULT_STRATEGY", "group_split", "plot_curves", "resolve_strategy", "simulate"]

#: The strategy ``"default"`` stands for; chosen from ``benchmarks/active_simulate.py`` (see docs/active.md).
DEFAULT_STRATEGY = "balanced"


def resolve_strategy(name: str) -> QueryStrategy:
    """A strategy by name; ``"default"`` is :data:`DEFAULT_STRATEGY`."""
    return make_strategy(DEFAULT_STRATEGY if name == "default" else name)


def _uses_model(strategy: QueryStrategy) -> bool:
    return bool(getattr(strategy, "uses_model", strategy.needs_model))


def group_split(
    n: int, *, test_size: float, groups: Sequence[Any] | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of a train/test split; with ``groups`` no group is on both sides.

    Whole groups, in random order, go to the test side until it holds at
    least ``test_size`` of the rows.
    """
    if not 0.0 < test_size < 1.0:
        raise CurateError(f"test size must lie strictly between 0 and 1, got {test_size}")
    if groups is None:
        perm = rng.permutation(n)
        cut = max(1, round(test_size * n))
        return np.sort(perm[cut:]), np.sort(perm[:cut])
    g = np.asarray([str(v) for v in groups])
    uniq, inverse, counts = np.unique(g, return_inverse=True, return_counts=True)
    if len(uniq) < 2:
        raise CurateError("a group-aware split needs at least two groups in the group column")
    order = rng.permutation(len(uniq))
    filled = np.cumsum(counts[order])
    k = int(np.searchsorted(filled, test_size * n)) + 1
    k = min(max(k, 1), len(uniq) - 1)
    test_groups = np.zeros(len(uniq), dtype=bool)
    test_groups[order[:k]] = True
    test = test_groups[inverse]
    return np.flatnonzero(~test), np.flatnonzero(test)


def _auc(labels: np.ndarray, values: np.ndarray) -> float:
    """Area under the curve normalised by the label range (so it lies in [0, 1])."""
    if len(labels) < 2 or labels[-1] == labels[0]:
        return float(values[0]) if len(values) else float("nan")
    return float(np.trapezoid(values, labels) / (labels[-1] - labels[0]))


def _mean_std(values: Sequence[float | None]) -> tuple[float | None, float | None]:
    got = [v for v in values if v is not None and not math.isnan(v)]
    if not got:
        return None, None
    return float(np.mean(got)), float(np.std(got))


def simulate(
    views: Views,
    y: np.ndarray,
    *,
    n_classes: int,
    strategies: Sequence[str | QueryStrategy],
    class_names: Sequence[str] = (),
    groups: Sequence[Any] | None = None,
    seed_size: int = 20,
    batch_size: int = 20,
    budget: int = 400,
    repeats: int = 5,
    test_size: float = 0.3,
    random_state: int | None = 0,
    learner: Learner | None = None,
    ceiling_views: Sequence[str] = ("lexical", "semantic", "combined"),
    progress: Callable[[str], None] | None = None,
    texts: Sequence[str] | None = None,
    show_progress: bool | None = None,
) -> dict[str, Any]:
    """Learning curves of each strategy; the result is the JSON ``curate simulate`` writes.

    Parameters
    ----------
    views
        Features of every row (TF-IDF and embeddings).
    y
        Integer class code of every row.
    strategies
        Strategy names (``"default"`` allowed) or strategy objects (keyed by their ``name``).
    groups
        Group of each row (e.g. the source document), kept on one side of the split.
    seed_size, batch_size, budget
        Random labels to start with, labels per batch, labels at the end.
    repeats
        Independent splits and seed sets.
    learner
        Settings of the learner (default :class:`Learner`).
    ceiling_views
        Learner views whose full-pool macro-F1 (the ceiling) is reported.
    texts
        The rows' texts; strategies then score fragments down (``Pool.texts``).
    show_progress
        A tqdm bar over the retrains (notebook flavour in JupyterLab); ``None``
        shows it when there are more than 100 of them.

    Returns
    -------
    dict
        ``ceiling_macro_f1``, ``ceilings``, ``default_strategy``, ``settings``
        and, per strategy, ``auc_mean``/``auc_std``, ``labels_to_95_mean``/``_std``
        (None when 95% of the ceiling is never reached; ``labels_to_95_reached``
        counts the repeats that did), ``final_macro_f1_mean``/``_std``,
        ``rarest_recall_at_200_mean``/``_std``, ``curve`` (mean macro-F1 by
        label count), ``curve_std``, ``accuracy_curve`` and ``repeats`` (raw curves).
    """
    y = np.asarray(y, dtype=np.int64)
    n = len(y)
    if len(views) != n:
        raise CurateError(f"{len(views)} feature rows for {n} labels")
    if seed_size < 1 or batch_size < 1 or budget < seed_size:
        raise CurateError("need seed size >= 1, batch size >= 1 and a budget of at least the seed size")
    resolved: dict[str, QueryStrategy] = {}
    for s in strategies:
        obj = resolve_strategy(s) if isinstance(s, str) else s
        resolved.setdefault(s if isinstance(s, str) else obj.name, obj)
    names = list(resolved)
    if not names:
        raise CurateError("give at least one strategy")
    base = learner or Learner()
    counts = np.bincount(y, minlength=n_classes)
    present = np.flatnonzero(counts)
    rarest = int(present[np.argmin(counts[present])])
    say = progress or (lambda _msg: None)
    master = np.random.default_rng(random_state)
    seeds = master.integers(2**31 - 1, size=repeats)

    ceilings: dict[str, list[float]] = {v: [] for v in dict.fromkeys([*ceiling_views, base.view])}
    rounds = 1 + math.ceil(max(budget - seed_size, 0) / batch_size)
    total = repeats * (len(ceilings) + len(names) * rounds)
    bar = progress_bar(total, "simulate", show=show_progress if show_progress is not None else total > 100)
    runs: dict[str, list[dict[str, list[float]]]] = {s: [] for s in names}
    for r, seed in enumerate(seeds):
        rng = np.random.default_rng(int(seed))
        train, test = group_split(n, test_size=test_size, groups=groups, rng=rng)
        if len(train) < budget:
            raise CurateError(
                f"the budget ({budget}) exceeds the training pool ({len(train)} rows): lower --budget"
            )
        pool_views, test_views = views.take(train), views.take(test)
        y_pool, y_test = y[train], y[test]
        for view in ceilings:
            params = {**base.get_params(), "view": view, "random_state": int(seed)}
            full = Learner(**params).fit(pool_views, y_pool, n_classes=n_classes)
            ceilings[view].append(macro_f1(y_test, full.predict(test_views), n_classes))
            bar.update(1)
        seed_rows = rng.choice(len(train), seed_size, replace=False)
        ids = [str(i) for i in range(len(train))]
        pool_texts = None if texts is None else [texts[i] for i in train]
        for name in names:
            srng = np.random.default_rng([int(seed), names.index(name)])
            labelled = np.zeros(len(train), dtype=bool)
            labelled[seed_rows] = True
            curve: dict[str, list[float]] = {
                "labels": [],
                "macro_f1": [],
                "accuracy": [],
                "rarest_recall": [],
            }
            while True:
                rows = np.flatnonzero(labelled)
                model = Learner(**{**base.get_params(), "random_state": int(seed)})
                model.fit(pool_views.take(rows), y_pool[rows], n_classes=n_classes)
                pred = model.predict(test_views)
                bar.update(1)
                curve["labels"].append(float(len(rows)))
                curve["macro_f1"].append(macro_f1(y_test, pred, n_classes))
                curve["accuracy"].append(float(np.mean(pred == y_test)))
                is_rare = y_test == rarest
                curve["rarest_recall"].append(
                    float(np.mean(pred[is_rare] == rarest)) if is_rare.any() else float("nan")
                )
                if len(rows) >= budget:
                    break
                pool = Pool(
                    ids=ids,
                    labelled=labelled,
                    embeddings=pool_views.semantic,
                    proba=model.predict_proba(pool_views) if _uses_model(resolved[name]) else None,
                    y=np.where(labelled, y_pool, -1),
                    class_names=tuple(class_names),
                    texts=pool_texts,
                )
                step = min(batch_size, budget - len(rows))
                chosen = resolved[name].select(pool, step, rng=srng)
                labelled = labelled.copy()
                labelled[list(chosen.rows)] = True
            runs[name].append(curve)
            say(
                f"repeat {r + 1}/{repeats} {name}: macro-F1 {curve['macro_f1'][-1]:.3f} "
                f"at {int(curve['labels'][-1])} labels"
            )

    bar.close()
    ceiling = float(np.mean(ceilings[base.view]))
    out: dict[str, Any] = {
        "ceiling_macro_f1": ceiling,
        "ceiling_macro_f1_std": float(np.std(ceilings[base.view])),
        "ceilings": {v: float(np.mean(c)) for v, c in ceilings.items()},
        "default_strategy": DEFAULT_STRATEGY,
        "learner": base.get_params(),
        "rarest_class": class_names[rarest] if class_names else rarest,
        "settings": {
            "seed_size": seed_size,
            "batch_size": batch_size,
            "budget": budget,
            "repeats": repeats,
            "test_size": test_size,
            "random_state": random_state,
            "grouped": groups is not None,
            "rows": n,
        },
        "strategies": {},
    }
    for name, curves in runs.items():
        labels = np.asarray(curves[0]["labels"])
        f1 = np.asarray([c["macro_f1"] for c in curves])
        acc = np.asarray([c["accuracy"] for c in curves])
        aucs = [_auc(labels, row) for row in f1]
        to95: list[float | None] = []
        for row, ceil in zip(f1, ceilings[base.view], strict=True):
            hit = np.flatnonzero(row >= 0.95 * ceil)
            to95.append(float(labels[hit[0]]) if len(hit) else None)
        at200 = int(np.flatnonzero(labels <= 200)[-1]) if (labels <= 200).any() else 0
        rare200 = [c["rarest_recall"][at200] for c in curves]
        auc_m, auc_s = _mean_std(aucs)
        l95_m, l95_s = _mean_std(to95)
        fin_m, fin_s = _mean_std(list(f1[:, -1]))
        rr_m, rr_s = _mean_std(rare200)
        out["strategies"][name] = {
            "auc_mean": auc_m,
            "auc_std": auc_s,
            "labels_to_95_mean": l95_m,
            "labels_to_95_std": l95_s,
            "labels_to_95_reached": sum(v is not None for v in to95),
            "final_macro_f1_mean": fin_m,
            "final_macro_f1_std": fin_s,
            "rarest_recall_at_200_mean": rr_m,
            "rarest_recall_at_200_std": rr_s,
            "curve": [[float(a), float(b)] for a, b in zip(labels, f1.mean(axis=0), strict=True)],
            "curve_std": [float(s) for s in f1.std(axis=0)],
            "accuracy_curve": [[float(a), float(b)] for a, b in zip(labels, acc.mean(axis=0), strict=True)],
            "repeats": [c["macro_f1"] for c in curves],
        }
    return out


def plot_curves(result: dict[str, Any], path: str) -> None:
    """Mean macro-F1 curves with a one-standard-deviation band per strategy, saved as an image."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, res in result["strategies"].items():
        labels = np.asarray([p[0] for p in res["curve"]])
        mean = np.asarray([p[1] for p in res["curve"]])
        std = np.asarray(res["curve_std"])
        ax.plot(labels, mean, label=f"{name} (AUC {res['auc_mean']:.3f})")
        ax.fill_between(labels, mean - std, mean + std, alpha=0.15)
    ceiling = result["ceiling_macro_f1"]
    ax.axhline(ceiling, color="grey", linestyle="--", linewidth=1, label=f"full-data ceiling {ceiling:.3f}")
    ax.axhline(0.95 * ceiling, color="grey", linestyle=":", linewidth=1, label="95% of ceiling")
    ax.set_xlabel("labelled items")
    ax.set_ylabel("macro-F1 on the held-out split")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
