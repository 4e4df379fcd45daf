"""`curate pii detect FILE`, `report --group`, `dismiss --value --type`, and a closed pipe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from curate import Project
from curate.cli import main


def _csv(tmp_path: Path, **columns: list[str]) -> str:
    path = tmp_path / "notes.csv"
    pd.DataFrame(columns).to_csv(path, index=False)
    return str(path)


def test_detect_prints_one_object_per_row_with_character_offsets(
    records: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [*records, "Ünïcode first: Dr. Ada Byron, fax 617-555-0148."]
    path = _csv(tmp_path, note_id=[f"n{i}" for i in range(len(texts))], body=texts)
    assert main(["pii", "detect", path, "--text-col", "body", "--id-col", "note_id", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [f"n{i}" for i in range(len(texts))]
    found = {texts[i][s["start"] : s["end"]] for i, r in enumerate(rows) for s in r["spans"]}
    assert {
        "Rosalind Okafor",
        "00847291",
        "(313) 555-2876",
        "287-65-4390",
        "Ada Byron",
        "617-555-0148",
    } <= found
    assert rows[3]["spans"] == []  # the contract clause
    span = rows[0]["spans"][0]
    assert set(span) == {"start", "end", "type", "score", "detector"} and 0 < span["score"] <= 1


def test_detect_and_a_project_scan_find_the_same_spans(
    pii_project: Project, records: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pii_project.pii_scan()
    stored = {(f.item_id, f.start, f.end, f.entity) for f in pii_project.pii_findings()}
    path = _csv(tmp_path, id=[f"r{i}" for i in range(len(records))], text=records)
    assert main(["pii", "detect", path, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    detected = {(r["id"], s["start"], s["end"], s["type"]) for r in rows for s in r["spans"]}
    assert detected == stored


def test_detect_names_a_missing_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, id=["a"], note=["Call 617-555-0148"])
    assert main(["pii", "detect", path, "--json"]) == 2
    assert "--text-col" in capsys.readouterr().err
    assert main(["pii", "detect", path, "--text-col", "note", "--id-col", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_grouped_report_before_any_scan_says_to_scan(
    pii_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = pii_project.store.url.removeprefix("sqlite:///")
    pii_project.close()
    assert main(["pii", "report", path, "--group"]) == 0
    out = capsys.readouterr().out
    assert "not scanned" in out and "curate pii scan" in out and "0 groups" not in out


def test_group_then_dismiss_by_value_holds_for_later_scans(
    pii_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = pii_project.store.url.removeprefix("sqlite:///")
    pii_project.close()
    assert main(["pii", "scan", path, "--regex-only", "--json"]) == 0
    capsys.readouterr()
    assert main(["pii", "report", path, "--group", "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    okafor = next(g for g in groups if g["value"] == "Okafor" and g["entity"] == "NAME")
    assert okafor["count"] >= 1 and len(okafor["finding_ids"]) == okafor["count"]
    assert main(["pii", "report", path, "--group"]) == 0
    assert "'Okafor'" in capsys.readouterr().out

    assert main(["pii", "dismiss", path, "--value", "okafor", "--type", "name", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dismissed"] == okafor["count"]
    with Project.open(path) as project:
        project.import_data(
            pd.DataFrame({"id": ["r9"], "text": ["Ms. Okafor called about Dr. Sato."]}), id_col="id"
        )
    assert main(["pii", "scan", path, "--regex-only", "--json"]) == 0
    capsys.readouterr()
    with Project.open(path) as project:
        later = [f.value for f in project.pii_findings(item_ids=["r9"])]
    assert later == ["Sato"]  # the dismissed surface form is not reported again
    assert main(["pii", "dismiss", path, "--value", "Sato"]) == 2
    assert "--type" in capsys.readouterr().err


def test_report_into_a_closed_pipe_ends_quietly(pii_project: Project) -> None:
    path = pii_project.store.url.removeprefix("sqlite:///")
    pii_project.pii_scan(ner=False)
    pii_project.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "curate.cli", "pii", "report", path, "--group"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has already exited
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err
