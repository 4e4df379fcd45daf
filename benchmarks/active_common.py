"""Shared helpers of the active-learning benchmarks: the corpora and their cached embeddings.

Embeddings are cached in ``$CURATE_CACHE_DIR/embeddings.sqlite`` (default
``/work/cache`` when it exists, else ``~/.cache/curate``): the first run
encodes each corpus once, later runs encode nothing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("CURATE_SHARED_DATA", ROOT.parent / "shared" / "data"))
if not SHARED_DATA.exists():
    SHARED_DATA = Path("/work/shared/data")
CORPORA = {
    "legal": ("claudette_tos_unfair_en.csv", "doc"),
    # the same clauses as a binary task: fair vs potentially unfair (about 9% positive)
    "legal_binary": ("claudette_tos_unfair_en.csv", "doc"),
    "medical": ("medical_abstracts_tc.csv", None),
}
if "CURATE_CACHE_DIR" not in os.environ and Path("/work/cache").is_dir():
    os.environ["CURATE_CACHE_DIR"] = "/work/cache"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(ROOT))


def load_corpus(name: str) -> tuple[pd.DataFrame, str | None]:
    """The corpus as a frame, and its group column (or None)."""
    fname, group = CORPORA[name]
    frame = pd.read_csv(SHARED_DATA / fname)
    if name == "legal_binary":
        frame["label"] = np.where(frame["label"] == "fair_or_other", "fair", "potentially_unfair")
    return frame, group


def corpus_embeddings(name: str) -> tuple[pd.DataFrame, str | None, np.ndarray, int]:
    """Frame, group column, MiniLM embeddings (cached) and how many texts were encoded now."""
    from curate.embed import SentenceTransformerEmbedder, cached_encode
    from curate.store.vectors import EmbeddingCache

    frame, group = load_corpus(name)
    cache = EmbeddingCache()
    emb = SentenceTransformerEmbedder(backend=os.environ.get("CURATE_BENCH_BACKEND") or None)
    matrix, encoded = cached_encode(frame["text"].astype(str).tolist(), emb, get=cache.get, put=cache.put)
    return frame, group, matrix, encoded


if __name__ == "__main__":
    for corpus in sys.argv[1:] or list(CORPORA):
        t0 = time.perf_counter()
        _, _, x, n = corpus_embeddings(corpus)
        print(f"{corpus}_embeddings: {x.shape[0]} rows, encoded {n} in {time.perf_counter() - t0:.1f} s")
