"""Queries behind item search: narrow the items in SQL, and each item's annotators, assignees, batches.

Pure query functions over a connection; :class:`curate.store.Store` exposes
them as :meth:`~curate.store.Store.search_items` and
:meth:`~curate.store.Store.item_facets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa

from curate.schema import Item
from curate.store import tables as t

__all__ = ["FACETS", "item_facets", "search_items"]

#: Per-item sets :func:`item_facets` returns: who labelled it, who it is assigned to, its batches.
FACETS = ("annotator", "assigned", "batch")


def search_items(
    c: sa.Connection,
    *,
    contains: Sequence[str] = (),
    equals: Mapping[str, Sequence[str]] | None = None,
) -> list[Item]:
    """Items in insertion order whose text holds every ``contains`` string (any case)
    and whose columns equal the ``equals`` values.

    ``equals`` keys: ``id``, ``origin``, ``status``, ``source`` (item columns), and
    ``annotator`` (a current, non-skip decision by that name), ``assigned``
    (assigned to that name), ``batch`` (a member of that batch id).
    """
    from curate.store.base import _item

    q = sa.select(t.items).order_by(t.items.c.position)
    for needle in contains:
        q = q.where(sa.func.lower(t.items.c.text).contains(needle.lower(), autoescape=True))
    for field, values in (equals or {}).items():
        for value in values:
            if field in ("id", "origin", "status", "source"):
                q = q.where(t.items.c[field] == value)
            elif field == "annotator":
                q = q.where(
                    t.items.c.id.in_(
                        sa.select(t.current.c.item_id).where(
                            t.current.c.annotator == value, t.current.c.kind != "skip"
                        )
                    )
                )
            elif field == "assigned":
                q = q.where(
                    t.items.c.id.in_(
                        sa.select(t.assignments.c.item_id).where(t.assignments.c.annotator == value)
                    )
                )
            elif field == "batch":
                q = q.where(
                    t.items.c.id.in_(
                        sa.select(t.batch_items.c.item_id).where(t.batch_items.c.batch_id == int(value))
                    )
                )
            else:  # pragma: no cover - the caller validates fields
                raise ValueError(f"no SQL filter for {field!r}")
    return [_item(r) for r in c.execute(q)]


def item_facets(c: sa.Connection, item_ids: Iterable[str] | None = None) -> dict[str, dict[str, set[str]]]:
    """``{item_id: {"annotator": {...}, "assigned": {...}, "batch": {...}}}`` for items that have any."""
    wanted = None if item_ids is None else set(item_ids)
    out: dict[str, dict[str, set[str]]] = {}

    def add(item_id: str, facet: str, value: object) -> None:
        if wanted is None or item_id in wanted:
            out.setdefault(item_id, {f: set() for f in FACETS})[facet].add(str(value))

    for r in c.execute(
        sa.select(t.current.c.item_id, t.current.c.annotator).where(t.current.c.kind != "skip")
    ):
        add(r.item_id, "annotator", r.annotator)
    for r in c.execute(sa.select(t.assignments.c.item_id, t.assignments.c.annotator)):
        add(r.item_id, "assigned", r.annotator)
    for r in c.execute(sa.select(t.batch_items.c.item_id, t.batch_items.c.batch_id)):
        add(r.item_id, "batch", r.batch_id)
    return out
