"""Personal-data detection speed of this tree against another checkout of curate (an earlier commit).

The issue's speed aim is "texts per second at least today's": this script times ``build_detector()``
of both trees on the same texts, in separate processes (two versions of one package cannot share an
interpreter), interleaved ``--repeats`` times so that load from other work on the machine hits both
alike, and prints texts per CPU second (best of the repeats) and the ratio.

  git worktree add /tmp/curate-base <commit>        # e.g. the commit before a change
  HF_HUB_OFFLINE=1 python benchmarks/pii_speed_baseline.py --baseline /tmp/curate-base

Texts: the bundled samples in data/ (CLAUDETTE sentences and Medical Abstracts) and 300 sentences
from each corpus in ../shared/data when present.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from curate.pii import build_detector
from curate.pii.detect import find_many
texts = json.loads(sys.stdin.read())
det = build_detector()
find_many(det, texts[:20])  # load the spaCy model and compile the patterns outside the timing
t0 = time.process_time()
find_many(det, texts)
print(json.dumps({"cpu_seconds": time.process_time() - t0}))
"""


def _texts() -> dict[str, list[str]]:
    import pandas as pd

    data = ROOT / "data"
    parts = {
        "claudette_sample": pd.read_csv(data / "claudette_sample.csv")["text"].astype(str).tolist(),
        "medical_sample": pd.read_csv(data / "medical_abstracts_sample.csv")["text"].astype(str).tolist(),
    }
    shared = ROOT.parent / "shared" / "data"
    if (shared / "claudette_tos_unfair_en.csv").exists():
        parts["claudette_corpus_300"] = (
            pd.read_csv(shared / "claudette_tos_unfair_en.csv")["text"]
            .astype(str)
            .sample(300, random_state=5)
            .tolist()
        )
    return parts


def _time(tree: Path, texts: list[str]) -> float:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(tree)}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["cpu_seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", type=Path, required=True, help="a checkout of curate to compare against"
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    trees = {"this": ROOT, "baseline": args.baseline.resolve()}
    for part, texts in _texts().items():
        best = {name: float("inf") for name in trees}
        for _ in range(args.repeats):
            for name, tree in trees.items():
                best[name] = min(best[name], _time(tree, texts))
        for name in trees:
            print(
                f"pii_speed_{part}_{name}: {len(texts) / best[name]:.1f} texts per CPU second ({len(texts)} texts)"
            )
        print(f"pii_speed_{part}_ratio_this_vs_baseline: {best['baseline'] / best['this']:.2f} x")


if __name__ == "__main__":
    main()
