"""Synthetic fill of the rarest labels on the two real corpora: F1, diversity, novelty, constraints, speed.

For each corpus in ../shared/data and each of 5 seeds, a labelled budget is
drawn at random from the training pool.  Three arms are compared on real,
held-out test data (TF-IDF + logistic regression, the learner the synth
workflow uses until curate.active's lands):

* ``none``: the labelled budget as it is;
* ``weighted``: the same, with class weighting (``class_weight="balanced"``);
* ``synth50`` / ``synth80``: the budget plus synthetic rows for the three
  rarest labels (template + exemplar generators, half each), kept when they
  pass every hard constraint, with the share cap at 50% (the default) or 80%;
* ``weighted_synth50`` / ``weighted_synth80``: both together.
  No expert reviewed them: every candidate that passed the constraints counts
  as accepted, so this measures the generator and constraints alone.

Splits: CLAUDETTE by its document folds (folds 0-2 train, 3-4 test: sentences of one
Terms-of-Service document stay together); medical abstracts 70/30 stratified by row.

Embeddings (MiniLM, the real offline model) are cached outside git in
``.cache/synth/embeddings.sqlite`` in the repository (override with CURATE_SYNTH_CACHE), so a rerun
encodes nothing new.

Run: ``HF_HUB_OFFLINE=1 python benchmarks/synth_fill.py [--seeds 5] [--corpus legal|medical|both]``
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from curate.embed import SentenceTransformerEmbedder, cached_encode  # noqa: E402
from curate.synth.constraints import (  # noqa: E402
    LabelFaithfulness,
    LengthBounds,
    NoRealPersonalData,
    Novelty,
    SyntheticShareCap,
    apply_constraints,
    personal_values,
)
from curate.synth.generators import Exemplar, ExemplarGenerator, SynthRequest, TemplateGenerator  # noqa: E402
from curate.synth.resources import DATA_DIR, load_template_set  # noqa: E402
from curate.workflows.synth import _simple_learner  # noqa: E402

SHARED = Path(os.environ.get("CURATE_SHARED_DATA", ROOT.parent / "shared" / "data"))
CACHE = Path(os.environ.get("CURATE_SYNTH_CACHE", ROOT / ".cache" / "synth" / "embeddings.sqlite"))

ARMS = ("none", "weighted", "synth50", "synth80", "weighted_synth50", "weighted_synth80")
CORPORA = {
    "legal": {
        "file": "claudette_tos_unfair_en.csv",
        "templates": "legal.yaml",
        "budget": 2000,
        "per_label": 60,
    },
    "medical": {
        "file": "medical_abstracts_tc.csv",
        "templates": "medical.yaml",
        "budget": 300,
        "per_label": 30,
    },
}


class Cache:
    """(model id, content hash) -> vector, in a SQLite file outside git."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS v (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))"
        )

    def get(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        uniq = list(dict.fromkeys(hashes))
        for i in range(0, len(uniq), 500):
            part = uniq[i : i + 500]
            q = f"SELECT hash, vec FROM v WHERE model = ? AND hash IN ({','.join('?' * len(part))})"
            for h, blob in self.conn.execute(q, [model, *part]):
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO v VALUES (?, ?, ?)",
            [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
        )
        self.conn.commit()


def split(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if name == "legal":
        test = frame["split"].isin(["fold3", "fold4"])
        return frame[~test].reset_index(drop=True), frame[test].reset_index(drop=True)
    from sklearn.model_selection import train_test_split

    train, test = train_test_split(frame, test_size=0.3, stratify=frame["label"], random_state=0)
    return train.reset_index(drop=True), test.reset_index(drop=True)


def fit_predict(texts: list[str], labels: list[str], test: list[str], *, weighted: bool) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    clf = LogisticRegression(max_iter=2000, class_weight="balanced" if weighted else None, random_state=0)
    clf.fit(vec.fit_transform(texts), labels)
    return np.asarray(clf.predict(vec.transform(test)))


def f1_for(y_true: Sequence[str], y_pred: Sequence[str], label: str) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, labels=[label], average="macro", zero_division=0))


def distinct2(texts: Sequence[str]) -> float:
    grams = [tuple(t.lower().split()[i : i + 2]) for t in texts for i in range(max(len(t.split()) - 1, 0))]
    return len(set(grams)) / max(len(grams), 1)


def mean_pairwise_distance(matrix: np.ndarray) -> float:
    if len(matrix) < 2:
        return float("nan")
    sims = matrix @ matrix.T
    n = len(matrix)
    return float(1 - (sims.sum() - np.trace(sims)) / (n * (n - 1)))


