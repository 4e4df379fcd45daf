"""Embedding back-ends: ONNX vectors agree with torch's, and the cache never mixes back-ends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from curate.embed import BACKENDS, SentenceTransformerEmbedder, cached_encode, default_backend
from curate.errors import CurateError
from curate.store.vectors import EmbeddingCache
from tests.active.conftest import DATA


@pytest.fixture(scope="module")
def texts(legal_frame: pd.DataFrame) -> list[str]:

    medical = pd.read_csv(DATA / "medical_abstracts_sample.csv")["text"].astype(str).tolist()
    # short clauses and long abstracts (truncated at the model's 256 tokens) in one batch
    return legal_frame["text"].astype(str).tolist()[:24] + medical[:8]


@pytest.fixture(scope="module")
def torch_vectors(texts: list[str]) -> np.ndarray:
    return SentenceTransformerEmbedder(backend="torch", show_progress=False).encode(texts)


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_onnx_vectors_agree_with_torch(backend: str, texts: list[str], torch_vectors: np.ndarray) -> None:
    vectors = SentenceTransformerEmbedder(backend=backend, show_progress=False).encode(texts)
    assert vectors.shape == torch_vectors.shape and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    cosine = (vectors * torch_vectors).sum(axis=1)
    assert cosine.mean() >= 0.99, f"{backend} drifted from torch: mean cosine {cosine.mean():.4f}"
    if backend == "onnx":
        assert cosine.min() >= 0.999, "fp32 ONNX is the same network"


def test_order_of_texts_does_not_change_a_vector(texts: list[str], torch_vectors: np.ndarray) -> None:
    """Length-sorted batching puts each vector back in its row."""
    emb = SentenceTransformerEmbedder(backend="onnx", show_progress=False, batch_size=5)
    rev = emb.encode(texts[::-1])[::-1]
    assert float((rev * torch_vectors).sum(axis=1).min()) >= 0.999


def test_the_cache_keeps_backends_apart(tmp_path, texts: list[str]) -> None:
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    ids = {b: SentenceTransformerEmbedder(backend=b).model_id for b in BACKENDS}
    assert len(set(ids.values())) == len(BACKENDS), "the backend is part of the cache key"
    torch_emb = SentenceTransformerEmbedder(backend="torch", show_progress=False)
    int8_emb = SentenceTransformerEmbedder(backend="onnx-int8", show_progress=False)
    a, n_a = cached_encode(texts[:6], torch_emb, get=cache.get, put=cache.put)
    b, n_b = cached_encode(texts[:6], int8_emb, get=cache.get, put=cache.put)
    assert n_a == 6 and n_b == 6, "int8 vectors are encoded, never served from torch's entries"
    assert not np.array_equal(a, b)
    again, n_again = cached_encode(texts[:6], torch_emb, get=cache.get, put=cache.put)
    assert n_again == 0 and np.array_equal(again, a), "torch's entries were not overwritten"


def test_default_backend_and_bad_backend() -> None:
    assert default_backend() in BACKENDS
    assert SentenceTransformerEmbedder().backend == default_backend()
    with pytest.raises(CurateError, match="unknown embedding backend"):
        SentenceTransformerEmbedder(backend="tensorrt")
