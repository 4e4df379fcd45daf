"""The reviewer widget and the review workflow: contested items, votes side by side, final labels."""

from __future__ import annotations

from curate import Project
from curate.workflows.adjudication import review_cases


def _contested(project: Project) -> list[str]:
    ids = [it.id for it in project.items()[:5]]
    project.annotate(ids[0], "ana", "arbitration", note="clause 12")
    project.annotate(ids[0], "ben", "jurisdiction", note="courts of Dublin")
    project.annotate(ids[1], "ana", "fair_or_other", unsure=True)
    project.annotate(ids[1], "ben", "fair_or_other")
    project.annotate(ids[2], "ana", "privacy_included")
    project.annotate(ids[2], "ben", "privacy_included")
    project.annotate(ids[3], "ana", "choice_of_law")
    return ids


def test_cases_are_disagreements_unsure_and_flagged(legal_project: Project) -> None:
    ids = _contested(legal_project)
    cases = review_cases(legal_project.store, flagged={ids[3]: "label issue (p=0.04)"})
    assert [(c.item_id, c.reasons) for c in cases] == [
        (ids[0], ("disagreement",)),
        (ids[1], ("unsure",)),
        (ids[3], ("label issue (p=0.04)",)),
    ]
    votes = {v.annotator: (v.labels, v.unsure, v.note) for v in cases[0].votes}
    assert votes == {
        "ana": (("arbitration",), False, "clause 12"),
        "ben": (("jurisdiction",), False, "courts of Dublin"),
    }
    # Counting only ana's votes, nothing is contested except her unsure decision.
    assert [c.item_id for c in review_cases(legal_project.store, annotators=["ana"])] == [ids[1]]


def test_reviewer_sets_final_labels_and_can_undo(legal_project: Project) -> None:
    ids = _contested(legal_project)
    widget = legal_project.reviewer(reviewer="lead")
    assert widget.config["mode"] == "review"
    (reset,) = widget.handle({"type": "hello"})
    assert [it["id"] for it in reset["items"]] == [ids[0], ids[1]] and reset["exhausted"]
    first = reset["items"][0]
    assert first["reasons"] == ["disagreement"]
    assert [(v["annotator"], v["labels"], v["note"]) for v in first["votes"]] == [
        ("ana", ["arbitration"], "clause 12"),
        ("ben", ["jurisdiction"], "courts of Dublin"),
    ]
    (ack,) = widget.handle(
        {"type": "decide", "seq": 1, "item_id": ids[0], "labels": ["jurisdiction"], "note": "forum clause"}
    )
    assert ack["ok"] and ack["kind"] == "adjudicate"
    widget.handle({"type": "skip", "seq": 2, "item_id": ids[1]})  # records nothing
    assert [(e.kind, e.item_id, e.labels, e.note) for e in legal_project.history("lead")] == [
        ("adjudicate", ids[0], ("jurisdiction",), "forum clause")
    ]
    assert widget.refresh_progress()["done"] == 1 and widget.progress["remaining"] == 1
    (undo,) = widget.handle({"type": "undo", "seq": 3})
    assert undo["ok"] and undo["item_id"] == ids[0] and undo["decision"] is None
    assert [c.item_id for c in review_cases(legal_project.store)] == [ids[0], ids[1]]
    widget.handle({"type": "decide", "seq": 4, "item_id": ids[0], "labels": ["arbitration"]})
    assert [c.item_id for c in review_cases(legal_project.store)] == [ids[1]]
    assert len(review_cases(legal_project.store, include_resolved=True)) == 2


def test_nothing_to_review(legal_project: Project) -> None:
    widget = legal_project.reviewer(reviewer="lead")
    (reset,) = widget.handle({"type": "hello"})
    assert reset["items"] == []
    (ack,) = widget.handle({"type": "decide", "seq": 1, "item_id": "x", "labels": ["arbitration"]})
    assert not ack["ok"] and "not among the cases" in ack["error"]


def test_progress_counts_final_labels_only(legal_project: Project) -> None:
    """A reviewer who also labelled a case as an annotator starts at 0 done, not 1."""
    ids = [it.id for it in legal_project.items()[:6]]
    for i in ids:
        legal_project.annotate(i, "ana", "arbitration")
        legal_project.annotate(i, "ben", "jurisdiction")
    legal_project.annotate(ids[2], "lead", "arbitration")  # the lead labelled one case earlier
    widget = legal_project.reviewer(reviewer="lead")
    assert (widget.progress["done"], widget.progress["assigned"]) == (0, 6)
    widget.handle({"type": "hello"})
    widget.handle({"type": "decide", "seq": 1, "item_id": ids[0], "labels": ["arbitration"]})
    assert widget.refresh_progress()["done"] == 1 and widget.progress["remaining"] == 5
