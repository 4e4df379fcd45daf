"""notebooks/03_fill_gaps.ipynb runs headless from a fresh copy (it creates its demo project)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_fill_gaps_notebook_runs_and_leaves_reviewed_synthetic_items(tmp_path: Path):
    import nbformat
    from nbclient import NotebookClient

    from curate import Project

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "03_fill_gaps.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit it without outputs"
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / "notebooks")}}
    ).execute()
    with Project.open(tmp_path / "demo" / "legal.db") as project:
        rows = project.synthetic()
        assert rows and {r["status"] for r in rows} >= {"accepted", "rejected"}
        assert all(r["provenance"]["content_hash"] for r in rows)
