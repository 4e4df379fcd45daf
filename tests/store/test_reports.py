"""Whole-project reads: the export's rows and its snapshot hash come from one transaction."""

from __future__ import annotations

from curate import Project


def test_export_state_holds_the_rows_its_snapshot_hash_describes(legal_project: Project) -> None:
    first = legal_project.items()[0].id
    before = legal_project.store.export_state()
    legal_project.annotate(first, "ana", "arbitration")
    state = legal_project.store.export_state()
    assert state.snapshot != before.snapshot  # a new vote changes the hash
    assert state.snapshot == legal_project.store.snapshot_hash()
    assert len(state.labels.items) == 400
    assert [(r["item_id"], r["annotator"]) for r in state.labels.current_rows] == [(first, "ana")]
    assert state.spec == legal_project.spec and state.pii_scanned_at is None
    plan = legal_project.export_plan()
    assert plan.snapshot == state.snapshot
    assert [r.id for r in plan.rows] == [first]
