"""A project's personal-data settings: threshold, NER, and surface forms dismissed for good.

The settings are :class:`curate.pii.DetectorSettings`, kept as JSON in the project's meta table
under :data:`curate.pii.settings.META_KEY` (through ``Store.meta``/``Store.set_meta``; no table of
their own).  Every scan of the project builds its detector with :func:`project_detector`, so a
value dismissed here is not reported again by later scans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from curate.errors import CurateError
from curate.pii.detect import Detector
from curate.pii.settings import META_KEY, DetectorSettings, build_detector
from curate.store.store import Store

__all__ = ["FindingGroup", "dismiss_value", "group_findings", "project_detector", "save_settings", "settings"]


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "entity": self.entity,
            "count": self.count,
            "items": self.items,
            "finding_ids": list(self.finding_ids),
        }


def group_findings(store: Store, *, status: str = "open") -> list[FindingGroup]:
    """Findings grouped by surface form (ignoring case and spacing) and type, largest group first."""
    from curate.workflows.pii import findings

    groups: dict[tuple[str, str], list[Any]] = {}
    for f in findings(store, status=status):
        key = (" ".join(f.value.split()).casefold(), f.entity)
        groups.setdefault(key, []).append(f)
    out = [
        FindingGroup(
            value=fs[0].value,
            entity=fs[0].entity,
            count=len(fs),
            items=len({f.item_id for f in fs}),
            finding_ids=tuple(f.id for f in fs),
        )
        for fs in groups.values()
    ]
    return sorted(out, key=lambda g: (-g.count, g.entity, g.value.casefold()))


def dismiss_value(store: Store, value: str, entity: str) -> dict[str, Any]:
    """Dismiss every open finding of ``value`` as ``entity``, and keep later scans from reporting it.

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
        for f in findings(store, status="open")
        if f.entity == entity and updated.is_dismissed(f.value, f.entity)
    ]
    n = dismiss(store, ids) if ids else 0
    save_settings(store, updated)
    return {"dismissed": n, "rule": [" ".join(value.split()), entity]}