def run_corpus(name: str, seeds: int, embedder: SentenceTransformerEmbedder, cache: Cache) -> None:
    cfg = CORPORA[name]
    frame = pd.read_csv(SHARED / cfg["file"])
    rare = list(frame["label"].value_counts().sort_values().index[:3])
    train, test = split(name, frame)
    tset = load_template_set(DATA_DIR / "templates" / cfg["templates"])
    label_order = tuple(sorted(frame["label"].unique()))
    real_pii = personal_values(frame["text"])

    def embed(texts: Sequence[str]) -> np.ndarray:
        return cached_encode(list(texts), embedder, get=cache.get, put=cache.put)[0]

    # Novelty reference: every real training item of the rare labels (the nearest real
    # neighbours of a rare-label candidate), plus the labelled budget's items of those labels.
    ref_texts = list(train[train["label"].isin(rare)]["text"])
    t0 = time.perf_counter()
    reference = embed(ref_texts)
    print(
        f"{name}.reference_items: {len(ref_texts)} items ({time.perf_counter() - t0:.1f} s to embed or load)"
    )
    full_clf_texts, full_clf_labels = list(train["text"]), list(train["label"])
    full_proba = _simple_learner(full_clf_texts, full_clf_labels, label_order, random_state=0)
    assert full_proba is not None

    f1: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    checks: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    novelty_vals: dict[str, list[float]] = defaultdict(list)
    kept_texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    faithful_full: Counter[str] = Counter()
    counts_real: dict[str, list[int]] = defaultdict(list)
    added: dict[str, list[int]] = defaultdict(list)
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        idx = rng.choice(len(train), size=min(cfg["budget"], len(train)), replace=False)
        budget = train.iloc[np.sort(idx)]
        texts, labels = list(budget["text"]), list(budget["label"])
        for lab in rare:
            counts_real[lab].append(labels.count(lab))
        y_test = list(test["text"]), list(test["label"])
        pred_none = fit_predict(texts, labels, y_test[0], weighted=False)
        pred_w = fit_predict(texts, labels, y_test[0], weighted=True)
        for lab in rare:
            f1[lab]["none"].append(f1_for(y_test[1], pred_none, lab))
            f1[lab]["weighted"].append(f1_for(y_test[1], pred_w, lab))
        proba = _simple_learner(texts, labels, label_order, random_state=seed)
        assert proba is not None
        real_counts = Counter(labels)
        for cap in (0.5, 0.8):
            extra_t: list[str] = []
            extra_l: list[str] = []
            for lab in rare:
                exemplars = tuple(
                    Exemplar(id=str(r.id), text=r.text) for r in budget[budget["label"] == lab].itertuples()
                )
                half = cfg["per_label"] // 2
                cands = TemplateGenerator(tset).generate(SynthRequest(label=lab), half, random_state=seed)
                if exemplars:
                    ex = ExemplarGenerator(tset.vocabulary, locale=tset.locale).generate(
                        SynthRequest(label=lab, exemplars=exemplars), half, random_state=seed
                    )
                    # Interleave so the share cap takes from both generators.
                    mixed = [c for pair in zip(cands, ex, strict=False) for c in pair]
                    cands = mixed + cands[len(ex) :] + ex[len(cands) :]
                own_ref = np.vstack(
                    [reference, embed([t for t, y in zip(texts, labels, strict=True) if y == lab])]
                )
                constraints = [
                    LengthBounds(min_chars=20, max_chars=5000),
                    NoRealPersonalData(real_values=real_pii),
                    Novelty(reference=own_ref, embed=embed, max_similarity=0.95, duplicate_similarity=0.95),
                    LabelFaithfulness(predict_proba=proba, labels=label_order, min_probability=0.25),
                    SyntheticShareCap(real_counts=real_counts, max_share=cap),
                ]
                checked = apply_constraints(cands, constraints)
                kept = [c for c in checked if c.passed]
                extra_t += [c.text for c in kept]
                extra_l += [lab] * len(kept)
                if cap == 0.5:
                    added[lab].append(len(kept))
                    for c in checked:
                        gen = c.provenance.generator
                        totals[gen] += 1
                        for cname, res in c.checks.items():
                            checks[gen][cname] += int(res.passed)
                        checks[gen]["all_hard"] += int(c.passed)
                        novelty_vals[gen].append(float(c.checks["novelty"].value or 0.0))
                    if checked:
                        top = np.asarray(full_proba([c.text for c in checked])).argmax(axis=1)
                        for c, k in zip(checked, top, strict=True):
                            faithful_full[c.provenance.generator] += int(label_order[int(k)] == lab)
                    for c in kept:
                        kept_texts[(lab, c.provenance.generator)].append(c.text)
            pred_s = fit_predict(texts + extra_t, labels + extra_l, y_test[0], weighted=False)
            pred_ws = fit_predict(texts + extra_t, labels + extra_l, y_test[0], weighted=True)
            for lab in rare:
                f1[lab][f"synth{int(cap * 100)}"].append(f1_for(y_test[1], pred_s, lab))
                f1[lab][f"weighted_synth{int(cap * 100)}"].append(f1_for(y_test[1], pred_ws, lab))

    print(f"{name}.rare_labels: {', '.join(rare)}")
    per = ", ".join(f"{lab} {int((test['label'] == lab).sum())}" for lab in rare)
    print(f"{name}.test_rows: {len(test)} rows ({per})")
    for lab in rare:
        real_mean = np.mean(counts_real[lab])
        print(f"{name}.{lab}.labelled_real_in_budget: {real_mean:.1f} rows (mean of {seeds} seeds)")
        print(f"{name}.{lab}.synthetic_added_cap50: {np.mean(added[lab]):.1f} rows (mean of {seeds} seeds)")
        base = np.mean(f1[lab]["none"])
        for arm in ARMS:
            vals = f1[lab][arm]
            print(
                f"{name}.{lab}.f1_{arm}: {np.mean(vals):.3f} F1 (sd {np.std(vals):.3f}, {seeds} seeds; "
                f"vs none {np.mean(vals) - base:+.3f})"
            )
    for arm in ARMS:
        print(f"{name}.rare3_mean_f1_{arm}: {np.mean([np.mean(f1[lab][arm]) for lab in rare]):.3f} F1")
    for gen, n in sorted(totals.items()):
        for cname in (
            "length",
            "no_real_personal_data",
            "novelty",
            "label_faithfulness",
            "synthetic_share",
            "all_hard",
        ):
            print(f"{name}.{gen}.pass_{cname}: {checks[gen][cname] / n:.3f} share of {n} candidates")
        vals = np.asarray(novelty_vals[gen])
        q = np.percentile(vals, [5, 25, 50, 75, 95])
        print(
            f"{name}.{gen}.nearest_real_similarity: p5 {q[0]:.3f} p25 {q[1]:.3f} p50 {q[2]:.3f} "
            f"p75 {q[3]:.3f} p95 {q[4]:.3f} cosine"
        )
        print(
            f"{name}.{gen}.faithful_full_train_classifier: {faithful_full[gen] / n:.3f} share top-1 = target"
        )
    # Diversity: kept synthetic rows vs real rows of the same label, same sample size.
    rng = np.random.default_rng(0)
    for lab in rare:
        real_lab = list(frame[frame["label"] == lab]["text"])
        for gen in ("template", "exemplar"):
            synth = list(dict.fromkeys(kept_texts.get((lab, gen), [])))
            k = min(len(synth), len(real_lab), 60)
            if k < 2:
                print(f"{name}.{lab}.{gen}.diversity: n/a (only {k} kept rows)")
                continue
            s_pick = [synth[i] for i in rng.choice(len(synth), size=k, replace=False)]
            r_pick = [real_lab[i] for i in rng.choice(len(real_lab), size=k, replace=False)]
            print(
                f"{name}.{lab}.{gen}.distinct2: {distinct2(s_pick):.3f} vs real {distinct2(r_pick):.3f} "
                f"(n={k}; ratio {distinct2(s_pick) / distinct2(r_pick):.2f})"
            )
            ds, dr = mean_pairwise_distance(embed(s_pick)), mean_pairwise_distance(embed(r_pick))
            print(
                f"{name}.{lab}.{gen}.mean_pairwise_distance: {ds:.3f} vs real {dr:.3f} cosine distance "
                f"(n={k}; ratio {ds / dr:.2f})"
            )


