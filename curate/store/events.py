"""The append-only annotation log and the current labels derived from it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from curate.errors import NotFoundError
from curate.schema import Annotation
from curate.spans.model import LabeledSpan
from curate.store import tables as t
from curate.store.base import (
    LabelInputs,
    StoreBase,
    _annotation,
    _current_rows,
    _label_inputs,
    _new_id,
    _spans,
    _spans_json,
    now,
)

__all__ = ["EventStore"]


def _guideline_versions(c: sa.Connection) -> tuple[int, ...]:
    e = t.events.c
    q = sa.select(e.spec_version).where(e.kind.in_(("label", "adjudicate"))).distinct()
    return tuple(sorted(int(v) for v in c.execute(q).scalars()))


class EventStore(StoreBase):
    """The append-only annotation log and the current labels derived from it."""

    def _state(self, c: sa.Connection, item_id: str, annotator: str) -> dict[str, Any] | None:
        row = c.execute(
            sa.select(t.current).where(t.current.c.item_id == item_id, t.current.c.annotator == annotator)
        ).first()
        if row is None:
            return None
        state: dict[str, Any] = {
            "labels": json.loads(row.labels_json),
            "unsure": bool(row.unsure),
            "kind": row.kind,
        }
        if row.spans_json is not None:
            state["spans"] = json.loads(row.spans_json)
        return state

    def _set_state(
        self, c: sa.Connection, item_id: str, annotator: str, state: Mapping[str, Any] | None, event_id: int
    ) -> None:
        c.execute(
            sa.delete(t.current).where(t.current.c.item_id == item_id, t.current.c.annotator == annotator)
        )
        if state is not None:
            c.execute(
                sa.insert(t.current).values(
                    item_id=item_id,
                    annotator=annotator,
                    labels_json=json.dumps(list(state["labels"])),
                    unsure=bool(state["unsure"]),
                    kind=state["kind"],
                    event_id=event_id,
                    spans_json=None if state.get("spans") is None else json.dumps(state["spans"]),
                )
            )

    def _record(
        self,
        c: sa.Connection,
        *,
        item_id: str,
        annotator: str,
        kind: str,
        labels: tuple[str, ...] | None,
        spec_version: int,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        stamp: str | None = None,
        spans: Sequence[LabeledSpan] | None = None,
    ) -> Annotation:
        previous = self._state(c, item_id, annotator)
        spans_json = _spans_json(spans)
        res = c.execute(
            sa.insert(t.events).values(
                item_id=item_id,
                annotator=annotator,
                kind=kind,
                labels_json=None if labels is None else json.dumps(list(labels)),
                unsure=unsure,
                note=note,
                seconds=seconds,
                spec_version=spec_version,
                previous_json=None if previous is None else json.dumps(previous),
                target=None,
                created_at=stamp or now(),
                spans_json=spans_json,
            )
        )
        event_id = _new_id(res)
        state: dict[str, Any] = {"labels": labels or (), "unsure": unsure, "kind": kind}
        if spans_json is not None:
            state["spans"] = json.loads(spans_json)
        self._set_state(c, item_id, annotator, state, event_id)
        c.execute(sa.delete(t.leases).where(t.leases.c.item_id == item_id, t.leases.c.annotator == annotator))
        row = c.execute(sa.select(t.events).where(t.events.c.id == event_id)).one()
        return _annotation(row)

    def record(
        self,
        *,
        item_id: str,
        annotator: str,
        kind: str,
        labels: tuple[str, ...] | None,
        spec_version: int,
        unsure: bool = False,
        note: str | None = None,
        seconds: float | None = None,
        spans: Sequence[LabeledSpan] | None = None,
    ) -> Annotation:
        """Append one event (label, skip or adjudicate) and update the derived state.

        ``spans`` (span tasks): the annotator's whole span list for the item, already
        checked against the task (``SpanTaskSpec.check_spans``); None on classification.
        """

        def fn(c: sa.Connection) -> Annotation:
            exists = c.execute(sa.select(t.items.c.id).where(t.items.c.id == item_id)).scalar()
            if exists is None:
                raise NotFoundError(f"no item with id {item_id!r} in this project")
            return self._record(
                c,
                item_id=item_id,
                annotator=annotator,
                kind=kind,
                labels=labels,
                spec_version=spec_version,
                unsure=unsure,
                note=note,
                seconds=seconds,
                spans=spans,
            )

        return self._w(fn)

    def undo(self, annotator: str, *, item_id: str | None = None) -> Annotation | None:
        """Take back the annotator's latest event that is not yet undone (on ``item_id`` if given).

        Returns the new ``undo`` event, or None when there is nothing to undo.
        """

        def fn(c: sa.Connection) -> Annotation | None:
            undone = sa.select(t.events.c.target).where(
                t.events.c.kind == "undo", t.events.c.target.is_not(None)
            )
            q = (
                sa.select(t.events)
                .where(
                    t.events.c.annotator == annotator,
                    t.events.c.kind.in_(("label", "skip", "adjudicate")),
                    t.events.c.id.not_in(undone),
                )
                .order_by(t.events.c.id.desc())
                .limit(1)
            )
            if item_id is not None:
                q = q.where(t.events.c.item_id == item_id)
            target = c.execute(q).first()
            if target is None:
                return None
            restored = json.loads(target.previous_json) if target.previous_json else None
            current_state = self._state(c, target.item_id, annotator)
            res = c.execute(
                sa.insert(t.events).values(
                    item_id=target.item_id,
                    annotator=annotator,
                    kind="undo",
                    labels_json=None if restored is None else json.dumps(restored["labels"]),
                    unsure=bool(restored and restored["unsure"]),
                    note=None,
                    seconds=None,
                    spec_version=target.spec_version,
                    previous_json=None if current_state is None else json.dumps(current_state),
                    target=target.id,
                    created_at=now(),
                    spans_json=None
                    if restored is None or restored.get("spans") is None
                    else json.dumps(restored["spans"]),
                )
            )
            event_id = _new_id(res)
            self._set_state(c, target.item_id, annotator, restored, event_id)
            # The annotator is looking at the item again: hold it for them.
            c.execute(
                sa.delete(t.leases).where(
                    t.leases.c.item_id == target.item_id, t.leases.c.annotator == annotator
                )
            )
            c.execute(
                sa.insert(t.leases).values(item_id=target.item_id, annotator=annotator, popped_at=time.time())
            )
            return _annotation(c.execute(sa.select(t.events).where(t.events.c.id == event_id)).one())

        return self._w(fn)

    def events(self, *, item_id: str | None = None, annotator: str | None = None) -> list[Annotation]:
        """The event log in order, optionally for one item and/or one annotator."""

        def fn(c: sa.Connection) -> list[Annotation]:
            q = sa.select(t.events).order_by(t.events.c.id)
            if item_id is not None:
                q = q.where(t.events.c.item_id == item_id)
            if annotator is not None:
                q = q.where(t.events.c.annotator == annotator)
            return [_annotation(r) for r in c.execute(q)]

        return self._r(fn)

    def count_events(self) -> int:
        return int(
            self._r(lambda c: c.execute(sa.select(sa.func.count()).select_from(t.events)).scalar()) or 0
        )

    def current(
        self,
        *,
        item_id: str | None = None,
        annotator: str | None = None,
        include_skips: bool = False,
        kind: str | None = None,
    ) -> dict[str, dict[str, tuple[str, ...]]]:
        """Current labels: ``{item_id: {annotator: labels}}`` (skips left out by default).

        ``kind`` keeps only decisions of that kind (``label`` or ``adjudicate``).
        """

        def fn(c: sa.Connection) -> dict[str, dict[str, tuple[str, ...]]]:
            q = sa.select(t.current)
            if item_id is not None:
                q = q.where(t.current.c.item_id == item_id)
            if annotator is not None:
                q = q.where(t.current.c.annotator == annotator)
            if kind is not None:
                q = q.where(t.current.c.kind == kind)
            if not include_skips:
                q = q.where(t.current.c.kind != "skip")
            out: dict[str, dict[str, tuple[str, ...]]] = {}
            for r in c.execute(q):
                out.setdefault(r.item_id, {})[r.annotator] = tuple(json.loads(r.labels_json))
            return out

        return self._r(fn)

    def current_spans(
        self, *, item_id: str | None = None, annotator: str | None = None, kind: str | None = None
    ) -> dict[str, dict[str, tuple[LabeledSpan, ...]]]:
        """Current span lists: ``{item_id: {annotator: spans}}`` (rows without a span list left out).

        ``kind`` keeps only decisions of that kind (``label`` or ``adjudicate``); skips never count.
        """

        def fn(c: sa.Connection) -> dict[str, dict[str, tuple[LabeledSpan, ...]]]:
            k = t.current.c
            q = sa.select(k.item_id, k.annotator, k.spans_json).where(
                k.spans_json.is_not(None), k.kind != "skip"
            )
            if item_id is not None:
                q = q.where(k.item_id == item_id)
            if annotator is not None:
                q = q.where(k.annotator == annotator)
            if kind is not None:
                q = q.where(k.kind == kind)
            out: dict[str, dict[str, tuple[LabeledSpan, ...]]] = {}
            for r in c.execute(q.order_by(k.item_id, k.annotator)):
                out.setdefault(r.item_id, {})[r.annotator] = _spans(r.spans_json) or ()
            return out

        return self._r(fn)

    def current_rows(self) -> list[dict[str, Any]]:
        """Every current vote or adjudication with its kind and unsure flag (for review and export)."""
        return self._r(_current_rows)

    def label_inputs(self) -> LabelInputs:
        """Items, current rows and provenance read in ONE transaction: what the resolver needs."""
        return self._r(_label_inputs)

    def vote_states(self, annotator: str, item_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """This annotator's current decision, unsure flag and latest note on each item that has one."""
        ids = list(item_ids)
        if not ids:
            return {}

        def fn(c: sa.Connection) -> dict[str, dict[str, Any]]:
            out: dict[str, dict[str, Any]] = {}
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                q = sa.select(t.current).where(
                    t.current.c.annotator == annotator,
                    t.current.c.item_id.in_(part),
                    t.current.c.kind != "skip",
                )
                for r in c.execute(q):
                    out[r.item_id] = {
                        "decision": json.loads(r.labels_json),
                        "unsure": bool(r.unsure),
                        "note": "",
                    }
                    if r.spans_json is not None:
                        out[r.item_id]["spans"] = json.loads(r.spans_json)
                notes = (
                    sa.select(t.events.c.item_id, t.events.c.note)
                    .where(t.events.c.annotator == annotator, t.events.c.item_id.in_(part))
                    .where(t.events.c.kind.in_(("label", "adjudicate")))
                    .order_by(t.events.c.id)
                )
                for r in c.execute(notes):
                    if r.item_id in out:
                        out[r.item_id]["note"] = r.note or ""
            return out

        return self._r(fn)

    def latest_notes(self, item_ids: Iterable[str]) -> dict[tuple[str, str], str | None]:
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

        return self._r(fn)

    def guideline_versions(self) -> tuple[int, ...]:
        """Task spec versions under which labels or adjudications were recorded."""

        return self._r(_guideline_versions)
