"""Span active learning, simulated: span-F1 learning curves of the span strategy against random.

Tuned on NCBI Disease (pool: a subsample of the train split, test: a subsample of
the dev split); held out: InLegalNER (the 12 unannotated preambles left out,
a seeded 70/30 document split) and the NCBI test split. Both corpora are
subsampled so a run stays within a few minutes on 2 shared cores; the sizes are
printed.  Features are built once per corpus; BLAS runs single-threaded
(faster than two threads on a shared machine for these small fits).

    python benchmarks/span_simulate.py                  # held out: NCBI test split and InLegalNER
    python benchmarks/span_simulate.py ncbi-dev --k 5    # tuning runs (--k 1, 5, 20, total)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

# Before numpy loads BLAS (numpy and curate are imported inside the functions below).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED_DATA = Path(os.environ.get("CURATE_SHARED_DATA", ROOT.parent / "shared" / "data"))
if not SHARED_DATA.exists():
    SHARED_DATA = Path("/work/shared/data")

EMPTY_PREAMBLES = {
    f"inlegalner-dev-preamble-{i:04d}" for i in (15, 17, 44, 48, 56, 72, 78, 96, 102, 103, 111, 123)
}


def load(corpus: str, pool_size: int, test_size: int, seed: int) -> tuple[list[dict], list[int], list[int]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    if corpus.startswith("ncbi"):
        rows = [json.loads(x) for x in (SHARED_DATA / "ncbi_disease_spans.jsonl").open(encoding="utf-8")]
        pool = [i for i, r in enumerate(rows) if r["split"] == "train"]
        test = [i for i, r in enumerate(rows) if r["split"] == ("dev" if corpus == "ncbi-dev" else "test")]
    else:
        rows = [json.loads(x) for x in (SHARED_DATA / "inlegalner_spans.jsonl").open(encoding="utf-8")]
        keep = [i for i, r in enumerate(rows) if r["id"] not in EMPTY_PREAMBLES]
        order = rng.permutation(keep)
        cut = int(0.7 * len(order))
        pool, test = sorted(order[:cut].tolist()), sorted(order[cut:].tolist())
    pool = sorted(rng.choice(pool, size=min(pool_size, len(pool)), replace=False).tolist())
    test = sorted(rng.choice(test, size=min(test_size, len(test)), replace=False).tolist())
    return rows, pool, test


def main() -> None:
    import numpy as np

    from curate.spans.model import LabeledSpan
    from curate.spans.simulate import simulate_spans
    from curate.spans.tagger import span_features

    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="*", default=["ncbi-test", "inlegalner"])
    parser.add_argument("--k", type=lambda v: None if v == "total" else int(v), default=None)
    parser.add_argument("--pool", type=int, default=300)
    parser.add_argument("--test", type=int, default=100)
    parser.add_argument("--initial", type=int, default=10)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--strategies", default="random,span-margin")
    parser.add_argument("--subsample", type=int, default=None)
    args = parser.parse_args()
    for corpus in args.corpora:
        t0 = time.perf_counter()
        rows, pool, test = load(corpus, args.pool, args.test, args.seed)
        docs = sorted(set(pool) | set(test))
        local = {d: i for i, d in enumerate(docs)}
        labels = sorted({s["label"] for r in rows for s in r["spans"]})
        features = span_features([rows[d]["text"] for d in docs])
        gold = [tuple(LabeledSpan.from_value(s) for s in rows[d]["spans"]) for d in docs]
        result = simulate_spans(
            features,
            gold,
            labels=labels,
            pool=[local[d] for d in pool],
            test=[local[d] for d in test],
            initial=args.initial,
            batch=args.batch,
            rounds=args.rounds,
            repeats=args.repeats,
            k=args.k,
            subsample=args.subsample,
            strategies=args.strategies.split(","),
            random_state=args.seed,
        )
        seconds = time.perf_counter() - t0
        print(
            f"{corpus}_setup: pool {len(pool)} docs, test {len(test)} docs, {len(labels)} labels, k {args.k or 'total'}, {args.repeats} repeats"
        )
        for name, curve in result["curves"].items():
            pairs = " ".join(f"{n}:{f:.3f}" for n, f in zip(result["labelled"], curve["exact"], strict=True))
            print(f"{corpus}_{name}_exact_f1_curve: {pairs}")
            pairs = " ".join(
                f"{n}:{f:.3f}" for n, f in zip(result["labelled"], curve["overlap"], strict=True)
            )
            print(f"{corpus}_{name}_overlap_f1_curve: {pairs}")
            print(
                f"{corpus}_{name}_final_exact_f1: {curve['exact'][-1]:.3f} (std {curve['exact_std'][-1]:.3f})"
            )
            print(f"{corpus}_{name}_tokens_labelled_final: {curve['tokens'][-1]:.0f} tokens")
            print(f"{corpus}_{name}_mean_exact_f1_over_curve: {result['auc'][name]:.4f}")
        curves = result["curves"]
        if "random" in curves and "span-margin" in curves:
            ratio = result["auc"]["span-margin"] / max(result["auc"]["random"], 1e-9)
            print(f"{corpus}_span_margin_vs_random_auc: {ratio:.3f} ratio")
            # The strategies label different amounts of text: compare at random's final token count too.
            budget = curves["random"]["tokens"][-1]
            at_budget = float(
                np.interp(budget, curves["span-margin"]["tokens"], curves["span-margin"]["exact"])
            )
            print(
                f"{corpus}_exact_f1_at_{budget:.0f}_tokens: span-margin {at_budget:.3f} "
                f"random {curves['random']['exact'][-1]:.3f} ({at_budget / max(curves['random']['exact'][-1], 1e-9):.3f} ratio)"
            )
        print(f"{corpus}_seconds: {seconds:.1f} s")


if __name__ == "__main__":
    main()
