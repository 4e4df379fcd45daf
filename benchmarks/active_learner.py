"""Learner quality and retraining time on the shared corpora.

Prints, for each corpus, the 5-fold out-of-fold macro-F1 of each learner view
(legal folds grouped by ``doc``) for the default learner (dense view: one
multinomial lbfgs model) and, in the same run, the learner before issue 12
(dense view: one-vs-rest liblinear, ``dense_solver="liblinear"``); then the
time to retrain each on 1,000 / 5,000 / 20,000 labels (rows drawn with
replacement past the corpus's size: a timing, not a score).
The default (``combined``) must be at least as good as the better single
view on both corpora.

    PYTHONPATH=. python benchmarks/active_learner.py [legal] [medical] [--retrain-only] [--quick]
"""

from __future__ import annotations

import sys
import time

import numpy as np
from active_common import corpus_embeddings

from curate.active.learner import Learner, Views, lexical_features, macro_f1, out_of_fold_proba


def main(corpora: list[str], retrain_only: bool = False, quick: bool = False) -> None:
    for name in corpora:
        frame, group, emb, _ = corpus_embeddings(name)
        classes = sorted(frame["label"].unique())
        y = frame["label"].map({c: i for i, c in enumerate(classes)}).to_numpy()
        t0 = time.perf_counter()
        views = Views(lexical=lexical_features(frame["text"].astype(str).tolist()), semantic=emb)
        print(f"{name}_tfidf_build: {time.perf_counter() - t0:.2f} s")
        groups = frame[group].tolist() if group else None
        scores = {}
        views_run = ("semantic", "combined") if quick else ("lexical", "semantic", "concat", "combined")
        for view in () if retrain_only else views_run:
            for solver in ("lbfgs", "liblinear") if view in ("semantic", "combined") else ("lbfgs",):
                t0 = time.perf_counter()
                learner = Learner(view=view, dense_solver=solver)  # type: ignore[arg-type]
                p = out_of_fold_proba(views, y, n_classes=len(classes), groups=groups, learner=learner)
                key = view if solver == "lbfgs" else f"{view}_old_liblinear"
                scores[key] = macro_f1(y, p.argmax(axis=1), len(classes))
                nll = -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-9, 1)))
                print(
                    f"{name}_{key}_macro_f1: {scores[key]:.4f} "
                    f"(log-loss {nll:.3f}, {time.perf_counter() - t0:.1f} s)",
                    flush=True,
                )
        if "combined" in scores:
            print(
                f"{name}_combined_vs_old_learner: "
                f"{scores['combined'] / scores['combined_old_liblinear']:.3f} ratio (macro-F1)"
            )
        if "lexical" in scores:
            best_single = max(scores["lexical"], scores["semantic"])
            print(f"{name}_combined_vs_best_single: {scores['combined'] / best_single:.3f} ratio")
        sizes = (1000, 5000, 20000)  # drawn with replacement past the corpus size: timings only
        for m in sizes:
            rng = np.random.default_rng(0)
            rows = rng.choice(len(y), m, replace=m > len(y))
            sub = views.take(rows)
            for view in ("semantic", "combined"):
                best: dict[str, float] = {}
                # the old learner at 20,000 labels takes minutes on a loaded 2-core machine: left out
                for solver in ("lbfgs", "liblinear") if m <= 5000 else ("lbfgs",):
                    times = []
                    for _ in range(1 if m > 5000 else 2):
                        t0 = time.perf_counter()
                        Learner(view=view, dense_solver=solver).fit(  # type: ignore[arg-type]
                            sub, y[rows], n_classes=len(classes)
                        )
                        times.append(time.perf_counter() - t0)
                    best[solver] = min(times)
                old = (
                    f"old liblinear learner {best['liblinear']:.2f} s, "
                    f"{best['liblinear'] / best['lbfgs']:.1f}x faster; "
                    if "liblinear" in best
                    else ""
                )
                print(
                    f"{name}_retrain_{m}_labels_{view}: {best['lbfgs']:.2f} s ({old}best of {len(times)})",
                    flush=True,
                )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args or ["legal", "medical"], retrain_only="--retrain-only" in sys.argv, quick="--quick" in sys.argv)
