"""Our embedding path against bare ``SentenceTransformer.encode`` on the same texts.

Encodes the first N legal texts (default 1,000) with the bundled MiniLM:
bare ``model.encode``, then ``cached_encode`` into a fresh project store
(content hashing, cache look-up and write included), twice each in
alternation (the best of two is kept: the machine is shared).  Then a second
run over the same texts reports how many were encoded (must be 0) and how
long the cache read took.

    PYTHONPATH=. python benchmarks/active_encode.py [--n 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from active_common import load_corpus

from curate import Project
from curate.embed import SentenceTransformerEmbedder, cached_encode
from curate.schema import TaskSpec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    frame, _ = load_corpus("legal")
    texts = frame["text"].astype(str).drop_duplicates().head(args.n).tolist()
    emb = SentenceTransformerEmbedder(show_progress=False)
    model = emb._load()
    model.encode(texts[:32], batch_size=32)  # warm-up
    bare_times, ours_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(2):
            t0 = time.perf_counter()
            model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
            bare_times.append(time.perf_counter() - t0)
            project = Project.create(Path(tmp) / f"p{i}.db", task=TaskSpec(name="bench", labels=("a", "b")))
            t0 = time.perf_counter()
            _, encoded = cached_encode(
                texts, emb, get=project.store.get_embeddings, put=project.store.put_embeddings
            )
            ours_times.append(time.perf_counter() - t0)
            assert encoded == len(texts)
        t0 = time.perf_counter()
        _, again = cached_encode(
            texts, emb, get=project.store.get_embeddings, put=project.store.put_embeddings
        )
        second = time.perf_counter() - t0
        project.close()
    bare, ours = min(bare_times), min(ours_times)
    print(f"encode_texts: {len(texts)} texts")
    print(f"encode_bare_sentence_transformers: {len(texts) / bare:.1f} texts/s")
    print(f"encode_curate_cached_path: {len(texts) / ours:.1f} texts/s")
    print(f"encode_overhead: {ours / bare:.3f} ratio (ours / bare, best of 2 each)")
    print(f"encode_second_run_encoded: {again} texts")
    print(f"encode_second_run_time: {second:.3f} s ({len(texts) / second:.0f} texts/s from the cache)")


if __name__ == "__main__":
    main()
