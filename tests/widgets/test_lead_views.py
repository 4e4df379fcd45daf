"""The lead's views headless: search widget actions, overview sections and their empty states, images not reprs."""

from __future__ import annotations

from pathlib import Path

import pytest

from curate import Project
from curate.widgets.display import figure, figure_png, table_html

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def labelled(legal_project: Project) -> Project:
    legal_project.import_data(
        DATA / "claudette_sample.csv",
        id_col="id",
        label_cols="label",
        annotator="gold",
        meta_cols=["doc", "split"],
    )
    return legal_project


def test_tables_keep_full_text_escaped_and_wrapped() -> None:
    long = "word " * 60 + "<b>bold</b> end"
    out = table_html([{"text": long, "n": 3}])
    assert "word " * 60 in out and "end" in out, "nothing is cut"
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert "text-align:left;white-space:normal" in out and "text-align:right" in out


def test_figures_render_to_png() -> None:
    fig = figure()
    fig.subplots().plot([0, 1], [1, 0])
    assert figure_png(fig).startswith(b"\x89PNG")


def test_search_widget_assigns_and_sends_to_review(labelled: Project) -> None:
    view = labelled.item_search()
    assert view.assign_button.disabled
    view.where.value = "label=arbitration\ndoc=Spotify"
    view.search_button.click()
    ids = [r["id"] for r in view.results]
    assert ids and "items match label=arbitration and doc=Spotify" in view.status.value
    assert all(i in view.table.value for i in ids)
    view.annotators.value = "ana"
    view.assign_button.click()
    assert {i for i, _ in labelled.store.assignments(annotator="ana")} == set(ids)
    view.review_button.click()
    assert view.reviewer is not None and view.review_area.children == (view.reviewer,)
    view.where.value = "colour=red"
    view.search_button.click()
    assert "unknown field" in view.status.value, "a bad condition is shown, not raised"


def test_overview_empty_project_says_why_each_section_is_empty(project: Project) -> None:
    view = project.overview()
    text = " ".join(getattr(c, "value", "") for box in view.body.children for c in _leaves(box))
    assert text.count("nothing to show yet") >= 4
    assert "never scanned" in text and "no synthetic candidates awaiting review" in text
    assert not any(type(c).__name__ == "Image" for box in view.body.children for c in _leaves(box))


def test_overview_with_two_annotators(labelled: Project) -> None:
    ids = [r["id"] for r in labelled.search("doc=Spotify")][:12]
    gold = {r["id"]: r["label"] for r in labelled.search("doc=Spotify")}
    for n, i in enumerate(ids):
        labelled.annotate(i, "ana", [gold[i] if n % 4 else "fair_or_other"], seconds=3.0 + n)
    data = labelled.overview_data()
    assert data["agreement"][0]["label"] == "all labels" and "ana / gold" in data["agreement"][0]
    ana = next(r for r in data["throughput"] if r["annotator"] == "ana")
    assert ana["decisions"] == 12 and ana["median s/item"] == pytest.approx(8.5)
    assert data["learning_curve"] and all(0 <= p["accuracy"] <= 1 for p in data["learning_curve"])
    assert sum(r["labelled"] for r in data["label_distribution"]) == len(labelled.resolved_labels())
    view = labelled.overview()
    images = [c for box in view.body.children for c in _leaves(box) if type(c).__name__ == "Image"]
    assert len(images) >= 3 and all(bytes(i.value).startswith(b"\x89PNG") for i in images)


def _leaves(box: object) -> list[object]:
    kids = getattr(box, "children", None)
    if not kids:
        return [box]
    return [leaf for k in kids for leaf in _leaves(k)]
