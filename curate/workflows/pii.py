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

Statuses: ``open`` (found, not reviewed), ``accepted`` (a reviewer confirmed it is
personal data), ``dismissed`` (a false positive), ``pseudonymised`` (replaced by
``apply``).  ``open`` and ``accepted`` findings block publishing and are what
``apply`` replaces; annotators see them replaced (:func:`shown_text`).

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
from curate.pii import (
    Detector,
    Edit,
    Masker,
    Pseudonymiser,
    Span,
    default_detector,
    find_many,
    map_offset,
    new_salt,
)
from curate.store import Store, now
from curate.store.pii import UNRESOLVED

__all__ = [
    "ApplyResult",
    "Finding",
    "Gate",
    "ScanResult",
    "ShownItem",
    "accept",
    "apply",
    "dismiss",
    "findings",
    "gate",
    "replace_text",
    "report",
    "scan",
    "shown_items",
    "shown_text",
    "surrogate_maker",
    "unscanned_items",
]

STATUSES = ("open", "accepted", "pseudonymised", "dismissed")


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
    """What ``apply`` changed: items rewritten, findings replaced per type, findings it left alone.

    ``skipped`` are open or accepted findings left as they were because they overlap a dismissed
    finding or their surface form was dismissed (they stay open, so the gate still asks about them).
    """

    items_changed: int
    findings_pseudonymised: int
    by_entity: dict[str, int] = field(default_factory=dict)
    item_ids: tuple[str, ...] = ()
    skipped: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "items_changed": self.items_changed,
            "findings_pseudonymised": self.findings_pseudonymised,
            "by_entity": dict(self.by_entity),
            "item_ids": list(self.item_ids),
            "skipped": list(self.skipped),
        }

    def summary(self) -> str:
        """One line for people: what changed, per type."""
        kinds = ", ".join(f"{k} x{v}" for k, v in self.by_entity.items()) or "nothing"
        line = f"pseudonymised {self.findings_pseudonymised} findings in {self.items_changed} items ({kinds})"
        if self.skipped:
            line += f"; left {len(self.skipped)} open that overlap a dismissed finding or value"
        return line


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


def accept(store: Store, finding_ids: Iterable[int], *, accepted: bool = True) -> int:
    """Confirm findings as personal data (``accepted``), or with ``accepted=False`` reopen them.

    Accepted findings are replaced by :func:`apply` and block publishing until then, like
    open ones.  Returns how many changed; a pseudonymised finding cannot change.
    """
    return store.set_pii_status(sorted({int(i) for i in finding_ids}), "accepted" if accepted else "open")


def dismiss(store: Store, finding_ids: Iterable[int]) -> int:
    """Mark open or accepted findings as false positives (all or nothing).  Returns how many changed.

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
    from curate.workflows.pii_settings import settings

    pseudonymiser = surrogate_maker(store, random_state=random_state, locale=locale)
    per_item = store.open_pii_findings_by_item(finding_ids)
    rules = settings(store)
    changed: list[str] = []
    by_entity: Counter[str] = Counter()
    skipped: list[int] = []
    for item_id, ids in per_item.items():
        stats: dict[str, Any] = {}
        n = replace_text(store, item_id, ids, pseudonymiser, keep=rules.is_dismissed, stats=stats)
        if n:
            changed.append(item_id)
        by_entity.update(stats.get("by_entity", {}))
        skipped.extend(stats.get("skipped", []))
    if vacuum and changed:
        store.vacuum()
    return ApplyResult(
        items_changed=len(changed),
        findings_pseudonymised=sum(by_entity.values()),
        by_entity=dict(sorted(by_entity.items())),
        item_ids=tuple(changed),
        skipped=tuple(sorted(skipped)),
    )


def surrogate_maker(store: Store, *, random_state: int | None = None, locale: str = "en_US") -> Pseudonymiser:
    """The project's :class:`Pseudonymiser` (its salt is drawn and stored the first time)."""
    from curate.store.pii import META_SALT

    salt = store.meta(META_SALT) or store.pii_salt(lambda: new_salt(random_state))  # read first: no write
    return Pseudonymiser(salt, locale=locale)


