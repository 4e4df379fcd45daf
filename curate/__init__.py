"""curate: a workbench for small, high-stakes training datasets, inside JupyterLab."""

from __future__ import annotations

from curate._version import __version__
from curate.errors import CurateError
from curate.project import Project, load_task
from curate.schema import Annotation, Batch, Item, Label, Provenance, TaskSpec
from curate.session import Session
from curate.spans import LabeledSpan, SpanTaskSpec

__all__ = [
    "Annotation",
    "Batch",
    "CurateError",
    "Item",
    "Label",
    "LabeledSpan",
    "Project",
    "Provenance",
    "Session",
    "SpanTaskSpec",
    "TaskSpec",
    "__version__",
    "load_task",
]
