"""Items, their review status and synthetic provenance (an import records its labels as events)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from curate.errors import NotFoundError
from curate.schema import Item, Provenance
from curate.store import tables as t
from curate.store.base import (
    _all_provenance,
    _item,
    now,
)
from curate.store.events import EventStore

__all__ = ["ItemStore"]


class ItemStore(EventStore):
    """Items, their review status and synthetic provenance."""

    def insert(
        self,
        items: Sequence[Mapping[str, Any]],
        annotations: Sequence[Mapping[str, Any]] = (),
        provenance: Mapping[str, Provenance] | None = None,
    ) -> None:
        """Insert new items and their annotations in one transaction (all or nothing).

        ``items`` are mappings with id, text, content_hash, source, origin, status,
        metadata; ``annotations`` have item_id, annotator, labels.
        """
        stamp = now()

        def fn(c: sa.Connection) -> None:
            start = c.execute(sa.select(sa.func.max(t.items.c.position))).scalar()
            pos = -1 if start is None else int(start)
            rows = []
            for it in items:
                pos += 1
                rows.append(
                    {
                        "id": it["id"],
                        "position": pos,
                        "text": it["text"],
                        "content_hash": it["content_hash"],
                        "source": it.get("source", ""),
                        "origin": it.get("origin", "real"),
                        "status": it.get("status", "accepted"),
                        "status_reason": None,
                        "metadata_json": json.dumps(it.get("metadata") or {}, sort_keys=True),
                        "created_at": stamp,
                    }
                )
            for chunk in range(0, len(rows), 5000):
                c.execute(sa.insert(t.items), rows[chunk : chunk + 5000])
            if provenance:
                c.execute(
                    sa.insert(t.provenance),
                    [
                        {"item_id": k, "provenance_json": json.dumps(p.to_dict(), sort_keys=True)}
                        for k, p in provenance.items()
                    ],
                )
            if annotations:
                version = c.execute(sa.select(sa.func.max(t.task_specs.c.version))).scalar()
                for a in annotations:
                    self._record(
                        c,
                        item_id=a["item_id"],
                        annotator=a["annotator"],
                        kind="label",
                        labels=tuple(a["labels"]),
                        spec_version=int(version or 1),
                        stamp=stamp,
                        spans=a.get("spans"),
                    )

        self._w(fn)

    def item(self, item_id: str) -> Item:
        row = self._r(lambda c: c.execute(sa.select(t.items).where(t.items.c.id == item_id)).first())
        if row is None:
            raise NotFoundError(f"no item with id {item_id!r} in this project")
        return _item(row)

    def items(
        self,
        ids: Iterable[str] | None = None,
        *,
        origin: str | None = None,
        status: str | None = None,
    ) -> list[Item]:
        """Items in insertion order, optionally only ``ids`` / one origin / one status."""
        wanted = None if ids is None else list(ids)

        def fn(c: sa.Connection) -> list[Item]:
            q = sa.select(t.items).order_by(t.items.c.position)
            if origin is not None:
                q = q.where(t.items.c.origin == origin)
            if status is not None:
                q = q.where(t.items.c.status == status)
            if wanted is None:
                return [_item(r) for r in c.execute(q)]
            out: dict[str, Item] = {}
            for chunk in range(0, len(wanted), 500):
                part = wanted[chunk : chunk + 500]
                for r in c.execute(q.where(t.items.c.id.in_(part))):
                    out[r.id] = _item(r)
            missing = [i for i in wanted if i not in out]
            if missing:
                raise NotFoundError(f"no item with id {missing[0]!r} in this project")
            return [out[i] for i in wanted]

        return self._r(fn)

    def existing(self, ids: Sequence[str], hashes: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Map the given ids to their stored content hash, and hashes to a stored item id."""

        def fn(c: sa.Connection) -> tuple[dict[str, str], dict[str, str]]:
            by_id: dict[str, str] = {}
            by_hash: dict[str, str] = {}
            for chunk in range(0, len(ids), 500):
                q = sa.select(t.items.c.id, t.items.c.content_hash).where(
                    t.items.c.id.in_(ids[chunk : chunk + 500])
                )
                by_id.update({r.id: r.content_hash for r in c.execute(q)})
            for chunk in range(0, len(hashes), 500):
                q = (
                    sa.select(t.items.c.id, t.items.c.content_hash)
                    .where(t.items.c.content_hash.in_(hashes[chunk : chunk + 500]))
                    .order_by(t.items.c.position)
                )
                for r in c.execute(q):
                    by_hash.setdefault(r.content_hash, r.id)
            return by_id, by_hash

        return self._r(fn)

    def count_items(self) -> int:
        return int(
            self._r(lambda c: c.execute(sa.select(sa.func.count()).select_from(t.items)).scalar()) or 0
        )

    def set_status(self, item_id: str, status: str, reason: str | None = None) -> None:
        def fn(c: sa.Connection) -> None:
            res = c.execute(
                sa.update(t.items).where(t.items.c.id == item_id).values(status=status, status_reason=reason)
            )
            if res.rowcount == 0:
                raise NotFoundError(f"no item with id {item_id!r} in this project")

        self._w(fn)

    def provenance(self, item_id: str) -> Provenance | None:
        raw = self._r(
            lambda c: c.execute(
                sa.select(t.provenance.c.provenance_json).where(t.provenance.c.item_id == item_id)
            ).scalar()
        )
        return None if raw is None else Provenance.from_dict(json.loads(raw))

    def all_provenance(self) -> dict[str, Provenance]:
        return self._r(_all_provenance)

    def status_reasons(self, *, origin: str | None = None) -> dict[str, str | None]:
        """``{item_id: why it has its status}`` (of one origin, if given)."""
        q = sa.select(t.items.c.id, t.items.c.status_reason)
        if origin is not None:
            q = q.where(t.items.c.origin == origin)
        return {r.id: r.status_reason for r in self._r(lambda c: list(c.execute(q)))}
