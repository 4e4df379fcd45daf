"""Labels now and the counts ``curate stats`` prints, both from the one resolver."""

from __future__ import annotations

from collections import Counter
from typing import Any

from curate.labels import Resolution, resolve_labels, resolve_spans
from curate.schema import TaskSpec
from curate.spans.spec import SpanTaskSpec
from curate.store import Store

__all__ = ["labels_now", "resolved", "stats"]


def resolved(store: Store, spec: TaskSpec | None = None, *, real_only: bool = False) -> dict[str, Resolution]:
    """``{item_id: Resolution}`` of every accepted item with a label or a tie, read in one transaction.

    ``real_only`` leaves synthetic items out.
    """
    state = store.label_inputs()
    items = [it for it in state.items if it.origin == "real"] if real_only else state.items
    return resolve_labels(items, state.current_rows, state.provenance, spec=spec or store.spec())


def labels_now(store: Store, *, real_only: bool = False) -> dict[str, tuple[str, ...]]:
    """Each item's labels now (:func:`resolved` without the ties)."""
    return {i: r.labels for i, r in resolved(store, real_only=real_only).items() if r.labels}


def stats(store: Store) -> dict[str, Any]:
    """Items, labelled (a label or a tie now), by resolved label, ties, by annotator (people), by origin."""
    stored = store.stats()
    if isinstance(store.task(), SpanTaskSpec):
        return _span_stats(store, stored)
    res = resolved(store)
    by_label = Counter(lab for r in res.values() for lab in r.labels)
    return {
        "items": stored["items"],
        "labelled": len(res),
        "by_label": dict(sorted(by_label.items())),
        "ties": sum(r.method == "tie" for r in res.values()),
        **{k: v for k, v in stored.items() if k not in ("items", "labelled")},
    }


def _span_stats(store: Store, stored: dict[str, Any]) -> dict[str, Any]:
    """``curate stats`` of a span task: documents with a span list now, spans by resolved label, ties."""
    state = store.label_inputs()
    res = resolve_spans(state.items, state.current_rows)
    by_label = Counter(s.label for r in res.values() for s in r.spans)
    return {
        "kind": "spans",
        "items": stored["items"],
        "labelled": len(res),
        "spans_by_label": dict(sorted(by_label.items())),
        "ties": sum(r.method == "tie" for r in res.values()),
        **{k: v for k, v in stored.items() if k not in ("items", "labelled")},
    }
