"""Export: resolve labels, split without leakage, build a DatasetDict and card, save or push.

The entry points take a :class:`~curate.store.Store`; :class:`curate.Project`
delegates to them (``to_dataset``, ``dataset_card``, ``save``, ``push_to_hub``).
``datasets`` and ``huggingface_hub`` are imported only when a dataset or card
is actually built.
"""

from __future__ import annotations

from curate.export.build import DEFAULT_SPLITS, ExportOptions, ExportPlan, ExportRow, plan_export
from curate.export.card import CardInfo, build_card
from curate.export.gate import PiiStatus, check_pii_gate, pii_status
from curate.export.output import FORMATS, PushResult, publish, push_plan, save_plan
from curate.export.snapshot import snapshot_hash
from curate.export.spans import SpanExportPlan, SpanExportRow, plan_span_export, plan_task_export
from curate.export.splits import SplitRow, assign_splits

__all__ = [
    "DEFAULT_SPLITS",
    "FORMATS",
    "CardInfo",
    "ExportOptions",
    "ExportPlan",
    "ExportRow",
    "PiiStatus",
    "PushResult",
    "SpanExportPlan",
    "SpanExportRow",
    "SplitRow",
    "assign_splits",
    "build_card",
    "check_pii_gate",
    "pii_status",
    "plan_export",
    "plan_span_export",
    "plan_task_export",
    "publish",
    "push_plan",
    "save_plan",
    "snapshot_hash",
]