def speed(name: str) -> None:
    cfg = CORPORA[name]
    frame = pd.read_csv(SHARED / cfg["file"])
    tset = load_template_set(DATA_DIR / "templates" / cfg["templates"])
    lab = str(frame["label"].value_counts().index[-1])
    n = 2000
    t0 = time.perf_counter()
    out = TemplateGenerator(tset).generate(SynthRequest(label=lab), n, random_state=0)
    dt = time.perf_counter() - t0
    print(f"{name}.speed_template: {len(out) / dt:.0f} items/s ({len(out)} items)")
    ex = tuple(
        Exemplar(id=str(r.id), text=r.text) for r in frame[frame["label"] == lab].head(40).itertuples()
    )
    t0 = time.perf_counter()
    out = ExemplarGenerator(tset.vocabulary).generate(
        SynthRequest(label=lab, exemplars=ex), n // 4, random_state=0
    )
    dt = time.perf_counter() - t0
    print(f"{name}.speed_exemplar: {len(out) / dt:.0f} items/s ({len(out)} items from 40 exemplars)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--corpus", choices=["legal", "medical", "both"], default="both")
    args = parser.parse_args()
    embedder = SentenceTransformerEmbedder(show_progress=False)
    cache = Cache(CACHE)
    names = ["legal", "medical"] if args.corpus == "both" else [args.corpus]
    for name in names:
        speed(name)
    for name in names:
        t0 = time.perf_counter()
        run_corpus(name, args.seeds, embedder, cache)
        print(f"{name}.benchmark_wall: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
