"""Exact and near-duplicate groups, for split leakage checks and review.

Both functions return groups of two or more ids, each group in input order
and the groups ordered by their first member, so results are stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from curate.errors import CurateError
from curate.schema import content_hash

__all__ = ["exact_duplicate_groups", "near_duplicate_groups"]


def _groups_from_roots(ids: Sequence[str], parent: list[int]) -> list[list[str]]:
    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members: dict[int, list[str]] = {}
    for i, item_id in enumerate(ids):
        members.setdefault(root(i), []).append(item_id)
    return [g for g in members.values() if len(g) > 1]


def exact_duplicate_groups(ids: Sequence[str], texts: Sequence[str]) -> list[list[str]]:
    """Ids whose texts are the same after normalisation (see :func:`curate.schema.content_hash`).

    Examples
    --------
    >>> exact_duplicate_groups(["a", "b", "c"], ["Same  text", "other", "Same text"])
    [['a', 'c']]
    """
    if len(ids) != len(texts):
        raise CurateError(f"exact_duplicate_groups: {len(ids)} ids but {len(texts)} texts")
    by_hash: dict[str, list[str]] = {}
    for item_id, text in zip(ids, texts, strict=True):
        by_hash.setdefault(content_hash(text), []).append(item_id)
    return [g for g in by_hash.values() if len(g) > 1]


def near_duplicate_groups(
    ids: Sequence[str], matrix: Any, *, threshold: float = 0.95, block: int = 1024
) -> list[list[str]]:
    """Connected groups of items whose embeddings have cosine similarity >= ``threshold``.

    Parameters
    ----------
    ids
        One id per row of ``matrix``.
    matrix
        Embeddings (n x d); rows are normalised here, so any scale works.
    threshold
        Cosine similarity at or above which two items are linked; links are
        transitive (single linkage), so a chain of close items forms one group.
    block
        Rows compared at a time (memory is ``block * n`` floats).
    """
    x = np.asarray(matrix, dtype=np.float32)
    if x.ndim != 2 or x.shape[0] != len(ids):
        raise CurateError(
            f"near_duplicate_groups: the matrix must have one row per id ({len(ids)}), got shape {x.shape}"
        )
    if not -1.0 <= threshold <= 1.0:
        raise CurateError(f"near_duplicate_groups: threshold {threshold} must lie in [-1, 1]")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = (x / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    n = x.shape[0]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, n, block):
        sims = x[start : start + block] @ x.T
        rows, cols = np.nonzero(sims >= threshold)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i = start + r
            if c <= i:
                continue
            ri, rc = find(i), find(c)
            if ri != rc:
                parent[max(ri, rc)] = min(ri, rc)
    return _groups_from_roots(ids, parent)
