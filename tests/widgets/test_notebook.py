"""notebooks/01_annotate.ipynb runs headless and creates the demo project when it is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from curate import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_annotate_notebook_runs_on_a_fresh_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notebooks").mkdir()
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "notebooks" / "01_annotate.ipynb", tmp_path / "notebooks")
    nb = nbformat.read(tmp_path / "notebooks" / "01_annotate.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit it without outputs"
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / "notebooks")}}
    ).execute()
    widget_outputs = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]  # fmt: skip
    assert len(widget_outputs) == 1
    with Project.open(tmp_path / "demo" / "legal.db") as project:
        assert len(project) == 400
