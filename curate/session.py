"""One annotator's queue: next, submit, skip, back, undo.  No UI code here.

A :class:`Session` keeps the items served to its annotator in order, so that
``back()`` can return to an earlier decision and change it.  Every decision
goes straight to the store in its own transaction; the session itself holds
nothing that would be lost if the process died.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from curate.errors import CurateError
from curate.schema import Annotation, Item
from curate.spans.model import LabeledSpan
from curate.workflows.adjudication import ReviewCase, Vote, review_cases

if TYPE_CHECKING:
    from curate.project import Project

__all__ = ["ReviewSession", "ServedItems", "Session"]

#: What ``submit(spans=...)`` takes: span records or ``{start, end, label}`` mappings.
SpanInput = Iterable[LabeledSpan | Mapping[str, Any]]


def _submit_to(
    project: Project,
    kind: str,
    item_id: str,
    who: str,
    labels: Iterable[str] | str | None,
    spans: SpanInput | None,
    *,
    unsure: bool,
    note: str | None,
    seconds: float | None,
) -> Annotation:
    """One decision of either task kind: labels on a classification task, a span list on a span task."""
    if project.kind == "spans":
        if spans is None:
            raise CurateError(
                "this is a span task: submit the item's whole span list, submit(spans=[...]) "
                "(an empty list when there is nothing to mark)"
            )
        if kind == "adjudicate":
            return project.adjudicate_spans(item_id, who, spans, labels=labels or (), note=note)
        return project.annotate_spans(
            item_id, who, spans, labels=labels or (), unsure=unsure, note=note, seconds=seconds
        )
    if spans is not None:
        raise CurateError("this is a classification task: submit labels, not spans")
    if labels is None:
        raise CurateError("no label given: submit(['label']) or skip the item")
    if kind == "adjudicate":
        return project.adjudicate(item_id, who, labels, note=note)
    return project.annotate(item_id, who, labels, unsure=unsure, note=note, seconds=seconds)


class ServedItems:
    """The items a queue has served, in order, and which one is on screen.

    Shared by :class:`Session` and the reviewer's queue; subclasses set
    ``project``, ``_history``, ``_pos`` and ``_lock``.
    """

    project: Project
    annotator: str
    _history: list[str]
    _pos: int
    _lock: threading.RLock

    @property
    def current(self) -> Item | None:
        """The item on screen, or None."""
        with self._lock:
            if 0 <= self._pos < len(self._history):
                return self.project.store.item(self._history[self._pos])
            return None

    @property
    def history(self) -> list[str]:
        """Ids of the items served in this session (reserved ones included), in order."""
        return list(self._history)

    @property
    def position(self) -> int:
        """Index in :attr:`history` of the item on screen (``len(history)`` once the queue is done)."""
        return self._pos

    def spans(self, item_id: str | None = None) -> list[LabeledSpan] | None:
        """This annotator's (reviewer's) current span list on ``item_id`` (default: the item on screen); span tasks.

        None when they have not submitted spans for it; ``[]`` when they submitted none.
        """
        if item_id is None:
            item = self.current
            if item is None:
                return None
            item_id = item.id
        found = self.project.store.current_spans(item_id=item_id, annotator=self.annotator)
        spans = found.get(item_id, {}).get(self.annotator)
        return None if spans is None else list(spans)

    @property
    def ahead(self) -> int:
        """How many reserved items wait after the one on screen."""
        with self._lock:
            return max(len(self._history) - max(self._pos + 1, 0), 0)


class Session(ServedItems):
    """The queue of one annotator; obtain it with :meth:`Project.session`.

    Examples
    --------
    >>> session = project.session("ana")            # doctest: +SKIP
    >>> item = session.next()                       # doctest: +SKIP
    >>> session.submit(["unfair"], note="clause 4")  # doctest: +SKIP
    """

    def __init__(
        self, project: Project, annotator: str, *, batch: int | None = None, lease_s: float = 600.0
    ) -> None:
        if not annotator or not annotator.strip():
            raise CurateError("an annotator name is needed: project.session('your-name')")
        self.project = project
        self.annotator = annotator.strip()
        self.batch = batch
        self.lease_s = lease_s
        self._history: list[str] = []  # item ids served, in order
        self._pos = -1  # index into _history of the item on screen
        self._shown_at = time.monotonic()
        self._skipped: set[str] = set()
        self._lock = threading.RLock()
        self._decided = 0  # decisions made in this session, for the items-per-hour rate
        self._spent = 0.0  # seconds spent on them
        self._rejected: tuple[float, int] | None = None  # (when counted, unlabelled items out of the pool)

    def decision(self, item_id: str | None = None) -> tuple[str, ...] | None:
        """This annotator's current labels on ``item_id`` (default: the item on screen)."""
        if item_id is None:
            item = self.current
            if item is None:
                return None
            item_id = item.id
        return (
            self.project.store.current(item_id=item_id, annotator=self.annotator)
            .get(item_id, {})
            .get(self.annotator)
        )

    def progress(self) -> dict[str, Any]:
        """Counts for this annotator: done, assigned (the batch if one is set), remaining, rate.

        ``remaining`` counts the assigned items not yet done when the annotator has
        assignments, otherwise the items of the pool nobody has labelled yet.
        ``per_hour`` is the rate of decisions in this session (None before the first three).
        Items out of the pool (rejected, or marked not labelable: see
        :func:`curate.store.pool.in_pool`) are never remaining.  All counts are indexed
        queries except the unlabelled items out of the pool, which are recounted at most
        every 30 seconds (they change only on synthetic review and on a lead's mark).
        """
        now = time.monotonic()
        if self._rejected is None or now - self._rejected[0] > 30.0:
            self._rejected = (now, self.project.store.out_of_pool_unlabelled_count())
        counts = self.project.store.progress_counts(self.annotator, batch_id=self.batch)
        assigned, assigned_done = counts["assigned"], counts["assigned_done"]
        pool_left = counts["items"] - counts["labelled"] - self._rejected[1]
        return {
            "done": counts["done"],
            "assigned": assigned,
            "assigned_done": assigned_done,
            "remaining_assigned": assigned - assigned_done,
            "remaining": assigned - assigned_done if assigned else max(pool_left, 0),
            "session_done": self._decided,
            "per_hour": decision_rate(self._decided, self._spent),
        }

    # -- moving ----------------------------------------------------------------------
    def next(self) -> Item | None:
        """Move to the next item: forward in history after ``back()``, else a new one."""
        with self._lock:
            item_id = self._step()
            return None if item_id is None else self.project.store.item(item_id)

    def _serve(self) -> str | None:
        """Lease the next item of the queue that this session has not served yet."""
        return self.project.store.next_for(
            self.annotator,
            exclude=set(self._history) | self._skipped,
            lease_s=self.lease_s,
            batch_id=self.batch,
        )

    def _step(self) -> str | None:
        """Move forward (serving a new item at the end of history); the id now on screen."""
        if self._pos + 1 < len(self._history):
            self._pos += 1
            self._shown_at = time.monotonic()
            return self._history[self._pos]
        item_id = self._serve()
        if item_id is None:
            self._pos = len(self._history)
            return None
        self._history.append(item_id)
        self._pos = len(self._history) - 1
        self._shown_at = time.monotonic()
        return item_id

    def back(self) -> Item | None:
        """Return to the previous item; its decision can be changed with ``submit``."""
        with self._lock:
            if self._pos <= 0:
                return self.current
            self._pos -= 1
            self._shown_at = time.monotonic()
            return self.current

    def _require_current(self) -> Item:
        item = self.current
        if item is None:
            raise CurateError("no item is on screen: call session.next() first")
        return item

    def _locate(self, item_id: str | None) -> str:
        """The id of the item on screen (``item_id`` None) or of a served one, which goes on screen."""
        if item_id is None:
            return self._require_current().id
        if item_id not in self._history:
            raise CurateError(
                f"item {item_id!r} was not served to {self.annotator!r} in this session: "
                "decide only on items from next(), reserve() or peek()"
            )
        self._pos = self._history.index(item_id)
        return item_id

    def seek(self, item_id: str) -> Item:
        """Put a served item back on screen (as ``back()`` does, but by id)."""
        with self._lock:
            found = self.project.store.item(self._locate(item_id))
            self._shown_at = time.monotonic()
            return found

    def reserve(self, n: int) -> list[Item]:
        """Lease up to ``n`` items ahead of the one on screen, so a view can show them at once.

        The reserved items join this session's history in queue order (``next()``
        then walks through them) and are leased to this annotator like any served
        item, so no one else gets them meanwhile.  Returns the newly reserved items.
        """
        with self._lock:
            new: list[str] = []
            while len(self._history) - max(self._pos + 1, 0) < n:
                item_id = self._serve()
                if item_id is None:
                    break
                self._history.append(item_id)
                new.append(item_id)
            return self.project.store.items(new) if new else []

    def submit(
        self,
        labels: Iterable[str] | str | None = None,
        *,
        spans: SpanInput | None = None,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        advance: bool = True,
        item_id: str | None = None,
    ) -> Annotation:
        """Save a decision on the item on screen, then (by default) move to the next item.

        A classification task takes ``labels``; a span task takes ``spans``, the item's
        whole span list (``LabeledSpan`` or ``{start, end, label}``; ``[]`` when there is
        nothing to mark), checked against the text and the task before it is stored, and
        optionally ``labels`` for the task's document-level labels.
        ``item_id`` decides on another item already served in this session (a view
        that shows prefetched items says which one the decision is for); ``seconds``
        is the time spent, measured by the caller when it knows better.
        Returns the stored event; it is committed when this returns.
        """
        with self._lock:
            target = self._locate(item_id)
            if seconds is None:
                seconds = round(time.monotonic() - self._shown_at, 3)
            event = _submit_to(
                self.project,
                "label",
                target,
                self.annotator,
                labels,
                spans,
                unsure=unsure,
                note=note,
                seconds=seconds,
            )
            self._skipped.discard(target)
            self._decided += 1
            self._spent += seconds or 0.0
            if advance:
                self._step()
            return event

    def skip(self, *, item_id: str | None = None, seconds: float | None = None) -> Item | None:
        """Pass over the item on screen (or served item ``item_id``) and move on.

        The skip is recorded as an event only when the annotator has no decision on
        the item; passing over an item already decided (after ``back()``) records nothing.
        """
        with self._lock:
            target = self._locate(item_id)
            if self.decision(target) is None:
                self.project.store.record(
                    item_id=target,
                    annotator=self.annotator,
                    kind="skip",
                    labels=None,
                    spec_version=self.project.task.version,
                    seconds=round(time.monotonic() - self._shown_at, 3) if seconds is None else seconds,
                )
            self._skipped.add(target)
            return self.next()

    def undo(self) -> Annotation | None:
        """Take back this annotator's latest decision and show that item again."""
        with self._lock:
            event = self.project.store.undo(self.annotator)
            if event is None:
                return None
            self._decided = max(self._decided - 1, 0)
            if event.item_id in self._history:
                self._pos = self._history.index(event.item_id)
            else:
                self._pos = max(self._pos, 0)
                self._history.insert(self._pos, event.item_id)
            self._skipped.discard(event.item_id)
            self._shown_at = time.monotonic()
            return event

    def peek(self, n: int) -> list[Item]:
        """Up to ``n`` items that ``next()`` would serve after the current one, without reserving them.

        Only items already reserved (see :meth:`reserve`) are returned.
        """
        with self._lock:
            ahead = self._history[self._pos + 1 : self._pos + 1 + n]
        return self.project.store.items(ahead) if ahead else []


def decision_rate(decided: int, spent: float) -> float | None:
    """Decisions per hour of time spent on items; None until there are a few to go by."""
    return round(3600.0 * decided / spent, 1) if decided >= 3 and spent > 0 else None


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
        labels: Iterable[str] | str | None = None,
        *,
        spans: SpanInput | None = None,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        advance: bool = True,
        item_id: str | None = None,
    ) -> Annotation:
        """Set the final label (span task: the adjudicated span list) of a case, then move on."""
        del unsure  # a final label is not tentative
        with self._lock:
            target = self._locate(item_id)
            if seconds is None:
                seconds = round(time.monotonic() - self._shown_at, 3)
            event = _submit_to(
                self.project,
                "adjudicate",
                target,
                self.annotator,
                labels,
                spans,
                unsure=False,
                note=note,
                seconds=seconds,
            )
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
    out: dict[str, Any] = {
        "annotator": v.annotator,
        "labels": list(v.labels),
        "unsure": v.unsure,
        "note": v.note or "",
    }
    if v.spans is not None:  # span tasks: each annotator's spans, for a side-by-side view
        out["spans"] = [s.to_dict() for s in v.spans]
    return out
