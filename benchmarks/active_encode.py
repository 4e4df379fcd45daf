"""Embedding back-ends against bare ``SentenceTransformer.encode`` on the same texts.

Encodes N texts of a corpus (default 500 medical abstracts, the long ones; ``--corpus legal``
for the short clauses) with the bundled MiniLM: bare ``model.encode`` (the
baseline), then our ``torch``, ``onnx`` and ``onnx-int8`` back-ends, in
alternation, twice each (the best of two is kept: the machine is shared).
Prints texts per second, the speed-up over bare encode, and the mean (and
minimum) cosine of each back-end's vectors to the bare vectors.  Then a
second ``cached_encode`` over the same texts reports how many were encoded
(must be 0).

    PYTHONPATH=. python benchmarks/active_encode.py [--n 500] [--corpus medical|legal]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from active_common import load_corpus

from curate import Project
from curate.embed import BACKENDS, SentenceTransformerEmbedder, cached_encode
from curate.schema import TaskSpec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--corpus", default="medical")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    frame, _ = load_corpus(args.corpus)
    texts = frame["text"].astype(str).drop_duplicates().head(args.n).tolist()
    embs = {b: SentenceTransformerEmbedder(backend=b, show_progress=False) for b in BACKENDS}
    model = embs["torch"]._load()
    for e in embs.values():
        e.encode(texts[:8])  # load, export at first use, warm up
    times: dict[str, list[float]] = {"bare": [], **{b: [] for b in BACKENDS}}
    vecs: dict[str, np.ndarray] = {}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        vecs["bare"] = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        times["bare"].append(time.perf_counter() - t0)
        for b, e in embs.items():
            t0 = time.perf_counter()
            vecs[b] = e.encode(texts)
            times[b].append(time.perf_counter() - t0)
    bare = min(times["bare"])
    print(
        f"encode_texts: {len(texts)} {args.corpus} texts (mean {np.mean([len(t) for t in texts]):.0f} chars)"
    )
    print(f"encode_bare_sentence_transformers: {len(texts) / bare:.1f} texts/s")
    for b in BACKENDS:
        best = min(times[b])
        cos = (vecs[b] * vecs["bare"]).sum(axis=1)
        print(f"encode_{b}: {len(texts) / best:.1f} texts/s ({bare / best:.2f}x bare encode)")
        print(f"encode_{b}_cosine_to_bare: {cos.mean():.4f} mean ({cos.min():.4f} min)")
    emb = embs["onnx"]
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "p.db", task=TaskSpec(name="bench", labels=("a", "b")))
        _, first = cached_encode(
            texts, emb, get=project.store.get_embeddings, put=project.store.put_embeddings
        )
        t0 = time.perf_counter()
        _, again = cached_encode(
            texts, emb, get=project.store.get_embeddings, put=project.store.put_embeddings
        )
        second = time.perf_counter() - t0
        project.close()
    print(f"encode_second_run_encoded: {again} texts (first run {first})")
    print(f"encode_second_run_time: {second:.3f} s")


if __name__ == "__main__":
    main()
