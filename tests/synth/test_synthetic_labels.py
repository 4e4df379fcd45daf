"""Issue 9: a synthetic item has one label everywhere, and a generator is not an annotator."""

from __future__ import annotations

import pytest

from curate.workflows.select import resolved_labels
from curate.workflows.synth import labelled_items

pytestmark = pytest.mark.slow


def test_accepted_synthetic_item_an_expert_relabelled_has_the_experts_label_everywhere(
    labelled_legal, embedder
):
    project = labelled_legal
    cands = project.generate("privacy_included", 4, random_state=0, embedder=embedder)
    ids = [c.id for c in cands if c.status == "pending"]
    assert len(ids) >= 2, [c.checks for c in cands]
    relabelled, kept = ids[0], ids[1]
    project.review(accept=[relabelled, kept], reviewer="lead")
    project.annotate(relabelled, "lead", "arbitration")  # the generator meant privacy_included

    now = project.resolved_labels()
    assert now[relabelled].labels == ("arbitration",)
    assert (now[kept].labels, now[kept].method) == (("privacy_included",), "generated")
    # gap analysis
    gaps = labelled_items(project.store)
    assert gaps[relabelled] == "arbitration" and gaps[kept] == "privacy_included"
    # training
    train, _ = resolved_labels(project.store)
    assert train[relabelled] == ("arbitration",) and train[kept] == ("privacy_included",)
    # export: the expert's label, one person; the generated row counts no annotator
    rows = {r.id: r for r in project.export_plan().rows}
    assert rows[relabelled].labels == ("arbitration",)
    assert (rows[relabelled].resolution, rows[relabelled].n_annotators) == ("unanimous", 1)
    assert rows[kept].labels == ("privacy_included",)
    assert (rows[kept].resolution, rows[kept].n_annotators, rows[kept].agreement) == ("generated", 0, None)


def test_generators_are_not_counted_as_annotators(labelled_legal, embedder):
    project = labelled_legal
    cands = project.generate("arbitration", 4, random_state=1, embedder=embedder)
    ids = [c.id for c in cands if c.status == "pending"]
    assert ids, [c.checks for c in cands]
    project.review(accept=ids)
    stats = project.stats()
    assert not [a for a in stats["by_annotator"] if a.startswith("synth:")]
    assert stats["by_label"]["arbitration"] == 8 + len(ids)  # 8 real + the accepted ones
    assert not [a for a in project.agreement().annotators if a.startswith("synth:")]
    card = str(project.dataset_card())
    people = set(project.agreement().annotators)
    assert f"Labels come from {len(people)} annotators" in card
