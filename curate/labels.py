"""What is each item's label now: the one resolver every caller uses.

Words: a *vote* (an annotator's *decision*, in the session and widgets) is
one annotator's current labels on an item (a row of ``Store.current_rows()``
with ``kind == "label"``); a *resolution* is the label (or label set) the item
has now, resolved from its votes and its review.

Order of precedence for a real item: a reviewer's adjudication (the latest, if
several), else the annotators' unanimous vote, else the majority.  Items whose
top labels tie wait (``method == "tie"``, no labels).  Multi-label items take
every label more than half of the annotators chose; a label chosen by exactly
half is a tie.  Imported labels (annotator ``imported:...``) count as an
annotator like any other.

A synthetic item has no label while it is pending or rejected.  An accepted one
has the label people gave it (resolved as above), else the label its generator
intended (:func:`intended_labels`, read from its provenance), with
``method == "generated"``, no annotators and no agreement: a generator is not
an annotator.

Export (:func:`curate.export.plan_export`), training
(:func:`curate.workflows.select.model_state`), gap analysis, ``curate stats``
and the dataset card all call :func:`resolve_labels`.

Span tasks follow the same order with span lists in place of labels
(:func:`resolve_span_item`, :func:`resolve_spans`): the latest adjudicated
set, else the annotators' unanimous list, else every span (same start, end
and label) more than half of the annotators marked; a span marked by exactly
half is a tie, and the item waits for a reviewer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from curate.errors import CurateError
from curate.quality.agreement import item_agreement
from curate.schema import Item, Provenance, TaskSpec
from curate.spans.model import LabeledSpan

__all__ = [
    "Method",
    "Resolution",
    "SpanResolution",
    "intended_labels",
    "resolve_all",
    "resolve_item",
    "resolve_labels",
    "resolve_span_item",
    "resolve_spans",
]

#: How a resolution was reached.  ``generated``: an accepted synthetic item nobody
#: labelled, carrying its generator's intended label.
Method = Literal["adjudicated", "unanimous", "majority", "tie", "generated"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """The label an item has now.

    ``labels`` is empty when ``method == "tie"``; ``n_annotators`` counts people
    (a reviewer's adjudication and a generator are not counted); ``agreement`` is
    the share of annotators agreeing with the resolution (None without votes).
    """

    item_id: str
    labels: tuple[str, ...]
    method: Method
    n_annotators: int
    agreement: float | None


def resolve_item(
    item_id: str, rows: Iterable[Mapping[str, Any]], *, label_order: Sequence[str], multi_label: bool
) -> Resolution | None:
    """Resolve one item from its ``Store.current_rows()`` entries (None if it has no vote).

    Skips are ignored; the latest ``adjudicate`` row wins over every vote.
    """
    votes: dict[str, tuple[str, ...]] = {}
    adjudications: list[tuple[int, tuple[str, ...]]] = []
    for row in rows:
        kind = row["kind"]
        labels = tuple(row["labels"])
        if kind == "adjudicate":
            adjudications.append((int(row["event_id"]), labels))
        elif kind == "label" and labels:
            votes[str(row["annotator"])] = labels
    order = {name: i for i, name in enumerate(label_order)}

    def ordered(labels: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(labels), key=lambda lab: (order.get(lab, len(order)), lab)))

    n = len(votes)
    if adjudications:
        final = ordered(max(adjudications)[1])
        agree = item_agreement(votes, resolved=final, multi_label=multi_label) if votes else None
        return Resolution(
            item_id=item_id, labels=final, method="adjudicated", n_annotators=n, agreement=agree
        )
    if not votes:
        return None
    if multi_label:
        counts: Counter[str] = Counter(lab for v in votes.values() for lab in set(v))
        if any(c * 2 == n for c in counts.values()):
            return Resolution(item_id=item_id, labels=(), method="tie", n_annotators=n, agreement=None)
        final = ordered(lab for lab, c in counts.items() if c * 2 > n)
        if not final:
            return Resolution(item_id=item_id, labels=(), method="tie", n_annotators=n, agreement=None)
        unanimous = all(set(v) == set(final) for v in votes.values())
    else:
        counts = Counter(v[0] for v in votes.values())
        ranked = counts.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return Resolution(item_id=item_id, labels=(), method="tie", n_annotators=n, agreement=None)
        final = (ranked[0][0],)
        unanimous = len(ranked) == 1
    agree = item_agreement(votes, resolved=final, multi_label=multi_label)
    return Resolution(
        item_id=item_id,
        labels=final,
        method="unanimous" if unanimous else "majority",
        n_annotators=n,
        agreement=agree,
    )


def resolve_all(
    current_rows: Iterable[Mapping[str, Any]], *, label_order: Sequence[str], multi_label: bool
) -> dict[str, Resolution]:
    """Resolve the votes of every item that has one: ``{item_id: Resolution}`` (ties included).

    Votes only: item status and synthetic review are :func:`resolve_labels`'s job.
    """
    by_item: dict[str, list[Mapping[str, Any]]] = {}
    for row in current_rows:
        by_item.setdefault(str(row["item_id"]), []).append(row)
    out: dict[str, Resolution] = {}
    for item_id in sorted(by_item):
        resolution = resolve_item(item_id, by_item[item_id], label_order=label_order, multi_label=multi_label)
        if resolution is not None:
            out[item_id] = resolution
    return out


def intended_labels(provenance: Provenance | None, spec: TaskSpec) -> tuple[str, ...]:
    """The label(s) a synthetic item's generator meant, from its provenance (() if none or unknown)."""
    details = dict(provenance.details) if provenance else {}
    raw = details.get("labels", details.get("label", details.get("target_label")))
    if not raw:
        return ()
    try:
        return spec.check_labels((raw,) if isinstance(raw, str) else tuple(raw))
    except CurateError:
        return ()


def resolve_labels(
    items: Iterable[Item],
    current_rows: Iterable[Mapping[str, Any]],
    provenance: Mapping[str, Provenance],
    *,
    spec: TaskSpec,
) -> dict[str, Resolution]:
    """``{item_id: Resolution}`` for every accepted item that has a label now or a tie, by item id.

    Items not accepted (rejected real items, pending or rejected synthetic ones)
    have no label.  An accepted synthetic item nobody voted on takes its
    intended label (``method == "generated"``).  Ties are included with
    ``method == "tie"`` and no labels: they wait for an adjudication.
    """
    accepted = {it.id: it for it in items if it.status == "accepted"}
    by_votes = resolve_all(
        (r for r in current_rows if r["item_id"] in accepted),
        label_order=spec.label_names,
        multi_label=spec.multi_label,
    )
    out: dict[str, Resolution] = {}
    for item_id, item in sorted(accepted.items()):
        resolution = by_votes.get(item_id)
        if resolution is None and item.origin == "synthetic":
            meant = intended_labels(provenance.get(item_id), spec)
            if meant:
                resolution = Resolution(
                    item_id=item_id, labels=meant, method="generated", n_annotators=0, agreement=None
                )
        if resolution is not None:
            out[item_id] = resolution
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanResolution:
    """The span list an item has now (span tasks).

    ``spans`` is empty on a tie (and when the resolution is that there is nothing to
    mark); ``n_annotators`` counts people, not the reviewer; ``agreement`` is the share
    of annotators whose list equals the resolution (None without votes).
    """

    item_id: str
    spans: tuple[LabeledSpan, ...]
    method: Method
    n_annotators: int
    agreement: float | None


def resolve_span_item(item_id: str, rows: Iterable[Mapping[str, Any]]) -> SpanResolution | None:
    """Resolve one item's span lists from its ``Store.current_rows()`` entries (None without any).

    Rows without a span list (skips, classification rows) are ignored; the latest
    ``adjudicate`` row wins over every annotator.
    """
    votes: dict[str, tuple[LabeledSpan, ...]] = {}
    adjudications: list[tuple[int, tuple[LabeledSpan, ...]]] = []
    for row in rows:
        spans = row.get("spans")
        if spans is None:
            continue
        if row["kind"] == "adjudicate":
            adjudications.append((int(row["event_id"]), tuple(sorted(set(spans)))))
        elif row["kind"] == "label":
            votes[str(row["annotator"])] = tuple(sorted(set(spans)))
    n = len(votes)

    def agreeing(final: tuple[LabeledSpan, ...]) -> float | None:
        return sum(v == final for v in votes.values()) / n if n else None

    if adjudications:
        final = max(adjudications, key=lambda a: a[0])[1]
        return SpanResolution(
            item_id=item_id, spans=final, method="adjudicated", n_annotators=n, agreement=agreeing(final)
        )
    if not votes:
        return None
    lists = set(votes.values())
    if len(lists) == 1:
        final = next(iter(lists))
        return SpanResolution(item_id=item_id, spans=final, method="unanimous", n_annotators=n, agreement=1.0)
    counts: Counter[LabeledSpan] = Counter(s for v in votes.values() for s in v)
    if any(c * 2 == n for c in counts.values()):
        return SpanResolution(item_id=item_id, spans=(), method="tie", n_annotators=n, agreement=None)
    final = tuple(sorted(s for s, c in counts.items() if c * 2 > n))
    return SpanResolution(
        item_id=item_id, spans=final, method="majority", n_annotators=n, agreement=agreeing(final)
    )


def resolve_spans(
    items: Iterable[Item], current_rows: Iterable[Mapping[str, Any]]
) -> dict[str, SpanResolution]:
    """``{item_id: SpanResolution}`` for every accepted item with a span list now or a tie, by item id."""
    accepted = {it.id for it in items if it.status == "accepted"}
    by_item: dict[str, list[Mapping[str, Any]]] = {}
    for row in current_rows:
        if row["item_id"] in accepted:
            by_item.setdefault(str(row["item_id"]), []).append(row)
    out: dict[str, SpanResolution] = {}
    for item_id in sorted(by_item):
        resolution = resolve_span_item(item_id, by_item[item_id])
        if resolution is not None:
            out[item_id] = resolution
    return out
