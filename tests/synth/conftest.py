"""Fixtures for the synth tests: small real labelled projects, embeddings encoded once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from curate import Project
from curate.schema import content_hash

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def legal_frame() -> pd.DataFrame:
    """A real, labelled slice of the bundled CLAUDETTE sample: 8 per unfair type, 30 fair."""
    frame = pd.read_csv(DATA / "claudette_sample.csv")
    parts = [g.head(30 if lab == "fair_or_other" else 8) for lab, g in frame.groupby("label", sort=True)]
    return pd.concat(parts).reset_index(drop=True)


@pytest.fixture(scope="session")
def legal_vectors(legal_frame: pd.DataFrame, embedder) -> dict[str, np.ndarray]:
    """Embeddings of the slice, keyed by content hash, encoded once per test session."""
    texts = list(legal_frame["text"])
    matrix = embedder.encode(texts)
    return {content_hash(t): matrix[i] for i, t in enumerate(texts)}


@pytest.fixture
def labelled_legal(tmp_path: Path, legal_spec, legal_frame, legal_vectors, embedder) -> Project:
    """A legal project holding the slice with its gold labels and a warm embedding cache."""
    proj = Project.create(tmp_path / "legal.db", task=legal_spec)
    proj.import_data(legal_frame, id_col="id", label_cols="label", meta_cols=["doc", "split"])
    proj.store.put_embeddings(embedder.model_id, legal_vectors)
    yield proj
    proj.close()
