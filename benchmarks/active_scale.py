"""Selection on large pools: time on 100,000 random 384-d vectors, peak memory on 1,000,000.

Each strategy chooses 50 items from a pool with 100 labelled rows and random
10-class probabilities.  The 1M-item runs happen in a fresh child process each,
whose peak resident memory (input included: the vectors alone are 1.5 GB) is
reported.  A third part times small-text's coreset, k-means and margin on
20,000 vectors against ours (the baseline of the ratio).

    PYTHONPATH=. python benchmarks/active_scale.py [--million] [--smalltext]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curate.active.strategies import STRATEGIES, Pool, make_strategy  # noqa: E402

DIM, BATCH, LABELLED, CLASSES = 384, 50, 100, 10


def make_pool(n: int, seed: int = 0) -> Pool:
    rng = np.random.default_rng(seed)
    x = np.empty((n, DIM), dtype=np.float32)
    for s in range(0, n, 100_000):  # fill in chunks: no float64 copy of the whole matrix
        blk = rng.standard_normal((min(100_000, n - s), DIM), dtype=np.float32)
        x[s : s + len(blk)] = blk / np.linalg.norm(blk, axis=1, keepdims=True)
    logits = rng.standard_normal((n, CLASSES), dtype=np.float32)
    proba = np.exp(logits)
    proba /= proba.sum(axis=1, keepdims=True)
    labelled = np.zeros(n, dtype=bool)
    labelled[rng.choice(n, LABELLED, replace=False)] = True
    y = np.where(labelled, rng.integers(CLASSES, size=n), -1)
    return Pool(
        ids=[f"i{i}" for i in range(n)],
        labelled=labelled,
        embeddings=x,
        proba=proba,
        y=y,
        class_names=tuple(f"c{k}" for k in range(CLASSES)),
    )


def time_all(n: int) -> None:
    pool = make_pool(n)
    for name in STRATEGIES:
        t0 = time.perf_counter()
        got = make_strategy(name).select(pool, BATCH, rng=np.random.default_rng(0))
        assert len(got.ids) == BATCH
        print(f"select_{name}_{n // 1000}k: {time.perf_counter() - t0:.2f} s", flush=True)


def child(name: str, n: int) -> None:
    pool = make_pool(n)
    after_pool = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    make_strategy(name).select(pool, BATCH, rng=np.random.default_rng(0))
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_mb": peak, "pool_mb": after_pool, "seconds": secs}))


def million() -> None:
    n = 1_000_000
    for name in STRATEGIES:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name, str(n)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"select_{name}_1M_peak_memory: {r['peak_mb']:.0f} MB "
            f"(pool alone {r['pool_mb']:.0f} MB; {r['seconds']:.1f} s)",
            flush=True,
        )


def versus_smalltext(n: int = 20_000) -> None:
    from small_text.query_strategies import BreakingTies, EmbeddingKMeans
    from small_text.query_strategies.coresets import greedy_coreset

    class Fixed:
        def __init__(self, p: np.ndarray) -> None:
            self.p = p

        def predict_proba(self, _d: object) -> np.ndarray:
            return self.p

    pool = make_pool(n)
    unl, lab = pool.candidates, np.flatnonzero(pool.labelled)
    x = pool.embeddings
    assert x is not None and pool.proba is not None
    theirs = {
        "margin": lambda: BreakingTies().query(Fixed(pool.proba), None, unl, lab, pool.y[lab], n=BATCH),
        "kcenter": lambda: greedy_coreset(x, unl, lab, BATCH, distance_metric="euclidean", normalized=True),
        "kmeans": lambda: EmbeddingKMeans(normalize=True).sample(None, None, unl, lab, pool.y[lab], BATCH, x),
    }
    for name, fn in theirs.items():
        t0 = time.perf_counter()
        make_strategy(name).select(pool, BATCH, rng=np.random.default_rng(0))
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        fn()
        base = time.perf_counter() - t0
        print(f"select_{name}_{n // 1000}k_ours: {ours:.3f} s")
        print(f"select_{name}_{n // 1000}k_smalltext: {base:.3f} s")
        print(f"select_{name}_{n // 1000}k_speedup_vs_smalltext: {base / ours:.1f} ratio")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--million", action="store_true", help="also measure peak memory at 1,000,000 items")
    ap.add_argument("--smalltext", action="store_true", help="also time small-text at 20,000 items")
    args = ap.parse_args()
    time_all(100_000)
    if args.smalltext:
        versus_smalltext()
    if args.million:
        million()


if __name__ == "__main__":
    main()
