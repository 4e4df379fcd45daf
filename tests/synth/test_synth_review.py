"""Review with a reason per candidate (CLI, decisions file, widget keys)."""

from __future__ import annotations

import json

import pytest

from curate.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture
def pending(labelled_legal, embedder) -> list[str]:
    cands = labelled_legal.generate("arbitration", 8, random_state=1, embedder=embedder)
    ids = [c.id for c in cands if c.status == "pending"]
    assert len(ids) >= 4, [c.checks for c in cands]
    for c in cands:
        if c.status == "pending":  # the intended label is in the provenance
            assert labelled_legal.store.provenance(c.id).details["labels"] == ["arbitration"]
    return ids


def test_cli_reasons_are_per_item_never_one_for_all(labelled_legal, pending, capsys):
    db = labelled_legal.store.url.removeprefix("sqlite:///")
    a, b, c = pending[:3]
    code = main(["review", db, "--accept", f"{a},{b}", "--reject", c, "--reason", "shared reason"])
    assert code == 2 and "one reason for 3 items" in capsys.readouterr().err
    assert labelled_legal.item(a).status == "pending"  # nothing changed
    code = main(
        ["review", db, "--accept", f"{a},{b}", "--reject", c, "--reason", f"{a}=clear arbitration clause",
         "--reason", f"{c}=invents a statute", "--reviewer", "ana", "--json"]
    )  # fmt: skip
    assert code == 0
    out = {d["id"]: d["reason"] for d in json.loads(capsys.readouterr().out)}
    assert out == {a: "ana: clear arbitration clause", b: "ana: accepted", c: "ana: invents a statute"}


def test_decisions_file_reviews_each_item_with_its_reason(labelled_legal, pending, tmp_path, capsys):
    db = labelled_legal.store.url.removeprefix("sqlite:///")
    a, b = pending[:2]
    path = tmp_path / "decisions.csv"
    path.write_text(f"id,decision,reason\n{a},accept,reads like the real ones\n{b},reject,wrong label\n")
    assert main(["review", db, "--decisions", str(path), "--json"]) == 0
    out = {d["id"]: (d["status"], d["reason"]) for d in json.loads(capsys.readouterr().out)}
    assert out == {a: ("accepted", "reads like the real ones"), b: ("rejected", "wrong label")}
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,decision\n{pending[2]},maybe\n")
    assert main(["review", db, "--decisions", str(bad)]) == 2
    assert "row 2 needs an id and decision" in capsys.readouterr().err


def test_widget_accept_records_its_reason_moves_on_and_counts_as_done(labelled_legal, pending):
    widget = labelled_legal.annotator(annotator="ana")
    widget.handle({"type": "hello"})
    before = labelled_legal.session("ana").progress()["done"]
    replies = widget.handle(
        {"type": "synthetic", "seq": 1, "item_id": pending[0], "accept": True, "reason": "faithful"}
    )
    assert replies[0]["ok"] and replies[0]["status"] == "accepted"
    assert labelled_legal.session("ana").progress()["done"] == before + 1
    rows = {r["id"]: r for r in labelled_legal.synthetic()}
    assert rows[pending[0]]["reason"] == "ana: faithful"
    # The accept is ana's vote for the intended label (from the provenance): the resolver gives it.
    resolved = labelled_legal.resolved_labels()[pending[0]]
    assert (resolved.labels, resolved.n_annotators) == (("arbitration",), 1)
    widget.handle(
        {"type": "synthetic", "seq": 2, "item_id": pending[1], "accept": False, "reason": "garbled"}
    )
    assert rows[pending[0]]["status"] == "accepted"
    assert {r["id"]: r for r in labelled_legal.synthetic()}[pending[1]]["reason"] == "ana: garbled"


def test_widget_label_on_a_pending_candidate_is_a_decision_with_the_experts_label(labelled_legal, pending):
    widget = labelled_legal.annotator(annotator="ana")
    widget.handle({"type": "hello"})
    widget.handle({"type": "decide", "seq": 1, "item_id": pending[0], "labels": ["jurisdiction"]})
    assert labelled_legal.item(pending[0]).status == "accepted"  # not left pending
    assert labelled_legal.resolved_labels()[pending[0]].labels == ("jurisdiction",)  # not the intended one
    widget.handle(
        {"type": "decide", "seq": 2, "item_id": pending[1], "labels": ["arbitration"], "unsure": True}
    )
    assert labelled_legal.item(pending[1]).status == "pending"  # an unsure vote decides nothing
