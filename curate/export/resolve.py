"""Label resolution: one final label (or label set) per item from its current decisions.

Order of precedence: a reviewer's adjudication (the latest, if several), else
the annotators' unanimous decision, else the majority.  Items whose top labels
tie are flagged and left out of the export, with a count.  Multi-label items
take every label more than half of the annotators chose; a label chosen by
exactly half is a tie.  Imported labels (annotator ``imported:...``) count as
an annotator like any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from curate.quality.agreement import item_agreement

__all__ = ["Decision", "resolve_all", "resolve_item"]

Method = Literal["adjudicated", "unanimous", "majority", "tie"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """The resolved decision for one item.

    ``labels`` is empty when ``method == "tie"``; ``agreement`` is the share of
    annotators agreeing with the decision (None when nobody but a reviewer
    labelled the item).
    """

    item_id: str
    labels: tuple[str, ...]
    method: Method
    n_annotators: int
    agreement: float | None


def resolve_item(
    item_id: str, rows: Iterable[Mapping[str, Any]], *, label_order: Sequence[str], multi_label: bool
) -> Decision | None:
    """Resolve one item from its ``Store.current_rows()`` entries (None if it has no decision).

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
        return Decision(item_id=item_id, labels=final, method="adjudicated", n_annotators=n, agreement=agree)
    if not votes:
        return None
    if multi_label:
        counts: Counter[str] = Counter(lab for v in votes.values() for lab in set(v))
        if any(c * 2 == n for c in counts.values()):
            return Decision(item_id=item_id, labels=(), method="tie", n_annotators=n, agreement=None)
        final = ordered(lab for lab, c in counts.items() if c * 2 > n)
        if not final:
            return Decision(item_id=item_id, labels=(), method="tie", n_annotators=n, agreement=None)
        unanimous = all(set(v) == set(final) for v in votes.values())
    else:
        counts = Counter(v[0] for v in votes.values())
        ranked = counts.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return Decision(item_id=item_id, labels=(), method="tie", n_annotators=n, agreement=None)
        final = (ranked[0][0],)
        unanimous = len(ranked) == 1
    agree = item_agreement(votes, resolved=final, multi_label=multi_label)
    return Decision(
        item_id=item_id,
        labels=final,
        method="unanimous" if unanimous else "majority",
        n_annotators=n,
        agreement=agree,
    )


def resolve_all(
    current_rows: Iterable[Mapping[str, Any]], *, label_order: Sequence[str], multi_label: bool
) -> dict[str, Decision]:
    """Resolve every item that has a current decision: ``{item_id: Decision}`` (ties included)."""
    by_item: dict[str, list[Mapping[str, Any]]] = {}
    for row in current_rows:
        by_item.setdefault(str(row["item_id"]), []).append(row)
    out: dict[str, Decision] = {}
    for item_id in sorted(by_item):
        decision = resolve_item(item_id, by_item[item_id], label_order=label_order, multi_label=multi_label)
        if decision is not None:
            out[item_id] = decision
    return out
