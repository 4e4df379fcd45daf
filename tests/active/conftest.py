"""Fixtures of the active-learning tests: the legal sample with labels, and a memoising embedder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


class MemoEmbedder:
    """The real embedder, remembering what it has encoded so every test does not encode again."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.memo: dict[str, np.ndarray] = {}
        self.calls = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id  # type: ignore[attr-defined]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, v in zip(todo, self.inner.encode(todo), strict=True):  # type: ignore[attr-defined]
                self.memo[t] = v
        self.calls += len(texts)
        return np.stack([self.memo[t] for t in texts])


@pytest.fixture(scope="session")
def memo_embedder(embedder: object) -> MemoEmbedder:
    return MemoEmbedder(embedder)


@pytest.fixture(scope="session")
def legal_frame() -> pd.DataFrame:
    return pd.read_csv(DATA / "claudette_sample.csv")
