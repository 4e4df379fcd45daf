"""Span projects: batch selection by the span tagger, pre-annotation suggestions, simulate on a span corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from curate import Project
from curate.cli import main
from curate.errors import CurateError, TaskSpecError
from curate.spans import LabeledSpan, SpanTaskSpec

from .conftest import DATA, read_jsonl


@pytest.fixture
def ncbi_project(tmp_path: Path) -> Project:
    """The NCBI sample: 200 documents, the first 30 annotated by ``gold``, the rest to annotate."""
    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")
    project = Project.create(tmp_path / "n.db", task=DATA / "ncbi_disease.task.yaml")
    project.import_data(
        pd.DataFrame({"id": [r["id"] for r in rows], "text": [r["text"] for r in rows]}), id_col="id"
    )
    for r in rows[:30]:
        project.annotate_spans(r["id"], "gold", r["spans"])
    return project


def test_select_batch_on_a_span_project_returns_unannotated_ids(ncbi_project: Project) -> None:
    annotated = set(ncbi_project.store.current_spans())
    batch = ncbi_project.select_batch(10, random_state=0)
    assert batch.strategy == "span-margin" and batch.model_version == "span-tagger:30"
    ids = batch.item_ids
    assert len(ids) == 10 == len(set(ids)) and not set(ids) & annotated
    assert all(b.reason.startswith("span tagger unsure") for b in batch.items)
    assert [b.score for b in batch.items] == sorted((b.score for b in batch.items), reverse=True)
    # the next batch does not repeat pending items; random works too
    again = ncbi_project.select_batch(5, strategy="random", random_state=1)
    assert again.strategy == "random" and not set(again.item_ids) & (set(ids) | annotated)
    with pytest.raises(CurateError, match="unknown strategy 'margin'"):
        ncbi_project.select_batch(5, strategy="margin")


def test_select_batch_cold_start_is_random_and_says_so(tmp_path: Path) -> None:
    rows = read_jsonl(DATA / "inlegalner_sample.jsonl")[:40]
    with Project.create(tmp_path / "l.db", task=DATA / "inlegalner.task.yaml") as p:
        p.import_data(pd.DataFrame({"text": [r["text"] for r in rows]}))
        batch = p.select_batch(5, random_state=0)
        assert batch.strategy == "random" and "cold start" in batch.params["note"]
        with pytest.raises(CurateError, match="needs a span model"):
            p.select_batch(5, strategy="span-margin")


def test_suggestions_from_rules_pii_and_model(tmp_path: Path, ncbi_project: Project) -> None:
    spec = SpanTaskSpec.from_dict(
        {
            "name": "ade",
            "kind": "spans",
            "labels": [
                {"name": "DRUG", "vocabulary": ["aspirin", "ibuprofen"]},
                {"name": "DOSE", "patterns": [r"\b\d+ ?mg\b"]},
                {"name": "CONTACT", "pii": ["PHONE", "EMAIL"]},
            ],
        }
    )
    assert SpanTaskSpec.from_yaml(spec.to_yaml()) == spec
    text = "Took Aspirin 100 mg; call 617-555-0148. Aspirinate is not a drug."
    with Project.create(tmp_path / "s.db", task=spec) as p:
        p.import_data(pd.DataFrame({"id": ["a"], "text": [text]}), id_col="id")
        got = p.span_suggestions("a", sources=("rules", "pii"))
        assert got == [
            {"start": 5, "end": 12, "label": "DRUG", "source": "rules"},
            {"start": 13, "end": 19, "label": "DOSE", "source": "rules"},
            {"start": 26, "end": 38, "label": "CONTACT", "source": "pii"},
        ]
        assert p.span_suggestions("a", sources=("model",)) == []  # no resolved spans yet
        assert p.store.count_events() == 0  # suggesting stores nothing
    with pytest.raises(TaskSpecError, match="not a valid regex"):
        SpanTaskSpec.from_dict({"name": "x", "labels": [{"name": "A", "patterns": ["(unclosed"]}]})
    # the model, fitted on the 30 gold documents, suggests spans on a document it has not seen
    unseen = read_jsonl(DATA / "ncbi_disease_sample.jsonl")[100]
    suggested = ncbi_project.span_suggestions(unseen["id"], sources=("model",))
    assert suggested and all(s["source"] == "model" for s in suggested)
    gold = {(s["start"], s["end"], s["label"]) for s in unseen["spans"]}
    assert {(s["start"], s["end"], s["label"]) for s in suggested} & gold
    ncbi_project.span_spec.check_spans(unseen["text"], [LabeledSpan.from_value(s) for s in suggested])


def test_simulate_on_a_span_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sim.json"
    args = ["simulate", "--data", str(DATA / "inlegalner_sample.jsonl"), "--spans-col", "spans"]
    args += ["--seed-size", "5", "--batch-size", "5", "--budget", "15", "--repeats", "1", "--quiet"]
    assert main([*args, "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert set(result["curves"]) == {"random", "span-margin"} and result["labelled"] == [5, 10, 15]
    assert result["documents"] == {"pool": 140, "test": 60}
    for curve in result["curves"].values():
        assert len(curve["exact"]) == 3 and all(0.0 <= f <= 1.0 for f in curve["exact"])
    assert "span-margin: mean exact span F1" in capsys.readouterr().out


def test_stats_of_a_span_project(ncbi_project: Project) -> None:
    stats = ncbi_project.stats()
    assert stats["kind"] == "spans" and stats["items"] == 200 and stats["labelled"] == 30
    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")[:30]
    assert sum(stats["spans_by_label"].values()) == sum(len(r["spans"]) for r in rows)
    assert stats["by_annotator"] == {"gold": 30}
