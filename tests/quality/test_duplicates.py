"""Exact and near-duplicate groups."""

from __future__ import annotations

import numpy as np
import pytest

from curate.errors import CurateError
from curate.quality import exact_duplicate_groups, near_duplicate_groups


def test_exact_duplicates_ignore_whitespace_and_unicode_form() -> None:
    texts = ["Café  terms apply.", "other", "Cafe\u0301 terms apply.", "other", "unique"]
    assert exact_duplicate_groups(["a", "b", "c", "d", "e"], texts) == [["a", "c"], ["b", "d"]]
    with pytest.raises(CurateError):
        exact_duplicate_groups(["a"], [])


def test_near_duplicates_link_transitively_above_the_threshold() -> None:
    base = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    rows = np.stack(
        [
            base,
            base + np.array([0, 0.2, 0], dtype=np.float32),  # close to row 0
            base + np.array([0, 0.4, 0], dtype=np.float32),  # close to row 1, less to row 0
            np.array([0.0, 0.0, 5.0], dtype=np.float32),  # far away (scale does not matter)
            np.array([0.0, 0.0, 1.0], dtype=np.float32),
        ]
    )
    ids = ["a", "b", "c", "d", "e"]
    groups = near_duplicate_groups(ids, rows, threshold=0.97, block=2)
    assert groups == [["a", "b", "c"], ["d", "e"]]
    assert near_duplicate_groups(ids, rows, threshold=0.999) == [["d", "e"]]
    with pytest.raises(CurateError, match="one row per id"):
        near_duplicate_groups(ids[:2], rows)


@pytest.mark.slow
def test_near_duplicates_on_real_embeddings(embedder) -> None:
    texts = [
        "We may terminate your account at any time for any reason.",
        "We may terminate your account at any time and for any reason.",
        "These terms are governed by the laws of California.",
        "Disputes are resolved by binding arbitration.",
    ]
    matrix = embedder.encode(texts)
    assert near_duplicate_groups(["t1", "t2", "law", "arb"], matrix, threshold=0.95) == [["t1", "t2"]]
