"""Read a corpus into rows ready for the store, checking everything before anything is written.

Sources: CSV, TSV, JSONL, Parquet, a folder of ``.txt`` files, a pandas
DataFrame, and a ``datasets.Dataset`` / ``DatasetDict``.  Reading is strict
about encodings (UTF-8, with or without BOM, unless ``encoding=`` is given)
and every problem is reported with the file, row and column at fault.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curate.errors import CurateError, ImportDataError
from curate.schema import TaskSpec, content_hash

__all__ = ["DEFAULT_MAX_CHARS", "ImportPlan", "ImportReport", "plan_import", "read_records"]

DEFAULT_MAX_CHARS = 100_000
_TEXT_GUESSES = ("text", "sentence", "content", "document", "body")
#: How many bad rows an import error lists (the rest are counted).
MAX_REPORTED = 20


class _Problems:
    """Every bad row of an input, reported together so that one pass over the file fixes them all."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[str] = []

    def add(self, message: str) -> None:
        self.found.append(message)

    def raise_if_any(self) -> None:
        if not self.found:
            return
        if len(self.found) == 1:
            raise ImportDataError(self.found[0])
        shown = self.found[:MAX_REPORTED]
        more = len(self.found) - len(shown)
        lines = [
            f"{self.name}: {len(self.found)} rows cannot be imported (nothing was imported); "
            + ("fix them and import again:" if not more else f"the first {len(shown)}:"),
            *(f"  {m}" for m in shown),
        ]
        if more:
            lines.append(f"  ... and {more} more")
        raise ImportDataError("\n".join(lines))


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One input row: where it came from and its raw values."""

    row: int  # 1-based data row (header not counted); line number for JSONL
    values: Mapping[str, Any]


@dataclass(slots=True, kw_only=True)
class ImportReport:
    """What an import did: counts, and the duplicates it merged."""

    source: str
    rows: int = 0
    added: int = 0
    unchanged: int = 0
    merged_duplicates: list[dict[str, Any]] = field(default_factory=list)
    labels_added: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rows": self.rows,
            "added": self.added,
            "unchanged": self.unchanged,
            "merged_duplicates": len(self.merged_duplicates),
            "duplicates": self.merged_duplicates[:50],
            "labels_added": self.labels_added,
        }


@dataclass(slots=True, kw_only=True)
class ImportPlan:
    """Validated rows: new items and label annotations, not yet written."""

    items: list[dict[str, Any]]
    annotations: list[dict[str, Any]]
    report: ImportReport
    #: Input row number -> the item id the row went to (a new item, or the one it merged into).
    targets: dict[int, str] = field(default_factory=dict)


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise ImportDataError(f"{name}: cannot decode as {encoding}: {err}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ImportDataError(
            f"{name}: byte offset {err.start} is not valid UTF-8 (byte 0x{data[err.start]:02x}); "
            "save the file as UTF-8, or give its encoding: --encoding cp1252 (Python: encoding='cp1252')"
        ) from None


def _read_delimited(text: str, name: str, delimiter: str) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportDataError(f"{name}: the file is empty; it needs a header row") from None
    except csv.Error as err:
        raise ImportDataError(f"{name}: header row is malformed: {err}") from None
    header = [h.strip() for h in header]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise ImportDataError(f"{name}: header names columns more than once: {dupes}")
    out = []
    row = 0
    problems = _Problems(name)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise ImportDataError(
                f"{name}: row {row + 1} (line {reader.line_num}) is malformed: {err}; check the quoting"
            ) from None
        row += 1
        if not values or (values == [""] and len(header) > 1):
            continue  # blank line
        if len(values) != len(header):
            problems.add(
                f"{name}: row {row} (line {reader.line_num}) has {len(values)} fields but the "
                f"header has {len(header)}; fix the delimiters or quoting in that row"
            )
            continue
        out.append(Record(row=row, values=dict(zip(header, values, strict=True))))
    problems.raise_if_any()
    return out


def _read_jsonl(text: str, name: str) -> list[Record]:
    out = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            raise ImportDataError(f"{name}: line {line_no} is not valid JSON: {err.msg}") from None
        if not isinstance(value, dict):
            raise ImportDataError(f"{name}: line {line_no} is not a JSON object")
        out.append(Record(row=line_no, values=value))
    return out


def _frame_records(frame: Any) -> list[Record]:
    columns = [str(c) for c in frame.columns]
    return [
        Record(row=i + 1, values=dict(zip(columns, values, strict=True)))
        for i, values in enumerate(frame.itertuples(index=False, name=None))
    ]


def read_records(source: Any, *, encoding: str | None = None) -> tuple[str, list[Record]]:
    """Read ``source`` into records; returns a display name and the records."""
    try:
        import pandas as pd

        if isinstance(source, pd.DataFrame):
            return "dataframe", _frame_records(source)
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    mod = type(source).__module__
    if mod.startswith("datasets"):
        if hasattr(source, "keys") and hasattr(source, "values"):  # DatasetDict
            records: list[Record] = []
            for split, ds in source.items():
                for rec in _frame_records(ds.to_pandas()):
                    records.append(Record(row=len(records) + 1, values={**rec.values, "split": split}))
            return "dataset", records
        return "dataset", _frame_records(source.to_pandas())
    path = Path(source)
    name = str(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not files:
            raise ImportDataError(f"{name}: the folder holds no .txt files")
        return name, [
            Record(row=i + 1, values={"id": p.stem, "text": _decode(p.read_bytes(), str(p), encoding)})
            for i, p in enumerate(files)
        ]
    if not path.is_file():
        raise ImportDataError(f"{name}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except Exception as err:  # pyarrow raises several types for bad files
            raise ImportDataError(f"{name}: not a readable Parquet file: {err}") from None
        return name, _frame_records(table.to_pandas())
    text = _decode(path.read_bytes(), name, encoding)
    if suffix in (".jsonl", ".ndjson"):
        return name, _read_jsonl(text, name)
    if suffix in (".csv", ".tsv", ".tab", ".txt"):
        if suffix == ".txt":
            return name, [Record(row=1, values={"id": path.stem, "text": text})]
        return name, _read_delimited(text, name, "\t" if suffix != ".csv" else ",")
    raise ImportDataError(
        f"{name}: unknown file type {suffix!r}; use .csv, .tsv, .jsonl, .parquet, .txt or a folder"
    )


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _split_labels(value: Any, spec: TaskSpec) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        parts = value.split("|") if spec.multi_label else [value]
    elif isinstance(value, Iterable):
        parts = [str(v) for v in value]
    else:
        parts = [str(value)]
    return [p.strip() for p in parts if p.strip()]


def _jsonable(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return value
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    return str(value)


def plan_import(
    records: Sequence[Record],
    *,
    name: str,
    spec: TaskSpec | None,
    existing: Any,
    text_col: str | None = None,
    id_col: str | None = None,
    label_cols: Sequence[str] = (),
    annotator: str | None = None,
    meta_cols: Sequence[str] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    current_labels: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
) -> ImportPlan:
    """Validate ``records`` and work out what to add.

    ``existing(ids, hashes)`` returns the stored ``{id: hash}`` and
    ``{hash: id}`` for the ids and hashes asked about.  Raises
    :class:`ImportDataError` listing the bad rows (the first
    :data:`MAX_REPORTED`, then a count); nothing is written.  ``spec`` is
    needed only with ``label_cols`` (a span task imports its spans elsewhere).
    """
    report = ImportReport(source=name, rows=len(records))
    if label_cols and spec is None:
        raise ImportDataError(f"{name}: label columns {list(label_cols)} need a classification task")
    if not records:
        raise ImportDataError(f"{name}: no rows to import")
    columns = list(records[0].values)
    if text_col is None:
        text_col = next((c for c in _TEXT_GUESSES if c in columns), None)
        if text_col is None:
            raise ImportDataError(
                f"{name}: no text column found among {columns}; name it with text_col= (CLI: --text-col)"
            )
    for col, what in [(text_col, "text"), (id_col, "id"), *[(c, "label") for c in label_cols]]:
        if col is not None and col not in columns:
            raise ImportDataError(f"{name}: {what} column {col!r} is not in the file; columns are {columns}")
    if meta_cols is None:
        meta_cols = [c for c in columns if c not in {text_col, id_col, *label_cols}]
    else:
        for col in meta_cols:
            if col not in columns:
                raise ImportDataError(
                    f"{name}: metadata column {col!r} is not in the file; columns are {columns}"
                )
    who = annotator or f"imported:{Path(name).stem}"

    rows: list[tuple[Record, str, str, str | None, list[str]]] = []
    problems = _Problems(name)

    def check(rec: Record) -> tuple[Record, str, str, str | None, list[str]]:
        where = f"{name}: row {rec.row}"
        text = rec.values.get(text_col)
        if _missing(text):
            raise ImportDataError(f"{where}, column {text_col!r}: the text is empty; fill it or drop the row")
        if not isinstance(text, str):
            raise ImportDataError(f"{where}, column {text_col!r}: expected text, found {type(text).__name__}")
        if len(text) > max_chars:
            raise ImportDataError(
                f"{where}, column {text_col!r}: the text has {len(text):,} characters, over the "
                f"limit of {max_chars:,}; split it, or raise max_chars= (CLI: --max-chars)"
            )
        given_id: str | None = None
        if id_col is not None:
            raw_id = rec.values.get(id_col)
            if _missing(raw_id):
                raise ImportDataError(f"{where}, column {id_col!r}: the id is empty")
            given_id = str(raw_id).strip()
        labels: list[str] = []
        for col in label_cols:
            if spec is None:
                break
            for lab in _split_labels(rec.values.get(col), spec):
                if lab not in spec.label_names:
                    raise ImportDataError(
                        f"{where}, column {col!r}: label {lab!r} is not in task {spec.name!r} "
                        f"(labels: {', '.join(spec.label_names)}); fix the file or add the label "
                        "to the task spec"
                    )
                labels.append(lab)
        if labels and spec is not None:
            try:
                labels = list(spec.check_labels(labels))
            except CurateError as err:
                raise ImportDataError(f"{where}: {err}") from None
        return (rec, text, content_hash(text), given_id, labels)

    for rec in records:
        try:
            rows.append(check(rec))
        except ImportDataError as err:
            problems.add(str(err))

    ids = [r[3] for r in rows if r[3] is not None]
    stored_by_id, stored_by_hash = existing(ids, [r[2] for r in rows])

    new_items: list[dict[str, Any]] = []
    seen_id: dict[str, tuple[str, int]] = {}
    file_first: dict[str, str] = {}  # content hash -> item id it maps to, for this input
    file_first_row: dict[str, int] = {}
    annotations: list[dict[str, Any]] = []
    current = current_labels or {}
    planned_labels: dict[str, tuple[str, ...]] = {}
    targets: dict[int, str] = {}
    for rec, text, digest, given_id, labels in rows:
        where = f"{name}: row {rec.row}"
        item_id = given_id if given_id is not None else "h" + digest[:20]
        if given_id is not None and given_id in seen_id and seen_id[given_id][0] != digest:
            problems.add(
                f"{where}, column {id_col!r}: id {given_id!r} is used by row {seen_id[given_id][1]} "
                "for a different text; ids must be unique"
            )
            continue
        if given_id is not None and given_id in stored_by_id and stored_by_id[given_id] != digest:
            problems.add(
                f"{where}, column {id_col!r}: id {given_id!r} is already in the project with a "
                "different text; give this row a new id"
            )
            continue
        if digest in file_first:  # the same text earlier in this input
            target = file_first[digest]
            report.merged_duplicates.append(
                {"row": rec.row, "id": item_id, "merged_into": target, "first_row": file_first_row[digest]}
            )
        elif given_id is not None and given_id in stored_by_id:  # same id, same text: re-import
            target = given_id
            report.unchanged += 1
        elif digest in stored_by_hash:
            target = stored_by_hash[digest]
            if target == item_id:
                report.unchanged += 1
            else:
                report.merged_duplicates.append(
                    {"row": rec.row, "id": item_id, "merged_into": target, "first_row": None}
                )
        else:
            target = item_id
            meta = {c: _jsonable(rec.values.get(c)) for c in meta_cols}
            new_items.append(
                {
                    "id": item_id,
                    "text": text,
                    "content_hash": digest,
                    "source": Path(name).name,
                    "metadata": meta,
                }
            )
            report.added += 1
        targets[rec.row] = target
        file_first.setdefault(digest, target)
        file_first_row.setdefault(digest, rec.row)
        seen_id.setdefault(item_id, (digest, rec.row))
        if labels:
            wanted = tuple(labels)
            before = planned_labels.get(target, current.get(target, {}).get(who))
            if before is not None and before != wanted and target in planned_labels:
                problems.add(
                    f"{where}: the same text was labelled {list(before)} in an earlier row and "
                    f"{labels} here; make the duplicates agree"
                )
                continue
            if before != wanted:
                annotations.append({"item_id": target, "annotator": who, "labels": wanted})
                planned_labels[target] = wanted
    problems.raise_if_any()
    report.labels_added = len(annotations)
    return ImportPlan(items=new_items, annotations=annotations, report=report, targets=targets)
