"""Project.gaps / generate / review on a real SQLite project with the real embedding model."""

from __future__ import annotations

import pytest

from curate.errors import CurateError, LabelError
from curate.workflows.synth import labelled_items

pytestmark = pytest.mark.slow


def test_generate_stores_passing_candidates_as_pending_with_provenance(labelled_legal, embedder):
    project = labelled_legal
    before = labelled_items(project.store)
    cands = project.generate("privacy_included", 6, generator="template", random_state=0, embedder=embedder)
    pending = [c for c in cands if c.status == "pending"]
    assert pending, [c.checks for c in cands]
    assert all(c.passed for c in pending)
    assert all(c.status == "failed" and c.failed for c in cands if c.status != "pending")
    for c in pending:
        item = project.item(c.id)
        assert (item.origin, item.status) == ("synthetic", "pending")
        stored = project.store.provenance(c.id)
        assert stored is not None and stored.to_dict() == c.provenance.to_dict()
        assert set(stored.constraints) >= {
            "length",
            "no_real_personal_data",
            "novelty",
            "label_faithfulness",
            "synthetic_share",
        }
        assert stored.details["template_id"].startswith("legal.privacy_included")
        assert stored.details["labels"] == ["privacy_included"]
        assert project.labels(c.id) == {}  # a generator is not an annotator
    # The share cap holds: at most as many synthetic as real items for the label (8 real).
    assert len(pending) <= 8
    # Pending candidates do not count as labelled.
    assert labelled_items(project.store) == before


def test_same_random_state_same_candidates_and_rerun_is_idempotent(labelled_legal, embedder):
    n_items = len(labelled_legal)
    first = labelled_legal.generate("arbitration", 4, random_state=5, embedder=embedder, store=False)
    again = labelled_legal.generate("arbitration", 4, random_state=5, embedder=embedder, store=False)
    assert [(c.id, c.checks) for c in first] == [(c.id, c.checks) for c in again]
    stored = labelled_legal.generate("arbitration", 4, random_state=5, embedder=embedder)
    rerun = labelled_legal.generate("arbitration", 4, random_state=5, embedder=embedder)
    assert {c.id for c in rerun if c.status == "duplicate"} == {c.id for c in stored if c.status == "pending"}
    assert len(labelled_legal) == n_items + sum(c.status == "pending" for c in stored)


def test_review_accepts_and_rejects_with_reason_and_only_accepted_count(labelled_legal, embedder):
    project = labelled_legal
    cands = project.generate("jurisdiction", 4, generator="exemplar", random_state=1, embedder=embedder)
    ids = [c.id for c in cands if c.status == "pending"]
    assert len(ids) >= 2, [c.checks for c in cands]
    for c in cands:
        assert set(c.provenance.details["exemplar_ids"]) <= set(labelled_items(project.store))
    out = project.review(
        accept=[ids[0]], reject=[ids[1]], reason={ids[1]: "changes the meaning"}, reviewer="ana"
    )
    assert [o["status"] for o in out] == ["accepted", "rejected"]
    labelled = labelled_items(project.store)
    assert labelled[ids[0]] == "jurisdiction" and ids[1] not in labelled
    rejected = project.synthetic(status="rejected")
    assert [r["id"] for r in rejected] == [ids[1]]
    assert rejected[0]["reason"] == "ana: changes the meaning"
    assert rejected[0]["provenance"]["details"]["exemplar_ids"]
    # A rejected item is never served again.
    session = project.session("bob")
    served = []
    while (item := session.next()) is not None:
        served.append(item.id)
    assert ids[1] not in served
    with pytest.raises(CurateError, match="real data"):
        project.review(accept=[labelled_legal.items()[0].id])
    with pytest.raises(CurateError, match="both accepted and rejected"):
        project.review(accept=[ids[0]], reject=[ids[0]])


def test_assigned_pending_candidates_are_served_to_the_expert(labelled_legal, embedder):
    cands = labelled_legal.generate("arbitration", 3, random_state=2, embedder=embedder, assign_to=["expert"])
    pending = {c.id for c in cands if c.status == "pending"}
    item = labelled_legal.session("expert").next()
    assert item is not None and item.id in pending and item.origin == "synthetic"


def test_keep_failed_stores_failures_as_rejected_for_audit(labelled_legal, embedder):
    cands = labelled_legal.generate(
        "arbitration", 4, random_state=3, embedder=embedder, max_chars=10, keep_failed=True
    )
    assert cands and all(c.status == "rejected" for c in cands)
    rows = labelled_legal.synthetic(status="rejected")
    assert {r["id"] for r in rows} == {c.id for c in cands}
    assert all(r["reason"].startswith("failed constraints: length") for r in rows)


def test_gaps_report_labels_clusters_and_shares(labelled_legal, embedder):
    report = labelled_legal.gaps(target_per_label=10, n_clusters=6, embedder=embedder).to_dict()
    under = {g["label"]: g["labelled"] for g in report["labels_under_target"]}
    assert under == {lab: 8 for lab in labelled_legal.spec.label_names if lab != "fair_or_other"}
    assert report["counts"]["fair_or_other"] == 30
    assert isinstance(report["thin_clusters"], list) and isinstance(report["over_predicted"], list)


def test_bad_requests_raise_clear_errors(labelled_legal, embedder):
    with pytest.raises(LabelError, match="not in task"):
        labelled_legal.generate("no_such_label", 2, embedder=embedder)
    with pytest.raises(CurateError, match="unknown generator"):
        labelled_legal.generate("arbitration", 2, generator="gpt", embedder=embedder)
    with pytest.raises(CurateError, match="no template for label 'fair_or_other'"):
        labelled_legal.generate("fair_or_other", 2, generator="template", embedder=embedder)
