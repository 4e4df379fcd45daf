"""Span corpora for the span tests: the bundled samples and the full shared corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curate.spans import LabeledSpan, SpanTaskSpec

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
if not SHARED_DATA.exists():
    SHARED_DATA = Path("/work/shared/data")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_spans(row: dict) -> tuple[LabeledSpan, ...]:
    return tuple(LabeledSpan.from_value(s) for s in row["spans"])


@pytest.fixture(scope="session")
def ncbi_spec() -> SpanTaskSpec:
    return SpanTaskSpec.from_yaml(
        (DATA / "ncbi_disease.task.yaml").read_text(), source="ncbi_disease.task.yaml"
    )


@pytest.fixture(scope="session")
def legal_span_spec() -> SpanTaskSpec:
    return SpanTaskSpec.from_yaml((DATA / "inlegalner.task.yaml").read_text(), source="inlegalner.task.yaml")


@pytest.fixture(scope="session")
def ncbi_rows() -> list[dict]:
    """All 792 NCBI Disease documents (shared corpus)."""
    return read_jsonl(SHARED_DATA / "ncbi_disease_spans.jsonl")


@pytest.fixture(scope="session")
def inlegalner_rows() -> list[dict]:
    """All 1,074 InLegalNER dev records (shared corpus)."""
    return read_jsonl(SHARED_DATA / "inlegalner_spans.jsonl")
