"""Inter-annotator agreement: per item, pairwise (Cohen), overall (Fleiss, Krippendorff).

Inputs are plain mappings as :meth:`curate.store.Store.current` returns them,
``{item_id: {annotator: labels}}``, so any part of curate can reuse these
functions without a store or a model.  Multi-label decisions are measured per
label, each (item, label) pair being a yes/no unit.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from curate.errors import CurateError

__all__ = [
    "AgreementReport",
    "agreement_report",
    "cohen_kappa",
    "fleiss_kappa",
    "item_agreement",
    "krippendorff_alpha",
    "votes_from_rows",
]

Votes = Mapping[str, Sequence[str]]


def votes_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Annotators' votes ``{item_id: {annotator: labels}}`` from ``Store.current_rows()``.

    Only ``label`` decisions count: skips and a reviewer's adjudication are not votes.
    """
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in rows:
        if row["kind"] == "label" and row["labels"]:
            out.setdefault(str(row["item_id"]), {})[str(row["annotator"])] = tuple(row["labels"])
    return out


def item_agreement(
    votes: Votes, *, resolved: Sequence[str] | None = None, multi_label: bool = False
) -> float | None:
    """Share of annotators who agree with the item's resolution (its label now).

    Parameters
    ----------
    votes
        ``{annotator: labels}`` for one item.
    resolved
        The resolution to compare with (e.g. an adjudicated label); by default the
        most frequent label (single-label) or the per-label majority (multi-label).
    multi_label
        Measure each label separately and average over the labels anyone chose.

    Returns
    -------
    float or None
        A value in [0, 1]; None when fewer than one vote is given.

    Examples
    --------
    >>> item_agreement({"ann": ("a",), "bob": ("a",), "cy": ("b",)})
    0.6666666666666666
    """
    decisions = [tuple(v) for v in votes.values()]
    if not decisions:
        return None
    n = len(decisions)
    if not multi_label:
        singles = [d[0] if d else None for d in decisions]
        if resolved is None:
            target = Counter(singles).most_common(1)[0][0]
        else:
            target = resolved[0] if resolved else None
        return sum(s == target for s in singles) / n
    chosen = [set(d) for d in decisions]
    universe = set().union(*chosen) | set(resolved or ())
    if not universe:
        return 1.0
    shares = []
    for label in sorted(universe):
        yes = sum(label in c for c in chosen)
        wanted = (label in resolved) if resolved is not None else (yes * 2 > n)
        shares.append((yes if wanted else n - yes) / n)
    return float(sum(shares) / len(shares))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two annotators' labels for the same items.

    Returns 1.0 when both used one and the same category throughout (no
    disagreement is possible to correct for), NaN for empty input.

    Examples
    --------
    >>> cohen_kappa(["y", "y", "n", "n"], ["y", "n", "n", "n"])
    0.5
    """
    if len(a) != len(b):
        raise CurateError(f"cohen_kappa needs two equally long label lists, got {len(a)} and {len(b)}")
    n = len(a)
    if n == 0:
        return math.nan
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa from an items x categories matrix of rater counts.

    Every item must have been rated by the same number (at least 2) of raters.
    """
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim != 2 or table.shape[0] == 0:
        raise CurateError("fleiss_kappa needs a non-empty items x categories matrix of counts")
    raters = table.sum(axis=1)
    if np.any(raters != raters[0]) or raters[0] < 2:
        raise CurateError(
            "fleiss_kappa needs the same number (>= 2) of raters for every item; "
            "use krippendorff_alpha when that number varies"
        )
    r = raters[0]
    n_items = table.shape[0]
    p_item = ((table * table).sum(axis=1) - r) / (r * (r - 1))
    p_cat = table.sum(axis=0) / (n_items * r)
    p_bar, p_e = float(p_item.mean()), float((p_cat * p_cat).sum())
    if p_e >= 1.0:
        return 1.0 if p_bar >= 1.0 else 0.0
    return (p_bar - p_e) / (1.0 - p_e)


