"""Query strategies: pure scoring functions, and thin classes behind the ``QueryStrategy`` protocol.

Every strategy takes a :class:`Pool` (embeddings, current probabilities and
which rows are labelled) and returns a :class:`Selection` of unlabelled rows
with a score and a reason each.  Every random choice goes through the
``rng`` passed in; the same seed gives the same batch, and the inputs are
never modified.  Nothing here is quadratic in the pool: distances are
computed in chunks against at most the batch plus the labelled set, and
k-means runs on a bounded sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import numpy as np

from curate.errors import CurateError

__all__ = [
    "STRATEGIES",
    "ClassBalancedMargin",
    "EntropySampling",
    "KCenterGreedy",
    "KMeansRepresentatives",
    "LeastConfidence",
    "MarginSampling",
    "Pool",
    "QueryStrategy",
    "RandomSampling",
    "RareClassSeeking",
    "Selection",
    "UncertaintyDiversity",
    "class_balance",
    "content_quality",
    "describe_uncertainty",
    "entropy_scores",
    "kcenter_greedy",
    "kmeans_representatives",
    "least_confidence_scores",
    "make_strategy",
    "margin_scores",
    "rare_class_candidates",
    "top_scored",
]

_CHUNK = 8192


@dataclass(frozen=True, slots=True, kw_only=True)
class Pool:
    """What a strategy sees: one row per item.

    Attributes
    ----------
    ids
        Item ids, in row order.
    labelled
        Boolean mask of rows that already have a label (never selected).
    embeddings
        ``(n, d)`` float32 vectors (unit length for the default model), or None.
    proba
        ``(n, k)`` class probabilities of the current model, or None before one exists.
    y
        Class code of each labelled row, -1 elsewhere (single-label), or None.
    class_names
        Names of the ``k`` classes.
    texts
        The items' texts, or None; with them, fragments no expert can label
        ("24.", "Animals") are scored down (:func:`content_quality`).
    """

    ids: Sequence[str]
    labelled: np.ndarray
    embeddings: np.ndarray | None = None
    proba: np.ndarray | None = None
    y: np.ndarray | None = None
    class_names: tuple[str, ...] = ()
    texts: Sequence[str] | None = None

    def __post_init__(self) -> None:
        n = len(self.ids)
        if self.labelled.shape != (n,):
            raise CurateError(f"the labelled mask has shape {self.labelled.shape} for {n} items")
        for name, arr in (("embeddings", self.embeddings), ("proba", self.proba)):
            if arr is not None and arr.shape[0] != n:
                raise CurateError(f"{name} has {arr.shape[0]} rows for {n} items")
        if self.texts is not None and len(self.texts) != n:
            raise CurateError(f"texts has {len(self.texts)} entries for {n} items")

    def quality(self) -> np.ndarray:
        """:func:`content_quality` of every row (all 1 without texts)."""
        if self.texts is None:
            return np.ones(len(self.ids))
        return content_quality(self.texts)

    @property
    def candidates(self) -> np.ndarray:
        """Row indices of the unlabelled items."""
        return np.flatnonzero(~self.labelled)


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Chosen rows in order, each with a score (higher = chosen earlier) and a reason."""

    rows: tuple[int, ...]
    ids: tuple[str, ...]
    scores: tuple[float, ...]
    reasons: tuple[str, ...] = field(default=())


@runtime_checkable
class QueryStrategy(Protocol):
    """Chooses the next ``n`` unlabelled items of a pool."""

    name: str
    needs_model: bool

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection: ...


