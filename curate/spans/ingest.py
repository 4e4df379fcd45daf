"""Checking imported span annotations: rows with a text and a list of ``{start, end, label}`` offsets.

All or nothing: :func:`check_span_records` checks every row and either
returns them all parsed, or raises one :class:`~curate.errors.ImportDataError`
that names each bad row (up to ``max_errors`` of them, then how many more),
so a user fixes a file in one pass instead of one error at a time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from curate.errors import CurateError, ImportDataError
from curate.ingest import Record
from curate.spans.model import LabeledSpan
from curate.spans.spec import SpanTaskSpec

__all__ = ["SpanRow", "check_span_records", "read_span_file"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanRow:
    """One checked input row: its row number, text and spans (None when the row carries none)."""

    row: int
    text: str
    spans: tuple[LabeledSpan, ...] | None
    values: Any = None  # the raw record values, for the id and metadata columns


def _parse_spans(value: Any) -> Any:
    """The spans cell as a list, or None for a row without annotation."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a frame
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            value = json.loads(value)  # CSV and Parquet carry the list as JSON text
        except json.JSONDecodeError as err:
            raise CurateError(f"the spans are not a JSON list: {err.msg}") from None
    if hasattr(value, "tolist"):  # numpy array from pandas/pyarrow
        value = value.tolist()
    if not isinstance(value, list | tuple):
        raise CurateError(f"the spans must be a list of {{start, end, label}}, not {type(value).__name__}")
    return [dict(v) if hasattr(v, "keys") else v for v in value]


def check_span_records(
    records: Sequence[Record],
    *,
    name: str,
    spec: SpanTaskSpec,
    text_col: str = "text",
    spans_col: str = "spans",
    max_errors: int = 20,
) -> list[SpanRow]:
    """Check every row's spans against its text and the task; return them all, or raise.

    A row whose spans cell is missing or null is kept with ``spans=None`` (an
    item to annotate); an empty list is an annotation that found nothing.

    Raises
    ------
    ImportDataError
        Listing up to ``max_errors`` bad rows as ``file: row N, column 'spans': what``
        and how many more there are; nothing is returned, so nothing gets written.
    """
    if not records:
        raise ImportDataError(f"{name}: no rows to import")
    columns = list(records[0].values)
    for col, what in ((text_col, "text"), (spans_col, "spans")):
        if all(col not in rec.values for rec in records):
            raise ImportDataError(
                f"{name}: {what} column {col!r} is not in the file; columns are {columns} "
                f"(CLI: --{'text' if what == 'text' else 'spans'}-col)"
            )
    out: list[SpanRow] = []
    problems: list[str] = []
    for rec in records:
        where = f"{name}: row {rec.row}"
        text = rec.values.get(text_col)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}, column {text_col!r}: the text is empty or not text")
            continue
        try:
            raw = _parse_spans(rec.values.get(spans_col))
            spans = None if raw is None else spec.check_spans(text, raw)
        except CurateError as err:
            problems.append(f"{where}, column {spans_col!r}: {err}")
            continue
        out.append(SpanRow(row=rec.row, text=text, spans=spans, values=rec.values))
    if problems:
        shown = problems[:max_errors]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more bad rows" if more else ""
        raise ImportDataError(
            f"{name}: {len(problems)} of {len(records)} rows have span problems; nothing was imported. "
            "Fix these rows:\n  " + "\n  ".join(shown) + tail
        )
    return out


def read_span_file(
    source: Any,
    *,
    spec: SpanTaskSpec,
    text_col: str = "text",
    spans_col: str = "spans",
    max_errors: int = 20,
) -> list[SpanRow]:
    """Read a file (JSONL, CSV, Parquet) or frame with :func:`curate.ingest.read_records` and check it."""
    from curate.ingest import read_records

    name, records = read_records(source)
    return check_span_records(
        records, name=name, spec=spec, text_col=text_col, spans_col=spans_col, max_errors=max_errors
    )
