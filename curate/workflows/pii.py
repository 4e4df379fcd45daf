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

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import sqlalchemy as sa

from curate.errors import CurateError, NotFoundError
from curate.pii import Detector, Pseudonymiser, Span, default_detector, find_many, map_offset, new_salt
from curate.schema import content_hash
from curate.store import tables as t
from curate.store.engine import with_retry
from curate.store.store import Store, now

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
META_SCANNED_AT = "pii_scanned_at"
META_SCANNED_THROUGH = "pii_scanned_through"
META_DETECTOR = "pii_detector"
META_SALT = "pii_salt"


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Gate:
    """Whether the items may be published, and why not."""

    ok: bool
    reasons: tuple[str, ...] = ()
    open_findings: int = 0
    unscanned_items: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "reasons": list(self.reasons),
            "open_findings": self.open_findings,
            "unscanned_items": self.unscanned_items,
        }


def _get_meta(c: sa.Connection, key: str) -> str | None:
    value = c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
    return None if value is None else str(value)


def _put_meta(c: sa.Connection, key: str, value: str) -> None:
    c.execute(sa.delete(t.meta).where(t.meta.c.key == key))
    c.execute(sa.insert(t.meta).values(key=key, value=value))


def _through(c: sa.Connection) -> int:
    raw = _get_meta(c, META_SCANNED_THROUGH)
    return -1 if raw is None else int(raw)


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
    start_after = -1 if rescan else with_retry(store.engine, _through, write=False)
    scanned = added = 0
    by_entity: Counter[str] = Counter()
    while True:
        after = start_after

        def read(c: sa.Connection, after: int = after) -> list[Any]:
            q = (
                sa.select(t.items.c.id, t.items.c.position, t.items.c.text, t.items.c.content_hash)
                .where(t.items.c.position > after)
                .order_by(t.items.c.position)
                .limit(chunk_size)
            )
            return list(c.execute(q))

        rows = with_retry(store.engine, read, write=False)
        if not rows:
            break
        spans = find_many(detector, [r.text for r in rows])
        n_added, n_entity = with_retry(
            store.engine, partial(_store_findings, rows=rows, spans=spans), write=True
        )
        scanned += len(rows)
        added += n_added
        by_entity.update(n_entity)
        start_after = rows[-1].position
    stamp = now()

    def finish(c: sa.Connection) -> None:
        _put_meta(c, META_SCANNED_AT, stamp)
        _put_meta(c, META_DETECTOR, detector.name)

    with_retry(store.engine, finish, write=True)
    return ScanResult(
        items_scanned=scanned,
        findings_added=added,
        by_entity=dict(sorted(by_entity.items())),
        detector=detector.name,
        scanned_at=stamp,
    )


def _store_findings(
    c: sa.Connection, *, rows: Sequence[Any], spans: Sequence[Sequence[Span]]
) -> tuple[int, Counter[str]]:
    ids = [r.id for r in rows]
    current = dict(
        c.execute(sa.select(t.items.c.id, t.items.c.content_hash).where(t.items.c.id.in_(ids))).all()
    )
    existing: dict[str, list[Any]] = {}
    for f in c.execute(sa.select(t.pii_findings).where(t.pii_findings.c.item_id.in_(ids))):
        existing.setdefault(f.item_id, []).append(f)
    stamp = now()
    new: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    unchanged = [r for r in rows if current.get(r.id) == r.content_hash]
    for row, found in zip(rows, spans, strict=True):
        if current.get(row.id) != row.content_hash:
            continue  # pseudonymised while we scanned: the next scan sees the new text
        have = existing.get(row.id, [])
        for s in found:
            if any(f.start == s.start and f.end == s.end and f.entity == s.entity for f in have):
                continue
            if any(f.status == "pseudonymised" and f.start <= s.start and s.end <= f.end for f in have):
                continue
            new.append(
                {
                    "item_id": row.id,
                    "entity": s.entity,
                    "start": s.start,
                    "end": s.end,
                    "status": "open",
                    "detector": s.detector,
                    "created_at": stamp,
                }
            )
            counts[s.entity] += 1
    if new:
        c.execute(sa.insert(t.pii_findings), new)
    if unchanged:
        top = max(r.position for r in unchanged)
        if top > _through(c):
            _put_meta(c, META_SCANNED_THROUGH, str(top))
    return len(new), counts


