"""Counts and whole-project reads (stats, the export snapshot)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from curate.schema import TaskSpec
from curate.spans.spec import SpanTaskSpec, task_from_dict
from curate.store import tables as t
from curate.store.base import (
    LabelInputs,
    StoreBase,
    _label_inputs,
)

__all__ = ["ExportState", "ReportStore"]


def _snapshot(c: sa.Connection) -> str:
    """Hex SHA-256 over the project's exportable state, read on ``c`` (see ``snapshot_hash``)."""
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
    for r in c.execute(sa.select(i.id, i.text, i.origin, i.status, i.metadata_json, i.source).order_by(i.id)):
        text_sha = hashlib.sha256(r.text.encode("utf-8")).hexdigest()
        feed_row(
            "item", json.dumps(r.id), text_sha, r.origin, r.status, r.metadata_json, json.dumps(r.source)
        )
    k = t.current.c
    for lab in c.execute(
        sa.select(k.item_id, k.annotator, k.labels_json, k.unsure, k.kind, k.spans_json).order_by(
            k.item_id, k.annotator
        )
    ):
        row = [lab.item_id, lab.annotator, json.loads(lab.labels_json), bool(lab.unsure), lab.kind]
        if lab.spans_json is not None:  # span tasks; classification snapshots stay as they were
            row.append(json.loads(lab.spans_json))
        feed("label", row)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportState:
    """Everything an export reads, from ONE transaction: its snapshot hash describes these rows."""

    spec: TaskSpec | SpanTaskSpec
    labels: LabelInputs
    guideline_versions: tuple[int, ...]
    pii_findings: list[dict[str, Any]]
    pii_scanned_at: str | None
    snapshot: str


class ReportStore(StoreBase):
    """Counts and whole-project reads (stats, the export snapshot)."""

    def stats(self) -> dict[str, Any]:
        """Stored counts: items, items with a vote, by annotator, by origin, marked not labelable
        (labels: ``workflows.labels.stats``)."""

        def fn(c: sa.Connection) -> dict[str, Any]:
            n_items = c.execute(sa.select(sa.func.count()).select_from(t.items)).scalar()
            by_origin = {
                r[0]: r[1]
                for r in c.execute(sa.select(t.items.c.origin, sa.func.count()).group_by(t.items.c.origin))
            }
            by_status = {
                r[0]: r[1]
                for r in c.execute(
                    sa.select(t.items.c.status, sa.func.count())
                    .where(t.items.c.origin == "synthetic")
                    .group_by(t.items.c.status)
                )
            }
            # Only accepted items count as labelled: pending or rejected synthetic candidates do not.
            rows = list(
                c.execute(
                    sa.select(t.current.c.item_id, t.current.c.annotator, t.current.c.labels_json)
                    .join(t.items, t.items.c.id == t.current.c.item_id)
                    .where(t.current.c.kind != "skip", t.items.c.status == "accepted")
                )
            )
            labelled = {r.item_id for r in rows}
            by_annotator = Counter(r.annotator for r in rows)
            events = c.execute(sa.select(sa.func.count()).select_from(t.events)).scalar()
            unlabelable = c.execute(
                sa.select(sa.func.count()).select_from(t.items).where(t.items.c.status == "unlabelable")
            ).scalar()
            return {
                "items": int(n_items or 0),
                "labelled": len(labelled),
                "by_annotator": dict(sorted(by_annotator.items())),
                "by_origin": {k: int(v) for k, v in sorted(by_origin.items())},
                "synthetic_by_status": {k: int(v) for k, v in sorted(by_status.items())},
                "events": int(events or 0),
                "unlabelable": int(unlabelable or 0),
            }

        return self._r(fn)

    def snapshot_hash(self) -> str:
        """Hex SHA-256 over the project's exportable state.
        A hash of the project state that an export depends on.

        Two projects holding the same items, decisions, task spec, synthetic
        provenance and personal-data findings have the same snapshot hash, whatever
        the time or order they were built in; any change to those changes it.
        Timestamps of events and imports, and event ids, are left out on purpose; a synthetic row's
        provenance record is hashed whole because the export carries it.
        """
        return self._r(_snapshot)

    def export_state(self) -> ExportState:
        """Spec, items, current rows, provenance, guideline versions, PII findings and the snapshot hash,
        all read in one transaction."""
        from curate.store.events import _guideline_versions
        from curate.store.pii import META_SCANNED_AT, _get_meta, _pii_finding_rows

        def fn(c: sa.Connection) -> ExportState:
            raw = c.execute(
                sa.select(t.task_specs.c.spec_json).order_by(t.task_specs.c.version.desc()).limit(1)
            ).scalar()
            return ExportState(
                spec=task_from_dict(json.loads(str(raw)), source="stored task spec"),
                labels=_label_inputs(c),
                guideline_versions=_guideline_versions(c),
                pii_findings=_pii_finding_rows(c, status=None, wanted=None),
                pii_scanned_at=_get_meta(c, META_SCANNED_AT),
                snapshot=_snapshot(c),
            )

        return self._r(fn)
