"""Personal-data findings (``pii_findings``) and the scan state kept in ``meta``.

The rules (what a scan adds, when the gate opens, how text is pseudonymised)
live in :mod:`curate.workflows.pii`; these are the reads and writes they use.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from curate.errors import CurateError, NotFoundError
from curate.schema import content_hash
from curate.store import tables as t
from curate.store.base import StoreBase, now

__all__ = [
    "META_DETECTOR",
    "META_SALT",
    "META_SCANNED_AT",
    "META_SCANNED_THROUGH",
    "UNRESOLVED",
    "PiiStore",
]

META_SCANNED_AT = "pii_scanned_at"
META_SCANNED_THROUGH = "pii_scanned_through"
META_DETECTOR = "pii_detector"
META_SALT = "pii_salt"
#: Finding statuses whose text is still in the item: ``open`` (not reviewed) and ``accepted``
#: (a reviewer confirmed it is personal data; ``apply`` replaces it).  Both block publishing.
UNRESOLVED = ("open", "accepted")


#: ``rewrite(text, findings_to_replace, all_findings) -> (new_text, {finding_id: new values}, n_replaced)``
Rewrite = Callable[[str, list[Any], list[Any]], tuple[str, Mapping[int, Mapping[str, Any]], int]]


def _get_meta(c: sa.Connection, key: str) -> str | None:
    value = c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
    return None if value is None else str(value)


def _put_meta(c: sa.Connection, key: str, value: str) -> None:
    c.execute(sa.delete(t.meta).where(t.meta.c.key == key))
    c.execute(sa.insert(t.meta).values(key=key, value=value))


def _through(c: sa.Connection) -> int:
    raw = _get_meta(c, META_SCANNED_THROUGH)
    return -1 if raw is None else int(raw)


def _chunks(ids: Sequence[str] | None) -> list[Sequence[str] | None]:
    return [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]


def _pii_finding_rows(
    c: sa.Connection, *, status: str | None, wanted: Sequence[str] | None
) -> list[dict[str, Any]]:
    f = t.pii_findings.c
    q = (
        sa.select(t.pii_findings, t.items.c.text)
        .join(t.items, t.items.c.id == f.item_id)
        .order_by(t.items.c.position, f.start, f.id)
    )
    if status is not None:
        q = q.where(f.status == status)
    out = []
    for part in _chunks(wanted):
        for r in c.execute(q if part is None else q.where(f.item_id.in_(part))):
            row = {k: getattr(r, k) for k in ("id", "item_id", "entity", "start", "end", "status")}
            row.update(detector=r.detector, created_at=r.created_at, value=r.text[r.start : r.end])
            out.append(row)
    return out


class PiiStore(StoreBase):
    """Personal-data findings and scan state."""

    def pii_scanned_through(self) -> int:
        """The highest item position a scan has covered (-1: none)."""
        return self._r(_through)

    def items_after(self, position: int, limit: int) -> list[Any]:
        """Up to ``limit`` items after ``position``: rows with id, position, text, content_hash."""
        i = t.items.c
        q = sa.select(i.id, i.position, i.text, i.content_hash).where(i.position > position)
        return self._r(lambda c: list(c.execute(q.order_by(i.position).limit(limit))))

    def add_pii_findings(
        self, rows: Sequence[Any], spans: Sequence[Sequence[Any]]
    ) -> tuple[int, Counter[str]]:
        """Store new ``open`` findings (spans with start, end, entity, detector) of ``rows``, in one transaction.

        A span already recorded (same offsets and entity, any status) is not added
        again; one inside a pseudonymised finding is its surrogate and is skipped;
        an item whose text changed since it was read is left for the next scan.
        """

        def fn(c: sa.Connection) -> tuple[int, Counter[str]]:
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
                    if any(
                        f.status == "pseudonymised" and f.start <= s.start and s.end <= f.end for f in have
                    ):
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

        return self._w(fn)

    def finish_pii_scan(self, stamp: str, detector: str) -> None:
        def fn(c: sa.Connection) -> None:
            _put_meta(c, META_SCANNED_AT, stamp)
            _put_meta(c, META_DETECTOR, detector)

        self._w(fn)

    def pii_finding_rows(
        self, *, status: str | None = None, item_ids: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """Findings in item order, each a dict of its columns plus ``value`` (read from the text)."""
        wanted = None if item_ids is None else list(dict.fromkeys(item_ids))
        return self._r(lambda c: _pii_finding_rows(c, status=status, wanted=wanted))

    def dismiss_pii_findings(self, ids: Sequence[int]) -> int:
        """Mark open or accepted findings dismissed, all or nothing; returns how many changed."""

        def fn(c: sa.Connection) -> int:
            f = t.pii_findings.c
            rows = {r.id: r.status for r in c.execute(sa.select(f.id, f.status).where(f.id.in_(ids)))}
            missing = [i for i in ids if i not in rows]
            if missing:
                raise NotFoundError(
                    f"no PII finding with id {missing[0]}: list them with `curate pii report PROJECT --findings`"
                )
            done = [i for i in ids if rows[i] == "pseudonymised"]
            if done:
                raise CurateError(
                    f"finding {done[0]} is already pseudonymised: there is nothing left to dismiss"
                )
            todo = [i for i in ids if rows[i] in UNRESOLVED]
            if todo:
                c.execute(sa.update(t.pii_findings).where(f.id.in_(todo)).values(status="dismissed"))
            return len(todo)

        return self._w(fn)

    def set_pii_status(self, ids: Sequence[int], status: str) -> int:
        """Mark findings ``accepted`` or ``open`` again (all or nothing); returns how many changed.

        A pseudonymised finding cannot change: its text has already been replaced.
        """
        if status not in UNRESOLVED:
            raise CurateError(f"findings can be marked {' or '.join(UNRESOLVED)} here, not {status!r}")

        def fn(c: sa.Connection) -> int:
            f = t.pii_findings.c
            rows = {r.id: r.status for r in c.execute(sa.select(f.id, f.status).where(f.id.in_(ids)))}
            missing = [i for i in ids if i not in rows]
            if missing:
                raise NotFoundError(f"no PII finding with id {missing[0]}")
            done = [i for i in ids if rows[i] == "pseudonymised"]
            if done:
                raise CurateError(f"finding {done[0]} is already pseudonymised: its text was replaced")
            todo = [i for i in ids if rows[i] != status]
            if todo:
                c.execute(sa.update(t.pii_findings).where(f.id.in_(todo)).values(status=status))
            return len(todo)

        return self._w(fn)

    def pii_salt(self, make: Callable[[], str]) -> str:
        """The project's surrogate salt, made with ``make()`` and stored the first time."""

        def fn(c: sa.Connection) -> str:
            salt = _get_meta(c, META_SALT)
            if salt is None:
                salt = make()
                _put_meta(c, META_SALT, salt)
            return salt

        return self._w(fn)

    def open_pii_findings_by_item(self, finding_ids: Iterable[int] | None = None) -> dict[str, list[int]]:
        """``{item_id: [open or accepted finding ids]}`` of all findings, or of ``finding_ids`` (all must exist)."""
        wanted = None if finding_ids is None else {int(i) for i in finding_ids}

        def fn(c: sa.Connection) -> dict[str, list[int]]:
            f = t.pii_findings.c
            q = sa.select(f.id, f.item_id, f.status)
            rows = list(c.execute(q if wanted is None else q.where(f.id.in_(sorted(wanted)))))
            if wanted is not None:
                missing = sorted(wanted - {r.id for r in rows})
                if missing:
                    raise NotFoundError(f"no PII finding with id {missing[0]}")
            out: dict[str, list[int]] = {}
            for r in rows:
                if r.status in UNRESOLVED:
                    out.setdefault(r.item_id, []).append(r.id)
            return out

        return self._r(fn)

    def rewrite_item_text(self, item_id: str, finding_ids: Sequence[int], rewrite: Rewrite) -> int:
        """Replace an item's text in one transaction; returns ``rewrite``'s count of replaced findings.

        ``rewrite`` gets the text, the open findings among ``finding_ids`` and all
        the item's findings; it returns the new text and each finding's new
        values.  The item keeps its id; ``metadata["pii"]`` records the original
        content hash, when and how many; embeddings of the old text only go.
        """
        ids = set(finding_ids)

        def fn(c: sa.Connection) -> int:
            item = c.execute(sa.select(t.items).where(t.items.c.id == item_id)).first()
            if item is None:
                raise NotFoundError(f"no item with id {item_id!r} in this project")
            rows = list(c.execute(sa.select(t.pii_findings).where(t.pii_findings.c.item_id == item_id)))
            todo = [f for f in rows if f.id in ids and f.status in UNRESOLVED]
            if not todo:
                return 0
            new_text, updates, n = rewrite(item.text, todo, rows)
            if not n:
                return 0  # everything asked for overlaps a dismissal: the item stays as it is
            meta = json.loads(item.metadata_json or "{}")
            record = dict(meta.get("pii") or {})
            record.setdefault("original_content_hash", item.content_hash)
            record["pseudonymised_at"] = now()
            record["replacements"] = int(record.get("replacements", 0)) + n
            meta["pii"] = record
            c.execute(
                sa.update(t.items)
                .where(t.items.c.id == item_id)
                .values(
                    text=new_text,
                    content_hash=content_hash(new_text),
                    metadata_json=json.dumps(meta, sort_keys=True),
                )
            )
            for fid, values in updates.items():
                c.execute(sa.update(t.pii_findings).where(t.pii_findings.c.id == fid).values(**values))
            others = c.execute(
                sa.select(sa.func.count())
                .select_from(t.items)
                .where(t.items.c.content_hash == item.content_hash)
            ).scalar()
            if not others:
                c.execute(sa.delete(t.embeddings).where(t.embeddings.c.content_hash == item.content_hash))
            return sum(v.get("status") == "pseudonymised" for v in updates.values())

        return self._w(fn)

    def vacuum(self) -> None:
        """SQLite: rewrite the file so deleted or replaced text does not survive in free pages or the WAL."""
        if not self.url.startswith("sqlite"):
            return
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            driver.execute("VACUUM")  # the connection is in autocommit mode (see store.engine)
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def unscanned_count(self) -> int:
        """How many items were added after the last scan covered the project."""

        def fn(c: sa.Connection) -> int:
            q = sa.select(sa.func.count()).select_from(t.items).where(t.items.c.position > _through(c))
            return int(c.execute(q).scalar() or 0)

        return self._r(fn)

    def pii_gate_counts(self, item_ids: Sequence[str] | None) -> tuple[bool, int, int]:
        """(scanned ever, items added after the scan, open findings) for ``item_ids`` (None: all)."""

        def fn(c: sa.Connection) -> tuple[bool, int, int]:
            scanned = _get_meta(c, META_SCANNED_AT) is not None
            through = _through(c)
            n_open = n_new = 0
            for part in _chunks(item_ids):
                q_new = sa.select(sa.func.count()).select_from(t.items).where(t.items.c.position > through)
                q_open = (
                    sa.select(sa.func.count())
                    .select_from(t.pii_findings)
                    .where(t.pii_findings.c.status.in_(UNRESOLVED))
                )
                if part is not None:
                    q_new = q_new.where(t.items.c.id.in_(part))
                    q_open = q_open.where(t.pii_findings.c.item_id.in_(part))
                n_new += int(c.execute(q_new).scalar() or 0)
                n_open += int(c.execute(q_open).scalar() or 0)
            return scanned, n_new, n_open

        return self._r(fn)

    def pii_counts(self) -> dict[str, Any]:
        """Findings by status, open ones by entity, by detector; scan time and detector; item counts."""

        def fn(c: sa.Connection) -> dict[str, Any]:
            f = t.pii_findings
            by_status = {
                r[0]: int(r[1])
                for r in c.execute(sa.select(f.c.status, sa.func.count()).group_by(f.c.status))
            }
            open_by_entity = {
                r[0]: int(r[1])
                for r in c.execute(
                    sa.select(f.c.entity, sa.func.count())
                    .where(f.c.status.in_(UNRESOLVED))
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
                sa.select(sa.func.count(sa.distinct(f.c.item_id))).where(f.c.status.in_(UNRESOLVED))
            ).scalar()
            return {
                "scanned_at": _get_meta(c, META_SCANNED_AT),
                "detector": _get_meta(c, META_DETECTOR),
                "items": int(c.execute(sa.select(sa.func.count()).select_from(t.items)).scalar() or 0),
                "by_status": by_status,
                "open_by_entity": open_by_entity,
                "by_detector": by_detector,
                "items_with_open_findings": int(items_open or 0),
            }

        return self._r(fn)
