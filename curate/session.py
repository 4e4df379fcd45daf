"""One annotator's queue: next, submit, skip, back, undo.  No UI code here.

A :class:`Session` keeps the items served to its annotator in order, so that
``back()`` can return to an earlier decision and change it.  Every decision
goes straight to the store in its own transaction; the session itself holds
nothing that would be lost if the process died.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from curate.errors import CurateError
from curate.schema import Annotation, Item

if TYPE_CHECKING:
    from curate.project import Project

__all__ = ["Session"]


class Session:
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

    # -- state -------------------------------------------------------------------------
    @property
    def current(self) -> Item | None:
        """The item on screen, or None."""
        with self._lock:
            if 0 <= self._pos < len(self._history):
                return self.project.store.item(self._history[self._pos])
            return None

    @property
    def history(self) -> list[str]:
        return list(self._history)

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

    def progress(self) -> dict[str, int]:
        """Done and assigned counts for this annotator (assigned counts the batch if one is set)."""
        store = self.project.store
        assigned = {i for i, _ in store.assignments(annotator=self.annotator, batch_id=self.batch)}
        mine = set(store.current(annotator=self.annotator))
        return {
            "done": len(mine),
            "assigned": len(assigned),
            "assigned_done": len(assigned & mine),
            "remaining_assigned": len(assigned - mine),
        }

    # -- moving ----------------------------------------------------------------------
    def next(self) -> Item | None:
        """Move to the next item: forward in history after ``back()``, else a new one."""
        with self._lock:
            if self._pos + 1 < len(self._history):
                self._pos += 1
                self._shown_at = time.monotonic()
                return self.current
            item_id = self.project.store.next_for(
                self.annotator,
                exclude=set(self._history) | self._skipped,
                lease_s=self.lease_s,
                batch_id=self.batch,
            )
            if item_id is None:
                self._pos = len(self._history)
                return None
            self._history.append(item_id)
            self._pos = len(self._history) - 1
            self._shown_at = time.monotonic()
            return self.project.store.item(item_id)

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

    def submit(
        self,
        labels: Iterable[str] | str,
        *,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        advance: bool = True,
    ) -> Annotation:
        """Save a decision on the item on screen, then (by default) move to the next item.

        Returns the stored event; it is committed when this returns.
        """
        with self._lock:
            item = self._require_current()
            if seconds is None:
                seconds = round(time.monotonic() - self._shown_at, 3)
            event = self.project.annotate(
                item.id, self.annotator, labels, unsure=unsure, note=note, seconds=seconds
            )
            self._skipped.discard(item.id)
            if advance:
                self.next()
            return event

    def skip(self) -> Item | None:
        """Pass over the item on screen (recorded) and move on."""
        with self._lock:
            item = self._require_current()
            if self.decision(item.id) is None:
                self.project.store.record(
                    item_id=item.id,
                    annotator=self.annotator,
                    kind="skip",
                    labels=None,
                    spec_version=self.project.spec.version,
                    seconds=round(time.monotonic() - self._shown_at, 3),
                )
            self._skipped.add(item.id)
            return self.next()

    def undo(self) -> Annotation | None:
        """Take back this annotator's latest decision and show that item again."""
        with self._lock:
            event = self.project.store.undo(self.annotator)
            if event is None:
                return None
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

        Used by views to prefetch; the store still decides at ``next()``.
        """
        with self._lock:
            ahead = self._history[self._pos + 1 : self._pos + 1 + n]
        return self.project.store.items(ahead) if ahead else []
