"""The learner: a linear classifier over lexical (TF-IDF) and semantic (embedding) views.

Each view gets its own one-vs-rest logistic regression with balanced class
weights.  The two are combined by a weighted geometric mean of their
probabilities whose weight, and a temperature that calibrates the result,
are chosen on out-of-fold predictions inside the labelled set.  The fold
models are kept and averaged at prediction time (a cross-fitted ensemble),
so one retrain costs ``inner_folds`` fits per view and yields out-of-fold
probabilities as a by-product.

Measured on the shared corpora (``benchmarks/active_learner.py``), the
combination is at least as good as the better single view on both: the
lexical view dominates on legal clauses, the two are level on medical
abstracts.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from curate.errors import CurateError

__all__ = [
    "Learner",
    "Views",
    "lexical_features",
    "macro_f1",
    "out_of_fold_proba",
]

View = Literal["combined", "lexical", "semantic", "concat"]
_EPS = 1e-6
_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
_TEMPERATURES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Views:
    """The feature views of the same rows: TF-IDF (sparse) and embeddings (dense).

    Either may be ``None`` when a learner does not use it.
    """

    lexical: Any = None  # scipy.sparse matrix (n, vocabulary)
    semantic: np.ndarray | None = None  # (n, dim) float32

    def __post_init__(self) -> None:
        if self.lexical is None and self.semantic is None:
            raise CurateError("a learner needs features: give TF-IDF (lexical) and/or embeddings (semantic)")
        if (
            self.lexical is not None
            and self.semantic is not None
            and self.lexical.shape[0] != self.semantic.shape[0]
        ):
            raise CurateError(
                f"the views disagree on the number of rows: {self.lexical.shape[0]} TF-IDF rows "
                f"against {self.semantic.shape[0]} embeddings"
            )

    def __len__(self) -> int:
        return int(self.lexical.shape[0] if self.lexical is not None else self.semantic.shape[0])  # type: ignore[union-attr]

    def take(self, rows: Any) -> Views:
        """The views of a subset of rows (an index array)."""
        rows = np.asarray(rows, dtype=np.int64)
        return Views(
            lexical=None if self.lexical is None else self.lexical[rows],
            semantic=None if self.semantic is None else self.semantic[rows],
        )


def lexical_features(texts: Sequence[str], *, min_df: int = 2) -> Any:
    """TF-IDF word 1-2-grams (sublinear tf) of ``texts``, fitted on those same texts.

    Fitting on the whole pool (labelled or not) uses no labels: it only
    learns the vocabulary and document frequencies.  ``min_df`` falls back to
    1 on very small pools.

    Returns
    -------
    scipy.sparse.csr_matrix
        One L2-normalised row per text.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        raise CurateError("no texts to build TF-IDF features from")
    min_df = min_df if len(texts) >= 50 else 1
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, dtype=np.float32)
    try:
        return vec.fit_transform(list(texts)).tocsr()
    except ValueError:  # every text empty or stop-words only
        return sp.csr_matrix((len(texts), 1), dtype=np.float32)


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> float:
    """Macro-F1 over the classes present in ``y_true`` or ``y_pred`` (integer codes)."""
    from sklearn.metrics import f1_score

    present = np.union1d(np.unique(y_true), np.unique(y_pred))
    present = present[present < n_classes]
    return float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0))


