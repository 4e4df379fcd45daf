"""The export leaves ties out and counts them (resolution itself: tests/test_labels.py)."""

from __future__ import annotations

from curate import Project


def test_project_export_leaves_ties_out_and_counts_them(curated: Project) -> None:
    items = curated.items()
    plan = curated.export_plan()
    by_id = {r.id: r for r in plan.rows}
    assert plan.ties == (items[40].id,)
    assert items[40].id not in by_id
    assert by_id[items[41].id].resolution == "adjudicated"
    assert {by_id[it.id].resolution for it in items[30:35]} == {"majority"}
    assert by_id[items[0].id].n_annotators == 3  # imported labels count as an annotator
    assert by_id[items[100].id].resolution == "unanimous" and by_id[items[100].id].agreement == 1.0
    assert plan.summary()["ties_left_out"] == 1