# -- review --------------------------------------------------------------------------------------
def findings(
    store: Store, *, status: str | None = None, item_ids: Iterable[str] | None = None
) -> list[Finding]:
    """Stored findings in item order, with their current values."""
    if status is not None and status not in STATUSES:
        raise CurateError(f"unknown finding status {status!r}: use one of {', '.join(STATUSES)}")
    wanted = None if item_ids is None else list(item_ids)

    def fn(c: sa.Connection) -> list[Finding]:
        q = (
            sa.select(t.pii_findings, t.items.c.text)
            .join(t.items, t.items.c.id == t.pii_findings.c.item_id)
            .order_by(t.items.c.position, t.pii_findings.c.start, t.pii_findings.c.id)
        )
        if status is not None:
            q = q.where(t.pii_findings.c.status == status)
        parts = (
            [q]
            if wanted is None
            else [q.where(t.items.c.id.in_(wanted[i : i + 500])) for i in range(0, len(wanted), 500)]
        )
        out = []
        for part in parts:
            for r in c.execute(part):
                out.append(
                    Finding(
                        id=r.id,
                        item_id=r.item_id,
                        entity=r.entity,
                        start=r.start,
                        end=r.end,
                        status=r.status,
                        detector=r.detector,
                        created_at=r.created_at,
                        value=r.text[r.start : r.end],
                    )
                )
        return out

    return with_retry(store.engine, fn, write=False)


def dismiss(store: Store, finding_ids: Iterable[int]) -> int:
    """Mark open findings as false positives (all or nothing).  Returns how many changed.

    Already dismissed findings are left as they are; a pseudonymised one
    cannot be dismissed (its text has already been replaced).
    """
    ids = sorted({int(i) for i in finding_ids})

    def fn(c: sa.Connection) -> int:
        rows = {
            r.id: r.status
            for r in c.execute(
                sa.select(t.pii_findings.c.id, t.pii_findings.c.status).where(t.pii_findings.c.id.in_(ids))
            )
        }
        missing = [i for i in ids if i not in rows]
        if missing:
            raise NotFoundError(
                f"no PII finding with id {missing[0]}: list them with `curate pii report PROJECT --findings`"
            )
        done = [i for i in ids if rows[i] == "pseudonymised"]
        if done:
            raise CurateError(f"finding {done[0]} is already pseudonymised: there is nothing left to dismiss")
        todo = [i for i in ids if rows[i] == "open"]
        if todo:
            c.execute(
                sa.update(t.pii_findings).where(t.pii_findings.c.id.in_(todo)).values(status="dismissed")
            )
        return len(todo)

    return with_retry(store.engine, fn, write=True)


# -- pseudonymise --------------------------------------------------------------------------------
def _salt(store: Store, random_state: int | None) -> str:
    def fn(c: sa.Connection) -> str:
        salt = _get_meta(c, META_SALT)
        if salt is None:
            salt = new_salt(random_state)
            _put_meta(c, META_SALT, salt)
        return salt

    return with_retry(store.engine, fn, write=True)


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
    pseudonymiser = Pseudonymiser(_salt(store, random_state), locale=locale)
    wanted = None if finding_ids is None else {int(i) for i in finding_ids}

    def targets(c: sa.Connection) -> dict[str, list[int]]:
        q = sa.select(t.pii_findings.c.id, t.pii_findings.c.item_id, t.pii_findings.c.status)
        rows = list(c.execute(q if wanted is None else q.where(t.pii_findings.c.id.in_(sorted(wanted)))))
        if wanted is not None:
            found = {r.id for r in rows}
            missing = sorted(wanted - found)
            if missing:
                raise NotFoundError(f"no PII finding with id {missing[0]}")
        out: dict[str, list[int]] = {}
        for r in rows:
            if r.status == "open":
                out.setdefault(r.item_id, []).append(r.id)
        return out

    per_item = with_retry(store.engine, targets, write=False)
    changed = replaced = 0
    for item_id, ids in per_item.items():
        n = replace_text(store, item_id, ids, pseudonymiser)
        changed += n > 0
        replaced += n
    if vacuum and changed and store.url.startswith("sqlite"):
        _vacuum(store)
    return ApplyResult(items_changed=changed, findings_pseudonymised=replaced)


