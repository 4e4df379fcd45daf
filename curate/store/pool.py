"""Which items are in the pool, and the lead's "not labelable" mark.

The pool is what selection and the annotators' queues draw from.  An item
leaves it when its status is one of :data:`OUT_OF_POOL_STATUSES`: a synthetic
candidate a reviewer rejected, or an item a lead marked not labelable (a
fragment, a heading, garbage).  The mark is the item's status
(``unlabelable``) with the lead's reason in ``status_reason``; unmarking
gives a real item back its ``accepted`` status and a synthetic one
``pending`` (it is reviewed again).  No schema change: the columns exist.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from curate.errors import CurateError, NotFoundError
from curate.store import tables as t
from curate.store.base import StoreBase

__all__ = ["OUT_OF_POOL_STATUSES", "UNLABELABLE", "PoolStore", "in_pool"]

#: The status of an item a lead marked not labelable.
UNLABELABLE = "unlabelable"
#: Statuses that keep an item out of the pool (never selected, never served, not remaining).
OUT_OF_POOL_STATUSES = ("rejected", UNLABELABLE)
_DEFAULT_REASON = "not labelable"


def in_pool() -> sa.ColumnElement[bool]:
    """The one rule, as SQL on ``items``: the item may be selected and served."""
    return t.items.c.status.not_in(OUT_OF_POOL_STATUSES)


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class PoolStore(StoreBase):
    """The pool rule's queries and the not-labelable mark."""

    def mark_unlabelable(self, item_ids: Iterable[str], reason: str | None = None) -> int:
        """Mark items not labelable (out of the pool); returns how many were not marked before.

        All or nothing: an unknown id raises :class:`NotFoundError` and marks nothing.
        """
        ids = list(dict.fromkeys(item_ids))
        why = (reason or "").strip() or _DEFAULT_REASON
        if len(why) > 2000:
            raise CurateError("the reason is over 2,000 characters: say in a few words why")

        def fn(c: sa.Connection) -> int:
            found: set[str] = set()
            already = 0
            for part in _chunks(ids):
                for r in c.execute(sa.select(t.items.c.id, t.items.c.status).where(t.items.c.id.in_(part))):
                    found.add(r.id)
                    already += r.status == UNLABELABLE
            missing = [i for i in ids if i not in found]
            if missing:
                raise NotFoundError(f"no item with id {missing[0]!r} in this project: nothing was marked")
            for part in _chunks(ids):
                c.execute(
                    sa.update(t.items)
                    .where(t.items.c.id.in_(part))
                    .values(status=UNLABELABLE, status_reason=why)
                )
            return len(ids) - already

        return self._w(fn)

    def unmark_unlabelable(self, item_ids: Iterable[str]) -> int:
        """Put marked items back in the pool; returns how many were marked.

        A real item becomes ``accepted`` again, a synthetic one ``pending``
        (its review starts over).  Ids that are not marked are left as they are;
        an unknown id raises :class:`NotFoundError` and changes nothing.
        """
        ids = list(dict.fromkeys(item_ids))
        back = sa.case((t.items.c.origin == "synthetic", "pending"), else_="accepted")

        def fn(c: sa.Connection) -> int:
            have = {
                i
                for part in _chunks(ids)
                for i in c.execute(sa.select(t.items.c.id).where(t.items.c.id.in_(part))).scalars()
            }
            missing = [i for i in ids if i not in have]
            if missing:
                raise NotFoundError(f"no item with id {missing[0]!r} in this project: nothing was unmarked")
            changed = 0
            for part in _chunks(ids):
                res = c.execute(
                    sa.update(t.items)
                    .where(t.items.c.id.in_(part), t.items.c.status == UNLABELABLE)
                    .values(status=back, status_reason=None)
                )
                changed += int(res.rowcount or 0)
            return changed

        return self._w(fn)

    def unlabelable(self) -> dict[str, str]:
        """``{item_id: reason}`` of the items marked not labelable, in insertion order."""
        q = (
            sa.select(t.items.c.id, t.items.c.status_reason)
            .where(t.items.c.status == UNLABELABLE)
            .order_by(t.items.c.position)
        )
        return {r.id: r.status_reason or _DEFAULT_REASON for r in self._r(lambda c: list(c.execute(q)))}

    def out_of_pool_ids(self) -> set[str]:
        """Ids of the items the pool rule (:func:`in_pool`) leaves out."""
        q = sa.select(t.items.c.id).where(~in_pool())
        return set(self._r(lambda c: list(c.execute(q).scalars())))

    def out_of_pool_unlabelled_count(self) -> int:
        """Items out of the pool (rejected, not labelable) that nobody has labelled."""
        labelled = sa.exists().where(t.current.c.item_id == t.items.c.id, t.current.c.kind != "skip")
        q = sa.select(sa.func.count()).select_from(t.items).where(~in_pool(), ~labelled)
        return int(self._r(lambda c: c.execute(q).scalar()) or 0)
