"""The numbers behind the lead's overview: labels, agreement, throughput, learning curve, open work.

Every figure comes from the function the rest of curate uses for it: labels
from the project's resolver, agreement from :func:`curate.quality.agreement_report`,
personal data from :func:`curate.workflows.pii.report`, candidates from the
synthetic review state.  Functions take what they use (a store, a spec, a
fitted :class:`~curate.workflows.select.ModelState`), never the project.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from curate.schema import Annotation

if TYPE_CHECKING:
    from curate.quality.agreement import Votes
    from curate.workflows.select import ModelState

__all__ = ["agreement_by_label", "label_distribution", "learning_curve", "throughput"]


def label_distribution(
    labels: Mapping[str, Sequence[str]], label_names: Sequence[str], state: ModelState | None = None
) -> list[dict[str, Any]]:
    """Per label: items labelled (resolved labels) and items the model predicts among the unlabelled."""
    labelled: Counter[str] = Counter(lab for labs in labels.values() for lab in labs)
    predicted: Counter[str] = Counter()
    if state is not None and state.proba is not None:
        names = list(state.class_names)
        for k in state.proba[~state.labelled].argmax(axis=1):
            predicted[names[int(k)]] += 1
    return [
        {
            "label": name,
            "labelled": labelled.get(name, 0),
            "predicted (unlabelled)": predicted.get(name, 0)
            if state is not None and state.proba is not None
            else None,
        }
        for name in label_names
    ]


def agreement_by_label(
    votes: Mapping[str, Votes], label_names: Sequence[str], *, multi_label: bool = False
) -> list[dict[str, Any]]:
    """Agreement per label and annotator pair: each label as a yes/no question on items two people labelled.

    Row ``all labels`` is the whole report; a label's row holds Krippendorff's
    alpha and each pair's Cohen's kappa on "is it this label?".  Empty when no
    item has two annotators.
    """
    from curate.quality import agreement_report

    whole = agreement_report(votes, labels=label_names, multi_label=multi_label)
    if not whole.n_multi_annotated:
        return []
    pairs = list(whole.pairwise)
    rows = [{"label": "all labels", "items": whole.n_multi_annotated, "alpha": whole.alpha, **whole.pairwise}]
    multi = {i: per for i, per in votes.items() if len(per) >= 2}
    for name in label_names:
        binary = {
            i: {a: (("yes",) if name in v else ("no",)) for a, v in per.items()} for i, per in multi.items()
        }
        involved = sum(1 for per in multi.values() if any(name in v for v in per.values()))
        if not involved:
            continue
        rep = agreement_report(binary)
        rows.append(
            {"label": name, "items": involved, "alpha": rep.alpha, **{p: rep.pairwise.get(p) for p in pairs}}
        )
    return rows


def _when(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def throughput(events: Sequence[Annotation]) -> list[dict[str, Any]]:
    """Per person: decisions, items, median and mean seconds per item, items per hour of labelling, days active.

    Generators (``synth:``) are left out; imported labels have no timings (None).
    """
    by: dict[str, list[Annotation]] = {}
    for ev in events:
        if ev.kind in ("label", "adjudicate") and not ev.annotator.startswith("synth:"):
            by.setdefault(ev.annotator, []).append(ev)
    rows = []
    for name, evs in sorted(by.items()):
        secs = [float(e.seconds) for e in evs if e.seconds is not None and e.seconds > 0]
        days = {d.date() for d in (_when(e.created_at) for e in evs) if d is not None}
        median = statistics.median(secs) if secs else None
        rows.append(
            {
                "annotator": name,
                "decisions": len(evs),
                "items": len({e.item_id for e in evs}),
                "median s/item": round(median, 1) if median is not None else None,
                "mean s/item": round(statistics.fmean(secs), 1) if secs else None,
                "items/hour": round(3600 / statistics.fmean(secs), 1) if secs else None,
                "days active": len(days),
            }
        )
    return rows


def learning_curve(
    state: ModelState, *, points: int = 6, test_share: float = 0.25, random_state: int | None = 0
) -> list[dict[str, Any]]:
    """Held-out accuracy and macro-F1 of the learner refitted on the first ``m`` labels, for growing ``m``.

    A fixed random ``test_share`` of the labelled items is held out; the rest
    are used in the order they were labelled.  Empty with fewer than 10 labels
    or under two classes.
    """
    from sklearn.metrics import accuracy_score, f1_score

    from curate.active.learner import Learner

    row_of = {i: r for r, i in enumerate(state.ids)}
    order = [row_of[i] for i in state.label_order if i in row_of and state.labelled[row_of[i]]]
    if len(order) < 10:
        return []
    rng = np.random.default_rng(random_state)
    test = set(rng.choice(order, max(2, int(len(order) * test_share)), replace=False).tolist())
    train = [r for r in order if r not in test]
    test_rows = np.asarray(sorted(test))
    params = state.learner.get_params() if state.learner else Learner().get_params()
    sizes = sorted({int(s) for s in np.linspace(max(4, len(train) // points), len(train), points)})
    out = []
    for m in sizes:
        rows = np.asarray(train[:m])
        if len(np.unique(state.y[rows])) < 2:
            continue
        model = Learner(**{**params, "multi_label": False})
        model.fit(state.views.take(rows), state.y[rows], n_classes=len(state.class_names))
        pred = model.predict(state.views.take(test_rows))
        truth = state.y[test_rows]
        out.append(
            {
                "labels": m,
                "accuracy": round(float(accuracy_score(truth, pred)), 4),
                "macro F1": round(float(f1_score(truth, pred, average="macro", zero_division=0)), 4),
                "held out": len(test_rows),
            }
        )
    return out


#: Fewest labels before a learning curve or a prediction is drawn.
MIN_LABELS_FOR_CURVE = 10


def collect(
    *,
    labels: Mapping[str, Sequence[str]],
    label_names: Sequence[str],
    multi_label: bool,
    votes: Mapping[str, Votes],
    events: Sequence[Annotation],
    pii: Mapping[str, Any],
    pending: Sequence[Mapping[str, Any]],
    n_items: int,
    state: ModelState | None = None,
    model_note: str | None = None,
    random_state: int | None = 0,
) -> dict[str, Any]:
    """Every section of the overview as JSON-ready records, each with the words to show when it is empty."""
    people = {i: {a: v for a, v in per.items() if not a.startswith("synth:")} for i, per in votes.items()}
    n_labelled = len(labels)
    need_curve = max(0, MIN_LABELS_FOR_CURVE - n_labelled)
    curve = learning_curve(state, random_state=random_state) if state is not None else []
    multi = sum(1 for per in people.values() if len(per) >= 2)
    open_by_entity = dict(pii.get("open_by_entity", {}))
    pending_by_label = Counter(str(p.get("label", "")) for p in pending)
    out: dict[str, Any] = {
        "items": n_items,
        "labelled": n_labelled,
        "label_distribution": label_distribution(labels, label_names, state) if n_labelled else [],
        "model_note": model_note,
        "agreement": agreement_by_label(people, label_names, multi_label=multi_label),
        "throughput": throughput(events),
        "learning_curve": curve,
        "pii": {
            "scanned_at": pii.get("scanned_at"),
            "unscanned_items": pii.get("unscanned_items"),
            # accepted findings are still in the text until apply: they count as open here
            "open_findings": sum(int(pii.get("findings", {}).get(k, 0)) for k in ("open", "accepted")),
            "items_with_open_findings": pii.get("items_with_open_findings", 0),
            "open_by_entity": [{"entity": k, "open findings": v} for k, v in open_by_entity.items()],
        },
        "pending_synthetic": [
            {"label": k, "pending candidates": v} for k, v in sorted(pending_by_label.items())
        ],
    }
    out["empty"] = {
        "label_distribution": None
        if n_labelled
        else "nothing to show yet: no item has a label; label some (01_annotate) or import labelled data",
        "agreement": None
        if out["agreement"]
        else f"nothing to show yet: {multi or 'no'} item{'s' if multi != 1 else ''} labelled by two "
        "people; assign a batch with overlap > 0 and label 2 or more of the shared items",
        "throughput": None if out["throughput"] else "nothing to show yet: nobody has labelled an item",
        "learning_curve": None
        if curve
        else (
            f"nothing to show yet: label {need_curve} more items"
            if need_curve
            else (
                model_note
                or "nothing to show yet: the labels so far hold a single label; label other classes"
            )
        ),
        "pii": (
            "never scanned for personal data: run project.pii_scan() or `curate pii scan`"
            if not pii.get("scanned_at")
            else (None if open_by_entity else "no open personal-data findings")
        ),
        "pending_synthetic": None if pending else "no synthetic candidates awaiting review",
    }
    return out
