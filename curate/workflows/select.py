"""Choosing and assigning the next batch: the orchestration behind ``Project.select_batch``/``assign``.

It gathers the project's items, their cached embeddings and TF-IDF features,
the labels given so far, fits the learner, runs a strategy and records the
batch with each item's score and reason.  The pieces it uses
(:mod:`curate.active`) take arrays; only this module talks to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from curate.errors import CurateError
from curate.schema import Batch, BatchItem

if TYPE_CHECKING:
    from curate.active.learner import Learner, Views
    from curate.embed import Embedder
    from curate.store import Store

__all__ = ["ModelState", "assign_batch", "model_state", "resolved_labels", "select_batch", "stopping_curve"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelState:
    """The project seen by the learner: features, labels, and the model's current predictions.

    ``proba`` is None while fewer than two classes have labels.
    """

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    class_names: tuple[str, ...]
    views: Views
    labelled: np.ndarray  # bool, one per id
    y: np.ndarray  # class code per id, -1 where unlabelled (multi-label: the first label)
    y_multi: np.ndarray | None  # 0/1 matrix for multi-label tasks
    proba: np.ndarray | None
    learner: Learner | None
    model_version: str
    embedder_id: str
    encoded: int  # texts encoded now (0 when every embedding was cached)
    label_order: tuple[str, ...]  # labelled ids, oldest decision first

    def predicted(self) -> list[str | None]:
        """Most likely label of each item (None without a model)."""
        if self.proba is None:
            return [None] * len(self.ids)
        return [self.class_names[k] for k in self.proba.argmax(axis=1)]


def resolved_labels(store: Store) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """One label set per labelled item, and the item ids in the order of their first vote.

    :func:`curate.labels.resolve_labels` decides (as for the export): ties wait, pending
    or rejected synthetic items have no label, an accepted synthetic item nobody
    labelled trains on its intended label (after the voted items).
    """
    from curate.labels import resolve_labels

    state = store.label_inputs()
    resolved = resolve_labels(state.items, state.current_rows, state.provenance, spec=store.spec())
    out = {i: r.labels for i, r in resolved.items() if r.labels}
    rows = sorted(state.current_rows, key=lambda r: r["event_id"])
    order = dict.fromkeys(r["item_id"] for r in rows if r["item_id"] in out)
    order.update(dict.fromkeys(it.id for it in state.items if it.id in out))
    return out, list(order)


def model_state(
    store: Store,
    *,
    embedder: Embedder | None = None,
    learner: Learner | None = None,
    random_state: int | None = 0,
) -> ModelState:
    """Fit the learner on the project's labels and predict every item.

    Items awaiting synthetic review are left out.  Embeddings come from the
    project's cache (only new texts are encoded).
    """
    from curate.active.learner import Learner, Views, lexical_features
    from curate.workflows.embedding import default_embedder, encode

    spec = store.spec()
    items = store.items(status="accepted")
    if not items:
        raise CurateError(
            "the project has no items: import some with project.import_data(...) or `curate import`"
        )
    embedder = default_embedder(embedder)
    texts = [it.text for it in items]
    emb, encoded = encode(store, texts, embedder)
    views = Views(lexical=lexical_features(texts), semantic=emb)
    names = tuple(spec.label_names)
    code = {name: k for k, name in enumerate(names)}
    labels, order = resolved_labels(store)
    ids = tuple(it.id for it in items)
    y = np.full(len(ids), -1, dtype=np.int64)
    y_multi = np.zeros((len(ids), len(names)), dtype=np.int8) if spec.multi_label else None
    for row, item_id in enumerate(ids):
        got = [code[lab] for lab in labels.get(item_id, ()) if lab in code]
        if got:
            y[row] = min(got)
            if y_multi is not None:
                y_multi[row, got] = 1
    labelled = y >= 0
    proba = None
    fitted = None
    version = "none"
    if labelled.sum() >= 2 and len(np.unique(y[labelled])) >= 2:
        fitted = Learner(**{**(learner or Learner()).get_params(), "multi_label": spec.multi_label})
        if random_state is not None:
            fitted.random_state = random_state
        rows = np.flatnonzero(labelled)
        target = y_multi[rows] if y_multi is not None else y[rows]
        fitted.fit(views.take(rows), target, n_classes=len(names))
        proba = fitted.predict_proba(views)
        version = fitted.version(target)
    return ModelState(
        ids=ids,
        texts=tuple(texts),
        class_names=names,
        views=views,
        labelled=labelled,
        y=y,
        y_multi=y_multi,
        proba=proba,
        learner=fitted,
        model_version=version,
        embedder_id=embedder.model_id,
        encoded=encoded,
        label_order=tuple(i for i in order if i in set(ids)),
    )


def _pending(store: Store, labelled_ids: set[str]) -> set[str]:
    """Items already chosen in an earlier batch (or assigned) and not labelled yet."""
    out = {i for i, _ in store.assignments()}
    for bid in store.batch_ids():
        out.update(store.batch(bid).item_ids)
    return out - labelled_ids


def select_batch(
    store: Store,
    n: int,
    *,
    strategy: str = "default",
    random_state: int | None = None,
    embedder: Embedder | None = None,
    learner: Learner | None = None,
    state: ModelState | None = None,
    include_pending: bool = False,
) -> Batch:
    """Choose ``n`` unlabelled items with ``strategy`` and record them as a batch.

    ``"default"`` is :data:`curate.active.simulate.DEFAULT_STRATEGY`; before
    the model can be fitted (fewer than two classes labelled) it falls back
    to k-means representatives, and the batch's parameters say so.  Items of
    earlier batches that are still unlabelled are not chosen again unless
    ``include_pending``.  Items out of the pool (marked not labelable, rejected:
    :func:`curate.store.pool.in_pool`) are never chosen, even from a ``state``
    fitted before they were marked; ``params["unlabelable"]`` counts the items
    left out as not labelable.  A ``state`` from :func:`model_state` saves refitting.
    """
    from curate.active.simulate import DEFAULT_STRATEGY, resolve_strategy
    from curate.active.strategies import Pool

    if n < 1:
        raise CurateError(f"a batch needs at least one item, got n={n}")
    st = state or model_state(store, embedder=embedder, learner=learner)
    chosen = resolve_strategy(strategy)
    note = ""
    if chosen.needs_model and st.proba is None:
        if strategy != "default":
            raise CurateError(
                f"strategy {strategy!r} needs a model, and the project has labels of fewer than two classes: "
                "label a few items first, or use strategy 'kmeans' (cold start) or 'random'"
            )
        chosen = resolve_strategy("kmeans")
        note = "cold start: no model yet, k-means representatives"
    labelled = st.labelled.copy()
    out_of_pool = store.out_of_pool_ids()
    if out_of_pool:  # the store decides now, whatever the state saw when it was fitted
        labelled |= np.fromiter((i in out_of_pool for i in st.ids), dtype=bool, count=len(st.ids))
    if not include_pending:
        pending = _pending(store, {i for i, m in zip(st.ids, st.labelled, strict=True) if m})
        labelled |= np.fromiter((i in pending for i in st.ids), dtype=bool, count=len(st.ids))
    if labelled.all():
        raise CurateError(
            "every item is labelled, already in a batch or marked not labelable: import more items, "
            "or pass include_pending=True"
        )
    pool = Pool(
        ids=st.ids,
        labelled=labelled,
        embeddings=st.views.semantic,
        proba=st.proba,
        y=st.y,
        class_names=st.class_names,
        texts=st.texts,
    )
    sel = chosen.select(pool, n, rng=np.random.default_rng(random_state))
    params: dict[str, Any] = {
        "n": n,
        "requested": strategy,
        "default_is": DEFAULT_STRATEGY,
        "random_state": random_state,
        "embedder": st.embedder_id,
        "labelled": int(st.labelled.sum()),
        "learner": st.learner.get_params() if st.learner else None,
        "unlabelable": len(store.unlabelable()),
    }
    if note:
        params["note"] = note
    items = [
        BatchItem(item_id=i, rank=k, score=s, reason=r)
        for k, (i, s, r) in enumerate(zip(sel.ids, sel.scores, sel.reasons, strict=True))
    ]
    return store.add_batch(strategy=chosen.name, params=params, model_version=st.model_version, items=items)


def assign_batch(
    store: Store,
    batch: Batch | int,
    annotators: Sequence[str],
    *,
    overlap: float = 0.2,
    copies: int = 2,
    random_state: int | None = None,
) -> dict[str, list[str]]:
    """Share a batch among annotators; ``overlap`` of its items go to ``copies`` annotators each.

    The overlapping items measure agreement; the rest are dealt out so every
    annotator gets about the same number.  Returns ``{annotator: item ids}``.
    """
    names = list(dict.fromkeys(a.strip() for a in annotators if a and a.strip()))
    if not names:
        raise CurateError("name at least one annotator to assign the batch to")
    if not 0.0 <= overlap <= 1.0:
        raise CurateError(f"overlap is a share of the batch between 0 and 1, got {overlap}")
    b = store.batch(batch) if isinstance(batch, int) else batch
    ids = b.item_ids
    rng = np.random.default_rng(random_state)
    k = min(max(copies, 1), len(names))
    n_shared = round(overlap * len(ids)) if k > 1 else 0
    shared = set(rng.permutation(len(ids))[:n_shared].tolist())
    load = dict.fromkeys(names, 0)
    out: dict[str, list[str]] = {a: [] for a in names}
    for pos, item_id in enumerate(ids):  # batch order: the most useful items are spread first
        want = k if pos in shared else 1
        offset = int(rng.integers(len(names)))
        rotated = names[offset:] + names[:offset]
        for who in sorted(rotated, key=lambda a: load[a])[:want]:
            out[who].append(item_id)
            load[who] += 1
    store.assign([(i, a) for a, got in out.items() for i in got], batch_id=b.id)
    return out


def stopping_curve(
    state: ModelState,
    *,
    checkpoints: int = 8,
    stop_set_size: int = 500,
    threshold: float = 0.99,
    window: int = 3,
    random_state: int | None = 0,
) -> dict[str, Any]:
    """Stabilising predictions (Bloodgood and Vijay-Shanker, 2009) on a held-out unlabelled sample.

    The learner is refitted on the first ``m`` labels, in the order they were
    given, for ``checkpoints`` growing values of ``m``; Cohen's kappa between
    successive models' predictions on a fixed random sample of unlabelled
    items says whether more labels still change the model.  ``stop`` is true
    when the last ``window`` kappas reach ``threshold``.
    """
    from sklearn.metrics import cohen_kappa_score

    from curate.active.learner import Learner

    rows_by_id = {i: r for r, i in enumerate(state.ids)}
    order = [rows_by_id[i] for i in state.label_order if i in rows_by_id and state.labelled[rows_by_id[i]]]
    unl = np.flatnonzero(~state.labelled)
    rng = np.random.default_rng(random_state)
    stop_rows = rng.choice(unl, min(stop_set_size, len(unl)), replace=False) if len(unl) else unl
    result: dict[str, Any] = {"curve": [], "stop": False, "threshold": threshold, "window": window}
    if len(order) < 4 or len(stop_rows) == 0:
        return result
    sizes = sorted({int(s) for s in np.linspace(max(2, len(order) // checkpoints), len(order), checkpoints)})
    stop_views = state.views.take(stop_rows)
    prev: np.ndarray | None = None
    params = state.learner.get_params() if state.learner else Learner().get_params()
    for m in sizes:
        rows = np.asarray(order[:m])
        if len(np.unique(state.y[rows])) < 2:
            continue
        model = Learner(**{**params, "multi_label": False})
        pred = model.fit(state.views.take(rows), state.y[rows], n_classes=len(state.class_names)).predict(
            stop_views
        )
        if prev is not None:
            same = bool(np.array_equal(pred, prev))
            kappa = 1.0 if same else float(cohen_kappa_score(prev, pred))
            result["curve"].append([m, kappa])
        prev = pred
    kappas = [k for _, k in result["curve"]]
    result["stop"] = len(kappas) >= window and all(k >= threshold for k in kappas[-window:])
    return result
