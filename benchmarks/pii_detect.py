"""Personal-data detection: recall and precision per entity type, and speed.

Test sets (self-made, synthetic, invented but realistically formatted identifiers):
  benchmarks/pii_dev.txt       written while writing the patterns (tuned on)
  benchmarks/pii_heldout.txt   written before any pattern (later changes were made with it in view)
  benchmarks/pii_heldout2.txt  written after the patterns, measured once, then patterns were improved
  benchmarks/pii_heldout3.txt  written after round 2, measured once, then patterns were improved
  benchmarks/pii_heldout4.txt  written after every pattern change, measured once, never tuned on
See docs/pii.md for the first (unseen) measurement of each held-out set.
Recall: a gold identifier counts only if all its characters are covered (partial = leaked).
Precision: a detected span counts as right if it overlaps a gold identifier.
Speed is measured on the bundled real corpora (data/*.csv), which hold almost no personal data,
so findings there are mostly false alarms: their rate per 100 texts is printed too.

Run: HF_HUB_OFFLINE=1 python benchmarks/pii_detect.py
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from curate.pii import CombinedDetector, PatternDetector, SpacyNERDetector, evaluate, find_many  # noqa: E402


def lines(name: str) -> list[str]:
    text = (ROOT / "benchmarks" / name).read_text(encoding="utf-8")
    return [x for x in text.splitlines() if x.strip() and not x.startswith("#")]


def fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3f}"


def main() -> None:
    ner = SpacyNERDetector()
    t0 = time.perf_counter()
    ner.find("warm up")
    print(f"pii_ner_model_load: {time.perf_counter() - t0:.2f} s")
    detectors = {
        "regex": PatternDetector(),
        "ner_only": ner,
        "regex_ner": CombinedDetector((PatternDetector(), ner)),
    }
    sets = {
        "dev": lines("pii_dev.txt"),
        "heldout": lines("pii_heldout.txt"),
        "heldout2": lines("pii_heldout2.txt"),
        "heldout3": lines("pii_heldout3.txt"),
        "heldout4": lines("pii_heldout4.txt"),
    }
    overall: dict[tuple[str, str], float] = {}
    for set_name, marked in sets.items():
        n_gold = None
        for det_name, det in detectors.items():
            ev = evaluate(det, marked)
            n_gold = sum(ev.gold.values())
            overall[(set_name, det_name)] = ev.recall
            print(f"pii_{set_name}_{det_name}_recall: {ev.recall:.3f}")
            print(f"pii_{set_name}_{det_name}_precision: {ev.precision:.3f}")
            for entity in sorted(ev.gold):
                print(
                    f"pii_{set_name}_{det_name}_recall_{entity}: {fmt(ev.recall_of(entity))} "
                    f"({ev.found.get(entity, 0)}/{ev.gold[entity]})"
                )
            for entity in sorted(ev.predicted):
                print(
                    f"pii_{set_name}_{det_name}_precision_{entity}: {fmt(ev.precision_of(entity))} "
                    f"({ev.correct.get(entity, 0)}/{ev.predicted[entity]})"
                )
            if ev.missed:
                print(f"# {set_name}/{det_name} missed: {list(ev.missed)}")
            if ev.false_positives:
                print(f"# {set_name}/{det_name} false positives: {list(ev.false_positives)}")
        print(f"pii_{set_name}_sentences: {len(marked)} lines, {n_gold} identifiers")
        ratio = overall[(set_name, "regex_ner")] / max(overall[(set_name, "ner_only")], 1e-9)
        print(f"pii_{set_name}_recall_ratio_regex_ner_vs_ner_only: {ratio:.2f} x")

    corpora = {
        "claudette": pd.read_csv(ROOT / "data" / "claudette_sample.csv")["text"].astype(str).tolist(),
        "medical": pd.read_csv(ROOT / "data" / "medical_abstracts_sample.csv")["text"].astype(str).tolist(),
    }
    for name, texts in corpora.items():
        chars = sum(len(t) for t in texts)
        for det_name in ("regex", "regex_ner"):
            det = detectors[det_name]
            best = math.inf
            found = []
            for _ in range(3):
                t0 = time.perf_counter()
                found = find_many(det, texts)
                best = min(best, time.perf_counter() - t0)
            n_found = sum(len(f) for f in found)
            rate = f"{len(texts) / best:.0f} texts/s ({chars / best / 1000:.0f} kchars/s)"
            print(f"pii_speed_{name}_{det_name}: {rate}")
            print(f"pii_alarms_{name}_{det_name}: {100 * n_found / len(texts):.1f} findings per 100 texts")
        print(f"pii_corpus_{name}: {len(texts)} texts, mean {chars / len(texts):.0f} chars")


if __name__ == "__main__":
    main()