# -- pure scoring functions ---------------------------------------------------------
_WORD = re.compile(r"[^\W\d_]{3,}")
#: Words that carry no content of their own (with those under three letters, never counted).
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "are",
        "was",
        "were",
        "been",
        "has",
        "have",
        "had",
        "not",
        "but",
        "its",
        "their",
        "they",
        "them",
        "our",
        "you",
        "your",
        "his",
        "her",
        "she",
        "him",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "each",
        "may",
        "can",
        "will",
        "shall",
        "would",
        "should",
        "could",
        "must",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "into",
        "onto",
        "upon",
        "over",
        "under",
        "about",
        "above",
        "below",
        "also",
        "only",
        "other",
        "same",
        "more",
        "most",
        "some",
        "very",
        "per",
        "via",
        "yes",
        "general",
        "section",
        "article",
        "chapter",
        "part",
        "page",
        "table",
        "figure",
        "note",
        "notes",
        "item",
        "items",
        "see",
    ]
)
#: Content words an item needs to count as fully labelable.
MIN_CONTENT_WORDS = 4


def content_quality(texts: Sequence[str]) -> np.ndarray:
    """How labelable each text looks, in [0, 1]: its content words over :data:`MIN_CONTENT_WORDS`.

    A content word has three or more letters and is not a function word; a
    heading such as ``"General"``, a number such as ``"24."`` or a one-word
    fragment ("Animals") scores 0 or 0.25, a sentence 1.  Strategies multiply
    their scores by it, so such fragments go to the end of a batch's ranking
    instead of the top, where uncertainty sampling would put them (a model
    is always unsure about text with nothing in it).
    """
    out = np.empty(len(texts))
    for i, text in enumerate(texts):
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
        out[i] = min(len(words), MIN_CONTENT_WORDS) / MIN_CONTENT_WORDS
    return out


def class_balance(proba: np.ndarray) -> float:
    """How even the predicted class distribution is: its entropy over ``log k``, in [0, 1].

    1 when the model predicts every class equally often, near 0 when one
    class takes almost every item (a 91% majority over ten classes gives
    0.22).
    """
    k = proba.shape[1]
    if k < 2 or len(proba) == 0:
        return 0.0
    share = np.bincount(proba.argmax(axis=1), minlength=k) / len(proba)
    share = share[share > 0]
    return float(-(share * np.log(share)).sum() / np.log(k))


def describe_uncertainty(proba_row: np.ndarray, class_names: Sequence[str]) -> str:
    """The reason text of an uncertain item: its two most likely classes and their probabilities.

    For example ``"unsure between arbitration (0.41) and law (0.39)"``; a
    near-certain item reads ``"predicted arbitration (0.97)"``.
    """
    k = len(proba_row)
    name = (lambda c: class_names[c]) if class_names else str
    order = np.argsort(-proba_row, kind="stable")
    if k < 2:
        return f"predicted {name(int(order[0]))} ({proba_row[order[0]]:.2f})"
    a, b = int(order[0]), int(order[1])
    if proba_row[a] - proba_row[b] > 0.25:
        return f"predicted {name(a)} ({proba_row[a]:.2f}), next {name(b)} ({proba_row[b]:.2f})"
    return f"unsure between {name(a)} ({proba_row[a]:.2f}) and {name(b)} ({proba_row[b]:.2f})"


def _junk_note(q: float) -> str:
    if q >= 1.0:
        return ""
    words = round(q * MIN_CONTENT_WORDS)
    return f"; scored down: only {words} content word{'' if words == 1 else 's'}"


def least_confidence_scores(proba: np.ndarray) -> np.ndarray:
    """``1 - max p``: high when the model's best guess is weak."""
    return np.asarray(1.0 - proba.max(axis=1))


def margin_scores(proba: np.ndarray) -> np.ndarray:
    """``1 - (p1 - p2)``, the gap between the two most likely classes, turned so high = unsure."""
    if proba.shape[1] < 2:
        return np.zeros(proba.shape[0])
    top2 = np.partition(proba, proba.shape[1] - 2, axis=1)[:, -2:]
    return np.asarray(1.0 - (top2[:, 1] - top2[:, 0]))


def entropy_scores(proba: np.ndarray) -> np.ndarray:
    """Shannon entropy of each row (natural log)."""
    p = np.clip(proba, 1e-12, 1.0)
    return np.asarray(-(p * np.log(p)).sum(axis=1))


