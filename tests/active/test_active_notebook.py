"""notebooks/02_select_batch.ipynb runs headless from a fresh copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_select_batch_notebook_runs(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "02_select_batch.ipynb", tmp_path / "notebooks")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    nb = nbformat.read(tmp_path / "notebooks" / "02_select_batch.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / "notebooks")}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "margin 0." in text, "the batch preview shows why items were chosen"
    assert "'ana'" in text and "'ben'" in text, "the batch was assigned"
    assert (tmp_path / "demo" / "legal.db").exists()
