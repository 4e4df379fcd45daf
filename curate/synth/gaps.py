"""Gap analysis: where the labelled data is thin.  Pure functions over counts and arrays.

Three kinds of gap:

* labels with fewer labelled items than a target;
* embedding clusters of the pool with no or few labelled items;
* labels the current learner predicts far more often in the pool than they
  occur among the labelled items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from curate.errors import CurateError

__all__ = [
    "ClusterGap",
    "GapReport",
    "LabelGap",
    "ShareGap",
    "cluster_gaps",
    "label_gaps",
    "share_gaps",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelGap:
    label: str
    labelled: int
    synthetic_pending: int
    target: int
    missing: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterGap:
    cluster: int
    size: int
    labelled: int
    labels: Mapping[str, int]
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ShareGap:
    label: str
    labelled_share: float
    predicted_share: float
    ratio: float


@dataclass(frozen=True, slots=True, kw_only=True)
class GapReport:
    """All gaps found; ``to_dict`` is the JSON of ``curate gaps --json``."""

    labels: tuple[LabelGap, ...]
    clusters: tuple[ClusterGap, ...] = ()
    shares: tuple[ShareGap, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    target_per_label: int = 0
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_per_label": self.target_per_label,
            "counts": dict(self.counts),
            "labels_under_target": [asdict(g) for g in self.labels],
            "thin_clusters": [
                {**asdict(g), "labels": dict(g.labels), "examples": list(g.examples)} for g in self.clusters
            ],
            "over_predicted": [asdict(g) for g in self.shares],
            "notes": list(self.notes),
        }


def label_gaps(
    counts: Mapping[str, int],
    labels: Sequence[str],
    *,
    target_per_label: int,
    pending: Mapping[str, int] | None = None,
) -> list[LabelGap]:
    """Labels with fewer than ``target_per_label`` labelled items, fewest first."""
    if target_per_label < 0:
        raise CurateError(f"target_per_label must be 0 or more, not {target_per_label}")
    pending = pending or {}
    gaps = [
        LabelGap(
            label=lab,
            labelled=int(counts.get(lab, 0)),
            synthetic_pending=int(pending.get(lab, 0)),
            target=target_per_label,
            missing=target_per_label - int(counts.get(lab, 0)),
        )
        for lab in labels
        if int(counts.get(lab, 0)) < target_per_label
    ]
    return sorted(gaps, key=lambda g: (g.labelled, g.label))


def cluster_gaps(
    embeddings: np.ndarray,
    item_ids: Sequence[str],
    item_labels: Mapping[str, str],
    *,
    n_clusters: int = 12,
    max_labelled: int = 1,
    n_examples: int = 3,
    random_state: int | None = 0,
) -> tuple[list[ClusterGap], np.ndarray]:
    """K-means clusters of the items that hold ``max_labelled`` labelled items or fewer.

    Returns the gaps (largest cluster first) and every item's cluster index.
    ``examples`` are the item ids closest to the cluster centre.
    """
    from sklearn.cluster import KMeans

    n = len(item_ids)
    if embeddings.shape[0] != n:
        raise CurateError(f"{embeddings.shape[0]} embeddings for {n} items: give one row per item")
    if n == 0:
        return [], np.zeros(0, dtype=int)
    k = max(1, min(n_clusters, n))
    seed = int(np.random.default_rng(random_state).integers(2**31 - 1))
    km = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(embeddings)
    assign = np.asarray(km.labels_, dtype=int)
    dist = np.linalg.norm(embeddings - km.cluster_centers_[assign], axis=1)
    gaps = []
    for cl in range(k):
        members = np.flatnonzero(assign == cl)
        labs: dict[str, int] = {}
        for i in members:
            lab = item_labels.get(item_ids[int(i)])
            if lab is not None:
                labs[lab] = labs.get(lab, 0) + 1
        n_lab = sum(labs.values())
        if n_lab <= max_labelled:
            closest = members[np.argsort(dist[members], kind="stable")[:n_examples]]
            gaps.append(
                ClusterGap(
                    cluster=cl,
                    size=len(members),
                    labelled=n_lab,
                    labels=dict(sorted(labs.items())),
                    examples=tuple(item_ids[i] for i in closest),
                )
            )
    gaps.sort(key=lambda g: (-g.size, g.cluster))
    return gaps, assign


def share_gaps(
    labelled_counts: Mapping[str, int],
    predicted: Sequence[str],
    labels: Sequence[str],
    *,
    min_ratio: float = 2.0,
    min_share: float = 0.01,
) -> list[ShareGap]:
    """Labels whose predicted share of the pool is at least ``min_ratio`` times their labelled share."""
    total = sum(int(labelled_counts.get(lab, 0)) for lab in labels)
    if total == 0 or not predicted:
        return []
    pred = np.asarray(list(predicted))
    out = []
    for lab in labels:
        lab_share = int(labelled_counts.get(lab, 0)) / total
        pred_share = float(np.mean(pred == lab))
        if pred_share < min_share:
            continue
        ratio = pred_share / lab_share if lab_share > 0 else float("inf")
        if ratio >= min_ratio:
            out.append(
                ShareGap(
                    label=lab,
                    labelled_share=round(lab_share, 4),
                    predicted_share=round(pred_share, 4),
                    ratio=round(ratio, 2) if np.isfinite(ratio) else ratio,
                )
            )
    return sorted(out, key=lambda g: -g.ratio)