def _fit_binary(x: Any, target: np.ndarray, c: float, seed: int) -> Any:
    """A logistic regression with balanced weights for one class, or a constant if it cannot learn."""
    from sklearn.linear_model import LogisticRegression

    n_pos = int(target.sum())
    if n_pos == 0 or n_pos == len(target):
        return float(n_pos > 0)  # the class is absent (or alone) here
    clf = LogisticRegression(
        C=c,
        class_weight="balanced",
        solver="liblinear",
        dual=bool(sp.issparse(x) or x.shape[1] > x.shape[0]),
        max_iter=1000,
        random_state=seed,  # liblinear's coordinate order
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # liblinear's convergence chatter on tiny sets
        clf.fit(x, target)
    return clf


def _fit_view(x: Any, y: np.ndarray, n_classes: int, c: float, multi_label: bool, seed: int) -> list[Any]:
    """One-vs-rest models, one per class."""
    if multi_label:
        return [_fit_binary(x, y[:, k].astype(np.int8), c, seed) for k in range(n_classes)]
    return [_fit_binary(x, (y == k).astype(np.int8), c, seed) for k in range(n_classes)]


class _Softmax:
    """One multinomial logistic regression (lbfgs) for every class at once: the fast dense-view model.

    Liblinear fits one binary model per class by coordinate descent, which on
    384 dense columns costs about a second per class at 5,000 rows; lbfgs
    fits the softmax of all classes in one pass over a few hundred gradient
    steps.  Classes absent from the training rows get a fixed low logit.
    """

    def __init__(
        self, x: np.ndarray, y: np.ndarray, n_classes: int, c: float, seed: int, warm: _Softmax | None = None
    ) -> None:
        from sklearn.linear_model import LogisticRegression

        self.n_classes = n_classes
        self.classes = np.unique(y)
        self.constant: int | None = None
        if len(self.classes) < 2:
            self.constant = int(self.classes[0])
            return
        self.clf = LogisticRegression(
            C=c, class_weight="balanced", solver="lbfgs", max_iter=300, tol=1e-3, random_state=seed
        )
        prev = getattr(warm, "clf", None)
        if prev is not None and np.array_equal(warm.classes, self.classes):  # type: ignore[union-attr]
            # warm start from the previous fold's solution: the folds share two thirds of their rows
            self.clf.set_params(warm_start=True)
            self.clf.coef_ = prev.coef_.copy()
            self.clf.intercept_ = prev.intercept_.copy()
        from threadpoolctl import threadpool_limits

        # one BLAS thread: lbfgs makes many small matrix products, and on a shared machine BLAS
        # threads fighting for the cores made a 1,000-label fit 8x slower than liblinear
        with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
            warnings.simplefilter("ignore")  # lbfgs's iteration-limit warning: tol 1e-3 is enough here
            self.clf.fit(x, y)

    def log_proba(self, x: np.ndarray) -> np.ndarray:
        out = np.full((x.shape[0], self.n_classes), -8.0)
        if self.constant is not None:
            out[:, self.constant] = 8.0
        else:
            z = self.clf.decision_function(x)
            if z.ndim == 1:  # two classes: sklearn gives the log-odds of the second
                z = np.stack([-z / 2, z / 2], axis=1)
            out[:, self.classes] = z
        return out - np.logaddexp.reduce(out, axis=1, keepdims=True)


def _view_logits(models: list[Any], x: Any) -> np.ndarray:
    out = np.empty((x.shape[0], len(models)), dtype=np.float64)
    for k, m in enumerate(models):
        if isinstance(m, float):
            out[:, k] = 8.0 if m > 0 else -8.0
        else:
            out[:, k] = m.decision_function(x)
    return out


def _log_proba(logits: np.ndarray, multi_label: bool) -> np.ndarray:
    """Per-class log-probabilities: sigmoids for multi-label, normalised OvR scores otherwise."""
    logp = -np.logaddexp(0.0, -logits)  # log sigmoid
    if multi_label:
        return logp
    return logp - np.logaddexp.reduce(logp, axis=1, keepdims=True)


def _combine(lex: np.ndarray | None, sem: np.ndarray | None, weight: float) -> np.ndarray:
    if lex is None:
        assert sem is not None
        return sem
    if sem is None:
        return lex
    return weight * lex + (1.0 - weight) * sem


def _proba(score: np.ndarray, temperature: float, multi_label: bool) -> np.ndarray:
    if multi_label:
        # score is a log-probability of "yes"; temper the log-odds
        logodds = score - np.log1p(-np.minimum(np.exp(score), 1 - _EPS))
        return np.asarray(1.0 / (1.0 + np.exp(-logodds / temperature)))
    z = score / temperature
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return np.asarray(p / p.sum(axis=1, keepdims=True))


def _log_loss(p: np.ndarray, y: np.ndarray, multi_label: bool) -> float:
    if multi_label:
        q = np.clip(p, _EPS, 1 - _EPS)
        return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], _EPS, 1.0))))


