"""Training labels for active learning resolve exactly as the export does."""

from __future__ import annotations

from curate import Project
from curate.labels import resolve_all
from curate.schema import Provenance, content_hash
from curate.workflows.select import resolved_labels
from curate.workflows.synth import labelled_items


def test_training_labels_match_the_export_resolution(legal_project: Project) -> None:
    a, b, c, d = (it.id for it in legal_project.items()[:4])
    legal_project.annotate(a, "ana", "arbitration")
    legal_project.annotate(a, "ben", "jurisdiction")  # a tie: left out until resolved
    legal_project.annotate(b, "ana", "arbitration")
    legal_project.annotate(b, "ben", "jurisdiction")
    legal_project.adjudicate(b, "lead", "jurisdiction")  # adjudication wins
    legal_project.annotate(c, "ana", "choice_of_law")
    legal_project.annotate(c, "ben", "choice_of_law")
    legal_project.annotate(c, "cy", "arbitration")  # majority
    legal_project.annotate(d, "ana", "arbitration")
    legal_project.store.insert(
        [
            {
                "id": "syn",
                "text": "x y z",
                "content_hash": content_hash("x y z"),
                "origin": "synthetic",
                "status": "pending",
            }
        ],
        [],
        provenance={
            "syn": Provenance(
                generator="template", generator_version="1", seed=0, details={"labels": ["privacy_included"]}
            )
        },
    )
    labels, order = resolved_labels(legal_project.store)
    assert labels == {b: ("jurisdiction",), c: ("choice_of_law",), d: ("arbitration",)}
    assert order == [b, c, d]
    spec = legal_project.spec
    exported = resolve_all(
        legal_project.store.current_rows(), label_order=spec.label_names, multi_label=False
    )
    assert {i: x.labels for i, x in exported.items() if x.labels and i != "syn"} == labels
    # The gap analysis counts the same labels (single-label: the one label of each item).
    assert labelled_items(legal_project.store) == {i: labs[0] for i, labs in labels.items()}
    legal_project.store.set_status("syn", "accepted")
    assert labelled_items(legal_project.store)["syn"] == "privacy_included"
