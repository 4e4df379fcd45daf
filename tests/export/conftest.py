"""Fixtures for export tests: a curated legal project and a loopback Hub server."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_helpers import build_curated
from hub_server import HubServer

from curate import Project


@pytest.fixture(scope="session")
def curated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated project built once per session; tests get a copy of the file."""
    path = tmp_path_factory.mktemp("curated") / "curated.db"
    build_curated(path).close()
    return path


@pytest.fixture
def curated_path(tmp_path: Path, curated_template: Path) -> Path:
    """A private copy of the curated project file (not yet scanned for personal data)."""
    path = tmp_path / "curated.db"
    shutil.copyfile(curated_template, path)
    return path


@pytest.fixture
def curated(curated_path: Path) -> Iterator[Project]:
    """The curated legal project, opened (not yet scanned for personal data)."""
    project = Project.open(curated_path)
    yield project
    project.close()


@pytest.fixture
def hub() -> Iterator[HubServer]:
    """A loopback Hub server, stopped after the test."""
    server = HubServer().start()
    yield server
    server.stop()
