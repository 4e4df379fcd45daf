"""Personal data in a project: scan, review, pseudonymise, and the publishing gate.

Findings live in the ``pii_findings`` table (item_id, entity, start, end,
status, detector, created_at); their values are read from the item text, so
no identifier is stored twice.  A finding is ``open`` until a reviewer
dismisses it (a false positive) or it is pseudonymised.

Meta keys written here:

``pii_scanned_at``
    ISO time the last scan finished (absent: never scanned).
``pii_scanned_through``
    The highest item ``position`` a scan has covered.  Items are appended
    with increasing positions, so items with a larger position were imported
    after the scan and are unscanned.
``pii_detector``
    Name of the detector of the last scan.
``pii_salt``
    The secret that makes surrogates consistent (never exported).

The gate for publishing (:func:`gate`): allowed only when ``pii_scanned_at``
is set, no item to publish has a position above ``pii_scanned_through``, and
no item to publish has an ``open`` finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from curate.errors import CurateError
from curate.export.gate import Gate, gate
from curate.pii import Detector, Pseudonymiser, Span, default_detector, find_many, map_offset, new_salt
from curate.store import Store, now

__all__ = [
    "ApplyResult",
    "Finding",
    "Gate",
    "ScanResult",
    "apply",
    "dismiss",
    "findings",
    "gate",
    "replace_text",
    "report",
    "scan",
    "unscanned_items",
]

STATUSES = ("open", "pseudonymised", "dismissed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One stored finding; ``value`` is the item text at ``start:end`` now."""

    id: int
    item_id: str
    entity: str
    start: int
    end: int
    status: str
    detector: str
    created_at: str
    value: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item_id": self.item_id,
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "detector": self.detector,
            "created_at": self.created_at,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanResult:
    items_scanned: int
    findings_added: int
    by_entity: dict[str, int] = field(default_factory=dict)
    detector: str = ""
    scanned_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "items_scanned": self.items_scanned,
            "findings_added": self.findings_added,
            "by_entity": dict(self.by_entity),
            "detector": self.detector,
            "scanned_at": self.scanned_at,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ApplyResult:
    items_changed: int
    findings_pseudonymised: int

    def to_dict(self) -> dict[str, Any]:
        return {"items_changed": self.items_changed, "findings_pseudonymised": self.findings_pseudonymised}


# -- scan ----------------------------------------------------------------------------------------
def scan(
    store: Store,
    detector: Detector | None = None,
    *,
    rescan: bool = False,
    chunk_size: int = 256,
) -> ScanResult:
    """Find identifiers in the project's unscanned items (all items with ``rescan``).

    Findings are stored as ``open``.  A span already recorded for the item
    (same offsets and entity, any status) is not added again, so dismissals
    survive a rescan; a span inside a pseudonymised finding is its surrogate
    and is skipped.  Progress is committed per chunk, so an interrupted scan
    resumes where it stopped.  ``pii_scanned_at`` is set when it finishes.
    """
    detector = detector or default_detector()
    start_after = -1 if rescan else store.pii_scanned_through()
    scanned = added = 0
    by_entity: Counter[str] = Counter()
    while True:
        rows = store.items_after(start_after, chunk_size)
        if not rows:
            break
        spans = find_many(detector, [r.text for r in rows])
        n_added, n_entity = store.add_pii_findings(rows, spans)
        scanned += len(rows)
        added += n_added
        by_entity.update(n_entity)
        start_after = rows[-1].position
    stamp = now()
    store.finish_pii_scan(stamp, detector.name)
    return ScanResult(
        items_scanned=scanned,
        findings_added=added,
        by_entity=dict(sorted(by_entity.items())),
        detector=detector.name,
        scanned_at=stamp,
    )


# -- review --------------------------------------------------------------------------------------
def findings(
    store: Store, *, status: str | None = None, item_ids: Iterable[str] | None = None
) -> list[Finding]:
    """Stored findings in item order, with their current values."""
    if status is not None and status not in STATUSES:
        raise CurateError(f"unknown finding status {status!r}: use one of {', '.join(STATUSES)}")
    return [Finding(**row) for row in store.pii_finding_rows(status=status, item_ids=item_ids)]


def dismiss(store: Store, finding_ids: Iterable[int]) -> int:
    """Mark open findings as false positives (all or nothing).  Returns how many changed.

    Already dismissed findings are left as they are; a pseudonymised one
    cannot be dismissed (its text has already been replaced).
    """
    return store.dismiss_pii_findings(sorted({int(i) for i in finding_ids}))


