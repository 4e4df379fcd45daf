"""JupyterLab widgets over a project: :class:`Annotator`, :class:`Reviewer`, :class:`FindingsReview`.

Importing this package is cheap; the widget library (anywidget, ipywidgets)
is imported on first use of a widget class.  :func:`badge` tells what a view
shows on an item (``synthetic · pending`` for a synthetic item awaiting review).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curate.widgets.annotator import Annotator, Reviewer
    from curate.widgets.findings import FindingsReview

from curate.widgets._render import ViewOptions, badge

__all__ = ["Annotator", "FindingsReview", "Reviewer", "ViewOptions", "badge"]


def __getattr__(name: str) -> Any:
    if name in ("Annotator", "Reviewer"):
        from curate.widgets import annotator

        return getattr(annotator, name)
    if name == "FindingsReview":
        from curate.widgets.findings import FindingsReview

        return FindingsReview
    raise AttributeError(f"module 'curate.widgets' has no attribute {name!r}")
