from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from curate import Project
from curate.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
CURATE = [sys.executable, "-m", "curate.cli"]


def test_init_import_stats_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    assert main(["init", db, "--task", str(DATA / "claudette.task.yaml")]) == 0
    assert (
        main(
            [
                "import",
                db,
                str(DATA / "claudette_sample.csv"),
                "--id-col",
                "id",
                "--label-col",
                "label",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(_stats_json(capsys, db))
    assert report["items"] == 400 and report["labelled"] == 400
    assert report["by_label"]["privacy_included"] == 20
    assert report["by_annotator"] == {"imported:claudette_sample": 400}
    assert report["by_origin"] == {"real": 400}


def _stats_json(capsys: pytest.CaptureFixture[str], db: str) -> str:
    capsys.readouterr()
    assert main(["stats", db, "--json"]) == 0
    return capsys.readouterr().out


def test_init_with_labels_and_labels_from(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "a.db"), "--labels", "yes, no", "--multi-label"]) == 0
    spec = Project.open(tmp_path / "a.db").spec
    assert spec.label_names == ("yes", "no") and spec.multi_label
    assert (
        main(
            [
                "init",
                str(tmp_path / "b.db"),
                "--labels-from",
                str(DATA / "medical_abstracts_sample.csv"),
                "--label-col",
                "label",
            ]
        )
        == 0
    )
    assert len(Project.open(tmp_path / "b.db").spec.label_names) == 5


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nok,nonsense\n")
    subprocess.run([*CURATE, "init", str(tmp_path / "p.db"), "--labels", "a,b"], check=True)
    proc = subprocess.run(
        [*CURATE, "import", str(tmp_path / "p.db"), str(bad), "--label-col", "label"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "row 1, column 'label': label 'nonsense' is not in task" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = subprocess.run([*CURATE, "stats", str(tmp_path / "nope.db")], capture_output=True, text=True)
    assert proc.returncode == 2 and "no project at" in proc.stderr


def test_version_and_help() -> None:
    out = subprocess.run([*CURATE, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("curate ")
    out = subprocess.run([*CURATE, "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("init", "import", "stats"):
        assert command in out


def test_import_curate_stays_light() -> None:
    code = (
        "import sys, curate, curate.cli; curate.cli.build_parser();"
        "heavy = {'torch', 'sentence_transformers', 'datasets', 'ipywidgets', 'anywidget', 'traitlets',"
        " 'IPython', 'transformers', 'sklearn', 'pandas', 'faker'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "{db}", "--json"],
        ["stats", "{db}"],
        ["pii", "report", "{db}", "--findings"],
        ["--help"],
        ["import", "{db}", "{csv}", "--id-col", "id", "--json"],
    ],
)
def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    """`curate ... | head`: the reader leaves early; no BrokenPipeError traceback, for every command."""
    db = tmp_path / "p.db"
    csv = DATA / "claudette_sample.csv"
    subprocess.run([*CURATE, "init", str(db), "--task", str(DATA / "claudette.task.yaml")], check=True)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before curate writes a byte
    try:
        proc = subprocess.run(
            [*CURATE, *(a.format(db=db, csv=csv) for a in args)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in proc.stderr and "BrokenPipeError" not in proc.stderr, proc.stderr
    assert proc.returncode == (0 if args == ["--help"] else 141)  # argparse drops its own help quietly


def test_errors_name_the_cli_flag_where_one_exists(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    subprocess.run([*CURATE, "init", str(db), "--labels", "a,b"], check=True, capture_output=True)
    again = subprocess.run([*CURATE, "init", str(db), "--labels", "a,b"], capture_output=True, text=True)
    assert again.returncode == 2 and "`curate` commands take its path" in again.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\ncaf\xe9 clause\n".encode("latin-1"))
    bad = subprocess.run([*CURATE, "import", str(db), str(latin)], capture_output=True, text=True)
    assert bad.returncode == 2 and "--encoding cp1252" in bad.stderr and "pass encoding=" not in bad.stderr
    ok = subprocess.run([*CURATE, "import", str(db), str(latin), "--encoding", "cp1252"], capture_output=True)
    assert ok.returncode == 0
