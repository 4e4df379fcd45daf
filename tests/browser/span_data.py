"""Span task documents for the span annotator's browser tests and benchmark (a plain module, like the harness)."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("CURATE_SHARED_DATA", ROOT.parent / "shared" / "data"))
if not SHARED_DATA.exists():
    SHARED_DATA = Path("/work/shared/data")
NCBI = SHARED_DATA / "ncbi_disease_spans.jsonl"
INLEGALNER = SHARED_DATA / "inlegalner_spans.jsonl"


def ncbi_records(split: str = "test", *, path: Path = NCBI) -> list[dict[str, object]]:
    """The records of one split of a span corpus (default NCBI Disease; see shared/data/SPANS.md)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["split"] == split]


def long_document(words: int = 3000, split: str = "test", *, start: int = 0, path: Path = NCBI) -> str:
    """Consecutive records (from record ``start``) joined by blank lines, at least ``words`` words."""
    parts: list[str] = []
    count = 0
    for rec in ncbi_records(split, path=path)[start:]:
        text = str(rec["text"])
        parts.append(text)
        count += len(text.split())
        if count >= words:
            break
    return "\n\n".join(parts)
