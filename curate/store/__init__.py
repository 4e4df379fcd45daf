"""Persistence: one database per project (SQLite file by default, PostgreSQL by URL)."""

from __future__ import annotations

from curate.store.reports import ExportState
from curate.store.store import LabelInputs, Store, now

__all__ = ["ExportState", "LabelInputs", "Store", "now"]
