"""Every strategy against random, and against small-text's implementations, by simulation.

On both shared corpora (legal grouped by ``doc``): seed 20 random labels,
batches of 20, budget 400, test split 25%, 5 repeats; per strategy the
normalised area under the macro-F1 curve, labels to 95% of the full-data
macro-F1, rarest-class recall at 200 labels, and the mean time one
selection took.  small-text's strategies run in the same loop on the same
embeddings and the same learner's probabilities (wrapped as a classifier
that returns them); it is imported only here.

    PYTHONPATH=. python benchmarks/active_simulate.py [legal|medical] [--repeats 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from active_common import CORPORA, corpus_embeddings

from curate.active.learner import Learner, Views, lexical_features
from curate.active.simulate import plot_curves, simulate
from curate.active.strategies import STRATEGIES, Pool, Selection, make_strategy


class Timed:
    """Wraps a strategy and adds up the seconds its selections take."""

    def __init__(self, inner: Any, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.needs_model = inner.needs_model
        self.uses_model = getattr(inner, "uses_model", inner.needs_model)
        self.seconds = 0.0
        self.calls = 0

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        t0 = time.perf_counter()
        out = self.inner.select(pool, n, rng=rng)
        self.seconds += time.perf_counter() - t0
        self.calls += 1
        return out


class _FixedProba:
    """A small-text 'classifier' that returns the probabilities our learner computed."""

    def __init__(self, proba: np.ndarray) -> None:
        self.proba = proba

    def predict_proba(self, _dataset: Any) -> np.ndarray:
        return self.proba


class SmallText:
    """small-text's strategy ``kind`` run on our pool (same embeddings, same probabilities)."""

    needs_model = True

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.name = f"smalltext_{kind}"
        self.needs_model = kind in ("margin", "least_confidence", "entropy")
        self.uses_model = self.needs_model

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        from small_text.query_strategies import (
            BreakingTies,
            EmbeddingKMeans,
            LeastConfidence,
            PredictionEntropy,
        )
        from small_text.query_strategies.coresets import greedy_coreset

        unl = pool.candidates
        lab = np.flatnonzero(pool.labelled)
        y = pool.y[lab] if pool.y is not None else np.zeros(len(lab), dtype=int)
        if self.kind in ("margin", "least_confidence", "entropy"):
            cls = {"margin": BreakingTies, "least_confidence": LeastConfidence, "entropy": PredictionEntropy}[
                self.kind
            ]
            rows = cls().query(_FixedProba(pool.proba), None, unl, lab, y, n=n)
        elif self.kind == "kcenter":
            rows = unl[
                greedy_coreset(pool.embeddings, unl, lab, n, distance_metric="euclidean", normalized=True)
            ]
        else:  # kmeans
            rows = unl[EmbeddingKMeans(normalize=True).sample(None, None, unl, lab, y, n, pool.embeddings)]
        rows = [int(r) for r in rows]
        return Selection(
            rows=tuple(rows), ids=tuple(pool.ids[r] for r in rows), scores=(0.0,) * len(rows), reasons=()
        )


def _strategy(spec: str) -> Any:
    """A strategy by name, or ``name:key=value`` with constructor arguments (for exploring variants)."""
    name, _, args = spec.partition(":")
    if not args:
        return make_strategy(name)
    kwargs = {k: float(v) for k, v in (a.split("=") for a in args.split("+"))}
    obj = STRATEGIES[name](**kwargs)
    return _Renamed(obj, spec)


class _Renamed:
    def __init__(self, inner: Any, name: str) -> None:
        self.inner, self.name = inner, name
        self.needs_model = inner.needs_model
        self.uses_model = getattr(inner, "uses_model", inner.needs_model)

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        return self.inner.select(pool, n, rng=rng)


