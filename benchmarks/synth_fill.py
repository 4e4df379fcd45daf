"""Synthetic fill of the rarest labels: does class weighting + N accepted synthetic rows beat class weighting alone?

For each corpus in ../shared/data and each seed, a labelled budget is drawn at
random from the training pool.  For the three rarest labels, each generator
(template, exemplar, and llm when ``--llm-url``/``--llm-model`` point at a real
model) writes candidates from that budget; they go through the product's
constraints (length, no real personal data, the no-new-facts safety rules for
the corpus's domain, novelty, the synthetic share cap); a simulated expert
accepts a candidate only if a classifier trained on ALL real training data
agrees with its label.  Arms, all with class weighting, scored on real
held-out test rows (TF-IDF + logistic regression, ``class_weight="balanced"``):

* ``weighted``: the budget alone (the baseline to beat);
* ``weighted+<generator>``: the budget plus the accepted synthetic rows (at most
  ``--max-share`` of each rare label, the product's share cap).

Also printed: candidates per second per generator, the share of candidates
each constraint rejects, the share the label-faithfulness check flags
(``curate.active.Learner``, per-label threshold) and the share the simulated
expert accepts.

Splits: CLAUDETTE by its document folds (folds 0-2 train, 3-4 test); medical
abstracts 70/30 stratified by row.  Embeddings (MiniLM, offline) are cached in
``.cache/synth/embeddings.sqlite`` (override with CURATE_SYNTH_CACHE).

Run: ``HF_HUB_OFFLINE=1 python benchmarks/synth_fill.py [--seeds 5] [--corpus legal|medical|both]
[--llm-url URL --llm-model NAME]``
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
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from curate.embed import SentenceTransformerEmbedder, cached_encode  # noqa: E402
from curate.synth.constraints import (  # noqa: E402
    Constraint,
    LengthBounds,
    NoRealPersonalData,
    Novelty,
    SyntheticShareCap,
    apply_constraints,
    is_clinical_fact,
    personal_values,
    safety_constraints,
)
from curate.synth.generators import Exemplar, ExemplarGenerator, Generator, SynthRequest, TemplateGenerator  # noqa: E402
from curate.synth.resources import DATA_DIR, learn_vocabulary, load_template_set  # noqa: E402
from curate.workflows.synth import faithfulness  # noqa: E402

SHARED = Path(os.environ.get("CURATE_SHARED_DATA", ROOT.parent / "shared" / "data"))
CACHE = Path(os.environ.get("CURATE_SYNTH_CACHE", ROOT / ".cache" / "synth" / "embeddings.sqlite"))

CORPORA: dict[str, dict[str, Any]] = {
    "legal": {
        "file": "claudette_tos_unfair_en.csv",
        "templates": "legal.yaml",
        "budget": 2000,
        "domain": "legal",
    },
    "medical": {
        "file": "medical_abstracts_tc.csv",
        "templates": "medical.yaml",
        "budget": 300,
        "domain": "clinical",
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


def f1_for(y_true: Sequence[str], y_pred: Sequence[str], label: str) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, labels=[label], average="macro", zero_division=0))


def fit(texts: list[str], labels: list[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
        LogisticRegression(max_iter=2000, class_weight="balanced", random_state=0),
    ).fit(texts, labels)


def generators(
    name: str, cfg: dict[str, Any], train: pd.DataFrame, args: argparse.Namespace
) -> dict[str, Generator]:
    tset = load_template_set(DATA_DIR / "templates" / cfg["templates"])
    vocab = tset.vocabulary
    if cfg["domain"] != "clinical":  # as the workflow does: the project's own names, never on clinical text
        vocab = vocab.merged(learn_vocabulary(train["text"]))
    gens: dict[str, Generator] = {
        "template": TemplateGenerator(tset),
        "exemplar": ExemplarGenerator(vocab, keep=is_clinical_fact),
    }
    if args.llm_url or args.llm_path:
        from curate.synth.llm import llm_generator

        gens["llm"] = llm_generator(url=args.llm_url, model=args.llm_model, path=args.llm_path)
    wanted = set(args.generators.split(","))
    return {k: g for k, g in gens.items() if k in wanted}


def run_corpus(
    name: str, args: argparse.Namespace, embedder: SentenceTransformerEmbedder, cache: Cache
) -> None:
    cfg = CORPORA[name]
    frame = pd.read_csv(SHARED / cfg["file"])
    frame["id"] = frame["id"].astype(str)
    rare = list(frame["label"].value_counts().sort_values().index[:3])
    train, test = split(name, frame)
    label_order = tuple(sorted(frame["label"].unique()))
    real_pii = personal_values(frame["text"])
    expert = fit(list(train["text"]), list(train["label"]))  # the simulated expert: all real data
    gens = generators(name, cfg, train, args)

    def embed(texts: Sequence[str]) -> np.ndarray:
        return cached_encode(list(texts), embedder, get=cache.get, put=cache.put)[0]

    f1: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    made: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    rejected_by: dict[str, Counter[str]] = defaultdict(Counter)
    passed: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    added: dict[str, list[int]] = defaultdict(list)
    real_in_budget: dict[str, list[int]] = defaultdict(list)
    test_texts, test_labels = list(test["text"]), list(test["label"])
    for seed in range(args.seeds):
        rng = np.random.default_rng(seed)
        idx = rng.choice(len(train), size=min(cfg["budget"], len(train)), replace=False)
        budget = train.iloc[np.sort(idx)]
        texts, labels = list(budget["text"]), list(budget["label"])
        by_id = dict(zip(budget["id"], budget["text"], strict=True))
        label_texts: dict[str, list[str]] = defaultdict(list)
        for t, lab in zip(texts, labels, strict=True):
            label_texts[lab].append(t)
        real_counts = Counter(labels)
        pred = fit(texts, labels).predict(test_texts)
        for lab in rare:
            f1[lab]["weighted"].append(f1_for(test_labels, pred, lab))
            real_in_budget[lab].append(real_counts[lab])
        for gname, gen in gens.items():
            extra_t: list[str] = []
            extra_l: list[str] = []
            all_checked = []
            for lab in rare:
                exemplars = tuple(Exemplar(id=i, text=by_id[i]) for i in budget[budget["label"] == lab]["id"])
                request = SynthRequest(label=lab, exemplars=exemplars)
                t0 = time.perf_counter()
                try:
                    cands = gen.generate(request, args.candidates, random_state=seed)
                except Exception as err:  # a generator that cannot serve this label (no template)
                    print(f"{name}.{gname}.{lab}.error: {err}")
                    continue
                seconds[gname] += time.perf_counter() - t0
                made[gname] += len(cands)
                reference = embed(label_texts[lab])
                cons: list[Constraint] = [
                    LengthBounds(min_chars=20, max_chars=5000),
                    NoRealPersonalData(real_values=real_pii),
                    *safety_constraints(cfg["domain"], texts=by_id, label_texts=label_texts),
                    Novelty(
                        reference=reference,
                        embed=embed,
                        max_similarity=args.max_similarity,
                        duplicate_similarity=args.max_similarity,
                    ),
                    SyntheticShareCap(real_counts=real_counts, max_share=args.max_share),
                ]
                checked = apply_constraints(cands, cons)
                all_checked += checked
                for c in checked:
                    first = next((n for n, r in c.checks.items() if r.hard and not r.passed), None)
                    if first is not None:
                        rejected_by[gname][first] += 1
                ok = [c for c in checked if c.passed]
                passed[gname] += len(ok)
                if ok:
                    agree = expert.predict([c.text for c in ok]) == lab
                    keep = [c for c, a in zip(ok, agree, strict=True) if a]
                    accepted[gname] += len(keep)
                    extra_t += [c.text for c in keep]
                    extra_l += [lab] * len(keep)
                    if seed == 0:
                        added[f"{gname}.{lab}"].append(len(keep))
            if all_checked and args.faithfulness:
                con = faithfulness(
                    texts, labels, label_order, [c.text for c in all_checked], random_state=seed
                )
                if con is not None:
                    flagged[gname] += sum(not r.passed for r in con.check(all_checked))
            pred = fit(texts + extra_t, labels + extra_l).predict(test_texts)
            for lab in rare:
                f1[lab][f"weighted+{gname}"].append(f1_for(test_labels, pred, lab))
                if seed:
                    added[f"{gname}.{lab}"].append(extra_l.count(lab))

    arms = ["weighted", *(f"weighted+{g}" for g in gens)]
    print(f"{name}.rare_labels: {', '.join(rare)}")
    print(f"{name}.test_rows: {len(test)} rows; budget {cfg['budget']}; {args.seeds} seeds")
    for lab in rare:
        print(f"{name}.{lab}.real_in_budget: {np.mean(real_in_budget[lab]):.1f} rows (mean)")
        for g in gens:
            print(f"{name}.{lab}.{g}.accepted_added: {np.mean(added[f'{g}.{lab}'] or [0]):.1f} rows (mean)")
        for arm in arms:
            v = f1[lab][arm]
            print(f"{name}.{lab}.f1_{arm}: {np.mean(v):.3f} F1 (sd {np.std(v):.3f})")
    base = np.mean([np.mean(f1[lab]["weighted"]) for lab in rare])
    for arm in arms:
        per_seed = np.mean([f1[lab][arm] for lab in rare], axis=0)
        base_seed = np.mean([f1[lab]["weighted"] for lab in rare], axis=0)
        wins = int(np.sum(per_seed > base_seed + 1e-9))
        mean = float(np.mean(per_seed))
        print(
            f"{name}.rare3_f1_{arm}: {mean:.3f} F1 (vs weighted {mean - base:+.3f}; "
            f"better on {wins}/{args.seeds} seeds)"
        )
    for g in gens:
        n = max(made[g], 1)
        print(
            f"{name}.{g}.candidates_per_second: {made[g] / max(seconds[g], 1e-9):.0f} candidates/s ({made[g]} made)"
        )
        for cname, k in sorted(rejected_by[g].items()):
            print(f"{name}.{g}.rejected_by_{cname}: {k / n:.3f} share of candidates")
        print(f"{name}.{g}.passed_all_constraints: {passed[g] / n:.3f} share of candidates")
        if args.faithfulness:
            print(f"{name}.{g}.flagged_label_faithfulness: {flagged[g] / n:.3f} share of candidates")
        print(f"{name}.{g}.expert_accepted: {accepted[g] / max(passed[g], 1):.3f} share of those that passed")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--corpus", choices=["legal", "medical", "both"], default="both")
    parser.add_argument("--candidates", type=int, default=30, help="candidates per rare label per generator")
    parser.add_argument("--max-share", type=float, default=0.5, help="synthetic share cap per label")
    parser.add_argument("--generators", default="template,exemplar,llm", help="comma-separated subset to run")
    parser.add_argument("--max-similarity", type=float, default=0.95, help="novelty threshold")
    parser.add_argument(
        "--faithfulness", action="store_true", help="also score the faithfulness flag (slower)"
    )
    parser.add_argument("--llm-url")
    parser.add_argument("--llm-model")
    parser.add_argument("--llm-path")
    args = parser.parse_args()
    embedder = SentenceTransformerEmbedder(show_progress=False)
    cache = Cache(CACHE)
    names = ["legal", "medical"] if args.corpus == "both" else [args.corpus]
    for name in names:
        t0 = time.perf_counter()
        run_corpus(name, args, embedder, cache)
        print(f"{name}.benchmark_wall: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
