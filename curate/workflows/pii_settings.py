"""A project's personal-data settings: threshold, NER, and surface forms dismissed for good.

The settings are :class:`curate.pii.DetectorSettings`, kept as JSON in the project's meta table
under :data:`curate.pii.settings.META_KEY` (through ``Store.meta``/``Store.set_meta``; no table of
their own).  Every scan of the project builds its detector with :func:`project_detector`, so a
value dismissed here is not reported again by later scans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from curate.errors import CurateError
from curate.pii.detect import Detector
from curate.pii.settings import META_KEY, VIEWS, DetectorSettings, build_detector
from curate.store.pii import UNRESOLVED
from curate.store.store import Store

__all__ = [
    "FindingGroup",
    "accept_value",
    "dismiss_value",
    "group_findings",
    "project_detector",
    "reopen_value",
    "save_settings",
    "set_view",
    "settings",
]


def settings(store: Store) -> DetectorSettings:
    """The project's stored settings (defaults when none were saved)."""
    return DetectorSettings.from_json(store.meta(META_KEY))


def save_settings(store: Store, value: DetectorSettings) -> DetectorSettings:
    store.set_meta(META_KEY, value.to_json())
    return value


def project_detector(
    store: Store, *, ner: bool | None = None, threshold: float | None = None, save: bool = False
) -> Detector:
    """The detector for this project: its stored settings, with ``ner``/``threshold`` overrides.

    ``save=True`` stores a given ``threshold`` as the project's from now on.
    """
    current = settings(store)
    chosen = replace(
        current,
        ner=current.ner if ner is None else ner,
        threshold=current.threshold if threshold is None else threshold,
    )
    if save and threshold is not None:
        save_settings(store, replace(current, threshold=threshold))
    return build_detector(chosen)


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingGroup:
    """Findings with the same surface form and entity type."""

    value: str
    entity: str
    count: int
    items: int
    finding_ids: tuple[int, ...]
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """The group's status when all its findings share one, else ``mixed``."""
        return next(iter(self.statuses)) if len(self.statuses) == 1 else "mixed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "entity": self.entity,
            "count": self.count,
            "items": self.items,
            "finding_ids": list(self.finding_ids),
            "statuses": dict(self.statuses),
        }


def group_findings(store: Store, *, status: str | Sequence[str] = "open") -> list[FindingGroup]:
    """Findings (of one status or several) grouped by surface form (ignoring case and spacing)
    and type, largest group first."""
    from curate.workflows.pii import findings

    wanted = {status} if isinstance(status, str) else set(status)
    groups: dict[tuple[str, str], list[Any]] = {}
    for f in findings(store):
        if f.status in wanted:
            groups.setdefault(_group_key(f.value, f.entity), []).append(f)
    out = [
        FindingGroup(
            value=fs[0].value,
            entity=fs[0].entity,
            count=len(fs),
            items=len({f.item_id for f in fs}),
            finding_ids=tuple(f.id for f in fs),
            statuses=dict(sorted(Counter(f.status for f in fs).items())),
        )
        for fs in groups.values()
    ]
    return sorted(out, key=lambda g: (-g.count, g.entity, g.value.casefold()))


def _group_key(value: str, entity: str) -> tuple[str, str]:
    return (" ".join(value.split()).casefold(), entity)


def dismiss_value(store: Store, value: str, entity: str) -> dict[str, Any]:
    """Dismiss every open or accepted finding of ``value`` as ``entity``, and keep later scans
    from reporting it.

    Returns ``{"dismissed": n, "rule": [value, entity]}``; a value with no open finding still
    becomes a rule (a reviewer may dismiss ahead of a scan).
    """
    from curate.workflows.pii import dismiss, findings

    entity = entity.strip().upper()
    if not entity:
        raise CurateError("give the finding type to dismiss with --type (NAME, LOCATION, ...)")
    current = settings(store)
    updated = current.dismiss(value, entity)
    ids: Sequence[int] = [
        f.id
        for f in findings(store)
        if f.status in UNRESOLVED and f.entity == entity and updated.is_dismissed(f.value, f.entity)
    ]
    n = dismiss(store, ids) if ids else 0
    save_settings(store, updated)
    return {"dismissed": n, "rule": [" ".join(value.split()), entity]}


def accept_value(store: Store, value: str, entity: str) -> dict[str, Any]:
    """Confirm every open or dismissed finding of ``value`` as ``entity`` as personal data.

    Undoes a dismissal of that surface form (later scans report it again).  Returns
    ``{"accepted": n}``; ``apply`` then replaces them.
    """
    return {"accepted": _decide_value(store, value, entity, ("open", "dismissed"), accepted=True)}


def reopen_value(store: Store, value: str, entity: str) -> dict[str, Any]:
    """Take back a decision on ``value`` as ``entity``: its accepted and dismissed findings are
    open again and later scans report it again.  Returns ``{"reopened": n}``."""
    return {"reopened": _decide_value(store, value, entity, ("accepted", "dismissed"), accepted=False)}


def _decide_value(store: Store, value: str, entity: str, statuses: tuple[str, ...], *, accepted: bool) -> int:
    """Accept (or reopen) the findings of one surface form in ``statuses``; lift its dismissal."""
    from curate.workflows.pii import accept, findings

    entity = entity.strip().upper()
    key = _group_key(value, entity)
    ids = [f.id for f in findings(store) if f.status in statuses and _group_key(f.value, f.entity) == key]
    current = settings(store)
    if current.is_dismissed(value, entity):
        save_settings(store, current.undismiss(value, entity))
    return accept(store, ids, accepted=accepted) if ids else 0


def set_view(store: Store, view: str) -> str:
    """What annotators see of items with open or accepted findings: one of :data:`VIEWS`.

    ``pseudonymised`` (the default: the surrogates ``apply`` will write), ``masked``
    (``[NAME]``) or ``original``.  Stored with the project's PII settings.
    """
    if view not in VIEWS:
        raise CurateError(f"unknown PII view {view!r}: use one of {', '.join(VIEWS)}")
    save_settings(store, replace(settings(store), view=view))
    return view
