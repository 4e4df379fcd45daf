"""Shared fixtures: real task specs, real SQLite projects, the real offline embedding model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from curate import Project, TaskSpec, load_task

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def legal_spec() -> TaskSpec:
    return load_task(DATA / "claudette.task.yaml")


@pytest.fixture(scope="session")
def medical_spec() -> TaskSpec:
    return load_task(DATA / "medical_abstracts.task.yaml")


@pytest.fixture
def project(tmp_path: Path, legal_spec: TaskSpec) -> Project:
    """An empty legal project in a fresh SQLite file."""
    proj = Project.create(tmp_path / "legal.db", task=legal_spec)
    yield proj
    proj.close()


@pytest.fixture
def legal_project(project: Project) -> Project:
    """The legal project with the bundled 400-row sample imported (no labels)."""
    project.import_data(DATA / "claudette_sample.csv", id_col="id", meta_cols=["doc", "split"])
    return project


@pytest.fixture(scope="session")
def embedder():
    """The real offline all-MiniLM-L6-v2, loaded once per test session."""
    from curate.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(show_progress=False)