def top_scored(scores: np.ndarray, candidates: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """The ``n`` candidates with the highest scores; exact ties are broken at random by ``rng``."""
    n = min(n, len(candidates))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    s = scores[candidates]
    tie = rng.random(len(candidates))
    if n < len(candidates):
        # cheap pre-filter: everything tied with the n-th best survives, then an exact sort
        kth = np.partition(s, len(s) - n)[len(s) - n]
        keep = np.flatnonzero(s >= kth)
    else:
        keep = np.arange(len(candidates))
    order = np.lexsort((tie[keep], -s[keep]))[:n]
    return np.asarray(candidates[keep[order]])


def _sq_norms(x: np.ndarray) -> np.ndarray:
    out = np.empty(x.shape[0], dtype=np.float32)
    for s in range(0, x.shape[0], _CHUNK):
        blk = x[s : s + _CHUNK]
        out[s : s + _CHUNK] = np.einsum("ij,ij->i", blk, blk)
    return out


def _min_sq_dist(x: np.ndarray, rows: np.ndarray, norms: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Squared distance of each of ``rows`` to its nearest center, in chunks (memory O(chunk * centers))."""
    out = np.full(len(rows), np.inf, dtype=np.float32)
    if len(centers) == 0:
        return out
    c = np.asarray(x[centers], dtype=np.float32)
    cn = np.einsum("ij,ij->i", c, c)
    for cs in range(0, len(c), 2048):
        cc, ccn = c[cs : cs + 2048], cn[cs : cs + 2048]
        for s in range(0, len(rows), _CHUNK):
            r = rows[s : s + _CHUNK]
            d = norms[r, None] - 2.0 * (x[r] @ cc.T) + ccn[None, :]
            np.minimum(out[s : s + _CHUNK], d.min(axis=1), out=out[s : s + _CHUNK])
    return np.maximum(out, 0.0)


def kcenter_greedy(
    embeddings: np.ndarray,
    n: int,
    *,
    candidates: np.ndarray,
    centers: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Greedy k-center (core-set): repeatedly take the candidate farthest from every chosen point.

    Parameters
    ----------
    embeddings
        ``(n_items, d)`` matrix (not modified).
    n
        How many to choose.
    candidates
        Row indices that may be chosen.
    centers
        Rows already covered (the labelled set); when empty, the first pick is random.
    rng
        Source of the first pick when there are no centers.

    Returns
    -------
    rows, distances
        Chosen rows in order, and each one's distance to the nearest earlier point.

    Cost is ``O((|candidates| + |centers|) * d)`` per pick, linear in the pool.
    """
    n = min(n, len(candidates))
    if n <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    x = embeddings
    norms = _sq_norms(x)  # chunked over the whole matrix: no copy of the candidates' rows
    mind = _min_sq_dist(x, candidates, norms, np.asarray(centers, dtype=np.int64))
    chosen = np.empty(n, dtype=np.int64)
    dist = np.empty(n)
    for i in range(n):
        if np.isinf(mind).all():
            j = int(rng.integers(len(candidates)))
            dist[i] = np.inf
        else:
            j = int(np.argmax(mind))
            dist[i] = float(np.sqrt(mind[j]))
        chosen[i] = candidates[j]
        v = np.asarray(x[chosen[i]], dtype=np.float32)
        vn = float(v @ v)
        # one matrix-vector product over the whole (contiguous) matrix: no copy of the candidates' rows
        d = norms[candidates] - 2.0 * np.asarray(x @ v)[candidates] + vn
        np.minimum(mind, d, out=mind)
        mind[j] = -1.0  # never again
    return chosen, dist


def kmeans_representatives(
    embeddings: np.ndarray,
    n: int,
    *,
    candidates: np.ndarray,
    rng: np.random.Generator,
    sample_size: int = 10_000,
    priority: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One item per k-means cluster of the candidates: the one nearest its centroid.

    k-means (``n`` clusters) runs on at most ``sample_size`` candidates drawn
    with ``rng``; every candidate is then assigned to its nearest centroid in
    chunks, so memory and time stay linear in the pool.  With ``priority``
    (one score per row), each cluster gives its highest-priority member
    instead of its most central one.

    Returns
    -------
    rows, sizes
        Chosen rows (largest clusters first) and the size of each one's cluster.
    """
    from sklearn.cluster import KMeans

    n = min(n, len(candidates))
    if n <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if n == len(candidates):
        return np.asarray(candidates), np.ones(n, dtype=np.int64)
    sample = (
        candidates if len(candidates) <= sample_size else rng.choice(candidates, sample_size, replace=False)
    )
    km = KMeans(n_clusters=n, n_init=1, max_iter=30, random_state=int(rng.integers(2**31 - 1)))
    km.fit(np.asarray(embeddings[np.sort(sample)], dtype=np.float32))
    centroids = km.cluster_centers_.astype(np.float32)
    cn = np.einsum("ij,ij->i", centroids, centroids)
    assign = np.empty(len(candidates), dtype=np.int64)
    dist = np.empty(len(candidates), dtype=np.float32)
    for s in range(0, len(candidates), _CHUNK):
        r = candidates[s : s + _CHUNK]
        blk = np.asarray(embeddings[r], dtype=np.float32)
        d = np.einsum("ij,ij->i", blk, blk)[:, None] - 2.0 * (blk @ centroids.T) + cn[None, :]
        assign[s : s + _CHUNK] = d.argmin(axis=1)
        dist[s : s + _CHUNK] = d[np.arange(len(r)), assign[s : s + _CHUNK]]
    key = -dist if priority is None else priority[candidates]
    tie = rng.random(len(candidates))
    order = np.lexsort((tie, -key, assign))  # by cluster, best member first
    first = order[np.r_[True, assign[order][1:] != assign[order][:-1]]]
    sizes = np.bincount(assign, minlength=n)
    rows, sz = candidates[first], sizes[assign[first]]
    by_size = np.lexsort((rows, -sz))
    return np.asarray(rows[by_size]), np.asarray(sz[by_size])


def rare_class_candidates(
    pool: Pool, n: int, *, target: int, rng: np.random.Generator
) -> tuple[list[int], list[float], list[str]]:
    """Items likely to belong to classes with fewer than ``target`` labels, and neighbours of their examples.

    Classes are served in turn, rarest first; for each, the next most
    probable item and the next nearest neighbour (cosine) of its known
    examples alternate.
    """
    cand = pool.candidates
    names = pool.class_names
    y = pool.y if pool.y is not None else np.full(len(pool.ids), -1)
    k = len(names) if names else (pool.proba.shape[1] if pool.proba is not None else 0)
    counts = np.bincount(y[pool.labelled & (y >= 0)], minlength=k)[:k] if k else np.zeros(0, dtype=np.int64)
    rare = [int(c) for c in np.lexsort((np.arange(k), counts)) if counts[c] < target]
    queues: list[tuple[np.ndarray, np.ndarray, str]] = []
    depth = min(len(cand), n)
    for c in rare:
        label = names[c] if names else str(c)
        if pool.proba is not None:
            rows = top_scored(pool.proba[:, c], cand, depth, rng)
            queues.append((rows, pool.proba[rows, c], f"likely {label} (p={{:.2f}}), {counts[c]} labelled"))
        if pool.embeddings is not None and counts[c] > 0:
            ex = np.flatnonzero(pool.labelled & (y == c))
            sims = np.full(len(pool.ids), -np.inf, dtype=np.float32)
            for s in range(0, len(cand), _CHUNK):
                r = cand[s : s + _CHUNK]
                sims[r] = (pool.embeddings[r] @ pool.embeddings[ex].T).max(axis=1)
            rows = top_scored(sims, cand, depth, rng)
            queues.append((rows, sims[rows], f"near a known {label} example (similarity {{:.2f}})"))
    taken: set[int] = set()
    out_rows: list[int] = []
    out_scores: list[float] = []
    out_reasons: list[str] = []
    pos = [0] * len(queues)
    while len(out_rows) < n and any(p < len(q[0]) for p, q in zip(pos, queues, strict=True)):
        for qi, (rows, scores, reason) in enumerate(queues):
            while pos[qi] < len(rows) and int(rows[pos[qi]]) in taken:
                pos[qi] += 1
            if pos[qi] < len(rows) and len(out_rows) < n:
                row = int(rows[pos[qi]])
                taken.add(row)
                out_rows.append(row)
                out_scores.append(float(scores[pos[qi]]))
                out_reasons.append(reason.format(float(scores[pos[qi]])))
    return out_rows, out_scores, out_reasons


# -- thin classes -------------------------------------------------------------------
def _selection(pool: Pool, rows: Iterable[Any], scores: Iterable[Any], reasons: Iterable[str]) -> Selection:
    rows_t = tuple(int(r) for r in rows)
    return Selection(
        rows=rows_t,
        ids=tuple(pool.ids[r] for r in rows_t),
        scores=tuple(float(s) for s in scores),
        reasons=tuple(reasons),
    )


def _need(pool: Pool, what: str, strategy: str) -> np.ndarray:
    arr = pool.proba if what == "proba" else pool.embeddings
    if arr is None:
        hint = (
            "label a few items of at least two classes first" if what == "proba" else "embed the items first"
        )
        raise CurateError(
            f"strategy {strategy!r} needs {'a model' if what == 'proba' else 'embeddings'}: {hint}"
        )
    return arr


class RandomSampling:
    """Uniformly random unlabelled items: the baseline every other strategy must beat."""

    name = "random"
    needs_model = False

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        cand = pool.candidates
        rows = rng.permutation(cand)[: min(n, len(cand))]
        return _selection(pool, rows, [0.0] * len(rows), ["random"] * len(rows))


def _margin(proba_row: np.ndarray) -> float:
    """The gap between the two largest probabilities (0 = maximally unsure)."""
    if len(proba_row) < 2:
        return 1.0
    top2 = np.sort(proba_row)[-2:]
    return float(top2[1] - top2[0])


class _Uncertainty:
    name = ""
    needs_model = True

    def _scores(self, proba: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _measure(self, proba_row: np.ndarray) -> str:
        raise NotImplementedError

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        proba = _need(pool, "proba", self.name)
        quality = pool.quality()
        scores = self._scores(proba) * quality
        rows = top_scored(scores, pool.candidates, n, rng)
        reasons = [
            f"{self._measure(proba[r])}; {describe_uncertainty(proba[r], pool.class_names)}"
            f"{_junk_note(quality[r])}"
            for r in rows
        ]
        return _selection(pool, rows, scores[rows], reasons)


class LeastConfidence(_Uncertainty):
    """Items whose most likely class is least likely (Lewis and Gale, 1994)."""

    name = "least_confidence"

    def _measure(self, proba_row: np.ndarray) -> str:
        return f"top probability only {proba_row.max():.2f}"

    def _scores(self, proba: np.ndarray) -> np.ndarray:
        return least_confidence_scores(proba)


class MarginSampling(_Uncertainty):
    """Items with the smallest gap between the two most likely classes (Scheffer et al., 2001)."""

    name = "margin"

    def _measure(self, proba_row: np.ndarray) -> str:
        return f"margin {_margin(proba_row):.2f}"

    def _scores(self, proba: np.ndarray) -> np.ndarray:
        return margin_scores(proba)


class EntropySampling(_Uncertainty):
    """Items with the most spread-out class distribution."""

    name = "entropy"

    def _measure(self, proba_row: np.ndarray) -> str:
        k = len(proba_row)
        return f"entropy {entropy_scores(proba_row[None, :])[0]:.2f} of at most {np.log(max(k, 2)):.2f}"

    def _scores(self, proba: np.ndarray) -> np.ndarray:
        return entropy_scores(proba)


class KCenterGreedy:
    """Core-set selection (Sener and Savarese, 2018): cover the embedding space, starting from the labels."""

    name = "kcenter"
    needs_model = False

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        x = _need(pool, "embeddings", self.name)
        rows, dist = kcenter_greedy(
            x, n, candidates=pool.candidates, centers=np.flatnonzero(pool.labelled), rng=rng
        )
        reasons = [f"far from everything chosen (distance {d:.2f})" for d in dist]
        return _selection(pool, rows, np.nan_to_num(dist, posinf=1e9), reasons)


class KMeansRepresentatives:
    """One central item per k-means cluster of the unlabelled pool: for the cold start."""

    name = "kmeans"
    needs_model = False

    def __init__(self, *, sample_size: int = 10_000) -> None:
        self.sample_size = sample_size

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        x = _need(pool, "embeddings", self.name)
        rows, sizes = kmeans_representatives(
            x, n, candidates=pool.candidates, rng=rng, sample_size=self.sample_size
        )
        total = max(int(sizes.sum()), 1)
        reasons = [f"represents a cluster of {s} items" for s in sizes]
        return _selection(pool, rows, sizes / total, reasons)


class UncertaintyDiversity:
    """Margin uncertainty, then diversity inside the batch (in the spirit of cluster-margin).

    The ``factor * n`` most uncertain items are clustered into ``n`` groups
    by their embeddings, and each group gives its most uncertain member, so
    a batch does not spend the expert's time on near-copies.
    """

    name = "hybrid"
    needs_model = True

    def __init__(self, *, factor: int = 10) -> None:
        self.factor = factor

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        proba = _need(pool, "proba", self.name)
        x = _need(pool, "embeddings", self.name)
        scores = margin_scores(proba) * pool.quality()
        short = top_scored(scores, pool.candidates, max(n, self.factor * n), rng)
        if (scores[short] > 0).sum() >= n:  # fragments (score 0) only when nothing else is left
            short = short[scores[short] > 0]
        rows, sizes = kmeans_representatives(x, n, candidates=short, rng=rng, priority=scores)
        order = np.lexsort((rows, -scores[rows]))
        rows, sizes = rows[order], sizes[order]
        reasons = [
            f"margin {_margin(proba[r]):.2f}, stands for {s} similar unsure items; "
            f"{describe_uncertainty(proba[r], pool.class_names)}"
            for r, s in zip(rows, sizes, strict=True)
        ]
        return _selection(pool, rows, scores[rows], reasons)


class ClassBalancedMargin:
    """Margin sampling spread over the predicted classes, rarest labelled class first.

    Candidates are grouped by their predicted class; the classes take turns,
    the one with the fewest labels so far first, and each turn takes that
    group's most uncertain item (smallest margin, scored down when the text
    is a fragment, :func:`content_quality`).  Plain margin sampling spends a
    batch where the boundary is densest, which on an imbalanced task is deep
    in the majority class; taking turns by predicted class keeps every class,
    and the rare ones first, in each batch (class-balanced uncertainty, in
    the spirit of Aggarwal et al., 2020, and Bengar et al., 2022), and spreads
    the batch over the space like a cluster-margin batch.

    It adapts to the task: a share of the batch, ``class_balance ** adapt``
    (:func:`class_balance`: how evenly the model predicts the classes over
    the pool), is drawn at random among labelable items.  On an imbalanced
    task (a 91% majority: share 5%) the batch is almost all class-balanced
    margin, where uncertainty sampling gains most; on an even task (share
    about 90%) it is mostly an i.i.d. sample, which uncertainty sampling
    struggles to beat on a noisy, balanced corpus (measured in docs/active.md;
    Ein-Dor et al., 2020, report the same for BERT).  ``explore`` fixes the
    random share instead.
    """

    name = "balanced"
    needs_model = True

    def __init__(self, *, explore: float | None = None, adapt: float = 2.0) -> None:
        if explore is not None and not 0.0 <= explore <= 1.0:
            raise CurateError(f"explore must lie in [0, 1], got {explore}")
        self.explore = explore
        self.adapt = adapt

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        proba = _need(pool, "proba", self.name)
        quality = pool.quality()
        cand = pool.candidates
        n = min(n, len(cand))
        scores = margin_scores(proba) * quality
        k = proba.shape[1]
        y = pool.y if pool.y is not None else np.full(len(pool.ids), -1)
        counts = np.bincount(y[pool.labelled & (y >= 0)], minlength=k)[:k]
        ranked = top_scored(scores, cand, len(cand), rng)  # every candidate, most uncertain first
        pred = proba[ranked].argmax(axis=1)
        queues = [ranked[pred == c] for c in np.lexsort((np.arange(k), counts))]
        queues = [q for q in queues if len(q)]
        explore = self.explore if self.explore is not None else class_balance(proba[cand]) ** self.adapt
        n_random = round(explore * n)
        rows: list[int] = []
        reasons: list[str] = []
        taken: set[int] = set()
        pos = [0] * len(queues)
        while len(rows) < n - n_random and queues:
            for qi, q in enumerate(queues):
                if len(rows) >= n - n_random or pos[qi] >= len(q):
                    continue
                r = int(q[pos[qi]])
                pos[qi] += 1
                taken.add(r)
                rows.append(r)
                c = int(proba[r].argmax())
                label = pool.class_names[c] if pool.class_names else str(c)
                reasons.append(
                    f"margin {_margin(proba[r]):.2f}; {describe_uncertainty(proba[r], pool.class_names)}; "
                    f"predicted {label}, which has {counts[c]} labels{_junk_note(quality[r])}"
                )
            queues_left = [i for i, q in enumerate(queues) if pos[i] < len(q)]
            if not queues_left:
                break
        if len(rows) < n:
            rest = np.asarray([r for r in cand if r not in taken and quality[r] >= 1.0], dtype=np.int64)
            if len(rest) < n - len(rows):
                rest = np.asarray([r for r in cand if r not in taken], dtype=np.int64)
            extra = rng.permutation(rest)[: n - len(rows)]
            rows += [int(r) for r in extra]
            reasons += [
                f"random, to explore; {describe_uncertainty(proba[r], pool.class_names)}" for r in extra
            ]
        return _selection(pool, rows, scores[rows], reasons)


class RareClassSeeking:
    """Looks for classes with fewer than ``target`` labels; tops up with margin sampling.

    For each such class (rarest first), alternately the item the model finds
    most likely to belong to it and the nearest neighbour of its known examples.
    """

    name = "rare"
    needs_model = False
    uses_model = True  # it works from embeddings alone, better with a model

    def __init__(self, *, target: int = 20) -> None:
        self.target = target

    def select(self, pool: Pool, n: int, *, rng: np.random.Generator) -> Selection:
        if pool.proba is None and pool.embeddings is None:
            raise CurateError("strategy 'rare' needs a model or embeddings: embed the items first")
        rows, scores, reasons = rare_class_candidates(pool, n, target=self.target, rng=rng)
        if len(rows) < n:
            mask = pool.labelled.copy()
            mask[rows] = True
            rest = Pool(
                ids=pool.ids,
                labelled=mask,
                embeddings=pool.embeddings,
                proba=pool.proba,
                y=pool.y,
                class_names=pool.class_names,
            )
            fill = (MarginSampling() if pool.proba is not None else KMeansRepresentatives()).select(
                rest, n - len(rows), rng=rng
            )
            rows += list(fill.rows)
            scores += list(fill.scores)
            reasons += list(fill.reasons)
        return _selection(pool, rows, scores, reasons)


#: Strategy names accepted by :func:`make_strategy` and the CLI (read-only).
STRATEGIES: Mapping[str, type] = MappingProxyType(
    {
        "random": RandomSampling,
        "least_confidence": LeastConfidence,
        "margin": MarginSampling,
        "entropy": EntropySampling,
        "kcenter": KCenterGreedy,
        "kmeans": KMeansRepresentatives,
        "hybrid": UncertaintyDiversity,
        "rare": RareClassSeeking,
        "balanced": ClassBalancedMargin,
    }
)


def make_strategy(name: str) -> QueryStrategy:
    """A strategy by name (see :data:`STRATEGIES`)."""
    try:
        cls = STRATEGIES[name]
    except KeyError:
        raise CurateError(f"unknown strategy {name!r}: choose one of {', '.join(STRATEGIES)}") from None
    return cls()
