"""Span tasks wired to the store: import of existing spans (more span workflows live beside it).

Workflows take what they use (the store, the span spec), never the Project.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from curate.errors import ImportDataError
from curate.ingest import _TEXT_GUESSES, DEFAULT_MAX_CHARS, ImportPlan, Record, plan_import
from curate.spans.ingest import check_span_records
from curate.spans.model import LabeledSpan
from curate.spans.spec import SpanTaskSpec
from curate.store import Store

__all__ = ["plan_span_import"]


def plan_span_import(
    store: Store,
    spec: SpanTaskSpec,
    records: Sequence[Record],
    *,
    name: str,
    text_col: str | None = None,
    id_col: str | None = None,
    spans_col: str = "spans",
    annotator: str,
    meta_cols: Sequence[str] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_errors: int = 20,
) -> ImportPlan:
    """Check a file's span lists and plan the items and span annotations to add, all or nothing.

    Every row's spans are checked against its text and the task
    (:func:`curate.spans.check_span_records`); the items are planned by the
    same import as a classification corpus (:func:`curate.ingest.plan_import`),
    which merges rows whose *normalised* text is equal.  Offsets count in the
    raw text, so a row with spans that would merge into an item whose raw text
    differs (other whitespace or Unicode form) is refused, as are two rows of
    the same text with different spans.  Re-importing the same spans adds nothing.

    Raises
    ------
    ImportDataError
        Naming every bad row (up to ``max_errors``); nothing is written.
    """
    if not records:
        raise ImportDataError(f"{name}: no rows to import")
    columns = list(records[0].values)
    if text_col is None:
        text_col = next((c for c in _TEXT_GUESSES if c in columns), "text")
    rows = check_span_records(
        records, name=name, spec=spec, text_col=text_col, spans_col=spans_col, max_errors=max_errors
    )
    if meta_cols is None:
        meta_cols = [c for c in columns if c not in {text_col, id_col, spans_col}]
    elif spans_col in meta_cols:
        raise ImportDataError(f"{name}: the spans column {spans_col!r} cannot also be a metadata column")
    plan = plan_import(
        records,
        name=name,
        spec=None,
        existing=store.existing,
        text_col=text_col,
        id_col=id_col,
        annotator=annotator,
        meta_cols=meta_cols,
        max_chars=max_chars,
    )
    raw: dict[str, str] = {it["id"]: it["text"] for it in plan.items}
    stored_ids = sorted({t for t in plan.targets.values() if t not in raw})
    raw.update({it.id: it.text for it in store.items(stored_ids)} if stored_ids else {})
    current = store.current_spans(annotator=annotator)
    first_row: dict[str, tuple[int, tuple[LabeledSpan, ...]]] = {}
    annotations: list[dict[str, Any]] = []
    problems: list[str] = []
    for row in rows:
        if row.spans is None:
            continue
        target = plan.targets[row.row]
        where = f"{name}: row {row.row}, column {spans_col!r}"
        if raw[target] != row.text:
            problems.append(
                f"{where}: this text equals item {target!r} once whitespace and Unicode form are "
                "normalised, but its raw text differs, so its offsets would point into the wrong "
                "string; make the two texts identical, or import this row without spans"
            )
            continue
        if target in first_row:
            earlier, spans = first_row[target]
            if spans != row.spans:
                problems.append(
                    f"{where}: the same text has different spans in row {earlier}; make the duplicates agree"
                )
            continue
        first_row[target] = (row.row, row.spans)
        if current.get(target, {}).get(annotator) == row.spans:
            continue  # the same spans were imported before
        annotations.append({"item_id": target, "annotator": annotator, "labels": (), "spans": row.spans})
    if problems:
        shown = problems[:max_errors]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more bad rows" if more else ""
        raise ImportDataError(
            f"{name}: {len(problems)} rows cannot be imported with their spans; nothing was imported. "
            "Fix these rows:\n  " + "\n  ".join(shown) + tail
        )
    plan.report.labels_added = len(annotations)
    return ImportPlan(items=plan.items, annotations=annotations, report=plan.report, targets=plan.targets)
