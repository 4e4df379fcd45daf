"""The default embedding model loads once per kernel: refits, gaps and generation share it."""

from __future__ import annotations

from pathlib import Path

from curate import Project
from curate.workflows.models import shared_embedder

DATA = Path(__file__).resolve().parents[2] / "data"


def test_every_call_reuses_one_loaded_model(legal_project: Project, tmp_path: Path) -> None:
    legal_project.import_data(
        DATA / "claudette_sample.csv",
        id_col="id",
        label_cols="label",
        annotator="gold",
        meta_cols=["doc", "split"],
    )
    emb = legal_project.embedder()
    other = Project.create(tmp_path / "other.db", task=DATA / "claudette.task.yaml")
    assert other.embedder() is emb is shared_embedder(), "one embedder per process, not per project or call"
    legal_project.generate("arbitration", 2, generator="template", random_state=0)
    model = emb._model  # type: ignore[attr-defined]
    assert model is not None, "generate used the shared embedder"
    legal_project.generate("jurisdiction", 2, generator="template", random_state=1)
    legal_project.gaps(target_per_label=5, n_clusters=3)
    assert emb._model is model, "later calls did not load the model again"  # type: ignore[attr-defined]
    other.close()