class Learner:
    """Classifier over TF-IDF and embedding views with calibrated probabilities.

    Parameters
    ----------
    view
        ``"combined"`` (default: both views, weighted geometric mean chosen
        on out-of-fold predictions), ``"lexical"`` (TF-IDF only),
        ``"semantic"`` (embeddings only) or ``"concat"`` (one model on the
        two feature blocks side by side, for comparison).
    C
        Inverse regularisation strength of every logistic regression.
    inner_folds
        Folds of the cross-fitted ensemble (2 or more).
    min_inner
        Below this many labelled rows, one model per view is fitted on all of
        them and the views are weighted equally with no temperature.
    multi_label
        Labels are a 0/1 indicator matrix (one column per class) instead of
        integer codes.
    dense_solver
        ``"lbfgs"`` (default): one multinomial logistic regression for the
        embedding view (single-label); ``"liblinear"``: one-vs-rest binary
        models like the TF-IDF view (the learner before issue 12, 4-5x slower
        to retrain at 5,000 labels; multi-label always uses it).
    random_state
        Seed of the fold split.

    Attributes
    ----------
    n_classes_ : int
    weight_ : float
        Share of the lexical view in the combination.
    temperature_ : float
    oof_proba_ : ndarray or None
        Out-of-fold probabilities of the training rows (None below ``min_inner``).

    Examples
    --------
    >>> learner = Learner().fit(views.take(labelled), y, n_classes=10)  # doctest: +SKIP
    >>> proba = learner.predict_proba(views)                            # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        view: View = "combined",
        C: float = 10.0,
        inner_folds: int = 3,
        min_inner: int = 40,
        multi_label: bool = False,
        dense_solver: Literal["lbfgs", "liblinear"] = "lbfgs",
        random_state: int | None = 0,
    ) -> None:
        if dense_solver not in ("lbfgs", "liblinear"):
            raise CurateError(f"dense_solver must be 'lbfgs' or 'liblinear', got {dense_solver!r}")
        self.dense_solver = dense_solver
        self.view = view
        self.C = C
        self.inner_folds = inner_folds
        self.min_inner = min_inner
        self.multi_label = multi_label
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        """The constructor's parameters (recorded with each batch)."""
        return {
            "view": self.view,
            "C": self.C,
            "inner_folds": self.inner_folds,
            "min_inner": self.min_inner,
            "multi_label": self.multi_label,
            "dense_solver": self.dense_solver,
            "random_state": self.random_state,
        }

    # -- fitting ---------------------------------------------------------------------
    def _inputs(self, views: Views) -> tuple[Any, Any]:
        lex = views.lexical if self.view in ("combined", "lexical", "concat") else None
        sem = views.semantic if self.view in ("combined", "semantic", "concat") else None
        if self.view == "concat":
            if lex is None or sem is None:
                raise CurateError("view='concat' needs both TF-IDF and embeddings")
            return sp.hstack([lex, sp.csr_matrix(sem)], format="csr"), None
        if lex is None and sem is None:
            raise CurateError(f"view={self.view!r} needs features the views do not hold")
        return lex, sem

    def _check_y(self, y: Any, n: int, n_classes: int) -> np.ndarray:
        arr = np.asarray(y)
        if self.multi_label:
            if arr.ndim != 2 or arr.shape != (n, n_classes):
                raise CurateError(
                    f"multi-label targets must be a ({n}, {n_classes}) 0/1 matrix, got {arr.shape}"
                )
            return arr.astype(np.int8)
        if arr.ndim != 1 or len(arr) != n:
            raise CurateError(f"targets must be {n} integer class codes, got shape {arr.shape}")
        arr = arr.astype(np.int64)
        if len(arr) and (arr.min() < 0 or arr.max() >= n_classes):
            raise CurateError(f"class codes must lie in 0..{n_classes - 1}")
        return arr

    def _fit_models(
        self, lex: Any, sem: Any, y: np.ndarray, n_classes: int, seed: int, warm: Any = None
    ) -> tuple[Any, Any]:
        def fit(x: Any, dense: bool) -> Any:
            if x is None:
                return None
            if dense and self.dense_solver == "lbfgs" and not self.multi_label:
                prev = warm[1] if warm is not None and isinstance(warm[1], _Softmax) else None
                return _Softmax(np.asarray(x), y, n_classes, self.C, seed, warm=prev)
            return _fit_view(x, y, n_classes, self.C, self.multi_label, seed)

        return fit(lex, False), fit(sem, True)

    def _scores(self, models: tuple[Any, Any], lex: Any, sem: Any) -> tuple[Any, Any]:
        def score(m: Any, x: Any) -> Any:
            if m is None:
                return None
            if isinstance(m, _Softmax):
                return m.log_proba(np.asarray(x))
            return _log_proba(_view_logits(m, x), self.multi_label)

        ml, ms = models
        return score(ml, lex), score(ms, sem)

    def fit(self, views: Views, y: Any, *, n_classes: int) -> Learner:
        """Fit on labelled rows: ``y`` holds integer class codes (or a 0/1 matrix if multi-label)."""
        n = len(views)
        if n == 0:
            raise CurateError("no labelled items to learn from: label a few items first")
        y = self._check_y(y, n, n_classes)
        lex, sem = self._inputs(views)
        rng = np.random.default_rng(self.random_state)
        seed = int(rng.integers(2**31 - 1))
        self.n_classes_ = n_classes
        self.weight_ = 0.5
        self.temperature_ = 1.0
        self.oof_proba_: np.ndarray | None = None
        if n < self.min_inner or self.inner_folds < 2:
            self.models_ = [self._fit_models(lex, sem, y, n_classes, seed)]
            return self
        order = rng.permutation(n)
        folds = [np.sort(order[f :: self.inner_folds]) for f in range(self.inner_folds)]
        self.models_ = []
        oof_lex = np.zeros((n, n_classes)) if lex is not None else None
        oof_sem = np.zeros((n, n_classes)) if sem is not None else None
        for test in folds:
            train = np.setdiff1d(np.arange(n), test)
            sub = (None if lex is None else lex[train], None if sem is None else sem[train])
            models = self._fit_models(
                *sub, y[train], n_classes, seed, warm=self.models_[-1] if self.models_ else None
            )
            self.models_.append(models)
            a, b = self._scores(
                models, None if lex is None else lex[test], None if sem is None else sem[test]
            )
            if oof_lex is not None:
                oof_lex[test] = a
            if oof_sem is not None:
                oof_sem[test] = b
        self._choose(oof_lex, oof_sem, y, n_classes)
        return self

    def _choose(self, lex: np.ndarray | None, sem: np.ndarray | None, y: np.ndarray, n_classes: int) -> None:
        """Pick the view weight by out-of-fold macro-F1 and the temperature by log-loss."""
        weights = _WEIGHTS if (lex is not None and sem is not None) else (0.5,)
        best: tuple[float, float, float] | None = None
        for w in weights:
            score = _combine(lex, sem, w)
            if self.multi_label:
                f1 = float(
                    np.mean(
                        [
                            macro_f1(y[:, k], (score[:, k] > np.log(0.5)).astype(int), 2)
                            for k in range(n_classes)
                        ]
                    )
                )
            else:
                f1 = macro_f1(y, score.argmax(axis=1), n_classes)
            key = (f1, -abs(w - 0.5), w)  # ties go to the more even mix
            if best is None or key > best:
                best = key
        assert best is not None
        self.weight_ = best[2]
        score = _combine(lex, sem, self.weight_)
        losses = [
            (_log_loss(_proba(score, t, self.multi_label), y, self.multi_label), t) for t in _TEMPERATURES
        ]
        self.temperature_ = min(losses)[1]
        self.oof_proba_ = _proba(score, self.temperature_, self.multi_label)

    # -- prediction ------------------------------------------------------------------
    def predict_proba(self, views: Views) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, n_classes)``.

        Single-label rows sum to 1; multi-label columns are independent.
        """
        if not hasattr(self, "models_"):
            raise CurateError("the learner is not fitted yet: call fit() first")
        lex, sem = self._inputs(views)
        total: np.ndarray | None = None
        for models in self.models_:
            a, b = self._scores(models, lex, sem)
            score = _combine(a, b, self.weight_)
            total = score if total is None else total + score
        assert total is not None
        return _proba(total / len(self.models_), self.temperature_, self.multi_label)

    def predict(self, views: Views) -> np.ndarray:
        """Class codes (single-label) or a 0/1 matrix (multi-label)."""
        p = self.predict_proba(views)
        if self.multi_label:
            return (p >= 0.5).astype(np.int8)
        return np.asarray(p.argmax(axis=1))

    def version(self, y: Any) -> str:
        """A short, stable id of this learner's settings and training labels (a batch's model version)."""
        h = hashlib.sha256(repr(sorted(self.get_params().items())).encode())
        h.update(np.ascontiguousarray(np.asarray(y)).tobytes())
        return f"{self.view}-{len(np.asarray(y))}-{h.hexdigest()[:10]}"


def out_of_fold_proba(
    views: Views,
    y: Any,
    *,
    n_classes: int,
    groups: Sequence[Any] | None = None,
    n_splits: int = 5,
    learner: Learner | None = None,
    random_state: int | None = 0,
) -> np.ndarray:
    """Out-of-fold probabilities of every labelled row (for label-issue ranking and evaluation).

    Each row is predicted by a learner that never saw it, nor (with
    ``groups``) any row of its group.

    Parameters
    ----------
    views
        Features of the labelled rows.
    y
        Integer class codes (or a 0/1 matrix for a multi-label learner).
    n_classes
        Number of classes (columns of the result).
    groups
        Group of each row (e.g. the source document); a group never spans folds.
    n_splits
        Number of folds (reduced when there are fewer groups or rows).
    learner
        Settings to use (default :class:`Learner`); it is cloned, never fitted in place.
    random_state
        Seed of the fold assignment.

    Returns
    -------
    ndarray of shape (n, n_classes)
    """
    n = len(views)
    base = learner or Learner(random_state=random_state)
    y_arr = np.asarray(y)
    rng = np.random.default_rng(random_state)
    if groups is not None:
        g = np.asarray([str(v) for v in groups])
        if len(g) != n:
            raise CurateError(f"groups has {len(g)} entries for {n} rows")
        uniq = np.unique(g)
        k = min(n_splits, len(uniq))
        if k < 2:
            raise CurateError("out-of-fold predictions need at least two groups")
        fold_of_group = dict(zip(rng.permutation(uniq), np.arange(len(uniq)) % k, strict=True))
        fold = np.array([fold_of_group[v] for v in g])
    else:
        k = min(n_splits, n)
        if k < 2:
            raise CurateError("out-of-fold predictions need at least two labelled rows")
        fold = np.empty(n, dtype=np.int64)
        fold[rng.permutation(n)] = np.arange(n) % k
    out = np.zeros((n, n_classes))
    for f in range(k):
        test = np.flatnonzero(fold == f)
        train = np.flatnonzero(fold != f)
        clone = Learner(**base.get_params())
        clone.fit(views.take(train), y_arr[train], n_classes=n_classes)
        out[test] = clone.predict_proba(views.take(test))
    return out