def shown_text(text: str, rows: Sequence[Any], replacer: Pseudonymiser) -> tuple[str, list[Edit]]:
    """``text`` with its open and accepted findings replaced, as annotators are shown it.

    ``rows`` are the item's findings (anything with ``start``, ``end``, ``entity``, ``status``,
    ``id``); ``replacer`` is the project's :func:`surrogate_maker` (the surrogates ``apply``
    will write) or a :class:`~curate.pii.Masker`.  Findings overlapping a dismissed one are
    left as they are, as in :func:`apply`.  Returns the text and the edits made.
    """
    todo = [f for f in rows if f.status in UNRESOLVED and 0 <= f.start < f.end <= len(text)]
    todo, _ = _not_dismissed(todo, rows, text, lambda v, e: False)
    if not todo:
        return text, []
    return _replace_clusters(text, todo, replacer)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownItem:
    """An item as annotators are shown it: its text under the project's PII view, and marks.

    ``marks`` are ``(start, end, title)`` in ``text``: replaced spans titled ``"NAME · pseudonymised"``
    (or ``· masked``), other findings that are not dismissed titled with their type.
    """

    item: Any
    marks: tuple[tuple[int, int, str], ...] = ()


def shown_items(store: Store, items: Sequence[Any]) -> list[ShownItem]:
    """``items`` as annotators see them under the project's PII view (``set_view``).

    ``pseudonymised``: open and accepted findings replaced by the surrogates ``apply`` will
    write; ``masked``: by ``[TYPE]``; ``original``: the stored text.  On a span task both
    hiding views mask with ``█`` of the value's length, so offsets marked in the shown text
    are offsets into the stored text.  Nothing is written but
    the project's salt (drawn the first time, as ``apply`` does).
    """
    from dataclasses import replace as copy
    from types import SimpleNamespace

    from curate.workflows.pii_settings import settings

    ids = [it.id for it in items]
    rows = [SimpleNamespace(**r) for r in store.pii_finding_rows(item_ids=ids)] if ids else []
    by_item: dict[str, list[Any]] = {}
    for r in rows:
        by_item.setdefault(r.item_id, []).append(r)
    view = settings(store).view if rows else "original"
    hide = view != "original" and any(r.status in UNRESOLVED for r in rows)
    replacer: Pseudonymiser | None = None
    if hide and store.kind() == "spans":
        # Span offsets are recorded in the shown text: only a mask of equal length keeps them valid.
        view, replacer = "masked", Masker(keep_length=True)
    elif hide:
        replacer = Masker() if view == "masked" else surrogate_maker(store)
    out = []
    for item in items:
        found = by_item.get(item.id, [])
        text, edits = shown_text(item.text, found, replacer) if replacer is not None else (item.text, [])
        marks = [(e.new_start, e.new_end, f"{e.entity} · {view}") for e in edits]
        for f in found:
            if f.status == "dismissed" or any(e.start < f.end and f.start < e.end for e in edits):
                continue
            start, end = map_offset(f.start, edits, side="start"), map_offset(f.end, edits, side="end")
            marks.append((start, end, str(f.entity)))
        out.append(ShownItem(item=copy(item, text=text) if edits else item, marks=tuple(marks)))
    return out


def _not_dismissed(
    todo: Sequence[Any], rows: Sequence[Any], text: str, keep: Any
) -> tuple[list[Any], list[int]]:
    """Split findings to replace into those that may be and the ids of those touching a dismissal."""
    dismissed = [(f.start, f.end) for f in rows if f.status == "dismissed"]
    ok, skipped = [], []
    for f in todo:
        if keep(text[f.start : f.end], f.entity) or any(a < f.end and f.start < b for a, b in dismissed):
            skipped.append(int(f.id))
        else:
            ok.append(f)
    return ok, skipped


def _replace_clusters(text: str, todo: Sequence[Any], replacer: Pseudonymiser) -> tuple[str, list[Edit]]:
    clusters = _clusters(todo)
    spans = [
        Span(start=lo, end=hi, entity=ent, value=text[lo:hi], detector="merge") for lo, hi, ent, _ in clusters
    ]
    return replacer.replace(text, spans)


def replace_text(
    store: Store,
    item_id: str,
    finding_ids: Sequence[int],
    pseudonymiser: Pseudonymiser,
    *,
    keep: Any = None,
    stats: dict[str, Any] | None = None,
) -> int:
    """Pseudonymise the given open or accepted findings of one item, in one transaction.

    A finding that overlaps a dismissed finding of the item, or whose surface form
    ``keep(value, entity)`` says was dismissed, is not rewritten (it stays open).
    ``stats``, when given, receives ``by_entity`` (replaced per type) and ``skipped`` ids.

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
        todo, skipped = _not_dismissed(todo, rows, text, keep or (lambda v, e: False))
        if stats is not None:
            stats["skipped"] = skipped
        if not todo:
            return text, {}, 0
        clusters = _clusters(todo)
        new_text, edits = _replace_clusters(text, todo, pseudonymiser)
        member = {fid: edit for (_, _, _, fids), edit in zip(clusters, edits, strict=True) for fid in fids}
        if stats is not None:
            stats["by_entity"] = Counter(f.entity for f in todo)
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
