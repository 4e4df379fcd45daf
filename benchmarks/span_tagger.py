"""The span tagger's features: lexical indicators alone against lexical + MiniLM contextual token vectors.

Exact and overlap span F1 on held-out documents after training on the first
documents of a subsample, with fit and encode times.  NCBI Disease (train ->
dev split) is where the tagger was tuned; InLegalNER (seeded split) is held out.
Subsampled (``--train``, ``--test``) so a run stays within a few minutes on 2
shared cores; the MiniLM encode dominates.

    python benchmarks/span_tagger.py [--train 100 --test 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    from span_simulate import load

    from curate.spans.agreement import span_f1
    from curate.spans.embed import contextual_token_vectors
    from curate.spans.model import LabeledSpan
    from curate.spans.tagger import SpanTagger, span_features

    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=100)
    parser.add_argument("--test", type=int, default=50)
    parser.add_argument("--vector-weight", type=float, default=1.0)
    args = parser.parse_args()
    for corpus in ("ncbi-dev", "inlegalner"):
        rows, pool, test = load(corpus, args.train, args.test, 0)
        docs = pool + test
        texts = [rows[d]["text"] for d in docs]
        gold = [tuple(LabeledSpan.from_value(s) for s in rows[d]["spans"]) for d in docs]
        labels = sorted({s["label"] for r in rows for s in r["spans"]})
        train_idx, test_idx = list(range(len(pool))), list(range(len(pool), len(docs)))
        lexical = span_features(texts)
        t0 = time.perf_counter()
        vectors = contextual_token_vectors(texts, lexical.tokens)
        encode_s = time.perf_counter() - t0
        n_tokens = int(lexical.bounds[-1])
        print(
            f"{corpus}_setup: train {len(pool)} docs, test {len(test)} docs, {n_tokens} tokens, "
            f"vector weight {args.vector_weight}"
        )
        print(f"{corpus}_minilm_encode: {n_tokens / encode_s:.0f} tokens/s ({encode_s:.1f} s)")
        results = {}
        for name, feats in (
            ("lexical", lexical),
            ("lexical+minilm", span_features(texts, vectors=vectors, vector_weight=args.vector_weight)),
        ):
            t0 = time.perf_counter()
            tagger = SpanTagger(labels=labels).fit(feats, train_idx, [gold[d] for d in train_idx])
            fit_s = time.perf_counter() - t0
            pred = tagger.predict(feats, test_idx)
            score = span_f1(
                {str(d): gold[d] for d in test_idx}, {str(d): p for d, p in zip(test_idx, pred, strict=True)}
            )
            results[name] = score["exact"] or 0.0
            print(f"{corpus}_{name}_exact_f1: {score['exact']:.3f}")
            print(f"{corpus}_{name}_overlap_f1: {score['overlap']:.3f}")
            print(f"{corpus}_{name}_fit: {fit_s:.2f} s")
        ratio = results["lexical+minilm"] / max(results["lexical"], 1e-9)
        print(f"{corpus}_minilm_vs_lexical_exact_f1: {ratio:.3f} ratio")


if __name__ == "__main__":
    main()
