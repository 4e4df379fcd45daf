"""The annotation queue (leases), batches and assignments."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from curate.errors import NotFoundError
from curate.schema import Batch, BatchItem
from curate.store import tables as t
from curate.store.base import (
    StoreBase,
    _new_id,
    now,
)
from curate.store.pool import in_pool

__all__ = ["QueueStore"]

#: Seconds an item stays reserved for the annotator it was served to.
DEFAULT_LEASE_S = 600.0


class QueueStore(StoreBase):
    """The annotation queue (leases), batches and assignments."""

    def next_for(
        self,
        annotator: str,
        *,
        exclude: Iterable[str] = (),
        lease_s: float = DEFAULT_LEASE_S,
        batch_id: int | None = None,
    ) -> str | None:
        """Reserve and return the next item id for ``annotator``, or None if none is left.

        Order: items assigned to the annotator, then unlabelled items of the pool,
        each in insertion order.  Items out of the pool (:func:`curate.store.pool.in_pool`:
        rejected, or marked not labelable) are never served, assigned or not.  An item
        leased to another annotator within ``lease_s`` seconds is passed over
        unless it is assigned to this annotator too.
        """
        excluded = list(exclude)
        stamp = time.time()

        def fn(c: sa.Connection) -> str | None:
            mine = sa.select(t.current.c.item_id).where(t.current.c.annotator == annotator)
            assigned = sa.select(t.assignments.c.item_id).where(t.assignments.c.annotator == annotator)
            if batch_id is not None:
                assigned = assigned.where(t.assignments.c.batch_id == batch_id)
            q = (
                sa.select(t.items.c.id)
                .where(t.items.c.id.in_(assigned), t.items.c.id.not_in(mine), in_pool())
                .order_by(t.items.c.position)
                .limit(1)
            )
            if excluded:
                q = q.where(t.items.c.id.not_in(excluded))
            found = c.execute(q).scalar()
            if found is None and batch_id is None:
                labelled = sa.exists().where(
                    t.current.c.item_id == t.items.c.id,
                    t.current.c.kind != "skip",
                )
                leased = sa.exists().where(
                    t.leases.c.item_id == t.items.c.id,
                    t.leases.c.annotator != annotator,
                    t.leases.c.popped_at > stamp - lease_s,
                )
                others_assigned = sa.exists().where(
                    t.assignments.c.item_id == t.items.c.id, t.assignments.c.annotator != annotator
                )
                q = (
                    sa.select(t.items.c.id)
                    .where(
                        in_pool(),
                        t.items.c.id.not_in(mine),
                        ~labelled,
                        ~leased,
                        ~others_assigned,
                    )
                    .order_by(t.items.c.position)
                    .limit(1)
                )
                if excluded:
                    q = q.where(t.items.c.id.not_in(excluded))
                found = c.execute(q).scalar()
            if found is not None:
                c.execute(
                    sa.delete(t.leases).where(t.leases.c.item_id == found, t.leases.c.annotator == annotator)
                )
                c.execute(sa.insert(t.leases).values(item_id=found, annotator=annotator, popped_at=stamp))
            return found

        return self._w(fn)

    def release(self, annotator: str, item_id: str) -> None:
        self._w(
            lambda c: c.execute(
                sa.delete(t.leases).where(t.leases.c.item_id == item_id, t.leases.c.annotator == annotator)
            )
        )

    # -- batches and assignments -------------------------------------------------------
    def add_batch(
        self,
        *,
        strategy: str,
        params: Mapping[str, Any],
        model_version: str,
        items: Sequence[BatchItem],
    ) -> Batch:
        stamp = now()

        def fn(c: sa.Connection) -> int:
            res = c.execute(
                sa.insert(t.batches).values(
                    strategy=strategy,
                    params_json=json.dumps(dict(params), sort_keys=True, default=str),
                    model_version=model_version,
                    created_at=stamp,
                )
            )
            bid = _new_id(res)
            if items:
                c.execute(
                    sa.insert(t.batch_items),
                    [
                        {
                            "batch_id": bid,
                            "item_id": b.item_id,
                            "rank": b.rank,
                            "score": float(b.score),
                            "reason": b.reason,
                        }
                        for b in items
                    ],
                )
            return bid

        return self.batch(self._w(fn))

    def batch(self, batch_id: int) -> Batch:
        def fn(c: sa.Connection) -> Batch:
            row = c.execute(sa.select(t.batches).where(t.batches.c.id == batch_id)).first()
            if row is None:
                raise NotFoundError(f"no batch {batch_id} in this project")
            members = c.execute(
                sa.select(t.batch_items)
                .where(t.batch_items.c.batch_id == batch_id)
                .order_by(t.batch_items.c.rank)
            )
            return Batch(
                id=row.id,
                strategy=row.strategy,
                params=json.loads(row.params_json),
                model_version=row.model_version,
                created_at=row.created_at,
                items=tuple(
                    BatchItem(item_id=m.item_id, rank=m.rank, score=m.score, reason=m.reason) for m in members
                ),
            )

        return self._r(fn)

    def batch_ids(self) -> list[int]:
        return list(
            self._r(lambda c: c.execute(sa.select(t.batches.c.id).order_by(t.batches.c.id)).scalars())
        )

    def assign(self, pairs: Iterable[tuple[str, str]], *, batch_id: int | None = None) -> int:
        """Assign (item_id, annotator) pairs; already present pairs are kept. Returns the count added."""
        wanted = list(dict.fromkeys(pairs))
        stamp = now()

        def fn(c: sa.Connection) -> int:
            have = set()
            for r in c.execute(sa.select(t.assignments.c.item_id, t.assignments.c.annotator)):
                have.add((r.item_id, r.annotator))
            new = [p for p in wanted if p not in have]
            if new:
                c.execute(
                    sa.insert(t.assignments),
                    [
                        {"item_id": i, "annotator": a, "batch_id": batch_id, "created_at": stamp}
                        for i, a in new
                    ],
                )
            return len(new)

        return self._w(fn)

    def assignments(
        self, *, annotator: str | None = None, batch_id: int | None = None
    ) -> list[tuple[str, str]]:
        def fn(c: sa.Connection) -> list[tuple[str, str]]:
            q = sa.select(t.assignments.c.item_id, t.assignments.c.annotator).order_by(
                t.assignments.c.created_at, t.assignments.c.item_id
            )
            if annotator is not None:
                q = q.where(t.assignments.c.annotator == annotator)
            if batch_id is not None:
                q = q.where(t.assignments.c.batch_id == batch_id)
            return [(r.item_id, r.annotator) for r in c.execute(q)]

        return self._r(fn)

    def progress_counts(self, annotator: str, *, batch_id: int | None = None) -> dict[str, int]:
        """Indexed counts behind :meth:`Session.progress`, in one read transaction."""
        cur = t.current.c
        done_q = sa.select(sa.func.count()).where(cur.annotator == annotator, cur.kind != "skip")
        # Assigned items out of the pool (marked not labelable, rejected) no longer count.
        asg = (
            sa.select(t.assignments.c.item_id)
            .join(t.items, t.items.c.id == t.assignments.c.item_id)
            .where(t.assignments.c.annotator == annotator, in_pool())
        )
        if batch_id is not None:
            asg = asg.where(t.assignments.c.batch_id == batch_id)
        asg_sub = asg.subquery()
        assigned_q = sa.select(sa.func.count()).select_from(asg_sub)
        assigned_done_q = sa.select(sa.func.count()).where(
            cur.annotator == annotator, cur.kind != "skip", cur.item_id.in_(sa.select(asg_sub.c.item_id))
        )
        items_q = sa.select(sa.func.count()).select_from(t.items)
        labelled_q = sa.select(sa.func.count(sa.distinct(cur.item_id))).where(cur.kind != "skip")

        def fn(c: sa.Connection) -> dict[str, int]:
            return {
                "done": int(c.execute(done_q).scalar() or 0),
                "assigned": int(c.execute(assigned_q).scalar() or 0),
                "assigned_done": int(c.execute(assigned_done_q).scalar() or 0),
                "items": int(c.execute(items_q).scalar() or 0),
                "labelled": int(c.execute(labelled_q).scalar() or 0),
            }

        return self._r(fn)
