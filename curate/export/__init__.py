"""Export: resolve labels, split without leakage, build a DatasetDict and card, save or push.

The entry points take a :class:`~curate.store.Store`; :class:`curate.Project`
delegates to them (``to_dataset``, ``dataset_card``, ``save``, ``push_to_hub``).
``datasets`` and ``huggingface_hub`` are imported only when a dataset or card
is actually built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from curate.export.build import DEFAULT_SPLITS, ExportPlan, ExportRow, plan_export
from curate.export.card import CardInfo, build_card
from curate.export.gate import PiiStatus, check_pii_gate, pii_status
from curate.export.publish import FORMATS, PushResult, push_plan, save_plan
from curate.export.snapshot import snapshot_hash
from curate.export.splits import SplitRow, assign_splits
from curate.store import Store

__all__ = [
    "DEFAULT_SPLITS",
    "FORMATS",
    "CardInfo",
    "ExportPlan",
    "ExportRow",
    "PiiStatus",
    "PushResult",
    "SplitRow",
    "assign_splits",
    "build_card",
    "check_pii_gate",
    "pii_status",
    "plan_export",
    "publish",
    "push_plan",
    "save_plan",
    "snapshot_hash",
]


def publish(
    store: Store,
    repo_id: str,
    *,
    private: bool = True,
    token: str | None = None,
    card_info: CardInfo | Mapping[str, Any] | None = None,
    allow_unscanned: bool = False,
    splits: Mapping[str, float] | None = None,
    stratify: bool = True,
    group_by: str | None = None,
    groups: Iterable[Iterable[str]] = (),
    random_state: int | None = 0,
) -> PushResult:
    """Plan the export, check the personal-data gate, then push (see :func:`push_plan`)."""
    plan = plan_export(
        store, splits=splits, stratify=stratify, group_by=group_by, groups=groups, random_state=random_state
    )
    check_pii_gate(store, [r.id for r in plan.rows], allow_unscanned=allow_unscanned)
    return push_plan(plan, repo_id, private=private, token=token, card_info=card_info)
