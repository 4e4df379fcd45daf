"""notebooks/04_review_and_publish.ipynb runs headless, ends with a private push, leaks no token."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from export_helpers import ROOT, TOKEN, hub_env
from hub_server import HubServer

NOTEBOOK = ROOT / "notebooks" / "04_review_and_publish.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.slow
def test_notebook_reviews_exports_and_pushes_privately(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat
    from nbclient import NotebookClient

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK.name)
    for key, value in hub_env(hub, tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CURATE_PUSH_REPO", "team/tos-clauses")
    nb = nbformat.read(tmp_path / "notebooks" / NOTEBOOK.name, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / "notebooks")}}
    ).execute()
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "'rows': 400" in outputs and "'private': True" in outputs and "team/tos-clauses" in outputs
    assert "Traceback" not in outputs and TOKEN not in outputs
    assert hub.state.create_bodies[0]["visibility"] == "private"
    repo = hub.state.repos["team/tos-clauses"]
    local = tmp_path / "demo" / "export"
    assert repo.uploaded == {
        str(p.relative_to(local)): p.read_bytes() for p in local.rglob("*") if p.is_file()
    }
    assert b"cc-by-4.0" in repo.files["README.md"]
