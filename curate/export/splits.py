"""Group-aware, optionally stratified split assignment.

Rows that share a group never land in different splits.  A group is the
closure of: the same value of a chosen metadata column (e.g. the source
document), the same normalised text (exact duplicates), any extra groups the
caller passes (e.g. near-duplicates), and a synthetic row's exemplars.
Synthetic rows always go to ``train``, and so do the groups of their
exemplars, so no evaluation item has a synthetic variant in training.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from curate.errors import PublishError

__all__ = ["SplitRow", "assign_splits", "check_fractions", "group_members"]

_SPLIT_NAME = re.compile(r"^\w+(\.\w+)*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class SplitRow:
    """What the splitter needs to know about one exported row.

    ``keys`` are group tokens (rows sharing any token share a group);
    ``links`` are ids of other rows this one must stay with (a synthetic
    row's exemplars).
    """

    item_id: str
    labels: tuple[str, ...]
    keys: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    synthetic: bool = False


def check_fractions(splits: Mapping[str, float]) -> dict[str, float]:
    """Validate split names and fractions (positive, summing to 1, with a ``train`` split)."""
    if not splits:
        raise PublishError('no splits given: pass e.g. splits={"train": 0.8, "validation": 0.1, "test": 0.1}')
    out: dict[str, float] = {}
    for name, frac in splits.items():
        if not isinstance(name, str) or not _SPLIT_NAME.match(name):
            raise PublishError(f"split name {name!r} is not usable: use letters, digits and '_' only")
        value = float(frac)
        if not value > 0:
            raise PublishError(f"split {name!r} has fraction {frac!r}: give each split a fraction above 0")
        out[name] = value
    total = sum(out.values())
    if abs(total - 1.0) > 1e-6:
        raise PublishError(f"split fractions add up to {total:g}, not 1: adjust {out}")
    if "train" not in out:
        raise PublishError(
            f"the splits {sorted(out)} have no 'train' split: synthetic rows can only go there"
        )
    return out


def group_members(rows: Sequence[SplitRow]) -> list[list[int]]:
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first: dict[str, int] = {}
    index = {row.item_id: i for i, row in enumerate(rows)}
    for i, row in enumerate(rows):
        for key in row.keys:
            if key in first:
                union(i, first[key])
            else:
                first[key] = i
        for other in row.links:
            if other in index:
                union(i, index[other])
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(find(i), []).append(i)
    return list(members.values())


def assign_splits(
    rows: Sequence[SplitRow],
    splits: Mapping[str, float],
    *,
    stratify: bool = True,
    label_order: Iterable[str] = (),
    random_state: int | None = None,
) -> dict[str, str]:
    """Map each row's id to a split name.

    Groups are placed one at a time, rarest label first and larger groups
    first, into the split that most lacks that label (``stratify=True``) or
    rows overall; the seeded ``random_state`` breaks ties between equal groups.

    Returns
    -------
    dict
        ``{item_id: split}``, covering every row.
    """
    fractions = check_fractions(splits)
    names = list(fractions)
    rng = np.random.default_rng(random_state)
    groups = group_members(rows)
    real_counts: Counter[str] = Counter(lab for r in rows if not r.synthetic for lab in r.labels)
    n_real = sum(not r.synthetic for r in rows)
    order = {lab: i for i, lab in enumerate(label_order)}
    target = {s: {lab: f * c for lab, c in real_counts.items()} for s, f in fractions.items()}
    target_total = {s: f * n_real for s, f in fractions.items()}
    have: dict[str, Counter[str]] = {s: Counter() for s in names}
    have_total = dict.fromkeys(names, 0)
    tiebreak = rng.permutation(len(groups))

    def rarest(members: list[int]) -> tuple[int, int, str]:
        labels = {lab for i in members if not rows[i].synthetic for lab in rows[i].labels}
        if not labels:
            return (n_real + 1, len(order), "")
        return min((real_counts[lab], order.get(lab, len(order)), lab) for lab in labels)

    plan = sorted(
        range(len(groups)),
        key=lambda g: (
            rarest(groups[g]) if stratify else (0, 0, ""),
            -len(groups[g]),
            int(tiebreak[g]),
        ),
    )
    out: dict[str, str] = {}
    for g in plan:
        members = groups[g]
        if any(rows[i].synthetic for i in members):
            choice = "train"
        else:
            _, _, label = rarest(members) if stratify else (0, 0, "")
            choice = max(
                names,
                key=lambda s: (
                    target[s].get(label, 0.0) - have[s][label] if label else 0.0,
                    target_total[s] - have_total[s],
                    -names.index(s),
                ),
            )
        for i in members:
            out[rows[i].item_id] = choice
            if not rows[i].synthetic:
                have[choice].update(rows[i].labels)
                have_total[choice] += 1
    return out
