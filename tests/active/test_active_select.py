"""Project.select_batch / assign on a real project with the real embedding model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from curate import Project
from curate.active.simulate import DEFAULT_STRATEGY
from curate.errors import CurateError
from curate.workflows.select import resolved_labels, stopping_curve

pytestmark = pytest.mark.slow  # the real model encodes the 400-row sample once per test session


def label_some(project: Project, frame: pd.DataFrame, n: int, who: str = "ana") -> list[str]:
    """Label the first rows of each class (a rare class gets at most 2) as an expert would."""
    ids = {it.metadata.get("source_id", it.id): it.id for it in project.items()}
    chosen: list[str] = []
    for label, rows in frame.groupby("label"):
        for source in rows["id"].head(max(2, n // 10)):
            item_id = ids.get(source, source)
            project.annotate(item_id, who, [label])
            chosen.append(item_id)
    return chosen


def test_select_batch_records_strategy_params_model_and_reasons(
    legal_project, legal_frame, memo_embedder
) -> None:
    done = set(label_some(legal_project, legal_frame, 40))
    batch = legal_project.select_batch(12, strategy="margin", random_state=0, embedder=memo_embedder)
    assert batch.strategy == "margin"
    assert len(batch.items) == 12 and len(set(batch.item_ids)) == 12
    assert not set(batch.item_ids) & done, "labelled items are never chosen"
    assert batch.model_version.startswith("combined-")
    assert batch.params["random_state"] == 0 and batch.params["labelled"] == len(done)
    assert all(b.reason.startswith("margin 0.") for b in batch.items), "the reason shows the actual margin"
    assert all(("unsure between" in b.reason or "predicted" in b.reason) for b in batch.items)
    scores = [b.score for b in batch.items]
    assert scores == sorted(scores, reverse=True)
    stored = legal_project.store.batch(batch.id)
    assert stored.item_ids == batch.item_ids and stored.params == batch.params

    again = legal_project.select_batch(12, strategy="margin", random_state=0, embedder=memo_embedder)
    assert not set(again.item_ids) & set(batch.item_ids), (
        "items waiting in an earlier batch are not chosen twice"
    )


def test_default_strategy_cold_start_uses_kmeans_and_explicit_ones_explain(
    legal_project, memo_embedder
) -> None:
    batch = legal_project.select_batch(5, random_state=1, embedder=memo_embedder)
    assert batch.strategy == "kmeans" and "cold start" in batch.params["note"]
    assert batch.model_version == "none"
    with pytest.raises(CurateError, match="needs a model"):
        legal_project.select_batch(5, strategy="margin", embedder=memo_embedder)
    with pytest.raises(CurateError, match="unknown strategy"):
        legal_project.select_batch(5, strategy="cleverest", embedder=memo_embedder)


def test_assign_overlap_goes_to_two_annotators_and_sessions_serve_it_first(
    legal_project, legal_frame, memo_embedder
) -> None:
    label_some(legal_project, legal_frame, 30)
    batch = legal_project.select_batch(20, strategy="hybrid", random_state=0, embedder=memo_embedder)
    got = legal_project.assign(batch, annotators=["ana", "ben", "cy"], overlap=0.2, random_state=0)
    counts: dict[str, int] = {}
    for ids in got.values():
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
    assert set(counts) == set(batch.item_ids), "every item of the batch is assigned"
    assert sum(c == 2 for c in counts.values()) == 4, "20% of 20 items go to two annotators"
    loads = [len(v) for v in got.values()]
    assert max(loads) - min(loads) <= 1
    session = legal_project.session("ben", batch=batch.id)
    first = session.next()
    assert first is not None and first.id in got["ben"]
    with pytest.raises(CurateError, match="overlap"):
        legal_project.assign(batch, annotators=["ana"], overlap=1.5)


def test_resolved_labels_prefer_adjudication_then_majority(legal_project) -> None:
    a, b = [it.id for it in legal_project.items()[:2]]
    legal_project.annotate(a, "ana", ["arbitration"])
    legal_project.annotate(a, "ben", ["jurisdiction"])
    legal_project.annotate(a, "cy", ["jurisdiction"])
    legal_project.annotate(b, "ana", ["arbitration"])
    legal_project.adjudicate(b, "lead", ["choice_of_law"])
    labels, order = resolved_labels(legal_project.store)
    assert labels == {a: ("jurisdiction",), b: ("choice_of_law",)}
    assert order == [a, b]


def test_model_state_and_stopping_curve(legal_project, legal_frame, memo_embedder) -> None:
    label_some(legal_project, legal_frame, 60)
    state = legal_project.model_state(embedder=memo_embedder)
    assert state.encoded == 0 or memo_embedder.memo, "embeddings are cached in the project"
    assert state.proba is not None and state.proba.shape == (len(state.ids), len(state.class_names))
    again = legal_project.model_state(embedder=memo_embedder)
    assert again.encoded == 0, "a second call encodes nothing"
    np.testing.assert_allclose(again.proba, state.proba)
    curve = stopping_curve(state, checkpoints=4)
    assert len(curve["curve"]) >= 2
    assert all(-1.0 <= k <= 1.0 for _, k in curve["curve"])
    assert isinstance(curve["stop"], bool)


def test_widget_buttons_select_preview_and_assign(legal_project, legal_frame, memo_embedder) -> None:
    from curate.widgets.select import SelectBatch

    first = legal_project.items()[0]
    label_some(legal_project, legal_frame, 40)
    legal_project.import_data(
        pd.DataFrame({"text": ["<script>alert(1)</script> We may end your account at will."]}), annotator="x"
    )
    view = SelectBatch(legal_project, embedder=memo_embedder, random_state=0)
    view.size.value = 400
    view.select_button.click()
    assert view.batch is not None and view.batch.strategy == DEFAULT_STRATEGY
    assert "&lt;script&gt;" in view.preview.value and "<script>" not in view.preview.value, (
        "corpus text is escaped"
    )
    assert "margin 0." in view.preview.value and "predicted" in view.preview.value
    assert first.id in view.state.ids
    view.annotators.value = "ana, ben"
    view.assign_button.click()
    assert set(view.assigned) == {"ana", "ben"}
    assert "assigned" in view.status.value
    view.strategy.value = "margin"
    view.size.value = 5
    view.select_button.click()  # every item is labelled or pending: the error is shown, not raised
    assert "every item is labelled" in view.status.value
