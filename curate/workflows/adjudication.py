"""Review of contested items: which items need a reviewer, and the reviewer's queue.

An item needs review when its annotators disagree, when one of them marked
the decision unsure, or when a quality check flagged it.  The reviewer's
final label is an ``adjudicate`` event; it wins over the annotators' votes.
No UI code here: :class:`curate.widgets.Reviewer` is a view over
:class:`ReviewSession`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from curate.errors import CurateError
from curate.schema import Annotation, Item
from curate.session import ServedItems, decision_rate
from curate.store import tables as t
from curate.store.engine import with_retry

if TYPE_CHECKING:
    from curate.project import Project
    from curate.store import Store

__all__ = ["ReviewCase", "ReviewSession", "Vote", "review_cases"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote:
    """One annotator's current decision on an item, with the note of that decision."""

    annotator: str
    labels: tuple[str, ...]
    unsure: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewCase:
    """An item that needs a reviewer, why, and every annotator's vote."""

    item_id: str
    reasons: tuple[str, ...]
    votes: tuple[Vote, ...]
    resolved: tuple[str, ...] | None = None


def latest_notes(store: Store, item_ids: Iterable[str]) -> dict[tuple[str, str], str | None]:
    """The note of each (item, annotator)'s latest label or adjudicate event."""
    ids = list(dict.fromkeys(item_ids))

    def fn(c: sa.Connection) -> dict[tuple[str, str], str | None]:
        out: dict[tuple[str, str], str | None] = {}
        for chunk in range(0, len(ids), 500):
            q = (
                sa.select(t.events.c.item_id, t.events.c.annotator, t.events.c.note)
                .where(t.events.c.item_id.in_(ids[chunk : chunk + 500]))
                .where(t.events.c.kind.in_(("label", "adjudicate")))
                .order_by(t.events.c.id)
            )
            for r in c.execute(q):
                out[(r.item_id, r.annotator)] = r.note
        return out

    return with_retry(store.engine, fn, write=False)


def review_cases(
    store: Store,
    *,
    flagged: Mapping[str, str] | Iterable[str] | None = None,
    include_resolved: bool = False,
    annotators: Iterable[str] | None = None,
) -> list[ReviewCase]:
    """Items that need a reviewer, in insertion order.

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
    for row in store.current_rows():
        if row["kind"] == "adjudicate":
            resolved[row["item_id"]] = tuple(row["labels"])
        elif row["kind"] == "label" and (who is None or row["annotator"] in who):
            votes.setdefault(row["item_id"], []).append(row)
    contested: dict[str, list[str]] = {}
    for item_id, rows in votes.items():
        reasons = []
        if len({tuple(r["labels"]) for r in rows}) > 1:
            reasons.append("disagreement")
        if any(r["unsure"] for r in rows):
            reasons.append("unsure")
        if reasons:
            contested[item_id] = reasons
    for item_id, why in flags.items():
        contested.setdefault(item_id, []).append(why)
    if not include_resolved:
        contested = {k: v for k, v in contested.items() if k not in resolved}
    if not contested:
        return []
    order = {it.id: n for n, it in enumerate(store.items(contested))}
    notes = latest_notes(store, contested)
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
                    )
                    for r in rows
                ),
                resolved=resolved.get(item_id),
            )
        )
    return cases


class ReviewSession(ServedItems):
    """A reviewer's queue over :func:`review_cases`, with the same moves as :class:`~curate.session.Session`.

    Obtain it with ``Project.reviewer(...).session`` or directly; decisions are
    ``adjudicate`` events, each committed when :meth:`submit` returns.
    """

    def __init__(
        self,
        project: Project,
        reviewer: str,
        *,
        flagged: Mapping[str, str] | Iterable[str] | None = None,
        include_resolved: bool = False,
        annotators: Iterable[str] | None = None,
    ) -> None:
        if not reviewer or not reviewer.strip():
            raise CurateError("a reviewer name is needed: project.reviewer(reviewer='your-name')")
        self.project = project
        self.annotator = reviewer.strip()
        self.cases = {
            c.item_id: c
            for c in review_cases(
                project.store, flagged=flagged, include_resolved=include_resolved, annotators=annotators
            )
        }
        self._history = list(self.cases)
        self._pos = 0 if self._history else -1
        self._shown_at = time.monotonic()
        self._decided = 0
        self._spent = 0.0
        self._lock = threading.RLock()

    def decision(self, item_id: str | None = None) -> tuple[str, ...] | None:
        """The reviewer's final label on the item, if set."""
        item_id = item_id or (self.current.id if self.current else None)
        if item_id is None:
            return None
        return (
            self.project.store.current(item_id=item_id, annotator=self.annotator)
            .get(item_id, {})
            .get(self.annotator)
        )

    def reserve(self, n: int) -> list[Item]:
        """All cases are known up front: nothing to reserve."""
        return []

    def next(self) -> Item | None:
        with self._lock:
            self._pos = min(self._pos + 1, len(self._history))
            self._shown_at = time.monotonic()
            return self.current

    def _locate(self, item_id: str | None) -> str:
        if item_id is None:
            item = self.current
            if item is None:
                raise CurateError("no item is on screen: every case has been reviewed")
            return item.id
        if item_id not in self.cases:
            raise CurateError(f"item {item_id!r} is not among the cases of this review")
        self._pos = self._history.index(item_id)
        return item_id

    def submit(
        self,
        labels: Iterable[str] | str,
        *,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        advance: bool = True,
        item_id: str | None = None,
    ) -> Annotation:
        """Set the final label of a case (an ``adjudicate`` event), then move on."""
        del unsure  # a final label is not tentative
        with self._lock:
            target = self._locate(item_id)
            if seconds is None:
                seconds = round(time.monotonic() - self._shown_at, 3)
            event = self.project.adjudicate(target, self.annotator, labels, note=note)
            self._decided += 1
            self._spent += seconds
            if advance:
                self.next()
            return event

    def skip(self, *, item_id: str | None = None, seconds: float | None = None) -> Item | None:
        """Leave a case for later (nothing is recorded)."""
        with self._lock:
            self._locate(item_id)
            return self.next()

    def undo(self) -> Annotation | None:
        """Take back the reviewer's latest final label and show that case again."""
        with self._lock:
            event = self.project.undo(self.annotator)
            if event is None:
                return None
            if event.item_id not in self.cases:
                self.cases[event.item_id] = ReviewCase(item_id=event.item_id, reasons=("undone",), votes=())
                self._history.insert(max(self._pos, 0), event.item_id)
            self._pos = self._history.index(event.item_id)
            self._decided = max(self._decided - 1, 0)
            return event

    def progress(self) -> dict[str, Any]:
        """Cases reviewed, remaining, and the rate in this session."""
        # Final labels only: a reviewer who also labelled a case as an annotator has not reviewed it.
        done = set(self.project.store.current(annotator=self.annotator, kind="adjudicate")) & set(self.cases)
        return {
            "done": len(done),
            "assigned": len(self.cases),
            "remaining": len(self.cases) - len(done),
            "session_done": self._decided,
            "per_hour": decision_rate(self._decided, self._spent),
        }

    def votes_json(self, item_id: str) -> list[dict[str, Any]]:
        """The votes of a case as plain data for a view."""
        case = self.cases.get(item_id)
        if case is None:
            return []
        return [_vote_dict(v) for v in case.votes]


def _vote_dict(v: Vote) -> dict[str, Any]:
    return {"annotator": v.annotator, "labels": list(v.labels), "unsure": v.unsure, "note": v.note or ""}