# -- pseudonymise --------------------------------------------------------------------------------
def apply(
    store: Store,
    finding_ids: Iterable[int] | None = None,
    *,
    random_state: int | None = None,
    locale: str = "en_US",
    vacuum: bool = True,
) -> ApplyResult:
    """Replace open findings (all, or ``finding_ids``) with consistent surrogates.

    Each item changes in one transaction (:func:`replace_text`); its id,
    annotations and batch memberships stay as they are.  ``random_state``
    seeds the project salt the first time only; later runs reuse the stored
    salt so that a value keeps its surrogate.  On SQLite the file is
    vacuumed afterwards so the replaced text does not linger in free pages.
    """
    pseudonymiser = Pseudonymiser(store.pii_salt(lambda: new_salt(random_state)), locale=locale)
    per_item = store.open_pii_findings_by_item(finding_ids)
    changed = replaced = 0
    for item_id, ids in per_item.items():
        n = replace_text(store, item_id, ids, pseudonymiser)
        changed += n > 0
        replaced += n
    if vacuum and changed:
        store.vacuum()
    return ApplyResult(items_changed=changed, findings_pseudonymised=replaced)


def replace_text(store: Store, item_id: str, finding_ids: Sequence[int], pseudonymiser: Pseudonymiser) -> int:
    """Pseudonymise the given open findings of one item, in one transaction.

    The item keeps its id (so its annotations stay attached); its text and
    ``content_hash`` change; ``metadata["pii"]`` records the content hash of
    the text as first imported, when it was pseudonymised and how many
    replacements were made.  Every finding of the item is moved to its
    offsets in the new text; embeddings cached for the old text only are
    deleted.  Returns the number of findings pseudonymised.
    """

    def rewrite(text: str, todo: list[Any], rows: list[Any]) -> tuple[str, dict[int, dict[str, Any]], int]:
        bad = [f for f in todo if not 0 <= f.start < f.end <= len(text)]
        if bad:
            raise CurateError(
                f"finding {bad[0].id} ({bad[0].start}-{bad[0].end}) lies outside item {item_id!r}: "
                "rescan the project with `curate pii scan --all`"
            )
        clusters = _clusters(todo)
        spans = [
            Span(start=lo, end=hi, entity=ent, value=text[lo:hi], detector="merge")
            for lo, hi, ent, _ in clusters
        ]
        new_text, edits = pseudonymiser.replace(text, spans)
        member = {fid: edit for (_, _, _, fids), edit in zip(clusters, edits, strict=True) for fid in fids}
        updates: dict[int, dict[str, Any]] = {}
        for f in rows:
            if f.id in member:
                e = member[f.id]
                updates[f.id] = {"status": "pseudonymised", "start": e.new_start, "end": e.new_end}
            else:
                updates[f.id] = {
                    "start": map_offset(f.start, edits, side="start"),
                    "end": map_offset(f.end, edits, side="end"),
                }
        return new_text, updates, len(edits)

    return store.rewrite_item_text(item_id, finding_ids, rewrite)


def _clusters(rows: Sequence[Any]) -> list[tuple[int, int, str, list[int]]]:
    """Merge overlapping findings: (start, end, entity of the longest, finding ids)."""
    out: list[tuple[int, int, str, list[int]]] = []
    best: list[int] = []
    for f in sorted(rows, key=lambda r: (r.start, -r.end)):
        if out and f.start < out[-1][1]:
            lo, hi, ent, ids = out[-1]
            if f.end - f.start > best[-1]:
                ent, best[-1] = f.entity, f.end - f.start
            out[-1] = (lo, max(hi, f.end), ent, [*ids, f.id])
        else:
            out.append((f.start, f.end, f.entity, [f.id]))
            best.append(f.end - f.start)
    return out


# -- gate and report -----------------------------------------------------------------------------
def unscanned_items(store: Store) -> int:
    """How many items were added after the last scan covered the project."""
    return store.unscanned_count()


def report(store: Store, *, with_findings: bool = False, context: int = 30) -> dict[str, Any]:
    """Counts by status and entity, scan freshness and the gate; open findings in context if asked."""
    out = store.pii_counts()
    by_status = out.pop("by_status")
    out = {
        "scanned_at": out["scanned_at"],
        "detector": out["detector"],
        "items": out["items"],
        "findings": {s: by_status.get(s, 0) for s in STATUSES},
        "open_by_entity": out["open_by_entity"],
        "by_detector": out["by_detector"],
        "items_with_open_findings": out["items_with_open_findings"],
    }
    out["unscanned_items"] = unscanned_items(store)
    out["gate"] = gate(store).to_dict()
    if with_findings:
        listed = []
        texts = {it.id: it.text for it in store.items({f.item_id for f in findings(store, status="open")})}
        for f in findings(store, status="open"):
            text = texts[f.item_id]
            d = f.to_dict()
            d["context"] = text[max(0, f.start - context) : f.end + context]
            listed.append(d)
        out["open"] = listed
    return out