def _vacuum(store: Store) -> None:
    """Rewrite the SQLite file so replaced text does not survive in free pages or the WAL."""
    raw = store.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        driver.execute("VACUUM")  # the connection is in autocommit mode (see store.engine)
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def replace_text(store: Store, item_id: str, finding_ids: Sequence[int], pseudonymiser: Pseudonymiser) -> int:
    """Pseudonymise the given open findings of one item, in one transaction.

    The item keeps its id (so its annotations stay attached); its text and
    ``content_hash`` change; ``metadata["pii"]`` records the content hash of
    the text as first imported, when it was pseudonymised and how many
    replacements were made.  Every finding of the item is moved to its
    offsets in the new text; embeddings cached for the old text only are
    deleted.  Returns the number of findings pseudonymised.
    """
    ids = set(finding_ids)

    def fn(c: sa.Connection) -> int:
        item = c.execute(sa.select(t.items).where(t.items.c.id == item_id)).first()
        if item is None:
            raise NotFoundError(f"no item with id {item_id!r} in this project")
        rows = list(c.execute(sa.select(t.pii_findings).where(t.pii_findings.c.item_id == item_id)))
        todo = [f for f in rows if f.id in ids and f.status == "open"]
        if not todo:
            return 0
        text = item.text
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
        meta = json.loads(item.metadata_json or "{}")
        record = dict(meta.get("pii") or {})
        record.setdefault("original_content_hash", item.content_hash)
        record["pseudonymised_at"] = now()
        record["replacements"] = int(record.get("replacements", 0)) + len(edits)
        meta["pii"] = record
        new_hash = content_hash(new_text)
        c.execute(
            sa.update(t.items)
            .where(t.items.c.id == item_id)
            .values(text=new_text, content_hash=new_hash, metadata_json=json.dumps(meta, sort_keys=True))
        )
        member = {fid: edit for (_, _, _, fids), edit in zip(clusters, edits, strict=True) for fid in fids}
        for f in rows:
            if f.id in member:
                e = member[f.id]
                values: dict[str, Any] = {"status": "pseudonymised", "start": e.new_start, "end": e.new_end}
            else:
                values = {
                    "start": map_offset(f.start, edits, side="start"),
                    "end": map_offset(f.end, edits, side="end"),
                }
            c.execute(sa.update(t.pii_findings).where(t.pii_findings.c.id == f.id).values(**values))
        others = c.execute(
            sa.select(sa.func.count()).select_from(t.items).where(t.items.c.content_hash == item.content_hash)
        ).scalar()
        if not others:
            c.execute(sa.delete(t.embeddings).where(t.embeddings.c.content_hash == item.content_hash))
        return len(member)

    return with_retry(store.engine, fn, write=True)


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

    def fn(c: sa.Connection) -> int:
        q = sa.select(sa.func.count()).select_from(t.items).where(t.items.c.position > _through(c))
        return int(c.execute(q).scalar() or 0)

    return with_retry(store.engine, fn, write=False)


def gate(store: Store, item_ids: Iterable[str] | None = None) -> Gate:
    """May these items (default: all) be published?  See the module docstring for the rule."""
    wanted = None if item_ids is None else list(item_ids)

    def fn(c: sa.Connection) -> Gate:
        reasons = []
        if _get_meta(c, META_SCANNED_AT) is None:
            reasons.append("the project was never scanned for personal data: run `curate pii scan PROJECT`")
        through = _through(c)
        n_open = n_new = 0
        chunks = [None] if wanted is None else [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
        for part in chunks:
            q_new = sa.select(sa.func.count()).select_from(t.items).where(t.items.c.position > through)
            q_open = (
                sa.select(sa.func.count())
                .select_from(t.pii_findings)
                .where(t.pii_findings.c.status == "open")
            )
            if part is not None:
                q_new = q_new.where(t.items.c.id.in_(part))
                q_open = q_open.where(t.pii_findings.c.item_id.in_(part))
            n_new += int(c.execute(q_new).scalar() or 0)
            n_open += int(c.execute(q_open).scalar() or 0)
        if n_new and reasons == []:
            reasons.append(f"{n_new} items were added after the last scan: run `curate pii scan PROJECT`")
        if n_open:
            reasons.append(
                f"{n_open} personal-data findings are still open: review them with `curate pii report "
                "PROJECT --findings`, then `curate pii apply PROJECT` or `curate pii dismiss PROJECT IDS`"
            )
        return Gate(ok=not reasons, reasons=tuple(reasons), open_findings=n_open, unscanned_items=n_new)

    return with_retry(store.engine, fn, write=False)


def report(store: Store, *, with_findings: bool = False, context: int = 30) -> dict[str, Any]:
    """Counts by status and entity, scan freshness and the gate; open findings in context if asked."""

    def fn(c: sa.Connection) -> dict[str, Any]:
        f = t.pii_findings
        by_status = {
            r[0]: int(r[1]) for r in c.execute(sa.select(f.c.status, sa.func.count()).group_by(f.c.status))
        }
        open_by_entity = {
            r[0]: int(r[1])
            for r in c.execute(
                sa.select(f.c.entity, sa.func.count())
                .where(f.c.status == "open")
                .group_by(f.c.entity)
                .order_by(f.c.entity)
            )
        }
        by_detector = {
            r[0]: int(r[1])
            for r in c.execute(
                sa.select(f.c.detector, sa.func.count()).group_by(f.c.detector).order_by(f.c.detector)
            )
        }
        items_open = c.execute(
            sa.select(sa.func.count(sa.distinct(f.c.item_id))).where(f.c.status == "open")
        ).scalar()
        return {
            "scanned_at": _get_meta(c, META_SCANNED_AT),
            "detector": _get_meta(c, META_DETECTOR),
            "items": int(c.execute(sa.select(sa.func.count()).select_from(t.items)).scalar() or 0),
            "findings": {s: by_status.get(s, 0) for s in STATUSES},
            "open_by_entity": open_by_entity,
            "by_detector": by_detector,
            "items_with_open_findings": int(items_open or 0),
        }

    out = with_retry(store.engine, fn, write=False)
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