def krippendorff_alpha(units: Sequence[Sequence[Hashable]]) -> float:
    """Krippendorff's alpha (nominal) for units rated by any number of annotators.

    Parameters
    ----------
    units
        For each unit, the values the annotators gave it (missing ones left out).
        Units with fewer than two values carry no information and are skipped.

    Returns
    -------
    float
        1 is perfect agreement, 0 chance level; NaN when no unit has two values
        or only one value occurs at all.
    """
    coincidence: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for unit in units:
        m = len(unit)
        if m < 2:
            continue
        counts = Counter(unit)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    coincidence[(c, k)] += pairs / (m - 1)
    if not coincidence:
        return math.nan
    totals: defaultdict[Hashable, float] = defaultdict(float)
    for (c, _k), v in coincidence.items():
        totals[c] += v
    n = sum(totals.values())
    disagree = sum(v for (c, k), v in coincidence.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected == 0:
        return math.nan
    return 1.0 - (n - 1) * disagree / expected


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementReport:
    """Agreement figures for a project's current labels.

    ``alpha`` is Krippendorff's alpha over every item with two or more
    annotators; ``fleiss`` is set only when all those items have the same
    number of annotators; ``pairwise`` holds Cohen's kappa per annotator pair
    over the items both labelled (pairs sharing fewer than 2 items are left out).
    Undefined figures are None.
    """

    n_items: int
    n_multi_annotated: int
    annotators: tuple[str, ...]
    mean_item_agreement: float | None
    alpha: float | None
    fleiss: float | None
    pairwise: Mapping[str, float | None] = field(default_factory=dict)
    per_item: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_items": self.n_items,
            "n_multi_annotated": self.n_multi_annotated,
            "annotators": list(self.annotators),
            "mean_item_agreement": self.mean_item_agreement,
            "krippendorff_alpha": self.alpha,
            "fleiss_kappa": self.fleiss,
            "pairwise_cohen_kappa": dict(self.pairwise),
        }


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 6)


def _units(per: Mapping[str, Sequence[str]], labels: Sequence[str], multi_label: bool) -> list[Any]:
    if not multi_label:
        return [[next(iter(v), None) for v in per.values()]]
    return [[lab in v for v in per.values()] for lab in labels]


def agreement_report(
    votes: Mapping[str, Votes], *, labels: Sequence[str] = (), multi_label: bool = False
) -> AgreementReport:
    """Agreement over ``{item_id: {annotator: labels}}``.

    ``labels`` is the task's label set (needed for multi-label tasks, where each
    (item, label) pair is a yes/no unit).

    Examples
    --------
    >>> rep = agreement_report({"i1": {"a": ("x",), "b": ("x",)}, "i2": {"a": ("y",), "b": ("x",)}})
    >>> rep.n_multi_annotated, rep.mean_item_agreement
    (2, 0.75)
    """
    if multi_label and not labels:
        labels = sorted({lab for per in votes.values() for v in per.values() for lab in v})
    annotators = sorted({a for per in votes.values() for a in per})
    multi = {item: per for item, per in votes.items() if len(per) >= 2}
    per_item = {
        item: float(item_agreement(per, multi_label=multi_label) or 0.0)
        for item, per in sorted(multi.items())
    }
    units: list[Any] = []
    for per in multi.values():
        units.extend(_units(per, labels, multi_label))
    alpha = _finite(krippendorff_alpha(units)) if units else None
    fleiss: float | None = None
    sizes = {len(per) for per in multi.values()}
    if len(sizes) == 1 and units:
        categories = sorted({v for unit in units for v in unit}, key=repr)
        index = {c: i for i, c in enumerate(categories)}
        table = np.zeros((len(units), len(categories)))
        for row, unit in enumerate(units):
            for value in unit:
                table[row, index[value]] += 1
        fleiss = _finite(fleiss_kappa(table))
    pairwise: dict[str, float | None] = {}
    for a, b in combinations(annotators, 2):
        shared = [per for per in multi.values() if a in per and b in per]
        if len(shared) < 2:
            continue
        xs: list[Any] = []
        ys: list[Any] = []
        for per in shared:
            both = {a: per[a], b: per[b]}
            ua, ub = zip(*_units(both, labels, multi_label), strict=True)
            xs.extend(ua)
            ys.extend(ub)
        pairwise[f"{a} / {b}"] = _finite(cohen_kappa(xs, ys))
    mean = round(sum(per_item.values()) / len(per_item), 6) if per_item else None
    return AgreementReport(
        n_items=len(votes),
        n_multi_annotated=len(multi),
        annotators=tuple(annotators),
        mean_item_agreement=mean,
        alpha=alpha,
        fleiss=fleiss,
        pairwise=pairwise,
        per_item=per_item,
    )
