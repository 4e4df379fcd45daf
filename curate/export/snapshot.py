"""A hash of the project state that an export depends on.

Two projects holding the same items, decisions, task spec, synthetic
provenance and personal-data findings have the same snapshot hash, whatever
the time or order they were built in; any change to those changes it.
Timestamps of events and imports, and event ids, are left out on purpose; a synthetic row's
provenance record is hashed whole because the export carries it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa

from curate.store import Store
from curate.store import tables as t
from curate.store.engine import with_retry

__all__ = ["snapshot_hash"]


def snapshot_hash(store: Store) -> str:
    """Hex SHA-256 over the project's exportable state."""

    def fn(c: sa.Connection) -> str:
        digest = hashlib.sha256()

        def feed(tag: str, value: Any) -> None:
            digest.update(json.dumps([tag, value], sort_keys=True, ensure_ascii=False).encode("utf-8"))
            digest.update(b"\n")

        def feed_row(tag: str, *fields: Any) -> None:
            # Stored JSON columns are already canonical (sorted keys) and escape control
            # characters, so a unit-separator join is unambiguous and much cheaper than JSON.
            digest.update("\x1f".join([tag, *(str(f) for f in fields)]).encode("utf-8"))
            digest.update(b"\n")

        spec = c.execute(
            sa.select(t.task_specs.c.spec_json).order_by(t.task_specs.c.version.desc()).limit(1)
        ).scalar()
        feed("spec", json.loads(spec) if spec else None)
        i = t.items.c
        for r in c.execute(
            sa.select(i.id, i.text, i.origin, i.status, i.metadata_json, i.source).order_by(i.id)
        ):
            text_sha = hashlib.sha256(r.text.encode("utf-8")).hexdigest()
            feed_row(
                "item", json.dumps(r.id), text_sha, r.origin, r.status, r.metadata_json, json.dumps(r.source)
            )
        k = t.current.c
        for lab in c.execute(
            sa.select(k.item_id, k.annotator, k.labels_json, k.unsure, k.kind).order_by(
                k.item_id, k.annotator
            )
        ):
            feed(
                "label", [lab.item_id, lab.annotator, json.loads(lab.labels_json), bool(lab.unsure), lab.kind]
            )
        p = t.provenance.c
        for pr in c.execute(sa.select(p.item_id, p.provenance_json).order_by(p.item_id)):
            # whole record, its created_at included: the export carries it in `provenance`
            feed("provenance", [pr.item_id, json.loads(pr.provenance_json)])
        f = t.pii_findings.c
        for fi in c.execute(
            sa.select(f.item_id, f.entity, f.start, f.end, f.status, f.detector).order_by(
                f.item_id, f.start, f.end, f.entity, f.detector
            )
        ):
            feed("pii", [fi.item_id, fi.entity, fi.start, fi.end, fi.status, fi.detector])
        scanned = c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == "pii_scanned_at")).scalar()
        feed("pii_scanned", scanned is not None)
        return digest.hexdigest()

    return with_retry(store.engine, fn, write=False)
