"""Review of contested items: which items need a reviewer, and the reviewer's queue.

An item needs review when its annotators disagree, when one of them marked
the decision unsure, or when a quality check flagged it.  The reviewer's
final label is an ``adjudicate`` event; it wins over the annotators' votes.
The reviewer's queue over these cases is :class:`curate.session.ReviewSession`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curate.spans.model import LabeledSpan
    from curate.store import Store

__all__ = ["ReviewCase", "Vote", "review_cases"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote:
    """One annotator's current decision on an item, with the note of that decision."""

    annotator: str
    labels: tuple[str, ...]
    unsure: bool = False
    note: str | None = None
    spans: tuple[LabeledSpan, ...] | None = None  # span tasks: the annotator's span list


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewCase:
    """An item that needs a reviewer, why, and every annotator's vote."""

    item_id: str
    reasons: tuple[str, ...]
    votes: tuple[Vote, ...]
    resolved: tuple[str, ...] | None = None
    resolved_spans: tuple[LabeledSpan, ...] | None = None  # span tasks: the adjudicated set


def review_cases(
    store: Store,
    *,
    flagged: Mapping[str, str] | Iterable[str] | None = None,
    include_resolved: bool = False,
    annotators: Iterable[str] | None = None,
) -> list[ReviewCase]:
    """Items that need a reviewer, in insertion order.

    Items marked not labelable are left out unless ``flagged`` names them.

    Parameters
    ----------
    store
        The project store.
    flagged
        Item ids a quality check flagged, optionally mapped to the reason shown.
    include_resolved
        Also list items a reviewer has already adjudicated.
    annotators
        Only count these annotators' votes (default: everyone who labelled).
    """
    flags: dict[str, str] = {}
    if flagged is not None:
        if isinstance(flagged, Mapping):
            flags = {str(k): str(v) for k, v in flagged.items()}
        else:
            flags = {str(k): "flagged" for k in flagged}
    who = None if annotators is None else set(annotators)
    votes: dict[str, list[dict[str, Any]]] = {}
    resolved: dict[str, tuple[str, ...]] = {}
    resolved_spans: dict[str, tuple[LabeledSpan, ...] | None] = {}
    for row in store.current_rows():
        if row["kind"] == "adjudicate":
            resolved[row["item_id"]] = tuple(row["labels"])
            resolved_spans[row["item_id"]] = row.get("spans")
        elif row["kind"] == "label" and (who is None or row["annotator"] in who):
            votes.setdefault(row["item_id"], []).append(row)
    contested: dict[str, list[str]] = {}
    for item_id, rows in votes.items():
        reasons = []
        # Span tasks: annotators disagree when their span lists (or document labels) differ.
        if len({(tuple(r["labels"]), r.get("spans")) for r in rows}) > 1:
            reasons.append("disagreement")
        if any(r["unsure"] for r in rows):
            reasons.append("unsure")
        if reasons:
            contested[item_id] = reasons
    marked = store.unlabelable()  # a lead took them out of the pool: no label is needed
    contested = {k: v for k, v in contested.items() if k not in marked}
    for item_id, why in flags.items():
        contested.setdefault(item_id, []).append(why)
    if not include_resolved:
        contested = {k: v for k, v in contested.items() if k not in resolved}
    if not contested:
        return []
    order = {it.id: n for n, it in enumerate(store.items(contested))}
    notes = store.latest_notes(contested)
    cases = []
    for item_id in sorted(contested, key=order.__getitem__):
        rows = sorted(votes.get(item_id, []), key=lambda r: r["annotator"])
        cases.append(
            ReviewCase(
                item_id=item_id,
                reasons=tuple(contested[item_id]),
                votes=tuple(
                    Vote(
                        annotator=r["annotator"],
                        labels=tuple(r["labels"]),
                        unsure=bool(r["unsure"]),
                        note=notes.get((item_id, r["annotator"])),
                        spans=r.get("spans"),
                    )
                    for r in rows
                ),
                resolved=resolved.get(item_id),
                resolved_spans=resolved_spans.get(item_id),
            )
        )
    return cases
