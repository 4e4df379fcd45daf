"""Where each item sits: import position and metadata, without the text (for document context)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from curate.store import tables as t
from curate.store.engine import with_retry
from curate.store.store import Store

__all__ = ["item_places"]


def item_places(store: Store) -> list[tuple[str, int, dict[str, Any]]]:
    """``(id, import position, metadata)`` of every real item, in import order.

    Synthetic items have no place in a source document and are left out.
    """

    def fn(c: sa.Connection) -> list[tuple[str, int, dict[str, Any]]]:
        q = (
            sa.select(t.items.c.id, t.items.c.position, t.items.c.metadata_json)
            .where(t.items.c.origin != "synthetic")
            .order_by(t.items.c.position)
        )
        return [(r.id, int(r.position), json.loads(r.metadata_json or "{}")) for r in c.execute(q)]

    return with_retry(store.engine, fn, write=False)
