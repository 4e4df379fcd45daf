"""The personal-data gate for publishing: the one rule (:func:`gate`) and the card's PII status.

A push is refused while any finding on an exported item is still ``open``,
and while the project has never been scanned (meta key ``pii_scanned_at``)
unless the caller explicitly allows an unscanned export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from curate.errors import PublishError
from curate.store import Store
from curate.store.pii import UNRESOLVED

__all__ = [
    "Gate",
    "PiiStatus",
    "check_pii_gate",
    "gate",
    "open_findings_warning",
    "pii_status",
    "pii_status_of",
    "warn_open_findings",
]

SCANNED_AT_KEY = "pii_scanned_at"


@dataclass(frozen=True, slots=True, kw_only=True)
class PiiStatus:
    """Personal-data scan state of the exported items.

    ``by_status`` counts findings per status (``open``, ``pseudonymised``, ...);
    ``open_by_entity`` counts the open ones per entity type.
    """

    scanned_at: str | None
    n_items: int
    open_items: tuple[str, ...] = ()
    by_status: dict[str, int] = field(default_factory=dict)
    open_by_entity: dict[str, int] = field(default_factory=dict)
    detectors: tuple[str, ...] = ()

    @property
    def scanned(self) -> bool:
        return self.scanned_at is not None

    @property
    def gate_open(self) -> bool:
        """True when nothing blocks a push (ignoring the unscanned case)."""
        return not self.open_items

    def to_dict(self) -> dict[str, Any]:
        return {
            "scanned": self.scanned,
            "scanned_at": self.scanned_at,
            "items_checked": self.n_items,
            "items_with_open_findings": len(self.open_items),
            "findings_by_status": dict(self.by_status),
            "open_by_entity": dict(self.open_by_entity),
            "detectors": list(self.detectors),
        }


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


def gate(store: Store, item_ids: Iterable[str] | None = None) -> Gate:
    """May these items (default: all) be published?  See the module docstring for the rule."""
    scanned, n_new, n_open = store.pii_gate_counts(None if item_ids is None else list(item_ids))
    reasons = []
    if not scanned:
        reasons.append("the project was never scanned for personal data: run `curate pii scan PROJECT`")
    if n_new and reasons == []:
        reasons.append(f"{n_new} items were added after the last scan: run `curate pii scan PROJECT`")
    if n_open:
        reasons.append(
            f"{n_open} personal-data findings are still open: review them with `curate pii report "
            "PROJECT --findings`, then `curate pii apply PROJECT` or `curate pii dismiss PROJECT IDS`"
        )
    return Gate(ok=not reasons, reasons=tuple(reasons), open_findings=n_open, unscanned_items=n_new)


def pii_status(store: Store, item_ids: Iterable[str]) -> PiiStatus:
    """Findings on ``item_ids`` and the project's scan timestamp."""
    wanted = sorted(set(item_ids))
    rows = store.pii_finding_rows(item_ids=wanted) if wanted else []
    return pii_status_of(rows, store.meta(SCANNED_AT_KEY), wanted)


def pii_status_of(
    findings: Iterable[Mapping[str, Any]], scanned_at: str | None, item_ids: Iterable[str]
) -> PiiStatus:
    """The :class:`PiiStatus` of ``item_ids`` from finding rows (``Store.pii_finding_rows``)."""
    wanted = set(item_ids)
    rows = [r for r in findings if r["item_id"] in wanted]
    by_status = Counter(str(r["status"]) for r in rows)
    open_rows = [r for r in rows if r["status"] in UNRESOLVED]
    return PiiStatus(
        scanned_at=scanned_at,
        n_items=len(wanted),
        open_items=tuple(sorted({str(r["item_id"]) for r in open_rows})),
        by_status=dict(sorted(by_status.items())),
        open_by_entity=dict(sorted(Counter(str(r["entity"]) for r in open_rows).items())),
        detectors=tuple(sorted({str(r["detector"]) for r in rows})),
    )


def open_findings_warning(status: PiiStatus) -> str | None:
    """The words a save or export says when it writes texts with open or accepted findings."""
    if not status.open_items:
        return None
    n = sum(status.open_by_entity.values())
    kinds = ", ".join(f"{k} x{v}" for k, v in status.open_by_entity.items())
    return (
        f"{len(status.open_items)} of {status.n_items} exported texts still hold {n} personal-data findings "
        f"not yet pseudonymised ({kinds}): review them with project.pii_review() or `curate pii report "
        "PROJECT --group`, then `curate pii apply PROJECT` (a push is refused until then)"
    )


def warn_open_findings(status: PiiStatus) -> str | None:
    """Warn (:class:`~curate.errors.CurateWarning`) when exported texts hold open findings."""
    message = open_findings_warning(status)
    if message is not None:
        import warnings

        from curate.errors import CurateWarning

        warnings.warn(message, CurateWarning, stacklevel=3)
    return message


def check_pii_gate(store: Store, item_ids: Iterable[str], *, allow_unscanned: bool = False) -> PiiStatus:
    """Raise :class:`PublishError` unless the exported items may be published.

    The rule is :func:`gate`'s: no open finding on an
    exported item, and every exported item covered by a scan.  Open findings
    always block; ``allow_unscanned=True`` lets through only a project (or
    items) never scanned, for texts known to hold no personal data.
    Returns the :class:`PiiStatus` it checked.
    """
    ids = list(item_ids)
    verdict = gate(store, ids)
    status = pii_status(store, ids)
    if verdict.open_findings:
        kinds = ", ".join(f"{k} x{v}" for k, v in status.open_by_entity.items())
        sample = ", ".join(status.open_items[:5])
        raise PublishError(
            f"{len(status.open_items)} exported items still have open personal-data findings "
            f"({kinds}): {sample}. Review them with `curate pii report PROJECT --findings`, then "
            "`curate pii apply PROJECT` or `curate pii dismiss PROJECT IDS`, and push again"
        )
    if not verdict.ok and not allow_unscanned:
        raise PublishError(
            " ; ".join(verdict.reasons)
            + " (or pass allow_unscanned=True, CLI --allow-unscanned, if the texts are known to hold none)"
        )
    return status
