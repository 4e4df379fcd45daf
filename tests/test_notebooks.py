"""Every notebook in notebooks/ runs top to bottom, headless, on a fresh copy of the demo data."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Notebooks that a test of their own area runs with stronger checks (tests/<area>/test_notebook*.py).
COVERED_ELSEWHERE = {p.name for p in NOTEBOOKS} & {
    name
    for test in ROOT.joinpath("tests").glob("*/test_*notebook*.py")
    for name in (n.name for n in NOTEBOOKS)
    if name in test.read_text(encoding="utf-8")
}
TO_RUN = [p for p in NOTEBOOKS if p.name not in COVERED_ELSEWHERE]


@pytest.mark.slow
@pytest.mark.parametrize("path", TO_RUN, ids=[p.name for p in TO_RUN])
def test_notebook_runs_headless(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(path, work / path.name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    nb = nbformat.read(work / path.name, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert not errors


def test_every_notebook_is_run_by_some_test() -> None:
    assert {p.name for p in TO_RUN} | COVERED_ELSEWHERE == {p.name for p in NOTEBOOKS}
    assert "00_quickstart.ipynb" in {p.name for p in TO_RUN}


def test_notebooks_are_committed_without_outputs() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name}: strip outputs"
