from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from curate.errors import ImportDataError
from curate.spans import LabeledSpan, SpanTaskSpec, read_span_file, span_spec_from_names

from .conftest import DATA, SHARED_DATA


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


SPEC = span_spec_from_names("DRUG,ADE")
TEXT = "Aspirin caused a rash."


def test_good_rows_come_back_parsed_and_unannotated_rows_are_kept(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "ok.jsonl",
        [
            {
                "text": TEXT,
                "spans": [{"start": 17, "end": 21, "label": "ADE"}, {"start": 0, "end": 7, "label": "DRUG"}],
            },
            {"text": "Nothing here.", "spans": []},
            {"text": "Not annotated yet.", "spans": None},
            {"text": "No column."},
        ],
    )
    rows = read_span_file(path, spec=SPEC)
    assert [r.row for r in rows] == [1, 2, 3, 4]
    assert rows[0].spans == (
        LabeledSpan(start=0, end=7, label="DRUG"),
        LabeledSpan(start=17, end=21, label="ADE"),
    )
    assert rows[1].spans == () and rows[2].spans is None and rows[3].spans is None


def test_every_bad_row_is_named_and_nothing_is_returned(tmp_path: Path) -> None:
    rows = [
        {"text": TEXT, "spans": [{"start": 0, "end": 7, "label": "DRUG"}]},  # fine
        {"text": TEXT, "spans": [{"start": 17, "end": 40, "label": "ADE"}]},  # past the end
        {"text": TEXT, "spans": [{"start": 0, "end": 7, "label": "drug"}]},  # unknown label
        {
            "text": TEXT,
            "spans": [{"start": 0, "end": 7, "label": "DRUG"}, {"start": 4, "end": 14, "label": "ADE"}],
        },
        {"text": TEXT, "spans": [{"start": "0", "end": 7, "label": "DRUG"}]},  # not an int
        {"text": TEXT, "spans": [{"start": 7, "end": 0, "label": "DRUG"}]},  # reversed
        {"text": TEXT, "spans": {"start": 0}},  # not a list
        {"text": "", "spans": []},  # no text
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(ImportDataError) as err:
        read_span_file(path, spec=SPEC)
    message = str(err.value)
    assert "7 of 8 rows have span problems; nothing was imported" in message
    for row, what in [
        (2, "ends after the text"),
        (3, "unknown label 'drug'"),
        (4, "overlaps"),
        (5, "integer character offset"),
        (6, "empty or reversed"),
        (7, "must be a list"),
        (8, "the text is empty"),
    ]:
        line = next(x for x in message.splitlines() if f"row {row}," in x)
        assert what in line and str(path) in line
    assert "row 1," not in message


def test_the_error_lists_at_most_max_errors_rows_and_counts_the_rest(tmp_path: Path) -> None:
    rows = [{"text": TEXT, "spans": [{"start": 0, "end": 7, "label": "X"}]} for _ in range(30)]
    with pytest.raises(ImportDataError, match=r"30 of 30 rows[\s\S]*and 25 more bad rows") as err:
        read_span_file(write_jsonl(tmp_path / "x.jsonl", rows), spec=SPEC, max_errors=5)
    assert str(err.value).count("unknown label") == 5


def test_overlap_is_accepted_when_the_task_allows_it(tmp_path: Path) -> None:
    rows = [
        {
            "text": TEXT,
            "spans": [{"start": 0, "end": 14, "label": "ADE"}, {"start": 0, "end": 7, "label": "DRUG"}],
        }
    ]
    path = write_jsonl(tmp_path / "o.jsonl", rows)
    with pytest.raises(ImportDataError, match="does not allow nested"):
        read_span_file(path, spec=SPEC)
    assert len(read_span_file(path, spec=span_spec_from_names("DRUG,ADE", nested=True))[0].spans or ()) == 2


def test_missing_columns_and_json_text_cells(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [{"body": TEXT, "ents": []}])
    with pytest.raises(ImportDataError, match=r"text column 'text' is not in the file.*--text-col"):
        read_span_file(path, spec=SPEC)
    with pytest.raises(ImportDataError, match=r"spans column 'spans' is not in the file.*--spans-col"):
        read_span_file(path, spec=SPEC, text_col="body")
    # CSV and frames carry the list as JSON text
    frame = pd.DataFrame(
        {"text": [TEXT, TEXT], "spans": ['[{"start": 0, "end": 7, "label": "DRUG"}]', "[oops"]}
    )
    with pytest.raises(ImportDataError, match=r"row 2, column 'spans': the spans are not a JSON list"):
        read_span_file(frame, spec=SPEC)
    frame.loc[1, "spans"] = "[]"
    assert read_span_file(frame, spec=SPEC)[0].spans == (LabeledSpan(start=0, end=7, label="DRUG"),)


@pytest.mark.parametrize(
    ("name", "spec_file", "n_spans"),
    [("ncbi_disease", "ncbi_disease", 6881), ("inlegalner", "inlegalner", 3028)],
)
def test_the_real_corpora_import_whole(name: str, spec_file: str, n_spans: int) -> None:
    spec = SpanTaskSpec.from_yaml((DATA / f"{spec_file}.task.yaml").read_text())
    rows = read_span_file(SHARED_DATA / f"{name}_spans.jsonl", spec=spec)
    assert sum(len(r.spans or ()) for r in rows) == n_spans
    sample = read_span_file(DATA / f"{name}_sample.jsonl", spec=spec)
    assert len(sample) == 200
