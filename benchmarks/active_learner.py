"""Learner quality and retraining time on the shared corpora.

Prints, for each corpus, the 5-fold out-of-fold macro-F1 of each learner view
(legal folds grouped by ``doc``), and the time to retrain the default
learner on 5,000 labels.  The default (``combined``) must be at least as good
as the better single view on both corpora.

    PYTHONPATH=. python benchmarks/active_learner.py [legal] [medical] [--retrain-only]
"""

from __future__ import annotations

import sys
import time

import numpy as np
from active_common import CORPORA, corpus_embeddings

from curate.active.learner import Learner, Views, lexical_features, macro_f1, out_of_fold_proba


def main(corpora: list[str], retrain_only: bool = False) -> None:
    for name in corpora:
        frame, group, emb, _ = corpus_embeddings(name)
        classes = sorted(frame["label"].unique())
        y = frame["label"].map({c: i for i, c in enumerate(classes)}).to_numpy()
        t0 = time.perf_counter()
        views = Views(lexical=lexical_features(frame["text"].astype(str).tolist()), semantic=emb)
        print(f"{name}_tfidf_build: {time.perf_counter() - t0:.2f} s")
        groups = frame[group].tolist() if group else None
        scores = {}
        for view in () if retrain_only else ("lexical", "semantic", "concat", "combined"):
            t0 = time.perf_counter()
            p = out_of_fold_proba(views, y, n_classes=len(classes), groups=groups, learner=Learner(view=view))
            scores[view] = macro_f1(y, p.argmax(axis=1), len(classes))
            nll = -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-9, 1)))
            print(
                f"{name}_{view}_macro_f1: {scores[view]:.4f} "
                f"(log-loss {nll:.3f}, {time.perf_counter() - t0:.1f} s)"
            )
        if scores:
            best_single = max(scores["lexical"], scores["semantic"])
            print(f"{name}_combined_vs_best_single: {scores['combined'] / best_single:.3f} ratio")
        if len(y) >= 5000:
            rng = np.random.default_rng(0)
            rows = rng.choice(len(y), 5000, replace=False)
            sub = views.take(rows)
            for view in ("lexical", "semantic", "combined"):
                times = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    Learner(view=view).fit(sub, y[rows], n_classes=len(classes))
                    times.append(time.perf_counter() - t0)
                print(
                    f"{name}_retrain_5000_labels_{view}: {min(times):.2f} s "
                    f"(best of 3; median {np.median(times):.2f} s)"
                )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args or list(CORPORA), retrain_only="--retrain-only" in sys.argv)