def run(
    corpus: str,
    strategies: list[str],
    repeats: int,
    out: Path,
    smalltext: list[str],
    budget: int = 400,
    single_fit: bool = False,
    random_state: int = 0,
    test_size: float = 0.25,
) -> dict[str, Any]:
    frame, group, emb, encoded = corpus_embeddings(corpus)
    classes = sorted(frame["label"].unique())
    y = frame["label"].map({c: i for i, c in enumerate(classes)}).to_numpy()
    views = Views(lexical=lexical_features(frame["text"].astype(str).tolist()), semantic=emb)
    ours = [Timed(_strategy(name)) for name in strategies]
    theirs = [Timed(SmallText(k)) for k in smalltext]
    t0 = time.perf_counter()
    result = simulate(
        views,
        y,
        n_classes=len(classes),
        class_names=classes,
        strategies=[*ours, *theirs],
        groups=frame[group].tolist() if group else None,
        repeats=repeats,
        budget=budget,
        random_state=random_state,
        test_size=test_size,
        texts=frame["text"].astype(str).tolist(),
        # single_fit: one model per view per round, views weighted equally (3x cheaper than the
        # default cross-fitted learner; used when the shared machine is too busy for the full run)
        learner=Learner(min_inner=10**9) if single_fit else Learner(),
        ceiling_views=("combined",),
        progress=lambda m: print("  ", time.strftime("%H:%M:%S"), m, flush=True),
    )
    result["wall_seconds"] = time.perf_counter() - t0
    result["encoded_now"] = encoded
    for t in [*ours, *theirs]:
        result["strategies"][t.name]["select_seconds_mean"] = t.seconds / max(t.calls, 1)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"active_simulate_{corpus}.json").write_text(json.dumps(result, indent=2, sort_keys=True))
    plot_curves(
        {
            **result,
            "strategies": {k: v for k, v in result["strategies"].items() if not k.startswith("smalltext")},
        },
        str(out / f"active_simulate_{corpus}.png"),
    )
    return result


def report(corpus: str, result: dict[str, Any]) -> None:
    print(f"{corpus}_ceiling_macro_f1: {result['ceiling_macro_f1']:.4f}")
    print(f"{corpus}_embeddings_encoded_now: {result['encoded_now']} texts")
    base = result["strategies"]["random"]
    for name, r in result["strategies"].items():
        l95 = r["labels_to_95_mean"]
        print(
            f"{corpus}_{name}_auc: {r['auc_mean']:.4f} ± {r['auc_std']:.4f} "
            f"(vs random {r['auc_mean'] / base['auc_mean']:.3f} ratio)"
        )
        print(
            f"{corpus}_{name}_final_macro_f1: {r['final_macro_f1_mean']:.4f} ± {r['final_macro_f1_std']:.4f}"
        )
        print(
            f"{corpus}_{name}_labels_to_95: "
            + ("not reached" if l95 is None else f"{l95:.0f} ± {r['labels_to_95_std']:.0f}")
            + f" labels ({r['labels_to_95_reached']}/{result['settings']['repeats']} repeats reached it)"
        )
        print(
            f"{corpus}_{name}_rarest_recall_at_200: "
            f"{r['rarest_recall_at_200_mean']:.3f} ± {r['rarest_recall_at_200_std']:.3f}"
        )
        print(f"{corpus}_{name}_select_time: {r['select_seconds_mean'] * 1000:.1f} ms")
    for kind in ("margin", "least_confidence", "entropy", "kcenter", "kmeans"):
        st = result["strategies"].get(f"smalltext_{kind}")
        if st:
            ours = result["strategies"][kind]
            print(f"{corpus}_{kind}_vs_smalltext_auc: {ours['auc_mean'] / st['auc_mean']:.3f} ratio")
            print(
                f"{corpus}_{kind}_vs_smalltext_speed: "
                f"{st['select_seconds_mean'] / max(ours['select_seconds_mean'], 1e-9):.2f}x faster"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="*", default=list(CORPORA))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", default=os.environ.get("CURATE_CACHE_DIR", "/tmp") + "/bench")
    ap.add_argument(
        "--smalltext",
        default="margin,least_confidence,entropy,kcenter,kmeans",
        help="small-text strategies to compare (comma-separated; '' for none)",
    )
    ap.add_argument("--budget", type=int, default=400)
    ap.add_argument("--random-state", type=int, default=0, help="seed of the repeats' splits")
    ap.add_argument("--test-size", type=float, default=0.25)
    ap.add_argument("--single-fit", action="store_true", help="cheaper learner: no inner folds")
    ap.add_argument("--strategies", default=",".join(STRATEGIES), help="ours to run (comma-separated)")
    args = ap.parse_args()
    for corpus in args.corpora:
        report(
            corpus,
            run(
                corpus,
                args.strategies.split(","),
                args.repeats,
                Path(args.out),
                [k for k in args.smalltext.split(",") if k],
                args.budget,
                args.single_fit,
                args.random_state,
                args.test_size,
            ),
        )


if __name__ == "__main__":
    main()
