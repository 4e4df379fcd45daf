"""`curate export` and `curate agreement` from the command line (in process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curate.cli import main


def test_export_command_writes_the_dataset_and_reports_counts(
    curated_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "card.yaml"
    card.write_text("license: cc-by-4.0\npretty_name: Clauses\n", encoding="utf-8")
    out = tmp_path / "export"
    code = main(
        [
            "export",
            str(curated_path),
            str(out),
            "--format",
            "parquet",
            "--group-col",
            "doc",
            "--random-state",
            "7",
            "--card",
            str(card),
            "--json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 401 and report["ties_left_out"] == 1 and report["synthetic"] == 2
    assert report["random_state"] == 7 and report["format"] == "parquet"
    assert sum(report["splits"].values()) == 401
    assert sorted(p.name for p in (out / "data").iterdir()) == [
        "test-00000-of-00001.parquet",
        "train-00000-of-00001.parquet",
        "validation-00000-of-00001.parquet",
    ]
    assert "license: cc-by-4.0" in (out / "README.md").read_text(encoding="utf-8")


def test_agreement_command(curated_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agreement", str(curated_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["annotators"] == ["alice", "bob", "imported:claudette_sample"]
    assert 0.5 < report["krippendorff_alpha"] < 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--splits", "train=0.8,test"], "--splits 'train=0.8,test'"),
        (["--group-col", "nope"], "group_by column 'nope'"),
        (["--card", "/nonexistent/card.yaml"], "cannot read card info"),
    ],
)
def test_export_errors_are_one_line(
    curated_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["export", str(curated_path), str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()
