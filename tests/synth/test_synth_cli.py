"""`curate gaps`, `curate synth`, `curate review` from a shell's point of view."""

from __future__ import annotations

import json

import pytest

from curate.cli import main

pytestmark = pytest.mark.slow


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_synth_json_then_review_from_the_shell(labelled_legal, capsys):
    db = labelled_legal.store.url.removeprefix("sqlite:///")
    code, out, _ = run(
        capsys, "synth", db, "--label", "arbitration", "--n", "3", "--random-state", "4", "--json"
    )
    assert code == 0
    cands = json.loads(out)
    assert len(cands) == 3
    for c in cands:
        assert set(c) == {"id", "text", "label", "status", "provenance", "constraints"}
        assert c["label"] == "arbitration" and c["provenance"]["seed"] is not None
        assert c["provenance"]["details"]["batch_seed"] == 4
        assert c["constraints"]["novelty"]["value"] is not None
    pending = [c["id"] for c in cands if c["status"] == "pending"]
    assert pending
    code, out, _ = run(capsys, "review", db, "--reject", pending[0], "--reason", "reads oddly", "--json")
    assert code == 0 and json.loads(out) == [
        {"id": pending[0], "status": "rejected", "reason": "reads oddly"}
    ]
    assert labelled_legal.item(pending[0]).status == "rejected"


def test_gaps_json_and_errors_are_one_line(labelled_legal, capsys):
    db = labelled_legal.store.url.removeprefix("sqlite:///")
    code, out, _ = run(capsys, "gaps", db, "--target", "9", "--no-clusters", "--json")
    assert code == 0
    report = json.loads(out)
    assert {g["label"] for g in report["labels_under_target"]} == set(labelled_legal.spec.label_names) - {
        "fair_or_other"
    }
    code, _, err = run(capsys, "synth", db, "--label", "nope", "--n", "2")
    assert code == 2 and err.count("\n") == 1 and "label 'nope' is not in task" in err
    code, _, err = run(capsys, "review", db, "--accept", "no-such-id")
    assert code == 2 and "no-such-id" in err
