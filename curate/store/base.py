"""What every part of the store shares: the engine, one transaction per call, row helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa

from curate.errors import ProjectError
from curate.schema import Annotation, Item, Provenance, now
from curate.spans.model import LabeledSpan
from curate.store import tables as t
from curate.store.engine import with_retry

__all__ = ["LabelInputs", "StoreBase", "now"]

T = TypeVar("T")


def _labels(raw: str | None) -> tuple[str, ...] | None:
    return None if raw is None else tuple(json.loads(raw))


def _spans(raw: str | None) -> tuple[LabeledSpan, ...] | None:
    """A stored span list (JSON ``[{start, end, label}]``) back as spans; None for no span decision."""
    if raw is None:
        return None
    return tuple(
        LabeledSpan(start=int(s["start"]), end=int(s["end"]), label=str(s["label"])) for s in json.loads(raw)
    )


def _spans_json(spans: Any) -> str | None:
    """Spans as stored: JSON of ``{start, end, label}`` in ``(start, end, label)`` order, or None."""
    if spans is None:
        return None
    return json.dumps([s.to_dict() for s in sorted(spans)])


def _annotation(row: Any) -> Annotation:
    prev = json.loads(row.previous_json) if row.previous_json else None
    return Annotation(
        id=row.id,
        item_id=row.item_id,
        annotator=row.annotator,
        kind=row.kind,
        labels=_labels(row.labels_json),
        unsure=bool(row.unsure),
        note=row.note,
        seconds=row.seconds,
        spec_version=row.spec_version,
        previous=tuple(prev["labels"]) if prev and prev.get("labels") is not None else None,
        target=row.target,
        created_at=row.created_at,
        spans=_spans(row.spans_json),
    )


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise ProjectError("the database returned no id for a new row")
    return int(key[0])


def _item(row: Any) -> Item:
    return Item(
        id=row.id,
        text=row.text,
        source=row.source,
        origin=row.origin,
        status=row.status,
        metadata=json.loads(row.metadata_json),
        content_hash=row.content_hash,
    )


def _current_rows(c: sa.Connection) -> list[dict[str, Any]]:
    return [
        {
            "item_id": r.item_id,
            "annotator": r.annotator,
            "labels": tuple(json.loads(r.labels_json)),
            "unsure": bool(r.unsure),
            "kind": r.kind,
            "event_id": r.event_id,
            "spans": _spans(r.spans_json),
        }
        for r in c.execute(sa.select(t.current))
    ]


def _all_provenance(c: sa.Connection) -> dict[str, Provenance]:
    rows = c.execute(sa.select(t.provenance))
    return {r.item_id: Provenance.from_dict(json.loads(r.provenance_json)) for r in rows}


def _label_inputs(c: sa.Connection) -> LabelInputs:
    return LabelInputs(
        items=[_item(r) for r in c.execute(sa.select(t.items).order_by(t.items.c.position))],
        current_rows=_current_rows(c),
        provenance=_all_provenance(c),
    )


@dataclass(frozen=True, slots=True)
class LabelInputs:
    """One consistent read of what label resolution needs (see ``curate.labels.resolve_labels``)."""

    items: list[Item]
    current_rows: list[dict[str, Any]]
    provenance: dict[str, Provenance]


class StoreBase:
    """The engine and the one-transaction helpers every table family's queries use."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    def _w(self, fn: Callable[[sa.Connection], T]) -> T:
        return with_retry(self.engine, fn, write=True)

    def _r(self, fn: Callable[[sa.Connection], T]) -> T:
        return with_retry(self.engine, fn, write=False)

    def meta(self, key: str) -> str | None:
        return self._r(lambda c: c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == key)).scalar())

    def set_meta(self, key: str, value: str) -> None:
        def fn(c: sa.Connection) -> None:
            c.execute(sa.delete(t.meta).where(t.meta.c.key == key))
            c.execute(sa.insert(t.meta).values(key=key, value=value))

        self._w(fn)
