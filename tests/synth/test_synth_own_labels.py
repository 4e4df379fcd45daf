"""A project with the user's own label names (none bundled), no templates file: synth just works."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from curate import Project, TaskSpec
from curate.cli import main
from curate.errors import CurateError
from curate.workflows.synth import faithfulness

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[2] / "data"
#: The user's own clause types: none of these names is in a bundled template set.
OWN = {
    "arbitration": "Dispute Resolution",
    "limitation_of_liability": "Liability Caps",
    "unilateral_termination": "Termination Rights",
    "fair_or_other": "Other",
}


@pytest.fixture
def own_project(tmp_path: Path, legal_frame: pd.DataFrame, legal_vectors, embedder) -> Project:
    frame = legal_frame[legal_frame["label"].isin(OWN)].assign(label=lambda f: f["label"].map(OWN))
    spec = TaskSpec.from_dict({"name": "my-clauses", "labels": [{"name": n} for n in OWN.values()]})
    proj = Project.create(tmp_path / "own.db", task=spec)
    proj.import_data(frame, id_col="id", label_cols="label")
    proj.store.put_embeddings(embedder.model_id, legal_vectors)
    yield proj
    proj.close()


def test_default_generator_works_on_own_labels_without_templates(own_project, capsys):
    db = own_project.store.url.removeprefix("sqlite:///")
    code = main(["synth", db, "--label", "Liability Caps", "--n", "6", "--random-state", "0", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    cands = json.loads(out.out)
    assert cands and {c["label"] for c in cands} == {"Liability Caps"}
    assert all(c["provenance"]["generator"] == "exemplar" for c in cands)
    assert any(c["status"] == "pending" for c in cands), [c["constraints"] for c in cands]
    # The faithfulness flag is not on every candidate.
    flagged = [c for c in cands if not c["constraints"]["label_faithfulness"]["passed"]]
    assert len(flagged) < len(cands)
    # Templates stay an option, with a clear message when none fits the user's labels.
    with pytest.raises(CurateError, match="no bundled templates match"):
        own_project.generate("Liability Caps", 2, generator="template", store=False)


def test_faithfulness_flags_the_worst_candidates_not_all(legal_frame):
    rng = np.random.default_rng(0)
    order = rng.permutation(len(legal_frame))
    train, held = legal_frame.iloc[order[:70]], legal_frame.iloc[order[70:]]
    arb = (
        list(held[held["label"] == "arbitration"]["text"])
        or list(train[train["label"] == "arbitration"]["text"])[:2]
    )
    off = list(held[held["label"] == "fair_or_other"]["text"])[:4]
    labels = tuple(sorted(legal_frame["label"].unique()))
    con = faithfulness(list(train["text"]), list(train["label"]), labels, [*arb, *off])
    assert con is not None
    from curate.synth.provenance import Candidate, candidate_id, make_provenance

    def cand(t: str) -> Candidate:
        prov = make_provenance(generator="x", version="1", seed=0, details={}, text=t)
        return Candidate(id=candidate_id(t), text=t, label="arbitration", provenance=prov)

    results = con.check([cand(t) for t in [*arb, *off]])
    true_arb = [r.passed for r in results[: len(arb)]]
    wrong = [r.passed for r in results[len(arb) :]]
    assert sum(true_arb) >= sum(wrong)  # real arbitration clauses pass at least as often as fair ones
    assert not all(r.passed for r in results) or not off
    assert any(r.passed for r in results)


def test_own_templates_fill_slots_from_the_vocabulary_learned_from_the_project(own_project, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "templates:\n"
        "  - id: caps.1\n"
        "    label: Liability Caps\n"
        "    parts: [['{organisation} is not liable for any indirect or consequential damages.']]\n"
    )
    cands = own_project.generate("Liability Caps", 3, generator="template", templates=path, store=False)
    assert cands
    for c in cands:
        slot = c.provenance.details["slots"]["organisation"]
        assert slot["source"] == "learned:project"
        assert slot["value"] in c.text
