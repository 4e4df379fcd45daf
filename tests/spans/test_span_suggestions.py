"""Rule pre-annotation compiled once per label, and the project's span model fitted once per store state."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from curate import Project
from curate.spans import SpanLabel, SpanTaskSpec
from curate.workflows import spans as span_workflows
from curate.workflows.spans import rule_suggestions

from .conftest import DATA, ROOT, read_jsonl


def _old_rule_suggestions() -> Any:
    """The implementation before the change, kept as the benchmark's baseline."""
    spec = importlib.util.spec_from_file_location(
        "span_suggestions_bench", ROOT / "benchmarks" / "span_suggestions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.old_rule_suggestions


def _keys(found: list[dict[str, Any]]) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in found}


@pytest.mark.parametrize("name", ["ncbi_disease_sample.jsonl", "inlegalner_sample.jsonl"])
def test_rule_suggestions_match_the_per_word_regexes(name: str) -> None:
    """Vocabulary = every gold mention of the sample; the same matches as one regex per word."""
    rows = read_jsonl(DATA / name)
    vocab: dict[str, list[str]] = {}
    for row in rows:
        for s in row["spans"]:
            vocab.setdefault(s["label"], []).append(row["text"][s["start"] : s["end"]])
    labels = [SpanLabel(name=k, vocabulary=tuple(dict.fromkeys(v))) for k, v in sorted(vocab.items())]
    labels.append(SpanLabel(name="NUMBER", patterns=(r"\d+(?:\.\d+)?", r"(\d+) ?%")))
    spec = SpanTaskSpec(name="v", labels=tuple(labels), overlapping=True)
    old = _old_rule_suggestions()
    compared = 0
    for row in rows[:60]:
        new = rule_suggestions(row["text"], spec)
        assert _keys(new) == _keys(old(row["text"], spec))
        assert len(new) == len(_keys(new))  # each span once, in text order
        assert [(s["start"], s["end"], s["label"]) for s in new] == sorted(_keys(new))
        compared += len(new)
    assert compared > 100


def test_vocabulary_nested_at_one_start_and_overlapping_words_are_all_found() -> None:
    spec = SpanTaskSpec(
        name="d",
        labels=(
            SpanLabel(name="D", vocabulary=("breast", "Breast cancer", "cancer", "ovarian cancer", "c++")),
        ),
        overlapping=True,
    )
    text = "BREAST CANCER and breast and ovarian cancer; c++ abc++ breastcancer"
    got = [(s["start"], s["end"]) for s in rule_suggestions(text, spec)]
    assert [text[a:b] for a, b in got] == [
        "BREAST", "BREAST CANCER", "CANCER", "breast", "ovarian cancer", "cancer", "c++",
    ]  # fmt: skip
    assert _keys(rule_suggestions(text, spec)) == _keys(_old_rule_suggestions()(text, spec))


@pytest.fixture
def ncbi_project(tmp_path: Path) -> Project:
    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")[:60]
    project = Project.create(tmp_path / "n.db", task=DATA / "ncbi_disease.task.yaml")
    project.import_data(
        pd.DataFrame({"id": [r["id"] for r in rows], "text": [r["text"] for r in rows]}), id_col="id"
    )
    for r in rows[:20]:
        project.annotate_spans(r["id"], "gold", r["spans"])
    return project


def test_span_model_is_fitted_once_per_store_state(
    ncbi_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    fits: list[int] = []
    real = span_workflows.span_model_state

    def counting(*args: Any, **kwargs: Any) -> Any:
        fits.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(span_workflows, "span_model_state", counting)
    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")
    first = ncbi_project.span_suggestions(rows[40]["id"], sources=("model",))
    again = ncbi_project.span_suggestions(rows[40]["id"], sources=("model",))
    ncbi_project.span_suggestions(rows[41]["id"], sources=("model",))
    assert first == again and first and len(fits) == 1
    state = ncbi_project.span_model()
    assert len(fits) == 1 and int(state.labelled.sum()) == 20
    # a new span annotation changes the store, so the next call fits on 21 documents
    ncbi_project.annotate_spans(rows[20]["id"], "gold", rows[20]["spans"])
    ncbi_project.span_suggestions(rows[40]["id"], sources=("model",))
    assert len(fits) == 2 and int(ncbi_project.span_model().labelled.sum()) == 21
    # taking it back (an undo event) invalidates it too; other sources never fit
    ncbi_project.undo("gold")
    ncbi_project.span_suggestions(rows[40]["id"], sources=("rules", "pii"))
    assert len(fits) == 2
    assert int(ncbi_project.span_model().labelled.sum()) == 20 and len(fits) == 3
