"""Fixtures for the PII tests: the synthetic test sets and a small project with personal data."""

from __future__ import annotations

from pathlib import Path

import pytest

from curate import Project

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"

# Realistic (invented) identifiers: dummy values such as 123-45-6789 are what detectors skip.
RECORDS = [
    "Patient Rosalind Okafor (MRN: 00847291) was seen on 02/17/2025; call (313) 555-2876.",
    "Ms. Okafor lives at 2716 Birchwood Lane, Apt 4C, Dearborn, MI 48124.",
    "Plaintiff Marcus Delacroix, SSN 287-65-4390, e-mail m.delacroix@gmail.com.",
    "The Company may terminate this Agreement at any time upon 30 days' written notice.",
]


def marked_lines(name: str) -> list[str]:
    text = (BENCH / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="session")
def records() -> list[str]:
    """The texts of :func:`pii_project` (three with personal data, then a contract clause)."""
    return list(RECORDS)


@pytest.fixture(scope="session")
def heldout_lines() -> list[str]:
    """The held-out set, written before the patterns."""
    return marked_lines("pii_heldout.txt")


@pytest.fixture(scope="session")
def dev_lines() -> list[str]:
    """The development set the patterns were tuned on."""
    return marked_lines("pii_dev.txt")


@pytest.fixture
def pii_project(project: Project, tmp_path: Path) -> Project:
    """The empty legal project with four records (three with personal data), one labelled."""
    import pandas as pd

    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(RECORDS))], "text": RECORDS})
    project.import_data(frame, id_col="id")
    project.annotate("r0", "alice", "fair_or_other", note="checked")
    return project
